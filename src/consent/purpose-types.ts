// Types of the purpose-consent ledger: per subject, which purposes (and which separate consents)
// were given, when, under which notice version, and when withdrawn (PIPL Art. 14, 15, 23, 29, 39).

/**
 * A consent PIPL asks to be given separately (单独同意): for sensitive data (Art. 29), providing
 * data to another processor (Art. 23), cross-border provision (Art. 39), and marketing.
 */
export type SeparateConsent = 'sensitive' | 'third-party' | 'cross-border' | 'marketing';

/** Every separate-consent kind, frozen. */
export const SEPARATE_CONSENTS: readonly SeparateConsent[] = Object.freeze([
  'sensitive',
  'third-party',
  'cross-border',
  'marketing',
] as const);

/** One line of the ledger: a consent given or withdrawn. Ids and names only, never values. */
export interface PurposeConsentEntry {
  /** The opaque subject id. */
  readonly subjectId: string;
  /** The purpose (as named in the policy's `purposes`). */
  readonly purpose: string;
  /** Given or withdrawn. */
  readonly action: 'give' | 'withdraw';
  /** When, in milliseconds since the epoch. */
  readonly at: number;
  /** The version of the privacy notice shown when the consent was given (`give` only). */
  readonly noticeVersion?: string;
  /** Separate consents given together with this purpose (`give` only). */
  readonly separate?: readonly SeparateConsent[];
  /** The channel it came through (`app`, `privacy-center`, `counter`), an id, never a value. */
  readonly channel?: string;
}

/**
 * Where ledger entries are kept, append-only, in order per subject. An extension point: the
 * memory and file stores of this module, or SQLite / PostgreSQL stores from `courier-pii/stores`.
 */
export interface PurposeConsentStore {
  /** Appends one entry; durable once the promise resolves. */
  append(entry: PurposeConsentEntry): Promise<void>;
  /** Every entry of the subject, in the order appended. */
  history(subjectId: string): Promise<PurposeConsentEntry[]>;
  /** Releases files or connections the store opened. */
  close(): Promise<void>;
}

/** The current state of one purpose for one subject, folded from its entries. */
export interface PurposeConsentState {
  /** The purpose. */
  readonly purpose: string;
  /** Whether the consent is live (given and not withdrawn since). */
  readonly live: boolean;
  /** When it was last given. */
  readonly givenAt: Date;
  /** The notice version it was last given under. */
  readonly noticeVersion: string;
  /** Separate consents given with it. */
  readonly separate: readonly SeparateConsent[];
  /** When it was withdrawn (absent while live). */
  readonly withdrawnAt?: Date;
}

/**
 * Emitted when a live consent is withdrawn: lifecycle's `withdrawalErasureWork` turns it into
 * erasure work (PIPL Art. 47).
 */
export interface PurposeWithdrawal {
  /** The subject. */
  readonly subjectId: string;
  /** The purpose withdrawn. */
  readonly purpose: string;
  /** When. */
  readonly at: Date;
  /** Purposes still live for this subject after the withdrawal. */
  readonly stillLive: readonly string[];
}

// Rights requests and complaints (PIPL Art. 44-50): kinds, states, the request record and the
// store it lives in. Records hold ids, kinds, times and reason codes; never a personal value.

/** What the customer asks for (PIPL Art. 44-48; a complaint is §六 of the service rules). */
export type RightsRequestKind =
  | 'access'
  | 'copy'
  | 'portability'
  | 'correction'
  | 'deletion'
  | 'consent-withdrawal'
  | 'explanation'
  | 'complaint';

/** Every request kind, frozen (any other kind is refused). */
export const RIGHTS_REQUEST_KINDS: readonly RightsRequestKind[] = Object.freeze([
  'access',
  'copy',
  'portability',
  'correction',
  'deletion',
  'consent-withdrawal',
  'explanation',
  'complaint',
] as const);

/** Where a request stands: received → identity-verified → in-progress → answered, or refused. */
export type RightsRequestState = 'received' | 'identity-verified' | 'in-progress' | 'answered' | 'refused';

/** Why a request was refused (PIPL Art. 50: a refusal gives its reason). */
export type RefusalCode =
  | 'identity-not-verified'
  | 'legal-obligation'
  | 'legal-hold'
  | 'not-held'
  | 'manifestly-unfounded'
  | 'excessive'
  | 'other-rights-affected';

/** Every refusal code, frozen. */
export const REFUSAL_CODES: readonly RefusalCode[] = Object.freeze([
  'identity-not-verified',
  'legal-obligation',
  'legal-hold',
  'not-held',
  'manifestly-unfounded',
  'excessive',
  'other-rights-affected',
] as const);

/** One state change, as kept on the request (and audited as `rights.transition`). */
export interface RightsTransition {
  /** The state before (null when the request was filed). */
  readonly from: RightsRequestState | null;
  /** The state after. */
  readonly to: RightsRequestState;
  /** When. */
  readonly at: number;
  /** Staff or service id that made the change (the subject id when the customer filed it). */
  readonly actor: string;
  /** The refusal code (refusals only). */
  readonly reasonCode?: RefusalCode;
}

/** A rights request or complaint. */
export interface RightsRequest {
  /** Request id (`rr-` + 32 hex). */
  readonly id: string;
  /** What is asked. */
  readonly kind: RightsRequestKind;
  /** Whose request (the opaque subject id). */
  readonly subjectId: string;
  /** Where it stands. */
  readonly state: RightsRequestState;
  /** When it was received (ms since the epoch). */
  readonly receivedAt: number;
  /** When the answer is due (ms since the epoch). */
  readonly dueAt: number;
  /** The purpose to withdraw (`consent-withdrawal`) or the field path to correct (`correction`). */
  readonly target?: string;
  /** The refusal (state `refused`): a code, and a plain-language explanation for the customer. */
  readonly refusal?: { readonly code: RefusalCode; readonly explanation: string };
  /** A short reference to the answer (an export id, a certificate id, a reply id). */
  readonly answerRef?: string;
  /** Every state change, oldest first. */
  readonly history: readonly RightsTransition[];
  /** Increases by one per change (compare-and-set in stores). */
  readonly revision: number;
}

/** Where requests are kept. The memory store of this module, or your own database table. */
export interface RightsRequestStore {
  /**
   * Writes the request when the stored revision is `request.revision - 1` (absent for revision 1).
   * @returns false when another writer changed it first
   */
  put(request: RightsRequest): Promise<boolean>;
  /** The request, or undefined. */
  get(id: string): Promise<RightsRequest | undefined>;
  /**
   * Every request, oldest first (by receipt time, then id); optionally only one subject's, and
   * optionally only those still open (not answered or refused) whose due date is before
   * `openDueBefore` (the overdue listing; a store may return more, the desk filters again).
   */
  list(filter?: RightsStoreFilter): Promise<RightsRequest[]>;
  /** Releases what the store holds open (a file, a connection); optional. */
  close?(): Promise<void>;
}

/** What {@link RightsRequestStore.list} narrows by. */
export interface RightsStoreFilter {
  /** Only this subject's requests. */
  subjectId?: string;
  /** Only open requests due before this time (ms since the epoch). */
  openDueBefore?: number;
}

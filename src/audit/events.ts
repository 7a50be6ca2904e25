// The typed vocabulary of audit events. Other modules append these; the data map is an
// interface so it can be widened by declaration merging, and `custom` carries anything else
// under a namespaced name.

/** A JSON value as stored in an audit entry (finite numbers only, no `undefined`). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A value declared to be a blind index or pseudonym rather than personal data. The PII guard
 * does not scan the wrapped string (it only refuses a wrapper whose whole value is itself a
 * phone number, ID number, email or bank card). The wrapper is stored as is, so readers of the
 * log can see which values were declared pseudonymous.
 */
export interface Blind {
  /** The blind index or pseudonym, e.g. the output of a keyed HMAC. */
  blind: string;
}

/** A string, or a string declared pseudonymous with {@link Blind}. */
export type AuditRef = string | Blind;

/** Kind-specific details: JSON whose strings may be wrapped in {@link Blind}. */
export type AuditData = { [key: string]: AuditDataValue | undefined };
/** A value inside {@link AuditData}. */
export type AuditDataValue = string | number | boolean | null | Blind | AuditDataValue[] | AuditData;

/** Field effects as the policy module decides them. */
export type AuditEffect = 'allow' | 'mask' | 'deny';

/**
 * Data carried by each event kind. Every interface is open (extra JSON keys are allowed). A
 * new built-in kind is added here and to {@link AUDIT_KINDS}; applications use `custom`.
 */
export interface AuditEventDataMap {
  /** A policy decision (`policy.decide`). `paths` lists the fields decided. */
  'access.decision': AuditData & {
    record: boolean;
    /** The actor's roles at decision time (lets a monitor replay the log by role). */
    roles?: string[];
    fields?: Record<string, AuditEffect>;
    rules?: string[];
    policyId?: string;
    policyVersion?: string | number;
    policyHash?: string;
    consentTokenId?: string;
  };
  /** Fields were shown to a person (after masking where `effect` is `mask`). */
  'field.view': AuditData & { effect?: 'allow' | 'mask' };
  'consent.granted': AuditData & {
    tokenId: string;
    grantee: AuditRef;
    expiresAt: string;
    scope?: Record<string, 'allow' | 'mask'>;
    maxUses?: number;
  };
  'consent.attenuated': AuditData & { tokenId: string; parentId: string; expiresAt?: string };
  'consent.revoked': AuditData & { tokenId: string; reason?: string };
  'consent.redeemed': AuditData & { tokenId: string; use?: number; maxUses?: number };
  /** A key was created; put its id in `keyIds` as well so key queries find it. */
  'key.created': AuditData & { keyId: string; keyType: string; algorithm?: string };
  'key.rotated': AuditData & { fromKeyId: string; toKeyId: string; rewrapped?: number };
  /**
   * A key was destroyed. The library writes one per key it destroys (the erasure ledger:
   * `ledger: 1`, `scope`, blind `indexes` to delete); restores replay every one.
   */
  'key.destroyed': AuditData & {
    keyId: string;
    reason?: string;
    ledger?: 1;
    scope?: 'subject' | 'copy';
    keptUnder?: string;
    indexes?: Blind[];
  };
  'subject.erased': AuditData & { method: 'crypto-shred' | 'delete' | 'anonymize' | (string & {}) };
  'subject.exported': AuditData & { format: string; fieldCount?: number };
  'transfer.recorded': AuditData & {
    destination: string;
    basis: string;
    allowed: boolean;
    route?: string;
    subjectCount?: number;
  };
  'handover.started': AuditData & { handoverId: string; buyer: string };
  'handover.progress': AuditData & { handoverId: string; done: number; total?: number };
  'handover.completed': AuditData & { handoverId: string; manifestHash?: string; subjectCount?: number };
  'handover.failed': AuditData & { handoverId: string; reason: string };
  'breach.reported': AuditData & {
    incidentId: string;
    severity?: string;
    affectedSubjects?: number;
    regulator?: string;
  };
  'retention.destroyed': AuditData & { rule: string; count?: number; certificateId?: string };
  /**
   * A notice reached a sender for one person (`subjects`: that person's id): a handover, breach or
   * cross-border notice. Ids only: `noticeId`, `noticeKind`, `caseId` (handover, incident or
   * transfer id); never the text or the address it went to.
   */
  'notice.sent': AuditData & { noticeId: string; noticeKind: string; caseId: string };
  /** A notice could not be delivered; `reason` is an error code, never the error's message. */
  'notice.failed': AuditData & { noticeId: string; noticeKind: string; caseId: string; reason: string };
  /** A purpose consent was given (purpose-consent ledger); subject ids only, in `subjects`. */
  'purpose.given': AuditData & {
    consentPurpose: string;
    noticeVersion: string;
    separate?: string[];
    channel?: string;
  };
  /** A purpose consent was withdrawn (purpose-consent ledger). */
  'purpose.withdrawn': AuditData & { consentPurpose: string; channel?: string };
  /** A rights request or complaint changed state (ids, kinds and reason codes only). */
  'rights.transition': AuditData & {
    requestId: string;
    requestKind: string;
    from: string | null;
    to: string;
    dueAt: string;
    reasonCode?: string;
  };
  /** An anomaly alert from the monitor; never carries values. */
  alert: AuditData & { rule: string; severity: 'low' | 'medium' | 'high' | 'critical'; count?: number };
}

/** Every built-in event kind. */
export type AuditKind = keyof AuditEventDataMap;

/** Built-in kinds as a frozen array (runtime check of `event.kind`). */
export const AUDIT_KINDS: readonly AuditKind[] = Object.freeze([
  'access.decision',
  'field.view',
  'consent.granted',
  'consent.attenuated',
  'consent.revoked',
  'consent.redeemed',
  'key.created',
  'key.rotated',
  'key.destroyed',
  'subject.erased',
  'subject.exported',
  'transfer.recorded',
  'handover.started',
  'handover.progress',
  'handover.completed',
  'handover.failed',
  'breach.reported',
  'retention.destroyed',
  'notice.sent',
  'notice.failed',
  'purpose.given',
  'purpose.withdrawn',
  'rights.transition',
  'alert',
] as const);

/** Fields every event carries; each string is scanned by the PII guard. */
export interface AuditEventCommon {
  /** Who acted: a staff, service or partner id (never a name or phone). */
  actor: string;
  /** Why: the declared purpose of processing. */
  purpose: string;
  /** Whose data: opaque subject ids, or blind indexes / pseudonyms wrapped in {@link Blind}. */
  subjects?: readonly AuditRef[];
  /** Which records: record ids, waybill ids. */
  records?: readonly AuditRef[];
  /** Which fields: schema paths such as `recipient.phone`. */
  paths?: readonly string[];
  /** Which keys: KEK / DEK / signing key ids. */
  keyIds?: readonly string[];
}

/** `data` is required when the kind has required details, optional otherwise. */
export type AuditEventDataField<D> = Record<never, never> extends D ? { data?: D } : { data: D };

/** An event of a built-in kind `K`. */
export type AuditEventOf<K extends AuditKind> = AuditEventCommon & { kind: K } & AuditEventDataField<
    AuditEventDataMap[K]
  >;

/**
 * An event of a kind this module does not define. `name` is namespaced with dots
 * (`acme.parcel.relabelled`): lower-case letters, digits, `-` and `_`, at least two parts.
 */
export interface CustomAuditEvent extends AuditEventCommon {
  kind: 'custom';
  name: string;
  data?: AuditData;
}

/** Anything that can be appended: a built-in kind or a namespaced custom event. */
export type AuditEvent = { [K in AuditKind]: AuditEventOf<K> }[AuditKind] | CustomAuditEvent;

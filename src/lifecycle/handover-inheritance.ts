// What the buyer inherits besides the keys (PIPL Art. 22: the recipient continues the seller's
// duties): consent issuer keys, revocation and use-counter state, retention rules and holds in
// force, open rights requests, the audit head with its latest checkpoint, the blind-index key. Each
// is bound into the signed manifest as a digest and a count (the index key wrapped to the buyer,
// never in the clear), and each one not given is written as `{ supplied: false }`: nothing is
// left out silently. docs/lifecycle.md, "What the buyer inherits".
import { toHex } from '../_internal/bytes.js';
import { publicKeyAlg } from '../_internal/signature.js';
import { checkOptions } from '../_internal/options.js';
import type { AuditCheckpoint, AuditLog } from '../audit/index.js';
import { PiiError } from '../errors.js';
import { HANDOVER_INHERITANCE_OPTIONS } from './option-names.js';
import type { RetentionRule } from './retention-rules.js';
import { digest } from './signing.js';
import type { LegalHold } from './sweep.js';

/** State kept elsewhere (a database table, an exported file), named by reference and digest. */
export interface InheritedSnapshot {
  /** Where the buyer finds it (a file name, an object-store key); no personal data. */
  ref?: string;
  /** Lower-case hex SHA-256 of the snapshot as handed over. */
  digest: string;
  /** Entries in it. */
  count: number;
}

/** The rights requests store of courier-pii/rights, or any store listing requests with a state. */
export interface OpenRequestSource {
  /** Every request. */
  list(): Promise<ReadonlyArray<{ readonly id: string; readonly state: string }>>;
}

/**
 * The ids of the requests in `source` still open (neither answered nor refused): what `handover`
 * binds as `inherit.openRequests` and what `planHandover` counts. @internal
 */
export async function openRequestIds(source: OpenRequestSource): Promise<string[]> {
  return (await source.list())
    .filter((q) => q.state !== 'answered' && q.state !== 'refused')
    .map((q) => q.id);
}

/** What the buyer inherits, given to `handover` as `inherit`; each member optional. */
export interface HandoverInheritance {
  /** Public keys (Ed25519 or SM2) that verify the consent tokens already issued (the buyer must keep verifying them). */
  consentIssuerKeys?: ReadonlyArray<{ keyId: string; publicKey: Uint8Array }>;
  /** Revoked token ids (listed here, or as a snapshot of the deny list). */
  revocations?: readonly string[] | InheritedSnapshot;
  /** Use counts per token key (given here, or as a snapshot of the counter store). */
  useCounters?: Readonly<Record<string, number>> | InheritedSnapshot;
  /** Retention rules in force. */
  retentionRules?: readonly RetentionRule[];
  /** Legal holds in force. */
  legalHolds?: readonly LegalHold[];
  /** Rights requests still open: a rights desk store (requests not answered or refused), or their ids. */
  openRequests?: OpenRequestSource | readonly string[];
  /** The seller's audit log (its checkpoint is taken), or a checkpoint taken already. */
  audit?: AuditLog | AuditCheckpoint;
  /** The blind-index key: wrapped to the buyer like the DEKs, recorded by key id, never in the clear. */
  indexKey?: { keyId: string; key: Uint8Array };
}

/** An item the seller did not supply. */
export interface NotSupplied {
  supplied: false;
}

/** A supplied item stated as a digest and a count. */
export interface InheritedDigest {
  supplied: true;
  count: number;
  /** SHA-256 (hex) of the canonical JSON of the entries, sorted. */
  digest: string;
  /** Where the snapshot is, when given as one. */
  ref?: string;
}

/**
 * How the blind-index key reaches the buyer: wrapped by the buyer's KEK, or sealed to its public
 * key (`hpke`: X25519, `cpii-hpke1.`; `sm2`: SM2, `cpii-sm2e1.`).
 */
export type InheritedIndexKey =
  | { supplied: true; keyId: string; to: 'kek'; kekId: string; wrapped: string }
  | { supplied: true; keyId: string; to: 'hpke' | 'sm2'; sealed: string };

/** The manifest's `inherits` section (manifest v2): every item, supplied or not. */
export interface InheritedItems {
  consentIssuerKeys: NotSupplied | { supplied: true; keys: Array<{ keyId: string; publicKey: string }> };
  revocations: NotSupplied | InheritedDigest;
  useCounters: NotSupplied | InheritedDigest;
  retentionRules: NotSupplied | InheritedDigest;
  legalHolds: NotSupplied | InheritedDigest;
  openRequests: NotSupplied | InheritedDigest;
  auditHead: NotSupplied | { supplied: true; size: number; head: string; time: string; sig?: string };
  indexKey: NotSupplied | InheritedIndexKey;
}

/** The names of the inherited items, in manifest order. */
export const INHERITED_ITEMS = [
  'consentIssuerKeys',
  'revocations',
  'useCounters',
  'retentionRules',
  'legalHolds',
  'openRequests',
  'auditHead',
  'indexKey',
] as const satisfies readonly (keyof InheritedItems)[];

const NO: NotSupplied = { supplied: false };
const HEX64 = /^[0-9a-f]{64}$/;

function bad(what: string): PiiError {
  return new PiiError('HANDOVER_INVALID', `inherit.${what}`);
}

function isSnapshot(v: unknown): v is InheritedSnapshot {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'digest' in v && 'count' in v;
}

function snapshot(name: string, s: InheritedSnapshot): InheritedDigest {
  checkOptions(`handover inherit.${name}`, s, SNAPSHOT_NAMES);
  if (typeof s.digest !== 'string' || !HEX64.test(s.digest))
    throw bad(`${name}.digest must be a lower-case hex SHA-256 (64 characters).`);
  if (!Number.isSafeInteger(s.count) || s.count < 0)
    throw bad(`${name}.count must be a non-negative integer.`);
  if (s.ref !== undefined && (typeof s.ref !== 'string' || s.ref.length === 0))
    throw bad(`${name}.ref must be a non-empty string when given.`);
  return { supplied: true, count: s.count, digest: s.digest, ...(s.ref ? { ref: s.ref } : {}) };
}
const SNAPSHOT_NAMES: ReadonlySet<string> = new Set(['ref', 'digest', 'count']);

function ids(name: string, list: readonly string[]): InheritedDigest {
  const sorted = [...new Set(list)].sort();
  for (const id of sorted)
    if (typeof id !== 'string' || id.length === 0) throw bad(`${name} must list non-empty ids.`);
  return { supplied: true, count: sorted.length, digest: digest(sorted) };
}

function entries(value: unknown): InheritedDigest {
  const list = value as unknown[];
  return { supplied: true, count: list.length, digest: digest(list) };
}

function holdJson(h: LegalHold): unknown {
  const until = h.until === undefined ? undefined : new Date(h.until).toISOString();
  return {
    id: h.id,
    reason: h.reason,
    subjects: h.subjects ? [...h.subjects].sort() : undefined,
    records: h.records ? [...h.records].sort() : undefined,
    until,
  };
}

function isAuditLog(v: AuditLog | AuditCheckpoint): v is AuditLog {
  return typeof (v as AuditLog).checkpoint === 'function';
}

/** The wrapping of the index key, by the handover's target (keyring or HPKE). @internal */
export type IndexKeyWrapper = (keyId: string, key: Uint8Array) => Promise<InheritedIndexKey>;

/**
 * Checks `inherit` and states each item for the manifest. Without `wrapIndexKey` it only checks
 * (before the handover starts): no store is listed, no checkpoint taken, no key wrapped. @internal
 */
export async function inheritedItems(
  x: HandoverInheritance | undefined,
  wrapIndexKey: IndexKeyWrapper | undefined,
): Promise<InheritedItems> {
  checkOptions('handover inherit', x, HANDOVER_INHERITANCE_OPTIONS);
  const i = x ?? {};
  const out: InheritedItems = {
    consentIssuerKeys: NO,
    revocations: NO,
    useCounters: NO,
    retentionRules: NO,
    legalHolds: NO,
    openRequests: NO,
    auditHead: NO,
    indexKey: NO,
  };
  if (i.consentIssuerKeys !== undefined) {
    if (!Array.isArray(i.consentIssuerKeys)) throw bad('consentIssuerKeys must be a list.');
    const keys = i.consentIssuerKeys.map((k) => {
      if (typeof k?.keyId !== 'string' || k.keyId.length === 0)
        throw bad('consentIssuerKeys[].keyId must be a non-empty string.');
      // either key kind a consent token can be signed with (the token names its algorithm)
      if (publicKeyAlg(k.publicKey) === undefined)
        throw bad(
          'consentIssuerKeys[].publicKey must be a 32-byte Ed25519 or a 65-byte SM2 (0x04 || x || y) public key.',
        );
      return { keyId: k.keyId, publicKey: toHex(k.publicKey) };
    });
    keys.sort((a, b) => (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0));
    out.consentIssuerKeys = { supplied: true, keys };
  }
  if (i.revocations !== undefined) {
    if (isSnapshot(i.revocations)) out.revocations = snapshot('revocations', i.revocations);
    else if (Array.isArray(i.revocations)) out.revocations = ids('revocations', i.revocations);
    else throw bad('revocations must be a list of revoked ids or { ref?, digest, count }.');
  }
  if (i.useCounters !== undefined) {
    const c = i.useCounters;
    if (typeof c !== 'object' || c === null || Array.isArray(c))
      throw bad('useCounters must be { key: uses } or { ref?, digest, count }.');
    if (isSnapshot(c)) out.useCounters = snapshot('useCounters', c);
    else {
      const pairs = Object.entries(c as Record<string, number>).sort(([a], [b]) => (a < b ? -1 : 1));
      for (const [, n] of pairs)
        if (!Number.isSafeInteger(n) || n < 0) throw bad('useCounters values must be non-negative integers.');
      out.useCounters = entries(pairs);
    }
  }
  if (i.retentionRules !== undefined) {
    if (!Array.isArray(i.retentionRules)) throw bad('retentionRules must be a list of rules.');
    const rules = [...i.retentionRules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    out.retentionRules = entries(rules);
  }
  if (i.legalHolds !== undefined) {
    if (!Array.isArray(i.legalHolds)) throw bad('legalHolds must be a list of holds.');
    const holds = i.legalHolds.map(holdJson);
    holds.sort((a, b) => ((a as LegalHold).id < (b as LegalHold).id ? -1 : 1));
    out.legalHolds = entries(holds);
  }
  if (i.openRequests !== undefined) {
    const r = i.openRequests;
    if (Array.isArray(r)) out.openRequests = ids('openRequests', r);
    else if (typeof (r as OpenRequestSource)?.list === 'function') {
      if (wrapIndexKey) {
        out.openRequests = ids('openRequests', await openRequestIds(r as OpenRequestSource));
      }
    } else throw bad('openRequests must be a rights request store or a list of request ids.');
  }
  if (i.audit !== undefined && !(isAuditLog(i.audit) && !wrapIndexKey)) {
    const cp = isAuditLog(i.audit) ? await i.audit.checkpoint() : i.audit;
    if (
      cp?.v !== 1 ||
      !Number.isSafeInteger(cp.size) ||
      typeof cp.head !== 'string' ||
      typeof cp.time !== 'string'
    )
      throw bad('audit must be the audit log or one of its checkpoints.');
    out.auditHead = {
      supplied: true,
      size: cp.size,
      head: cp.head,
      time: cp.time,
      ...(cp.sig === undefined ? {} : { sig: cp.sig }),
    };
  }
  if (i.indexKey !== undefined) {
    const k = i.indexKey;
    if (typeof k?.keyId !== 'string' || k.keyId.length === 0)
      throw bad('indexKey.keyId must be a non-empty string.');
    if (!(k.key instanceof Uint8Array) || k.key.length !== 32) throw bad('indexKey.key must be 32 bytes.');
    if (wrapIndexKey) out.indexKey = await wrapIndexKey(k.keyId, k.key);
  }
  return out;
}

/** The items a manifest says were not supplied (every item for a v1 manifest). @internal */
export function notSuppliedOf(inherits: InheritedItems | undefined): string[] {
  if (!inherits) return [...INHERITED_ITEMS];
  return INHERITED_ITEMS.filter((k) => inherits[k]?.supplied !== true);
}

// The options, target and result of a handover (handover.ts). The target is read strictly: a
// keyring, { keyring, keyStore? } or { recipientPublicKey, keyStore? }, and nothing else.
import type * as z from 'zod';
import { checkOptions } from '../_internal/options.js';
import type { AuditLog, AuditSpool } from '../audit/index.js';
import type { Keyring, SubjectKeyStore } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import type { ProgressStore } from '../stores/index.js';
import type { handover } from './handover.js';
import type { HandoverExclusion } from './handover-exclusion.js';
import type { HandoverInheritance } from './handover-inheritance.js';
import type { HandoverScope } from './handover-scope.js';
import type { HandoverManifest, HandoverPartyInfo } from './manifest.js';
import { HANDOVER_TARGET_OPTIONS } from './option-names.js';
import type { RecordSource } from './record-source.js';
import type { LifecycleSigningKey } from './signing.js';

/** Progress of a handover run. */
export interface HandoverProgress {
  /** Records examined by this run. */
  done: number;
  /** DEKs rewrapped by this run. */
  rewrapped: number;
  /** Live DEKs under the buyer's KEK so far (including earlier runs). */
  active: number;
  /** Which run this is (1 for the first). */
  run: number;
}

/** Options of {@link handover}. */
export interface HandoverOptions {
  /** Stable id of this handover; rerun with the same id to resume. */
  id: string;
  /** The seller's keyring and subject key store. */
  from: { keyring: Keyring; keyStore: SubjectKeyStore };
  /**
   * The buyer's keyring (its active KEK wraps every DEK); with `keyStore`, DEKs are written to
   * the buyer's store and the seller's records are shredded, otherwise they are rewrapped in place.
   * With `recipientPublicKey` instead of a keyring, DEKs are wrapped to that public key, so the
   * seller's process never holds a buyer secret; the buyer imports them under its own KEK with
   * `acceptHandover`. The key's kind picks the package: a 32-byte X25519 key
   * (`generateRecipientKey`) gets HPKE, a 65-byte SM2 key (`generateSm2RecipientKey`) gets SM2
   * encryption with SM4-GCM. Every DEK of a record, of either suite, is carried with its suite.
   */
  to:
    | Keyring
    | { keyring: Keyring; keyStore?: SubjectKeyStore }
    | { recipientPublicKey: Uint8Array; keyStore?: SubjectKeyStore };
  /** The seller, with the Ed25519 or SM2 key that signs the manifest. */
  seller: HandoverPartyInfo & { signingKey: LifecycleSigningKey };
  /** The buyer (recipient): name and contact are what individuals are told (PIPL Art. 22). */
  buyer: HandoverPartyInfo;
  /**
   * What kind of transfer (stated in the manifest): `asset`, `merger`, `division` move data to
   * another processor (PIPL Art. 22); `equity` keeps the processor (see `equityTransfer`).
   */
  kind?: 'asset' | 'merger' | 'division' | 'equity';
  /** Purposes in force; frozen in the manifest. */
  purposes: readonly string[];
  /** Schemas of the data handed over (for field counts and schema hashes); ids from `pii.id`. */
  schemas?: readonly z.core.$ZodType[];
  /** Records per schema id: with it, field counts are definitions × records, labelled an upper bound. */
  recordCounts?: Readonly<Record<string, number>>;
  /**
   * The caller's records: with it, field counts are the fields actually present in the records
   * handed over (excluded people's records left out), and `schemas`/`recordCounts` are not needed.
   */
  records?: RecordSource;
  /**
   * People (and their records) left out of the handover, for example the customers who objected
   * in the notice period or withdrew consent: their keys are not rewrapped, and are crypto-shredded
   * (`action: 'erase'`, recorded in the erasure ledger) or stay under the seller's KEK in the
   * seller's store (`action: 'keep'`, needs a separate buyer key store). The manifest counts them,
   * never names them. {@link planHandover} builds one from the objections it is given.
   */
  exclude?: HandoverExclusion;
  /**
   * A partial handover: only these schemas, roles or purposes move (needs `records` and a separate
   * buyer key store); keys out of scope stay with the seller. The manifest states the scope and
   * counts the keys left out.
   */
  scope?: HandoverScope;
  /**
   * What the buyer inherits besides the keys (consent issuer keys, revocations, use counters,
   * retention rules, legal holds, open requests, the audit checkpoint, the blind-index key): each
   * given item is bound into the manifest as a digest and a count; each item not given is written
   * as not supplied.
   */
  inherit?: HandoverInheritance;
  /** Policy id → policy hash in force (for example `decision.policyHash`). */
  policyHashes?: Readonly<Record<string, string>>;
  /** Where progress is checkpointed, key `handover/<id>` (default: in memory; use a file or database `ProgressStore` from courier-pii/stores to survive crashes). */
  progress?: ProgressStore;
  /** Called every `progressEvery` records and at the end. */
  onProgress?: (p: HandoverProgress) => void;
  /** Records between progress checkpoints (default 1000). */
  progressEvery?: number;
  /** Records rewrapped in parallel (default 256; lets stores batch durable writes). */
  concurrency?: number;
  /**
   * Audit log for handover.started / progress / completed / failed, and the erasure ledger: with
   * a separate buyer `keyStore`, each seller copy is recorded as `key.destroyed` (scope `copy`)
   * before it is destroyed, so restoring an older backup of the seller's store cannot bring the
   * seller's copies back. Required in that case (fail-closed: the handover refuses to start).
   */
  audit?: AuditLog;
  /**
   * Where a `handover.failed` event is kept when the audit log cannot store it (its database is
   * down); kept events are written before the next run starts, and a run does not start while
   * they cannot be. Default: a bounded memory spool per audit log, kept as long as the process
   * runs; pass `fileSpool(path)` from courier-pii/audit to keep them across restarts.
   */
  spool?: AuditSpool;
  /** Audit actor (default the seller id). */
  actor?: string;
  /** Clock (default `() => new Date()`). */
  now?: () => Date;
}

/** Result of {@link handover}. */
export interface HandoverResult {
  /** The seller-signed manifest (the buyer countersigns with `countersignManifest`). */
  manifest: HandoverManifest;
  /** DEKs rewrapped by this run (0 when resuming an already finished handover). */
  rewrapped: number;
  /** How many runs the handover took. */
  runs: number;
}

/** Where the DEKs go. @internal */
export interface Target {
  keyring?: Keyring;
  recipientPublicKey?: Uint8Array;
  keyStore?: SubjectKeyStore;
}

/** Reads `to` strictly. @internal */
export function targetOf(to: HandoverOptions['to']): Target {
  if (typeof (to as Keyring)?.wrap === 'function') return { keyring: to as Keyring };
  checkOptions('handover to', to, HANDOVER_TARGET_OPTIONS);
  const t = to as Target;
  if (typeof t?.keyring?.wrap === 'function' && t.recipientPublicKey === undefined) return t;
  if (t?.recipientPublicKey instanceof Uint8Array && t.keyring === undefined) return t;
  throw new PiiError(
    'HANDOVER_INVALID',
    "to must be the buyer's keyring, { keyring, keyStore? }, or { recipientPublicKey, keyStore? } (one of keyring and recipientPublicKey).",
  );
}

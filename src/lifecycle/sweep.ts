// The retention sweep: finds every field whose retention has run out (PIPL Art. 19, 47), skips
// legal holds, crypto-shreds keys whose data is wholly due (per subject, or per record for
// fields without a subject), asks the caller to delete the rest and the blind-index rows, and
// issues a signed destruction certificate per batch, each recorded in the audit log.
import { toHex } from '../_internal/bytes.js';
import type { AuditLog } from '../audit/index.js';
import type { Vault } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { type ClassifiedField, classify, levelRank } from '../schema/index.js';
import type { DestructionCertificate } from './certificate.js';
import { addDuration, parseDuration, timeOf } from './duration.js';
import type { DestroyAction, LifecycleRecord, RecordSource } from './record-source.js';
import { carryOut, type DueRecord, patternOf, sealedPaths } from './sweep-carry-out.js';
import { checkRules, type RetentionRule, ruleCovers } from './retention-rules.js';
import { type LifecycleSigningKey, publicKeyOf } from './signing.js';
import { checkOptions } from '../_internal/options.js';
import { SWEEP_OPTIONS } from './option-names.js';

/** A legal hold: while it runs, nothing of the named subjects or records is destroyed (PIPL Art. 47). */
export interface LegalHold {
  /** Hold id (a case or request number). */
  id: string;
  /** Why (no personal data). */
  reason: string;
  /** Subjects under hold. */
  subjects?: readonly string[];
  /** Records under hold. */
  records?: readonly string[];
  /** When the hold ends; open-ended when absent. */
  until?: Date | string | number;
}

/** Options of {@link sweep}. */
export interface SweepOptions {
  /** The time rules are evaluated at. */
  now: Date | string | number;
  /** Retention rules (for example `DEFAULT_RETENTION_RULES` plus your own). */
  rules: readonly RetentionRule[];
  /** The caller's records. */
  source: RecordSource;
  /**
   * The vault whose keys are shredded. Its `sealAtLeast` tells which paths were sealed: without
   * it no path is claimed crypto-shredded (they are reported `deleted` or `pending`).
   */
  vault: Pick<Vault, 'eraseSubject'> & Partial<Pick<Vault, 'sealAtLeast'>>;
  /**
   * Audit log for `retention.destroyed` events (one per certificate). The destroyed keys
   * themselves are recorded by the vault's erasure ledger (`key.destroyed`).
   */
  audit?: AuditLog;
  /** Ed25519 or SM2 key that signs certificates; required unless `dryRun`. */
  signingKey?: LifecycleSigningKey;
  /** Legal holds in force. */
  holds?: readonly LegalHold[];
  /** Report what is due without destroying anything (default false). */
  dryRun?: boolean;
  /** Items per certificate (default 100). */
  batchSize?: number;
  /** Event a field-level `retention` tag runs from (default `deliveredAt`). */
  tagRetentionFrom?: string;
  /** Audit actor and certificate issuer (default `retention-sweep`). */
  actor?: string;
}

/** A key whose data is wholly due. */
export interface ShredPlan {
  /** The subject id, or `record:<id>` for a record's own key. */
  keyId: string;
  /** Records holding its data. */
  records: string[];
  /** Field paths under it. */
  paths: string[];
  /** Rules that expired. */
  rules: string[];
}

/** Result of {@link sweep}. */
export interface SweepReport {
  /** Id of this run. */
  sweepId: string;
  /** Whether nothing was destroyed. */
  dryRun: boolean;
  /** Records examined. */
  scanned: number;
  /** Keys to crypto-shred (dry run) or shredded. */
  shred: ShredPlan[];
  /** Deletions asked of the source (dry run: that would be asked). */
  delete: DestroyAction[];
  /** Records skipped because of a legal hold, with the hold ids. */
  held: Array<{ recordId: string; holds: string[] }>;
  /** Field paths no rule covers (kept; write a rule for them). */
  unruled: string[];
  /** Blind-index values to delete. */
  indexesToDelete: string[];
  /** Key ids destroyed. */
  keyIdsDestroyed: string[];
  /**
   * Every item still held after the sweep (the source has no `destroy`): per record, the paths
   * still readable (stored in clear, or under a key that lives on) and the blind-index values
   * still in look-up tables. Delete them yourself; the certificates list them as `pending`.
   */
  pending: PendingItem[];
  /** One signed certificate per batch (empty in a dry run). */
  certificates: DestructionCertificate[];
}

/** What a sweep could not destroy itself: the caller must delete it. */
export interface PendingItem {
  /** The record. */
  recordId: string;
  /** Field paths still held in readable form. */
  paths: string[];
  /** Blind-index values still in look-up tables. */
  indexes: string[];
  /** Rules that expired. */
  rules: string[];
}

/** @internal */
export interface FieldDue {
  field: ClassifiedField;
  keyId: string;
  due: boolean;
  ruled: boolean;
  rules: string[];
}

const plans = new WeakMap<object, ClassifiedField[]>();
function fieldsOf(schema: LifecycleRecord['schema']): ClassifiedField[] {
  let f = plans.get(schema);
  if (!f) {
    f = classify(schema);
    plans.set(schema, f);
  }
  return f;
}

function keyIdOf(rec: LifecycleRecord, f: ClassifiedField): string {
  const sid = f.subject !== undefined ? rec.subjects?.[f.subject] : undefined;
  return sid ?? `record:${rec.id}`;
}

/**
 * Runs a retention sweep. A field is due when every rule covering it has expired (the period
 * runs from the named record event; a record without that event is kept). Keys whose data is
 * wholly due are crypto-shredded through `vault.eraseSubject` (which records each in the erasure
 * ledger); other due fields, and the blind-index rows of every due field, go to `source.destroy`.
 * Legal holds win. Each batch gets a signed certificate whose items say, per path, `crypto-shred`
 * (sealed, key confirmed destroyed), `deleted` (the source confirmed) or `pending` (still held:
 * without `destroy`, plaintext paths stay pending and the report lists them), and a
 * `retention.destroyed` audit entry. Run with `dryRun: true` first.
 *
 * @param options - time, rules, records, vault, audit, signing key, holds
 * @returns what was (or would be) destroyed, with certificates
 * @throws PiiError RETENTION_INVALID for malformed rules, holds or times; KEY_INVALID without a signing key outside a dry run
 * @throws PiiError INVALID_ARGUMENT when a key is due but the vault has no erasure ledger (`audit`): nothing of that key is destroyed
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { sweep } from 'courier-pii/lifecycle';
 * import { pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const Parcel = pii.id('parcel/v1', z.object({ recipient: pii.subject('recipient', z.object({ phone: pii.phone() })) }));
 * const vault = createVault({
 *   keyring: createKeyring({ keks: [{ id: 'kek-1', key: generateKey() }], active: 'kek-1' }),
 *   keyStore: memoryKeyStore(), indexKey: generateKey(), audit: createAuditLog({ sink: memorySink() }),
 * });
 * const { record } = await vault.seal(Parcel, { recipient: { phone: '13812345678' } }, { recordId: 'p1', subjects: { recipient: 'cust-1' } });
 * const key = ed25519.keygen();
 * const report = await sweep({
 *   now: '2026-12-01', vault, signingKey: key,
 *   rules: [{ id: 'waybill-data', label: 'practice', basis: 'company policy', keep: 'P90D', from: 'deliveredAt' }],
 *   source: { async *records() { yield { id: 'p1', schema: Parcel, subjects: { recipient: 'cust-1' }, events: { deliveredAt: '2026-08-01' }, data: record }; } },
 * });
 * console.log(report.keyIdsDestroyed.join(', ')); // cust-1
 * ```
 */
export async function sweep(options: SweepOptions): Promise<SweepReport> {
  checkOptions('sweep', options, SWEEP_OPTIONS);
  const now = timeOf('now', options?.now);
  if (now === undefined) throw new PiiError('RETENTION_INVALID', 'now is required.');
  checkRules(options.rules);
  const dryRun = options.dryRun === true;
  if (!dryRun) publicKeyOf(options.signingKey as LifecycleSigningKey);
  const durations = new Map(options.rules.map((r) => [r.id, parseDuration(r.id, r.keep)]));
  const tagFrom = options.tagRetentionFrom ?? 'deliveredAt';
  const actor = options.actor ?? 'retention-sweep';
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 100));
  const holds = (options.holds ?? []).filter((h) => {
    const until = timeOf(`hold "${h.id}" until`, h.until);
    return until === undefined || until > now;
  });
  const sweepId = `sweep-${toHex(crypto.getRandomValues(new Uint8Array(6)))}`;
  const report: SweepReport = {
    sweepId,
    dryRun,
    scanned: 0,
    shred: [],
    delete: [],
    held: [],
    unruled: [],
    indexesToDelete: [],
    keyIdsDestroyed: [],
    pending: [],
    certificates: [],
  };
  const unruled = new Set<string>();
  const keys = new Map<
    string,
    { allDue: boolean; records: Set<string>; paths: Set<string>; rules: Set<string> }
  >();
  const dueRecords: DueRecord[] = [];

  for await (const rec of options.source.records()) {
    report.scanned++;
    const subjectIds = Object.values(rec.subjects ?? {});
    const hit = holds
      .filter((h) => h.records?.includes(rec.id) || h.subjects?.some((s) => subjectIds.includes(s)))
      .map((h) => h.id);
    const purposes = rec.purposes ?? [];
    const fields: FieldDue[] = fieldsOf(rec.schema).map((f) => {
      const covering = options.rules.filter((r) => ruleCovers(r, f, purposes));
      const ends: number[] = [];
      let open = false;
      for (const r of covering) {
        const t = timeOf(`record event ${r.from}`, rec.events?.[r.from]);
        if (t === undefined) open = true;
        else ends.push(addDuration(t, durations.get(r.id)!));
      }
      const ruleIds = covering.map((r) => r.id);
      if (f.retention !== undefined) {
        const t = timeOf(`record event ${tagFrom}`, rec.events?.[tagFrom]);
        if (t === undefined) open = true;
        else ends.push(addDuration(t, parseDuration(`retention tag of ${f.path}`, f.retention)));
        ruleIds.push(`tag:${f.path}`);
      }
      const ruled = ruleIds.length > 0;
      if (!ruled) unruled.add(f.path);
      const due = ruled && !open && hit.length === 0 && Math.max(...ends) <= now;
      return { field: f, keyId: keyIdOf(rec, f), due, ruled, rules: ruleIds };
    });
    if (hit.length > 0) report.held.push({ recordId: rec.id, holds: hit });
    for (const fd of fields) {
      let k = keys.get(fd.keyId);
      if (!k) {
        k = { allDue: true, records: new Set(), paths: new Set(), rules: new Set() };
        keys.set(fd.keyId, k);
      }
      if (!fd.due) k.allDue = false;
      else {
        k.records.add(rec.id);
        k.paths.add(fd.field.path);
        for (const r of fd.rules) k.rules.add(r);
      }
    }
    if (fields.some((f) => f.due)) dueRecords.push({ rec, fields, sealed: new Set() });
  }

  for (const [keyId, k] of keys) {
    if (k.allDue && k.records.size > 0)
      report.shred.push({
        keyId,
        records: [...k.records],
        paths: [...k.paths].sort(),
        rules: [...k.rules].sort(),
      });
  }
  const shredded = new Set(report.shred.map((s) => s.keyId));
  const sealRank = options.vault.sealAtLeast === undefined ? undefined : levelRank(options.vault.sealAtLeast);
  for (const d of dueRecords) {
    const { rec, fields } = d;
    const due = fields.filter((f) => f.due);
    const duePaths = new Set(due.map((f) => f.field.path));
    d.sealed = sealedPaths(rec, due, sealRank);
    const indexes = Object.entries(rec.indexes ?? {})
      .filter(([p]) => duePaths.has(patternOf(p)))
      .map(([, v]) => v);
    const rules = [...new Set(due.flatMap((f) => f.rules))].sort();
    report.delete.push({
      recordId: rec.id,
      wholeRecord: due.length === fields.length,
      paths: [...duePaths].sort(),
      indexes,
      // True only when every due path was sealed and its key is to be shredded.
      shredded: due.every((f) => shredded.has(f.keyId) && d.sealed.has(f.field.path)),
      rules,
    });
    report.indexesToDelete.push(...indexes);
  }
  report.unruled = [...unruled].sort();
  if (dryRun) return report;

  return carryOut(
    {
      options,
      report,
      sweepId,
      now,
      actor,
      tagFrom,
      batchSize,
      sealRank: options.vault.sealAtLeast === undefined ? undefined : levelRank(options.vault.sealAtLeast),
    },
    dueRecords,
  );
}

// The retention sweep: finds every field whose retention has run out (PIPL Art. 19, 47), skips
// legal holds, crypto-shreds keys whose data is wholly due (per subject, or per record for
// fields without a subject), asks the caller to delete the rest and the blind-index rows, and
// issues a signed destruction certificate per batch, each recorded in the audit log.
import { toHex } from '../_internal/bytes.js';
import type { AuditLog } from '../audit/index.js';
import type { Vault } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { type ClassifiedField, classify } from '../schema/index.js';
import { type DestroyedItem, type DestructionCertificate, makeCertificate } from './certificate.js';
import { addDuration, parseDuration, timeOf } from './duration.js';
import type { DestroyAction, LifecycleRecord, RecordSource } from './record-source.js';
import { checkRules, type RetentionRule, ruleCovers } from './retention-rules.js';
import { type LifecycleSigningKey, publicKeyOf } from './signing.js';

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
  /** The vault whose keys are shredded. */
  vault: Pick<Vault, 'eraseSubject'>;
  /** Audit log for `retention.destroyed` events (one per certificate). */
  audit?: AuditLog;
  /** Ed25519 key that signs certificates; required unless `dryRun`. */
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
  /** Deletions that could not be carried out because the source has no `destroy`. */
  pending: string[];
  /** One signed certificate per batch (empty in a dry run). */
  certificates: DestructionCertificate[];
}

interface FieldDue {
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

/** `items.0.name` → `items[].name` (classify's pattern of a concrete vault index path). */
function patternOf(concrete: string): string {
  return concrete.replace(/\.(\d+)(?=\.|$)/g, '[]');
}

function keyIdOf(rec: LifecycleRecord, f: ClassifiedField): string {
  const sid = f.subject !== undefined ? rec.subjects?.[f.subject] : undefined;
  return sid ?? `record:${rec.id}`;
}

/**
 * Runs a retention sweep. A field is due when every rule covering it has expired (the period
 * runs from the named record event; a record without that event is kept). Keys whose data is
 * wholly due are crypto-shredded through `vault.eraseSubject`; other due fields, and the
 * blind-index rows of every due field, go to `source.destroy`. Legal holds win. Each batch gets
 * a signed certificate and a `retention.destroyed` audit entry. Run with `dryRun: true` first.
 *
 * @param options - time, rules, records, vault, audit, signing key, holds
 * @returns what was (or would be) destroyed, with certificates
 * @throws PiiError RETENTION_INVALID for malformed rules, holds or times; KEY_INVALID without a signing key outside a dry run
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { sweep } from 'courier-pii/lifecycle';
 * import { pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const Parcel = pii.id('parcel/v1', z.object({ recipient: pii.subject('recipient', z.object({ phone: pii.phone() })) }));
 * const vault = createVault({
 *   keyring: createKeyring({ keks: [{ id: 'kek-1', key: generateKey() }], active: 'kek-1' }),
 *   keyStore: memoryKeyStore(), indexKey: generateKey(),
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
  const dueRecords: Array<{ rec: LifecycleRecord; fields: FieldDue[] }> = [];

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
    if (fields.some((f) => f.due)) dueRecords.push({ rec, fields });
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
  for (const { rec, fields } of dueRecords) {
    const due = fields.filter((f) => f.due);
    const duePaths = new Set(due.map((f) => f.field.path));
    const indexes = Object.entries(rec.indexes ?? {})
      .filter(([p]) => duePaths.has(patternOf(p)))
      .map(([, v]) => v);
    const rules = [...new Set(due.flatMap((f) => f.rules))].sort();
    report.delete.push({
      recordId: rec.id,
      wholeRecord: due.length === fields.length,
      paths: [...duePaths].sort(),
      indexes,
      shredded: due.every((f) => shredded.has(f.keyId)),
      rules,
    });
    report.indexesToDelete.push(...indexes);
  }
  report.unruled = [...unruled].sort();
  if (dryRun) return report;

  // Carry out, batch by batch: shreds first (they make the data unreadable at once), then deletions.
  type Work = { shred: ShredPlan } | { del: DestroyAction };
  const work: Work[] = [
    ...report.shred.map((shred) => ({ shred })),
    ...report.delete.map((del) => ({ del })),
  ];
  const ruleInfo = new Map(options.rules.map((r) => [r.id, r]));
  for (let b = 0; b * batchSize < work.length; b++) {
    const items: DestroyedItem[] = [];
    const keyIds: string[] = [];
    let indexesDeleted = 0;
    const batchRules = new Set<string>();
    for (const w of work.slice(b * batchSize, (b + 1) * batchSize)) {
      if ('shred' in w) {
        const cert = await options.vault.eraseSubject(w.shred.keyId);
        keyIds.push(...cert.keyIdsDestroyed);
        items.push({
          keyId: w.shred.keyId,
          method: 'crypto-shred',
          paths: w.shred.paths,
          rules: w.shred.rules,
        });
        for (const r of w.shred.rules) batchRules.add(r);
      } else if (options.source.destroy) {
        await options.source.destroy(w.del);
        indexesDeleted += w.del.indexes.length;
        items.push({ recordId: w.del.recordId, method: 'delete', paths: w.del.paths, rules: w.del.rules });
        for (const r of w.del.rules) batchRules.add(r);
      } else if (!w.del.shredded) {
        report.pending.push(w.del.recordId);
      }
    }
    if (items.length === 0) continue;
    report.keyIdsDestroyed.push(...keyIds);
    const rules = [...batchRules].sort().map((id) => {
      const r = ruleInfo.get(id);
      return r
        ? { id, label: r.label, basis: r.basis, keep: r.keep, from: r.from }
        : { id, label: 'practice' as const, basis: 'field retention tag', keep: 'tag', from: tagFrom };
    });
    const certificate = makeCertificate(
      {
        v: 1,
        sweepId,
        batch: b,
        issuedAt: new Date().toISOString(),
        evaluatedAt: new Date(now).toISOString(),
        issuer: actor,
        rules,
        items,
        keyIdsDestroyed: keyIds,
        indexesDeleted,
      },
      options.signingKey!,
    );
    report.certificates.push(certificate);
    await options.audit?.append({
      kind: 'retention.destroyed',
      actor,
      purpose: 'retention',
      subjects: items.filter((i) => i.keyId && !i.keyId.startsWith('record:')).map((i) => i.keyId!),
      records: [...new Set(items.flatMap((i) => (i.recordId ? [i.recordId] : [])))],
      keyIds: keyIds,
      data: {
        rule: rules.length === 1 ? rules[0]!.id : 'multiple',
        rules: rules.map((r) => r.id),
        count: items.length,
        certificateId: certificate.id,
        sweepId,
        batch: b,
      },
    });
  }
  return report;
}

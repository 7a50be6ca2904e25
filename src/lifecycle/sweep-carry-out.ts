// Carrying out a retention sweep (docs/lifecycle.md, "Retention sweep"), batch by batch: shreds
// first (they make sealed data unreadable at once), then deletions. A certificate claims only
// what the sweep saw: a path is `crypto-shred` when it was sealed (the vault's seal level, and
// the stored value when the record carries it) and its key is confirmed destroyed; `deleted` when
// the record source's `destroy` resolved; otherwise `pending`, and the report lists it.
import type { IndexToDelete } from '../crypto/index.js';
import { type Kind, leaves, levelRank } from '../schema/index.js';
import { type DestroyedItem, makeCertificate } from './certificate.js';
import type { DestroyAction, LifecycleRecord } from './record-source.js';
import type { FieldDue, PendingItem, ShredPlan, SweepOptions, SweepReport } from './sweep.js';

/** A record with at least one due field. @internal */
export interface DueRecord {
  rec: LifecycleRecord;
  fields: FieldDue[];
  /** Due paths whose stored values are sealed (see {@link sealedPaths}). */
  sealed: Set<string>;
}

/** What carrying out needs. @internal */
export interface SweepRun {
  options: SweepOptions;
  report: SweepReport;
  sweepId: string;
  now: number;
  actor: string;
  tagFrom: string;
  batchSize: number;
  /** levelRank of the vault's seal level; undefined when the vault does not say (nothing is claimed sealed). */
  sealRank: number | undefined;
}

const SEALED = 'cpii1.';

/** `items.0.name` → `items[].name` (classify's pattern of a concrete vault index path). @internal */
export function patternOf(concrete: string): string {
  return concrete.replace(/\.(\d+)(?=\.|$)/g, '[]');
}

/**
 * The due paths of a record that are sealed: at or above the vault's seal level and, when the
 * record carries its stored data, every stored value there is a sealed string. Fail-closed: an
 * unknown seal level, or data that cannot be walked, claims nothing sealed. @internal
 */
export function sealedPaths(
  rec: LifecycleRecord,
  due: FieldDue[],
  sealRank: number | undefined,
): Set<string> {
  const out = new Set<string>();
  if (sealRank === undefined) return out;
  for (const f of due) if (levelRank(f.field.level) >= sealRank) out.add(f.field.path);
  if (rec.data === undefined || out.size === 0) return out;
  let found: ReturnType<typeof leaves>;
  try {
    found = leaves(rec.schema, rec.data);
  } catch {
    return new Set();
  }
  for (const l of found) {
    if (out.has(l.path) && !(typeof l.value === 'string' && l.value.startsWith(SEALED))) out.delete(l.path);
  }
  return out;
}

/** Blind indexes of each key's due fields, with their kinds, for the ledger. */
function indexesByKey(due: DueRecord[]): Map<string, IndexToDelete[]> {
  const out = new Map<string, IndexToDelete[]>();
  for (const { rec, fields } of due) {
    const byPath = new Map(fields.filter((f) => f.due).map((f) => [f.field.path, f]));
    for (const [concrete, index] of Object.entries(rec.indexes ?? {})) {
      const f = byPath.get(patternOf(concrete));
      if (!f || f.field.kind === 'untagged') continue;
      const list = out.get(f.keyId) ?? [];
      list.push({ kind: f.field.kind as Kind, index });
      out.set(f.keyId, list);
    }
  }
  return out;
}

/** Sealed due paths under each key, over every record. */
function sealedByKey(due: DueRecord[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const { fields, sealed } of due) {
    for (const f of fields) {
      if (!f.due || !sealed.has(f.field.path)) continue;
      const s = out.get(f.keyId) ?? new Set();
      s.add(f.field.path);
      out.set(f.keyId, s);
    }
  }
  return out;
}

type Work = { shred: ShredPlan } | { del: DestroyAction; record: DueRecord };

/** Executes the plan; fills keyIdsDestroyed, pending and certificates. @internal */
export async function carryOut(run: SweepRun, due: DueRecord[]): Promise<SweepReport> {
  const { options, report } = run;
  const byId = new Map(due.map((d) => [d.rec.id, d]));
  const work: Work[] = [
    ...report.shred.map((shred) => ({ shred })),
    ...report.delete.map((del) => ({ del, record: byId.get(del.recordId)! })),
  ];
  const indexes = indexesByKey(due);
  const sealedUnder = sealedByKey(due);
  // Keys confirmed destroyed (now or by an earlier erasure): only their sealed paths are shredded.
  const gone = new Set<string>();
  const ruleInfo = new Map(options.rules.map((r) => [r.id, r]));
  for (let b = 0; b * run.batchSize < work.length; b++) {
    const items: DestroyedItem[] = [];
    const keyIds: string[] = [];
    let indexesDeleted = 0;
    let indexesPending = 0;
    const batchRules = new Set<string>();
    for (const w of work.slice(b * run.batchSize, (b + 1) * run.batchSize)) {
      if ('shred' in w) {
        const cert = await options.vault.eraseSubject(w.shred.keyId, {
          reason: 'retention',
          actor: run.actor,
          purpose: 'retention',
          indexes: indexes.get(w.shred.keyId) ?? [],
        });
        keyIds.push(...cert.keyIdsDestroyed);
        const confirmed = cert.keyIdsDestroyed.includes(w.shred.keyId) || cert.alreadyDestroyed;
        if (confirmed) gone.add(w.shred.keyId);
        const paths = [...(sealedUnder.get(w.shred.keyId) ?? [])].sort();
        if (confirmed && paths.length > 0) {
          items.push({ keyId: w.shred.keyId, method: 'crypto-shred', paths, rules: w.shred.rules });
          for (const r of w.shred.rules) batchRules.add(r);
        }
        continue;
      }
      const { del, record } = w;
      for (const r of del.rules) batchRules.add(r);
      if (options.source.destroy) {
        await options.source.destroy(del);
        indexesDeleted += del.indexes.length;
        items.push({ recordId: del.recordId, method: 'deleted', paths: del.paths, rules: del.rules });
        continue;
      }
      // Still held: every due path not sealed under a key confirmed destroyed.
      const still = record.fields
        .filter((f) => f.due && !(record.sealed.has(f.field.path) && gone.has(f.keyId)))
        .map((f) => f.field.path);
      const paths = [...new Set(still)].sort();
      indexesPending += del.indexes.length;
      if (paths.length > 0 || del.indexes.length > 0) {
        const p: PendingItem = { recordId: del.recordId, paths, indexes: del.indexes, rules: del.rules };
        report.pending.push(p);
      }
      if (paths.length > 0)
        items.push({ recordId: del.recordId, method: 'pending', paths, rules: del.rules });
    }
    report.keyIdsDestroyed.push(...keyIds);
    if (items.length === 0 && keyIds.length === 0) continue;
    const rules = [...batchRules].sort().map((id) => {
      const r = ruleInfo.get(id);
      return r
        ? { id, label: r.label, basis: r.basis, keep: r.keep, from: r.from }
        : { id, label: 'practice' as const, basis: 'field retention tag', keep: 'tag', from: run.tagFrom };
    });
    const certificate = makeCertificate(
      {
        v: 2,
        sweepId: run.sweepId,
        batch: b,
        issuedAt: new Date().toISOString(),
        evaluatedAt: new Date(run.now).toISOString(),
        issuer: run.actor,
        rules,
        items,
        keyIdsDestroyed: keyIds,
        indexesDeleted,
        indexesPending,
      },
      options.signingKey!,
    );
    report.certificates.push(certificate);
    await options.audit?.append({
      kind: 'retention.destroyed',
      actor: run.actor,
      purpose: 'retention',
      subjects: keyIds.filter((k) => !k.startsWith('record:')),
      records: [...new Set(items.flatMap((i) => (i.recordId ? [i.recordId] : [])))],
      keyIds,
      data: {
        rule: rules.length === 1 ? rules[0]!.id : 'multiple',
        rules: rules.map((r) => r.id),
        count: items.length,
        pending: items.filter((i) => i.method === 'pending').length,
        certificateId: certificate.id,
        sweepId: run.sweepId,
        batch: b,
      },
    });
  }
  return report;
}

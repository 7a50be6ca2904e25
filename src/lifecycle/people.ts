// People, not keys. A key store holds two kinds of DEK: a data subject's (the id given for a
// role in `vault.seal`, `{ recipient: 'cust-42' }`) and a record's own (`record:<recordId>`, for
// fields outside any subject, such as a parcel's GPS trace). Notices, manifest counts and breach
// counts are about people, so every count here keeps the two apart. The vault refuses subject ids
// that start with `record:`, which makes the prefix a safe test.
import type * as z from 'zod';
import { classify, leaves, schemaId } from '../schema/index.js';
import type { LifecycleRecord, RecordSource } from './record-source.js';
import { digest } from './signing.js';

const RECORD_KEY_PREFIX = 'record:';

/** Whether a key id is a record's own key (`record:<id>`) rather than a data subject's. @internal */
export function isRecordKey(keyId: string): boolean {
  return keyId.startsWith(RECORD_KEY_PREFIX);
}

/** The record key id of a record id. @internal */
export function recordKeyOf(recordId: string): string {
  return `${RECORD_KEY_PREFIX}${recordId}`;
}

/** Field counts as the manifest and the plan state them. @internal */
export interface FieldCounts {
  basis: 'definitions' | 'records' | 'present';
  /** True when the counts are schema definitions × records (optional fields counted as filled). */
  upperBound: boolean;
  byKind: Record<string, number>;
  byLevel: Record<string, number>;
}

/**
 * Field counts from schema definitions: once per definition, or × records when `recordCounts`
 * is given (an upper bound: an optional field never filled still counts). @internal
 */
export function definitionCounts(
  schemas: readonly z.core.$ZodType[],
  recordCounts: Readonly<Record<string, number>> | undefined,
): { fields: FieldCounts; schemaHashes: Record<string, string> } {
  const byKind: Record<string, number> = {};
  const byLevel: Record<string, number> = {};
  const schemaHashes: Record<string, string> = {};
  schemas.forEach((s, i) => {
    const id = schemaId(s) ?? `schema-${i}`;
    const fields = classify(s);
    schemaHashes[id] = digest({ id, fields });
    const times = recordCounts ? (recordCounts[id] ?? 0) : 1;
    for (const f of fields) {
      byKind[f.kind] = (byKind[f.kind] ?? 0) + times;
      byLevel[f.level] = (byLevel[f.level] ?? 0) + times;
    }
  });
  return {
    fields: { basis: recordCounts ? 'records' : 'definitions', upperBound: !!recordCounts, byKind, byLevel },
    schemaHashes,
  };
}

/** What {@link countRecords} found in the caller's records. @internal */
export interface RecordCensus {
  /** Fields actually present (one per record and field pattern), per kind and level. */
  fields: FieldCounts;
  /** Per schema id: the hash of its classification. */
  schemaHashes: Record<string, string>;
  /** Records seen (after `keep`). */
  records: number;
  /** Records per schema id. */
  recordsBySchema: Record<string, number>;
  /** Data subject id → the roles it holds in some record. */
  people: Map<string, Set<string>>;
  /** Records per purpose. */
  purposes: Record<string, number>;
}

/**
 * Walks the caller's records once: fields actually present (sealed or not; a sealed value counts
 * as present), the people named per role, purposes. `keep` filters records (an exclusion or a
 * scope); `dropSubject` leaves out the fields and roles of excluded people (or roles out of scope). Memory holds one entry per person, never field values. @internal
 */
export async function countRecords(
  source: RecordSource,
  keep: (r: LifecycleRecord) => boolean = () => true,
  dropSubject: (subjectId: string, role: string) => boolean = () => false,
): Promise<RecordCensus> {
  const byKind: Record<string, number> = {};
  const byLevel: Record<string, number> = {};
  const schemaHashes: Record<string, string> = {};
  const recordsBySchema: Record<string, number> = {};
  const purposes: Record<string, number> = {};
  const people = new Map<string, Set<string>>();
  let records = 0;
  for await (const r of source.records()) {
    if (!keep(r)) continue;
    records++;
    const id = schemaId(r.schema) ?? 'unnamed';
    if (schemaHashes[id] === undefined) schemaHashes[id] = digest({ id, fields: classify(r.schema) });
    recordsBySchema[id] = (recordsBySchema[id] ?? 0) + 1;
    for (const p of new Set(r.purposes ?? [])) purposes[p] = (purposes[p] ?? 0) + 1;
    const dropped = new Set<string>();
    for (const [role, sid] of Object.entries(r.subjects ?? {})) {
      if (dropSubject(sid, role)) {
        dropped.add(role);
        continue;
      }
      let roles = people.get(sid);
      if (!roles) {
        roles = new Set();
        people.set(sid, roles);
      }
      roles.add(role);
    }
    if (r.data === undefined) continue;
    const seen = new Set<string>();
    for (const l of leaves(r.schema, r.data)) {
      if (l.kind === 'untagged' || seen.has(l.path)) continue;
      if (l.subject !== undefined && dropped.has(l.subject)) continue;
      seen.add(l.path);
      byKind[l.kind] = (byKind[l.kind] ?? 0) + 1;
      byLevel[l.level] = (byLevel[l.level] ?? 0) + 1;
    }
  }
  return {
    fields: { basis: 'present', upperBound: false, byKind, byLevel },
    schemaHashes,
    records,
    recordsBySchema,
    people,
    purposes,
  };
}

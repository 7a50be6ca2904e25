// The record paths of the vault: seal every field of a record at or above the seal level under
// its subject's DEK, and open them again (docs/formats.md). One AEAD call per field when the
// subject keys are cached; the AAD scratch view from aadFor goes straight into that call.
import type * as z from 'zod';
import { assertNonEmptyString } from '../_internal/assert.js';
import { PiiError } from '../errors.js';
import { copyData, type Level, leaves, levelRank, type Sealed, setIn } from '../schema/index.js';
import type { Backend } from './backend.js';
import { BlindIndexer } from './blind-index.js';
import { acquire, acquireCached } from './dek-acquire.js';
import { type DekCache, unpin } from './dek-cache.js';
import { type DekContext, openParsed, sealEncoded } from './dek-context.js';
import {
  aadFor,
  checkSubjects,
  matches,
  recordSubject,
  type SchemaInfo,
  schemaInfo,
} from './field-binding.js';
import { decodeValue, encodeValue, invalidCiphertext, parseField } from './field-format.js';
import type { SubjectKeys } from './subject-keys.js';
import type { OpenOptions, SealOptions, SealResult } from './vault-types.js';

/** What the record paths need from their vault, built once by createVault. @internal */
export interface RecordDeps {
  readonly backend: Backend;
  readonly cache: DekCache;
  readonly keys: SubjectKeys;
  readonly indexer: BlindIndexer;
  /** levelRank of the lowest level that gets sealed. */
  readonly minRank: number;
  /** Schema id and AAD prefixes per schema instance. */
  readonly schemas: WeakMap<object, SchemaInfo>;
}

/**
 * Validates and seals a record (Vault.seal); synchronous when every subject key is cached.
 * Throws synchronously on bad input: the caller turns that into a rejection. @internal
 */
export function sealRecord<S extends z.ZodType, L extends Level>(
  d: RecordDeps,
  schema: S,
  value: unknown,
  o: SealOptions,
): Promise<SealResult<S, L>> {
  assertNonEmptyString('recordId', o?.recordId);
  checkSubjects(o.subjects);
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const where = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))]
      .slice(0, 10)
      .join(', ');
    throw new PiiError(
      'VALIDATION_FAILED',
      `The record does not match its schema at: ${where}. Fix those fields before sealing.`,
    );
  }
  const si = schemaInfo(d.schemas, d.backend, schema);
  const wantIndexes = o.indexes ?? true;
  const all = leaves(schema, parsed.data);
  const toSeal = all.filter((l) => levelRank(l.level) >= d.minRank);
  const recSubject = recordSubject(o.recordId);
  const subjectOf = (role: string | undefined): string =>
    (role !== undefined && o.subjects?.[role]) || recSubject;
  const ids = new Set(toSeal.map((l) => subjectOf(l.subject)));
  const finish = (ctxs: Map<string, DekContext>): SealResult<S, L> => {
    // zod's parse output is a fresh tree of objects and arrays, so leaves can be replaced in place.
    const out = parsed.data as Record<string, unknown>;
    const indexes: Record<string, string> = {};
    try {
      for (const l of toSeal) {
        const ctx = ctxs.get(subjectOf(l.subject))!;
        const path = l.at.join('.');
        setIn(out, l.at, sealEncoded(ctx, aadFor(si, path, o.recordId, ctx.keyId), encodeValue(l.value)));
        if (
          wantIndexes &&
          typeof l.value === 'string' &&
          l.kind !== 'untagged' &&
          BlindIndexer.indexable(l.kind)
        ) {
          try {
            indexes[path] = d.indexer.compute(l.kind, l.value);
          } catch {
            // a value with no normal form (not a valid value of its kind) gets no index
          }
        }
      }
    } finally {
      for (const c of ctxs.values()) unpin(c);
    }
    return { record: out as Sealed<S, L>, indexes };
  };
  const cached = acquireCached(d.cache, ids);
  return cached ? Promise.resolve(finish(cached)) : acquire(d.keys, ids, true).then(finish);
}

/**
 * Opens a record's sealed fields, or only the wanted paths (Vault.open); synchronous when every
 * subject key is cached. Throws synchronously on bad input: the caller turns that into a rejection. @internal
 */
export function openRecord<S extends z.ZodType>(
  d: RecordDeps,
  schema: S,
  record: unknown,
  o: OpenOptions<S>,
): Promise<z.output<S>> {
  function decryptAll(ctxs: Map<string, DekContext>, destroyed: Set<string>): z.output<S> {
    const out = copyData(record) as Record<string, unknown>;
    try {
      for (let i = 0; i < targets.length; i++) {
        const l = targets[i]!;
        const p = parsed[i]!;
        if (destroyed.has(p.keyId)) {
          setIn(out, l.at, undefined);
          continue;
        }
        const ctx = ctxs.get(p.keyId)!;
        const pt = openParsed(ctx, p, aadFor(si, l.at.join('.'), o.recordId, p.keyId));
        setIn(out, l.at, decodeValue(pt));
      }
    } finally {
      for (const c of ctxs.values()) unpin(c);
    }
    return out as z.output<S>;
  }
  assertNonEmptyString('recordId', o?.recordId);
  checkSubjects(o.subjects);
  const si = schemaInfo(d.schemas, d.backend, schema);
  const wanted = o.paths;
  const recSubject = recordSubject(o.recordId);
  const targets = leaves(schema, record).filter(
    (l) => levelRank(l.level) >= d.minRank && (!wanted || matches(l.path, wanted)),
  );
  const parsed = targets.map((l) => {
    const expected = l.subject === undefined ? recSubject : o.subjects?.[l.subject];
    const p = parseField(l.value, expected);
    if (!p) throw invalidCiphertext();
    return p;
  });
  const erasedMode = o.erased ?? 'throw';
  const ids = new Set(parsed.map((p) => p.keyId));
  if (erasedMode === 'throw') {
    const cached = acquireCached(d.cache, ids);
    if (cached) return Promise.resolve(decryptAll(cached, new Set()));
    return acquire(d.keys, ids, false).then((c) => decryptAll(c, new Set()));
  }
  return (async () => {
    const ctxs = new Map<string, DekContext>();
    const destroyed = new Set<string>();
    const got = await Promise.allSettled(
      [...ids].map(async (id) => ctxs.set(id, (await acquire(d.keys, [id], false)).get(id)!)),
    );
    const failed = got.find(
      (r): r is PromiseRejectedResult =>
        r.status === 'rejected' && !(r.reason instanceof PiiError && r.reason.code === 'KEY_DESTROYED'),
    );
    if (failed) {
      for (const c of ctxs.values()) unpin(c);
      throw failed.reason;
    }
    for (const id of ids) if (!ctxs.has(id)) destroyed.add(id);
    return decryptAll(ctxs, destroyed);
  })();
}

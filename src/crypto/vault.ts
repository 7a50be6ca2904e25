// The vault: seal and open records field by field under per-subject DEKs, blind indexes, blob
// streams, erasure (crypto-shredding) and KEK rotation. Formats: docs/formats.md.
import type * as z from 'zod';
import { assertBytes, assertNonEmptyString } from '../_internal/assert.js';
import { PiiError } from '../errors.js';
import {
  copyData,
  type Level,
  leaves,
  levelRank,
  type Sealed,
  type SealedString,
  setIn,
} from '../schema/index.js';
import { selectBackend } from './backend.js';
import { BlindIndexer } from './blind-index.js';
import { DekCache, unpin } from './dek-cache.js';
import { acquire, acquireCached } from './dek-acquire.js';
import { type DekContext, openParsed, sealEncoded } from './dek-context.js';
import { decodeValue, encodeValue, invalidCiphertext, parseField } from './field-format.js';
import {
  aadFor,
  checkSubjects,
  matches,
  recordSubject,
  type SchemaInfo,
  schemaInfo,
  valueContext,
} from './field-binding.js';
import { DEFAULT_CHUNK, StreamOpener, StreamSealer, streamKeyOf } from './stream.js';
import {
  nodeOpenTransform,
  nodeSealTransform,
  webOpenTransform,
  webSealTransform,
} from './stream-adapters.js';
import { SubjectKeys } from './subject-keys.js';
import type {
  ErasureCertificate,
  IndexToDelete,
  OpenOptions,
  SealOptions,
  SealResult,
  StreamOptions,
  Vault,
  VaultOptions,
} from './vault-types.js';

/**
 * Any zod schema. Declared here rather than in vault-types.ts because typedoc.json lists
 * `src/crypto/vault.ts:AnySchema` as intentionally not exported.
 */
export type AnySchema = z.ZodType;

/**
 * Creates a vault: envelope encryption of records under per-subject keys.
 *
 * @param options - keyring, key store, index key and tuning
 * @returns a {@link Vault}
 * @throws PiiError INVALID_ARGUMENT when an option is malformed
 * @throws PiiError BACKEND_UNAVAILABLE when `backend: 'node'` is forced outside Node.js
 * @example
 * ```ts
 * import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const Parcel = pii.id('parcel/v1', z.object({ recipient: pii.subject('recipient', z.object({ phone: pii.phone() })) }));
 * const vault = createVault({
 *   keyring: createKeyring({ keks: [{ id: 'kek-1', key: generateKey() }], active: 'kek-1' }),
 *   keyStore: memoryKeyStore(),
 *   indexKey: generateKey(),
 * });
 * const { record } = await vault.seal(Parcel, { recipient: { phone: '13812345678' } }, { recordId: 'P1', subjects: { recipient: 'cust-42' } });
 * const opened = await vault.open(Parcel, record, { recordId: 'P1' });
 * console.log(opened.recipient.phone === '+8613812345678' || opened.recipient.phone === '13812345678'); // true
 * ```
 */
export function createVault<L extends Level = 'sensitive'>(options: VaultOptions<L>): Vault<L> {
  if (!options || typeof options !== 'object')
    throw new PiiError('INVALID_ARGUMENT', 'createVault needs an options object.');
  const { keyring, keyStore } = options;
  if (!keyring || typeof keyring.wrap !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'keyring must come from createKeyring().');
  if (!keyStore || typeof keyStore.get !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'keyStore must be a SubjectKeyStore.');
  assertBytes('indexKey', options.indexKey, 32);
  const backend = selectBackend(options.backend ?? 'auto');
  const now = options.now ?? Date.now;
  const minRank = levelRank(options.sealAtLeast ?? 'sensitive');
  const cache = new DekCache(options.cache ?? {}, now);
  const keys = new SubjectKeys(keyring, keyStore, backend, cache, now);
  const indexer = new BlindIndexer(backend, new Uint8Array(options.indexKey), options.indexBytes ?? 16);
  const schemas = new WeakMap<object, SchemaInfo>();

  const valueInfo = new Map<string, SchemaInfo>();

  const streamSubject = (o: StreamOptions): string => {
    assertNonEmptyString('recordId', o?.recordId);
    if (o.subjectId !== undefined) checkSubjects({ subject: o.subjectId });
    return o.subjectId ?? recordSubject(o.recordId);
  };

  const makeSealer = async (o: StreamOptions): Promise<StreamSealer> => {
    const id = streamSubject(o);
    const ctxs = await acquire(keys, [id], true);
    const ctx = ctxs.get(id)!;
    try {
      return new StreamSealer(ctx, o.recordId, o.name ?? 'blob', o.chunkSize ?? DEFAULT_CHUNK);
    } finally {
      unpin(ctx);
    }
  };
  const makeOpener = (o: StreamOptions): StreamOpener => {
    assertNonEmptyString('recordId', o?.recordId);
    const expect = o.subjectId;
    return new StreamOpener(
      async (keyId, salt) => {
        const ctx = (await acquire(keys, [keyId], false)).get(keyId)!;
        try {
          return streamKeyOf(ctx, salt);
        } finally {
          unpin(ctx);
        }
      },
      o.recordId,
      o.name ?? 'blob',
      expect,
    );
  };

  function sealNow<S extends AnySchema>(
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
    const si = schemaInfo(schemas, backend, schema);
    const wantIndexes = o.indexes ?? true;
    const all = leaves(schema, parsed.data);
    const toSeal = all.filter((l) => levelRank(l.level) >= minRank);
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
              indexes[path] = indexer.compute(l.kind, l.value);
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
    const cached = acquireCached(cache, ids);
    return cached ? Promise.resolve(finish(cached)) : acquire(keys, ids, true).then(finish);
  }

  function openNow<S extends AnySchema>(schema: S, record: unknown, o: OpenOptions<S>): Promise<z.output<S>> {
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
    const si = schemaInfo(schemas, backend, schema);
    const wanted = o.paths;
    const recSubject = recordSubject(o.recordId);
    const targets = leaves(schema, record).filter(
      (l) => levelRank(l.level) >= minRank && (!wanted || matches(l.path, wanted)),
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
      const cached = acquireCached(cache, ids);
      if (cached) return Promise.resolve(decryptAll(cached, new Set()));
      return acquire(keys, ids, false).then((c) => decryptAll(c, new Set()));
    }
    return (async () => {
      const ctxs = new Map<string, DekContext>();
      const destroyed = new Set<string>();
      const got = await Promise.allSettled(
        [...ids].map(async (id) => ctxs.set(id, (await acquire(keys, [id], false)).get(id)!)),
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

  return {
    backend: backend.name,

    seal(schema, value, o) {
      try {
        return sealNow(schema, value, o);
      } catch (e) {
        return Promise.reject(e);
      }
    },

    open(schema, record, o) {
      try {
        return openNow(schema, record, o);
      } catch (e) {
        return Promise.reject(e);
      }
    },

    sealValue(value, c) {
      try {
        const { si, subject } = valueContext(valueInfo, c);
        if (value === undefined || value === null)
          throw new PiiError('INVALID_ARGUMENT', 'value must not be undefined or null.');
        const pt = encodeValue(value);
        const hot = cache.get(subject);
        // One synchronous AEAD call when the key is cached (nothing can evict it meanwhile).
        if (hot)
          return Promise.resolve(
            sealEncoded(hot, aadFor(si, c.path, c.recordId, subject), pt) as SealedString,
          );
        return acquire(keys, [subject], true).then((ctxs) => {
          const ctx = ctxs.get(subject)!;
          try {
            return sealEncoded(ctx, aadFor(si, c.path, c.recordId, subject), pt) as SealedString;
          } finally {
            unpin(ctx);
          }
        });
      } catch (e) {
        return Promise.reject(e);
      }
    },

    openValue(sealed, c) {
      try {
        const { si, subject, explicit } = valueContext(valueInfo, c);
        const p = parseField(sealed, explicit ? subject : undefined);
        if (!p) throw invalidCiphertext();
        const hot = cache.get(p.keyId);
        if (hot)
          return Promise.resolve(decodeValue(openParsed(hot, p, aadFor(si, c.path, c.recordId, p.keyId))));
        return acquire(keys, [p.keyId], false).then((ctxs) => {
          const ctx = ctxs.get(p.keyId)!;
          try {
            return decodeValue(openParsed(ctx, p, aadFor(si, c.path, c.recordId, p.keyId)));
          } finally {
            unpin(ctx);
          }
        });
      } catch (e) {
        return Promise.reject(e);
      }
    },

    blindIndex(kind, value) {
      return indexer.compute(kind, value);
    },

    async eraseSubject(subjectId, eo = {}) {
      assertNonEmptyString('subjectId', subjectId);
      const r = await keys.erase(subjectId);
      const indexesToDelete: IndexToDelete[] = [];
      for (const { kind, value } of eo.knownValues ?? []) {
        try {
          indexesToDelete.push({ kind, index: indexer.compute(kind, value) });
        } catch {
          // not indexable: nothing to delete
        }
      }
      const cert: ErasureCertificate = {
        subjectId,
        keyIdsDestroyed: r.hadKey && !r.alreadyDestroyed ? [subjectId] : [],
        alreadyDestroyed: r.alreadyDestroyed,
        destroyedAt: new Date(r.destroyedAt).toISOString(),
        indexesToDelete,
        notes: [
          'Every sealed field and blob of this subject, in every copy and backup, can no longer be opened.',
          'The vault keeps no plaintext and no list of records: delete the listed blind indexes, and any plaintext copies (caches, logs, exports) yourself.',
          'Other processes drop their cached copy of the key within the cache TTL.',
        ],
      };
      if (r.kekId !== undefined) cert.kekId = r.kekId;
      return cert;
    },

    rotateKek(newKekId, ro) {
      assertNonEmptyString('newKekId', newKekId);
      return keys.rotate(newKekId, ro);
    },

    sealStream: (o) => {
      streamSubject(o);
      return nodeSealTransform(() => makeSealer(o));
    },
    openStream: (o) => nodeOpenTransform(makeOpener(o)),
    sealWebStream: (o) => {
      streamSubject(o);
      return webSealTransform(() => makeSealer(o));
    },
    openWebStream: (o) => webOpenTransform(makeOpener(o)),
    clearCache: () => cache.clear(),
  };
}

// The vault: seal and open records field by field under per-subject DEKs, blind indexes, blob
// streams, erasure (crypto-shredding) and KEK rotation. Formats: docs/formats.md.
import type * as z from 'zod';
import { assertBytes, assertNonEmptyString } from '../_internal/assert.js';
import { PiiError } from '../errors.js';
import { type Level, levelRank, type SealedString } from '../schema/index.js';
import { selectBackend } from './backend.js';
import { selectGmBackend } from './gm/gm-backend.js';
import { BlindIndexer } from './blind-index.js';
import { DekCache, unpin } from './dek-cache.js';
import { acquire } from './dek-acquire.js';
import { openParsed, sealEncoded, staleKeyId } from './dek-context.js';
import { decodeValue, encodeValue, invalidCiphertext, parseField, SUITE, SUITE_GM } from './field-format.js';
import { aadFor, type SchemaInfo, subjectFor, valueContext } from './field-binding.js';
import { DEFAULT_CHUNK, StreamOpener, StreamSealer, streamKeyOf } from './stream.js';
import {
  nodeOpenTransform,
  nodeSealTransform,
  webOpenTransform,
  webSealTransform,
} from './stream-adapters.js';
import { SubjectKeys } from './subject-keys.js';
import { openMany } from './open-many.js';
import { openRecord, type RecordDeps, sealRecord } from './vault-records.js';
import { eraseSubject } from './vault-erase.js';
import type { FieldContext, StreamOptions, Vault, VaultOptions } from './vault-types.js';
import { checkOptions } from '../_internal/options.js';
import {
  ERASE_OPTIONS,
  FIELD_CONTEXT,
  OPEN_OPTIONS,
  ROTATE_OPTIONS,
  SEAL_OPTIONS,
  STREAM_OPTIONS,
  VAULT_OPTIONS,
} from './option-names.js';

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
 * @throws PiiError INVALID_ARGUMENT when an option is malformed or unknown, or `suite` is not `'default'` or `'gm'`
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
  checkOptions('createVault', options, VAULT_OPTIONS);
  const { keyring, keyStore } = options;
  if (!keyring || typeof keyring.wrap !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'keyring must come from createKeyring().');
  if (!keyStore || typeof keyStore.get !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'keyStore must be a SubjectKeyStore.');
  assertBytes('indexKey', options.indexKey, 32);
  const backend = selectBackend(options.backend ?? 'auto');
  const suite = options.suite === undefined ? 'default' : options.suite;
  if (suite !== 'default' && suite !== 'gm')
    throw new PiiError(
      'INVALID_ARGUMENT',
      "suite must be 'default' (XChaCha20-Poly1305, SHA-256) or 'gm' (SM4-GCM, SM3); see docs/gm.md.",
    );
  // GM primitives on the same backend choice; a default-suite vault also needs them to open
  // GM fields of a mixed store
  const gm = selectGmBackend(backend.name);
  const now = options.now ?? Date.now;
  const sealAtLeast: Level = options.sealAtLeast ?? 'sensitive';
  const minRank = levelRank(sealAtLeast);
  const audit = options.audit;
  if (audit !== undefined && audit !== 'none' && typeof audit?.append !== 'function')
    throw new PiiError('INVALID_ARGUMENT', "audit must be an AuditLog (with append) or 'none'.");
  const cache = new DekCache(options.cache ?? {}, now);
  const keys = new SubjectKeys(keyring, keyStore, backend, cache, now, suite === 'gm' ? SUITE_GM : SUITE, gm);
  const indexer = new BlindIndexer(
    backend,
    new Uint8Array(options.indexKey),
    options.indexBytes ?? 16,
    suite === 'gm' ? gm : undefined,
  );
  const schemas = new WeakMap<object, SchemaInfo>();
  const valueInfo = new Map<string, SchemaInfo>();
  if (options.redactText !== undefined && typeof options.redactText !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'redactText must be a function from text to redacted text.');
  const deps: RecordDeps = {
    backend,
    cache,
    keys,
    indexer,
    minRank,
    schemas,
    redactText: options.redactText,
  };
  const erase = { keys, store: keyStore, indexer, audit, sealAtLeast };

  // A field of a suite its cached key lacks: drop that cached key and try again (the subject may
  // have gained a GM DEK in another process since it was cached).
  const retryStale = <T>(run: () => Promise<T>): Promise<T> => {
    const reloaded = new Set<string>();
    const attempt = (): Promise<T> => {
      let p: Promise<T>;
      try {
        p = run();
      } catch (e) {
        p = Promise.reject(e);
      }
      return p.catch((e: unknown) => {
        // each subject of the record is reloaded at most once; a forged suite byte fails again
        const id = staleKeyId(e);
        if (id === undefined || reloaded.has(id) || reloaded.size >= 64) throw e;
        reloaded.add(id);
        cache.delete(id);
        return attempt();
      });
    };
    return attempt();
  };

  const openValueOnce = (sealed: unknown, c: FieldContext): Promise<unknown> => {
    checkOptions('openValue', c, FIELD_CONTEXT);
    const { si, subject, explicit } = valueContext(valueInfo, c);
    const p = parseField(sealed, explicit ? subject : undefined);
    if (!p) throw invalidCiphertext();
    const hot = cache.get(p.keyId);
    if (hot) return Promise.resolve(decodeValue(openParsed(hot, p, aadFor(si, c.path, c.recordId, p.keyId))));
    return acquire(keys, [p.keyId], false).then((ctxs) => {
      const ctx = ctxs.get(p.keyId)!;
      try {
        return decodeValue(openParsed(ctx, p, aadFor(si, c.path, c.recordId, p.keyId)));
      } finally {
        unpin(ctx);
      }
    });
  };

  // every check of the key id happens here, before a key is created for it
  const streamSubject = (o: StreamOptions): string => {
    if (!o || typeof o !== 'object') throw new PiiError('INVALID_ARGUMENT', 'options must be an object.');
    checkOptions('stream', o, STREAM_OPTIONS);
    return subjectFor(o.recordId, o.subjectId);
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
    checkOptions('openStream', o, STREAM_OPTIONS);
    const expect = o.subjectId;
    return new StreamOpener(
      (keyId, salt, suite) =>
        retryStale(async () => {
          const ctx = (await acquire(keys, [keyId], false)).get(keyId)!;
          try {
            return streamKeyOf(ctx, salt, suite);
          } finally {
            unpin(ctx);
          }
        }),
      o.recordId,
      o.name ?? 'blob',
      expect,
    );
  };

  return {
    backend: backend.name,
    suite,
    sealAtLeast,

    seal(schema, value, o) {
      try {
        checkOptions('seal', o, SEAL_OPTIONS);
        return sealRecord<typeof schema, L>(deps, schema, value, o);
      } catch (e) {
        return Promise.reject(e);
      }
    },

    open(schema, record, o) {
      try {
        checkOptions('open', o, OPEN_OPTIONS);
        return retryStale(() => openRecord(deps, schema, record, o));
      } catch (e) {
        return Promise.reject(e);
      }
    },

    openMany: (schema, items, mo) => retryStale(() => openMany(deps, schema, items, mo)),

    sealValue(value, c) {
      try {
        checkOptions('sealValue', c, FIELD_CONTEXT);
        const { si, subject } = valueContext(valueInfo, c, true);
        if (value === undefined || value === null)
          throw new PiiError('INVALID_ARGUMENT', 'value must not be undefined or null.');
        const pt = encodeValue(value);
        const hot = cache.get(subject);
        // One synchronous AEAD call when the key is cached (nothing can evict it meanwhile).
        if (hot?.canSeal)
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
      return retryStale(() => openValueOnce(sealed, c));
    },

    blindIndex(kind, value) {
      return indexer.compute(kind, value);
    },

    eraseSubject(subjectId, eo) {
      try {
        checkOptions('eraseSubject', eo, ERASE_OPTIONS);
      } catch (e) {
        return Promise.reject(e);
      }
      return eraseSubject(erase, subjectId, eo);
    },

    rotateKek(newKekId, ro) {
      assertNonEmptyString('newKekId', newKekId);
      checkOptions('rotateKek', ro, ROTATE_OPTIONS);
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

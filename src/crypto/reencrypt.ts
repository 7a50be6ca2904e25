// The re-encryption job that moves existing data from suite 1 to the GM suite (docs/gm.md,
// "Moving existing data"). Resumable phases, each safe to repeat after a crash at any point:
//  1. records: each record the source lists is opened (either suite) and sealed again by a GM
//     vault, then written back; a record whose sealed fields are all suite 2 already is skipped,
//     so a record written just before a crash is not sealed twice. Sealing gives each subject a
//     GM DEK beside its old one (subject-keys.ts).
//  2. blobs (when a blob source is given, reencrypt-blobs.ts): each suite-1 blob is opened and
//     streamed into a GM blob under the same binding, verified, then swapped in by the source.
//  3. keys: every key record holding both DEKs loses the old one (a compare-and-set to the GM
//     part alone; stores wipe replaced bytes), so nothing sealed under suite 1 can be opened again.
// A checkpoint (phase, last record or blob id) is saved after each step in a progress store.
import type * as z from 'zod';
import { PiiError } from '../errors.js';
import { checkOptions } from '../_internal/options.js';
import { parseField, SUITE_GM } from './field-format.js';
import { decodeWrapped, encodeWrapped } from './key-record-suite.js';
import type { SubjectKeyStore } from './key-store.js';
import { REENCRYPT_OPTIONS } from './option-names.js';
import { moveBlobs, type ReencryptBlobSource } from './reencrypt-blobs.js';
import type { SealResult, Vault } from './vault-types.js';

/** One record for {@link reencryptToGm}: what `vault.seal` needs to seal it again. */
export interface ReencryptItem {
  /** The record's schema (the one it was sealed with). */
  schema: z.ZodType;
  /** The record id it was sealed with. */
  recordId: string;
  /** The sealed record as stored. */
  record: unknown;
  /** Subject id per role, as given to `seal`. */
  subjects?: Readonly<Record<string, string>>;
  /** Roles sealed under the record key on purpose, as given to `seal`. */
  recordKeyFor?: readonly string[];
}

/** Where the job reads records and writes them back: the application's database. */
export interface ReencryptSource {
  /**
   * The records after the one with id `after` (all when undefined), in an order that is the
   * same on every call, so a resumed job continues where it stopped.
   */
  list(after: string | undefined): AsyncIterable<ReencryptItem>;
  /** Replaces the stored record (and its blind indexes) with the GM one; must be durable when it resolves. */
  write(item: ReencryptItem, sealed: SealResult<unknown, 'sensitive'>): Promise<void>;
}

/** Where the job keeps its checkpoint between runs. */
export interface ReencryptProgressStore {
  /** The saved checkpoint, or undefined before the first run. */
  load(): Promise<ReencryptCheckpoint | undefined>;
  /** Saves a checkpoint durably. */
  save(checkpoint: ReencryptCheckpoint): Promise<void>;
}

/** The job's saved position. */
export interface ReencryptCheckpoint {
  /** `'records'` (phase 1), `'blobs'` (phase 2, with a blob source), `'keys'` (phase 3) or `'done'`. */
  phase: 'records' | 'blobs' | 'keys' | 'done';
  /** Id of the last record (phase `'records'`) or blob (phase `'blobs'`) handled. */
  after?: string;
}

/** Progress of {@link reencryptToGm}, reported after each record and key. */
export interface ReencryptProgress {
  /** `'records'` (sealing records again), `'blobs'` (sealing blobs again) or `'keys'` (dropping old DEKs). */
  phase: 'records' | 'blobs' | 'keys';
  /** Records, blobs or key records handled so far by this run, in this phase. */
  done: number;
}

/** Options of {@link reencryptToGm}. */
export interface ReencryptOptions {
  /** A vault created with `suite: 'gm'` over the key store. */
  vault: Vault<'sensitive'>;
  /** The vault's key store (phase 2 drops the old DEKs from it). */
  keyStore: SubjectKeyStore;
  /** The records to move. */
  source: ReencryptSource;
  /** Where the checkpoint lives. */
  progress: ReencryptProgressStore;
  /**
   * The blobs to move (streams sealed with `sealStream`), for example {@link fileBlobSource};
   * without it the job moves records only and old DEKs that blobs still use stay (`legacyOnly`).
   * Resume a job with the blob source it started with.
   */
  blobs?: ReencryptBlobSource;
  /** Called after each record, blob and key record. */
  onProgress?: (p: ReencryptProgress) => void;
}

/** What one run of {@link reencryptToGm} did. */
export interface ReencryptResult {
  /** Records sealed again under GM by this run. */
  resealed: number;
  /** Records already all GM (moved by an earlier run, or sealed by a GM vault). */
  alreadyGm: number;
  /** Records left as they are because a subject of theirs was erased (nothing readable in them). */
  erased: number;
  /** Blobs sealed again under GM by this run. */
  blobsResealed: number;
  /** Blobs already GM (moved by an earlier run, or sealed by a GM vault). */
  blobsAlreadyGm: number;
  /** Blobs left as they are because their subject was erased (nothing readable in them). */
  blobsErased: number;
  /** Old (suite-1) DEKs dropped from key records by this run. */
  oldKeysDestroyed: number;
  /**
   * Key records that hold only a suite-1 DEK: no listed record or blob used them (data outside
   * the sources, such as blobs when no blob source was given, or an unused key). Move that data
   * and run again, or erase them.
   */
  legacyOnly: number;
}

/** The suites of every sealed field in a stored record (walks plain objects and arrays). */
function suitesOf(v: unknown, into: Set<number>, depth = 0): Set<number> {
  if (depth > 64) return into;
  if (typeof v === 'string') {
    const p = v.startsWith('cpii1.') ? parseField(v) : undefined;
    if (p) into.add(p.suite);
  } else if (Array.isArray(v)) for (const x of v) suitesOf(x, into, depth + 1);
  else if (v !== null && typeof v === 'object')
    for (const x of Object.values(v)) suitesOf(x, into, depth + 1);
  return into;
}

/**
 * Moves existing data to the GM suite: seals every listed record and blob again under a GM vault,
 * then destroys the old DEKs. Resumable: run it again after any stop (a crash, SIGKILL) with the same
 * progress store; work already done is skipped. Stop every default-suite writer first.
 *
 * @param options - the GM vault, its key store, the record source, the blob source and the progress store
 * @returns counts of what this run did
 * @throws PiiError INVALID_ARGUMENT when the vault is not a GM vault or an option is unknown, when `blobs` lacks list, read or replace, when its `replace` returns before reading the sealed bytes to their end, or when a job stopped in the blobs phase is resumed without `blobs`
 * @throws PiiError CIPHERTEXT_INVALID, KEY_INVALID when a record, blob or key does not open (nothing is destroyed then; a blob's error carries `details.blob`, its id, and the blob is left as it was)
 * @throws PiiError STORE_UNAVAILABLE when the blob source cannot read or replace a blob (from {@link fileBlobSource})
 * @example
 * ```ts
 * import { createKeyring, createVault, generateKey, memoryKeyStore, reencryptToGm } from 'courier-pii/crypto';
 * const keyring = createKeyring({ keks: [{ id: 'k', key: generateKey() }], active: 'k' });
 * const keyStore = memoryKeyStore();
 * const vault = createVault({ keyring, keyStore, indexKey: generateKey(), suite: 'gm' });
 * let saved;
 * const result = await reencryptToGm({
 *   vault,
 *   keyStore,
 *   source: { async *list() {}, async write() {} },
 *   progress: { load: async () => saved, save: async (c) => { saved = c; } },
 * });
 * console.log(result.resealed); // 0
 * ```
 */
export async function reencryptToGm(options: ReencryptOptions): Promise<ReencryptResult> {
  if (!options || typeof options !== 'object')
    throw new PiiError('INVALID_ARGUMENT', 'reencryptToGm needs an options object.');
  checkOptions('reencryptToGm', options, REENCRYPT_OPTIONS);
  const { vault, keyStore, source, progress, blobs } = options;
  if (vault?.suite !== 'gm')
    throw new PiiError('INVALID_ARGUMENT', "reencryptToGm needs a vault created with suite: 'gm'.");
  if (
    typeof keyStore?.list !== 'function' ||
    typeof source?.list !== 'function' ||
    typeof progress?.load !== 'function'
  )
    throw new PiiError('INVALID_ARGUMENT', 'reencryptToGm needs keyStore, source and progress.');
  if (
    blobs !== undefined &&
    (typeof blobs?.list !== 'function' ||
      typeof blobs.read !== 'function' ||
      typeof blobs.replace !== 'function')
  )
    throw new PiiError('INVALID_ARGUMENT', 'reencryptToGm: blobs needs list, read and replace functions.');
  const result: ReencryptResult = {
    resealed: 0,
    alreadyGm: 0,
    erased: 0,
    blobsResealed: 0,
    blobsAlreadyGm: 0,
    blobsErased: 0,
    oldKeysDestroyed: 0,
    legacyOnly: 0,
  };
  let cp: ReencryptCheckpoint = (await progress.load()) ?? { phase: 'records' };
  if (cp.phase === 'records') {
    let done = 0;
    for await (const item of source.list(cp.after)) {
      const suites = suitesOf(item.record, new Set());
      if (suites.size > 0 && !(suites.size === 1 && suites.has(SUITE_GM))) {
        let plain: unknown;
        try {
          plain = await vault.open(item.schema, item.record as never, { recordId: item.recordId });
        } catch (e) {
          if (!(e instanceof PiiError && e.code === 'KEY_DESTROYED')) throw e;
          plain = undefined;
        }
        if (plain === undefined) result.erased++;
        else {
          const sealed = await vault.seal(item.schema, plain, {
            recordId: item.recordId,
            ...(item.subjects ? { subjects: item.subjects as never } : {}),
            ...(item.recordKeyFor ? { recordKeyFor: item.recordKeyFor as never } : {}),
          });
          await source.write(item, sealed as SealResult<unknown, 'sensitive'>);
          result.resealed++;
        }
      } else result.alreadyGm++;
      cp = { phase: 'records', after: item.recordId };
      await progress.save(cp);
      options.onProgress?.({ phase: 'records', done: ++done });
    }
    cp = { phase: blobs ? 'blobs' : 'keys' };
    await progress.save(cp);
  }
  if (cp.phase === 'blobs') {
    if (!blobs)
      throw new PiiError(
        'INVALID_ARGUMENT',
        'This job stopped while moving blobs: run it again with the same blob source (blobs option, or --blobs).',
      );
    await moveBlobs({ vault, keyStore, blobs, progress, onProgress: options.onProgress }, cp.after, result);
    cp = { phase: 'keys' };
    await progress.save(cp);
  }
  if (cp.phase === 'keys') {
    let done = 0;
    for await (const first of keyStore.list()) {
      let r = first;
      for (let attempt = 0; attempt < 8 && r?.state === 'active'; attempt++) {
        const parts = decodeWrapped(r.wrapped);
        if (!parts.legacy || !parts.gm) {
          if (!parts.gm) result.legacyOnly++;
          break;
        }
        const next = { ...r, wrapped: encodeWrapped(parts.gm), revision: r.revision + 1 };
        if (await keyStore.compareAndSet(r.subjectId, r.revision, next)) {
          result.oldKeysDestroyed++;
          break;
        }
        const again = await keyStore.get(r.subjectId);
        if (!again) break;
        r = again;
      }
      options.onProgress?.({ phase: 'keys', done: ++done });
    }
    // contexts cached before this phase still hold the old DEKs: forget them
    vault.clearCache();
    cp = { phase: 'done' };
    await progress.save(cp);
  }
  return result;
}

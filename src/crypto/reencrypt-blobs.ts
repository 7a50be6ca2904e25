// The blob phase of the re-encryption job (docs/gm.md, "Moving existing data"): each suite-1
// blob the application lists is opened and sealed again as a GM stream, chunk by chunk (memory
// stays at about one chunk whatever the blob's size), bound to the same record id, name and key
// id as before. The new bytes are opened again while they are written, and the plaintext digests
// of both sides must match before the source may replace the old blob: a blob that fails to open
// stops the job and is left as it was. A blob already GM is skipped, so a blob replaced just
// before a crash is not moved twice; a blob whose replacement never completed is moved again.

import { concatBytes, equalBytes, fromUtf8 } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import { invalidCiphertext } from './field-format.js';
import { sm3 } from './gm/sm3.js';
import type { SubjectKeyStore } from './key-store.js';
import type { ReencryptCheckpoint, ReencryptProgress, ReencryptResult } from './reencrypt.js';
import { STREAM_MAGIC, STREAM_MAGIC_GM } from './stream.js';
import type { StreamOptions, Vault } from './vault-types.js';

/** One blob for the re-encryption job: where it is and what it was sealed with. */
export interface ReencryptBlob {
  /** The blob's id in the source; the source lists blobs in the order of these ids. */
  id: string;
  /** The record id the blob was sealed with (`sealStream`'s `recordId`). */
  recordId: string;
  /** Its name within the record as sealed (default `'blob'`). */
  name?: string;
}

/**
 * Where the job reads blobs and writes their GM replacements: the application's blob storage
 * ({@link fileBlobSource} is one for a folder of files). The subject of each blob is read from
 * its header, never asked of the source.
 */
export interface ReencryptBlobSource {
  /**
   * The blobs after the one with id `after` (all when undefined), in an order that is the same
   * on every call, so a resumed job continues where it stopped.
   */
  list(after: string | undefined): AsyncIterable<ReencryptBlob>;
  /** The stored (sealed) bytes of a blob, for example a Node `fs.createReadStream`. */
  read(blob: ReencryptBlob): AsyncIterable<Uint8Array>;
  /**
   * Consumes `sealed` to its end and only then replaces the stored blob with those bytes,
   * atomically and durably (the old blob stays readable until the new one is complete). When
   * iterating `sealed` throws, leave the stored blob as it was and rethrow.
   */
  replace(blob: ReencryptBlob, sealed: AsyncIterable<Uint8Array>): Promise<void>;
}

/** What the blob phase works with. @internal */
export interface BlobPhase {
  vault: Vault<'sensitive'>;
  keyStore: SubjectKeyStore;
  blobs: ReencryptBlobSource;
  progress: { save(c: ReencryptCheckpoint): Promise<void> };
  onProgress: ((p: ReencryptProgress) => void) | undefined;
}

/** A blob's header as far as the job needs it, and the whole stream again from its start. */
interface Peeked {
  suite: 1 | 2;
  keyId: string;
  bytes: AsyncIterable<Uint8Array>;
  /** Closes the source without reading on (a file stream releases its descriptor). */
  close(): Promise<void>;
}

/** Reads enough of a stream to know its suite and key id; the bytes read are handed on. */
async function peekHeader(source: AsyncIterable<Uint8Array>): Promise<Peeked> {
  const it = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let have = 0;
  const joined = (): Uint8Array => concatBytes(...head);
  let need = 5;
  let sized = false; // the key id length (byte 4) has been read
  for (;;) {
    while (have < need) {
      const n = await it.next();
      if (n.done) throw invalidCiphertext();
      if (!(n.value instanceof Uint8Array))
        throw new PiiError('INVALID_ARGUMENT', 'A blob source must yield bytes.');
      head.push(n.value);
      have += n.value.length;
    }
    const h = joined();
    if (!sized) {
      sized = true;
      need = 5 + h[4]!;
      continue;
    }
    const magic = h.subarray(0, 4);
    const suite = equalBytes(magic, STREAM_MAGIC) ? 1 : equalBytes(magic, STREAM_MAGIC_GM) ? 2 : undefined;
    if (suite === undefined || h[4] === 0) {
      await it.return?.();
      throw invalidCiphertext();
    }
    let keyId: string;
    try {
      keyId = fromUtf8(h.subarray(5, need));
    } catch {
      await it.return?.();
      throw invalidCiphertext();
    }
    const bytes = (async function* () {
      yield h;
      for (;;) {
        const n = await it.next();
        if (n.done) return;
        yield n.value;
      }
    })();
    return {
      suite,
      keyId,
      bytes,
      close: async () => {
        await it.return?.();
      },
    };
  }
}

/** A web ReadableStream over an async iterable (cancelling it closes the iterable). */
function readableOf(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      const n = await it.next();
      if (n.done) c.close();
      else c.enqueue(n.value);
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/** Passes bytes through, hashing them. */
function digesting(h: ReturnType<typeof sm3.create>): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(c, ctl) {
      h.update(c);
      ctl.enqueue(c);
    },
  });
}

/**
 * The GM stream of a suite-1 blob, as an async iterable for the source's `replace`. It opens the
 * new bytes again as they are handed out and throws, before it ends, unless they open to the same
 * plaintext; `state.complete` is set only then.
 */
async function* resealed(
  vault: Vault<'sensitive'>,
  opts: StreamOptions,
  bytes: AsyncIterable<Uint8Array>,
  state: { complete: boolean },
): AsyncGenerator<Uint8Array> {
  const before = sm3.create();
  const after = sm3.create();
  const sealed = readableOf(bytes)
    .pipeThrough(vault.openWebStream(opts))
    .pipeThrough(digesting(before))
    .pipeThrough(vault.sealWebStream(opts));
  const check = vault.openWebStream(opts);
  const writer = check.writable.getWriter();
  const drained = (async () => {
    const r = check.readable.getReader();
    for (;;) {
      const n = await r.read();
      if (n.done) return;
      after.update(n.value);
    }
  })();
  drained.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
  const reader = sealed.getReader();
  let finished = false;
  try {
    for (;;) {
      const n = await reader.read();
      if (n.done) break;
      await writer.write(n.value);
      yield n.value;
    }
    await writer.close();
    await drained;
    if (!equalBytes(before.digest(), after.digest())) throw invalidCiphertext();
    finished = true;
    state.complete = true;
  } finally {
    if (!finished) {
      await reader.cancel().catch(() => {});
      await writer.abort().catch(() => {});
    }
  }
}

function blobFailed(blob: ReencryptBlob, cause: PiiError): PiiError {
  return new PiiError(
    cause.code,
    `A blob does not open (${cause.code}): it was altered, truncated, listed with another record id or name than it was sealed with, or its old key is already gone. The job stopped and left it as it was; restore it from a backup or correct its listing, then run the job again.`,
    { cause, details: { blob: blob.id } },
  );
}

/** Moves one blob; returns what became of it. */
async function moveBlob(ph: BlobPhase, blob: ReencryptBlob): Promise<'resealed' | 'alreadyGm' | 'erased'> {
  let head: Peeked;
  try {
    head = await peekHeader(ph.blobs.read(blob));
  } catch (e) {
    throw e instanceof PiiError && e.code === 'CIPHERTEXT_INVALID' ? blobFailed(blob, e) : e;
  }
  if (head.suite === 2) {
    await head.close();
    return 'alreadyGm';
  }
  const stored = await ph.keyStore.get(head.keyId);
  if (stored?.state === 'destroyed') {
    await head.close();
    return 'erased';
  }
  const recordKey = head.keyId === `record:${blob.recordId}`;
  const opts: StreamOptions = {
    recordId: blob.recordId,
    ...(blob.name !== undefined ? { name: blob.name } : {}),
    ...(recordKey ? {} : { subjectId: head.keyId }),
  };
  const state = { complete: false };
  try {
    await ph.blobs.replace(blob, resealed(ph.vault, opts, head.bytes, state));
  } catch (e) {
    if (e instanceof PiiError && e.code === 'KEY_DESTROYED') return 'erased'; // erased meanwhile
    throw e instanceof PiiError && e.code === 'CIPHERTEXT_INVALID' ? blobFailed(blob, e) : e;
  }
  if (!state.complete)
    throw new PiiError(
      'INVALID_ARGUMENT',
      'The blob source returned from replace before reading the sealed bytes to their end; it must consume them all, then replace.',
      { details: { blob: blob.id } },
    );
  return 'resealed';
}

/**
 * Phase "blobs": moves every listed blob after `after`, saving a checkpoint after each.
 * @internal
 */
export async function moveBlobs(
  ph: BlobPhase,
  after: string | undefined,
  result: ReencryptResult,
): Promise<void> {
  let done = 0;
  for await (const blob of ph.blobs.list(after)) {
    if (!blob || typeof blob.id !== 'string' || typeof blob.recordId !== 'string')
      throw new PiiError('INVALID_ARGUMENT', 'Each listed blob needs a string id and recordId.');
    const what = await moveBlob(ph, blob);
    if (what === 'resealed') result.blobsResealed++;
    else if (what === 'alreadyGm') result.blobsAlreadyGm++;
    else result.blobsErased++;
    await ph.progress.save({ phase: 'blobs', after: blob.id });
    ph.onProgress?.({ phase: 'blobs', done: ++done });
  }
}

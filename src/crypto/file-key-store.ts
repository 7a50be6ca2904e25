// A crash-safe subject key store in one file (docs/formats.md, "Key store file"): an append-only
// journal of checksummed lines, fsync'd before a write is acknowledged, compacted by writing a
// temporary file, fsync, rename, fsync of the directory. A crash can only tear the last line,
// which was never acknowledged; every earlier line stays intact.
import { fromBase64url, toBase64url } from '../_internal/bytes.js';
import { assertNonEmptyString } from '../_internal/assert.js';
import {
  atomicWriter,
  checkPrivateMode,
  clearStaleTemps,
  fsReason,
  openPrivateAppend,
  writeFileAtomic,
} from '../_internal/private-files.js';
import { PiiError } from '../errors.js';
import { checkRecord, destroyedKeyRecord, type SubjectKeyRecord, type SubjectKeyStore } from './key-store.js';
import { checkOptions } from '../_internal/options.js';
import { FILE_KEY_STORE_OPTIONS } from './option-names.js';
import { builtinModule } from '../_internal/builtin.js';

type Fs = typeof import('node:fs');
type NodeCrypto = typeof import('node:crypto');

/** Options for {@link fileKeyStore}. */
export interface FileKeyStoreOptions {
  /**
   * Rewrite the file right after a DEK is destroyed so its wrapped bytes leave the file at once
   * (default true). With false, call `compact()` yourself after a batch of erasures.
   */
  compactOnDestroy?: boolean;
  /**
   * What opening an existing file that group or others can access does: `'warn'` (default) emits
   * a process warning (code `COURIER_PII_FILE_MODE`), `'refuse'` fails with STORE_UNAVAILABLE.
   * New files are always created 0600.
   */
  insecureFileMode?: 'warn' | 'refuse';
}

/** A {@link SubjectKeyStore} backed by a file, with explicit compaction and close. */
export interface FileKeyStore extends SubjectKeyStore {
  /** Rewrites the file with only the current records (atomic: temp file, fsync, rename). */
  compact(): Promise<void>;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

const HEADER = 'cpii-keystore v1\n';

function builtin<T>(id: string): T {
  const m = builtinModule<T>(id);
  if (!m)
    throw new PiiError(
      'BACKEND_UNAVAILABLE',
      'fileKeyStore needs Node.js file access; use memoryKeyStore or a database store here.',
    );
  return m;
}

function corrupt(path: string, why: string): PiiError {
  return new PiiError(
    'KEYSTORE_CORRUPT',
    `Key store file ${path} is damaged (${why}). Stop writing to it and restore it from a backup; do not delete it, its keys are the only way to read the sealed data.`,
  );
}

/**
 * A crash-safe subject key store in one file (Node.js). Single writer: open one store per file.
 *
 * @param path - file path; created when missing
 * @param options - compaction behaviour
 * @returns a {@link FileKeyStore}
 * @throws PiiError KEYSTORE_CORRUPT (from its methods) when the file is damaged, saying what to do
 * @throws PiiError STORE_UNAVAILABLE (from its methods) when the file cannot be read or written, is a
 *   symbolic link, or (with `insecureFileMode: 'refuse'`) group or others can access it
 * @throws PiiError BACKEND_UNAVAILABLE outside Node.js
 * @example
 * ```ts
 * import { fileKeyStore } from 'courier-pii/crypto';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const store = fileKeyStore(join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.journal'));
 * console.log((await store.get('customer-1')) === undefined); // true
 * await store.close();
 * ```
 */
export function fileKeyStore(path: string, options: FileKeyStoreOptions = {}): FileKeyStore {
  assertNonEmptyString('path', path);
  checkOptions('fileKeyStore', options, FILE_KEY_STORE_OPTIONS);
  const fs = builtin<Fs>('node:fs');
  const crypto = builtin<NodeCrypto>('node:crypto');
  const compactOnDestroy = options.compactOnDestroy ?? true;
  const modeAction = options.insecureFileMode ?? 'warn';
  if (modeAction !== 'warn' && modeAction !== 'refuse')
    throw new PiiError('INVALID_ARGUMENT', "insecureFileMode must be 'warn' or 'refuse'.");
  const records = new Map<string, SubjectKeyRecord>();
  let fd = -1;
  let lines = 0;
  let failure: PiiError | undefined;
  let closed = false;

  const sum = (json: string): string => crypto.createHash('sha256').update(json).digest('hex').slice(0, 16);
  const encode = (r: SubjectKeyRecord): string => {
    const o =
      r.state === 'active'
        ? { s: r.subjectId, t: 'a', k: r.kekId, w: toBase64url(r.wrapped), c: r.createdAt, r: r.revision }
        : { s: r.subjectId, t: 'd', c: r.createdAt, x: r.destroyedAt, r: r.revision };
    const json = JSON.stringify(o);
    return `${sum(json)} ${json}\n`;
  };
  const decode = (line: string): SubjectKeyRecord | undefined => {
    const sp = line.indexOf(' ');
    if (sp !== 16) return undefined;
    const json = line.slice(17);
    if (sum(json) !== line.slice(0, 16)) return undefined;
    try {
      const o = JSON.parse(json) as Record<string, unknown>;
      if (o.t === 'a') {
        const wrapped = fromBase64url(o.w as string);
        if (!wrapped) return undefined;
        return {
          subjectId: o.s as string,
          state: 'active',
          kekId: o.k as string,
          wrapped,
          createdAt: o.c as number,
          revision: o.r as number,
        };
      }
      if (o.t === 'd') {
        return destroyedKeyRecord({
          subjectId: o.s as string,
          createdAt: o.c as number,
          destroyedAt: o.x as number,
          revision: o.r as number,
        });
      }
    } catch {
      return undefined;
    }
    return undefined;
  };

  const unavailable = (doing: string, cause: unknown): PiiError =>
    new PiiError(
      'STORE_UNAVAILABLE',
      `Cannot ${doing} key store file ${path}: ${fsReason(cause)}. Fix that and open the store again.`,
      { cause },
    );

  const load = (): void => {
    // Temp files of an interrupted compaction (the journal itself is intact), and the fixed-name
    // temp file of versions before 0.2 (removed without following it, should it be a link).
    clearStaleTemps(path);
    try {
      if (!fs.lstatSync(`${path}.compact`).isDirectory()) fs.unlinkSync(`${path}.compact`);
    } catch {
      // none
    }
    let st: import('node:fs').Stats | undefined;
    try {
      st = fs.lstatSync(path);
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT') throw unavailable('open', e);
    }
    if (st?.isSymbolicLink())
      throw unavailable('open', Object.assign(new Error('symbolic link'), { code: 'ELOOP' }));
    if (st?.isDirectory())
      throw unavailable('open', Object.assign(new Error('directory'), { code: 'EISDIR' }));
    if (!st) {
      try {
        writeFileAtomic(path, HEADER, { overwrite: false });
      } catch (e) {
        if ((e as { code?: string }).code !== 'EEXIST') throw unavailable('create', e);
      }
    } else checkPrivateMode(path, modeAction, 'fileKeyStore');
    let text: string;
    try {
      text = fs.readFileSync(path, 'utf8');
    } catch (e) {
      throw unavailable('read', e);
    }
    if (!text.startsWith(HEADER)) throw corrupt(path, 'it does not start with the key store header');
    const parts = text.slice(HEADER.length).split('\n');
    let goodBytes = HEADER.length;
    // parts[last] is '' after a complete final line, or a torn, unacknowledged write.
    for (let i = 0; i < parts.length - 1; i++) {
      const r = decode(parts[i]!);
      if (!r) {
        if (i === parts.length - 2 && parts[parts.length - 1] === '') break; // torn final line
        throw corrupt(path, `line ${i + 2} fails its checksum`);
      }
      records.set(r.subjectId, r);
      goodBytes += Buffer.byteLength(parts[i]!) + 1;
      lines++;
    }
    try {
      if (goodBytes !== Buffer.byteLength(text)) fs.truncateSync(path, goodBytes); // drop the torn tail
      fd = openPrivateAppend(path).fd;
    } catch (e) {
      throw unavailable('write', e);
    }
  };

  let loaded = false;
  const ready = (): void => {
    if (failure) throw failure;
    if (closed) throw new PiiError('STORE_UNAVAILABLE', 'This file key store was closed; open a new one.');
    if (!loaded) {
      load();
      loaded = true;
    }
  };

  // Group commit: changes made in one turn of the event loop share one write and one fsync.
  let batch:
    | {
        lines: string[];
        destroyed: boolean;
        done: Promise<void>;
        resolve: () => void;
        reject: (e: unknown) => void;
      }
    | undefined;
  const pendingIds = new Set<string>();
  const enqueue = (r: SubjectKeyRecord): Promise<void> => {
    if (!batch) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const done = new Promise<void>((a, b) => {
        resolve = a;
        reject = b;
      });
      batch = { lines: [], destroyed: false, done, resolve, reject };
      setImmediate(flush);
    }
    batch.lines.push(encode(r));
    if (r.state === 'destroyed') batch.destroyed = true;
    pendingIds.add(r.subjectId);
    return batch.done;
  };
  const flush = (): void => {
    const b = batch;
    if (!b) return;
    batch = undefined;
    try {
      fs.writeSync(fd, b.lines.join(''));
      fs.fsyncSync(fd);
      lines += b.lines.length;
      pendingIds.clear();
      if ((b.destroyed && compactOnDestroy) || lines > 2 * records.size + 1024) compactNow();
      b.resolve();
    } catch (cause) {
      failure = new PiiError(
        'STORE_UNAVAILABLE',
        `Writing key store file ${path} failed; fix the disk problem and reopen the store.`,
        { cause },
      );
      b.reject(failure);
    }
  };
  const compactNow = (): void => {
    const out = [HEADER];
    for (const r of records.values()) out.push(encode(r));
    // A fresh temp file (random name, exclusive, no symlink following), fsync, rename, fsync dir.
    const w = atomicWriter(path);
    try {
      w.write(out.join(''));
    } catch (e) {
      w.abort();
      throw e;
    }
    w.commit();
    fs.closeSync(fd);
    fd = openPrivateAppend(path).fd;
    lines = records.size;
  };
  const settled = async (id: string): Promise<void> => {
    if (pendingIds.has(id) && batch) await batch.done;
  };
  const clone = (r: SubjectKeyRecord): SubjectKeyRecord =>
    r.state === 'active' ? { ...r, wrapped: new Uint8Array(r.wrapped) } : { ...r };

  return {
    async get(id) {
      ready();
      await settled(id);
      const r = records.get(id);
      return r && clone(r);
    },
    async getMany(ids) {
      ready();
      // as get: wait for the group commit that holds any of them (one wait for the page)
      if (batch && ids.some((id) => pendingIds.has(id))) await batch.done;
      return ids.map((id) => {
        const r = records.get(id);
        return r && clone(r);
      });
    },
    async create(record) {
      ready();
      checkRecord(record);
      const cur = records.get(record.subjectId);
      if (cur) {
        await settled(record.subjectId);
        return clone(cur);
      }
      const r = clone(record);
      records.set(r.subjectId, r);
      await enqueue(r);
      return clone(r);
    },
    async compareAndSet(id, expected, next) {
      ready();
      checkRecord(next);
      const cur = records.get(id);
      if (!cur || cur.revision !== expected || next.subjectId !== id || next.revision !== expected + 1)
        return false;
      const r = clone(next);
      records.set(id, r);
      await enqueue(r);
      return true;
    },
    async *list() {
      ready();
      // Snapshot the ids only and read each record as it is reached, so a long pass (rotation,
      // handover) sees current records and does not pin replaced ones in memory.
      for (const id of [...records.keys()]) {
        const r = records.get(id);
        if (r) yield clone(r);
      }
    },
    async compact() {
      ready();
      if (batch) await batch.done;
      try {
        compactNow();
      } catch (e) {
        throw unavailable('compact', e);
      }
    },
    async close() {
      if (closed) return;
      if (batch) await batch.done;
      if (fd >= 0) fs.closeSync(fd);
      closed = true;
    },
  };
}

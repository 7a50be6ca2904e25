// Key-store backups (docs/operations.md, "Backups and restore"). A backup is a JSON Lines file: a
// header, one line per subject key record (wrapped DEKs and tombstones; never a raw DEK), and a
// trailer with the record count and a SHA-256 (or, with a key, HMAC-SHA256) over every byte before
// it, written privately (0600) and atomically. Restoring is restore.ts: it replays the erasure
// ledger so an old backup never brings destroyed keys back.
import { fromBase64url, toBase64url } from '../_internal/bytes.js';
import { type AtomicWriter, atomicWriter, fsReason } from '../_internal/private-files.js';
import type { AuditHead } from '../audit/index.js';
import { destroyedKeyRecord, type SubjectKeyRecord, type SubjectKeyStore } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { checkOptions } from '../_internal/options.js';
import { BACKUP_OPTIONS } from './option-names.js';
import { builtinModule } from '../_internal/builtin.js';

const FORMAT = 'courier-pii/keystore-backup';

type NodeApis = {
  fs: typeof import('node:fs');
  crypto: typeof import('node:crypto');
  path: typeof import('node:path');
};

// Loaded on use (not imported), so importing courier-pii in a browser does not pull in node:fs.
function node(): NodeApis {
  const fs = builtinModule<NodeApis['fs']>('node:fs');
  const crypto = builtinModule<NodeApis['crypto']>('node:crypto');
  const path = builtinModule<NodeApis['path']>('node:path');
  if (!fs || !crypto || !path)
    throw new PiiError('BACKEND_UNAVAILABLE', 'Key store backups need Node.js 20.16 or later.');
  return { fs, crypto, path };
}

/** The audit log as backup needs it: its head (`AuditLog` has this). */
export interface BackupAuditSource {
  /** The end of the log when the snapshot starts. */
  head(): Promise<AuditHead>;
}

/** Progress of a backup or restore. */
export interface BackupProgress {
  /** What is being done. */
  phase: 'records' | 'verify' | 'erasures';
  /** Items done in this phase. */
  done: number;
}

/** Options of {@link backupKeyStore}. */
export interface BackupOptions {
  /** The audit log; its size at the snapshot is recorded in the backup (informative: restores replay the whole ledger). */
  audit?: BackupAuditSource;
  /** 32 secret bytes: the snapshot is sealed with HMAC-SHA256 instead of SHA-256 (detects deliberate edits, not only damage). */
  integrityKey?: Uint8Array;
  /** Called every 1,000 records and at the end of each phase. */
  onProgress?: (p: BackupProgress) => void;
}

/** What {@link backupKeyStore} wrote. */
export interface BackupResult {
  /** The backup file. */
  path: string;
  /** Records written (and read back). */
  records: number;
  /** Of those, live keys. */
  active: number;
  /** Of those, tombstones of erased subjects. */
  destroyed: number;
  /** Audit log size at the snapshot, when an audit log was given. */
  auditSize?: number;
  /** The integrity digest in the trailer (hex). */
  digest: string;
}

/** @internal */
export interface Header {
  format: typeof FORMAT;
  v: 1;
  createdAt: number;
  auditSize: number | null;
  mac: 'sha256' | 'hmac-sha256';
}

function hasher(key: Uint8Array | undefined) {
  if (key !== undefined && (!(key instanceof Uint8Array) || key.length !== 32))
    throw new PiiError('INVALID_ARGUMENT', 'integrityKey must be 32 bytes.');
  const { crypto } = node();
  return key ? crypto.createHmac('sha256', key) : crypto.createHash('sha256');
}

function encode(r: SubjectKeyRecord): string {
  return JSON.stringify(
    r.state === 'active'
      ? { s: r.subjectId, t: 'a', k: r.kekId, w: toBase64url(r.wrapped), c: r.createdAt, r: r.revision }
      : { s: r.subjectId, t: 'd', c: r.createdAt, x: r.destroyedAt, r: r.revision },
  );
}

function decode(line: string): SubjectKeyRecord | undefined {
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    const base = { subjectId: o.s, createdAt: o.c, revision: o.r };
    if (typeof o.s !== 'string' || !Number.isSafeInteger(o.c) || !Number.isSafeInteger(o.r)) return undefined;
    if (o.t === 'a' && typeof o.k === 'string' && typeof o.w === 'string') {
      const wrapped = fromBase64url(o.w);
      return (
        wrapped && {
          ...(base as { subjectId: string; createdAt: number; revision: number }),
          state: 'active',
          kekId: o.k,
          wrapped,
        }
      );
    }
    if (o.t === 'd' && Number.isSafeInteger(o.x))
      return destroyedKeyRecord({
        ...(base as { subjectId: string; createdAt: number; revision: number }),
        destroyedAt: o.x as number,
      });
  } catch {
    return undefined;
  }
  return undefined;
}

function corrupt(why: string): PiiError {
  return new PiiError(
    'KEYSTORE_CORRUPT',
    `The key store backup does not verify (${why}); nothing was restored. Use another backup copy.`,
  );
}

/** @internal */
export interface Parsed {
  header: Header;
  records: SubjectKeyRecord[];
  digest: string;
}

/** Reads and verifies a backup file (nothing is written before this passes). @internal */
export function parseBackup(path: string, key: Uint8Array | undefined): Parsed {
  let text: string;
  try {
    text = node().fs.readFileSync(path, 'utf8');
  } catch (cause) {
    throw new PiiError(
      'STORE_UNAVAILABLE',
      `Cannot read the key store backup file ${path}: ${fsReason(cause)}; check its path and permissions.`,
      { cause },
    );
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] !== '') throw corrupt('it does not end with a newline: truncated');
  lines.pop();
  if (lines.length < 2) throw corrupt('it has no header or trailer');
  let header: Header;
  let trailer: { end: true; records: number; digest: string };
  try {
    header = JSON.parse(lines[0]!);
    trailer = JSON.parse(lines[lines.length - 1]!);
  } catch {
    throw corrupt('its header or trailer is not JSON');
  }
  if (header?.format !== FORMAT || header.v !== 1)
    throw corrupt('it is not a courier-pii key store backup v1');
  if ((header.mac === 'hmac-sha256') !== (key !== undefined)) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      header.mac === 'hmac-sha256'
        ? 'This backup was sealed with an integrityKey; pass the same key.'
        : 'This backup has no integrityKey; do not pass one.',
    );
  }
  const h = hasher(key);
  const body = lines.slice(0, -1);
  for (const l of body) h.update(`${l}\n`);
  const digest = h.digest();
  const stated = Buffer.from(String(trailer?.digest ?? ''), 'hex');
  if (
    trailer?.end !== true ||
    stated.length !== digest.length ||
    !node().crypto.timingSafeEqual(stated, digest)
  )
    throw corrupt('its digest does not match');
  const records: SubjectKeyRecord[] = [];
  for (let i = 1; i < body.length; i++) {
    const r = decode(body[i]!);
    if (!r) throw corrupt(`line ${i + 1} is not a key record`);
    records.push(r);
  }
  if (trailer.records !== records.length) throw corrupt('its record count does not match');
  return { header, records, digest: digest.toString('hex') };
}

/**
 * Writes an integrity-protected snapshot of a subject key store (wrapped DEKs and tombstones) to
 * a file: temporary file, fsync, rename, fsync of the directory; then reads it back and verifies
 * it. Keep every KEK that wrapped a backed-up DEK for as long as the backup is kept.
 *
 * @param store - any {@link SubjectKeyStore}
 * @param dest - the backup file to write (replaced atomically)
 * @param options - audit log, integrity key, progress callback
 * @returns what was written
 * @throws PiiError INVALID_ARGUMENT for a bad integrity key; STORE_UNAVAILABLE when the file cannot be written; KEYSTORE_CORRUPT when the written file does not read back
 * @example
 * ```ts
 * import { memoryKeyStore } from 'courier-pii/crypto';
 * import { backupKeyStore } from 'courier-pii/stores';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const result = await backupKeyStore(memoryKeyStore(), join(mkdtempSync(join(tmpdir(), 'bk-')), 'keys.backup'));
 * console.log(result.records); // 0
 * ```
 */
export async function backupKeyStore(
  store: SubjectKeyStore,
  dest: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  checkOptions('backupKeyStore', options, BACKUP_OPTIONS);
  if (!store || typeof store.list !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'backupKeyStore needs a subject key store.');
  if (typeof dest !== 'string' || dest.length === 0)
    throw new PiiError('INVALID_ARGUMENT', 'dest must be a file path.');
  const h = hasher(options.integrityKey);
  node();
  // The audit head is read before listing: an erasure racing the listing is then replayed by restore.
  const auditSize = options.audit ? (await options.audit.head()).size : undefined;
  const header: Header = {
    format: FORMAT,
    v: 1,
    createdAt: Date.now(),
    auditSize: auditSize ?? null,
    mac: options.integrityKey ? 'hmac-sha256' : 'sha256',
  };
  let out: AtomicWriter;
  try {
    // 0600, random temp name beside dest, exclusive, never through a symlink; renamed when complete.
    out = atomicWriter(dest);
  } catch (cause) {
    throw new PiiError(
      'STORE_UNAVAILABLE',
      `Cannot create the backup file ${dest}: ${fsReason(cause)}; check the directory and permissions.`,
      { cause },
    );
  }
  let records = 0;
  let active = 0;
  let chunk: string[] = [];
  const flush = (): void => {
    const s = chunk.join('');
    chunk = [];
    h.update(s);
    out.write(s);
  };
  try {
    chunk.push(`${JSON.stringify(header)}\n`);
    for await (const r of store.list()) {
      chunk.push(`${encode(r)}\n`);
      records++;
      if (r.state === 'active') active++;
      if (records % 1000 === 0) {
        flush();
        options.onProgress?.({ phase: 'records', done: records });
      }
    }
    flush();
    const digest = h.digest('hex');
    out.write(`${JSON.stringify({ end: true, records, digest })}\n`);
    out.commit();
    options.onProgress?.({ phase: 'records', done: records });
    const check = parseBackup(dest, options.integrityKey);
    if (check.digest !== digest || check.records.length !== records)
      throw corrupt('it did not read back as written');
    options.onProgress?.({ phase: 'verify', done: records });
    return {
      path: dest,
      records,
      active,
      destroyed: records - active,
      ...(auditSize !== undefined ? { auditSize } : {}),
      digest,
    };
  } catch (e) {
    out.abort();
    if (e instanceof PiiError) throw e;
    throw new PiiError(
      'STORE_UNAVAILABLE',
      `Writing the key store backup ${dest} failed: ${fsReason(e)}; check the disk and retry.`,
      { cause: e },
    );
  }
}

/**
 * Checks a backup file without restoring it: header, every record line, count and digest.
 *
 * @param src - the backup file
 * @param options - the integrity key, when the backup was made with one
 * @returns the record count, the recorded audit size and the digest
 * @throws PiiError KEYSTORE_CORRUPT when it does not verify; INVALID_ARGUMENT on a key mismatch; STORE_UNAVAILABLE when unreadable
 * @example
 * ```ts
 * import { memoryKeyStore } from 'courier-pii/crypto';
 * import { backupKeyStore, verifyKeyStoreBackup } from 'courier-pii/stores';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const path = join(mkdtempSync(join(tmpdir(), 'bk-')), 'keys.backup');
 * await backupKeyStore(memoryKeyStore(), path);
 * console.log(verifyKeyStoreBackup(path).records); // 0
 * ```
 */
export function verifyKeyStoreBackup(
  src: string,
  options: { integrityKey?: Uint8Array } = {},
): { records: number; auditSize?: number; createdAt: number; digest: string } {
  const p = parseBackup(src, options.integrityKey);
  return {
    records: p.records.length,
    ...(p.header.auditSize !== null ? { auditSize: p.header.auditSize } : {}),
    createdAt: p.header.createdAt,
    digest: p.digest,
  };
}

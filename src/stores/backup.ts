// Key-store backup and restore (docs/operations.md, "Backups"). A backup is a JSON Lines file: a
// header, one line per subject key record (wrapped DEKs and tombstones; never a raw DEK), and a
// trailer with the record count and a SHA-256 (or, with a key, HMAC-SHA256) over every byte before
// it. Restoring an old backup must not bring erased subjects back: restore replays every
// `subject.erased` audit entry recorded after the snapshot, so erased stays erased.
import { fromBase64url, toBase64url } from '../_internal/bytes.js';
import type { AuditEntry, AuditHead } from '../audit/index.js';
import type { SubjectKeyRecord, SubjectKeyStore } from '../crypto/index.js';
import { PiiError } from '../errors.js';

const FORMAT = 'courier-pii/keystore-backup';

type NodeApis = {
  fs: typeof import('node:fs');
  crypto: typeof import('node:crypto');
  path: typeof import('node:path');
};

// Loaded on use (not imported), so importing courier-pii in a browser does not pull in node:fs.
function node(): NodeApis {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const get = <T>(id: string): T | undefined => proc?.getBuiltinModule?.(id) as T | undefined;
  const fs = get<NodeApis['fs']>('node:fs');
  const crypto = get<NodeApis['crypto']>('node:crypto');
  const path = get<NodeApis['path']>('node:path');
  if (!fs || !crypto || !path)
    throw new PiiError('BACKEND_UNAVAILABLE', 'Key store backups need Node.js 20.16 or later.');
  return { fs, crypto, path };
}

/** The audit log as backup needs it: its head (`AuditLog` has this). */
export interface BackupAuditSource {
  /** The end of the log when the snapshot starts. */
  head(): Promise<AuditHead>;
}

/** The audit log as restore needs it: its entries (`AuditLog` has this). */
export interface RestoreAuditSource {
  /** Stored entries from `fromSeq`, in order. */
  entries(fromSeq?: number): AsyncIterable<AuditEntry>;
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
  /** The audit log; its size is recorded so a restore replays only later erasures. */
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

/** Options of {@link restoreKeyStore}. */
export interface RestoreOptions {
  /**
   * The audit log whose `subject.erased` entries are replayed after the records, or `'none'` to
   * restore without it (only when you know no subject was erased after the snapshot).
   */
  audit: RestoreAuditSource | 'none';
  /** The key the backup was made with, when it was made with one. */
  integrityKey?: Uint8Array;
  /** Called every 1,000 items and at the end of each phase. */
  onProgress?: (p: BackupProgress) => void;
  /** Clock for tombstones made from audit entries without a usable time (default `Date.now`). */
  now?: () => number;
}

/** What {@link restoreKeyStore} did. */
export interface RestoreResult {
  /** Records from the backup now in the store as they were backed up. */
  restored: number;
  /** Records left as the store already had them (a newer key, or a tombstone that wins). */
  kept: number;
  /** Subjects destroyed because the audit log erased them after the snapshot. */
  erasuresReplayed: number;
  /** Erasure entries that named a subject only by blind index, which cannot be replayed; erase them again by id. */
  unresolvedErasures: number;
  /** Records checked after writing. */
  verified: number;
  /** Audit size recorded in the backup (replay started there), if any. */
  auditSize?: number;
}

interface Header {
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
      return {
        ...(base as { subjectId: string; createdAt: number; revision: number }),
        state: 'destroyed',
        destroyedAt: o.x as number,
      };
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

interface Parsed {
  header: Header;
  records: SubjectKeyRecord[];
  digest: string;
}

function parseBackup(path: string, key: Uint8Array | undefined): Parsed {
  let text: string;
  try {
    text = node().fs.readFileSync(path, 'utf8');
  } catch (cause) {
    throw new PiiError(
      'STORE_UNAVAILABLE',
      'Cannot read the key store backup file; check its path and permissions.',
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
  if (!store || typeof store.list !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'backupKeyStore needs a subject key store.');
  if (typeof dest !== 'string' || dest.length === 0)
    throw new PiiError('INVALID_ARGUMENT', 'dest must be a file path.');
  const h = hasher(options.integrityKey);
  const { fs, path: nodePath } = node();
  const { closeSync, fsyncSync, openSync, renameSync, writeSync } = fs;
  // The audit head is read before listing: an erasure racing the listing is then replayed by restore.
  const auditSize = options.audit ? (await options.audit.head()).size : undefined;
  const header: Header = {
    format: FORMAT,
    v: 1,
    createdAt: Date.now(),
    auditSize: auditSize ?? null,
    mac: options.integrityKey ? 'hmac-sha256' : 'sha256',
  };
  const tmp = `${dest}.tmp`;
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (cause) {
    throw new PiiError(
      'STORE_UNAVAILABLE',
      'Cannot create the backup file; check the directory and permissions.',
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
    writeSync(fd, s);
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
    writeSync(fd, `${JSON.stringify({ end: true, records, digest })}\n`);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, dest);
    const d = openSync(nodePath.dirname(dest), 'r');
    try {
      fsyncSync(d);
    } finally {
      closeSync(d);
    }
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
    if (fd >= 0) closeSync(fd);
    if (e instanceof PiiError) throw e;
    throw new PiiError(
      'STORE_UNAVAILABLE',
      'Writing the key store backup failed; check the disk and retry.',
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

async function ensureDestroyed(store: SubjectKeyStore, id: string, at: number): Promise<boolean> {
  for (let attempt = 0; attempt < 16; attempt++) {
    const cur = await store.get(id);
    if (cur?.state === 'destroyed') return false;
    if (!cur) {
      const t = await store.create({
        subjectId: id,
        state: 'destroyed',
        createdAt: at,
        destroyedAt: at,
        revision: 1,
      });
      if (t.state === 'destroyed') return true;
      continue;
    }
    if (
      await store.compareAndSet(id, cur.revision, {
        subjectId: id,
        state: 'destroyed',
        createdAt: cur.createdAt,
        destroyedAt: at,
        revision: cur.revision + 1,
      })
    )
      return true;
  }
  throw new PiiError(
    'STORE_CONFLICT',
    'A subject key kept changing while the restore destroyed it; run the restore again.',
  );
}

/**
 * Restores a key store backup into `store` (typically empty after a loss), then replays every
 * `subject.erased` audit entry recorded after the snapshot, so a subject erased since the backup
 * stays erased; then re-reads the store to verify. A tombstone already in the store always wins;
 * a newer live key already in the store is kept.
 *
 * @param src - the backup file
 * @param store - the store to restore into
 * @param options - the audit log (or `'none'`), integrity key, progress callback
 * @returns counts of what was restored, kept, replayed and verified
 * @throws PiiError KEYSTORE_CORRUPT when the backup does not verify (nothing is written) or the store does not read back as restored; INVALID_ARGUMENT without `audit`; STORE_CONFLICT under a concurrent writer
 * @example
 * ```ts
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { memoryKeyStore } from 'courier-pii/crypto';
 * import { backupKeyStore, restoreKeyStore } from 'courier-pii/stores';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const audit = createAuditLog({ sink: memorySink() });
 * const store = memoryKeyStore();
 * await store.create({ subjectId: 'cust-1', state: 'active', kekId: 'kek-1', wrapped: new Uint8Array(72), createdAt: 0, revision: 1 });
 * const path = join(mkdtempSync(join(tmpdir(), 'bk-')), 'keys.backup');
 * await backupKeyStore(store, path, { audit });
 * await audit.append({ kind: 'subject.erased', actor: 'dpo', purpose: 'erasure-request', subjects: ['cust-1'], data: { method: 'crypto-shred' } });
 * const fresh = memoryKeyStore();
 * console.log((await restoreKeyStore(path, fresh, { audit })).erasuresReplayed, (await fresh.get('cust-1'))?.state); // 1 destroyed
 * ```
 */
export async function restoreKeyStore(
  src: string,
  store: SubjectKeyStore,
  options: RestoreOptions,
): Promise<RestoreResult> {
  if (!store || typeof store.create !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'restoreKeyStore needs a subject key store.');
  if (!options || (options.audit !== 'none' && typeof options.audit?.entries !== 'function')) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      "restoreKeyStore needs { audit }: the audit log, so erasures after the backup are replayed (or 'none' when you are sure there were none).",
    );
  }
  const now = options.now ?? Date.now;
  const { header, records } = parseBackup(src, options.integrityKey);
  const progress = options.onProgress;
  let restored = 0;
  let kept = 0;
  let done = 0;
  const one = async (r: SubjectKeyRecord): Promise<void> => {
    const cur = await store.create(r);
    if (cur.state === r.state && cur.revision === r.revision) restored++;
    else if (r.state === 'destroyed' && cur.state === 'active') {
      await ensureDestroyed(store, r.subjectId, r.destroyedAt);
      restored++;
    } else kept++;
    if (++done % 1000 === 0) progress?.({ phase: 'records', done });
  };
  for (let i = 0; i < records.length; i += 64) await Promise.all(records.slice(i, i + 64).map(one));
  progress?.({ phase: 'records', done });

  const erased = new Set<string>();
  let erasuresReplayed = 0;
  let unresolvedErasures = 0;
  if (options.audit !== 'none') {
    const r = await replay(store, options.audit, header.auditSize ?? 0, now, progress, erased);
    erasuresReplayed = r.replayed;
    unresolvedErasures = r.unresolved;
  }

  let verified = 0;
  for (const r of records) {
    const cur = await store.get(r.subjectId);
    const mustBeDestroyed = r.state === 'destroyed' || erased.has(r.subjectId);
    if (!cur || (mustBeDestroyed && cur.state !== 'destroyed')) {
      throw new PiiError(
        'KEYSTORE_CORRUPT',
        'The restored key store does not read back as restored; stop writers and run the restore again.',
      );
    }
    verified++;
  }
  for (const s of erased) {
    if ((await store.get(s))?.state !== 'destroyed')
      throw new PiiError(
        'KEYSTORE_CORRUPT',
        'An erased subject is not destroyed after the restore; stop writers and run the restore again.',
      );
  }
  progress?.({ phase: 'verify', done: verified });
  return {
    restored,
    kept,
    erasuresReplayed,
    unresolvedErasures,
    verified,
    ...(header.auditSize !== null ? { auditSize: header.auditSize } : {}),
  };
}

async function replay(
  store: SubjectKeyStore,
  audit: RestoreAuditSource,
  fromSeq: number,
  now: () => number,
  progress: ((p: BackupProgress) => void) | undefined,
  erased: Set<string>,
): Promise<{ replayed: number; unresolved: number; entries: number }> {
  let replayed = 0;
  let unresolved = 0;
  let n = 0;
  for await (const e of audit.entries(fromSeq)) {
    if (e.kind !== 'subject.erased') continue;
    const at = Date.parse(e.time);
    for (const s of e.subjects ?? []) {
      if (typeof s !== 'string') {
        unresolved++;
        continue;
      }
      erased.add(s);
      if (await ensureDestroyed(store, s, Number.isFinite(at) ? at : now())) replayed++;
    }
    if (++n % 1000 === 0) progress?.({ phase: 'erasures', done: n });
  }
  progress?.({ phase: 'erasures', done: n });
  return { replayed, unresolved, entries: n };
}

/** Options of {@link replayErasures}. */
export interface ReplayErasuresOptions {
  /** The audit log to read `subject.erased` entries from. */
  audit: RestoreAuditSource;
  /** First audit seq to read (default 0: the whole log; replaying is idempotent). */
  fromSeq?: number;
  /** Called every 1,000 erasure entries and at the end. */
  onProgress?: (p: BackupProgress) => void;
}

/**
 * Destroys the key of every subject that a `subject.erased` audit entry names, unless it is
 * destroyed already. Run it after restoring the key table by any other means (a pg_dump, a
 * point-in-time recovery, a disk snapshot), so erased stays erased.
 *
 * @param store - the restored key store
 * @param options - the audit log and where to start
 * @returns subjects destroyed now, erasures named only by blind index (not replayable), erasure entries read
 * @throws PiiError STORE_CONFLICT under a concurrent writer; STORE_UNAVAILABLE when the store fails
 * @example
 * ```ts
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { memoryKeyStore } from 'courier-pii/crypto';
 * import { replayErasures } from 'courier-pii/stores';
 * const audit = createAuditLog({ sink: memorySink() });
 * await audit.append({ kind: 'subject.erased', actor: 'dpo', purpose: 'erasure-request', subjects: ['cust-1'], data: { method: 'crypto-shred' } });
 * const store = memoryKeyStore();
 * await store.create({ subjectId: 'cust-1', state: 'active', kekId: 'kek-1', wrapped: new Uint8Array(72), createdAt: 0, revision: 1 });
 * console.log((await replayErasures(store, { audit })).replayed, (await store.get('cust-1'))?.state); // 1 destroyed
 * ```
 */
export async function replayErasures(
  store: SubjectKeyStore,
  options: ReplayErasuresOptions,
): Promise<{ replayed: number; unresolved: number; entries: number }> {
  if (!store || typeof store.get !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'replayErasures needs a subject key store.');
  if (typeof options?.audit?.entries !== 'function')
    throw new PiiError('INVALID_ARGUMENT', 'replayErasures needs { audit }: the audit log.');
  const from = options.fromSeq ?? 0;
  if (!Number.isSafeInteger(from) || from < 0)
    throw new PiiError('INVALID_ARGUMENT', 'fromSeq must be a non-negative integer.');
  return replay(store, options.audit, from, Date.now, options.onProgress, new Set());
}

// JSON Lines file sink: one entry per line, append-only (O_APPEND), group commit with fdatasync.
// Crash safety (docs/audit.md "File sink"): an append is acknowledged only after its whole
// line is written (and synced, unless fsync is 'never'), so a crash can leave at most one
// incomplete, unacknowledged last line. open() detects it and refuses to continue until the
// caller chooses recovery; the fragment is then moved aside, never dropped or merged silently.
import type * as NodeFs from 'node:fs';
import { fsReason, openPrivateAppendAsync, writeFileAtomic } from '../_internal/private-files.js';
import { PiiError } from '../errors.js';
import { type AuditEntry, computeEntryHash, entryShapeProblem } from './entry.js';
import { nodeFs, readLines } from './node-fs.js';
import { type AuditSink, assertContinues } from './sink.js';
import { checkOptions } from '../_internal/options.js';
import { FILE_SINK_OPTIONS } from './option-names.js';

/** When the file sink calls fdatasync. */
export type FsyncPolicy = 'always' | 'batch' | 'never';

/** Options of {@link fileSink}. */
export interface FileSinkOptions {
  /**
   * `'batch'` (default): group commit, one fdatasync per group of appends that arrived while
   * the previous group was being written; each append resolves after the sync covering it.
   * `'always'`: one write and one fdatasync per entry. `'never'`: no fdatasync; an append
   * resolves once the line is in the OS page cache, which survives a process crash but not a
   * power loss.
   */
  fsync?: FsyncPolicy;
  /** With `'batch'`, wait this many milliseconds to gather a larger group (default 0). */
  batchMs?: number;
  /**
   * What open() does with an incomplete last line: `'report'` (default) throws AUDIT_CORRUPT;
   * `'truncate'` copies the fragment to `<path>.torn-<offset>`, calls `onRecover`, then cuts
   * the file back to its last complete line.
   */
  recover?: 'report' | 'truncate';
  /** Called with the recovery report before the file is truncated. */
  onRecover?: (report: AuditRecovery) => void;
}

/** What `recover: 'truncate'` did. */
export interface AuditRecovery {
  /** The audit file. */
  path: string;
  /** Byte offset where the incomplete line started (the file's new length). */
  offset: number;
  /** Length of the incomplete line in bytes. */
  bytes: number;
  /** Where the fragment was saved. */
  savedTo: string;
}

/** A file sink; `recovered` is set when open() truncated a torn tail. */
export interface FileAuditSink extends AuditSink {
  readonly path: string;
  readonly recovered: AuditRecovery | undefined;
}

interface Pending {
  line: string;
  resolve: () => void;
  reject: (e: unknown) => void;
}

const TAIL_CHUNK = 64 * 1024;

async function readAt(fh: NodeFs.promises.FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, pos + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/** Offset just after the last newline before `end`, or 0. */
async function lineStartBefore(fh: NodeFs.promises.FileHandle, end: number): Promise<number> {
  let pos = end;
  while (pos > 0) {
    const from = Math.max(0, pos - TAIL_CHUNK);
    const buf = await readAt(fh, from, pos - from);
    const nl = buf.lastIndexOf(10);
    if (nl !== -1) return from + nl + 1;
    pos = from;
  }
  return 0;
}

function corrupt(message: string, details: Record<string, string | number>): PiiError {
  return new PiiError('AUDIT_CORRUPT', message, { details });
}

/**
 * Creates a JSON Lines audit sink at `path` (created when missing). Node.js only. One writer
 * per file: run one log per file and process.
 *
 * @param path - the audit file
 * @param options - fsync policy, batching, torn-tail recovery
 * @returns a sink for {@link createAuditLog}
 * @throws PiiError AUDIT_CORRUPT (from open) when the file ends with an incomplete line and
 *   `recover` is not `'truncate'`, or when its last complete line is not a valid entry;
 *   AUDIT_SINK_FAILED when the runtime has no file system or a write fails
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createAuditLog, fileSink } from 'courier-pii/audit';
 * const path = join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.jsonl');
 * const log = createAuditLog({ sink: fileSink(path, { fsync: 'batch' }) });
 * const entry = await log.append({ kind: 'key.destroyed', actor: 'ops-1', purpose: 'retention', keyIds: ['dek-9'], data: { keyId: 'dek-9' } });
 * console.log(entry.seq); // 0
 * await log.close();
 * ```
 */
export function fileSink(path: string, options: FileSinkOptions = {}): FileAuditSink {
  if (typeof path !== 'string' || path.length === 0) {
    throw new PiiError('INVALID_ARGUMENT', 'fileSink path must be a non-empty string.');
  }
  checkOptions('fileSink', options, FILE_SINK_OPTIONS);
  const fsync = options.fsync ?? 'batch';
  if (fsync !== 'always' && fsync !== 'batch' && fsync !== 'never') {
    throw new PiiError('INVALID_ARGUMENT', "fsync must be 'always', 'batch' or 'never'.");
  }
  const batchMs = options.batchMs ?? 0;
  if (!Number.isFinite(batchMs) || batchMs < 0)
    throw new PiiError('INVALID_ARGUMENT', 'batchMs must be >= 0.');
  const recover = options.recover ?? 'report';

  let fh: NodeFs.promises.FileHandle | undefined;
  let last: Pick<AuditEntry, 'seq' | 'hash'> | undefined;
  let recovered: AuditRecovery | undefined;
  let failed: PiiError | undefined;
  let queue: Pending[] = [];
  let flushing: Promise<void> | undefined;
  let opening: Promise<AuditEntry | undefined> | undefined;

  async function recoverTail(h: NodeFs.promises.FileHandle, start: number, size: number): Promise<void> {
    const details = { offset: start, bytes: size - start };
    if (recover !== 'truncate') {
      throw corrupt(
        `The audit file ends with an incomplete line (${size - start} bytes at offset ${start}): a write was interrupted before it was acknowledged. Keep a copy of the file, then reopen with fileSink(path, { recover: 'truncate' }) to move the fragment aside and continue the chain.`,
        details,
      );
    }
    const fragment = await readAt(h, start, size - start);
    // Saved privately and never over an existing file or through a planted link.
    let savedTo = `${path}.torn-${start}`;
    for (let n = 1; ; n++) {
      try {
        writeFileAtomic(savedTo, fragment, { overwrite: false });
        break;
      } catch (e) {
        if ((e as { code?: string }).code !== 'EEXIST' || n > 100) throw e;
        savedTo = `${path}.torn-${start}-${n}`;
      }
    }
    const report: AuditRecovery = { path, offset: start, bytes: size - start, savedTo };
    options.onRecover?.(report);
    await h.truncate(start);
    await h.datasync();
    recovered = report;
  }

  async function loadLast(h: NodeFs.promises.FileHandle, size: number): Promise<AuditEntry | undefined> {
    if (size === 0) return undefined;
    const lastByte = (await readAt(h, size - 1, 1))[0];
    let end = size;
    if (lastByte !== 10) {
      const start = await lineStartBefore(h, size);
      await recoverTail(h, start, size);
      end = start;
      if (end === 0) return undefined;
    }
    const start = await lineStartBefore(h, end - 1);
    const text = (await readAt(h, start, end - 1 - start)).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const problem = entryShapeProblem(parsed);
    if (problem !== undefined || computeEntryHash(parsed as AuditEntry) !== (parsed as AuditEntry).hash) {
      throw corrupt(
        `The last line of the audit file (offset ${start}) is not a valid audit entry. Run verifyAuditFile(path) to locate the damage; do not append until it is resolved.`,
        { offset: start },
      );
    }
    return parsed as AuditEntry;
  }

  async function writeAll(buf: Buffer): Promise<void> {
    let off = 0;
    while (off < buf.length) {
      const { bytesWritten } = await fh!.write(buf, off, buf.length - off);
      off += bytesWritten;
    }
  }

  async function flush(): Promise<void> {
    if (batchMs > 0) await new Promise((r) => setTimeout(r, batchMs));
    while (queue.length > 0) {
      const batch = fsync === 'always' ? queue.splice(0, 1) : queue.splice(0);
      try {
        await writeAll(Buffer.from(batch.map((p) => p.line).join(''), 'utf8'));
        if (fsync !== 'never') await fh!.datasync();
      } catch (e) {
        failed = new PiiError(
          'AUDIT_SINK_FAILED',
          'Writing the audit file failed; entries from this point may be stored in part. Fix the cause (disk space, permissions), then call open() on the log: it reads the file tail again.',
          { cause: e, details: { maybeApplied: true } },
        );
        for (const p of [...batch, ...queue]) p.reject(failed);
        queue = [];
        break;
      }
      for (const p of batch) p.resolve();
    }
    flushing = undefined;
  }

  async function openFile(): Promise<AuditEntry | undefined> {
    nodeFs();
    let h: NodeFs.promises.FileHandle;
    try {
      // Created 0600 when missing; never opened through a symbolic link.
      h = (await openPrivateAppendAsync(path, true)).handle;
    } catch (e) {
      throw new PiiError(
        'AUDIT_SINK_FAILED',
        `Cannot open the audit file ${path}: ${fsReason(e)}. Check the path and permissions.`,
        { cause: e },
      );
    }
    try {
      const entry = await loadLast(h, (await h.stat()).size);
      last = entry;
      fh = h;
      return entry;
    } catch (e) {
      await h.close();
      throw e;
    }
  }

  return {
    path,
    get recovered() {
      return recovered;
    },
    open() {
      if (failed && !flushing) {
        // Recovery after a failed write: drop the handle and read the file's tail again, so the
        // log continues from what the file really holds (a torn line is reported as on any open).
        const h = fh;
        fh = undefined;
        failed = undefined;
        last = undefined;
        opening = (h ? h.close().catch(() => undefined) : Promise.resolve()).then(openFile);
      }
      // Idempotent: a second open (two logs over one sink object) shares the first.
      opening ??= openFile();
      const p = opening;
      // A failed open is not final: the next call tries again.
      p.catch(() => {
        if (opening === p) opening = undefined;
      });
      return p;
    },
    append(entry) {
      if (!fh) return Promise.reject(new PiiError('AUDIT_SINK_FAILED', 'Call open() before append().'));
      if (failed) return Promise.reject(failed);
      try {
        assertContinues(last, entry);
      } catch (e) {
        return Promise.reject(e);
      }
      last = entry;
      return new Promise<void>((resolve, reject) => {
        queue.push({ line: `${JSON.stringify(entry)}\n`, resolve, reject });
        if (!flushing) flushing = Promise.resolve().then(flush);
      });
    },
    async *read(fromSeq = 0) {
      for await (const line of readLines(path)) {
        if (!line.terminated) {
          throw corrupt(
            `The audit file ends with an incomplete line at offset ${line.offset}; see fileSink's recover option.`,
            { offset: line.offset },
          );
        }
        let e: AuditEntry;
        try {
          e = JSON.parse(line.text) as AuditEntry;
        } catch {
          throw corrupt(
            `Line at offset ${line.offset} of the audit file is not JSON; run verifyAuditFile(path).`,
            {
              offset: line.offset,
            },
          );
        }
        if (e.seq >= fromSeq) yield e;
      }
    },
    async close() {
      while (flushing) await flushing;
      const h = fh;
      fh = undefined;
      await h?.close();
    },
  };
}

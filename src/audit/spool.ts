// Events that could not be written while the audit log was unreachable (a job's failure event
// while its database is down), kept until the log can store them (docs/audit.md, "Events kept
// while the log is down"). Each kept event carries an idempotency key, so flushing it again
// after an ambiguous failure never stores it twice in a log that honours keys.
import { toHex } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import { eventFields } from './event-fields.js';
import type { AuditEvent } from './events.js';
import { type AuditAppendOptions, checkIdempotencyKey } from './idempotency.js';
import { nodeFs } from './node-fs.js';
import { checkOptions } from '../_internal/options.js';
import { SPOOL_OPTIONS } from './option-names.js';

/** Kept events waiting for the audit log. */
export interface AuditSpool {
  /** How many events are kept. */
  pending(): Promise<number>;
  /**
   * Keeps an event until {@link AuditSpool.flush} stores it. The event is checked now (shape,
   * PII guard), so a kept event is one the log accepts.
   * @throws PiiError INVALID_ARGUMENT or AUDIT_PII_REJECTED for an event the log would refuse;
   * AUDIT_SINK_FAILED when the spool is full or its file cannot be written
   */
  keep(event: AuditEvent, options?: AuditAppendOptions): Promise<void>;
  /**
   * Appends the kept events to `log`, oldest first, each with its idempotency key, and forgets
   * each once the log acknowledged it.
   * @returns how many events were stored
   * @throws the log's error at the first event it could not store; that one and the later ones stay kept
   */
  flush(log: { append(event: AuditEvent, options?: AuditAppendOptions): Promise<unknown> }): Promise<number>;
}

/** Options of {@link memorySpool} and {@link fileSpool}. */
export interface AuditSpoolOptions {
  /** Most events kept (default 1,000 in memory, 10,000 in a file); `keep` refuses beyond it. */
  maxEvents?: number;
}

interface Kept {
  key: string;
  event: AuditEvent;
}

function checkMax(options: AuditSpoolOptions | undefined, fallback: number): number {
  checkOptions('spool', options, SPOOL_OPTIONS);
  const max = options?.maxEvents ?? fallback;
  if (!Number.isSafeInteger(max) || max < 1)
    throw new PiiError('INVALID_ARGUMENT', 'maxEvents must be a positive integer.');
  return max;
}

function record(event: AuditEvent, options: AuditAppendOptions | undefined): Kept {
  eventFields(event);
  const key =
    checkIdempotencyKey(options) ?? `spool:${toHex(globalThis.crypto.getRandomValues(new Uint8Array(16)))}`;
  return { key, event: JSON.parse(JSON.stringify(event)) as AuditEvent };
}

function full(max: number): PiiError {
  return new PiiError(
    'AUDIT_SINK_FAILED',
    `The audit spool already keeps ${max} events the log could not store; the event was not kept. Make the audit log reachable and flush the spool.`,
    { details: { maybeApplied: false } },
  );
}

/** Serializes a spool's operations within the process. */
function serial(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const next = tail.then(fn);
    tail = next.catch(() => undefined);
    return next;
  };
}

async function flushList(list: Kept[], log: Parameters<AuditSpool['flush']>[0]): Promise<number> {
  let stored = 0;
  while (list.length > 0) {
    const k = list[0]!;
    await log.append(k.event, { idempotencyKey: k.key });
    list.shift();
    stored++;
  }
  return stored;
}

/**
 * A spool in memory, bounded: events are kept as long as the process runs.
 *
 * @param options - the bound
 * @returns a spool
 * @throws PiiError INVALID_ARGUMENT for a bad bound
 * @example
 * ```ts
 * import { createAuditLog, memorySink, memorySpool } from 'courier-pii/audit';
 * const spool = memorySpool();
 * await spool.keep({ kind: 'alert', actor: 'job-1', purpose: 'security', data: { rule: 'r1', severity: 'low' } });
 * const log = createAuditLog({ sink: memorySink() });
 * console.log(await spool.flush(log), await spool.pending()); // 1 0
 * ```
 */
export function memorySpool(options?: AuditSpoolOptions): AuditSpool {
  const max = checkMax(options, 1000);
  const list: Kept[] = [];
  const run = serial();
  return {
    pending: async () => list.length,
    keep: (event, o) =>
      run(async () => {
        const k = record(event, o);
        if (list.length >= max) throw full(max);
        list.push(k);
      }),
    flush: (log) => run(() => flushList(list, log)),
  };
}

/**
 * A spool in a local file (JSON Lines, mode 0600, each kept event fsync'd before `keep`
 * resolves), so kept events survive the process: a job started later, in another process,
 * flushes them. One process per file.
 *
 * @param path - the spool file (created when missing)
 * @param options - the bound
 * @returns a spool
 * @throws PiiError INVALID_ARGUMENT for an empty path or a bad bound; from its methods
 * AUDIT_SINK_FAILED when the file cannot be read or written, AUDIT_CORRUPT for an unreadable line
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { fileSpool } from 'courier-pii/audit';
 * const spool = fileSpool(join(mkdtempSync(join(tmpdir(), 'spool-')), 'audit.spool'));
 * await spool.keep({ kind: 'alert', actor: 'job-1', purpose: 'security', data: { rule: 'r1', severity: 'low' } });
 * console.log(await spool.pending()); // 1
 * ```
 */
export function fileSpool(path: string, options?: AuditSpoolOptions): AuditSpool {
  if (typeof path !== 'string' || path.length === 0)
    throw new PiiError('INVALID_ARGUMENT', 'fileSpool path must be a non-empty string.');
  const max = checkMax(options, 10_000);
  const run = serial();
  const fail = (cause: unknown, what: string): PiiError =>
    new PiiError('AUDIT_SINK_FAILED', `${what} the audit spool file failed; check its path and the disk.`, {
      cause,
      details: { maybeApplied: false },
    });

  const load = async (): Promise<Kept[]> => {
    const fs = nodeFs();
    let text: string;
    try {
      text = await fs.promises.readFile(path, 'utf8');
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return [];
      throw fail(e, 'Reading');
    }
    // A last line without its newline was never acknowledged by keep(): ignore it.
    const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n');
    return lines
      .filter((l) => l !== '')
      .map((l) => {
        try {
          const k = JSON.parse(l) as Kept;
          if (typeof k.key === 'string' && typeof k.event === 'object' && k.event !== null) return k;
        } catch {
          // reported below
        }
        throw new PiiError(
          'AUDIT_CORRUPT',
          'The audit spool file has an unreadable line; keep a copy, then remove the line and flush again.',
        );
      });
  };

  // Replaces the file with `list` (temporary file, fsync, rename, directory fsync).
  const save = async (list: Kept[]): Promise<void> => {
    const fs = nodeFs();
    const tmp = `${path}.tmp`;
    try {
      const fh = await fs.promises.open(tmp, 'w', 0o600);
      try {
        await fh.writeFile(list.map((k) => `${JSON.stringify(k)}\n`).join(''));
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fs.promises.rename(tmp, path);
      await syncDir(fs, path);
    } catch (e) {
      throw fail(e, 'Rewriting');
    }
  };

  return {
    pending: () => run(async () => (await load()).length),
    keep: (event, o) =>
      run(async () => {
        const k = record(event, o);
        if ((await load()).length >= max) throw full(max);
        const fs = nodeFs();
        try {
          const fh = await fs.promises.open(path, 'a', 0o600);
          try {
            await fh.chmod(0o600);
            await fh.appendFile(`${JSON.stringify(k)}\n`);
            await fh.sync();
          } finally {
            await fh.close();
          }
          await syncDir(fs, path);
        } catch (e) {
          throw fail(e, 'Writing');
        }
      }),
    flush: (log) =>
      run(async () => {
        const list = await load();
        if (list.length === 0) return 0;
        const before = list.length;
        try {
          return await flushList(list, log);
        } finally {
          // Forget what was stored, also when a later event failed (its key guards a re-flush).
          if (list.length < before) await save(list);
        }
      }),
  };
}

async function syncDir(fs: ReturnType<typeof nodeFs>, file: string): Promise<void> {
  const dir = file.replace(/[\\/][^\\/]*$/, '') || '.';
  try {
    const d = await fs.promises.open(dir === file ? '.' : dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Some platforms cannot open or sync directories; the data itself is synced.
  }
}

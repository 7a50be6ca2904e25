// Shared pieces of the database audit sinks (docs/operations.md, "Audit log").
import { AUDIT_GENESIS_HASH, type AuditEntry, type AuditSink, computeEntryHash } from '../audit/index.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';

/** Idempotency keys for {@link DatabaseAuditSink.appendAtHead}. */
export interface AppendAtHeadOptions {
  /** Keys to look up before `build` runs; `build` receives the entries already stored under them. */
  keys?: readonly string[];
  /** The key each new entry is stored under (undefined for none); called after `build`. */
  keyOf?: (entry: AuditEntry) => string | undefined;
}

/** An {@link AuditSink} in a database, which can also append at whatever the stored head is. */
export interface DatabaseAuditSink extends AuditSink {
  /** The log id within the tables (several logs can share them). */
  readonly logId: string;
  /**
   * Appends the entries `build` makes from the stored last entry, atomically: no other writer,
   * in any process, can append between the read and the write. With `options.keys`, `build`
   * also receives the entries stored earlier under any of those idempotency keys (in the same
   * atomic step), and each new entry is stored under `options.keyOf(entry)`; keys are kept as
   * SHA-256 digests. Used by {@link createSharedAuditLog}; most callers never need it.
   * @throws PiiError AUDIT_SINK_FAILED when the database fails (`details.maybeApplied` says
   * whether the entries may be stored); AUDIT_CORRUPT when `build` breaks the chain
   */
  appendAtHead(
    build: (last: AuditEntry | undefined, found: ReadonlyMap<string, AuditEntry>) => Promise<AuditEntry[]>,
    options?: AppendAtHeadOptions,
  ): Promise<void>;
}

/** The stored form of an idempotency key: hex SHA-256, so a key never sits in the database as given. @internal */
export function keyDigest(key: string): string {
  return toHex(sha256(new TextEncoder().encode(key)));
}

/** Options shared by the database audit sinks. */
export interface DatabaseAuditSinkOptions {
  /** Which log in the tables (default `'default'`); 1-200 characters. */
  log?: string;
}

/** @internal */
export function checkLogId(log: string | undefined): string {
  const id = log ?? 'default';
  if (typeof id !== 'string' || id.length === 0 || id.length > 200)
    throw new PiiError('INVALID_ARGUMENT', 'log must be 1-200 characters.');
  return id;
}

/** Parses a stored entry and checks it is the one its row says. @internal */
export function parseEntry(text: string, seq: number, hash: string): AuditEntry {
  let e: AuditEntry;
  try {
    e = JSON.parse(text) as AuditEntry;
  } catch (cause) {
    throw new PiiError(
      'AUDIT_CORRUPT',
      `Audit entry ${seq} in the database is not valid JSON; verify the log and restore it from a backup.`,
      { cause },
    );
  }
  if (e?.seq !== seq || e.hash !== hash) {
    throw new PiiError(
      'AUDIT_CORRUPT',
      `Audit entry ${seq} in the database does not match its row; verify the log and restore it from a backup.`,
    );
  }
  return e;
}

/** Checks the stored tail: the head row and the last entry agree and the entry hashes right. @internal */
export function checkTail(
  head: { seq: number; hash: string } | undefined,
  last: AuditEntry | undefined,
): AuditEntry | undefined {
  if (!head && !last) return undefined;
  if (
    !head ||
    !last ||
    head.seq !== last.seq ||
    head.hash !== last.hash ||
    computeEntryHash(last) !== last.hash
  ) {
    throw new PiiError(
      'AUDIT_CORRUPT',
      'The stored audit log tail is inconsistent (head row, last entry and its hash disagree); verify the log and restore it from a backup.',
    );
  }
  return last;
}

/** Checks that `entries` continue `head` one after another. @internal */
export function checkRun(
  head: { seq: number; hash: string } | undefined,
  entries: readonly AuditEntry[],
): void {
  let seq = head ? head.seq + 1 : 0;
  let prev = head ? head.hash : AUDIT_GENESIS_HASH;
  for (const e of entries) {
    if (e.seq !== seq || e.prev !== prev) {
      throw new PiiError(
        'STORE_CONFLICT',
        `Audit sink refused entry ${e.seq}: the stored log ends at seq ${seq - 1}. Another writer appended to the same log; use createSharedAuditLog for several writers, or reopen the log.`,
      );
    }
    seq++;
    prev = e.hash;
  }
}

/**
 * Failures of a sink's storage become AUDIT_SINK_FAILED, keeping the cause's `maybeApplied`
 * (true when unknown); chain conflicts stay STORE_CONFLICT. What the caller does next depends on
 * the log over the sink, so its message says only what happened. @internal
 */
export function sinkError(e: unknown): PiiError {
  if (
    e instanceof PiiError &&
    (e.code === 'STORE_CONFLICT' || e.code === 'AUDIT_CORRUPT' || e.code === 'AUDIT_SINK_FAILED')
  )
    return e;
  const maybeApplied = !(e instanceof PiiError && e.details?.maybeApplied === false);
  return new PiiError(
    'AUDIT_SINK_FAILED',
    maybeApplied
      ? 'Storing audit entries in the database failed after they were sent, so they may be stored; retry with the same idempotency keys once the database is reachable.'
      : 'Storing audit entries in the database failed and nothing was stored; retry once the database is reachable.',
    { cause: e, details: { maybeApplied } },
  );
}

/** Queues plain appends and stores each queued group in one transaction (group commit). @internal */
export class GroupCommit {
  private queue: Array<{ entry: AuditEntry; resolve: () => void; reject: (e: unknown) => void }> = [];
  private running: Promise<void> | undefined;
  constructor(private readonly write: (entries: AuditEntry[]) => Promise<void>) {}

  append(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      this.running ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, 1000);
      try {
        await this.write(batch.map((p) => p.entry));
        for (const p of batch) p.resolve();
      } catch (e) {
        const err = sinkError(e);
        for (const p of batch) p.reject(err);
        // Later entries continue a chain that was not stored: refuse them too.
        for (const p of this.queue.splice(0)) p.reject(err);
      }
    }
    this.running = undefined;
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}

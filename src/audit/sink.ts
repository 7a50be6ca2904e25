// The storage extension point of the audit log, and the in-memory sink.
import { PiiError } from '../errors.js';
import { AUDIT_GENESIS_HASH, type AuditEntry } from './entry.js';

/**
 * Where a log stores its entries. `memorySink()` and `fileSink()` ship with the SDK; database
 * adapters implement the same interface. What an implementation must guarantee
 * (docs/audit.md "Writing a sink"):
 *
 * - `open()` is called before anything else and returns the last stored entry, so the log
 *   continues the chain from it. If the stored tail cannot be trusted it throws AUDIT_CORRUPT
 *   rather than guessing. The log calls it again to recover after an append failed: it must
 *   then read the stored tail again, never return a head it cached.
 * - `append(entry)` calls arrive in `seq` order and may overlap (a call can come before the
 *   previous one resolved). Store entries in call order. Resolve a call only when that entry,
 *   and therefore every entry before it, is durable under the sink's policy; never resolve for
 *   an entry that a crash could lose. Reject with AUDIT_SINK_FAILED when storing fails, with
 *   `details.maybeApplied: false` only when the entry is certainly not stored.
 * - Appending is compare-and-append: an entry is stored only if its `seq` is one past the
 *   stored head and its `prev` equals the stored head's hash (a unique key on `seq` plus a check
 *   of `prev` in one transaction, for a database). Otherwise reject with STORE_CONFLICT: two
 *   writers must never fork the chain.
 * - Entries are stored and read back unchanged (every field, same values).
 * - `read(fromSeq)` yields stored entries in `seq` order.
 */
export interface AuditSink {
  /**
   * Prepares the sink; returns the last stored entry, or undefined when empty.
   * @throws PiiError AUDIT_CORRUPT when the stored tail is damaged
   */
  open(): Promise<AuditEntry | undefined>;
  /**
   * Stores one entry; resolves once it is durable.
   * @throws PiiError AUDIT_SINK_FAILED, STORE_CONFLICT
   */
  append(entry: AuditEntry): Promise<void>;
  /** Yields stored entries in order, starting at `fromSeq` (default 0). */
  read(fromSeq?: number): AsyncIterable<AuditEntry>;
  /** Flushes pending work and releases resources. */
  close(): Promise<void>;
}

/** A sink that keeps entries in an array, for tests and short-lived processes. */
export interface MemoryAuditSink extends AuditSink {
  /** The stored entries (live view; do not mutate). */
  readonly entries: readonly AuditEntry[];
}

/**
 * Checks that `entry` continues the chain whose last entry is `last`.
 * @throws PiiError STORE_CONFLICT when it does not
 */
export function assertContinues(last: Pick<AuditEntry, 'seq' | 'hash'> | undefined, entry: AuditEntry): void {
  const seq = last ? last.seq + 1 : 0;
  const prev = last ? last.hash : AUDIT_GENESIS_HASH;
  if (entry.seq !== seq || entry.prev !== prev) {
    throw new PiiError(
      'STORE_CONFLICT',
      `Audit sink refused entry ${entry.seq}: the stored log ends at seq ${seq - 1}. Another writer appended to the same log; use one writer per log and reopen it.`,
    );
  }
}

/**
 * Creates an in-memory sink. Entries are lost when the process ends.
 *
 * @param initial - entries to start from (e.g. loaded elsewhere); they are not verified here
 * @returns a sink whose `entries` property shows what is stored
 * @example
 * ```ts
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * const sink = memorySink();
 * const log = createAuditLog({ sink });
 * await log.append({ kind: 'field.view', actor: 'cs-17', purpose: 'delivery-support', paths: ['recipient.phone'], data: { effect: 'mask' } });
 * console.log(sink.entries.length); // 1
 * ```
 */
export function memorySink(initial: readonly AuditEntry[] = []): MemoryAuditSink {
  const entries: AuditEntry[] = [...initial];
  return {
    entries,
    async open() {
      return entries[entries.length - 1];
    },
    async append(entry) {
      assertContinues(entries[entries.length - 1], entry);
      entries.push(entry);
    },
    async *read(fromSeq = 0) {
      for (let i = Math.max(0, fromSeq); i < entries.length; i++) yield entries[i]!;
    },
    async close() {},
  };
}

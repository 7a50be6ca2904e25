// An audit log that several processes append to at once. Each group of events is chained onto
// the head stored in the database inside the sink's lock, using the audit module's own log
// (validation, PII guard, hashing) over a one-shot sink, so the rules stay in one place.
import {
  AUDIT_GENESIS_HASH,
  type AuditEntry,
  type AuditEvent,
  type AuditLog,
  type AuditSigningKey,
  type AuditSink,
  createAuditLog,
} from '../audit/index.js';
import { PiiError } from '../errors.js';
import type { DatabaseAuditSink } from './audit-common.js';

/** Options of {@link createSharedAuditLog}. */
export interface SharedAuditLogOptions {
  /** A database sink: {@link postgresAuditSink} or {@link sqliteAuditSink}. */
  sink: DatabaseAuditSink;
  /** Ed25519 key that signs checkpoints. */
  signingKey?: AuditSigningKey;
  /** Time source (default `Date.now`). */
  clock?: () => Date | number;
}

function oneShot(last: AuditEntry | undefined, out: AuditEntry[]): AuditSink {
  return {
    open: async () => last,
    append: async (e) => {
      out.push(e);
    },
    async *read() {},
    close: async () => {},
  };
}

interface Waiting {
  event: AuditEvent;
  resolve: (e: AuditEntry) => void;
  reject: (e: unknown) => void;
}

/**
 * An audit log that any number of processes can append to at the same time: entries are
 * numbered and chained at the head stored in the database, under the database's lock, so the
 * log stays one valid chain. Same methods as `createAuditLog`.
 *
 * @param options - the database sink, signing key and clock
 * @returns an `AuditLog`
 * @throws PiiError INVALID_ARGUMENT without a database sink
 * @example
 * ```ts
 * import { createSharedAuditLog, sqliteAuditSink } from 'courier-pii/stores';
 * const log = createSharedAuditLog({ sink: sqliteAuditSink({ path: ':memory:' }) });
 * await Promise.all([1, 2, 3].map((i) => log.append({ kind: 'alert', actor: `worker-${i}`, purpose: 'security', data: { rule: 'r1', severity: 'low' } })));
 * console.log((await log.head()).size, (await log.verify()).ok); // 3 true
 * await log.close();
 * ```
 */
export function createSharedAuditLog(options: SharedAuditLogOptions): AuditLog {
  const sink = options?.sink;
  if (!sink || typeof sink.appendAtHead !== 'function') {
    throw new PiiError(
      'INVALID_ARGUMENT',
      'createSharedAuditLog needs { sink }: postgresAuditSink(...) or sqliteAuditSink(...).',
    );
  }
  const { signingKey, clock } = options;
  // A reader over the sink for verify(): createAuditLog validates the key and derives the public key.
  const reader = createAuditLog({ sink, signingKey, clock });
  let queue: Waiting[] = [];
  let running: Promise<void> | undefined;

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const results = new Map<Waiting, AuditEntry | { error: unknown }>();
      try {
        await sink.appendAtHead(async (last) => {
          results.clear();
          const out: AuditEntry[] = [];
          const log = createAuditLog({ sink: oneShot(last, out), clock });
          for (const w of batch) {
            try {
              results.set(w, await log.append(w.event));
            } catch (error) {
              results.set(w, { error });
            }
          }
          return out;
        });
      } catch (e) {
        for (const w of batch) w.reject(e);
        continue;
      }
      for (const w of batch) {
        const r = results.get(w)!;
        if ('error' in r) w.reject(r.error);
        else w.resolve(r as AuditEntry);
      }
    }
    running = undefined;
  };

  const head = async (): Promise<AuditEntry | undefined> => {
    if (running) await running;
    return sink.open();
  };

  return {
    publicKey: reader.publicKey,
    append(event) {
      return new Promise<AuditEntry>((resolve, reject) => {
        queue.push({ event, resolve, reject });
        running ??= drain();
      });
    },
    async checkpoint() {
      return createAuditLog({ sink: oneShot(await head(), []), signingKey, clock }).checkpoint();
    },
    async head() {
      const last = await head();
      return last ? { size: last.seq + 1, hash: last.hash } : { size: 0, hash: AUDIT_GENESIS_HASH };
    },
    entries: (fromSeq = 0) => sink.read(fromSeq),
    async verify(opts = {}) {
      if (running) await running;
      return reader.verify(opts);
    },
    async open() {
      await sink.open();
    },
    async close() {
      while (running) await running;
      await sink.close();
    },
  };
}

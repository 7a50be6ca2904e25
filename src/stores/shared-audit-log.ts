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
  auditEventMatches,
  createAuditLog,
} from '../audit/index.js';
import { PiiError } from '../errors.js';
import type { DatabaseAuditSink } from './audit-common.js';
import { checkOptions } from '../_internal/options.js';
import { SHARED_LOG_OPTIONS } from './option-names.js';

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
  key: string | undefined;
  resolve: (e: AuditEntry) => void;
  reject: (e: unknown) => void;
}

function checkKey(options: { idempotencyKey?: string } | undefined): string | undefined {
  const key = options?.idempotencyKey;
  if (options !== undefined && (typeof options !== 'object' || options === null))
    throw new PiiError('INVALID_ARGUMENT', 'append options must be an object.');
  if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 512))
    throw new PiiError('INVALID_ARGUMENT', 'idempotencyKey must be a string of 1-512 characters.');
  return key;
}

// What the caller of a shared log does next: nothing to reopen, retry with the same key.
function failure(e: unknown): unknown {
  if (!(e instanceof PiiError) || e.code !== 'AUDIT_SINK_FAILED') return e;
  const maybeApplied = e.details?.maybeApplied !== false;
  return new PiiError(
    'AUDIT_SINK_FAILED',
    `The shared audit log could not store the event${maybeApplied ? ' and it may be stored' : '; nothing was stored'}. This log needs no reopening: retry the append once the database is reachable, with the same idempotencyKey so that a retry never stores it twice.`,
    { cause: e, details: { maybeApplied } },
  );
}

function keyReused(): PiiError {
  return new PiiError(
    'STORE_CONFLICT',
    'This idempotencyKey was already used for a different audit event; make one key per event and reuse it only to retry that same event.',
  );
}

/**
 * An audit log that any number of processes can append to at the same time: entries are
 * numbered and chained at the head stored in the database, under the database's lock, so the
 * log stays one valid chain. Same methods as `createAuditLog`. An append with an
 * `idempotencyKey` is stored once however often it is retried, by any process: the key is
 * stored (as a SHA-256 digest) in the same transaction as its entry. After AUDIT_SINK_FAILED the
 * log needs no reopening; the next append reaches the database again.
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
  checkOptions('createSharedAuditLog', options, SHARED_LOG_OPTIONS);
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
      const keys = [...new Set(batch.flatMap((w) => (w.key === undefined ? [] : [w.key])))];
      const keyOf = new Map<AuditEntry, string>();
      try {
        await sink.appendAtHead(
          async (last, found) => {
            results.clear();
            keyOf.clear();
            const out: AuditEntry[] = [];
            const log = createAuditLog({ sink: oneShot(last, out), clock });
            const mine = new Map<string, AuditEntry>(); // keys stored by this batch
            for (const w of batch) {
              try {
                const prior = w.key === undefined ? undefined : (found.get(w.key) ?? mine.get(w.key));
                if (prior) {
                  // A retry of an event already stored: answer with the stored entry.
                  results.set(w, auditEventMatches(prior, w.event) ? prior : { error: keyReused() });
                  continue;
                }
                const e = await log.append(w.event);
                results.set(w, e);
                if (w.key !== undefined) {
                  mine.set(w.key, e);
                  keyOf.set(e, w.key);
                }
              } catch (error) {
                results.set(w, { error });
              }
            }
            return out;
          },
          keys.length > 0 ? { keys, keyOf: (e) => keyOf.get(e) } : undefined,
        );
      } catch (e) {
        const err = failure(e);
        for (const w of batch) w.reject(err);
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
    append(event, appendOptions) {
      return new Promise<AuditEntry>((resolve, reject) => {
        queue.push({ event, key: checkKey(appendOptions), resolve, reject });
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

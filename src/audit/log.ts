// The audit log: validates and guards events, chains them, hands them to a sink in order.
import { PiiError } from '../errors.js';
import { type AuditCheckpoint, type AuditSigningKey, makeCheckpoint, resolveSigner } from './checkpoint.js';
import { backend } from './backend.js';
import {
  AUDIT_FORMAT_VERSION,
  AUDIT_GENESIS_HASH,
  type AuditEntry,
  computeEntryHash,
  entryHashInput,
  entryShapeProblem,
  type UnhashedEntry,
} from './entry.js';
import { bad, eventFields } from './event-fields.js';
import type { AuditEvent } from './events.js';
import {
  type AuditAppendOptions,
  checkIdempotencyKey,
  eventSignature,
  type KeyedAppend,
  KeyedAppends,
  keyReused,
} from './idempotency.js';
import { blindFormats, DEFAULT_BLIND_INDEX_BYTES } from './pii-guard.js';
import type { AuditSink } from './sink.js';
import { type AuditVerifyOptions, type AuditVerifyResult, verifyAuditStream } from './verify.js';
import { checkOptions } from '../_internal/options.js';
import { AUDIT_LOG_OPTIONS } from './option-names.js';

/** Options of {@link createAuditLog}. */
export interface AuditLogOptions {
  /** Where entries are stored: `memorySink()`, `fileSink(path)` or a database adapter. */
  sink: AuditSink;
  /** Ed25519 or SM2 key (or external signer) for checkpoints; without it checkpoints are unsigned. */
  signingKey?: AuditSigningKey;
  /** Time source (default `Date.now`). */
  clock?: () => Date | number;
  /**
   * Length in bytes of the blind indexes this log accepts unscanned in a `{ blind }` wrapper:
   * the vault's `indexBytes` (4-32, default 16, as the vault's). A `{ blind }` value that is
   * neither such a blind index nor a pseudonym token is scanned like any other string.
   */
  blindIndexBytes?: number;
}

/** The end of the log: how many entries it holds and the hash of the last one. */
export interface AuditHead {
  size: number;
  hash: string;
}

/** A hash-chained, append-only audit log. */
export interface AuditLog {
  /**
   * Appends an event; resolves with the stored entry once the sink has acknowledged it. With
   * `options.idempotencyKey`, a retry of the same event stores it once (see `AuditAppendOptions`).
   * @throws PiiError AUDIT_PII_REJECTED, INVALID_ARGUMENT, AUDIT_CORRUPT; AUDIT_SINK_FAILED when
   * the sink failed (`details.maybeApplied` says whether the entry may be stored; the message says
   * how this kind of log continues); STORE_CONFLICT when another writer moved the stored head or
   * the key was used for another event
   */
  append(event: AuditEvent, options?: AuditAppendOptions): Promise<AuditEntry>;
  /**
   * Waits for pending appends and returns a checkpoint of the acknowledged head (never of an
   * entry the sink has not acknowledged), signed when the log has a key.
   * @throws PiiError AUDIT_SINK_FAILED after a sink failure; KEY_INVALID when an external signer fails
   */
  checkpoint(): Promise<AuditCheckpoint>;
  /** Waits for pending appends and returns the acknowledged head. */
  head(): Promise<AuditHead>;
  /** Reads the stored entries in order. */
  entries(fromSeq?: number): AsyncIterable<AuditEntry>;
  /** Verifies everything the sink holds, with this log's public key. */
  verify(options?: Omit<AuditVerifyOptions, 'publicKey'>): Promise<AuditVerifyResult>;
  /**
   * Opens the sink now (append opens it lazily); surfaces AUDIT_CORRUPT early. After a sink
   * failure it is also how the log recovers: it re-reads the stored head from the sink and
   * continues from there (a shared database log needs no reopening).
   */
  open(): Promise<void>;
  /** Waits for pending appends and closes the sink. */
  close(): Promise<void>;
  /** The public key that verifies this log's checkpoints, when it has a signing key. */
  readonly publicKey: Uint8Array | undefined;
}

const MAX_ENTRY_BYTES = 64 * 1024;

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function isoTime(clock: () => Date | number): string {
  const t = clock();
  const d = t instanceof Date ? t : new Date(t);
  const ms = d.getTime();
  if (!Number.isFinite(ms) || ms < 0 || ms > 253402300799999) {
    throw bad('The audit clock returned an invalid time (expected years 1970 to 9999).');
  }
  return d.toISOString();
}

/**
 * Creates an audit log over a sink. The log continues the chain from the sink's last entry.
 * One log object per sink: entries are numbered in call order.
 *
 * @param options - the sink, an optional Ed25519 or SM2 signing key for checkpoints, an optional clock,
 *   the blind index length of `{ blind }` values
 * @returns the log
 * @throws PiiError INVALID_ARGUMENT when the sink is missing or `blindIndexBytes` is not 4-32;
 *   KEY_INVALID when the signing key is not a 32-byte Ed25519 or SM2 secret key
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createAuditLog, memorySink, verifyAuditLog } from 'courier-pii/audit';
 * const key = ed25519.keygen();
 * const sink = memorySink();
 * const log = createAuditLog({ sink, signingKey: key });
 * await log.append({
 *   kind: 'access.decision', actor: 'courier-88', purpose: 'delivery',
 *   records: ['parcel-1'], paths: ['recipient.phone'],
 *   data: { record: true, fields: { 'recipient.phone': 'mask' }, rules: ['courier-masked'] },
 * });
 * const checkpoint = await log.checkpoint();
 * console.log(verifyAuditLog(sink.entries, { publicKey: key.publicKey, checkpoint }).ok); // true
 * ```
 */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  checkOptions('createAuditLog', options, AUDIT_LOG_OPTIONS);
  const sink = options?.sink;
  if (!sink || typeof sink.append !== 'function' || typeof sink.open !== 'function') {
    throw bad('createAuditLog needs { sink } (memorySink(), fileSink(path) or an AuditSink).');
  }
  const signer = options.signingKey === undefined ? undefined : resolveSigner(options.signingKey);
  const publicKey = signer?.publicKey;
  const clock = options.clock ?? Date.now;
  const indexBytes = options.blindIndexBytes ?? DEFAULT_BLIND_INDEX_BYTES;
  if (!Number.isInteger(indexBytes) || indexBytes < 4 || indexBytes > 32) {
    throw bad("blindIndexBytes must be an integer from 4 to 32 (the vault's indexBytes).");
  }
  const formats = blindFormats(indexBytes);

  // size/headHash: the chain as built (including appends still in flight);
  // acked: the longest prefix the sink has acknowledged, which is all checkpoints may cover.
  let size = 0;
  let headHash = AUDIT_GENESIS_HASH;
  let acked: AuditHead = { size: 0, hash: AUDIT_GENESIS_HASH };
  let opened: Promise<void> | undefined;
  let isOpen = false;
  let broken: PiiError | undefined;
  let tail: Promise<unknown> = Promise.resolve(); // settles after every append issued so far
  const keyed = new KeyedAppends();

  // Reads the stored head and continues from it: the first open, and recovery after a failure.
  async function load(): Promise<void> {
    const last = await sink.open();
    if (
      last !== undefined &&
      (entryShapeProblem(last) !== undefined || computeEntryHash(last) !== last.hash)
    ) {
      throw new PiiError(
        'AUDIT_CORRUPT',
        'The sink returned a last entry that is not a valid audit entry; run a verifier over the sink before appending.',
      );
    }
    size = last ? last.seq + 1 : 0;
    headHash = last ? last.hash : AUDIT_GENESIS_HASH;
    acked = { size, hash: headHash };
    broken = undefined;
    isOpen = true;
  }

  function opening(p: Promise<void>): Promise<void> {
    opened = p;
    // A failed open is not final: the next call tries again (the storage may be back).
    p.catch(() => {
      if (opened === p) opened = undefined;
    });
    return p;
  }
  const ensureOpen = (): Promise<void> => opened ?? opening(load());

  function open(): Promise<void> {
    // After a failure, recover: wait for the appends in flight, then re-read what the sink holds.
    if (broken && isOpen) {
      isOpen = false;
      return opening(tail.then(load));
    }
    return ensureOpen();
  }

  // Waits for every append issued before the call (tail is captured synchronously).
  async function settle(): Promise<void> {
    const before = tail;
    await ensureOpen();
    await before;
    if (broken) throw broken;
  }

  function failed(e: unknown): PiiError {
    if (e instanceof PiiError && e.code === 'STORE_CONFLICT') return e;
    const maybeApplied = !(e instanceof PiiError && e.details?.maybeApplied === false);
    return new PiiError(
      'AUDIT_SINK_FAILED',
      `The audit sink failed to store an entry${maybeApplied ? ' (it may have been stored)' : ''}; this log accepts no appends until it is reopened. When the storage is reachable again, call log.open() (it re-reads the stored head), then retry: an append retried with the same idempotencyKey is stored once.`,
      { cause: e, details: { maybeApplied } },
    );
  }

  async function appendEntry(event: AuditEvent, onBuilt?: (e: AuditEntry) => void): Promise<AuditEntry> {
    const fields = eventFields(event, formats);
    if (!isOpen) await ensureOpen();
    if (broken) throw broken;
    const unhashed: UnhashedEntry = {
      v: AUDIT_FORMAT_VERSION,
      seq: size,
      time: isoTime(clock),
      ...fields,
      prev: headHash,
    };
    const input = entryHashInput(unhashed);
    if (input.length > MAX_ENTRY_BYTES) {
      throw bad('Audit entry is larger than 64 KiB; log ids and paths, not documents.');
    }
    const entry = { ...unhashed, hash: backend.sha256Hex(input) } as AuditEntry;
    deepFreeze(entry);
    size += 1;
    headHash = entry.hash;
    onBuilt?.(entry);
    let call: Promise<void>;
    try {
      call = Promise.resolve(sink.append(entry));
    } catch (e) {
      call = Promise.reject(e);
    }
    const stored = call.then(
      () => {
        if (entry.seq >= acked.size) acked = { size: entry.seq + 1, hash: entry.hash };
      },
      (e: unknown) => {
        broken ??= failed(e);
        throw broken;
      },
    );
    await stored;
    return entry;
  }

  // Whether the entry a failed keyed append built is in the sink after all (checked after recovery).
  async function landed(entry: AuditEntry): Promise<boolean> {
    if (!isOpen) await ensureOpen();
    if (broken) throw broken;
    if (entry.seq >= acked.size) return false;
    for await (const e of sink.read(entry.seq)) return e.seq === entry.seq && e.hash === entry.hash;
    return false;
  }

  function appendKeyed(event: AuditEvent, key: string): Promise<AuditEntry> {
    const signature = eventSignature(event, formats);
    const prior = keyed.get(key);
    if (prior && prior.signature !== signature) return Promise.reject(keyReused());
    if (prior && prior.state !== 'failed') return prior.done;
    const k: KeyedAppend = {
      signature,
      state: 'pending',
      entry: prior?.entry,
      done: Promise.resolve() as never,
    };
    const attempt = prior?.entry
      ? landed(prior.entry).then((yes) => (yes ? prior.entry! : appendEntry(event, (e) => (k.entry = e))))
      : appendEntry(event, (e) => (k.entry = e));
    k.done = attempt.then(
      (e) => {
        k.state = 'stored';
        keyed.trim();
        return e;
      },
      (err: unknown) => {
        // Failed before reaching the sink (bad event, broken log): nothing to remember.
        if (k.entry && k.state === 'pending' && err === broken) k.state = 'failed';
        else keyed.delete(key);
        throw err;
      },
    );
    keyed.set(key, k);
    return k.done;
  }

  return {
    publicKey,
    open,
    append(event, appendOptions) {
      let done: Promise<AuditEntry>;
      try {
        const key = checkIdempotencyKey(appendOptions);
        done = key === undefined ? appendEntry(event) : appendKeyed(event, key);
      } catch (e) {
        done = Promise.reject(e);
      }
      // Resolve to undefined so the chain does not keep every entry reachable.
      tail = Promise.allSettled([tail, done]).then(() => undefined);
      return done;
    },
    async checkpoint() {
      await settle();
      const { size: n, hash } = acked;
      return makeCheckpoint(n, hash, isoTime(clock), signer);
    },
    async head() {
      await settle();
      return { ...acked };
    },
    entries(fromSeq = 0) {
      return sink.read(fromSeq);
    },
    async verify(opts = {}) {
      await settle();
      return verifyAuditStream(sink.read(0), { ...opts, publicKey });
    },
    async close() {
      if (opened) {
        await opened.catch(() => undefined);
        await tail;
      }
      await sink.close();
    },
  };
}

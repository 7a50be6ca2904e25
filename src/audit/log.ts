// The audit log: validates and guards events, chains them, hands them to a sink in order.
import { PiiError } from '../errors.js';
import { type AuditCheckpoint, type AuditSigningKey, makeCheckpoint, resolveSigner } from './checkpoint.js';
import { backend } from './backend.js';
import { cloneJson } from './canonical-json.js';
import {
  AUDIT_FORMAT_VERSION,
  AUDIT_GENESIS_HASH,
  type AuditEntry,
  computeEntryHash,
  entryHashInput,
  entryShapeProblem,
  type UnhashedEntry,
} from './entry.js';
import { AUDIT_KINDS, type AuditEvent } from './events.js';
import { type BlindFormats, guardFields, isBlind } from './pii-guard.js';
import type { AuditSink } from './sink.js';
import { type AuditVerifyOptions, type AuditVerifyResult, verifyAuditStream } from './verify.js';

/** Options of {@link createAuditLog}. */
export interface AuditLogOptions {
  /** Where entries are stored: `memorySink()`, `fileSink(path)` or a database adapter. */
  sink: AuditSink;
  /** Ed25519 key (or external signer) for checkpoints; without it checkpoints are unsigned. */
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
   * Appends an event; resolves with the stored entry once the sink has acknowledged it.
   * @throws PiiError AUDIT_PII_REJECTED, INVALID_ARGUMENT, AUDIT_SINK_FAILED, AUDIT_CORRUPT, STORE_CONFLICT
   */
  append(event: AuditEvent): Promise<AuditEntry>;
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
  /** Opens the sink now (append opens it lazily); surfaces AUDIT_CORRUPT early. */
  open(): Promise<void>;
  /** Waits for pending appends and closes the sink. */
  close(): Promise<void>;
  /** The public key that verifies this log's checkpoints, when it has a signing key. */
  readonly publicKey: Uint8Array | undefined;
}

const KINDS = new Set<string>(AUDIT_KINDS);
const CUSTOM_NAME = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)+$/;
const MAX_ENTRY_BYTES = 64 * 1024;

function bad(message: string): PiiError {
  return new PiiError('INVALID_ARGUMENT', message);
}

function refList(
  name: string,
  v: unknown,
  allowBlind: boolean,
): Array<string | { blind: string }> | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw bad(`event.${name} must be an array.`);
  return v.map((x, i) => {
    if (typeof x === 'string' && x.length > 0) return x;
    if (allowBlind && isBlind(x) && typeof x.blind === 'string' && x.blind.length > 0)
      return { blind: x.blind };
    throw bad(`event.${name}[${i}] must be a non-empty string${allowBlind ? ' or { blind: string }' : ''}.`);
  });
}

/** Validates an event and returns the entry fields it contributes. */
function eventFields(
  event: AuditEvent,
  formats: BlindFormats,
): Omit<UnhashedEntry, 'v' | 'seq' | 'time' | 'prev'> {
  if (typeof event !== 'object' || event === null) throw bad('event must be an object.');
  const kind = (event as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || (kind !== 'custom' && !KINDS.has(kind))) {
    throw bad(
      "event.kind is not a known audit kind; use { kind: 'custom', name: 'namespace.event' } for others.",
    );
  }
  for (const k of ['actor', 'purpose'] as const) {
    if (typeof event[k] !== 'string' || event[k].length === 0)
      throw bad(`event.${k} must be a non-empty string.`);
  }
  const out: Omit<UnhashedEntry, 'v' | 'seq' | 'time' | 'prev'> = {
    kind: kind as AuditEntry['kind'],
    actor: event.actor,
    purpose: event.purpose,
  };
  if (kind === 'custom') {
    const name = (event as { name?: unknown }).name;
    if (typeof name !== 'string' || !CUSTOM_NAME.test(name)) {
      throw bad('A custom event needs a namespaced name such as "acme.parcel.relabelled".');
    }
    out.name = name;
  }
  const subjects = refList('subjects', event.subjects, true);
  const records = refList('records', event.records, true);
  const paths = refList('paths', event.paths, false) as string[] | undefined;
  const keyIds = refList('keyIds', event.keyIds, false) as string[] | undefined;
  if (subjects) out.subjects = subjects;
  if (records) out.records = records;
  if (paths) out.paths = paths;
  if (keyIds) out.keyIds = keyIds;
  const data = (event as { data?: unknown }).data;
  if (data !== undefined) {
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw bad('event.data must be an object.');
    // A checked deep copy: refuses non-JSON values and detaches the entry from the caller's object.
    out.data = cloneJson(data as AuditEntry['data']);
  }
  guardFields(out, formats);
  return out;
}

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
 * @param options - the sink, an optional Ed25519 signing key for checkpoints, an optional clock,
 *   the blind index length of `{ blind }` values
 * @returns the log
 * @throws PiiError INVALID_ARGUMENT when the sink is missing or `blindIndexBytes` is not 4-32;
 *   KEY_INVALID when the signing key is not 32 bytes
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
  const sink = options?.sink;
  if (!sink || typeof sink.append !== 'function' || typeof sink.open !== 'function') {
    throw bad('createAuditLog needs { sink } (memorySink(), fileSink(path) or an AuditSink).');
  }
  const signer = options.signingKey === undefined ? undefined : resolveSigner(options.signingKey);
  const publicKey = signer?.publicKey;
  const clock = options.clock ?? Date.now;
  const indexBytes = options.blindIndexBytes ?? 16;
  if (!Number.isInteger(indexBytes) || indexBytes < 4 || indexBytes > 32) {
    throw bad("blindIndexBytes must be an integer from 4 to 32 (the vault's indexBytes).");
  }
  const formats: BlindFormats = { indexChars: Math.ceil((4 * indexBytes) / 3) };

  // size/headHash: the chain as built (including appends still in flight);
  // acked: the longest prefix the sink has acknowledged, which is all checkpoints may cover.
  let size = 0;
  let headHash = AUDIT_GENESIS_HASH;
  let acked: AuditHead = { size: 0, hash: AUDIT_GENESIS_HASH };
  let opened: Promise<void> | undefined;
  let isOpen = false;
  let broken: PiiError | undefined;
  let tail: Promise<unknown> = Promise.resolve(); // settles after every append issued so far

  function open(): Promise<void> {
    opened ??= sink.open().then((last) => {
      if (last !== undefined) {
        if (entryShapeProblem(last) !== undefined || computeEntryHash(last) !== last.hash) {
          throw new PiiError(
            'AUDIT_CORRUPT',
            'The sink returned a last entry that is not a valid audit entry; run a verifier over the sink before appending.',
          );
        }
        size = last.seq + 1;
        headHash = last.hash;
        acked = { size, hash: headHash };
      }
      isOpen = true;
    });
    return opened;
  }

  // Waits for every append issued before the call (tail is captured synchronously).
  async function settle(): Promise<void> {
    const before = tail;
    await open();
    await before;
    if (broken) throw broken;
  }

  async function appendEntry(event: AuditEvent): Promise<AuditEntry> {
    const fields = eventFields(event, formats);
    if (!isOpen) await open();
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
        broken ??=
          e instanceof PiiError && (e.code === 'STORE_CONFLICT' || e.code === 'AUDIT_SINK_FAILED')
            ? e
            : new PiiError('AUDIT_SINK_FAILED', 'The audit sink failed to store an entry; reopen the log.', {
                cause: e,
              });
        throw broken;
      },
    );
    await stored;
    return entry;
  }

  return {
    publicKey,
    open,
    append(event) {
      const done = appendEntry(event);
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

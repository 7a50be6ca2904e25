// Verification of a chain of entries against optional signed checkpoints. One incremental
// verifier serves arrays, async streams and files, so a large file is never loaded whole.
import { publicKeyAlg } from '../_internal/signature.js';
import { PiiError } from '../errors.js';
import { type AuditCheckpoint, verifyCheckpoint } from './checkpoint.js';
import {
  AUDIT_FORMAT_VERSION,
  AUDIT_GENESIS_HASH,
  type AuditEntry,
  computeEntryHash,
  entryShapeProblem,
} from './entry.js';
import { readLines } from './node-fs.js';
import { checkOptions } from '../_internal/options.js';
import { VERIFY_OPTIONS } from './option-names.js';

/** Options of the verifiers. */
export interface AuditVerifyOptions {
  /** The log's public key (32-byte Ed25519 or 65-byte SM2); required when checkpoints are signed. */
  publicKey?: Uint8Array;
  /**
   * Checkpoints obtained earlier (ideally from a second party). With a public key, each must be
   * signed by it. Without one, unsigned checkpoints are compared but not authenticated.
   */
  checkpoint?: AuditCheckpoint | readonly AuditCheckpoint[];
  /**
   * Verify a continuation: the entries start at seq `after.size` and the first links to
   * `after`'s head. Pass a checkpoint you hold (its signature is checked like the others) to
   * verify only what was appended since, then keep the newest checkpoint. Checkpoints for
   * sizes before `after` are not checked.
   */
  after?: AuditCheckpoint;
}

/** Which check failed. */
export type AuditFailure =
  | 'format'
  | 'torn'
  | 'seq'
  | 'prev'
  | 'hash'
  | 'checkpoint-mismatch'
  | 'truncated'
  | 'checkpoint-signature';

/** The verdict on a log. */
export interface AuditVerifyResult {
  /** True when every entry chains and hashes correctly and every checkpoint matches. */
  ok: boolean;
  /** Index (= expected seq) of the first entry that fails, or of the first missing entry. */
  firstBadIndex?: number;
  /** What failed, in words (never an entry's values). */
  reason?: string;
  /** What failed, as a stable code. */
  failure?: AuditFailure;
  /** Number of entries that verified before the first failure (all of them when ok). */
  size: number;
  /** Hash of the last entry that verified (the genesis hash when none). */
  head: string;
}

/** An incremental verifier: feed entries in order, then call finish(). */
export interface AuditVerifier {
  /** Checks the next entry; returns false once the log has failed. */
  push(entry: unknown): boolean;
  /** Marks the entry at the current index as unreadable (torn or not JSON). */
  fail(failure: AuditFailure, reason: string): void;
  /** The verdict; call after the last entry. */
  finish(): AuditVerifyResult;
}

function normalizeCheckpoints(o: AuditVerifyOptions): { cps: AuditCheckpoint[]; problem?: string } {
  const raw = o.checkpoint === undefined ? [] : Array.isArray(o.checkpoint) ? o.checkpoint : [o.checkpoint];
  const all =
    o.after === undefined ? [...(raw as AuditCheckpoint[])] : [o.after, ...(raw as AuditCheckpoint[])];
  const cps = all.sort((a, b) => a?.size - b?.size);
  for (const cp of cps) {
    if (
      typeof cp !== 'object' ||
      cp === null ||
      cp.v !== AUDIT_FORMAT_VERSION ||
      !Number.isSafeInteger(cp.size) ||
      cp.size < 0 ||
      typeof cp.head !== 'string' ||
      !/^[0-9a-f]{64}$/.test(cp.head)
    ) {
      return { cps, problem: 'a checkpoint is malformed' };
    }
    if (o.publicKey !== undefined) {
      if (!verifyCheckpoint(cp, o.publicKey)) {
        return {
          cps,
          problem: `the checkpoint at size ${cp.size} is unsigned or its signature does not verify with this public key`,
        };
      }
    } else if (cp.sig !== undefined) {
      return {
        cps,
        problem: `the checkpoint at size ${cp.size} is signed; pass the log's publicKey to verify it`,
      };
    }
  }
  return { cps };
}

/**
 * Creates an incremental verifier (what {@link verifyAuditLog} and {@link verifyAuditStream} use).
 *
 * @param options - public key and checkpoints
 * @returns a verifier to feed entries one by one
 * @throws PiiError KEY_INVALID when publicKey is neither a 32-byte Ed25519 nor a 65-byte SM2 public key
 * @example
 * ```ts
 * import { createAuditVerifier } from 'courier-pii/audit';
 * const v = createAuditVerifier();
 * console.log(v.finish().ok); // true: an empty log is a valid log
 * ```
 */
export function createAuditVerifier(options: AuditVerifyOptions = {}): AuditVerifier {
  checkOptions('createAuditVerifier', options, VERIFY_OPTIONS);
  if (options.publicKey !== undefined && publicKeyAlg(options.publicKey) === undefined) {
    throw new PiiError('KEY_INVALID', 'publicKey must be a 32-byte Ed25519 or a 65-byte SM2 public key.');
  }
  const { cps, problem } = normalizeCheckpoints(options);
  // After validation, `after` (if any) is a well-formed checkpoint: start from its head.
  let index = problem || !options.after ? 0 : options.after.size;
  let prev = problem || !options.after ? AUDIT_GENESIS_HASH : options.after.head;
  let cpIdx = 0;
  while (cpIdx < cps.length && cps[cpIdx]!.size < index) cpIdx++;
  let result: AuditVerifyResult | undefined = problem
    ? { ok: false, reason: problem, failure: 'checkpoint-signature', size: 0, head: prev }
    : undefined;

  const stop = (at: number, failure: AuditFailure, reason: string): false => {
    result ??= { ok: false, firstBadIndex: at, reason, failure, size: index, head: prev };
    return false;
  };
  // A checkpoint at size 0 covers the empty log.
  const matchCheckpoints = (): boolean => {
    while (cpIdx < cps.length && cps[cpIdx]!.size === index) {
      if (cps[cpIdx]!.head !== prev) {
        return stop(
          Math.max(0, index - 1),
          'checkpoint-mismatch',
          `the first ${index} entries differ from the checkpoint taken at that size: entries before it were rewritten`,
        );
      }
      cpIdx++;
    }
    return true;
  };
  matchCheckpoints();

  return {
    push(x) {
      if (result) return false;
      const shape = entryShapeProblem(x);
      if (shape) return stop(index, 'format', `entry ${index} is malformed: ${shape}`);
      const e = x as AuditEntry;
      if (e.seq !== index)
        return stop(
          index,
          'seq',
          `entry ${index} is out of sequence: an entry was removed, reordered or inserted`,
        );
      if (e.prev !== prev) return stop(index, 'prev', `entry ${index} does not link to the entry before it`);
      let h: string;
      try {
        h = computeEntryHash(e);
      } catch {
        return stop(index, 'format', `entry ${index} holds values that are not canonical JSON`);
      }
      if (h !== e.hash)
        return stop(index, 'hash', `entry ${index} was modified after it was written (hash mismatch)`);
      prev = e.hash;
      index++;
      return matchCheckpoints();
    },
    fail(failure, reason) {
      stop(index, failure, reason);
    },
    finish() {
      if (result) return result;
      if (cpIdx < cps.length) {
        const want = cps[cps.length - 1]!.size;
        stop(
          index,
          'truncated',
          `the log ends after ${index} entries but a checkpoint covers ${want}: entries were removed from the end`,
        );
        return result!;
      }
      return { ok: true, size: index, head: prev };
    },
  };
}

/**
 * Verifies a log held in memory.
 *
 * @param entries - the entries in stored order (parsed JSON is fine: they are checked field by field)
 * @param options - the log's public key and checkpoints to hold it to
 * @returns `{ ok, firstBadIndex?, reason?, failure?, size, head }`
 * @throws PiiError KEY_INVALID when publicKey is neither a 32-byte Ed25519 nor a 65-byte SM2 public key
 * @example
 * ```ts
 * import { createAuditLog, memorySink, verifyAuditLog } from 'courier-pii/audit';
 * const sink = memorySink();
 * const log = createAuditLog({ sink });
 * await log.append({ kind: 'consent.revoked', actor: 'app', purpose: 'consent', data: { tokenId: 'tok-1' } });
 * const tampered = sink.entries.map((e) => ({ ...e, actor: 'someone-else' }));
 * console.log(verifyAuditLog(tampered).firstBadIndex); // 0
 * ```
 */
export function verifyAuditLog(
  entries: Iterable<unknown>,
  options: AuditVerifyOptions = {},
): AuditVerifyResult {
  const v = createAuditVerifier(options);
  for (const e of entries) if (!v.push(e)) break;
  return v.finish();
}

/**
 * Verifies entries from an async stream (a sink's `read()`, a database cursor) without holding
 * them all.
 *
 * @param entries - entries in stored order
 * @param options - the log's public key and checkpoints
 * @returns the verdict, as {@link verifyAuditLog}
 * @throws PiiError KEY_INVALID when publicKey is neither a 32-byte Ed25519 nor a 65-byte SM2 public key
 * @example
 * ```ts
 * import { createAuditLog, memorySink, verifyAuditStream } from 'courier-pii/audit';
 * const sink = memorySink();
 * await createAuditLog({ sink }).append({ kind: 'alert', actor: 'monitor', purpose: 'security', data: { rule: 'bulk-lookup', severity: 'high' } });
 * console.log((await verifyAuditStream(sink.read())).ok); // true
 * ```
 */
export async function verifyAuditStream(
  entries: AsyncIterable<unknown> | Iterable<unknown>,
  options: AuditVerifyOptions = {},
): Promise<AuditVerifyResult> {
  const v = createAuditVerifier(options);
  for await (const e of entries) if (!v.push(e)) break;
  return v.finish();
}

/**
 * Verifies a JSON Lines audit file line by line (constant memory). A last line without a
 * newline is reported as `failure: 'torn'` at its index.
 *
 * @param path - the audit file written by `fileSink`
 * @param options - the log's public key and checkpoints
 * @returns the verdict, as {@link verifyAuditLog}
 * @throws PiiError KEY_INVALID when publicKey is neither a 32-byte Ed25519 nor a 65-byte SM2 public key; AUDIT_SINK_FAILED when the file cannot be read
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createAuditLog, fileSink, verifyAuditFile } from 'courier-pii/audit';
 * const path = join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.jsonl');
 * const log = createAuditLog({ sink: fileSink(path) });
 * await log.append({ kind: 'subject.exported', actor: 'dsar-bot', purpose: 'access-request', subjects: ['subj-42'], data: { format: 'json' } });
 * await log.close();
 * console.log((await verifyAuditFile(path)).ok); // true
 * ```
 */
export async function verifyAuditFile(
  path: string,
  options: AuditVerifyOptions = {},
): Promise<AuditVerifyResult> {
  const v = createAuditVerifier(options);
  try {
    for await (const line of readLines(path)) {
      if (!line.terminated) {
        v.fail('torn', `entry at byte offset ${line.offset} is an incomplete last line (interrupted write)`);
        break;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(line.text);
      } catch {
        v.fail('format', `line at byte offset ${line.offset} is not JSON`);
        break;
      }
      if (!v.push(parsed)) break;
    }
  } catch (e) {
    if (e instanceof PiiError) throw e;
    throw new PiiError('AUDIT_SINK_FAILED', 'Cannot read the audit file; check the path and permissions.', {
      cause: e,
    });
  }
  return v.finish();
}

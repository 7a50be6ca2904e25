// A job's failure event must not vanish because the database holding the audit log is down
// (docs/lifecycle.md, "When the audit log is unreachable"): it is kept in a spool and written
// before the job starts again; a job whose earlier failures are not yet in the log does not start.
import { toHex } from '../_internal/bytes.js';
import { type AuditEvent, type AuditLog, type AuditSpool, memorySpool } from '../audit/index.js';
import { PiiError } from '../errors.js';

// One bounded memory spool per audit log, for callers who pass none.
const spools = new WeakMap<AuditLog, AuditSpool>();

/** The spool for `audit`: the caller's, or this process's memory spool of that log. */
export function spoolFor(audit: AuditLog, spool: AuditSpool | undefined): AuditSpool {
  if (spool) return spool;
  let s = spools.get(audit);
  if (!s) {
    s = memorySpool();
    spools.set(audit, s);
  }
  return s;
}

/** Writes events kept from earlier failed runs; refuses to let the job start while it cannot. */
export async function flushKept(audit: AuditLog, spool: AuditSpool, job: string): Promise<void> {
  try {
    await spool.flush(audit);
  } catch (cause) {
    const pending = await spool.pending().catch(() => -1);
    throw new PiiError(
      'AUDIT_SINK_FAILED',
      `The ${job} does not start: audit events of an earlier failed run are kept and the audit log cannot store them yet. Start it again once the log is reachable; the kept events are written first.`,
      { cause, details: { pending, maybeApplied: false } },
    );
  }
}

/**
 * Appends a failure event, or keeps it in the spool when the log cannot store it. Returns the
 * job's error to throw: unchanged, or saying that the failure event was lost as well.
 */
export async function recordFailure(
  audit: AuditLog,
  spool: AuditSpool,
  event: AuditEvent,
  error: unknown,
): Promise<unknown> {
  // One key for the append and the kept copy: if the append was stored after all, the flush
  // of the kept copy does not store it twice.
  const idempotencyKey = `${event.kind}:${toHex(globalThis.crypto.getRandomValues(new Uint8Array(16)))}`;
  try {
    await audit.append(event, { idempotencyKey });
    return error;
  } catch {
    try {
      await spool.keep(event, { idempotencyKey });
      return error;
    } catch (lost) {
      if (!(error instanceof PiiError)) return error;
      return new PiiError(
        error.code,
        `${error.message} Its ${event.kind} audit event could be neither stored nor kept (${lost instanceof PiiError ? lost.code : 'error'}).`,
        { cause: error, details: { ...error.details, failureEventLost: true } },
      );
    }
  }
}

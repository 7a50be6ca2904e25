// Validation of purpose-consent ledger entries, shared by every store so each refuses the same
// malformed input (and a database row that no longer parses is reported, not trusted).
import { PiiError } from '../errors.js';
import { type PurposeConsentEntry, SEPARATE_CONSENTS, type SeparateConsent } from './purpose-types.js';

const ID = /^[A-Za-z0-9_.:/-]{1,200}$/;
const NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
const SEPARATE = new Set<string>(SEPARATE_CONSENTS);
const KEYS = new Set(['subjectId', 'purpose', 'action', 'at', 'noticeVersion', 'separate', 'channel']);

function bad(message: string): PiiError {
  return new PiiError('INVALID_ARGUMENT', message);
}

/** @internal Throws INVALID_ARGUMENT unless `id` is a subject id (1-200 of A-Z a-z 0-9 _ . : / -). */
export function checkSubjectId(id: unknown): string {
  if (typeof id !== 'string' || !ID.test(id))
    throw bad('subjectId must be 1-200 characters of A-Z a-z 0-9 _ . : / - (an opaque id, never a phone).');
  return id;
}

/** @internal Throws INVALID_ARGUMENT unless `name` is a purpose, notice version or channel name. */
export function checkName(what: string, name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name))
    throw bad(`${what} must be 1-100 characters of A-Z a-z 0-9 _ . : -.`);
  return name;
}

/**
 * Checks a ledger entry and returns a frozen copy holding only the known fields. Stores call it
 * on every append, so each store refuses the same malformed input.
 *
 * @param value - the candidate entry
 * @returns the entry, frozen
 * @throws PiiError INVALID_ARGUMENT for an unknown field, a malformed id or name, a bad time, a
 *   `give` without a notice version, a `withdraw` carrying one, or an unknown separate consent
 * @example
 * ```ts
 * import { parsePurposeConsentEntry } from 'courier-pii/consent';
 * const e = parsePurposeConsentEntry({ subjectId: 'cust-1', purpose: 'marketing', action: 'give', at: 0, noticeVersion: 'v3' });
 * console.log(e.action); // give
 * ```
 */
export function parsePurposeConsentEntry(value: unknown): PurposeConsentEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad('A purpose-consent entry must be an object { subjectId, purpose, action, at, ... }.');
  const v = value as Record<string, unknown>;
  for (const k of Object.keys(v)) {
    if (!KEYS.has(k)) throw bad(`A purpose-consent entry has an unknown field '${k.slice(0, 40)}'.`);
  }
  const subjectId = checkSubjectId(v.subjectId);
  const purpose = checkName('purpose', v.purpose);
  if (v.action !== 'give' && v.action !== 'withdraw') throw bad("action must be 'give' or 'withdraw'.");
  if (typeof v.at !== 'number' || !Number.isSafeInteger(v.at) || v.at < 0)
    throw bad('at must be a time in whole milliseconds since the epoch.');
  const out: {
    subjectId: string;
    purpose: string;
    action: 'give' | 'withdraw';
    at: number;
    noticeVersion?: string;
    separate?: readonly SeparateConsent[];
    channel?: string;
  } = { subjectId, purpose, action: v.action, at: v.at };
  if (v.action === 'give') out.noticeVersion = checkName('noticeVersion', v.noticeVersion);
  else if (v.noticeVersion !== undefined || v.separate !== undefined)
    throw bad('A withdrawal carries no noticeVersion or separate consents.');
  if (v.separate !== undefined) {
    if (!Array.isArray(v.separate)) throw bad('separate must be an array.');
    const seen = new Set<SeparateConsent>();
    for (const s of v.separate) {
      if (typeof s !== 'string' || !SEPARATE.has(s))
        throw bad(`separate consents are ${SEPARATE_CONSENTS.join(', ')}.`);
      seen.add(s as SeparateConsent);
    }
    out.separate = Object.freeze(SEPARATE_CONSENTS.filter((s) => seen.has(s)));
  }
  if (v.channel !== undefined) out.channel = checkName('channel', v.channel);
  return Object.freeze(out);
}

// The guard that keeps personal data out of the audit log (docs/audit.md: entries hold
// paths, ids, rule ids and blind indexes, never plaintext). Every string in an event (and
// every integer, since a phone number can arrive as a number) is scanned for a mainland mobile
// or international phone number, a resident ID (GB 11643 checksum), an email address or a bank
// card (Luhn). Two detectors run and either one refuses: the mask module's detect() (context
// words, full-width digits, grouping rules) and a stricter scan of stand-alone runs with the
// schema validators (a bare 16-19 digit Luhn-valid run is refused even without context).
// Values wrapped as { blind } are exempt unless the whole value is itself PII.
import { PiiError } from '../errors.js';
import { detect } from '../mask/index.js';
import { bankCardProblem, isResidentId, normalizeEmail, normalizePhone } from '../schema/validators.js';

/** Kinds of personal data the guard refuses. */
export type GuardedKind = 'phone' | 'idNumber' | 'email' | 'bankCard';

interface Hit {
  kind: GuardedKind;
  start: number;
  end: number;
}

// Boundaries: a run glued to letters or digits is part of another token (SF1381234567890 is a
// waybill, not a phone), so candidates must not touch [A-Za-z0-9] on either side.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const RESIDENT_ID = /(?<![A-Za-z0-9])\d{17}[\dXx](?![A-Za-z0-9])/g;
const MOBILE = /(?<![A-Za-z0-9+])(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?![A-Za-z0-9])/g;
const INTL_PHONE = /(?<![A-Za-z0-9])(?:\+|00)[1-9](?:[\s-]?\d){7,14}(?![A-Za-z0-9])/g;
// Card numbers are 16-19 digits starting 3-6 (UnionPay 62, Visa 4, Mastercard 5, JCB/Amex 3);
// shorter Luhn-valid runs are too often numeric waybill numbers to refuse.
const CARD = /(?<![A-Za-z0-9])[3-6](?:[\s-]?\d){15,18}(?![A-Za-z0-9])/g;

function scan(re: RegExp, text: string, kind: GuardedKind, ok: (m: string) => boolean, out: Hit[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (ok(m[0])) out.push({ kind, start: m.index, end: m.index + m[0].length });
  }
}

const GUARDED: readonly GuardedKind[] = ['phone', 'idNumber', 'email', 'bankCard'];

/**
 * Cheap pre-check: every guarded kind needs an `@` or at least 7 digits (ASCII or full-width),
 * so most ids and paths skip the detectors entirely.
 */
function mayHold(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)) {
      if (++digits >= 7) return true;
    } else if (c === 64 || c === 0xff20) return true;
  }
  return false;
}

/** Finds phone numbers, resident IDs, emails and bank cards in `text` (UTF-16 offsets). */
export function findGuardedPii(text: string): Hit[] {
  const out: Hit[] = [];
  if (text.length < 6 || !mayHold(text)) return out;
  for (const f of detect(text, { kinds: GUARDED }))
    out.push({ kind: f.kind as GuardedKind, start: f.start, end: f.end });
  if (text.includes('@')) scan(EMAIL, text, 'email', (m) => normalizeEmail(m) !== undefined, out);
  scan(RESIDENT_ID, text, 'idNumber', (m) => isResidentId(m), out);
  scan(MOBILE, text, 'phone', (m) => normalizePhone(m) !== undefined, out);
  scan(INTL_PHONE, text, 'phone', (m) => normalizePhone(m) !== undefined, out);
  scan(CARD, text, 'bankCard', (m) => bankCardProblem(m) === undefined, out);
  return out;
}

const LABEL: Record<GuardedKind, string> = {
  phone: 'a phone number',
  idNumber: 'a resident ID number',
  email: 'an email address',
  bankCard: 'a bank card number',
};

function reject(path: string, kind: GuardedKind, blind: boolean): never {
  const what = blind
    ? `${path} is declared { blind } but its whole value is ${LABEL[kind]}`
    : `${path} looks like it contains ${LABEL[kind]}`;
  throw new PiiError(
    'AUDIT_PII_REJECTED',
    `Audit event refused: ${what}. Log an opaque id, a field path, or a blind index / pseudonym wrapped as { blind: value } instead of the value.`,
    { details: { path, kind } },
  );
}

// Paths are kept as a stack of segments and only turned into a string for an error message.
type Segments = Array<string | number>;

function pathOf(segs: Segments): string {
  let out = '';
  for (const x of segs) out += typeof x === 'number' ? `[${x}]` : out === '' ? x : `.${x}`;
  return out;
}

function checkText(segs: Segments, text: string): void {
  const hit = findGuardedPii(text)[0];
  if (hit) reject(pathOf(segs), hit.kind, false);
}

function checkBlind(segs: Segments, v: unknown): void {
  if (typeof v !== 'string' || v.length === 0) {
    throw new PiiError('INVALID_ARGUMENT', `${pathOf(segs)}.blind must be a non-empty string.`);
  }
  const t = v.trim();
  for (const h of findGuardedPii(t))
    if (h.start === 0 && h.end === t.length) reject(pathOf(segs), h.kind, true);
}

/** True for the { blind: string } wrapper (exactly one key). */
export function isBlind(v: unknown): v is { blind: string } {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    'blind' in v &&
    Object.keys(v as object).length === 1
  );
}

function walk(segs: Segments, v: unknown): void {
  if (segs.length > 33)
    throw new PiiError('INVALID_ARGUMENT', `${pathOf(segs)} is nested deeper than 32 levels.`);
  if (typeof v === 'string') {
    checkText(segs, v);
    return;
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) >= 1e6) checkText(segs, String(Math.abs(v)));
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  if (isBlind(v)) {
    checkBlind(segs, (v as { blind: unknown }).blind);
    return;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      segs.push(i);
      walk(segs, v[i]);
      segs.pop();
    }
    return;
  }
  for (const k of Object.keys(v)) {
    // Check the key before it becomes part of a path that an error message shows.
    const keyHit = findGuardedPii(k)[0];
    if (keyHit) reject(`a key of ${pathOf(segs)}`, keyHit.kind, false);
    segs.push(k);
    walk(segs, (v as Record<string, unknown>)[k]);
    segs.pop();
  }
}

/** Walks a value and throws AUDIT_PII_REJECTED at the first PII-looking leaf, naming its path. */
export function guardValue(path: string, v: unknown): void {
  walk([path], v);
}

// The guard that keeps personal data out of the audit log (docs/audit.md: entries hold
// paths, ids, rule ids and blind indexes, never plaintext). Every string in an event (and
// every integer, since a phone number can arrive as a number) is scanned for a mainland mobile
// or international phone number, a resident ID (GB 11643 checksum), an email address or a bank
// card (Luhn). Two detectors run and either one refuses: the mask module's detect() (context
// words, full-width digits, grouping rules) and a stricter scan of stand-alone runs with the
// schema validators (a bare 16-19 digit Luhn-valid run is refused even without context). Both
// read the text as detection normalizes it (digits of other scripts, compatibility forms), and
// a string holding an invisible or format character is refused outright: audit fields are ids
// and paths, which never need one, and such characters are how a number is slipped past.
// Values wrapped as { blind } pass unscanned only in this library's own formats (a blind index
// of the configured length, a pseudonym token); anything else is scanned like a plain string.
// The event's size is checked before any of this (guardFields).
import { PiiError } from '../errors.js';
import { detect, normalizeForDetection } from '../mask/index.js';
import { isKind } from '../schema/index.js';
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
// An email is read from each '@': at most 64 characters of local part before it and 255 of
// domain after it (a pattern run over the whole text restarted at every letter: quadratic).
const EMAIL_AT = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,126}/y;
// The separators the mask module accepts inside numbers (138.1234.5678, 138·1234·5678 ...).
const SEP = '[\\s\\-./\\u00b7\\u2010\\u2012-\\u2015\\u2022\\u2027\\u2212\\u30fb]';
// (less the dot for international numbers and cards: a dot between digits there is an address
// or a decimal far more often)
const SEP_NO_DOT = SEP.replace('.', '');
const SEPS = new RegExp(SEP, 'g');
const RESIDENT_ID = new RegExp(`(?<![A-Za-z0-9])\\d{6}${SEP}?\\d{8}${SEP}?\\d{3}[\\dXx](?![A-Za-z0-9])`, 'g');
const MOBILE = new RegExp(
  `(?<![A-Za-z0-9+])(?:(?:\\+|00)?86${SEP}?)?1[3-9]\\d(?:${SEP}?\\d){8}(?![A-Za-z0-9])`,
  'g',
);
const INTL_PHONE = new RegExp(
  `(?<![A-Za-z0-9])(?:\\+|00)[1-9](?:${SEP_NO_DOT}?\\d){7,14}(?![A-Za-z0-9])`,
  'g',
);
// Card numbers are 16-19 digits starting 3-6 (UnionPay 62, Visa 4, Mastercard 5, JCB/Amex 3);
// shorter Luhn-valid runs are too often numeric waybill numbers to refuse.
const CARD = new RegExp(`(?<![A-Za-z0-9])[3-6](?:${SEP_NO_DOT}?\\d){15,18}(?![A-Za-z0-9])`, 'g');
// default-ignorable and format characters (zero-width space and joiner, soft hyphen, BOM ...)
const HIDDEN = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/** The digits of a number, without the separators it was written with. */
function compact(m: string): string {
  return m.replace(SEPS, '');
}

function scan(re: RegExp, text: string, kind: GuardedKind, ok: (m: string) => boolean, out: Hit[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (ok(m[0])) out.push({ kind, start: m.index, end: m.index + m[0].length });
  }
}

function isLocal(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    ((c | 32) >= 97 && (c | 32) <= 122) ||
    c === 46 ||
    c === 95 ||
    c === 37 ||
    c === 43 ||
    c === 45
  );
}

/** Emails at each '@': the local part is read back at most 64 characters. */
function emails(text: string, out: Hit[]): void {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let st = at;
    const lo = Math.max(0, at - 64);
    while (st > lo && isLocal(text.charCodeAt(st - 1))) st--;
    if (st === at) continue;
    EMAIL_AT.lastIndex = st;
    const m = EMAIL_AT.exec(text);
    if (m && normalizeEmail(m[0]) !== undefined)
      out.push({ kind: 'email', start: st, end: st + m[0].length });
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

/**
 * Finds phone numbers, resident IDs, emails and bank cards in `text` (offsets into the text as
 * detection normalizes it).
 */
export function findGuardedPii(raw: string): Hit[] {
  const out: Hit[] = [];
  if (raw.length < 6) return out;
  const text = normalizeForDetection(raw);
  if (!mayHold(text)) return out;
  for (const f of detect(text, { kinds: GUARDED }))
    out.push({ kind: f.kind as GuardedKind, start: f.start, end: f.end });
  if (text.includes('@')) emails(text, out);
  scan(RESIDENT_ID, text, 'idNumber', (m) => isResidentId(compact(m)), out);
  scan(MOBILE, text, 'phone', (m) => normalizePhone(compact(m)) !== undefined, out);
  scan(INTL_PHONE, text, 'phone', (m) => normalizePhone(m.replace(SEPS, ' ')) !== undefined, out);
  scan(CARD, text, 'bankCard', (m) => bankCardProblem(compact(m)) === undefined, out);
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
    ? `${path} is declared { blind } but is not a blind index or pseudonym of this library, and looks like it contains ${LABEL[kind]}`
    : `${path} looks like it contains ${LABEL[kind]}`;
  throw new PiiError(
    'AUDIT_PII_REJECTED',
    `Audit event refused: ${what}. Log an opaque id, a field path, or a blind index / pseudonym wrapped as { blind: value } instead of the value.`,
    { details: { path, kind } },
  );
}

function rejectHidden(path: string): never {
  throw new PiiError(
    'AUDIT_PII_REJECTED',
    `Audit event refused: ${path} contains an invisible or format character (such as a zero-width space). Audit fields hold ids and paths, which never need one; remove it.`,
    { details: { path, kind: 'hidden' } },
  );
}

// Paths are kept as a stack of segments and only turned into a string for an error message.
type Segments = Array<string | number>;

function pathOf(segs: Segments): string {
  let out = '';
  for (const x of segs) out += typeof x === 'number' ? `[${x}]` : out === '' ? x : `.${x}`;
  return out;
}

function checkText(segs: Segments, text: string, blind = false): void {
  if (HIDDEN.test(text)) rejectHidden(pathOf(segs));
  const hit = findGuardedPii(text)[0];
  if (hit) reject(pathOf(segs), hit.kind, blind);
}

/** What the guard accepts in a { blind } wrapper without scanning it. */
export interface BlindFormats {
  /** Base64url characters of a blind index: ceil(4 × bytes / 3) for the vault's `indexBytes`. */
  indexChars: number;
}

/** The size of a log's blind indexes when it is not told: the vault's default `indexBytes`. */
export const DEFAULT_BLIND_INDEX_BYTES = 16;

/** The formats of a log whose blind indexes have `indexBytes` bytes (base64url, unpadded). */
export function blindFormats(indexBytes: number): BlindFormats {
  return { indexChars: Math.ceil((4 * indexBytes) / 3) };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const PSEUDONYM = /^([A-Za-z]+)_[a-z2-7]{26}$/;

/**
 * Whether `v` is a blind index (`bi1.`, or `bi2.` from a GM-suite vault, and base64url of the configured length) or a pseudonym
 * token (`<kind>_` and 26 base32 characters), the library's own formats: random-looking by
 * construction, so they are not scanned.
 */
function isOwnFormat(v: string, formats: BlindFormats): boolean {
  if (v.startsWith('bi1.') || v.startsWith('bi2.'))
    return v.length === 4 + formats.indexChars && BASE64URL.test(v.slice(4));
  const m = PSEUDONYM.exec(v);
  return m !== null && isKind(m[1]!);
}

function checkBlind(segs: Segments, v: unknown, formats: BlindFormats): void {
  if (typeof v !== 'string' || v.length === 0) {
    throw new PiiError('INVALID_ARGUMENT', `${pathOf(segs)}.blind must be a non-empty string.`);
  }
  if (isOwnFormat(v, formats)) return;
  checkText(segs, v, true);
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

function walk(segs: Segments, v: unknown, formats: BlindFormats): void {
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
    checkBlind(segs, (v as { blind: unknown }).blind, formats);
    return;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      segs.push(i);
      walk(segs, v[i], formats);
      segs.pop();
    }
    return;
  }
  for (const k of Object.keys(v)) {
    // Check the key before it becomes part of a path that an error message shows.
    if (HIDDEN.test(k)) rejectHidden(`a key of ${pathOf(segs)}`);
    const keyHit = findGuardedPii(k)[0];
    if (keyHit) reject(`a key of ${pathOf(segs)}`, keyHit.kind, false);
    segs.push(k);
    walk(segs, (v as Record<string, unknown>)[k], formats);
    segs.pop();
  }
}

/** Walks a value and throws AUDIT_PII_REJECTED at the first PII-looking leaf, naming its path. */
export function guardValue(path: string, v: unknown, formats: BlindFormats): void {
  walk([path], v, formats);
}

/**
 * The most characters (keys and strings together) an event may carry. Checked before any
 * string is scanned, so the cost of guarding an event is bounded whatever the caller sends;
 * an entry is at most 64 KiB of UTF-8 anyway (log.ts).
 */
export const MAX_EVENT_CHARS = 64 * 1024;

/** `left` less the characters of `v`'s keys and strings; stops early once below zero. */
function charsLeft(v: unknown, left: number, depth: number): number {
  if (left < 0 || depth > 40) return left;
  if (typeof v === 'string') return left - v.length;
  if (typeof v === 'number') return left - 24;
  if (typeof v !== 'object' || v === null) return left - 5;
  if (Array.isArray(v)) {
    for (const x of v) {
      left = charsLeft(x, left - 1, depth + 1);
      if (left < 0) return left;
    }
    return left;
  }
  for (const k of Object.keys(v)) {
    left = charsLeft((v as Record<string, unknown>)[k], left - k.length - 1, depth + 1);
    if (left < 0) return left;
  }
  return left;
}

/**
 * Guards every field of an event: first refuses (INVALID_ARGUMENT) an event over
 * {@link MAX_EVENT_CHARS} without scanning it, then runs {@link guardValue} on each field.
 */
export function guardFields(fields: Readonly<Record<string, unknown>>, formats: BlindFormats): void {
  if (charsLeft(fields, MAX_EVENT_CHARS, 0) < 0) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      'Audit event is larger than 64 KiB; log ids and paths, not documents.',
    );
  }
  for (const k of Object.keys(fields)) guardValue(k, fields[k], formats);
}

// Format and checksum rules for Chinese and international identifiers. Pure functions over
// strings; used by the schema builders, by the mask module's detectors and by blind indexes.
// None of them throws on bad input: they return a reason (a short rule name) or undefined.

/** Mainland mobile national number: 1[3-9] followed by 9 digits. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** Province-level prefixes of GB/T 2260 codes (the first two digits of a resident ID). */
const PROVINCE_PREFIXES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

/** Is `y-m-d` a real calendar date (proleptic Gregorian)? */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [
    31,
    (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= days[m - 1]!;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 MOD 11-2 check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/**
 * Why a mainland resident ID (18-digit GB 11643, or the 15-digit legacy form) is invalid,
 * or undefined when it is valid. `today` bounds birth dates (default: now).
 */
export function residentIdProblem(raw: string, today: Date = new Date()): string | undefined {
  const s = raw.toUpperCase();
  let y: number;
  let m: number;
  let d: number;
  if (/^\d{17}[\dX]$/.test(s)) {
    y = Number(s.slice(6, 10));
    m = Number(s.slice(10, 12));
    d = Number(s.slice(12, 14));
  } else if (/^\d{15}$/.test(s)) {
    y = 1900 + Number(s.slice(6, 8));
    m = Number(s.slice(8, 10));
    d = Number(s.slice(10, 12));
  } else {
    return 'must be 18 characters (17 digits and a digit or X) or the 15-digit legacy form';
  }
  if (!PROVINCE_PREFIXES.has(s.slice(0, 2))) return 'region code is not a province-level code';
  if (y < 1900 || !isCalendarDate(y, m, d)) return 'birth date is not a real date';
  if (Date.UTC(y, m - 1, d) > today.getTime()) return 'birth date is in the future';
  if (s.length === 18 && residentIdCheckChar(s) !== s[17]) return 'check character does not match';
  return undefined;
}

/** True for a valid mainland resident ID. */
export function isResidentId(s: string, today?: Date): boolean {
  return residentIdProblem(s, today) === undefined;
}

function letterValue(c: string): number {
  return c.charCodeAt(0) - 55; // A=10 ... Z=35
}

/**
 * Hong Kong identity card: one or two letters, six digits, check digit (0-9 or A), the check
 * optionally in parentheses: `A123456(3)`. Returns a reason or undefined.
 */
export function hkIdProblem(raw: string): string | undefined {
  const mt = /^([A-Z]{1,2})(\d{6})\(?([0-9A])\)?$/.exec(raw.toUpperCase().replace(/\s+/g, ''));
  if (!mt) return 'must be one or two letters, six digits and a check digit';
  const letters = mt[1]!;
  const digits = mt[2]!;
  let sum =
    letters.length === 2
      ? letterValue(letters[0]!) * 9 + letterValue(letters[1]!) * 8
      : 36 * 9 + letterValue(letters[0]!) * 8;
  for (let i = 0; i < 6; i++) sum += (digits.charCodeAt(i) - 48) * (7 - i);
  const r = 11 - (sum % 11);
  const check = r === 11 ? '0' : r === 10 ? 'A' : String(r);
  return check === mt[3] ? undefined : 'check character does not match';
}

// Taiwan letter codes: the letter maps to a two-digit number (I, O, W ... out of order).
const TW_CODES: Record<string, number> = {
  A: 10,
  B: 11,
  C: 12,
  D: 13,
  E: 14,
  F: 15,
  G: 16,
  H: 17,
  I: 34,
  J: 18,
  K: 19,
  L: 20,
  M: 21,
  N: 22,
  O: 35,
  P: 23,
  Q: 24,
  R: 25,
  S: 26,
  T: 27,
  U: 28,
  V: 29,
  W: 32,
  X: 30,
  Y: 31,
  Z: 33,
};

/**
 * Taiwan national ID (and the 2021 resident-certificate form): a letter, then 1/2 (or 8/9),
 * then 8 digits; weighted sum mod 10 must be 0. Returns a reason or undefined.
 */
export function twIdProblem(raw: string): string | undefined {
  const s = raw.toUpperCase();
  if (!/^[A-Z][1289]\d{8}$/.test(s)) return 'must be a letter, 1, 2, 8 or 9, and eight digits';
  const code = TW_CODES[s[0]!]!;
  let sum = Math.floor(code / 10) + (code % 10) * 9;
  for (let i = 1; i < 9; i++) sum += (s.charCodeAt(i) - 48) * (9 - i);
  sum += s.charCodeAt(9) - 48;
  return sum % 10 === 0 ? undefined : 'check digit does not match';
}

/** Luhn (ISO/IEC 7812) check over a digit string. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let v = digits.charCodeAt(i) - 48;
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** Bank card: 12-19 digits (spaces or dashes allowed between groups) passing Luhn. */
export function bankCardProblem(raw: string): string | undefined {
  const d = raw.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(d)) return 'must be 12 to 19 digits';
  return luhnValid(d) ? undefined : 'Luhn check digit does not match';
}

const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7];

/** UPU S10 item identifier check digit (e.g. EA123456785CN). */
export function s10Valid(raw: string): boolean {
  const mt = /^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$/.exec(raw);
  if (!mt) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (mt[1]!.charCodeAt(i) - 48) * S10_WEIGHTS[i]!;
  const r = 11 - (sum % 11);
  const check = r === 10 ? 0 : r === 11 ? 5 : r;
  return check === Number(mt[2]);
}

/**
 * Courier waybill number: a carrier prefix (SF, YT, JT, JD, JDV, ZTO, STO, YD, DPK, EMS)
 * with 10-15 digits, a 12-15 digit numeric waybill, or a UPU S10 identifier.
 */
export function waybillProblem(raw: string): string | undefined {
  const s = raw.toUpperCase();
  if (/^(SF|YT|JT|JDV|JD|ZTO|STO|YD|DPK|EMS)\d{10,15}$/.test(s)) return undefined;
  if (/^\d{12,15}$/.test(s)) return undefined;
  if (/^[A-Z]{2}\d{9}[A-Z]{2}$/.test(s)) return s10Valid(s) ? undefined : 'S10 check digit does not match';
  return 'must be a carrier prefix with digits, 12-15 digits, or a UPU S10 identifier';
}

/** Strip spaces, dashes, dots and parentheses that people put inside phone numbers. */
function stripPhone(raw: string): string {
  return raw.replace(/[\s\-().\u00a0]/g, '');
}

/**
 * Normalize a phone number to E.164. Mainland mobiles are accepted bare or with +86, 0086
 * or 86; other numbers must be international (+ or 00, country code, 7-14 more digits).
 * Returns undefined when the input is not a phone number.
 */
export function normalizePhone(raw: string): string | undefined {
  const s = stripPhone(raw.trim());
  let m = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/.exec(s);
  if (m) return `+86${m[1]}`;
  m = /^(?:\+|00)([1-9]\d{7,14})$/.exec(s);
  if (m) {
    // +86 followed by something that is not a mobile is not a valid mainland mobile number.
    if (m[1]!.startsWith('86')) return undefined;
    return `+${m[1]}`;
  }
  return undefined;
}

/**
 * Normalize a mainland landline: area code (010, 02X, or 0 + three digits) with a 7-8
 * digit local number and an optional extension (`-8012`, `转8012`, `ext 8012`), with or
 * without +86. Returns `0AA-NNNNNNNN` or `0AA-NNNNNNNN-EEEE`, or undefined.
 */
export function normalizeLandline(raw: string): string | undefined {
  let s = raw.trim().replace(/[\s\u00a0]/g, '');
  s = s.replace(/^(?:\+86|0086)-?/, '0').replace(/^00?(?=[1-9])/, '0');
  const m = /^\(?(0(?:10|2\d|[3-9]\d{2}))\)?-?([1-9]\d{6,7})(?:(?:-|转|ext\.?|x|#)(\d{1,6}))?$/i.exec(s);
  if (!m) return undefined;
  return m[3] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[1]}-${m[2]}`;
}

/** A pragmatic email check (local@domain.tld, no spaces); normalizes the domain to lower case. */
export function normalizeEmail(raw: string): string | undefined {
  const s = raw.trim();
  const m =
    /^([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64})@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)$/.exec(
      s,
    );
  if (!m || m[1]!.startsWith('.') || m[1]!.endsWith('.') || m[1]!.includes('..')) return undefined;
  if (!/[A-Za-z]{2,}$/.test(m[2]!)) return undefined;
  return `${m[1]}@${m[2]!.toLowerCase()}`;
}

/**
 * Passports and travel permits: Chinese passports (E/G + 8 digits, or EA-style), HK/Macau
 * permits (C/H/M + 8-10 digits), and other countries' 6-9 character alphanumeric passports.
 * Normalizes to upper case without spaces.
 */
export function normalizePassport(raw: string): string | undefined {
  const s = raw.replace(/\s+/g, '').toUpperCase();
  if (/^[A-Z0-9]{6,10}$/.test(s) && /\d/.test(s)) return s;
  return undefined;
}

/** Pickup codes as shelves print them: `3-2-1234`, `12-3-4567`, or 4-8 digits / letters. */
export function pickupCodeProblem(raw: string): string | undefined {
  const s = raw.trim().toUpperCase();
  if (/^\d{1,3}(?:-\d{1,5}){1,3}$/.test(s) || /^[A-Z0-9]{4,8}$/.test(s)) return undefined;
  return 'must be like 3-2-1234 or 4 to 8 letters and digits';
}

/** ISO date `YYYY-MM-DD`, a real date, not in the future. */
export function birthDateProblem(raw: string, today: Date = new Date()): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!m) return 'must be an ISO date YYYY-MM-DD';
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1900 || !isCalendarDate(y, mo, d)) return 'is not a real date';
  if (Date.UTC(y, mo - 1, d) > today.getTime()) return 'is in the future';
  return undefined;
}

/** Collapse inner white space in a personal name; Chinese names lose inner spaces entirely. */
export function normalizeName(raw: string): string {
  const s = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (/^[\u3400-\u9fff·• ]+$/.test(s)) return s.replace(/ /g, '').replace(/•/g, '·');
  return s;
}

/** Full-width digits and letters to ASCII, ideographic space to space, trim, collapse. */
export function normalizeText(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\u3000/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/**
 * Why an id that is meant to be opaque (a subject id, a grantee, a party in a token) is not:
 * it, or one of its parts separated by `/` or `:`, is a phone number, an email address or a
 * resident ID number. Such ids end up in clear where values are sealed (a sealed field's key id,
 * a consent token, an audit entry), so they must name a person without being their data.
 *
 * @param id - the id
 * @returns a reason (which kind it looks like), or undefined when the id is opaque
 * @example
 * ```ts
 * import { opaqueIdProblem } from 'courier-pii/schema';
 * console.log(opaqueIdProblem('cust-42')); // undefined
 * console.log(opaqueIdProblem('tel:13812345678')); // looks like a phone number
 * ```
 */
export function opaqueIdProblem(id: string): string | undefined {
  for (const part of id.split(/[/:]/)) {
    if (part === '') continue;
    if (normalizePhone(part) !== undefined) return 'looks like a phone number';
    if (normalizeEmail(part) !== undefined) return 'looks like an email address';
    if (isResidentId(part)) return 'looks like a resident ID number';
  }
  return undefined;
}

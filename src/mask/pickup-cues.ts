// Pickup codes that stations, lockers and their staff point at with a short word rather than
// the code's name, taken only in a clause about collecting a parcel (pickup-clause.ts):
// - English code / PIN / passcode / password (your parcel is in the locker, code 4-1-2083;
//   Locker 12 PIN: 5521), not after a word that makes it another code's (error, zip, promo ...);
// - 凭 in a station's SMS (请凭8-2-1033到驿站取件, 凭码 88931204 取件): what the receiver shows;
// - 码 alone as staff say it (你的码是6-3-2201, 报码 7-2-0018), not inside another word's (号码, 条码, 二维码, SN码);
// - 货架号 / 货架 before a whole shelf position (货架号 8-2-1033: a 驿站's shelf position is its
//   code), not before a bare shelf number (3号货架, 货架 12).
// The value must look like a code and like nothing else: 4 digits or more (or a shelf code of 3
// digits with a dash), at most 8 digits without a letter or dash, no mobile or landline (a phone
// stays a phone), no date (2026-12-07, 12-07). Cost: a few dozen characters per cue word.
import {
  isAsciiAlnum as $isAsciiAlnum,
  isAsciiLetter as $isAsciiLetter,
  isDigitCode as $isDigitCode,
  headAt as $headAt,
  wordHeads as $wordHeads,
} from './char-flags.js';

// imports as local bindings, read per character (see detect-number-context.ts)
const isAsciiAlnum = $isAsciiAlnum;
const isAsciiLetter = $isAsciiLetter;
const isDigitCode = $isDigitCode;
const headAt = $headAt;

/** @internal the cue words (their first characters are marked in scan.ts) */
export const CUE_WORDS = ['code', 'pin', 'passcode', 'password'];
export const CJK_CUE_WORDS = ['凭', '憑', '码', '碼', '货架', '貨架'];

// (code=, pin= is a record's key: pickup-record-codes.ts reads it, with the record's own checks)
const LATIN_CUE =
  /(?:passcode|password|code|pin)(?![a-z])\s{0,3}(?:is(?![a-z]))?\s{0,3}[:：#]?\s{0,3}["']?/iy;
const CJK_CUE =
  /(?:货架号|貨架號|货架|貨架|[凭憑]\s{0,3}[码碼]?|[码碼])\s{0,3}(?:是|为|為)?\s{0,3}[:：=#]?\s{0,3}[【[「(（"'“]?/y;
const LATIN_HEADS = $wordHeads(CUE_WORDS, true);
const CJK_HEADS = $wordHeads(CJK_CUE_WORDS);

// the words before code that name another code: an error's, a place's, a coupon's, a product's
const OTHER_CODES = new Set(
  `error status response result exit return http tracking track waybill postal post zip area country
   dial promo promotion promotional discount coupon voucher gift referral invite invitation share qr
   bar product item hs sku order station site store shop branch city region reference ref`.split(/\s+/),
);

// 的 个 個 报 報: the characters before 码 alone as people say it
const CODE_BEFORE = new Set([0x7684, 0x4e2a, 0x500b, 0x62a5, 0x5831]);

function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

/** @internal The cue key that matches at `p` (its lastIndex at the value), or undefined. */
export function cueKeyAt(t: string, p: number): RegExp | undefined {
  const b = p === 0 ? Number.NaN : t.charCodeAt(p - 1);
  if (headAt(LATIN_HEADS, t, p)) {
    if (isAsciiAlnum(b)) return undefined;
    LATIN_CUE.lastIndex = p;
    return LATIN_CUE.test(t) ? LATIN_CUE : undefined;
  }
  if (!headAt(CJK_HEADS, t, p)) return undefined;
  const c = t.charCodeAt(p);
  // 码 alone: after 的, 个 or 报 (你的码, 那个码, 报码), a space, a mark or the start; not inside
  // another word (号码, 条码, SN码)
  if (
    (c === 0x7801 || c === 0x78bc) &&
    !(Number.isNaN(b) || CODE_BEFORE.has(b) || (!isCjk(b) && !isAsciiAlnum(b)))
  )
    return undefined;
  CJK_CUE.lastIndex = p;
  return CJK_CUE.test(t) ? CJK_CUE : undefined;
}

/**
 * @internal Whether the value t[s, e) after the cue word at `p` (matched by `key`) may be a
 * pickup code: its shape (see the file's head), a whole shelf position after 货架, and no word
 * naming another code before an English cue.
 */
export function cueCode(t: string, p: number, key: RegExp, s: number, e: number): boolean {
  let digits = 0;
  let dashes = 0;
  let letters = false;
  let first = -1;
  for (let k = s; k < e; k++) {
    const c = t.charCodeAt(k);
    if (isDigitCode(c)) digits++;
    else if (c === 45) {
      if (first === -1) first = k - s;
      dashes++;
    } else letters = true;
  }
  if (digits < 4 && !(dashes > 0 && digits >= 3)) return false;
  if (!letters && digits > (dashes === 0 ? 8 : 9)) return false;
  // a date: 2026-12-07, 12-07
  if (!letters && dashes > 0) {
    const c0 = t.charCodeAt(s);
    if (first === 4 && (c0 === 49 || c0 === 50)) return false;
    if (dashes === 1 && first <= 2 && e - s - first - 1 <= 2) return false;
  }
  const c = t.charCodeAt(p);
  if (c === 0x8d27 || c === 0x8ca8) return dashes >= 2;
  if (key !== LATIN_CUE) return true;
  let b = p;
  while (b > 0 && p - b < 2 && (t.charCodeAt(b - 1) === 32 || t.charCodeAt(b - 1) === 45)) b--;
  if (b === p) return true;
  let a = b;
  while (a > 0 && b - a < 16 && isAsciiLetter(t.charCodeAt(a - 1))) a--;
  return !OTHER_CODES.has(t.slice(a, b).toLowerCase());
}

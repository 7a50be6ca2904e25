// The boundaries of a number in free text: a number inside a longer alphanumeric token (a
// waybill or order id such as SF1381234567890 or ORD-13812345678) is not reported, except after
// a short telephone word (tel, m, wx ...).
import { isAsciiAlnum, isAsciiLetter } from './char-flags.js';

const TEL_WORDS = [
  'tel',
  'phone',
  'mobile',
  'mob',
  'cell',
  'm',
  't',
  'call',
  'no',
  'whatsapp',
  'wechat',
  'wx',
];
const LONGEST_TEL_WORD = 8;

/** ASCII letters t[i, end) lower-cased as a base-27 number (at most eight letters, so exact). */
function letterKey(t: string, i: number, end: number): number {
  let k = 0;
  for (let j = i; j < end; j++) k = k * 27 + ((t.charCodeAt(j) | 32) - 96);
  return k;
}
const TEL_KEYS = new Set(TEL_WORDS.map((w) => letterKey(w, 0, w.length)));

/** @internal a character of an email local part: A-Z a-z 0-9 . _ % + - */
export function isLocalChar(c: number): boolean {
  // A-Z a-z 0-9 . _ % + -
  return isAsciiAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

/** @internal Left boundary of a number: not inside a longer alphanumeric token (waybill, order id). */
export function leftOk(t: string, start: number): boolean {
  if (start === 0) return true;
  const c = t.charCodeAt(start - 1);
  if (c >= 48 && c <= 57) return false;
  if (isAsciiLetter(c)) {
    let i = start - 1;
    while (i > 0 && isAsciiLetter(t.charCodeAt(i - 1))) i--;
    if (i > 0 && isAsciiAlnum(t.charCodeAt(i - 1))) return false;
    return start - i <= LONGEST_TEL_WORD && TEL_KEYS.has(letterKey(t, i, start));
  }
  if ((c === 45 || c === 95 || c === 47) && start >= 2 && isAsciiAlnum(t.charCodeAt(start - 2))) return false; // ORD-1381...
  return true;
}

/** @internal Right boundary: not followed by a digit or letter (or an @ of an email local part). */
export function rightOk(t: string, end: number): boolean {
  if (end >= t.length) return true;
  const c = t.charCodeAt(end);
  if (isAsciiAlnum(c) || c === 64) return false;
  if ((c === 45 || c === 95) && end + 1 < t.length && isAsciiAlnum(t.charCodeAt(end + 1))) return false;
  return true;
}

/** @internal the `n` characters before `start`, lower-cased (context words) */
export function before(t: string, start: number, n: number): string {
  return t.slice(Math.max(0, start - n), start).toLowerCase();
}

// Numbers written as an amount, a quantity or an ordinal (¥13800001234, 13800001234元, 第…号,
// 13800001234 kg): no one's phone or ID however they look.
import {
  isDigit as $isDigit,
  isLetter as $isLetter,
  isSpace as $isSpace,
  wordAfter as $wordAfter,
  words,
} from './number-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigit;
const isLetter = $isLetter;
const isSpace = $isSpace;
const wordAfter = $wordAfter;

// what an amount or a count is written with: a currency sign or code before the number, a
// unit after it (¥13800001234, 13800001234元, 共13800001234件, 耗时13800001234毫秒, 第13800001234号)
const CURRENCY_BEFORE = new Set([0xa5, 0xffe5, 36, 0x20ac, 0xa3]); // ¥ ￥ $ € £
const CURRENCY_CODES = /(?:rmb|cny|usd|hkd|eur)\s?$/i;
// and the Latin units of weights, counts and durations (13800001234 kg, ... pcs, ... ms)
const LATIN_UNITS = words(['kgs', 'kg', 'g', 'lbs', 'lb', 'pcs', 'pc', 'ms', 'yuan', 'rmb', 'cny', 'usd']);
const UNIT_AFTER: ReadonlySet<number> = new Set(
  [...'元块塊件克斤吨噸箱袋秒分笔筆'].map((c) => c.charCodeAt(0)),
);

/**
 * @internal Whether the number t[s, e) is written as an amount, a quantity or an ordinal: a
 * currency sign or code before it, a unit after it, 第 before it or '#' glued to it. Such a
 * number is no one's phone or ID however it looks.
 */
export function amountOrCount(t: string, s: number, e: number): boolean {
  let b = s;
  if (b > 0 && isSpace(t.charCodeAt(b - 1))) b--;
  if (b > 0) {
    const c = t.charCodeAt(b - 1);
    if (CURRENCY_BEFORE.has(c) || c === 0x7b2c) return true; // 第
    if (c === 35 && !(b > 1 && /[A-Za-z]/.test(t[b - 2]!))) return true; // #
    if (b >= 3 && isLetter(c) && CURRENCY_CODES.test(t.slice(b - 3, s))) return true;
  }
  let a = e;
  if (a < t.length && isSpace(t.charCodeAt(a))) a++;
  if (a < t.length && isLetter(t.charCodeAt(a))) {
    const u = wordAfter(t, a, LATIN_UNITS);
    if (u !== -1 && !isDigit(t.charCodeAt(u))) return true; // (G12345678 is a passport, not grams)
  }
  if (a < t.length) {
    const c = t.charCodeAt(a);
    // (分机 is an extension, not minutes or cents)
    if (UNIT_AFTER.has(c) && !(c === 0x5206 && t.charCodeAt(a + 1) === 0x673a)) return true;
    if (c === 0x6beb && t.charCodeAt(a + 1) === 0x79d2) return true; // 毫秒
  }
  return false;
}

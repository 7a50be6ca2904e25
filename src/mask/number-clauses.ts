// Labels that are a phrase rather than a key: a numbered key (包裹1：, 运单2：) and a clause of
// words ending in a colon that names non-personal numbers (以下单号已签收：, 我有两个快递：). Each
// reads at most a few dozen characters before the number.
import { PARCELS } from './number-after.js';
import {
  isDigit as $isDigit,
  isLetter as $isLetter,
  isSpace as $isSpace,
  wordBefore as $wordBefore,
} from './number-words.js';
import { keyEndingAt as $keyEndingAt } from './structured-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const keyEndingAt = $keyEndingAt;
const isDigit = $isDigit;
const isLetter = $isLetter;
const isSpace = $isSpace;
const wordBefore = $wordBefore;

/** @internal The Chinese key before one or two digits that end at `q` (包裹1, 运单2), or undefined. */
export function numberedKey(t: string, q: number): ReturnType<typeof keyEndingAt> {
  let k = q;
  while (k > 0 && q - k < 2 && isDigit(t.charCodeAt(k - 1))) k--;
  if (k === q || k === 0) return undefined;
  const c = t.charCodeAt(k - 1);
  if (!(c >= 0x3400 && c <= 0x9fff)) return undefined;
  const key = keyEndingAt(t, k);
  if (key !== undefined) return key;
  const parcel = wordBefore(t, k, PARCELS);
  return parcel === -1 ? undefined : { kind: 'negative', start: parcel };
}

// where a clause starts: sentence punctuation and line breaks
const CLAUSE_END: ReadonlySet<number> = new Set([...'，。；！？,;!?\n|'].map((c) => c.charCodeAt(0)));
// what a clause may end in after its key and still be a label: not a remark or a message, whose
// colon heads free text (订单备注：13812345678 may well be a phone)
const FREE_TEXT = /(?:备注|留言|说明|信息|内容|描述|remarks?|notes?|comments?|message|info|description)\s*$/i;
const CLAUSE_MAX = 24;

/**
 * @internal The key of non-personal numbers in the clause that a colon ends right before the number at `s`
 * (`q`: where the gap before the number starts), when the clause names no personal data and is
 * no remark or greeting; else undefined. Its start is `q`: the label taken is only the gap.
 */
export function clauseKey(t: string, q: number, s: number): ReturnType<typeof keyEndingAt> {
  let colon = false;
  for (let k = q; k < s && !colon; k++) colon = t.charCodeAt(k) === 58 || t.charCodeAt(k) === 0xff1a;
  if (!colon) return undefined;
  let found: ReturnType<typeof keyEndingAt>;
  let foundEnd = q;
  for (let e = q; e > 0 && q - e < CLAUSE_MAX && !CLAUSE_END.has(t.charCodeAt(e - 1)); e--) {
    const c = t.charCodeAt(e - 1);
    // a clause of words: a digit or a symbol means the colon ends something else
    if (!(isLetter(c) || isSpace(c) || (c >= 0x3400 && c <= 0x9fff))) return undefined;
    // a Latin key ends at a word's end
    if (isLetter(c) && e < t.length && isLetter(t.charCodeAt(e))) continue;
    const key = keyEndingAt(t, e);
    if (key === undefined) continue;
    if (key.kind !== 'negative') return undefined;
    if (found === undefined) {
      found = key;
      foundEnd = e;
    }
  }
  if (found === undefined) return undefined;
  // what follows the key is a predicate (已签收, for the two boxes), not a greeting or a name
  // (订单号 Li Na您好：): no capital letter, no 您/你, no remark
  const rest = t.slice(foundEnd, q);
  if (/[A-Z您你]/.test(rest) || FREE_TEXT.test(rest)) return undefined;
  // the label is only the gap: a name earlier in the clause stays a name
  return { kind: 'negative', start: q };
}

// A mobile number told in parts, as people dictate one in a chat or a call note: 138，中间是2604，
// 最后9175 / 前三位139 中间4821 后四位7730 / 1382604，后四位9175. The groups are a mobile's own
// (3-4-4, 3-8 or 7-4 digits, the first starting 1[3-9]); what says "one number" is a word of its
// parts between them (中间, 后四位, 最后, 尾号, 然后, 接着 …) in a short gap of no digits and no
// letters, and no group counted (139个, 4821件) or ranked (第139). The whole span is the phone
// (its masker hides every digit of such a span). Each run of digits is read once, and a gap at
// most MAX_GAP characters long, so the cost is linear.
import { isDigitCode as $isDigitCode } from './char-flags.js';
import type { Candidate } from './detect-numbers.js';

// imports as local bindings, read per character (see detect-number-context.ts)
const isDigit = $isDigitCode;

/** the longest gap between two parts */
const MAX_GAP = 10;
/** the words of a number's parts, one of which a gap must hold (simplified and traditional) */
const PART_WORDS =
  /中间|中間|最后|最後|后四|後四|后面|後面|尾号|尾號|尾数|尾數|末四|末尾|然后|然後|接着|接著|再是/;
/** a quick test for a text that may hold a number told in parts */
const ANY_PART_WORD = new RegExp(PART_WORDS.source);

/** Whether the gap t[a, b) may join two parts: short, no newline, no letter, a part word in it. */
function gapOk(t: string, a: number, b: number): boolean {
  if (b - a < 1 || b - a > MAX_GAP) return false;
  for (let k = a; k < b; k++) {
    const c = t.charCodeAt(k);
    if (c === 10 || c === 13 || ((c | 32) >= 97 && (c | 32) <= 122)) return false;
  }
  return true;
}

// what counts the digits before it (139个, 4821件, 7730元) or ranks them (第139): no number's part
const UNITS = new Set(
  [...'个個件元块塊页頁行字次天人箱袋包斤克吨噸米台张張本份只支条條'].map((c) => c.charCodeAt(0)),
);

/** Whether the run of digits t[s, e) is counted or ranked (a unit after it, 第 before it). */
function counted(t: string, s: number, e: number): boolean {
  return UNITS.has(t.charCodeAt(e)) || (s > 0 && t.charCodeAt(s - 1) === 0x7b2c);
}

/** Whether t[a, b) holds a part word. */
function partWordIn(t: string, a: number, b: number): boolean {
  return PART_WORDS.test(t.slice(a, b));
}

/** Whether a 3-digit or 7-digit first part at `s` starts as a mobile does (1[3-9]). */
function mobileHead(t: string, s: number): boolean {
  const d = t.charCodeAt(s + 1);
  return t.charCodeAt(s) === 49 && d >= 51 && d <= 57;
}

/**
 * @internal Mobiles told in parts (see the file's comment), pushed to `out` as phones. Only read
 * where a part word is in the text.
 */
export function mobilesInParts(t: string, out: Candidate[]): void {
  if (!ANY_PART_WORD.test(t)) return;
  // the runs of digits, as start, end pairs: one pass
  const runs: number[] = [];
  for (let p = 0; p < t.length; p++) {
    if (!isDigit(t.charCodeAt(p))) continue;
    const s = p;
    while (p < t.length && isDigit(t.charCodeAt(p))) p++;
    runs.push(s, p);
  }
  for (let k = 0; k + 3 < runs.length; k += 2) {
    const s0 = runs[k]!;
    const e0 = runs[k + 1]!;
    const n0 = e0 - s0;
    if ((n0 !== 3 && n0 !== 7) || !mobileHead(t, s0) || counted(t, s0, e0)) continue;
    const s1 = runs[k + 2]!;
    const e1 = runs[k + 3]!;
    const n1 = e1 - s1;
    if (!gapOk(t, e0, s1) || counted(t, s1, e1)) continue;
    // 7-4 or 3-8: two parts
    if ((n0 === 7 && n1 === 4) || (n0 === 3 && n1 === 8)) {
      if (partWordIn(t, e0, s1)) {
        out.push({ kind: 'phone', start: s0, end: e1, confidence: 0.8 });
        k += 2;
      }
      continue;
    }
    // 3-4-4: three parts, a part word in either gap
    if (n0 !== 3 || n1 !== 4 || k + 5 >= runs.length) continue;
    const s2 = runs[k + 4]!;
    const e2 = runs[k + 5]!;
    if (e2 - s2 !== 4 || !gapOk(t, e1, s2) || counted(t, s2, e2)) continue;
    if (!partWordIn(t, e0, s1) && !partWordIn(t, e1, s2)) continue;
    out.push({ kind: 'phone', start: s0, end: e2, confidence: 0.8 });
    k += 4;
  }
}

// A mobile written in uneven groups to slip past a filter (13 806 215 562, 1 3806 215562,
// 138-06-215-562): eleven digits in two groups or more, each joined to the next by one and the
// same space or dash (or a dash with spaces around it: 1 8 7 - 2 0 9 4 - 6 3 1 5), neither group
// nor separator going on at either end. The fixed shapes
// (3-4-4, 7-4, 3-8, digit by digit: number-shapes.ts) are read first; this reads the runs of
// digits a window's one reading found (detect-numbers.ts), so no character is read twice.
import { isDigitCode as $isDigitCode } from './char-flags.js';
import { leftOk as $leftOk, overlapsFrom as $overlapsFrom, rightOk as $rightOk } from './number-bounds.js';
import { isSepCode as $isSepCode } from './number-shapes.js';
import type { Candidate } from './detect-numbers.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigitCode;
const isSep = $isSepCode;
const leftOk = $leftOk;
const rightOk = $rightOk;
const touches = $overlapsFrom;

/**
 * @internal Mobiles in uneven groups among the runs of digits `runAt[0, nRun)` (start, end
 * pairs in text order) of a window; `from` is the first candidate of `out` this window added:
 * a chain that touches one of them (a mobile in a fixed shape) is left to it.
 */
export function unevenMobiles(
  t: string,
  runAt: Int32Array,
  nRun: number,
  out: Candidate[],
  from: number,
): void {
  let k = 0;
  while (k + 1 < nRun) {
    // the chain of runs from run k: each next run one separator (the first one's) after
    const s = runAt[k]!;
    let e = runAt[k + 1]!;
    let digits = e - s;
    const sep = t.charCodeAt(e);
    let j = k + 2;
    while (
      j + 1 < nRun &&
      ((runAt[j] === e + 1 && t.charCodeAt(e) === sep && isGroupSep(sep)) || dashGapAt(t, e, runAt[j]!))
    ) {
      e = runAt[j + 1]!;
      digits += e - runAt[j]!;
      j += 2;
    }
    // (one run alone is a plain number, read by the fixed shapes)
    const runs = (j - k) >> 1;
    k = j;
    if (digits !== 11 || runs < 2 || !mobileDigitsAt(t, s)) continue;
    // the chain ends here: no digit and no separator-led group on either side
    if (s > 0 && isSep(t.charCodeAt(s - 1)) && s > 1 && isDigit(t.charCodeAt(s - 2))) continue;
    if (isSep(t.charCodeAt(e)) && isDigit(t.charCodeAt(e + 1))) continue;
    if (!leftOk(t, s) || !rightOk(t, e) || touches(out, from, s, e)) continue;
    out.push({ kind: 'phone', start: s, end: e, confidence: 0.9 });
  }
}

/**
 * Whether t[e, next) is a dash, alone or with spaces around it ("-", " - ", "- ") between digits spaced one
 * by one (1 8 7 - 2 0 9 4 - 6 3 1 5): groups of a mobile however the digits inside are spaced.
 */
function dashGapAt(t: string, e: number, next: number): boolean {
  const n = next - e;
  if (n < 1 || n > 3) return false;
  let dashes = 0;
  for (let q = e; q < next; q++) {
    const c = t.charCodeAt(q);
    if (c === 45) dashes++;
    else if (c !== 32) return false;
  }
  return dashes === 1;
}

/**
 * Whether `c` joins uneven groups: a space or a dash, not a dot or a slash (13.806.215.56 may be
 * an IP address, 175/02092928 a ratio; those keep the fixed shapes only).
 */
function isGroupSep(c: number): boolean {
  return isSep(c) && c !== 46 && c !== 47;
}

/** Whether the digits from `s` (skipping one separator) begin 1[3-9]. */
function mobileDigitsAt(t: string, s: number): boolean {
  if (t.charCodeAt(s) !== 49) return false;
  let q = s + 1;
  if (!isDigit(t.charCodeAt(q))) q++;
  const c = t.charCodeAt(q);
  return c >= 51 && c <= 57;
}

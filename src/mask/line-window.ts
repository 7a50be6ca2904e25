// Bounded reads of the line around a number: the label readers (line lists, order rows) look at
// most a line's length back or ahead, so a long text without line breaks costs no more per number.
import { isReSpace as $isReSpace } from './char-flags.js';

const isReSpace = $isReSpace;

/**
 * @internal The character before `p` past the spaces on its line (a line break stops the walk
 * and is returned), or -1 at the text's start: what a word at `p` follows (a sentence's end, a
 * speaker's colon, a line's start).
 */
export function charBeforeSpaces(t: string, p: number): number {
  let q = p;
  while (q > 0 && isReSpace(t.charCodeAt(q - 1)) && t.charCodeAt(q - 1) !== 10) q--;
  return q === 0 ? -1 : t.charCodeAt(q - 1);
}

/**
 * @internal Start of the line before the one that starts at `a` (a > 0), reading back at most `max` + 2
 * characters, or -1 when that line is longer.
 */
export function lineStartBefore(t: string, a: number, max: number): number {
  let k = a - 1; // the line break
  const lo = Math.max(0, k - max - 2);
  while (k > lo && t.charCodeAt(k - 1) !== 10) k--;
  return k > lo || lo === 0 ? k : -1;
}

/**
 * @internal End of the line that starts at `a` (before its \r\n or \n), reading at most `max` + 1
 * characters: a longer line ends, for its readers, past `a + max`.
 */
export function lineEnd(t: string, a: number, max: number): number {
  const hi = Math.min(t.length, a + max + 1);
  let e = a;
  while (e < hi && t.charCodeAt(e) !== 10) e++;
  if (e === hi && hi < t.length) return hi;
  return e > a && t.charCodeAt(e - 1) === 13 ? e - 1 : e;
}

// The two ends of a numbering range: a block of waybill, order or bag numbers handed out at
// once, a backfill or a query over such a block, a number range in a config (from 13400000000
// to 13499999999, [17100000000, 17199999999], 号段 A 至 B, min=A max=B). The bounds are round:
// the lower one ends in a run of zeros and the upper one in a run of nines, and a range word or
// the key of an upper bound ("rangeEnd":, max=) joins them. A person's phone may end in 000 (a
// vanity number), but two numbers written as the bounds of one round range are nobody's. A
// phone word in the lower end's clause keeps both (my phone changed from A to B; mobile BETWEEN
// A AND B), privacy first. Ranges whose ends share eight leading digits (A 至 B in one block)
// are read by number-blocks.ts whatever their last digits.
// Cost: one pass over the candidates; two bounded reads (the digits, the gap) per pair of
// neighbours whose last characters are a 0 and a 9.
import type { Candidate } from './detect-numbers.js';
import { keyWords as $keyWords } from './key-words.js';
import { mobileDigits as $mobileDigits } from './mobile-batches.js';
import { personalInClauseBefore as $personalInClauseBefore } from './number-own-evidence.js';

// imports as local bindings (see detect-numbers.ts)
const mobileDigits = $mobileDigits;
const keyWords = $keyWords;
const personalInClauseBefore = $personalInClauseBefore;

// how far apart the two ends are written (a range word, or the fields and the key of the upper
// end between them), and how long the round run of each end is at least
const GAP_MAX = 32;
const ROUND_MIN = 3;

// what joins the ends (trimmed of spaces, lower-cased); ',' only inside interval brackets and
// 'and' only after 'between' (see linked)
const LINKS: ReadonlySet<string> = new Set([
  'to',
  'till',
  'until',
  'through',
  'thru',
  '-',
  '--',
  '–',
  '—',
  '~',
  '～',
  '..',
  '...',
  '至',
  '到',
  '~>',
  '->',
  '→',
]);

/** Number of times the digit `ch` ends `d`. */
function runAtEnd(d: string, ch: number): number {
  let n = 0;
  while (n < d.length && d.charCodeAt(d.length - 1 - n) === ch) n++;
  return n;
}

/** Whether t[a, b) is one of LINKS, once spaces are trimmed. */
function plainLink(t: string, a: number, b: number): boolean {
  while (a < b && t.charCodeAt(a) === 32) a++;
  while (b > a && t.charCodeAt(b - 1) === 32) b--;
  return LINKS.has(t.slice(a, b).toLowerCase());
}

// the word of an upper bound in the key of the second end (rangeEnd, max=, "to":, last_no, upper)
const UPPER = new Set(['end', 'max', 'to', 'last', 'upper', 'high', 'hi', 'until', 'stop', 'till']);

/** Whether t[a, b) holds no digit nor line and a word of an upper bound (","rangeEnd":", max=). */
function upperKeyBetween(t: string, a: number, b: number): boolean {
  const { words } = keyWords(t, a, b);
  for (let k = a; k < b; k++) {
    const c = t.charCodeAt(k);
    if ((c >= 48 && c <= 57) || c === 10) return false;
  }
  for (const w of words) if (UPPER.has(w)) return true;
  return false;
}

/**
 * Whether what stands between the ends x and y joins them as a range: a range word (to, ~, 至,
 * -), `and` after `between` (SQL), a comma inside interval brackets ([x, y], (x, y]), or the key
 * of an upper bound (rangeStart=x rangeEnd=y, min=x max=y).
 */
function linked(t: string, x: Candidate, y: Candidate): boolean {
  if (plainLink(t, x.end, y.start) || upperKeyBetween(t, x.end, y.start)) return true;
  const gap = t.slice(x.end, y.start).trim().toLowerCase();
  if (gap === 'and') return /\bbetween\s+$/i.test(t.slice(Math.max(0, x.start - 12), x.start));
  if (gap !== ',') return false;
  const open = t.charCodeAt(x.start - 1);
  const close = t.charCodeAt(y.end);
  return (open === 91 || open === 40) && (close === 93 || close === 41);
}

/**
 * @internal The mobile-shaped candidates of `seq` (in text order) that are the ends of a round
 * range (see the file comment), every candidate of such a span included; undefined when none.
 */
export function roundRanges(t: string, seq: readonly Candidate[]): Set<Candidate> | undefined {
  // the ends found, as start -> end
  let spans: Map<number, number> | undefined;
  let prev: Candidate | undefined;
  for (let i = 0; i < seq.length; i++) {
    const c = seq[i]!;
    if (c.kind !== 'phone') continue;
    if (
      prev !== undefined &&
      c.start >= prev.end &&
      c.start - prev.end <= GAP_MAX &&
      t.charCodeAt(prev.end - 1) === 48 &&
      t.charCodeAt(c.end - 1) === 57
    ) {
      const lo = mobileDigits(t, prev);
      const hi = mobileDigits(t, c);
      if (
        lo !== undefined &&
        hi !== undefined &&
        lo < hi &&
        runAtEnd(lo, 48) >= ROUND_MIN &&
        runAtEnd(hi, 57) >= ROUND_MIN &&
        linked(t, prev, c) &&
        !personalInClauseBefore(t, prev.start)
      ) {
        spans ??= new Map();
        spans.set(prev.start, prev.end).set(c.start, c.end);
      }
    }
    prev = c;
  }
  if (spans === undefined) return undefined;
  const out = new Set<Candidate>();
  for (let i = 0; i < seq.length; i++) {
    const c = seq[i]!;
    if (spans.get(c.start) === c.end) out.add(c);
  }
  return out;
}

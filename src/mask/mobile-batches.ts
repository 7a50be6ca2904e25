// A batch of consecutive mobile-shaped numbers (13967014528 13967014529 13967014530): printed
// labels, since people's phones do not count up. Only a separator or a parcel's state may stand
// between two of them, and a clause that names people or phones keeps the batch personal.
import type { Candidate } from './detect-numbers.js';
import type { Personal } from './number-batches.js';
import { listGap as $listGap } from './number-lists.js';
import { CONTACT_WORDS, NOT_CALLS, isDigit as $isDigit, wordBefore as $wordBefore } from './number-words.js';
import {
  CLAUSE_BACK,
  CLAUSE_READ,
  PERSONAL_HEADING as $PERSONAL_HEADING,
  stateOnly as $stateOnly,
} from './shipment-lists.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const listGap = $listGap;
const isDigit = $isDigit;
const wordBefore = $wordBefore;
const PERSONAL_HEADING = $PERSONAL_HEADING;
const stateOnly = $stateOnly;

/** @internal The 11 digits of the mainland mobile t[c.start, c.end) (a +86 prefix dropped), or undefined. */
export function mobileDigits(t: string, c: Candidate): string | undefined {
  if (c.end - c.start > 24) return undefined;
  let d = '';
  for (let k = c.start; k < c.end; k++) {
    const x = t.charCodeAt(k);
    if (isDigit(x)) d += t[k];
  }
  if (d.length === 13 && d.startsWith('86')) d = d.slice(2);
  return d.length === 11 && d.charCodeAt(0) === 49 ? d : undefined;
}

// what a batch shares: all but the last three digits
const BATCH_PREFIX = 8;
const BATCH_MIN = 3;
const BATCH_STEP_MAX = 99;

/**
 * Whether the last digits of the numbers of one list (`tails`, in text order) count up or down
 * by at most BATCH_STEP_MAX each (528, 529, 530; 715, 722, 739), or are a shuffled run of
 * neighbours (528, 530, 529): labels printed in one batch. Two people's numbers of one family
 * may share the prefix; three in order are a print run.
 */
function isSequence(tails: readonly number[]): boolean {
  const n = tails.length;
  let up = true;
  let down = true;
  let lo = tails[0]!;
  let hi = lo;
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const v = tails[i]!;
    if (seen.has(v)) return false;
    seen.add(v);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (i === 0) continue;
    const step = v - tails[i - 1]!;
    if (!(step > 0 && step <= BATCH_STEP_MAX)) up = false;
    if (!(step < 0 && -step <= BATCH_STEP_MAX)) down = false;
  }
  return up || down || hi - lo <= 2 * (n - 1);
}

/** @internal Adds to `out` the mobiles of `phones` that stand in a batch (see isSequence) of at least three. */
export function batches(
  t: string,
  phones: readonly Candidate[],
  personal: Personal,
  out: Set<Candidate>,
): void {
  let group: Candidate[] = [];
  let tails: number[] = [];
  let prefix = '';
  // whether the group is two numbers joined as a range (15811112021 至 15811112030)
  let range = false;
  const close = () => {
    if (
      (group.length >= BATCH_MIN || (range && group.length === 2 && tails[1]! > tails[0]!)) &&
      isSequence(tails) &&
      !personal.before(t, group[0]!.start) &&
      !personal.after(t, group[group.length - 1]!.end) &&
      !personalClause(t, group[0]!.start, group[group.length - 1]!.end)
    )
      for (const c of group) out.add(c);
    group = [];
    tails = [];
  };
  for (const c of phones) {
    const last = group[group.length - 1];
    if (last !== undefined && c.start === last.start) continue; // the same number, found twice
    const d = mobileDigits(t, c);
    if (d === undefined) {
      close();
      continue;
    }
    const p = d.slice(0, BATCH_PREFIX);
    if (last === undefined || p !== prefix || !batchGap(t, last.end, c.start)) {
      close();
      prefix = p;
      range = false;
    } else range = group.length === 1 && RANGE.test(t.slice(last.end, c.start));
    group.push(c);
    tails.push(Number(d.slice(BATCH_PREFIX)));
  }
  close();
}

// what joins the two ends of a range
const RANGE = /^\s{0,2}(?:[-–—~～]|至|到|to|through|thru)\s{0,2}$/i;
const GAP_MAX = 16;

/**
 * Whether only a list separator (listGap) or a parcel's state and separators (15811112021 已发，
 * 15811112022 未发) stand between two numbers of a batch, t[a, b).
 */
function batchGap(t: string, a: number, b: number): boolean {
  if (listGap(t, a, b, true)) return true;
  if (b - a > GAP_MAX) return false;
  const g = t
    .slice(a, b)
    .replace(/[\s,，、;；/]+/g, ' ')
    .trim();
  return g.length > 0 && stateOnly(g);
}

// what ends a clause, for personalClause
const CLAUSE_BREAK = new Set([...'，。；！？,;!?\n'].map((c) => c.charCodeAt(0)));

/**
 * Whether the clause around a list t[s, e) names people or phones within CLAUSE_BACK characters
 * before it or CLAUSE_READ after it (电话：A、B、C; A、B、C 是我们的联系电话), or a call before it (打 A、B、C): then the list is
 * theirs, however it counts.
 */
function personalClause(t: string, s: number, e: number): boolean {
  let a = s;
  while (a > 0 && s - a < CLAUSE_BACK && !CLAUSE_BREAK.has(t.charCodeAt(a - 1))) a--;
  let b = e;
  while (b < t.length && b - e < CLAUSE_READ && !CLAUSE_BREAK.has(t.charCodeAt(b))) b++;
  if (PERSONAL_HEADING.test(t.slice(a, s)) || PERSONAL_HEADING.test(t.slice(e, b))) return true;
  // a call in the clause before (打 A、B、C 任意一个; 打印, 打包 are no calls)
  for (let k = a + 1; k <= s; k++)
    if (wordBefore(t, k, CONTACT_WORDS) !== -1 && !NOT_CALLS.has(t.charCodeAt(k))) return true;
  return false;
}

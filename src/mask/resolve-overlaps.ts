// Choosing among overlapping candidates: the best by confidence, then length, then position,
// the kept ones in text order. The common case (no two overlap) is told without sorting or
// comparing pairs; many candidates are checked against the cover instead of pairwise, so the
// choice stays linear in the number of findings.
import {
  RESOLVED as $RESOLVED,
  clearCover as $clearCover,
  covered as $covered,
  markCover as $markCover,
} from './cover.js';
import type { Candidate } from './detect-numbers.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const RESOLVED = $RESOLVED;
const clearCover = $clearCover;
const covered = $covered;
const markCover = $markCover;

function byRank(a: Candidate, b: Candidate): number {
  return b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start;
}
function byStart(a: Candidate, b: Candidate): number {
  return a.start - b.start;
}

/**
 * Stable insertion sorts: the same order as Array#sort for the handful of candidates a text has.
 * One per order, so each compares inline instead of through a comparator it is passed.
 */
function sortByRank(xs: Candidate[]): Candidate[] {
  if (xs.length > 24) return xs.sort(byRank);
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]!;
    let j = i - 1;
    while (j >= 0 && byRank(xs[j]!, x) > 0) {
      xs[j + 1] = xs[j]!;
      j--;
    }
    xs[j + 1] = x;
  }
  return xs;
}
export function sortByStart(xs: Candidate[]): Candidate[] {
  if (xs.length > 24) return xs.sort(byStart);
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]!;
    let j = i - 1;
    while (j >= 0 && xs[j]!.start > x.start) {
      xs[j + 1] = xs[j]!;
      j--;
    }
    xs[j + 1] = x;
  }
  return xs;
}

/** a followed by b, as a new array (faster than concat for a handful of items) */
function joined(a: readonly Candidate[], b: readonly Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < a.length; i++) out.push(a[i]!);
  for (let i = 0; i < b.length; i++) out.push(b[i]!);
  return out;
}

/**
 * Keeps the best of overlapping candidates: by confidence, then length, then position; the
 * kept ones in text order. A handful are compared pairwise; more are checked against the
 * cover, so a text with thousands of findings is not quadratic (same result either way).
 */
function resolve(cands: Candidate[]): Candidate[] {
  sortByRank(cands);
  const kept: Candidate[] = [];
  if (cands.length <= 24) {
    for (let i = 0; i < cands.length; i++) {
      const c = cands[i]!;
      let clash = false;
      for (let j = 0; j < kept.length; j++) {
        const k = kept[j]!;
        if (k.start < c.end && c.start < k.end) {
          clash = true;
          break;
        }
      }
      if (!clash) kept.push(c);
    }
  } else {
    for (let i = 0; i < cands.length; i++) {
      const c = cands[i]!;
      if (covered(c.start, c.end, RESOLVED)) continue;
      kept.push(c);
      markCover(c.start, c.end, RESOLVED);
    }
    for (let i = 0; i < kept.length; i++) clearCover(kept[i]!.start, kept[i]!.end, RESOLVED);
  }
  return sortByStart(kept);
}

/**
 * {@link resolve} without ranking in the common case: candidates of which no two overlap (and
 * none is empty) are all kept, so the result is them in text order.
 */
export function resolveQuick(cands: Candidate[]): Candidate[] {
  if (cands.length > 24) return resolve(cands);
  const inText = sortByStart(cands.slice());
  let lastEnd = -1;
  for (let i = 0; i < inText.length; i++) {
    const c = inText[i]!;
    if (c.start < lastEnd || c.end <= c.start) return resolve(cands);
    lastEnd = c.end;
  }
  return inText;
}

/**
 * {@link resolve} of `anchors` (resolved, in text order) and `extra` together, without sorting
 * or comparing pairs in the common case: when no two of them overlap (and none is empty), all
 * are kept and the result is the two lists merged by start.
 */
export function resolveWith(anchors: Candidate[], extra: Candidate[]): Candidate[] {
  if (extra.length === 0) return anchors;
  const ex = extra.length < 2 || inOrder(extra) ? extra : sortByStart(extra.slice());
  const out: Candidate[] = [];
  let i = 0;
  let j = 0;
  let lastEnd = -1;
  while (i < anchors.length || j < ex.length) {
    const c =
      j >= ex.length || (i < anchors.length && anchors[i]!.start <= ex[j]!.start) ? anchors[i++]! : ex[j++]!;
    if (c.start < lastEnd || c.end <= c.start) return resolve(joined(anchors, extra));
    out.push(c);
    lastEnd = c.end;
  }
  return out;
}

/** Whether the candidates are in text order (they almost always are: windows are read in order). */
export function inOrder(cands: readonly Candidate[]): boolean {
  for (let k = 1; k < cands.length; k++) if (cands[k]!.start < cands[k - 1]!.start) return false;
  return true;
}

// The sections of a memory-store row, the per-actor state of the monitor's fast path
// (direct.ts): plain numbers at fixed offsets in the actor's one slot array, so one decision
// touches one map entry and one array instead of an object per rule. Each function here
// computes exactly what the general path computes with the store's objects (store.ts ringAdd,
// DistinctSketch, baseline.ts); test/monitor/direct.test.ts holds the two to the same alerts.
import { type BaselineParams, type BaselineState, foldDay } from './baseline.js';
import { DistinctSketch } from './sketch.js';

/** Before any time: a fresh section's epoch, head, day and cool-down. */
const NEVER = Number.NEGATIVE_INFINITY;
/** Distinct items kept inline in a row before the section moves to a {@link DistinctSketch}. */
export const INLINE_DISTINCT = 8;

/** `a mod n` in 0 … n − 1, also for times before 1970. */
export function mod(a: number, n: number): number {
  const m = a % n;
  return m < 0 ? m + n : m;
}

/** A sliding-window ring: `[head, sum, cells × span]`. */
export function ringSection(span: number): unknown[] {
  return [NEVER, 0, ...new Array<number>(span).fill(0)];
}

/** Adds one to bucket `bucket` and returns the window's sum (store.ts `add` with delta 1). */
export function ringAdd(row: unknown[], at: number, bucket: number, span: number): number {
  const head = row[at] as number;
  let sum = row[at + 1] as number;
  if (bucket > head) {
    if (bucket - head >= span) {
      for (let k = 0; k < span; k++) row[at + 2 + k] = 0;
      sum = 0;
    } else {
      for (let b = head + 1; b <= bucket; b++) {
        const j = at + 2 + mod(b, span);
        sum -= row[j] as number;
        row[j] = 0;
      }
    }
    row[at] = bucket;
  } else if (bucket <= head - span) {
    return sum; // older than the window: nothing to count
  }
  const j = at + 2 + mod(bucket, span);
  row[j] = (row[j] as number) + 1;
  row[at + 1] = sum + 1;
  return sum + 1;
}

/** One epoch of a distinct count: `[epoch, n, sketch | null, hashes × inline]`. */
export function distinctSection(inline: number): unknown[] {
  return [NEVER, 0, null, ...new Array<number>(inline).fill(0)];
}

/**
 * Adds a hashed item to the epoch's set and returns the distinct count (store.ts
 * `addDistinct`). Up to `inline` items (never more than `exactLimit`) are kept in the row;
 * beyond, a {@link DistinctSketch} fed the same hashes in the same order takes over, so the
 * counts are those of the general path's sketch.
 */
export function distinctAdd(
  row: unknown[],
  at: number,
  inline: number,
  epoch: number,
  h: number,
  exactLimit: number,
): number {
  const e = row[at] as number;
  if (e < epoch) {
    row[at] = epoch;
    row[at + 1] = 0;
    const old = row[at + 2] as DistinctSketch | null;
    if (old !== null) old.reset(); // a set that outgrew the row once stays a sketch: no allocation
  } else if (e > epoch) {
    const old = row[at + 2] as DistinctSketch | null;
    return old === null ? (row[at + 1] as number) : old.count(); // late event for a finished epoch
  }
  const sketch = row[at + 2] as DistinctSketch | null;
  if (sketch !== null) return sketch.add(h);
  const n = row[at + 1] as number;
  const v = h | 0;
  for (let k = 0; k < n; k++) if (row[at + 3 + k] === v) return n;
  if (n < inline && n < exactLimit) {
    row[at + 3 + n] = v;
    row[at + 1] = n + 1;
    return n + 1;
  }
  const s = new DistinctSketch(exactLimit);
  for (let k = 0; k < n; k++) s.add((row[at + 3 + k] as number) >>> 0);
  row[at + 2] = s;
  return s.add(h);
}

/** A baseline: `[day, count, days, mean, spread, alerted]`. */
export function baselineSection(): unknown[] {
  return [NEVER, 0, 0, 0, 0, -1];
}

/** Counts one event on `day` (baseline.ts `countInPlace`); a finished day is folded by `foldDay`. */
export function baselineCount(row: unknown[], at: number, day: number, p: BaselineParams): void {
  const d = row[at] as number;
  if (day > d) {
    const s: BaselineState = {
      day: d,
      count: row[at + 1] as number,
      days: row[at + 2] as number,
      mean: row[at + 3] as number,
      spread: row[at + 4] as number,
      alerted: row[at + 5] as number,
    };
    foldDay(s, p);
    row[at] = day;
    row[at + 1] = 1;
    row[at + 2] = s.days;
    row[at + 3] = s.mean;
    row[at + 4] = s.spread;
    return;
  }
  if (day < d) return; // a late event for a finished day: already folded
  row[at + 1] = (row[at + 1] as number) + 1;
}

/** A cool-down: `[until]`. */
export function cooldownSection(): unknown[] {
  return [NEVER];
}

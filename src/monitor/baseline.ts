// Per-actor daily baselines (docs/monitoring.md, "Baselines"): an exponentially weighted mean of
// the actor's volume on the days it was active, and an exponentially weighted mean absolute
// deviation as a spread that one wild day cannot blow up. Days above the limit are folded in
// capped at the limit (winsorised), so an insider cannot teach the baseline a burst.

/** The learned state of one actor for one baseline rule (small JSON, stored per actor). */
export interface BaselineState {
  /** Local day number of `count`. */
  day: number;
  /** Matching decisions on `day` so far. */
  count: number;
  /** Active days learned (excluding `day`). */
  days: number;
  /** EWMA of daily volume. */
  mean: number;
  /** EWMA of |volume − mean|. */
  spread: number;
  /** Day on which an alert was raised, so one day raises at most one. */
  alerted: number;
}

/** Parameters of a baseline rule after defaults. */
export interface BaselineParams {
  alpha: number;
  k: number;
  ratio: number;
  minCount: number;
  warmupDays: number;
}

/** Today's alert limit from the learned state. */
export function baselineLimit(s: Pick<BaselineState, 'mean' | 'spread'>, p: BaselineParams): number {
  return limitOf(s.mean, s.spread, p);
}

/** {@link baselineLimit} from the mean and spread. */
export function limitOf(mean: number, spread: number, p: BaselineParams): number {
  return Math.max(p.minCount, p.ratio * mean, mean + p.k * spread);
}

/** Folds one finished active day into the state. */
export function foldDay(s: BaselineState, p: BaselineParams): void {
  if (s.count <= 0) return;
  if (s.days === 0) {
    s.mean = s.count;
    s.spread = s.count / 4; // a first guess; warm-up days replace it
  } else {
    const x = s.days >= p.warmupDays ? Math.min(s.count, baselineLimit(s, p)) : s.count;
    const diff = x - s.mean;
    s.mean += p.alpha * diff;
    s.spread = (1 - p.alpha) * s.spread + p.alpha * Math.abs(diff);
  }
  s.days++;
}

/** The state of an actor first seen on `day`. */
export function newBaselineState(day: number): BaselineState {
  return { day, count: 0, days: 0, mean: 0, spread: 0, alerted: -1 };
}

/** Counts one event on `day` (a local day number) into `s`, in place. */
export function countInPlace(s: BaselineState, day: number, p: BaselineParams): void {
  if (day > s.day) {
    foldDay(s, p);
    s.day = day;
    s.count = 0;
  } else if (day < s.day) {
    return; // a late event for a finished day: already folded
  }
  s.count++;
}

/** Counts one event on `day` (a local day number) and returns the updated copy of the state. */
export function countOnDay(prev: BaselineState | undefined, day: number, p: BaselineParams): BaselineState {
  const s: BaselineState = prev ? { ...prev } : newBaselineState(day);
  countInPlace(s, day, p);
  return s;
}

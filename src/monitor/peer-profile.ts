// Peer-group volume profiles (docs/monitoring.md, "Peer groups"): the distribution of how much
// the actors of one group (a role, optionally split by station or team) do in a day or an hour,
// kept as a decayed log-scale histogram of finished actor-periods. The median and the median
// absolute deviation (MAD) of that histogram are the group's profile: both ignore the top half
// of the distribution, so the few actors the rule is meant to find cannot drag the limit up.
// The state is small JSON with a bounded number of bins, so any CounterStore can hold it.

/** One group's profile for one rule (small JSON, stored per group key). */
export interface PeerGroupState {
  /** Local day the weights were last decayed to. */
  day: number;
  /** Local day the group was first seen (how long the monitor has known it). */
  since: number;
  /** Sum of the weights: about the number of recent actor-periods. */
  w: number;
  /** Histogram bin → weight. */
  bins: Record<string, number>;
  /** The profile last derived (median, MAD) and the weight and day it was derived at. */
  pm?: number;
  pd?: number;
  pw?: number;
  pday?: number;
}

/** The profile a limit is derived from. */
export interface PeerProfile {
  median: number;
  mad: number;
  weight: number;
}

/** Parameters of a peer rule after defaults. */
export interface PeerParams {
  ratio: number;
  k: number;
  minCount: number;
  minPeers: number;
  halfLifeDays: number;
}

/** Values up to this are binned exactly; above, bins grow by {@link GROWTH} (5 % resolution). */
const EXACT = 32;
const GROWTH = 1.05;
const LOG_GROWTH = Math.log(GROWTH);
/** No count above this is binned apart (keeps the number of bins bounded: at most ~390). */
const CAP = 1e9;
/** Bins whose weight decays below this are dropped. */
const NEGLIGIBLE = 1e-3;

/** The histogram bin of a volume (`v >= 1`). */
export function binOf(v: number): number {
  const x = Math.min(Math.max(1, v), CAP);
  return x <= EXACT ? Math.round(x) : EXACT + Math.floor(Math.log(x / EXACT) / LOG_GROWTH);
}

/** The volume a bin stands for. */
export function binValue(bin: number): number {
  return bin <= EXACT ? bin : EXACT * GROWTH ** (bin - EXACT + 0.5);
}

/** A group first seen on `day`. */
export function newGroupState(day: number): PeerGroupState {
  return { day, since: day, w: 0, bins: {} };
}

/** Decays the weights to `day` (half-life in days) and drops negligible bins, in place. */
export function decayTo(g: PeerGroupState, day: number, halfLifeDays: number): void {
  if (day <= g.day) return;
  const f = 0.5 ** ((day - g.day) / halfLifeDays);
  let w = 0;
  for (const b of Object.keys(g.bins)) {
    const x = (g.bins[b] as number) * f;
    if (x < NEGLIGIBLE) delete g.bins[b];
    else {
      g.bins[b] = x;
      w += x;
    }
  }
  g.w = w;
  g.day = day;
}

/** Adds one finished actor-period of `volume` on `day` to the profile, in place. */
export function foldPeriod(g: PeerGroupState, day: number, volume: number, halfLifeDays: number): void {
  decayTo(g, day, halfLifeDays);
  if (!(volume >= 1)) return;
  const b = String(binOf(volume));
  g.bins[b] = (g.bins[b] ?? 0) + 1;
  g.w += 1;
}

/** The weighted median of `(value, weight)` pairs sorted by value. */
function weightedMedian(pairs: ReadonlyArray<readonly [number, number]>, total: number): number {
  let acc = 0;
  for (const [v, w] of pairs) {
    acc += w;
    if (acc >= total / 2) return v;
  }
  return pairs.length > 0 ? (pairs[pairs.length - 1] as readonly [number, number])[0] : 0;
}

/**
 * Derives the profile again, in place, when the weight has moved by more than 5 % or a day has
 * passed since it was last derived (deriving sorts the bins: once per few folds, not per read).
 */
export function refreshProfile(g: PeerGroupState): void {
  if (g.pw !== undefined && g.pday === g.day && Math.abs(g.w - g.pw) <= 0.05 * g.pw) return;
  const p = profileOf(g, 0);
  g.pm = p?.median ?? 0;
  g.pd = p?.mad ?? 0;
  g.pw = g.w;
  g.pday = g.day;
}

/** The profile {@link refreshProfile} last derived; undefined while the weight is below `minPeers`. */
export function cachedProfile(g: PeerGroupState | undefined, minPeers: number): PeerProfile | undefined {
  if (!g || g.w < minPeers || g.w <= 0 || g.pm === undefined || g.pd === undefined) return undefined;
  return { median: g.pm, mad: g.pd, weight: g.w };
}

/** The group's median and MAD; undefined while its weight is below `minPeers`. */
export function profileOf(g: PeerGroupState | undefined, minPeers: number): PeerProfile | undefined {
  if (!g || g.w < minPeers || g.w <= 0) return undefined;
  const pairs = Object.keys(g.bins)
    .map((b) => [binValue(Number(b)), g.bins[b] as number] as const)
    .sort((a, b) => a[0] - b[0]);
  const median = weightedMedian(pairs, g.w);
  const dev = pairs.map(([v, w]) => [Math.abs(v - median), w] as const).sort((a, b) => a[0] - b[0]);
  return { median, mad: weightedMedian(dev, g.w), weight: g.w };
}

/** The alert limit for one actor-period from a profile: `max(minCount, ratio × median, median + k × MAD)`. */
export function peerLimit(p: PeerProfile, o: PeerParams): number {
  return Math.max(o.minCount, o.ratio * p.median, p.median + o.k * p.mad);
}

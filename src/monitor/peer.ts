// The peer rule as the monitor runs it (docs/monitoring.md, "Peer groups"). Per actor, a small
// state counts the current period and holds the limit derived for it; per group, a profile
// (peer-profile.ts). Both live in the CounterStore (`update`), so a shared store holds them for
// several instances. The group is read and written once per actor and period, when the actor's
// previous period is folded into it; every other decision touches only the actor's state.
import type { AccessEvent, CompiledMatch } from './match.js';
import { readAttr } from './match.js';
import {
  foldPeriod,
  newGroupState,
  type PeerGroupState,
  type PeerParams,
  type PeerProfile,
  cachedProfile,
  peerLimit,
  refreshProfile,
} from './peer-profile.js';
import { durationMs, type PeerRule } from './rules.js';
import type { CounterStore, MaybePromise } from './store.js';
import type { MonitorAlert } from './types.js';
import { iso, str } from './values.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** One actor's state for one peer rule (small JSON). */
export interface PeerActorState {
  /** Current period number (local days or hours since the epoch). */
  p: number;
  /** Matching decisions in `p` so far. */
  n: number;
  /** Local day the actor was first seen by this rule. */
  first: number;
  /** Last local day the actor was active, and active days counted. */
  day: number;
  days: number;
  /** Limit for `p`; -1 while unknown, -2 when the rule does not apply to the actor in `p`. */
  limit: number;
  /** The profile behind `limit` and the group it came from (for the alert). */
  median: number;
  mad: number;
  weight: number;
  group: string;
  /** Period already alerted (at most one alert per actor and period). */
  alerted: number;
}

function freshActor(per: number, day: number): PeerActorState {
  return {
    p: per,
    n: 0,
    first: day,
    day,
    days: 1,
    limit: -1,
    median: 0,
    mad: 0,
    weight: 0,
    group: '',
    alerted: -1,
  };
}

/** The defaults of a peer rule, by period. */
export const PEER_DEFAULTS = {
  day: { ratio: 5, k: 15, minCount: 150 },
  hour: { ratio: 5, k: 15, minCount: 40 },
  minPeers: 10,
  halfLife: '2d',
  learnDays: 7,
} as const;

/** What {@link compilePeer} needs from the monitor. */
export interface PeerDeps {
  store: CounterStore;
  raise(alert: MonitorAlert): void;
  track(p: Promise<unknown>): void;
  alertId(): string;
}

function after<T>(v: MaybePromise<T>, track: PeerDeps['track'], f: (x: T) => void): void {
  if (v instanceof Promise) track(v.then(f));
  else f(v);
}

/** Compiles a validated peer rule to its `apply(event)`. */
export function compilePeer(rule: PeerRule, match: CompiledMatch, deps: PeerDeps): (e: AccessEvent) => void {
  const { store, raise, track } = deps;
  const period = rule.period ?? 'day';
  const d = PEER_DEFAULTS[period];
  const p: PeerParams = {
    ratio: rule.ratio ?? d.ratio,
    k: rule.k ?? d.k,
    minCount: rule.minCount ?? d.minCount,
    minPeers: rule.minPeers ?? PEER_DEFAULTS.minPeers,
    halfLifeDays: durationMs(rule.halfLife ?? PEER_DEFAULTS.halfLife) / DAY,
  };
  const unit = period === 'day' ? DAY : HOUR;
  const offset = (rule.utcOffsetMinutes ?? 480) * 60_000;
  const newDays = rule.newAccountDays;
  const learnDays = rule.learnDays ?? PEER_DEFAULTS.learnDays;
  const groupBy = rule.groupBy?.map((a) => a.split('.'));
  const groupNs = `${rule.id}#group`;
  const severity = rule.severity ?? 'medium';
  const action = rule.action ?? 'alert';

  // The role group, and the narrower one when the actor has every groupBy attribute (an actor
  // without one is compared with its whole role: never with no one).
  const groupsOf = (e: AccessEvent): string[] => {
    const role = match.roleOf(e);
    if (!groupBy) return [role];
    const vals: string[] = [];
    for (const path of groupBy) {
      const v = str(readAttr(e.scope, path));
      if (v === undefined) return [role];
      vals.push(v);
    }
    return [role, `${role}|${vals.join('|')}`];
  };

  const report = (actor: string, time: number, s: PeerActorState): void => {
    const from = s.p * unit - offset;
    raise({
      id: deps.alertId(),
      rule: rule.id,
      type: 'peer',
      severity,
      action,
      actor,
      key: actor,
      per: ['actor'],
      count: s.n,
      threshold: Math.floor(s.limit),
      window: { ms: unit, from: iso(from), to: iso(from + unit) },
      peer: {
        group: s.group,
        median: s.median,
        spread: s.mad,
        weight: Math.round(s.weight * 100) / 100,
        newAccount: newDays !== undefined,
      },
      time: iso(time),
    });
  };

  // Whether the limit applies to this actor now (the new-account rule: only early days).
  const applies = (s: PeerActorState, role: PeerGroupState): boolean =>
    newDays === undefined || (s.days <= newDays && s.first >= role.since + learnDays);

  return (e) => {
    const day = Math.floor((e.time + offset) / DAY);
    const per = Math.floor((e.time + offset) / unit);
    let folded = -1; // the finished period's volume, to fold into the groups
    let foldDay = day;
    let fresh = false; // read the group: a new period, or a refresh of the limit
    let fired: PeerActorState | undefined;
    // `update` may change the previous state in place (a shared store passes a fresh copy).
    const got = store.update<PeerActorState>(rule.id, e.actor, (prev) => {
      if (prev && per < prev.p) return prev; // a late event for a finished period
      const s: PeerActorState = prev ?? freshActor(per, day);
      if (!prev || per > s.p) {
        if (prev && s.n > 0) {
          // Capped at its own limit, so an alerted period cannot teach the group a burst.
          folded = s.limit >= 0 ? Math.min(s.n, s.limit) : s.n;
          foldDay = Math.floor((s.p * unit) / DAY);
        }
        fresh = true;
        s.p = per;
        s.n = 0;
        s.limit = -1;
      }
      if (day > s.day) {
        s.day = day;
        s.days++;
      }
      s.n++;
      // The profile may firm up during the period (peers finish yesterday as they start today):
      // the limit is derived again at 2, 4, 8 … decisions, a handful of group reads per period.
      if (s.n > 1 && s.limit !== -2 && (s.n & (s.n - 1)) === 0) fresh = true;
      if (s.limit >= 0 && s.n > s.limit && s.alerted !== s.p) {
        s.alerted = s.p;
        fired = { ...s };
      }
      return s;
    });
    after(got, track, (s) => {
      if (fired) report(e.actor, e.time, fired);
      if (!fresh) return;
      const keys = groupsOf(e);
      const fold = (g: PeerGroupState | undefined): PeerGroupState => {
        const x = g ?? newGroupState(foldDay);
        if (folded >= 0) foldPeriod(x, foldDay, folded, p.halfLifeDays);
        refreshProfile(x);
        return x;
      };
      const groups = keys.map((k) => store.update<PeerGroupState>(groupNs, k, fold));
      const settle = (gs: PeerGroupState[]): void => {
        const role = gs[0] as PeerGroupState;
        if (!applies(s, role)) {
          after(
            store.update<PeerActorState>(rule.id, e.actor, (cur) => {
              if (cur && cur.p === per) cur.limit = -2;
              return cur ?? freshActor(per, day);
            }),
            track,
            () => undefined,
          );
          return;
        }
        // The narrow group when it has enough recent peers, else the whole role.
        let prof: PeerProfile | undefined;
        let which = '';
        for (let i = gs.length - 1; i >= 0 && !prof; i--) {
          prof = cachedProfile(gs[i], p.minPeers);
          which = keys[i] as string;
        }
        if (!prof) return;
        const pr = prof;
        const limit = peerLimit(pr, p);
        let late: PeerActorState | undefined;
        after(
          store.update<PeerActorState>(rule.id, e.actor, (cur) => {
            if (cur && cur.p !== per) return cur; // the actor moved on meanwhile
            const c = cur ?? freshActor(per, day);
            c.limit = limit;
            c.median = pr.median;
            c.mad = pr.mad;
            c.weight = pr.weight;
            c.group = which;
            if (c.n > limit && c.alerted !== c.p) {
              c.alerted = c.p;
              late = { ...c };
            }
            return c;
          }),
          track,
          () => {
            if (late) report(e.actor, e.time, late);
          },
        );
      };
      if (groups.some((g) => g instanceof Promise)) track(Promise.all(groups).then(settle));
      else settle(groups as PeerGroupState[]);
    });
  };
}

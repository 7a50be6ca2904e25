// The rules compiled for the general path: per rule its match, an `apply` that counts an event
// through the CounterStore and raises the alert, and, when the fast path (direct.ts) can keep the
// rule per actor, its `direct` form raising through the same alert builders (docs/monitoring.md).
import { type BaselineParams, type BaselineState, baselineLimit, countOnDay } from './baseline.js';
import type { BaselineView, DirectRuleInput } from './direct.js';
import { type AccessEvent, type CompiledMatch, compileMatch, readAttr } from './match.js';
import { compilePeer } from './peer.js';
import { durationMs, type MonitorRule } from './rules.js';
import type { CounterStore, DirectStore, MaybePromise } from './store.js';
import type { MonitorAlert } from './types.js';
import { iso, str } from './values.js';

type Per = 'actor' | 'role' | 'purpose';

/** One rule as the monitor runs it. */
export interface CompiledRule extends DirectRuleInput {
  rule: MonitorRule;
  index: number;
}

/** What {@link compileRules} needs from the monitor. */
export interface CompileDeps {
  /** Where the general path counts. */
  store: CounterStore;
  /** The memory store's direct handle when the fast path runs; rules then get a `direct` form. */
  direct: DirectStore | undefined;
  /** Records and reports one alert. */
  raise(alert: MonitorAlert): void;
  /** Keeps a pending store promise (awaited by `flush`, failures reported). */
  track(p: Promise<unknown>): void;
}

const DEFAULT_BASELINE = { alpha: 0.2, k: 6, ratio: 2.5, minCount: 40, warmupDays: 5 };

let seq = 0;
function alertId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID ? c.randomUUID() : `alert-${Date.now().toString(36)}-${(seq++).toString(36)}`;
}

function keyOf(per: readonly Per[], c: CompiledMatch, e: AccessEvent): string {
  if (per.length === 1) return per[0] === 'actor' ? e.actor : per[0] === 'role' ? c.roleOf(e) : e.purpose;
  return per.map((p) => (p === 'actor' ? e.actor : p === 'role' ? c.roleOf(e) : e.purpose)).join('|');
}

/** Compiles validated rules, in order (a rule's index is its bit in the fast path's masks). */
export function compileRules(rules: readonly MonitorRule[], deps: CompileDeps): CompiledRule[] {
  const { store, direct, raise, track } = deps;
  const after = <T>(v: MaybePromise<T>, f: (x: T) => void): void => {
    if (v instanceof Promise) track(v.then(f));
    else f(v);
  };
  // Alert at most once per (rule, key) per cooldown, also across instances sharing a store
  // (`ns` is `<rule>#cooldown`; the fast path keeps its cool-downs in the actor's row).
  const claim = (ns: string, key: string, t: number, cooldown: number, fire: () => void): void => {
    const token = `${t}:${Math.random()}`;
    after(
      store.update<{ until: number; token: string }>(ns, key, (prev) =>
        prev && prev.until > t ? prev : { until: t + cooldown, token },
      ),
      (s) => {
        if (s.token === token) fire();
      },
    );
  };

  return rules.map((rule, index): CompiledRule => {
    const match = compileMatch(rule.match);
    const severity = rule.severity ?? 'medium';
    const action = rule.action ?? 'alert';
    if (rule.type === 'count') {
      const per = rule.per ?? ['actor'];
      const perActor = per.length === 1 && per[0] === 'actor';
      const W = durationMs(rule.window);
      const cooldown = rule.cooldown ? durationMs(rule.cooldown) : W;
      const cooldownNs = `${rule.id}#cooldown`;
      const base = (
        actor: string,
        time: number,
        key: string,
        n: number,
        from: number,
        to: number,
        distinct?: string,
      ): MonitorAlert => {
        const a: MonitorAlert = {
          id: alertId(),
          rule: rule.id,
          type: 'count',
          severity,
          action,
          actor,
          key,
          per: [...per],
          count: n,
          threshold: rule.threshold,
          window: { ms: to - from, from: iso(from), to: iso(to) },
          time: iso(time),
        };
        if (distinct) a.distinct = distinct;
        return a;
      };
      if (rule.distinct) {
        const what = rule.distinct;
        const itemOf =
          what === 'subject'
            ? (e: AccessEvent) => e.subject
            : what === 'record'
              ? (e: AccessEvent) => e.record
              : (e: AccessEvent) => str(readAttr(e.scope, what));
        // Two staggered epochs of length W, offset by W/2: every interval of W/2 lies wholly in
        // one of them, so N distinct items within W/2 always alert (docs/monitoring.md).
        const half = Math.floor(W / 2);
        const nsA = `${rule.id}/a`;
        const nsB = `${rule.id}/b`;
        const alertDistinct = (
          actor: string,
          time: number,
          key: string,
          ea: number,
          eb: number,
          na: number,
          nb: number,
        ): void => {
          const from = na >= nb ? ea * W : eb * W - half;
          raise(base(actor, time, key, Math.max(na, nb), from, from + W, what));
        };
        const fireDistinct = (
          e: AccessEvent,
          key: string,
          ea: number,
          eb: number,
          na: number,
          nb: number,
        ): void => {
          claim(cooldownNs, key, e.time, cooldown, () => alertDistinct(e.actor, e.time, key, ea, eb, na, nb));
        };
        return {
          rule,
          index,
          match,
          direct:
            direct && perActor
              ? {
                  kind: 'distinct',
                  nsA,
                  nsB,
                  cooldownNs,
                  cooldown,
                  window: W,
                  half,
                  threshold: rule.threshold,
                  item: what,
                  alert: (actor, time, ea, eb, na, nb) => alertDistinct(actor, time, actor, ea, eb, na, nb),
                }
              : undefined,
          apply(e) {
            const item = itemOf(e);
            if (item === undefined) return;
            const key = keyOf(per, match, e);
            const ea = Math.floor(e.time / W);
            const eb = Math.floor((e.time + half) / W);
            const a = store.addDistinct(nsA, key, ea, item);
            const b = store.addDistinct(nsB, key, eb, item);
            if (typeof a === 'number' && typeof b === 'number') {
              if (a > rule.threshold || b > rule.threshold) fireDistinct(e, key, ea, eb, a, b);
            } else
              track(
                Promise.all([a, b]).then(
                  ([x, y]) =>
                    (x > rule.threshold || y > rule.threshold) && fireDistinct(e, key, ea, eb, x, y),
                ),
              );
          },
        };
      }
      const buckets = rule.buckets ?? 10;
      const bucketMs = Math.max(1, Math.floor(W / buckets));
      const threshold = rule.threshold;
      const alertCount = (actor: string, time: number, key: string, b: number, n: number): void => {
        const from = (b - buckets + 1) * bucketMs;
        raise(base(actor, time, key, n, from, (b + 1) * bucketMs));
      };
      const fire = (e: AccessEvent, key: string, b: number, n: number): void => {
        claim(cooldownNs, key, e.time, cooldown, () => alertCount(e.actor, e.time, key, b, n));
      };
      return {
        rule,
        index,
        match,
        direct:
          direct && perActor
            ? {
                kind: 'count',
                ns: rule.id,
                cooldownNs,
                cooldown,
                bucketMs,
                buckets,
                threshold,
                alert: (actor, time, b, n) => alertCount(actor, time, actor, b, n),
              }
            : undefined,
        apply(e) {
          const key = keyOf(per, match, e);
          const b = Math.floor(e.time / bucketMs);
          const got = store.add(rule.id, key, b, buckets, 1);
          if (typeof got === 'number') {
            if (got > threshold) fire(e, key, b, got);
          } else track(got.then((n) => n > threshold && fire(e, key, b, n)));
        },
      };
    }
    if (rule.type === 'peer')
      // Peer rules run on the general path: their group state is shared by many actors.
      return {
        rule,
        index,
        match,
        direct: undefined,
        apply: compilePeer(rule, match, { store, raise, track, alertId }),
      };
    const p: BaselineParams = {
      alpha: rule.alpha ?? DEFAULT_BASELINE.alpha,
      k: rule.k ?? DEFAULT_BASELINE.k,
      ratio: rule.ratio ?? DEFAULT_BASELINE.ratio,
      minCount: rule.minCount ?? DEFAULT_BASELINE.minCount,
      warmupDays: rule.warmupDays ?? DEFAULT_BASELINE.warmupDays,
    };
    const offset = (rule.utcOffsetMinutes ?? 480) * 60_000;
    // Counts one event; returns a copy of the state when today crosses the limit.
    const step = (st: BaselineState, day: number): BaselineState | undefined => {
      if (
        st.day === day &&
        st.days >= p.warmupDays &&
        st.alerted !== day &&
        st.count > baselineLimit(st, p)
      ) {
        st.alerted = day;
        return { ...st };
      }
      return undefined;
    };
    const report = (actor: string, time: number, day: number, st: BaselineView): void => {
      const from = day * 86_400_000 - offset;
      raise({
        id: alertId(),
        rule: rule.id,
        type: 'baseline',
        severity,
        action,
        actor,
        key: actor,
        per: ['actor'],
        count: st.count,
        threshold: Math.floor(baselineLimit(st, p)),
        window: { ms: 86_400_000, from: iso(from), to: iso(from + 86_400_000) },
        baseline: { mean: st.mean, spread: st.spread, days: st.days },
        time: iso(time),
      });
    };
    return {
      rule,
      index,
      match,
      direct: direct ? { kind: 'baseline', ns: rule.id, offset, params: p, alert: report } : undefined,
      apply(e) {
        const day = Math.floor((e.time + offset) / 86_400_000);
        let fired: BaselineState | undefined;
        const got = store.update<BaselineState>(rule.id, e.actor, (prev) => {
          const st = countOnDay(prev, day, p);
          fired = step(st, day);
          return st;
        });
        // A store that answers synchronously (the memory store) alerts synchronously.
        if (got instanceof Promise) track(got.then(() => fired && report(e.actor, e.time, day, fired)));
        else if (fired) report(e.actor, e.time, day, fired);
      },
    };
  });
}

// The hook's per-actor fast path (docs/monitoring.md, "Overhead"). With the in-process memory
// store, the rules a decision can reach are known from three cached bit masks (per distinct
// decision object, per role, per purpose); what is left per event is the time and attribute
// conditions of those rules and their counters, all in the actor's one row of plain numbers
// (rows.ts): one map lookup and one array per decision. The general path (any other store)
// computes the same counts through the CounterStore interface; test/monitor/direct.test.ts
// feeds both the same random traffic and expects the same alerts. Rules counted per role or
// purpose run through the general path from here, one event object built lazily for them.
import { type BaselineParams, limitOf } from './baseline.js';
import type { DenyList } from './deny-list.js';
import { type AccessEvent, type AttrScope, type CompiledMatch, compileCondition, readAttr } from './match.js';
import {
  baselineCount,
  baselineSection,
  cooldownSection,
  distinctAdd,
  distinctSection,
  INLINE_DISTINCT,
  ringAdd,
  ringSection,
} from './rows.js';
import { hash32 } from './sketch.js';
import type { DirectStore } from './store.js';

/** A count rule kept per actor: a ring of `buckets` sub-windows. */
export interface DirectCount {
  kind: 'count';
  ns: string;
  cooldownNs: string;
  cooldown: number;
  bucketMs: number;
  buckets: number;
  threshold: number;
  /** Raises the alert (after the cool-down was claimed). */
  alert(actor: string, time: number, bucket: number, n: number): void;
}

/** A distinct-count rule kept per actor: two staggered epochs. */
export interface DirectDistinct {
  kind: 'distinct';
  nsA: string;
  nsB: string;
  cooldownNs: string;
  cooldown: number;
  window: number;
  half: number;
  threshold: number;
  /** `subject`, `record` or an attribute path. */
  item: string;
  alert(actor: string, time: number, ea: number, eb: number, na: number, nb: number): void;
}

/** What a baseline alert reports of the learned state. */
export interface BaselineView {
  count: number;
  mean: number;
  spread: number;
  days: number;
}

/** A baseline rule (always per actor). */
export interface DirectBaseline {
  kind: 'baseline';
  ns: string;
  offset: number;
  params: BaselineParams;
  alert(actor: string, time: number, day: number, state: BaselineView): void;
}

/** One compiled rule as the monitor built it; `direct` is set when it can run on this path. */
export interface DirectRuleInput {
  match: CompiledMatch;
  direct: DirectCount | DirectDistinct | DirectBaseline | undefined;
  apply(e: AccessEvent): void;
}

/** Per distinct decision: which rules its fields and outcome let through, as bits by rule index. */
export interface DecisionMasks {
  /** When the record was visible. */
  rec: number;
  /** When it was not. */
  norec: number;
  /** Whether the decision counts as granted when the record was visible. */
  granted: boolean;
}

/** The part of a request and decision the hook reads (structurally the monitor's types). */
interface Req {
  actor: { id: string; roles: readonly string[] };
  purpose: string;
}
interface Dec {
  record: boolean;
  fields: Readonly<Record<string, unknown>>;
}

/** What {@link createDirectHook} needs from the monitor. */
export interface DirectHookOptions<R extends Req, D extends Dec> {
  rules: readonly DirectRuleInput[];
  store: DirectStore;
  masksOf(fields: Readonly<Record<string, unknown>>): DecisionMasks;
  timeOf(request: R): number;
  denyList: DenyList;
  stats: { events: number; blocked: number };
  subjectOf(request: R): string | undefined;
  recordOf(request: R): string | undefined;
  /** Builds the event the general path evaluates (for rules not on this path). */
  event(request: R, decision: D, time: number, granted: boolean): AccessEvent;
}

/** Most rules the masks can hold (bits of a 32-bit integer, sign bit unused). */
export const MAX_DIRECT_RULES = 31;
const KIND_GENERAL = 0;
const KIND_COUNT = 1;
const KIND_DISTINCT = 2;
const KIND_BASELINE = 3;
const ITEM_SUBJECT = 0;
const ITEM_RECORD = 1;
const ITEM_ATTR = 2;
const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});
const NO_ROLES: readonly string[] = Object.freeze([]);

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Builds the fast path for up to {@link MAX_DIRECT_RULES} rules. */
export function createDirectHook<R extends Req, D extends Dec>(
  o: DirectHookOptions<R, D>,
): (request: R, decision: D) => void {
  const n = o.rules.length;
  if (n > MAX_DIRECT_RULES) throw new RangeError(`at most ${MAX_DIRECT_RULES} rules`);
  const { store, masksOf, timeOf, denyList, stats } = o;
  const exactLimit = store.exactLimit;
  const inline = Math.min(INLINE_DISTINCT, exactLimit);

  // Role and purpose bits: a rule without the criterion passes for everyone.
  let noRoleBits = 0;
  let noPurposeBits = 0;
  const roleBits = new Map<string, number>();
  const purposeBits = new Map<string, number>();
  // Dynamic criteria: working hours and attribute conditions (identical conditions of several
  // rules, like the two default unassigned-address rules, are evaluated once per event).
  let dynBits = 0;
  const outside: Array<((t: number) => boolean) | undefined> = [];
  const condOf: number[][] = [];
  const condIndex = new Map<string, number>();
  const condFns: Array<(s: AttrScope) => boolean> = [];
  // Per rule, flat: what kind of counter, its namespaces and parameters.
  const kind = new Uint8Array(n);
  // Offsets of the rule's sections in every row.
  const at1 = new Int32Array(n);
  const at2 = new Int32Array(n);
  const atCd = new Int32Array(n);
  const cooldown = new Float64Array(n);
  const unit = new Float64Array(n); // bucket ms, window ms, or the day offset
  const half = new Float64Array(n);
  const span = new Int32Array(n);
  const threshold = new Float64Array(n);
  const itemKind = new Uint8Array(n);
  const itemPath: Array<readonly string[] | undefined> = [];
  const params: Array<BaselineParams | undefined> = [];
  const countAlert: Array<DirectCount['alert'] | undefined> = [];
  const distinctAlert: Array<DirectDistinct['alert'] | undefined> = [];
  const baselineAlert: Array<DirectBaseline['alert'] | undefined> = [];
  const apply: Array<(e: AccessEvent) => void> = [];

  // Row layout: baselines first (next to the start of the row), then the rings and distinct
  // sets in rule order, cool-downs (touched only past a threshold) last.
  for (const r of o.rules)
    if (r.direct?.kind === 'baseline') store.section(`baseline:${r.direct.ns}`, baselineSection());
  const cooldowns: Array<[number, string]> = [];
  for (let i = 0; i < n; i++) {
    const r = o.rules[i] as DirectRuleInput;
    const m = r.match;
    const bit = 1 << i;
    if (m.roles) for (const x of m.roles) roleBits.set(x, (roleBits.get(x) ?? 0) | bit);
    else noRoleBits |= bit;
    if (m.purposes) for (const x of m.purposes) purposeBits.set(x, (purposeBits.get(x) ?? 0) | bit);
    else noPurposeBits |= bit;
    outside.push(m.outside);
    const conds: number[] = [];
    for (const c of m.conditions) {
      const key = JSON.stringify(c);
      let k = condIndex.get(key);
      if (k === undefined) {
        k = condFns.length;
        condIndex.set(key, k);
        condFns.push(compileCondition(c));
      }
      conds.push(k);
    }
    condOf.push(conds);
    if (m.outside || conds.length > 0) dynBits |= bit;
    apply.push(r.apply);
    countAlert.push(undefined);
    distinctAlert.push(undefined);
    baselineAlert.push(undefined);
    itemPath.push(undefined);
    params.push(undefined);
    const d = r.direct;
    if (d === undefined) kind[i] = KIND_GENERAL;
    else if (d.kind === 'count') {
      kind[i] = KIND_COUNT;
      at1[i] = store.section(`ring:${d.ns}:${d.buckets}`, ringSection(d.buckets));
      cooldowns.push([i, d.cooldownNs]);
      cooldown[i] = d.cooldown;
      unit[i] = d.bucketMs;
      span[i] = d.buckets;
      threshold[i] = d.threshold;
      countAlert[i] = d.alert;
    } else if (d.kind === 'distinct') {
      kind[i] = KIND_DISTINCT;
      at1[i] = store.section(`distinct:${d.nsA}:${inline}`, distinctSection(inline));
      at2[i] = store.section(`distinct:${d.nsB}:${inline}`, distinctSection(inline));
      cooldowns.push([i, d.cooldownNs]);
      cooldown[i] = d.cooldown;
      unit[i] = d.window;
      half[i] = d.half;
      threshold[i] = d.threshold;
      distinctAlert[i] = d.alert;
      if (d.item === 'subject') itemKind[i] = ITEM_SUBJECT;
      else if (d.item === 'record') itemKind[i] = ITEM_RECORD;
      else {
        itemKind[i] = ITEM_ATTR;
        itemPath[i] = d.item.split('.');
      }
    } else {
      kind[i] = KIND_BASELINE;
      at1[i] = store.section(`baseline:${d.ns}`, baselineSection());
      unit[i] = d.offset;
      params[i] = d.params;
      baselineAlert[i] = d.alert;
    }
  }
  for (const [i, ns] of cooldowns) atCd[i] = store.section(`cooldown:${ns}`, cooldownSection());
  const anyRoleBits = roleBits.size > 0;
  const anyPurposeBits = purposeBits.size > 0;
  const condStamp = new Float64Array(condFns.length).fill(-1);
  const condVal = new Uint8Array(condFns.length);
  let eventNo = 0;
  // Most actors have one role, and a service sees few roles: the last two are remembered.
  let lastRole: string | undefined;
  let lastRoleBits = 0;
  let prevRole: string | undefined;
  let prevRoleBits = 0;

  // Alert at most once per (rule, actor) per cool-down.
  const claim = (row: unknown[], t: number, i: number): boolean => {
    const at = atCd[i] as number;
    if ((row[at] as number) > t) return false;
    row[at] = t + (cooldown[i] as number);
    return true;
  };

  return (request, decision) => {
    const actor = request.actor;
    const id = actor.id;
    // The clock is read for every decision, as on the general path (a test clock may count calls).
    const t = timeOf(request);
    if (denyList.has(id)) {
      stats.blocked++;
      return;
    }
    stats.events++;
    const masks = masksOf(decision.fields ?? EMPTY);
    const record = decision.record !== false;
    let mask = record ? masks.rec : masks.norec;
    if (mask === 0) return;
    if (anyRoleBits) {
      // Roles that are not an array count as none (the policy denies such a request anyway).
      const roles = Array.isArray(actor.roles) ? actor.roles : NO_ROLES;
      let rm: number;
      const r0 = roles.length === 1 ? roles[0] : undefined;
      if (r0 !== undefined && r0 === lastRole) rm = lastRoleBits;
      else if (r0 !== undefined && r0 === prevRole) rm = prevRoleBits;
      else {
        rm = noRoleBits;
        for (let k = 0; k < roles.length; k++) rm |= roleBits.get(roles[k] as string) ?? 0;
        if (r0 !== undefined) {
          prevRole = lastRole;
          prevRoleBits = lastRoleBits;
          lastRole = r0;
          lastRoleBits = rm;
        }
      }
      mask &= rm;
    }
    if (anyPurposeBits) mask &= noPurposeBits | (purposeBits.get(request.purpose) ?? 0);
    if (mask === 0) return;
    // Event numbers stay small integers (a number past 2^31 would be boxed on every increment).
    if (eventNo === 0x3fffffff) {
      eventNo = 0;
      condStamp.fill(-1);
    }
    const ev = eventNo++;
    let e: AccessEvent | undefined;
    let item: string | undefined;
    let itemOf = -1; // which kind of item `item` holds
    let h = 0;
    while (mask !== 0) {
      const low = mask & -mask;
      mask ^= low;
      const i = 31 - Math.clz32(low);
      if ((dynBits & low) !== 0) {
        const out = outside[i];
        if (out !== undefined && !out(t)) continue;
        const conds = condOf[i] as number[];
        let ok = true;
        for (let k = 0; k < conds.length; k++) {
          const c = conds[k] as number;
          if (condStamp[c] !== ev) {
            condVal[c] = (condFns[c] as (s: AttrScope) => boolean)(request as unknown as AttrScope) ? 1 : 0;
            condStamp[c] = ev;
          }
          if (condVal[c] === 0) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
      }
      // The row is fetched where the general path makes its first store call for the rule, so
      // both paths use keys in the same order (the same actors are evicted under a key budget).
      switch (kind[i]) {
        case KIND_COUNT: {
          const row = store.row(id);
          const b = Math.floor(t / (unit[i] as number));
          const got = ringAdd(row, at1[i] as number, b, span[i] as number);
          if (got > (threshold[i] as number) && claim(row, t, i))
            (countAlert[i] as DirectCount['alert'])(id, t, b, got);
          break;
        }
        case KIND_DISTINCT: {
          const ik = itemKind[i] as number;
          if (ik !== itemOf || ik === ITEM_ATTR) {
            item =
              ik === ITEM_SUBJECT
                ? o.subjectOf(request)
                : ik === ITEM_RECORD
                  ? o.recordOf(request)
                  : str(readAttr(request as unknown as AttrScope, itemPath[i] as readonly string[]));
            itemOf = ik;
            if (item !== undefined) h = hash32(item);
          }
          if (item === undefined) break;
          const row = store.row(id);
          const w = unit[i] as number;
          const ea = Math.floor(t / w);
          const eb = Math.floor((t + (half[i] as number)) / w);
          const a = distinctAdd(row, at1[i] as number, inline, ea, h, exactLimit);
          const b = distinctAdd(row, at2[i] as number, inline, eb, h, exactLimit);
          const th = threshold[i] as number;
          if ((a > th || b > th) && claim(row, t, i))
            (distinctAlert[i] as DirectDistinct['alert'])(id, t, ea, eb, a, b);
          break;
        }
        case KIND_BASELINE: {
          const row = store.row(id);
          const p = params[i] as BaselineParams;
          const day = Math.floor((t + (unit[i] as number)) / 86_400_000);
          const at = at1[i] as number;
          baselineCount(row, at, day, p);
          // [day, count, days, mean, spread, alerted]
          const count = row[at + 1] as number;
          const days = row[at + 2] as number;
          if (row[at] === day && days >= p.warmupDays && row[at + 5] !== day) {
            const mean = row[at + 3] as number;
            const spread = row[at + 4] as number;
            if (count > limitOf(mean, spread, p)) {
              row[at + 5] = day;
              (baselineAlert[i] as DirectBaseline['alert'])(id, t, day, { count, days, mean, spread });
            }
          }
          break;
        }
        default:
          e ??= o.event(request, decision, t, record && masks.granted);
          (apply[i] as (e: AccessEvent) => void)(e);
      }
    }
  };
}

// createAccessMonitor: watches access decisions (live through the policy hook, or after the fact
// over audit entries), keeps bounded counters per rule and raises alerts (docs/monitoring.md).
import type { AuditEntry } from '../audit/index.js';
import { streamAudit } from '../audit/index.js';
import { PiiError } from '../errors.js';
import { classify } from '../schema/index.js';
import { type CompiledRule, compileRules } from './compile.js';
import { memoryDenyList } from './deny-list.js';
import { createDirectHook, type DecisionMasks, MAX_DIRECT_RULES } from './direct.js';
import { type AccessEvent, type AttrScope, type FieldInfo, guessField } from './match.js';
import { defaultRules, parseRules, type Severity } from './rules.js';
import { directStore, memoryCounterStore } from './store.js';
import type {
  AccessMonitor,
  AccessMonitorOptions,
  MonitorAlert,
  MonitoredDecision,
  MonitoredRequest,
  MonitorStats,
} from './types.js';
import { iso, ref, str, toMs } from './values.js';

const MAX_PATH_CACHE = 10_000;
const MAX_OPEN_ALERTS = 10_000;
const NO_ROLES: readonly string[] = Object.freeze([]);

/**
 * Creates an access monitor. Pass `monitor.onDecision` and `monitor.denyList` to `definePolicy`
 * and every decision is watched with no extra call in user code; or feed audit entries with
 * `observe` / `observeAll` after the fact.
 *
 * @param options - rules, audit log, alert callback, store, deny list, clock, schema
 * @returns the monitor
 * @throws PiiError INVALID_ARGUMENT when the rules are invalid
 * @example
 * ```ts
 * import { createAccessMonitor } from 'courier-pii/monitor';
 * const monitor = createAccessMonitor({
 *   rules: [{ id: 'denied-burst', type: 'count', match: { outcome: 'denied' }, window: '10m', threshold: 2, action: 'deny' }],
 *   onAlert: (a) => console.log(a.rule, a.actor, a.count),
 *   clock: () => Date.UTC(2026, 0, 5, 3),
 * });
 * const request = { actor: { id: 'cs-7', roles: ['cs'] }, purpose: 'support' };
 * for (let i = 0; i < 3; i++) monitor.onDecision(request, { record: false, fields: {} }); // denied-burst cs-7 3
 * console.log(monitor.denyList.has('cs-7')); // true
 * ```
 */
export function createAccessMonitor(options: AccessMonitorOptions = {}): AccessMonitor {
  const rules = parseRules(options.rules ?? defaultRules());
  const store = options.store ?? memoryCounterStore();
  const denyList = options.denyList ?? memoryDenyList();
  const clockFn = options.clock;
  const now = clockFn
    ? () => {
        const v = clockFn();
        return v instanceof Date ? v.getTime() : v;
      }
    : Date.now;
  const known = new Map<string, FieldInfo>();
  if (options.schema)
    for (const f of classify(options.schema)) known.set(f.path, { level: f.level, kind: f.kind });
  const subjectOf =
    options.subjectOf ??
    ((r: MonitoredRequest) => {
      const res = r.resource as Record<string, unknown> | null | undefined;
      return res ? (str(res.subjectId) ?? str(res.recipientId)) : undefined;
    });
  const recordOf =
    options.recordOf ??
    ((r: MonitoredRequest) => {
      const res = r.resource as Record<string, unknown> | null | undefined;
      return str(r.recordId) ?? (res ? (str(res.id) ?? str(res.recordId)) : undefined);
    });

  const stats: MonitorStats = { events: 0, blocked: 0, alerts: 0 };
  const open = new Map<string, MonitorAlert[]>();
  const pending = new Set<Promise<unknown>>();
  const errors: unknown[] = [];
  const fail = (e: unknown): void => {
    if (options.onError) options.onError(e);
    else errors.push(e);
  };
  const track = (p: Promise<unknown>): void => {
    const q = p.then(
      () => undefined,
      (e) => fail(e),
    );
    pending.add(q);
    void q.finally(() => pending.delete(q));
  };

  const collectors = new Set<MonitorAlert[]>();
  const raise = (a: MonitorAlert): void => {
    stats.alerts++;
    for (const c of collectors) c.push(a);
    let list = open.get(a.actor);
    if (!list) {
      if (open.size >= MAX_OPEN_ALERTS) open.delete(open.keys().next().value as string);
      list = [];
      open.set(a.actor, list);
    }
    list.push(a);
    if (a.action === 'deny')
      denyList.add(a.actor, { rule: a.rule, alertId: a.id, since: Date.parse(a.time) });
    if (options.audit) {
      const data: Record<string, string | number> = {
        rule: a.rule,
        severity: a.severity,
        count: a.count,
        threshold: a.threshold,
        alertId: a.id,
        type: a.type,
        action: a.action,
        key: a.key,
        per: a.per.join('+'),
        windowMs: a.window.ms,
        windowFrom: a.window.from,
        windowTo: a.window.to,
      };
      if (a.distinct) data.distinct = a.distinct;
      if (a.baseline) {
        data.baselineMean = Math.round(a.baseline.mean * 100) / 100;
        data.baselineSpread = Math.round(a.baseline.spread * 100) / 100;
        data.baselineDays = a.baseline.days;
      }
      track(
        options.audit.append({
          kind: 'alert',
          actor: a.actor,
          purpose: 'security-monitoring',
          data: data as { rule: string; severity: Severity },
        }),
      );
    }
    if (options.onAlert) {
      try {
        options.onAlert(a);
      } catch (e) {
        fail(e);
      }
    }
  };

  // With the memory store, rules kept per actor also get a `direct` form for the fast path
  // (direct.ts), which then takes every decision and audit entry; it raises its alerts through
  // the same builders as the general path (compile.ts). Other stores, or more rules than its
  // masks hold: the general path.
  const direct = rules.length <= MAX_DIRECT_RULES ? directStore(store) : undefined;
  const compiled = compileRules(rules, { store, direct, raise, track });

  const fieldRules = compiled.filter((c) => c.match.hasFieldCriteria);
  const needSubject = rules.some((r) => r.type === 'count' && r.distinct === 'subject');
  const needRecord = rules.some((r) => r.type === 'count' && r.distinct === 'record');
  // path → [rules hit when allowed, masked, denied]
  const pathCache = new Map<string, [number[], number[], number[]]>();
  const rulesFor = (path: string): [number[], number[], number[]] => {
    let hit = pathCache.get(path);
    if (hit) return hit;
    const info = known.get(path) ?? guessField(path);
    hit = [[], [], []];
    for (const c of fieldRules) {
      if (c.match.field(path, 'allow', info)) hit[0].push(c.index);
      if (c.match.field(path, 'mask', info)) hit[1].push(c.index);
      if (c.match.field(path, 'deny', info)) hit[2].push(c.index);
    }
    if (pathCache.size >= MAX_PATH_CACHE) pathCache.clear();
    pathCache.set(path, hit);
    return hit;
  };

  interface Summary extends DecisionMasks {
    /** Per rule: whether a decided field met its field criteria. */
    hits: Uint8Array;
  }
  const outcomeOk = (outcome: 'granted' | 'denied' | 'any', granted: boolean): boolean =>
    outcome === 'any' || (outcome === 'granted') === granted;
  const summarize = (fields: Readonly<Record<string, unknown>>): Summary => {
    const hits = new Uint8Array(compiled.length);
    let anyField = false;
    let anyShown = false;
    for (const path in fields) {
      const v = fields[path];
      const effect = typeof v === 'string' ? v : (v as { effect?: unknown } | undefined)?.effect;
      anyField = true;
      const idx = effect === 'allow' ? 0 : effect === 'mask' ? 1 : effect === 'deny' ? 2 : -1;
      if (idx < 0) continue;
      if (idx < 2) anyShown = true;
      if (fieldRules.length === 0) continue;
      const hit = rulesFor(path)[idx as 0 | 1 | 2];
      for (let i = 0; i < hit.length; i++) hits[hit[i] as number] = 1;
    }
    const granted = !anyField || anyShown;
    // Bits of the rules whose field and outcome criteria this decision meets (fast path only).
    let rec = 0;
    let norec = 0;
    for (let i = 0; i < compiled.length && i < MAX_DIRECT_RULES; i++) {
      const m = (compiled[i] as CompiledRule).match;
      if (m.hasFieldCriteria && hits[i] !== 1) continue;
      if (outcomeOk(m.outcome, granted)) rec |= 1 << i;
      if (outcomeOk(m.outcome, false)) norec |= 1 << i;
    }
    return { hits, granted, rec, norec };
  };
  // The policy returns frozen decisions shared between calls, so the walk over their fields is
  // done once per distinct decision, not once per call (docs/monitoring.md, "Overhead"). The
  // last few are compared by identity before the WeakMap is asked.
  const summaries = new WeakMap<object, Summary>();
  const RECENT = 4;
  const recentKeys: Array<object | undefined> = new Array(RECENT).fill(undefined);
  const recentSums: Array<Summary | undefined> = new Array(RECENT).fill(undefined);
  let recentNext = 0;
  const summaryOf = (fields: Readonly<Record<string, unknown>>): Summary => {
    for (let k = 0; k < RECENT; k++) if (recentKeys[k] === fields) return recentSums[k] as Summary;
    let sum = summaries.get(fields);
    if (sum === undefined) {
      sum = summarize(fields);
      // Only an immutable object may be remembered (isFrozen is slow, so it is asked on a miss only).
      if (!Object.isFrozen(fields)) return sum;
      summaries.set(fields, sum);
    }
    recentKeys[recentNext] = fields;
    recentSums[recentNext] = sum;
    recentNext = (recentNext + 1) % RECENT;
    return sum;
  };

  const process = (e: AccessEvent, record: boolean): void => {
    if (denyList.has(e.actor)) {
      stats.blocked++;
      return;
    }
    stats.events++;
    const sum = summaryOf(e.fields);
    e.granted = record && sum.granted;
    const hits = sum.hits;
    for (let i = 0; i < compiled.length; i++) {
      const c = compiled[i] as CompiledRule;
      if (c.match.test(e, hits[i] === 1)) c.apply(e);
    }
  };

  // A request whose roles are not an array counts as having none (the policy denies it).
  const rolesOf = (actor: MonitoredRequest['actor']): readonly string[] =>
    Array.isArray(actor.roles) ? actor.roles : NO_ROLES;
  const eventOf = (
    request: MonitoredRequest,
    decision: MonitoredDecision,
    time: number,
    granted: boolean,
  ): AccessEvent => {
    const actor = request.actor;
    return {
      time,
      actor: actor.id,
      roles: rolesOf(actor),
      purpose: request.purpose,
      granted,
      fields: decision.fields ?? {},
      subject: needSubject ? subjectOf(request) : undefined,
      record: needRecord ? recordOf(request) : undefined,
      scope: request as unknown as AttrScope,
    };
  };
  const timeOf = (request: MonitoredRequest): number => toMs(request.context?.now, now);
  const onDecision: AccessMonitor['onDecision'] = direct
    ? createDirectHook<MonitoredRequest, MonitoredDecision>({
        rules: compiled,
        store: direct,
        masksOf: summaryOf,
        timeOf,
        denyList,
        stats,
        subjectOf,
        recordOf,
        event: eventOf,
      })
    : (request, decision) =>
        process(eventOf(request, decision, timeOf(request), false), decision.record !== false);

  // An audit entry, as a request for the fast path: its scope, time, subject and record.
  interface EntryRequest extends MonitoredRequest {
    actor: { id: string; roles: readonly string[]; attrs: Readonly<Record<string, unknown>> };
    time: number;
    subject: string | undefined;
    record: string | undefined;
  }
  const entryEvent = (
    r: EntryRequest,
    decision: MonitoredDecision,
    time: number,
    granted: boolean,
  ): AccessEvent => ({
    time,
    actor: r.actor.id,
    roles: r.actor.roles,
    purpose: r.purpose,
    granted,
    fields: decision.fields,
    subject: r.subject,
    record: r.record,
    scope: r as unknown as AttrScope,
  });
  const observeDirect = direct
    ? createDirectHook<EntryRequest, MonitoredDecision>({
        rules: compiled,
        store: direct,
        masksOf: summaryOf,
        timeOf: (r) => r.time,
        denyList,
        stats,
        subjectOf: (r) => r.subject,
        recordOf: (r) => r.record,
        event: entryEvent,
      })
    : undefined;

  const observe = (entry: AuditEntry): void => {
    if (entry.kind !== 'access.decision') return;
    const d = (entry.data ?? {}) as Record<string, unknown>;
    const roles = Array.isArray(d.roles)
      ? (d.roles.filter((r) => typeof r === 'string') as string[])
      : (options.rolesOf?.(entry.actor) ?? []);
    const r: EntryRequest = {
      actor: { id: entry.actor, roles, attrs: (d.actorAttrs as Record<string, unknown>) ?? {} },
      purpose: entry.purpose,
      resource: d.resource ?? {},
      context: (d.context as MonitoredRequest['context']) ?? {},
      time: toMs(entry.time, now),
      // Without a subject in the entry, the record stands in (docs/monitoring.md).
      subject: ref(entry.subjects?.[0]) ?? ref(entry.records?.[0]),
      record: ref(entry.records?.[0]),
    };
    const decision: MonitoredDecision = {
      record: d.record !== false,
      fields: (d.fields as MonitoredDecision['fields']) ?? {},
    };
    if (observeDirect) observeDirect(r, decision);
    else process(entryEvent(r, decision, r.time, false), decision.record);
  };

  const flush = async (): Promise<void> => {
    while (pending.size > 0) await Promise.all([...pending]);
    if (errors.length > 0) {
      const first = errors[0];
      errors.length = 0;
      throw new PiiError(
        'STORE_UNAVAILABLE',
        'The monitor could not record counters or alerts; check the store and audit sink.',
        {
          cause: first,
        },
      );
    }
  };

  return {
    onDecision,
    observe,
    async observeAll(source, window = {}) {
      const raised: MonitorAlert[] = [];
      collectors.add(raised);
      try {
        for await (const entry of streamAudit(source, { kinds: ['access.decision'], ...window }))
          observe(entry);
        await flush();
      } finally {
        collectors.delete(raised);
      }
      return raised;
    },
    denyList,
    openAlerts() {
      const all: MonitorAlert[] = [];
      for (const list of open.values()) all.push(...list);
      return all.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    },
    async clear(actorId, o) {
      if (
        typeof o?.by !== 'string' ||
        o.by.length === 0 ||
        typeof o.resolution !== 'string' ||
        o.resolution.length === 0
      )
        throw new PiiError(
          'INVALID_ARGUMENT',
          'clear() needs { by, resolution }: who reviewed the alert and the outcome.',
        );
      const closed = open.get(actorId) ?? [];
      open.delete(actorId);
      const wasBlocked = denyList.delete(actorId);
      if (options.audit) {
        const data: Record<string, string | number | boolean | string[]> = {
          alertIds: closed.map((a) => a.id),
          rules: [...new Set(closed.map((a) => a.rule))],
          closedBy: o.by,
          resolution: o.resolution,
          unblocked: wasBlocked,
          closedAt: iso(now()),
        };
        if (o.ticket) data.ticket = o.ticket;
        await options.audit.append({
          kind: 'custom',
          name: 'monitor.alert.closed',
          actor: actorId,
          purpose: 'security-monitoring',
          data,
        });
      }
      return closed;
    },
    flush,
    stats: () => ({ ...stats }),
  };
}

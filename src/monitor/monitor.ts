// createAccessMonitor: watches access decisions (live through the policy hook, or after the fact
// over audit entries), keeps bounded counters per rule and raises alerts (docs/monitoring.md).
// The wiring: rules compiled in compile.ts, decisions summarised in summary.ts, alerts kept in
// alerts.ts, the per-actor fast path in direct.ts.
import type { AuditEntry } from '../audit/index.js';
import { streamAudit } from '../audit/index.js';
import { PiiError } from '../errors.js';
import { classify } from '../schema/index.js';
import { alertBook } from './alerts.js';
import { type CompiledRule, compileRules } from './compile.js';
import { memoryDenyList } from './deny-list.js';
import { createDirectHook, MAX_DIRECT_RULES } from './direct.js';
import type { AccessEvent, AttrScope, FieldInfo } from './match.js';
import { defaultRules, type MonitorRule, parseRules } from './rules.js';
import { directStore, memoryCounterStore } from './store.js';
import { decisionSummaries } from './summary.js';
import type {
  AccessMonitor,
  AccessMonitorOptions,
  MonitorAlert,
  MonitoredDecision,
  MonitoredRequest,
  MonitorStats,
} from './types.js';
import { ref, str, toMs } from './values.js';
import { checkOptions } from '../_internal/options.js';
import { MONITOR_OPTIONS } from './option-names.js';

const NO_ROLES: readonly string[] = Object.freeze([]);

// Fail closed: a peer group split by an attribute the deployment did not declare is refused, so
// a typo (`actor.staionId`) cannot silently put every actor in one group.
function checkGroupAttrs(rules: readonly MonitorRule[], actorAttrs: readonly string[] | undefined): void {
  if (
    actorAttrs !== undefined &&
    !(Array.isArray(actorAttrs) && actorAttrs.every((a) => typeof a === 'string'))
  )
    throw new PiiError(
      'INVALID_ARGUMENT',
      'actorAttrs must be a list of attribute names such as "stationId".',
    );
  const known = new Set(actorAttrs ?? []);
  for (const r of rules) {
    if (r.type !== 'peer' || !r.groupBy) continue;
    for (const [i, a] of r.groupBy.entries()) {
      if (!known.has(a.slice('actor.'.length)))
        throw new PiiError(
          'INVALID_ARGUMENT',
          `rules[${rules.indexOf(r)}].groupBy.${i}: not in actorAttrs. Declare the attribute in the monitor's actorAttrs option (see docs/monitoring.md, "Peer groups").`,
        );
    }
  }
}

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
 * const alerts: string[] = [];
 * const monitor = createAccessMonitor({
 *   rules: [{ id: 'denied-burst', type: 'count', match: { outcome: 'denied' }, window: '10m', threshold: 2, action: 'deny' }],
 *   onAlert: (a) => alerts.push(`${a.rule} ${a.actor} ${a.count}`),
 *   clock: () => Date.UTC(2026, 0, 5, 3),
 * });
 * const request = { actor: { id: 'cs-7', roles: ['cs'] }, purpose: 'support' };
 * for (let i = 0; i < 3; i++) monitor.onDecision(request, { record: false, fields: {} });
 * console.log(alerts); // [ 'denied-burst cs-7 3' ]
 * console.log(monitor.denyList.has('cs-7')); // true
 * ```
 */
export function createAccessMonitor(options: AccessMonitorOptions = {}): AccessMonitor {
  checkOptions('createAccessMonitor', options, MONITOR_OPTIONS);
  const rules = parseRules(options.rules ?? defaultRules());
  checkGroupAttrs(rules, options.actorAttrs);
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

  const alerts = alertBook({ denyList, options, stats, now, fail, track });

  // With the memory store, rules kept per actor also get a `direct` form for the fast path
  // (direct.ts), which then takes every decision and audit entry; it raises its alerts through
  // the same builders as the general path. Other stores, or more rules than its masks hold: the
  // general path.
  const direct = rules.length <= MAX_DIRECT_RULES ? directStore(store) : undefined;
  const compiled = compileRules(rules, { store, direct, raise: alerts.raise, track });

  const needSubject = rules.some((r) => r.type === 'count' && r.distinct === 'subject');
  const needRecord = rules.some((r) => r.type === 'count' && r.distinct === 'record');
  const summaryOf = decisionSummaries(compiled, known);

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
    // A batching store answers only when its batch is written: push it, then wait; alerts raised
    // by the answers may claim cool-downs through the store again, hence the loop.
    for (;;) {
      if (store.flush) await Promise.resolve(store.flush()).catch(fail);
      if (pending.size === 0) break;
      await Promise.all([...pending]);
    }
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
      alerts.collectors.add(raised);
      try {
        for await (const entry of streamAudit(source, { kinds: ['access.decision'], ...window }))
          observe(entry);
        await flush();
      } finally {
        alerts.collectors.delete(raised);
      }
      return raised;
    },
    denyList,
    openAlerts: alerts.openAlerts,
    clear: alerts.clear,
    flush,
    stats: () => ({ ...stats }),
  };
}

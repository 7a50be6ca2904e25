import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink, queryAudit } from 'courier-pii/audit';
import {
  type CounterStore,
  createAccessMonitor,
  type MonitorAlert,
  memoryCounterStore,
} from 'courier-pii/monitor';
import { DENIED, req, shown, T0 } from './helpers.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('sliding-window count rules', () => {
  it('alerts once when more than the threshold fall in the window', () => {
    const alerts: MonitorAlert[] = [];
    const m = createAccessMonitor({
      rules: [{ id: 'phones', type: 'count', match: { kinds: ['phone'] }, window: '10m', threshold: 5 }],
      onAlert: (a) => alerts.push(a),
    });
    for (let i = 0; i < 5; i++)
      m.onDecision(req('cs-1', ['cs'], T0 + i * MIN), shown({ 'recipient.phone': 'mask' }));
    expect(alerts).toHaveLength(0);
    for (let i = 5; i < 9; i++)
      m.onDecision(req('cs-1', ['cs'], T0 + i * MIN), shown({ 'recipient.phone': 'mask' }));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      rule: 'phones',
      actor: 'cs-1',
      key: 'cs-1',
      count: 6,
      threshold: 5,
      type: 'count',
    });
    expect(alerts[0]?.window.ms).toBe(10 * MIN);
  });

  it('does not alert when the same volume is spread beyond the window', () => {
    const alerts: MonitorAlert[] = [];
    const m = createAccessMonitor({
      rules: [{ id: 'phones', type: 'count', match: { kinds: ['phone'] }, window: '10m', threshold: 5 }],
      onAlert: (a) => alerts.push(a),
    });
    for (let i = 0; i < 50; i++)
      m.onDecision(req('cs-1', ['cs'], T0 + i * 3 * MIN), shown({ 'recipient.phone': 'mask' }));
    expect(alerts).toHaveLength(0);
    expect(m.stats().events).toBe(50);
  });

  it('counts only decisions whose fields meet every field criterion', () => {
    const alerts: MonitorAlert[] = [];
    const m = createAccessMonitor({
      rules: [
        {
          id: 'plain-address',
          type: 'count',
          match: { kinds: ['address'], effects: ['allow'] },
          window: '1h',
          threshold: 2,
        },
      ],
      onAlert: (a) => alerts.push(a),
    });
    for (let i = 0; i < 10; i++)
      m.onDecision(req('c-1', ['courier'], T0 + i), shown({ 'recipient.address': 'mask' }));
    for (let i = 0; i < 10; i++)
      m.onDecision(req('c-1', ['courier'], T0 + i), shown({ 'recipient.phone': 'allow' }));
    expect(alerts).toHaveLength(0);
    for (let i = 0; i < 3; i++)
      m.onDecision(req('c-1', ['courier'], T0 + i), shown({ 'recipient.address': 'allow' }));
    expect(alerts.map((a) => a.rule)).toEqual(['plain-address']);
  });

  it('keeps one counter per role or purpose when asked', () => {
    const alerts: MonitorAlert[] = [];
    const m = createAccessMonitor({
      rules: [
        {
          id: 'cs-team',
          type: 'count',
          per: ['role', 'purpose'],
          match: { roles: ['cs'] },
          window: '1h',
          threshold: 9,
        },
      ],
      onAlert: (a) => alerts.push(a),
    });
    for (let i = 0; i < 10; i++)
      m.onDecision(req(`cs-${i}`, ['cs'], T0 + i), shown({ 'recipient.name': 'mask' }));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ key: 'cs|support', per: ['role', 'purpose'], actor: 'cs-9' });
  });

  it('evaluates attribute conditions against the request, failing on a missing attribute', () => {
    const alerts: MonitorAlert[] = [];
    const m = createAccessMonitor({
      rules: [
        {
          id: 'unassigned',
          type: 'count',
          match: { when: [['resource.courierId', '!=', { ref: 'actor.id' }]] },
          window: '1h',
          threshold: 3,
        },
      ],
      onAlert: (a) => alerts.push(a),
    });
    for (let i = 0; i < 10; i++)
      m.onDecision(
        req('c-1', ['courier'], T0 + i, { courierId: 'c-1' }),
        shown({ 'recipient.address': 'allow' }),
      );
    for (let i = 0; i < 10; i++)
      m.onDecision(req('c-1', ['courier'], T0 + i, {}), shown({ 'recipient.address': 'allow' }));
    expect(alerts).toHaveLength(0);
    for (let i = 0; i < 4; i++)
      m.onDecision(
        req('c-1', ['courier'], T0 + i, { courierId: 'c-2' }),
        shown({ 'recipient.address': 'allow' }),
      );
    expect(alerts).toHaveLength(1);
  });
});

describe('distinct counting', () => {
  const rule = {
    id: 'distinct-recipients',
    type: 'count' as const,
    match: { kinds: ['phone'] },
    distinct: 'subject',
    window: '1h' as const,
    threshold: 20,
  };

  it('ignores repeated lookups of the same recipient', () => {
    const alerts: MonitorAlert[] = [];
    const m = createAccessMonitor({ rules: [rule], onAlert: (a) => alerts.push(a) });
    for (let i = 0; i < 200; i++)
      m.onDecision(
        req('cs-1', ['cs'], T0 + i * 1000, { recipientId: `subj-${i % 20}` }),
        shown({ 'recipient.phone': 'mask' }),
      );
    expect(alerts).toHaveLength(0);
    m.onDecision(
      req('cs-1', ['cs'], T0 + 201_000, { recipientId: 'subj-new' }),
      shown({ 'recipient.phone': 'mask' }),
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ count: 21, distinct: 'subject' });
  });

  it('always alerts when more than the threshold of distinct recipients fall within half the window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * HOUR }),
        fc.integer({ min: 1, max: 1000 }),
        (offset, spacing) => {
          const alerts: MonitorAlert[] = [];
          const m = createAccessMonitor({ rules: [rule], onAlert: (a) => alerts.push(a) });
          const step = Math.floor((HOUR / 2 - 1) / 21 / 1000) * Math.min(spacing, 1000);
          for (let i = 0; i < 21; i++)
            m.onDecision(
              req('cs-1', ['cs'], T0 + offset + i * Math.min(step, 85_000), { recipientId: `s${i}` }),
              shown({ 'recipient.phone': 'mask' }),
            );
          expect(alerts).toHaveLength(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts distinct records or attribute values when asked', () => {
    const alerts: MonitorAlert[] = [];
    const m = createAccessMonitor({
      rules: [
        { id: 'records', type: 'count', distinct: 'record', window: '1h', threshold: 3 },
        { id: 'stations', type: 'count', distinct: 'resource.stationId', window: '1h', threshold: 2 },
      ],
      onAlert: (a) => alerts.push(a),
    });
    for (let i = 0; i < 4; i++)
      m.onDecision(
        { ...req('s-1', ['station'], T0 + i, { stationId: `st-${i}` }), recordId: `r-${i}` },
        shown({ status: 'allow' }),
      );
    expect(alerts.map((a) => a.rule).sort()).toEqual(['records', 'stations']);
  });
});

describe('working hours', () => {
  it('counts only decisions outside the local working hours and days', () => {
    const alerts: MonitorAlert[] = [];
    const m = createAccessMonitor({
      rules: [
        {
          id: 'night',
          type: 'count',
          match: {
            outsideHours: { start: '08:00', end: '20:00', days: [1, 2, 3, 4, 5], utcOffsetMinutes: 480 },
          },
          window: '1h',
          threshold: 2,
        },
      ],
      onAlert: (a) => alerts.push(a),
    });
    // T0 is Monday 10:00 local: inside.
    for (let i = 0; i < 10; i++)
      m.onDecision(req('st-1', ['station'], T0 + i * MIN), shown({ 'recipient.name': 'allow' }));
    expect(alerts).toHaveLength(0);
    // Monday 23:00 local.
    for (let i = 0; i < 3; i++)
      m.onDecision(req('st-1', ['station'], T0 + 13 * HOUR + i * MIN), shown({ 'recipient.name': 'allow' }));
    expect(alerts).toHaveLength(1);
    // Saturday 11:00 local is outside the working days.
    const saturday = T0 + 5 * 24 * HOUR + HOUR;
    for (let i = 0; i < 3; i++)
      m.onDecision(req('st-2', ['station'], saturday + i * MIN), shown({ 'recipient.name': 'allow' }));
    expect(alerts.map((a) => a.actor)).toEqual(['st-1', 'st-2']);
  });

  it('handles night shifts that wrap midnight', () => {
    const alerts: MonitorAlert[] = [];
    const m = createAccessMonitor({
      rules: [
        {
          id: 'night-shift',
          type: 'count',
          match: { outsideHours: { start: '22:00', end: '06:00' } },
          window: '1h',
          threshold: 0,
        },
      ],
      onAlert: (a) => alerts.push(a),
    });
    m.onDecision(req('n-1', ['station'], T0 + 14 * HOUR), shown({ status: 'allow' })); // 00:00 local: inside
    expect(alerts).toHaveLength(0);
    m.onDecision(req('n-1', ['station'], T0), shown({ status: 'allow' })); // 10:00 local: outside
    expect(alerts).toHaveLength(1);
  });
});

describe('per-actor baselines', () => {
  const rule = {
    id: 'baseline',
    type: 'baseline' as const,
    alpha: 0.2,
    k: 6,
    ratio: 2.5,
    minCount: 40,
    warmupDays: 5,
  };
  const day = (m: ReturnType<typeof createAccessMonitor>, actor: string, d: number, n: number) => {
    for (let i = 0; i < n; i++)
      m.onDecision(req(actor, ['cs'], T0 + d * 24 * HOUR + i * 20_000), shown({ 'recipient.name': 'mask' }));
  };

  it("flags a day far above the actor's own usual volume, once", () => {
    const alerts: MonitorAlert[] = [];
    const m = createAccessMonitor({ rules: [rule], onAlert: (a) => alerts.push(a) });
    for (let d = 0; d < 10; d++) day(m, 'cs-1', d, 60 + ((d * 7) % 11));
    expect(alerts).toHaveLength(0);
    day(m, 'cs-1', 10, 400);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.type).toBe('baseline');
    expect(alerts[0]?.baseline?.days).toBe(10);
    expect(alerts[0]?.baseline?.mean).toBeGreaterThan(55);
    expect(alerts[0]?.baseline?.mean).toBeLessThan(75);
    expect(alerts[0]?.count).toBe(alerts[0]!.threshold + 1);
  });

  it('learns each actor separately and stays quiet during warm-up', () => {
    const alerts: MonitorAlert[] = [];
    const m = createAccessMonitor({ rules: [rule], onAlert: (a) => alerts.push(a) });
    for (let d = 0; d < 4; d++) day(m, 'busy', d, 300);
    day(m, 'busy', 4, 2000); // still warming up
    for (let d = 0; d < 8; d++) day(m, 'quiet', d, 10);
    day(m, 'quiet', 8, 39); // below minCount
    for (let d = 5; d < 10; d++) day(m, 'busy', d, 320);
    expect(alerts).toHaveLength(0);
  });

  it('does not learn a burst as normal: a second bad day still alerts', () => {
    const alerts: MonitorAlert[] = [];
    const m = createAccessMonitor({ rules: [rule], onAlert: (a) => alerts.push(a) });
    for (let d = 0; d < 8; d++) day(m, 'cs-1', d, 50);
    day(m, 'cs-1', 8, 1000);
    day(m, 'cs-1', 9, 1000);
    expect(alerts.map((a) => a.time.slice(0, 10))).toHaveLength(2);
  });
});

describe('alerts in the audit log', () => {
  it('appends alert events that carry rule, counts, window and actor but no values', async () => {
    const log = createAuditLog({ sink: memorySink() });
    const m = createAccessMonitor({
      rules: [
        {
          id: 'phones',
          type: 'count',
          match: { kinds: ['phone'] },
          distinct: 'subject',
          window: '1h',
          threshold: 2,
        },
      ],
      audit: log,
    });
    for (let i = 0; i < 3; i++)
      m.onDecision(
        req('cs-1', ['cs'], T0 + i, { recipientId: `subj-${i}`, phone: '13812345678' }),
        shown({ 'recipient.phone': 'allow' }),
      );
    await m.flush();
    const entries = await queryAudit(log, { kinds: ['alert'] });
    expect(entries).toHaveLength(1);
    const e = entries[0]!;
    expect(e.actor).toBe('cs-1');
    expect(e.data).toMatchObject({
      rule: 'phones',
      count: 3,
      threshold: 2,
      windowMs: HOUR,
      distinct: 'subject',
    });
    expect(JSON.stringify(e)).not.toContain('13812345678');
    expect(JSON.stringify(e)).not.toContain('subj-');
    expect((await log.verify()).ok).toBe(true);
  });
});

describe('stores', () => {
  it('keeps the memory store within its key budget for many actors', () => {
    const store = memoryCounterStore({ maxKeys: 1000 });
    const m = createAccessMonitor({
      rules: [{ id: 'all', type: 'count', window: '1h', threshold: 100 }],
      store,
    });
    for (let i = 0; i < 50_000; i++) m.onDecision(req(`a-${i}`, ['cs'], T0 + i), shown({ status: 'allow' }));
    expect(store.size()).toBeLessThanOrEqual(1000);
    expect(m.stats().events).toBe(50_000);
  });

  it('works with an asynchronous shared store and reports alerts after flush', async () => {
    const mem = memoryCounterStore();
    const delay = <T>(v: T | Promise<T>) => new Promise<T>((r) => setTimeout(() => r(v), 1));
    const shared: CounterStore = {
      add: (...a) => delay(mem.add(...a)),
      addDistinct: (...a) => delay(mem.addDistinct(...a)),
      update: (ns, key, fn) => delay(mem.update(ns, key, fn)),
    };
    const alerts: MonitorAlert[] = [];
    const rules = [{ id: 'burst', type: 'count' as const, window: '10m' as const, threshold: 4 }];
    // Two instances share one store: together they cross the threshold, and only one alerts.
    const a = createAccessMonitor({ rules, store: shared, onAlert: (x) => alerts.push(x) });
    const b = createAccessMonitor({ rules, store: shared, onAlert: (x) => alerts.push(x) });
    for (let i = 0; i < 6; i++)
      (i % 2 ? a : b).onDecision(req('cs-1', ['cs'], T0 + i), shown({ status: 'allow' }));
    await Promise.all([a.flush(), b.flush()]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.count).toBeGreaterThan(4);
  });

  it('surfaces store failures from flush instead of losing them', async () => {
    const broken: CounterStore = {
      add: () => Promise.reject(new Error('connection refused')),
      addDistinct: () => Promise.reject(new Error('connection refused')),
      update: () => Promise.reject(new Error('connection refused')),
    };
    const m = createAccessMonitor({
      rules: [{ id: 'burst', type: 'count', window: '10m', threshold: 4 }],
      store: broken,
    });
    m.onDecision(req('cs-1', ['cs'], T0), shown({ status: 'allow' }));
    await expect(m.flush()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});

describe('denied bursts', () => {
  it('counts denied decisions only with outcome denied', () => {
    const alerts: MonitorAlert[] = [];
    const m = createAccessMonitor({
      rules: [{ id: 'probe', type: 'count', match: { outcome: 'denied' }, window: '10m', threshold: 3 }],
      onAlert: (a) => alerts.push(a),
    });
    for (let i = 0; i < 10; i++) m.onDecision(req('x', ['cs'], T0 + i), shown({ 'recipient.phone': 'mask' }));
    for (let i = 0; i < 10; i++) m.onDecision(req('x', ['cs'], T0 + i), shown({ 'recipient.phone': 'deny' }));
    expect(alerts).toHaveLength(1);
    m.onDecision(req('y', ['cs'], T0), DENIED);
    expect(alerts).toHaveLength(1);
  });
});

// The behaviour every CounterStore and DenyList must have (memory, SQLite, PostgreSQL): counts
// summed over a window of buckets, distinct items per epoch, atomic state updates, and through a
// monitor: the same alerts as the memory store on the same traffic, and one alert per crossing
// when two monitors share the store.
import { describe, expect, it } from 'vitest';
import {
  type CounterStore,
  createAccessMonitor,
  type DenyList,
  type MonitorAlert,
  type MonitorRule,
  memoryCounterStore,
} from '../../../src/monitor/index.js';
import { rng } from '../../../examples/data/orders.js';

export interface StoreUnderTest {
  store: CounterStore;
  done(): Promise<void>;
}

let seq = 0;
const ns = (what: string) => `${what}-${process.pid}-${seq++}`;

const RULES: MonitorRule[] = [
  { id: 'lookups', type: 'count', match: { outcome: 'any' }, window: '10m', threshold: 6 },
  { id: 'by-role', type: 'count', per: ['role'], match: { outcome: 'any' }, window: '10m', threshold: 40 },
  {
    id: 'recipients',
    type: 'count',
    match: { outcome: 'any' },
    distinct: 'subject',
    window: '1h',
    threshold: 25,
  },
  {
    id: 'volume',
    type: 'baseline',
    match: { outcome: 'any' },
    minCount: 30,
    ratio: 1.5,
    k: 2,
    warmupDays: 2,
  },
];

/** Random traffic of a few actors over four days (a fixed seed). */
function traffic(seed: number): Array<{ actor: string; role: string; subject: string; t: number }> {
  const rand = rng(seed);
  const out: Array<{ actor: string; role: string; subject: string; t: number }> = [];
  const t0 = Date.UTC(2026, 2, 2, 1);
  for (let day = 0; day < 4; day++) {
    for (let i = 0; i < 400; i++) {
      const a = Math.floor(rand() * 6);
      out.push({
        actor: `cs-${a}`,
        role: a < 3 ? 'cs_agent' : 'station_staff',
        subject: `r-${Math.floor(rand() * 30)}`,
        t: t0 + day * 86_400_000 + i * 60_000,
      });
    }
    // On the last day one agent pulls 150 distinct recipients in twelve minutes.
    if (day === 3)
      for (let i = 0; i < 150; i++)
        out.push({
          actor: 'cs-0',
          role: 'cs_agent',
          subject: `b-${i}`,
          t: t0 + day * 86_400_000 + 3_600_000 + i * 5_000,
        });
  }
  return out.sort((x, y) => x.t - y.t);
}

async function run(store: CounterStore, seed: number): Promise<MonitorAlert[]> {
  const alerts: MonitorAlert[] = [];
  const m = createAccessMonitor({ rules: RULES, store, onAlert: (a) => alerts.push(a) });
  let i = 0;
  for (const x of traffic(seed)) {
    m.onDecision(
      {
        actor: { id: x.actor, roles: [x.role] },
        purpose: 'support',
        resource: { subjectId: x.subject },
        context: { now: x.t },
      },
      { record: true, fields: { 'recipient.phone': 'mask' } },
    );
    // An event now and then waits for the store, as a live service's traffic is spread in time.
    if (++i % 60 === 0) await m.flush();
  }
  await m.flush();
  return alerts;
}

const summary = (as: MonitorAlert[]) => as.map((a) => `${a.rule} ${a.key} ${a.window.from}`).sort();

export function counterStoreConformance(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`counter store conformance: ${name}`, () => {
    it('sums a window of buckets and lets old buckets fall out', async () => {
      const { store, done } = await make();
      try {
        const n = ns('count');
        expect(await store.add(n, 'a', 100, 3, 2)).toBe(2);
        expect(await store.add(n, 'a', 101, 3, 1)).toBe(3);
        expect(await store.add(n, 'b', 101, 3, 5)).toBe(5);
        expect(await store.add(n, 'a', 102, 3, 1)).toBe(4);
        expect(await store.add(n, 'a', 103, 3, 1)).toBe(3); // bucket 100 left the window
        expect(await store.add(n, 'a', 110, 3, 1)).toBe(1);
        expect(await store.add(ns('other'), 'a', 110, 3, 1)).toBe(1);
      } finally {
        await done();
      }
    });

    it('answers concurrent adds as if applied one at a time', async () => {
      const { store, done } = await make();
      try {
        const n = ns('concurrent');
        const got = await Promise.all(Array.from({ length: 50 }, () => store.add(n, 'a', 7, 2, 1)));
        expect([...got].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      } finally {
        await done();
      }
    });

    it('counts distinct items per epoch, each once', async () => {
      const { store, done } = await make();
      try {
        const n = ns('distinct');
        const got = await Promise.all(
          ['r1', 'r2', 'r1', 'r3', 'r2'].map((r) => store.addDistinct(n, 'a', 4, r)),
        );
        expect(got).toEqual([1, 2, 2, 3, 3]);
        expect(await store.addDistinct(n, 'a', 5, 'r1')).toBe(1); // a new epoch starts empty
        expect(await store.addDistinct(n, 'b', 5, 'r1')).toBe(1);
      } finally {
        await done();
      }
    });

    it('applies updates atomically, each seeing the previous result on a fresh copy', async () => {
      const { store, done } = await make();
      try {
        const n = ns('state');
        const got = await Promise.all(
          Array.from({ length: 40 }, () =>
            store.update<{ n: number }>(n, 'a', (prev) => ({ n: (prev?.n ?? 0) + 1 })),
          ),
        );
        expect(got.map((s) => s.n).sort((x, y) => x - y)).toEqual(
          Array.from({ length: 40 }, (_, i) => i + 1),
        );
        const kept = await store.update<{ n: number }>(n, 'a', (prev) => prev ?? { n: -1 });
        expect(kept.n).toBe(40);
      } finally {
        await done();
      }
    });

    it('gives a monitor the same alerts as the memory store on the same traffic', async () => {
      const expected = summary(await run(memoryCounterStore(), 11));
      expect(expected.length).toBeGreaterThan(3);
      expect(new Set(expected.map((e) => e.split(' ')[0]))).toEqual(
        new Set(['lookups', 'by-role', 'recipients', 'volume']),
      );
      const { store, done } = await make();
      try {
        expect(summary(await run(store, 11))).toEqual(expected);
      } finally {
        await done();
      }
    });

    it('raises one alert per crossing when two monitors share the store', async () => {
      const { store, done } = await make();
      try {
        const rule: MonitorRule[] = [
          { id: ns('shared').replace(/[^a-z0-9-]/g, '-'), type: 'count', window: '10m', threshold: 9 },
        ];
        const alerts: MonitorAlert[] = [];
        const ms = [0, 1].map(() =>
          createAccessMonitor({ rules: rule, store, onAlert: (a) => alerts.push(a) }),
        );
        const t = Date.UTC(2026, 2, 2, 3);
        for (let i = 0; i < 30; i++)
          ms[i % 2]!.onDecision(
            {
              actor: { id: 'cs-1', roles: ['cs_agent'] },
              purpose: 'support',
              context: { now: t + i * 1000 },
            },
            { record: true, fields: {} },
          );
        await Promise.all(ms.map((m) => m.flush()));
        expect(alerts.map((a) => a.count)).toEqual([10]);
      } finally {
        await done();
      }
    });
  });
}

export function denyListConformance(
  name: string,
  make: () => Promise<{ list: DenyList; done(): Promise<void> }>,
): void {
  describe(`deny list conformance: ${name}`, () => {
    it('blocks, keeps the first entry, unblocks and hands out copies', async () => {
      const { list, done } = await make();
      try {
        const a = `cs-${process.pid}-${seq++}`;
        expect(list.has(a)).toBe(false);
        list.add(a, { rule: 'r1', alertId: 'x1', since: 1000 });
        list.add(a, { rule: 'r2', alertId: 'x2', since: 2000 });
        expect(list.has(a)).toBe(true);
        const e = list.get(a)!;
        expect(e).toEqual({ rule: 'r1', alertId: 'x1', since: 1000 });
        e.rule = 'changed';
        expect(list.get(a)!.rule).toBe('r1');
        expect(list.entries().find(([x]) => x === a)?.[1]).toEqual({
          rule: 'r1',
          alertId: 'x1',
          since: 1000,
        });
        expect(list.delete(a)).toBe(true);
        expect(list.delete(a)).toBe(false);
        expect(list.has(a)).toBe(false);
        expect(list.get(a)).toBeUndefined();
      } finally {
        await done();
      }
    });
  });
}

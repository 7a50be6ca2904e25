// Peer-group rules: a new actor compared with the others of its role (and station) from the first
// day, a profile the outliers cannot drag up, the new-account cap, fail-closed configuration,
// bounded group state, and the same alerts through a store that answers asynchronously.
import {
  type CounterStore,
  createAccessMonitor,
  defaultRules,
  type MonitorAlert,
  type MonitorRule,
  memoryCounterStore,
  parseRules,
} from 'courier-pii/monitor';
import { describe, expect, it } from 'vitest';
import { binOf, foldPeriod, newGroupState, profileOf } from '../../src/monitor/peer-profile.js';
import { shown, T0 } from './helpers.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SHOWN = shown({ 'recipient.phone': 'mask' });

interface Who {
  id: string;
  role?: string;
  station?: string;
  /** Decisions on day `d` (0 = first day). */
  volume(d: number): number;
}

/** Feeds `days` days of working-hours traffic (10:00 to 18:00 local) through a monitor. */
async function run(
  rules: MonitorRule[],
  people: Who[],
  days: number,
  extra: { store?: CounterStore; actorAttrs?: string[] } = {},
): Promise<MonitorAlert[]> {
  const alerts: MonitorAlert[] = [];
  const m = createAccessMonitor({ rules, onAlert: (a) => alerts.push(a), ...extra });
  for (let d = 0; d < days; d++) {
    // The day's decisions of everyone, in time order (10:00 to 18:00 local), as a service sees them.
    const day: Array<[number, Who]> = [];
    for (const p of people) {
      const n = p.volume(d);
      for (let i = 0; i < n; i++) day.push([T0 + d * DAY + Math.floor((i * 8 * HOUR) / n), p]);
    }
    day.sort((a, b) => a[0] - b[0]);
    for (const [at, p] of day) {
      const attrs = p.station ? { stationId: p.station } : {};
      m.onDecision(
        { actor: { id: p.id, roles: [p.role ?? 'cs'], attrs }, purpose: 'support', context: { now: at } },
        SHOWN,
      );
      await m.flush();
    }
  }
  await m.flush();
  return alerts;
}

const peers = (n: number, volume: (i: number, d: number) => number, station?: string, role = 'cs'): Who[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${role}-${station ?? 'x'}-${i}`,
    role,
    station,
    volume: (d) => volume(i, d),
  }));

const peerRule = (extra: Partial<Extract<MonitorRule, { type: 'peer' }>> = {}): MonitorRule => ({
  id: 'peer',
  type: 'peer',
  ratio: 3,
  k: 6,
  minCount: 20,
  learnDays: 2,
  ...extra,
});

describe('peer rules', () => {
  it('flag an actor far above their role group on their first day, with the group in the alert', async () => {
    const group = peers(20, (i) => 45 + (i % 10));
    const hire: Who = { id: 'new-1', volume: (d) => (d >= 4 ? 250 : 0) };
    const alerts = await run([peerRule()], [...group, hire], 5);
    expect(alerts.map((a) => a.actor)).toEqual(['new-1']);
    const a = alerts[0] as MonitorAlert;
    expect(a.type).toBe('peer');
    expect(Date.parse(a.time)).toBeLessThan(T0 + 4 * DAY + 8 * HOUR); // on that first day
    expect(a.peer?.group).toBe('cs');
    expect(a.peer?.median).toBeGreaterThanOrEqual(45);
    expect(a.peer?.median).toBeLessThanOrEqual(55);
    expect(a.count).toBeGreaterThan(a.threshold);
  });

  it('keep a profile the outliers cannot drag up: a mean would hide the second insider, the median does not', async () => {
    // Four of twenty pull 600 a day: the mean is ~160, three times that is ~480; the median stays ~50.
    const group = peers(20, (i) => (i < 4 ? 600 : 45 + (i % 10)));
    const hire: Who = { id: 'new-2', volume: (d) => (d >= 4 ? 200 : 0) };
    const alerts = await run([peerRule()], [...group, hire], 5);
    expect(new Set(alerts.map((a) => a.actor))).toEqual(
      new Set(['cs-x-0', 'cs-x-1', 'cs-x-2', 'cs-x-3', 'new-2']),
    );
    const hit = alerts.find((a) => a.actor === 'new-2');
    expect(hit?.peer?.median).toBeLessThan(60);
  });

  it('split a role by station when asked, and compare an actor without the attribute with the whole role', async () => {
    const quiet = peers(10, (i) => 18 + (i % 5), 'st-a');
    const busy = peers(20, (i) => 100 + (i % 10), 'st-b');
    const hire: Who = { id: 'new-3', station: 'st-a', volume: (d) => (d >= 3 ? 85 : 0) };
    const nobody: Who = { id: 'new-4', volume: (d) => (d >= 3 ? 85 : 0) };
    // Without a station: compared with the whole role (median ~100), so 400 a day is flagged.
    const loud: Who = { id: 'new-8', volume: (d) => (d >= 3 ? 400 : 0) };
    const people = [...quiet, ...busy, hire, nobody];
    const byStation = await run([peerRule({ groupBy: ['actor.stationId'] })], [...people, loud], 4, {
      actorAttrs: ['stationId'],
    });
    expect(byStation.map((a) => [a.actor, a.peer?.group]).sort()).toEqual([
      ['new-3', 'cs|st-a'],
      ['new-8', 'cs'],
    ]);
    // By role only, 85 a day is ordinary (the role's median is ~100).
    expect(await run([peerRule()], people, 4)).toEqual([]);
  });

  it('new-account rules check only the first days of actors who appeared after the group was learned', async () => {
    const rule = peerRule({ id: 'new-account', newAccountDays: 2, learnDays: 2 });
    // A veteran (there from day 0) at 200 a day, and a hire from day 3 at 200 a day.
    const group = peers(20, (i) => 45 + (i % 10));
    const veteran: Who = { id: 'vet', volume: () => 200 };
    const hire: Who = { id: 'new-5', volume: (d) => (d >= 3 ? 200 : 0) };
    const alerts = await run([rule], [...group, veteran, hire], 7);
    // The hire on its first and second day only (one alert per day); never the veteran.
    expect(alerts.map((a) => [a.actor, Math.floor((Date.parse(a.time) - T0) / DAY)])).toEqual([
      ['new-5', 3],
      ['new-5', 4],
    ]);
    expect(alerts.every((a) => a.peer?.newAccount === true && a.severity === 'medium')).toBe(true);
  });

  it('hourly profiles compare an hour with the hours of the peers', async () => {
    const group = peers(20, (i) => 40 + (i % 10)); // about 6 an hour
    // 60 within one hour on the first day: under the daily limit of 3 × ~45, far above an hour.
    const alerts: MonitorAlert[] = [];
    const m = createAccessMonitor({
      rules: [peerRule({ id: 'hourly', period: 'hour', ratio: 4, k: 8, minCount: 30 }), peerRule()],
      onAlert: (a) => alerts.push(a),
    });
    for (let d = 0; d < 3; d++)
      for (const p of group)
        for (let i = 0; i < p.volume(d); i++)
          m.onDecision(
            {
              actor: { id: p.id, roles: ['cs'] },
              purpose: 'support',
              context: { now: T0 + d * DAY + i * 10 * 60_000 },
            },
            SHOWN,
          );
    for (let i = 0; i < 60; i++)
      m.onDecision(
        {
          actor: { id: 'new-6', roles: ['cs'] },
          purpose: 'support',
          context: { now: T0 + 3 * DAY + i * 50_000 },
        },
        SHOWN,
      );
    await m.flush();
    expect(alerts.map((a) => [a.rule, a.actor, a.window.ms])).toEqual([['hourly', 'new-6', HOUR]]);
  });

  it('raise the same alerts through a store that answers every call asynchronously (as a shared store does)', async () => {
    const inner = memoryCounterStore();
    const later: CounterStore = {
      add: (...a) => Promise.resolve(inner.add(...a)),
      addDistinct: (...a) => Promise.resolve(inner.addDistinct(...a)),
      update: (ns, key, fn) => Promise.resolve().then(() => structuredClone(inner.update(ns, key, fn))),
    };
    const group = peers(20, (i) => 45 + (i % 10));
    const people = [...group, { id: 'new-7', volume: (d: number) => (d >= 3 ? 250 : 0) }];
    const sync = await run([peerRule()], people, 4);
    const async = await run([peerRule()], people, 4, { store: later });
    // The count may be higher: the limit of a period arrives one round trip after its first event.
    const view = (xs: MonitorAlert[]) =>
      xs.map((a) => [a.actor, a.threshold, a.peer?.median, a.count > a.threshold]);
    expect(view(async)).toEqual(view(sync));
    expect(sync.length).toBe(1);
  });

  it('keep group state bounded: a few hundred bins whatever the volumes', () => {
    const g = newGroupState(0);
    for (let v = 1; v < 2_000_000; v = Math.ceil(v * 1.01) + 1) foldPeriod(g, 0, v, 2);
    foldPeriod(g, 0, Number.MAX_SAFE_INTEGER, 2);
    expect(Object.keys(g.bins).length).toBeLessThan(400);
    expect(binOf(1e15)).toBe(binOf(1e9));
    // Old days fade: a week later with a half-life of 2 days, the weight is under a tenth.
    const w = g.w;
    foldPeriod(g, 7, 10, 2);
    expect(g.w).toBeLessThan(w / 10 + 1);
    expect(profileOf(g, 1)?.median).toBeGreaterThan(0);
    expect(profileOf(newGroupState(0), 1)).toBeUndefined();
  });
});

describe('peer rule configuration fails closed', () => {
  const bad: Array<[string, unknown]> = [
    ['an unknown option name', { id: 'p', type: 'peer', ratoi: 3 }],
    ['an unknown period', { id: 'p', type: 'peer', period: 'week' }],
    [
      'a group attribute that is not an actor attribute',
      { id: 'p', type: 'peer', groupBy: ['resource.stationId'] },
    ],
    ['grouping by actor id', { id: 'p', type: 'peer', groupBy: ['actor.id'] }],
    ['the same attribute twice', { id: 'p', type: 'peer', groupBy: ['actor.stationId', 'actor.stationId'] }],
    ['a half-life that is not whole days', { id: 'p', type: 'peer', halfLife: '36h' }],
    ['a ratio under one', { id: 'p', type: 'peer', ratio: 0.5 }],
    ['new-account days of zero', { id: 'p', type: 'peer', newAccountDays: 0 }],
  ];
  for (const [what, rule] of bad)
    it(`refuses ${what}`, () => {
      expect(() => parseRules([rule])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    });

  it('refuses a group attribute the monitor was not told about, naming the place, not the value', () => {
    const rules: MonitorRule[] = [{ id: 'p', type: 'peer', groupBy: ['actor.staionId'] }];
    expect(() => createAccessMonitor({ rules })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => createAccessMonitor({ rules, actorAttrs: ['stationId'] })).toThrow(/rules\[0\]\.groupBy\.0/);
    expect(() =>
      createAccessMonitor({
        rules: [{ ...rules[0], groupBy: ['actor.stationId'] } as MonitorRule],
        actorAttrs: ['stationId'],
      }),
    ).not.toThrow();
    expect(() => createAccessMonitor({ actorAttrs: 'stationId' as unknown as string[] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('the defaults carry new-account rules derived from the group profile, splittable by station', () => {
    const rules = defaultRules({ peerGroupBy: ['actor.stationId'] });
    const peer = rules.filter((r) => r.type === 'peer');
    expect(peer.map((r) => r.id)).toEqual([
      'peer-daily-volume',
      'new-account-daily-volume',
      'new-account-hourly-volume',
    ]);
    for (const r of peer) expect(r.type === 'peer' && r.groupBy).toEqual(['actor.stationId']);
    expect(peer.filter((r) => r.type === 'peer' && r.newAccountDays !== undefined).length).toBe(2);
    expect(() => createAccessMonitor({ rules })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => createAccessMonitor({ rules, actorAttrs: ['stationId'] })).not.toThrow();
  });
});

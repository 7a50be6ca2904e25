// A simulated month of courier-platform traffic through the real policy with the monitor hooked
// in: thousands of couriers, station staff and customer-service agents with their own volumes,
// shifts, days off and busy days, a peak season with temps, new hires joining through the month,
// plus injected insiders (among them new accounts). Prints, per insider, whether and how fast the
// default rules caught them, and the share of honest actors (and of honest new accounts) alerted.
//   npx tsx scripts/simulate-month.ts [--couriers N] [--station N] [--cs N] [--days N] [--seed N]
//                                     [--new-hires N] [--temps N] [--insiders N]
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAccessMonitor, defaultRules, type MonitorAlert } from 'courier-pii/monitor';
import { definePolicy, type Policy } from 'courier-pii/policy';
import { pii } from 'courier-pii/schema';
import * as z from 'zod';
// Deterministic PRNG (mulberry32) so a run is reproducible from its seed.
import { rng } from '../examples/data/orders.js';

export const Parcel = pii.id(
  'parcel/v1',
  z.object({
    waybillNo: z.string(),
    status: z.enum(['at_station', 'out_for_delivery', 'delivered']),
    courierId: z.string(),
    stationId: z.string(),
    recipientId: z.string(),
    recipient: pii.subject(
      'recipient',
      z.object({ name: pii.name(), phone: pii.phone(), address: pii.address() }),
    ),
  }),
);

export function platformPolicy(options: Parameters<typeof definePolicy>[2]): Policy<typeof Parcel> {
  return definePolicy(
    Parcel,
    {
      id: 'platform',
      version: 1,
      purposes: ['delivery', 'pickup', 'support'],
      roles: ['courier', 'station_staff', 'cs_agent'],
      actorAttrs: ['stationId'],
      rules: [
        {
          id: 'courier-station-parcels',
          roles: ['courier'],
          purposes: ['delivery'],
          when: [['resource.stationId', '==', { ref: 'actor.attrs.stationId' }]],
          fields: ['recipient.address', 'recipient.name'],
          grant: 'allow',
          record: 'allow',
        },
        {
          id: 'courier-own-phone',
          roles: ['courier'],
          purposes: ['delivery'],
          when: [['resource.courierId', '==', { ref: 'actor.id' }]],
          fields: ['recipient.phone'],
          grant: 'mask',
        },
        {
          id: 'station-pickup',
          roles: ['station_staff'],
          purposes: ['pickup'],
          when: [['resource.stationId', '==', { ref: 'actor.attrs.stationId' }]],
          fields: ['recipient.name', 'recipient.phone'],
          grant: 'mask',
          record: 'allow',
        },
        {
          id: 'cs-lookup',
          roles: ['cs_agent'],
          purposes: ['support'],
          fields: ['recipient.*'],
          grant: 'mask',
          record: 'allow',
        },
        { id: 'everyone-waybill', fields: ['waybillNo', 'status'], grant: 'allow' },
      ],
    },
    options,
  );
}

/** Options of {@link simulateMonth}. */
export interface SimulationOptions {
  couriers?: number;
  station?: number;
  cs?: number;
  days?: number;
  seed?: number;
  /** Copies of each insider type. */
  insidersPerType?: number;
  /** Honest new hires joining during the month (default 4 % of the staff). */
  newHires?: number;
  /** Honest peak-season temps (default 6 % of the staff). */
  temps?: number;
}

export type InsiderType =
  | 'cs-burst'
  | 'cs-slow'
  | 'courier-burst'
  | 'courier-slow'
  | 'after-hours'
  | 'prober'
  | 'new-cs-slow'
  | 'temp-station-slow';

/** Insiders whose account is new: they start pulling data on their first day. */
export const NEW_ACCOUNT_INSIDERS: readonly InsiderType[] = ['new-cs-slow', 'temp-station-slow'];

export interface InsiderResult {
  actor: string;
  type: InsiderType;
  caught: boolean;
  rules: string[];
  /** Minutes from the first malicious access to the first alert. */
  minutesToAlert: number | undefined;
  /** Malicious decisions that were granted before the actor was blocked or the activity ended. */
  exposedBeforeBlock: number;
  /** Malicious decisions attempted. */
  attempted: number;
  /** Days with malicious activity up to and including the day of the first alert. */
  workingDaysToAlert: number | undefined;
}

export interface SimulationResult {
  actors: number;
  honestActors: number;
  honestAlerted: number;
  honestAlertRate: number;
  honestAlertsByRule: Record<string, number>;
  /** Honest new hires and temps (joined during the month). */
  newAccounts: number;
  newAccountsAlerted: number;
  newAccountAlertRate: number;
  decisions: number;
  insiders: InsiderResult[];
  elapsedMs: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const OFFSET = 8 * HOUR; // China Standard Time
// Monday 2026-03-02 00:00 local.
const START = Date.UTC(2026, 2, 2) - OFFSET;

type Role = 'courier' | 'station_staff' | 'cs_agent';
interface Actor {
  id: string;
  role: Role;
  stationId: string;
  /** Personal volume multiplier (some people are simply busier). */
  rate: number;
  /** Weekday off (couriers, station) or two days off (cs). */
  off: Set<number>;
  /** Shift start and end, local hours. */
  shift: [number, number];
  insider?: InsiderType;
  /** First and last (exclusive) day of work; new hires and temps join during the month. */
  from: number;
  until: number;
  kind: 'staff' | 'new-hire' | 'temp';
}

/** One access of the simulated month, in the order the plan produces them. */
export interface SimulatedAccess {
  request: {
    actor: { id: string; roles: string[]; attrs: { stationId: string } };
    purpose: string;
    resource: Record<string, unknown>;
    context: { now: number };
  };
  malicious: boolean;
}

/** The population and traffic of a simulated month, deterministic from the seed. */
export interface SimulationPlan {
  actors: Array<{
    id: string;
    role: string;
    rate: number;
    insider: InsiderType | undefined;
    kind: 'staff' | 'new-hire' | 'temp';
  }>;
  /** Actor ids of the insiders. */
  insiders: string[];
  /** Every access, generated afresh on each call (same sequence each time). */
  traffic(): Generator<SimulatedAccess>;
}

interface Access {
  t: number;
  kind: 'own' | 'colleague' | 'lookup' | 'pickup' | 'probe';
  malicious: boolean;
}

/**
 * Builds the population and its month of traffic.
 *
 * @param o - population, length, seed, insiders per type
 * @returns the actors, the insiders and a generator of every access
 */
export function simulationPlan(o: SimulationOptions = {}): SimulationPlan {
  const first = buildOnce(o);
  let unused: Generator<SimulatedAccess> | undefined = first.traffic;
  return {
    actors: first.actors,
    insiders: first.insiders,
    // The generator shares the random stream with the population, so a second pass rebuilds both.
    traffic: () => {
      const g = unused ?? buildOnce(o).traffic;
      unused = undefined;
      return g;
    },
  };
}

function buildOnce(o: SimulationOptions): {
  actors: SimulationPlan['actors'];
  insiders: string[];
  traffic: Generator<SimulatedAccess>;
} {
  const rand = rng(o.seed ?? 20260302);
  const days = o.days ?? 30;
  const perType = o.insidersPerType ?? 2;
  const stations = Math.max(4, Math.round((o.couriers ?? 2000) / 25));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const lognormal = (sigma: number) =>
    Math.exp(sigma * Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand()));

  const actors: Actor[] = [];
  const add = (
    role: Role,
    n: number,
    kind: Actor['kind'] = 'staff',
    window: () => [number, number] = () => [0, days],
  ) => {
    for (let i = 0; i < n; i++) {
      const [from, until] = window();
      const off =
        role === 'cs_agent'
          ? new Set([Math.floor(rand() * 7), Math.floor(rand() * 7)])
          : new Set([Math.floor(rand() * 7)]);
      const shift: [number, number] =
        role === 'courier'
          ? [7 + rand(), 19 + rand() * 1.5]
          : role === 'station_staff'
            ? [7 + rand() * 2, 19 + rand() * 2.5]
            : rand() < 0.5
              ? [8, 16.5]
              : [13.5, 22];
      actors.push({
        id: `${kind === 'staff' ? '' : `${kind}-`}${role}-${String(i).padStart(5, '0')}`,
        role,
        stationId: `st-${Math.floor(rand() * stations)}`,
        rate: lognormal(0.35),
        off,
        shift,
        from,
        until,
        kind,
      });
    }
  };
  add('courier', o.couriers ?? 2000);
  add('station_staff', o.station ?? 300);
  add('cs_agent', o.cs ?? 400);
  const staff = actors.length;
  // The peak season (a sales festival such as 11.11): volume climbs to +30 % on `peak` and back.
  const peak = Math.min(days - 1, 19);
  const peakFactor = (d: number) => 1 + 0.3 * Math.max(0, 1 - Math.abs(d - peak) / 4);
  // New hires join any day after the first week; temps join a few days before the peak season and
  // stay about ten days.
  const split = (n: number, shares: [number, number, number]): [number, number, number] => {
    const a = Math.round(n * shares[0]);
    const b = Math.round(n * shares[1]);
    return [a, b, Math.max(0, n - a - b)];
  };
  const [hc, hs, hcs] = split(o.newHires ?? Math.round(staff * 0.04), [0.4, 0.2, 0.4]);
  const hired = (): [number, number] => [
    Math.min(days - 1, 8 + Math.floor(rand() * Math.max(1, days - 12))),
    days,
  ];
  add('courier', hc, 'new-hire', hired);
  add('station_staff', hs, 'new-hire', hired);
  add('cs_agent', hcs, 'new-hire', hired);
  const [tc, ts, tcs] = split(o.temps ?? Math.round(staff * 0.06), [0.5, 0.3, 0.2]);
  const season = (): [number, number] => {
    const f = Math.max(0, Math.min(days - 1, peak - 6 + Math.floor(rand() * 3)));
    return [f, Math.min(days, f + 10)];
  };
  add('courier', tc, 'temp', season);
  add('station_staff', ts, 'temp', season);
  add('cs_agent', tcs, 'temp', season);

  // Inject insiders: honest-looking actors of the right role who turn bad mid-month.
  const types: Array<[InsiderType, Role, Actor['kind']]> = [
    ['cs-burst', 'cs_agent', 'staff'],
    ['cs-slow', 'cs_agent', 'staff'],
    ['courier-burst', 'courier', 'staff'],
    ['courier-slow', 'courier', 'staff'],
    ['after-hours', 'station_staff', 'staff'],
    ['prober', 'cs_agent', 'staff'],
  ];
  // New-account insiders are extra accounts (the honest new hires and temps stay as many as asked).
  const newInsiders: Array<[InsiderType, Role, Actor['kind']]> = [
    ['new-cs-slow', 'cs_agent', 'new-hire'],
    ['temp-station-slow', 'station_staff', 'temp'],
  ];
  for (const [type, role, kind] of newInsiders) {
    const before = actors.length;
    add(role, perType, kind, kind === 'temp' ? season : hired);
    for (const a of actors.slice(before)) {
      a.id = `${a.id}-x`;
      a.insider = type;
      a.off.delete((a.from + 1) % 7); // they start on the day they join
      a.off.delete((a.from + 2) % 7);
    }
  }
  const insiders: Actor[] = actors.filter((a) => a.insider);
  for (const [type, role, kind] of types) {
    const pool = actors.filter((a) => a.role === role && !a.insider && a.kind === kind);
    for (let i = 0; i < perType; i++) {
      const a = pick(pool);
      if (a.insider) continue;
      a.insider = type;
      insiders.push(a);
    }
  }

  const badFrom = Math.min(days - 1, Math.max(8, Math.floor(days / 3)));
  let recipientSeq = 0;

  const localDay = (d: number) => START + d * DAY;
  const within = (dayStart: number, shift: [number, number], n: number): number[] => {
    const ts: number[] = [];
    for (let i = 0; i < n; i++) ts.push(dayStart + (shift[0] + rand() * (shift[1] - shift[0])) * HOUR);
    return ts;
  };

  const honestDay = (a: Actor, d: number): Access[] => {
    const weekday = (d + 1) % 7; // day 0 is a Monday
    if (a.off.has(weekday) || d < a.from || d >= a.until) return [];
    const busy = rand() < 0.05 ? 1.5 : 1;
    // Someone new takes a few days to reach their pace.
    const ramp = a.kind === 'staff' ? 1 : Math.min(1, 0.6 + 0.1 * (d - a.from));
    const f = a.rate * busy * ramp * peakFactor(d) * (0.8 + rand() * 0.4);
    const ds = localDay(d);
    const out: Access[] = [];
    if (a.role === 'courier') {
      for (const t of within(ds, a.shift, Math.round(90 * f))) out.push({ t, kind: 'own', malicious: false });
      // Helping colleagues: a few of their parcels, in small clusters.
      const clusters = Math.floor(rand() * 3);
      for (let c = 0; c < clusters; c++) {
        const t0 = within(ds, a.shift, 1)[0] as number;
        const k = 1 + Math.floor(rand() * 4);
        for (let j = 0; j < k; j++) out.push({ t: t0 + j * 2 * MIN, kind: 'colleague', malicious: false });
      }
      // Now and then covering a sick colleague's round for an afternoon.
      if (rand() < 0.01)
        for (const t of within(ds, [13, 18], 25)) out.push({ t, kind: 'colleague', malicious: false });
      if (rand() < 0.2)
        for (const t of within(ds, a.shift, 1)) out.push({ t, kind: 'probe', malicious: false });
      // Some late finishes.
      if (rand() < 0.08)
        for (let j = 0; j < 1 + Math.floor(rand() * 4); j++)
          out.push({ t: ds + (22.6 + rand() * 0.8) * HOUR, kind: 'own', malicious: false });
    } else if (a.role === 'station_staff') {
      for (const t of within(ds, a.shift, Math.round(140 * f)))
        out.push({ t, kind: 'pickup', malicious: false });
      if (rand() < 0.1)
        for (let j = 0; j < 1 + Math.floor(rand() * 5); j++)
          out.push({ t: ds + (22.5 + rand() * 1.2) * HOUR, kind: 'pickup', malicious: false });
      if (rand() < 0.2)
        for (const t of within(ds, a.shift, 1 + Math.floor(rand() * 2)))
          out.push({ t, kind: 'probe', malicious: false });
    } else {
      for (const t of within(ds, a.shift, Math.round(70 * f)))
        out.push({ t, kind: 'lookup', malicious: false });
      if (rand() < 0.3)
        for (const t of within(ds, a.shift, 1 + Math.floor(rand() * 3)))
          out.push({ t, kind: 'probe', malicious: false });
    }
    return out;
  };

  const insiderDay = (a: Actor, d: number): Access[] => {
    const ds = localDay(d);
    const bad = (t: number, kind: Access['kind']): Access => ({ t, kind, malicious: true });
    const out: Access[] = [];
    switch (a.insider) {
      case 'cs-burst': // 300 distinct recipients in about 90 minutes, once
        if (d === badFrom + 2)
          for (let j = 0; j < 300; j++) out.push(bad(ds + a.shift[0] * HOUR + HOUR + j * 18_000, 'lookup'));
        break;
      case 'cs-slow': // +200 a day, spread over the shift (under the hourly rule), for ten days
        if (d >= badFrom && d < badFrom + 10 && !a.off.has((d + 1) % 7))
          for (const t of within(ds, a.shift, 200)) out.push(bad(t, 'lookup'));
        break;
      case 'courier-burst': // 30 colleagues' addresses in eight minutes
        if (d === badFrom + 1)
          for (let j = 0; j < 30; j++) out.push(bad(ds + 12 * HOUR + j * 16_000, 'colleague'));
        break;
      case 'courier-slow': // about 50 colleagues' addresses a day, a few an hour, for five days
        if (d >= badFrom && d < badFrom + 5)
          for (const t of within(ds, [8, 19], 50)) out.push(bad(t, 'colleague'));
        break;
      case 'after-hours': // comes back at night and pulls 25 records, two nights
        if (d === badFrom || d === badFrom + 3)
          for (let j = 0; j < 25; j++) out.push(bad(ds + 1 * HOUR + j * 2 * MIN, 'pickup'));
        break;
      case 'prober': // tries purposes and records it has no right to
        if (d === badFrom + 4)
          for (let j = 0; j < 30; j++) out.push(bad(ds + 15 * HOUR + j * 15_000, 'probe'));
        break;
      case 'new-cs-slow': // a new hire adding 200 lookups a day from the first day, about 24 an hour
        if (d >= a.from && d < a.from + 10 && !a.off.has((d + 1) % 7))
          for (const t of within(ds, a.shift, 200)) out.push(bad(t, 'lookup'));
        break;
      case 'temp-station-slow': // a temp adding 400 pickups a day from the first day, about 33 an hour
        if (d >= a.from && d < a.until && !a.off.has((d + 1) % 7))
          for (const t of within(ds, a.shift, 400)) out.push(bad(t, 'pickup'));
        break;
      default:
        break;
    }
    return out;
  };

  function* traffic(): Generator<SimulatedAccess> {
    for (let d = 0; d < days; d++) {
      for (const a of actors) {
        const acc = honestDay(a, d);
        if (a.insider) acc.push(...insiderDay(a, d));
        if (acc.length === 0) continue;
        acc.sort((x, y) => x.t - y.t);
        const actor = { id: a.id, roles: [a.role], attrs: { stationId: a.stationId } };
        for (const x of acc) {
          let purpose: string;
          let courierId = a.id;
          let stationId = a.stationId;
          if (x.kind === 'own') purpose = 'delivery';
          else if (x.kind === 'colleague') {
            purpose = 'delivery';
            courierId = `colleague-of-${a.id}`;
          } else if (x.kind === 'pickup') {
            purpose = 'pickup';
            courierId = 'any';
          } else if (x.kind === 'lookup') {
            purpose = 'support';
            courierId = 'any';
            stationId = 'any';
          } else {
            // A probe: another station's parcel, or a purpose the role does not have.
            purpose = a.role === 'cs_agent' ? 'delivery' : 'support';
            stationId = 'elsewhere';
          }
          const resource = {
            waybillNo: 'SF0000000000000',
            status: 'out_for_delivery',
            courierId,
            stationId,
            recipientId: `r-${recipientSeq++}`,
            recipient: { name: 'cpii1.x', phone: 'cpii1.x', address: 'cpii1.x' },
          };
          yield { request: { actor, purpose, resource, context: { now: x.t } }, malicious: x.malicious };
        }
      }
    }
  }
  return {
    actors: actors.map((a) => ({ id: a.id, role: a.role, rate: a.rate, insider: a.insider, kind: a.kind })),
    insiders: insiders.map((a) => a.id),
    traffic: traffic(),
  };
}

/** Per insider: first malicious access, attempts and how many were granted. */
export type MaliciousTally = Map<
  string,
  { first: number; attempted: number; exposed: number; days?: number[] }
>;

/** Records one decided access of the plan into `tally` (for the insiders' figures). */
export function tallyAccess(tally: MaliciousTally, x: SimulatedAccess, granted: boolean): void {
  if (!x.malicious) return;
  const t = x.request.context.now;
  const m = tally.get(x.request.actor.id) ?? { first: t, attempted: 0, exposed: 0 };
  m.attempted++;
  if (granted) m.exposed++;
  if (t < m.first) m.first = t;
  const day = Math.floor((t + OFFSET) / DAY);
  m.days ??= [];
  if (!m.days.includes(day)) m.days.push(day);
  tally.set(x.request.actor.id, m);
}

/**
 * Runs the simulation in one process with the default rules on the memory store.
 *
 * @param o - population, length, seed, insiders per type
 * @returns per-insider outcome and the honest alert rate
 */
export function simulateMonth(o: SimulationOptions = {}): SimulationResult {
  const started = performance.now();
  const plan = simulationPlan(o);
  const alerts: MonitorAlert[] = [];
  const monitor = createAccessMonitor({
    rules: defaultRules(),
    schema: Parcel,
    onAlert: (a) => alerts.push(a),
  });
  const policy = platformPolicy({ onDecision: monitor.onDecision, denyList: monitor.denyList });
  const malicious: MaliciousTally = new Map();
  let decisions = 0;
  for (const x of plan.traffic()) {
    const decision = policy.decide(x.request);
    decisions++;
    tallyAccess(malicious, x, decision.record);
  }
  return scoreSimulation(plan, alerts, malicious, decisions, performance.now() - started);
}

/** Scores alerts against the plan: insiders caught, honest actors alerted. */
export function scoreSimulation(
  plan: SimulationPlan,
  alerts: readonly MonitorAlert[],
  malicious: MaliciousTally,
  decisions: number,
  elapsedMs: number,
): SimulationResult {
  const actors = plan.actors;
  const insiders = plan.insiders.map((id) => actors.find((a) => a.id === id)!);
  const byActor = new Map<string, MonitorAlert[]>();
  for (const al of alerts) byActor.set(al.actor, [...(byActor.get(al.actor) ?? []), al]);
  const honest = actors.filter((a) => !a.insider);
  const honestAlertsByRule: Record<string, number> = {};
  let honestAlerted = 0;
  for (const a of honest) {
    const list = byActor.get(a.id);
    if (!list) continue;
    honestAlerted++;
    for (const al of list) {
      honestAlertsByRule[al.rule] = (honestAlertsByRule[al.rule] ?? 0) + 1;
      if (process.env.SIM_DEBUG)
        console.log(
          a.id,
          a.rate.toFixed(2),
          al.rule,
          al.count,
          al.threshold,
          al.time,
          JSON.stringify(al.baseline),
        );
    }
  }
  const insiderResults: InsiderResult[] = insiders.map((a) => {
    const m = malicious.get(a.id) ?? { first: Number.NaN, attempted: 0, exposed: 0 };
    const list = (byActor.get(a.id) ?? []).filter((al) => Date.parse(al.time) >= m.first);
    const first = list[0];
    const alertDay = first ? Math.floor((Date.parse(first.time) + OFFSET) / DAY) : undefined;
    return {
      actor: a.id,
      type: a.insider as InsiderType,
      caught: list.length > 0,
      rules: [...new Set(list.map((al) => al.rule))],
      minutesToAlert: first ? Math.round((Date.parse(first.time) - m.first) / MIN) : undefined,
      exposedBeforeBlock: m.exposed,
      attempted: m.attempted,
      workingDaysToAlert:
        alertDay === undefined || !m.days ? undefined : m.days.filter((d) => d <= alertDay).length,
    };
  });
  const newcomers = honest.filter((a) => a.kind !== 'staff');
  const newAlerted = newcomers.filter((a) => byActor.has(a.id)).length;
  return {
    actors: actors.length,
    honestActors: honest.length,
    honestAlerted,
    honestAlertRate: honestAlerted / honest.length,
    honestAlertsByRule,
    newAccounts: newcomers.length,
    newAccountsAlerted: newAlerted,
    newAccountAlertRate: newcomers.length > 0 ? newAlerted / newcomers.length : 0,
    decisions,
    insiders: insiderResults,
    elapsedMs: Math.round(elapsedMs),
  };
}

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
}

export function printResult(r: SimulationResult): void {
  console.log(
    `Simulated ${r.actors} actors, ${r.decisions.toLocaleString('en-US')} decisions in ${(r.elapsedMs / 1000).toFixed(1)} s.`,
  );
  console.log('');
  console.log(
    'insider                          type               caught  rules                                                minutes  days  granted/attempted',
  );
  for (const i of r.insiders) {
    console.log(
      `${i.actor.padEnd(33)}${i.type.padEnd(19)}${(i.caught ? 'yes' : 'MISSED').padEnd(8)}${i.rules.join(', ').padEnd(53)}${String(i.minutesToAlert ?? '-').padStart(7)}${String(i.workingDaysToAlert ?? '-').padStart(6)}  ${i.exposedBeforeBlock}/${i.attempted}`,
    );
  }
  const caught = r.insiders.filter((i) => i.caught).length;
  console.log('');
  console.log(`Insiders caught: ${caught}/${r.insiders.length}`);
  console.log(
    `Honest actors alerted: ${r.honestAlerted}/${r.honestActors} = ${(r.honestAlertRate * 100).toFixed(2)}% (by rule: ${JSON.stringify(r.honestAlertsByRule)})`,
  );
  console.log(
    `Honest new hires and temps alerted: ${r.newAccountsAlerted}/${r.newAccounts} = ${(r.newAccountAlertRate * 100).toFixed(2)}%`,
  );
  const late = r.insiders.filter(
    (i) => NEW_ACCOUNT_INSIDERS.includes(i.type) && !((i.workingDaysToAlert ?? 99) <= 2),
  );
  console.log(
    `New-account insiders caught within their first two working days: ${r.insiders.filter((i) => NEW_ACCOUNT_INSIDERS.includes(i.type)).length - late.length}/${r.insiders.filter((i) => NEW_ACCOUNT_INSIDERS.includes(i.type)).length}`,
  );
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works; the name is checked too, because a
// bundle that includes this module shares its import.meta.url.
if (
  process.argv[1]?.endsWith('simulate-month.ts') &&
  realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  const r = simulateMonth({
    couriers: arg('couriers'),
    station: arg('station'),
    cs: arg('cs'),
    days: arg('days'),
    seed: arg('seed'),
    insidersPerType: arg('insiders'),
    newHires: arg('new-hires'),
    temps: arg('temps'),
  });
  printResult(r);
  const lateNew = r.insiders.some(
    (i) => NEW_ACCOUNT_INSIDERS.includes(i.type) && !((i.workingDaysToAlert ?? 99) <= 2),
  );
  if (
    r.insiders.some((i) => !i.caught) ||
    lateNew ||
    r.honestAlertRate >= 0.01 ||
    r.newAccountAlertRate >= 0.02
  )
    process.exitCode = 1;
}

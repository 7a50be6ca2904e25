// Monitor rules as data: zod-validated, JSON-serialisable, compiled once by the monitor.
// What each default rule catches and how to tune it: docs/monitoring.md.
import * as z from 'zod';
import { PiiError } from '../errors.js';
import { checkOptions } from '../_internal/options.js';
import { DEFAULT_RULE_OPTIONS } from './option-names.js';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * A duration: milliseconds, or a string such as `'10m'`, `'1h'`, `'24h'`, `'7d'`.
 */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

/**
 * Converts a {@link Duration} to milliseconds.
 *
 * @param d - milliseconds or a string like `'10m'`
 * @returns the duration in milliseconds
 * @throws PiiError INVALID_ARGUMENT when `d` is not a positive duration
 * @example
 * ```ts
 * import { durationMs } from 'courier-pii/monitor';
 * console.log(durationMs('10m')); // 600000
 * ```
 */
export function durationMs(d: Duration | string): number {
  if (typeof d === 'number' && Number.isInteger(d) && d > 0) return d;
  const m = typeof d === 'string' ? DURATION.exec(d) : null;
  const n = m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : 0;
  if (!(n > 0))
    throw new PiiError(
      'INVALID_ARGUMENT',
      'A duration must be positive milliseconds or a string like "10m".',
    );
  return n;
}

const durationSchema = z.union([
  z.number().int().positive(),
  z.string().regex(DURATION, 'a duration like "10m", "1h" or "7d"'),
]);

const attrPath = z
  .string()
  .regex(/^(actor|resource|context)\.[A-Za-z0-9_.$-]+$/, 'an attribute such as resource.courierId');
const operand = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number()])),
  z.object({ ref: attrPath }).strict(),
]);

/** A condition on request attributes, as in policy rules: `[attr, op, value | { ref: attr }]`. */
export type Condition = [
  attr: string,
  op: '==' | '!=' | 'in' | 'not_in' | '<' | '<=' | '>' | '>=' | 'exists',
  value?: string | number | boolean | null | Array<string | number> | { ref: string },
];

const conditionSchema = z.union([
  z.tuple([attrPath, z.enum(['==', '!=', 'in', 'not_in', '<', '<=', '>', '>='] as const), operand]),
  z.tuple([attrPath, z.literal('exists')]),
  z.tuple([attrPath, z.literal('exists'), z.boolean()]),
]);

/** Working hours; a match with `outsideHours` counts only events outside them. */
export interface WorkingHours {
  /** Local start of the working day, `'HH:MM'`. */
  start: string;
  /** Local end of the working day, `'HH:MM'` (exclusive); may be before `start` for night shifts. */
  end: string;
  /** Working weekdays, 0 = Sunday … 6 = Saturday (default every day). */
  days?: number[];
  /** Offset of local time from UTC in minutes (default 480, China Standard Time). */
  utcOffsetMinutes?: number;
}

const hoursSchema = z
  .object({
    start: z.string().regex(CLOCK, '"HH:MM"'),
    end: z.string().regex(CLOCK, '"HH:MM"'),
    days: z.array(z.number().int().min(0).max(6)).min(1).optional(),
    utcOffsetMinutes: z.number().int().min(-720).max(840).optional(),
  })
  .strict();

/**
 * Which decisions a rule counts. Every given criterion must hold. Field criteria (`kinds`,
 * `paths`, `minLevel`, `effects`) hold when at least one decided field meets all of them.
 */
export interface RuleMatch {
  /** The actor has one of these roles. */
  roles?: string[];
  /** The request has one of these purposes. */
  purposes?: string[];
  /** `granted` (default): the record was visible and some field was not denied; `denied`: the opposite; `any`. */
  outcome?: 'granted' | 'denied' | 'any';
  /** A decided field has one of these kinds (`phone`, `address`, …). */
  kinds?: string[];
  /** A decided field has one of these paths; `recipient.*` and `**` wildcards allowed. */
  paths?: string[];
  /** A decided field is at least this level. */
  minLevel?: 'public' | 'internal' | 'sensitive';
  /** A decided field got one of these effects (`allow` = plaintext). */
  effects?: Array<'allow' | 'mask' | 'deny'>;
  /** Conditions on `actor.*`, `resource.*`, `context.*`; a missing attribute fails the condition. */
  when?: Condition[];
  /** Count only events outside these working hours. */
  outsideHours?: WorkingHours;
}

const matchSchema = z
  .object({
    roles: z.array(z.string().min(1)).min(1).optional(),
    purposes: z.array(z.string().min(1)).min(1).optional(),
    outcome: z.enum(['granted', 'denied', 'any']).optional(),
    kinds: z.array(z.string().min(1)).min(1).optional(),
    paths: z.array(z.string().min(1)).min(1).optional(),
    minLevel: z.enum(['public', 'internal', 'sensitive']).optional(),
    effects: z
      .array(z.enum(['allow', 'mask', 'deny']))
      .min(1)
      .optional(),
    when: z.array(conditionSchema).optional(),
    outsideHours: hoursSchema.optional(),
  })
  .strict();

/** What an alert does besides being recorded: `deny` also puts the actor on the deny list. */
export type RuleAction = 'alert' | 'deny';
/** Alert severity, as in the audit `alert` event. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';

interface RuleBase {
  /** Stable id, shown in alerts and reports (`[a-z0-9-]`). */
  id: string;
  /** What the rule is for (shown in reports). */
  description?: string;
  /** Which decisions count (default: every granted decision). */
  match?: RuleMatch;
  /** Default `medium`. */
  severity?: Severity;
  /** Default `alert`. */
  action?: RuleAction;
}

/**
 * A sliding-window counter: alert when more than `threshold` matching decisions (or distinct
 * subjects / records / attribute values with `distinct`) fall in `window` for one key.
 */
export interface CountRule extends RuleBase {
  type: 'count';
  /** What one counter is kept for (default `['actor']`). */
  per?: Array<'actor' | 'role' | 'purpose'>;
  /** Window length. */
  window: Duration;
  /** Alert when the count exceeds this. */
  threshold: number;
  /** Count distinct values instead of decisions: `subject`, `record`, or an attribute path. */
  distinct?: string;
  /** Sub-buckets of the window for plain counts (default 10; see docs/monitoring.md). */
  buckets?: number;
  /** Quiet time after an alert for the same key (default: the window). */
  cooldown?: Duration;
}

/**
 * A per-actor baseline: the actor's daily volume of matching decisions, learned from that
 * actor's own active days (EWMA mean, EWMA absolute deviation). Alerts when today's count
 * exceeds `max(minCount, ratio × mean, mean + k × spread)` after `warmupDays` active days.
 */
export interface BaselineRule extends RuleBase {
  type: 'baseline';
  /** EWMA weight of each new day, 0 < alpha < 1 (default 0.2). */
  alpha?: number;
  /** Spread multiplier (default 6). */
  k?: number;
  /** Minimum multiple of the mean (default 2.5). */
  ratio?: number;
  /** Never alert below this many decisions a day (default 40). */
  minCount?: number;
  /** Active days learned before the rule can alert (default 5). */
  warmupDays?: number;
  /** Offset of local time from UTC in minutes, for day boundaries (default 480). */
  utcOffsetMinutes?: number;
}

/**
 * A peer-group rule: compares an actor's volume of matching decisions in a day (or an hour) with
 * the robust profile (median, median absolute deviation) of the other actors of the same group:
 * the actor's role, optionally split by actor attributes such as `actor.stationId`. Alerts when
 * the volume exceeds `max(minCount, ratio × median, median + k × MAD)`, from the actor's first
 * day. With `newAccountDays`, only actors in their first that many active days are checked
 * (the new-account cap, tighter than the cap for everyone).
 */
export interface PeerRule extends RuleBase {
  type: 'peer';
  /** The volume compared: per local day (default) or per clock hour. */
  period?: 'day' | 'hour';
  /** Actor attributes that split a role into groups, e.g. `['actor.stationId']` (default none). */
  groupBy?: string[];
  /** Minimum multiple of the group median (default 5). */
  ratio?: number;
  /** MAD multiplier (default 15). */
  k?: number;
  /** Never alert at or below this volume (default 150 a day, 40 an hour). */
  minCount?: number;
  /** Recent actor-periods a group needs before its profile is used (default 10). */
  minPeers?: number;
  /** Half-life of the profile's memory (default `'2d'`, whole days). */
  halfLife?: Duration;
  /** Check only actors in their first this many active days (default: every actor). */
  newAccountDays?: number;
  /** Actors first seen within this many days of their group are not new (default 7). */
  learnDays?: number;
  /** Offset of local time from UTC in minutes, for day boundaries (default 480). */
  utcOffsetMinutes?: number;
}

/** One monitor rule. */
export type MonitorRule = CountRule | BaselineRule | PeerRule;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and -');
const base = {
  id,
  description: z.string().max(500).optional(),
  match: matchSchema.optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  action: z.enum(['alert', 'deny']).optional(),
};

const countSchema = z
  .object({
    ...base,
    type: z.literal('count'),
    per: z
      .array(z.enum(['actor', 'role', 'purpose']))
      .min(1)
      .optional(),
    window: durationSchema,
    threshold: z.number().int().min(0),
    distinct: z.union([z.enum(['subject', 'record']), attrPath]).optional(),
    buckets: z.number().int().min(1).max(120).optional(),
    cooldown: durationSchema.optional(),
  })
  .strict()
  .refine((r) => r.action !== 'deny' || (r.per ?? ['actor']).includes('actor'), {
    message: 'action "deny" needs per to include "actor"',
    path: ['action'],
  });

const baselineSchema = z
  .object({
    ...base,
    type: z.literal('baseline'),
    alpha: z.number().gt(0).lt(1).optional(),
    k: z.number().min(0).optional(),
    ratio: z.number().min(1).optional(),
    minCount: z.number().int().min(0).optional(),
    warmupDays: z.number().int().min(1).max(365).optional(),
    utcOffsetMinutes: z.number().int().min(-720).max(840).optional(),
  })
  .strict();

const actorAttr = z
  .string()
  .regex(/^actor\.[A-Za-z0-9_$-]+$/, 'an actor attribute such as actor.stationId')
  .refine((a) => a !== 'actor.id' && a !== 'actor.roles', {
    message: 'groups are split by an actor attribute, not by actor.id or actor.roles',
  });

const peerSchema = z
  .object({
    ...base,
    type: z.literal('peer'),
    period: z.enum(['day', 'hour']).optional(),
    groupBy: z.array(actorAttr).min(1).max(4).optional(),
    ratio: z.number().min(1).optional(),
    k: z.number().min(0).optional(),
    minCount: z.number().int().min(0).optional(),
    minPeers: z.number().int().min(1).optional(),
    halfLife: durationSchema
      .refine((d) => durationMs(d) % 86_400_000 === 0, { message: 'a whole number of days, like "2d"' })
      .optional(),
    newAccountDays: z.number().int().min(1).max(90).optional(),
    learnDays: z.number().int().min(0).max(365).optional(),
    utcOffsetMinutes: z.number().int().min(-720).max(840).optional(),
  })
  .strict()
  .refine((r) => !r.groupBy || new Set(r.groupBy).size === r.groupBy.length, {
    message: 'groupBy names an attribute twice',
    path: ['groupBy'],
  });

/**
 * The zod schema of a rule list (unique ids, at least one rule), for tools that validate or
 * generate rule files; {@link parseRules} wraps it with a `PiiError`.
 *
 * @example
 * ```ts
 * import { defaultRules, monitorRulesSchema } from 'courier-pii/monitor';
 * console.log(monitorRulesSchema.safeParse(defaultRules()).success); // true
 * ```
 */
export const monitorRulesSchema = z
  .array(z.discriminatedUnion('type', [countSchema, baselineSchema, peerSchema]))
  .min(1)
  .refine((rs) => new Set(rs.map((r) => r.id)).size === rs.length, { message: 'rule ids must be unique' });

/**
 * Validates a rule list (for example one loaded from JSON).
 *
 * @param rules - rules as data
 * @returns the rules, typed
 * @throws PiiError INVALID_ARGUMENT naming the first bad place (never echoing values)
 * @example
 * ```ts
 * import { parseRules } from 'courier-pii/monitor';
 * const rules = parseRules([{ id: 'denied-burst', type: 'count', match: { outcome: 'denied' }, window: '10m', threshold: 10 }]);
 * console.log(rules[0]?.id); // denied-burst
 * ```
 */
export function parseRules(rules: unknown): MonitorRule[] {
  const r = monitorRulesSchema.safeParse(rules);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue && issue.path.length > 0 ? `rules.${issue.path.join('.')}` : 'rules';
    throw new PiiError(
      'INVALID_ARGUMENT',
      `${where}: ${issue?.message ?? 'invalid'}. See docs/monitoring.md for the rule format.`,
    );
  }
  return r.data as MonitorRule[];
}

/** Role names and local time used by {@link defaultRules}. */
export interface DefaultRuleOptions {
  /** Role of couriers (default `courier`). */
  courier?: string;
  /** Role of station / outlet staff (default `station_staff`, as in examples/policies/courier.json). */
  station?: string;
  /** Role of customer-service agents (default `cs_agent`, as in examples/policies/courier.json). */
  cs?: string;
  /** Local offset from UTC in minutes (default 480). */
  utcOffsetMinutes?: number;
  /** Attribute naming the courier a parcel is assigned to (default `resource.courierId`). */
  assignedAttr?: string;
  /**
   * Actor attributes that split each role into peer groups, e.g. `['actor.stationId']` (default
   * none: one group per role); the monitor's `actorAttrs` must declare them.
   */
  peerGroupBy?: string[];
}

/**
 * The default rules for a courier platform, tuned on the simulated month in
 * scripts/simulate-month.ts (docs/monitoring.md explains each one and how to tune it).
 *
 * @param o - role names, local offset and the assignment attribute
 * @returns a fresh rule list
 * @example
 * ```ts
 * import { defaultRules } from 'courier-pii/monitor';
 * console.log(defaultRules().map((r) => r.id).includes('cs-distinct-recipients-hour')); // true
 * ```
 */
export function defaultRules(o: DefaultRuleOptions = {}): MonitorRule[] {
  checkOptions('defaultRules', o, DEFAULT_RULE_OPTIONS);
  const courier = o.courier ?? 'courier';
  const station = o.station ?? 'station_staff';
  const cs = o.cs ?? 'cs_agent';
  const utcOffsetMinutes = o.utcOffsetMinutes ?? 480;
  const assigned = o.assignedAttr ?? 'resource.courierId';
  const groups = o.peerGroupBy ? { groupBy: [...o.peerGroupBy] } : {};
  const unassignedAddress: RuleMatch = {
    roles: [courier],
    kinds: ['address'],
    effects: ['allow'],
    when: [[assigned, '!=', { ref: 'actor.id' }]],
  };
  return [
    {
      id: 'courier-unassigned-address-burst',
      description: 'A courier opens many plaintext addresses of parcels not assigned to them within minutes.',
      type: 'count',
      match: unassignedAddress,
      window: '10m',
      threshold: 15,
      severity: 'high',
      action: 'deny',
    },
    {
      id: 'courier-unassigned-address-daily',
      description: 'A courier keeps opening addresses of parcels not assigned to them through the day.',
      type: 'count',
      match: unassignedAddress,
      window: '24h',
      threshold: 40,
      severity: 'medium',
    },
    {
      id: 'cs-distinct-recipients-hour',
      description: 'A customer-service agent looks up many distinct recipients by phone within an hour.',
      type: 'count',
      match: { roles: [cs], kinds: ['phone'], effects: ['allow', 'mask'] },
      distinct: 'subject',
      window: '1h',
      threshold: 60,
      severity: 'high',
      action: 'deny',
    },
    {
      id: 'after-hours-access',
      description: 'Personal data opened outside working hours.',
      type: 'count',
      match: {
        roles: [courier, station, cs],
        minLevel: 'internal',
        outsideHours: { start: '06:30', end: '22:30', utcOffsetMinutes },
      },
      window: '1h',
      threshold: 8,
      severity: 'medium',
    },
    {
      id: 'denied-burst',
      description: 'Many denied decisions in a short time: someone is probing what they can see.',
      type: 'count',
      match: { outcome: 'denied' },
      window: '10m',
      threshold: 12,
      severity: 'high',
      action: 'deny',
    },
    {
      id: 'daily-volume-baseline',
      description: "Today's volume of records opened is far above this actor's own usual.",
      type: 'baseline',
      match: { outcome: 'granted' },
      alpha: 0.2,
      k: 6,
      ratio: 2.5,
      minCount: 40,
      warmupDays: 5,
      utcOffsetMinutes,
      severity: 'medium',
    },
    {
      id: 'peer-daily-volume',
      description:
        'An actor opens several times what the peers of the same role open in a day, from the first day.',
      type: 'peer',
      match: { outcome: 'granted', roles: [courier, station, cs] },
      ...groups,
      period: 'day',
      ratio: 6,
      k: 20,
      minCount: 150,
      utcOffsetMinutes,
      severity: 'medium',
    },
    {
      id: 'new-account-daily-volume',
      description: 'A new account opens well above its peers in its first days (tighter than for everyone).',
      type: 'peer',
      match: { outcome: 'granted', roles: [courier, station, cs] },
      ...groups,
      period: 'day',
      newAccountDays: 3,
      ratio: 2.5,
      k: 6,
      minCount: 40,
      utcOffsetMinutes,
      severity: 'high',
    },
    {
      id: 'new-account-hourly-volume',
      description: 'A new account opens far above its peers within an hour in its first days.',
      type: 'peer',
      match: { outcome: 'granted', roles: [courier, station, cs] },
      ...groups,
      period: 'hour',
      newAccountDays: 3,
      ratio: 5,
      k: 10,
      minCount: 40,
      utcOffsetMinutes,
      severity: 'high',
    },
  ];
}

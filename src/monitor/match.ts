// Compiles rule matches to closures once; per event the monitor walks the decided fields once
// and looks up, per path and effect, which rules that field satisfies (cached per path).
import type { Condition, RuleMatch, WorkingHours } from './rules.js';

/** The level and kind of a field path, as `classify()` reports them. */
export interface FieldInfo {
  level: 'public' | 'internal' | 'sensitive';
  kind: string;
}

/** One access decision, normalised from a policy hook call or an audit entry. */
export interface AccessEvent {
  time: number;
  actor: string;
  roles: readonly string[];
  purpose: string;
  granted: boolean;
  /** path → effect */
  fields: Readonly<Record<string, unknown>>;
  subject: string | undefined;
  record: string | undefined;
  /** The request-like object that `actor.*`, `resource.*`, `context.*` resolve against. */
  scope: AttrScope;
}

/** What attributes are read from. */
export interface AttrScope {
  actor: { id: string; roles?: readonly string[]; attrs?: Record<string, unknown> } & Record<string, unknown>;
  resource?: unknown;
  context?: unknown;
}

const RANK = { public: 0, internal: 1, sensitive: 2 } as const;

/** Reads `actor.x`, `resource.a.b`, `context.x` from a scope; undefined when absent. */
export function readAttr(scope: AttrScope, path: string | readonly string[]): unknown {
  const parts = typeof path === 'string' ? path.split('.') : path;
  const head = parts[0];
  let v: unknown;
  let i = 1;
  if (head === 'actor') {
    const k = parts[1] as string;
    const a = scope.actor;
    if (k === 'id') v = a.id;
    else if (k === 'roles') v = a.roles;
    else v = a.attrs?.[k] ?? a[k];
    i = 2;
  } else if (head === 'resource') v = scope.resource;
  else if (head === 'context') v = scope.context;
  for (; i < parts.length && v !== undefined && v !== null; i++) {
    v = typeof v === 'object' ? (v as Record<string, unknown>)[parts[i] as string] : undefined;
  }
  return v === null ? undefined : v;
}

/** A reader of one attribute path, specialised for the common `actor.x` and `resource.x`. */
function compileReader(path: string): (s: AttrScope) => unknown {
  const parts = path.split('.'); // split once, not per event
  const [head, key] = parts as [string, string];
  if (parts.length === 2 && head === 'actor') {
    if (key === 'id') return (s) => s.actor.id;
    if (key !== 'roles') {
      return (s) => {
        const a = s.actor;
        const v = a.attrs?.[key] ?? a[key];
        return v === null ? undefined : v;
      };
    }
  }
  if (parts.length === 2 && head === 'resource') {
    return (s) => {
      const r = s.resource;
      const v = typeof r === 'object' && r !== null ? (r as Record<string, unknown>)[key] : undefined;
      return v === null ? undefined : v;
    };
  }
  return (s) => readAttr(s, parts);
}

/** Compiles one `when` condition to a test on a scope. */
export function compileCondition(c: Condition): (s: AttrScope) => boolean {
  const [attrPath, op, operand] = c;
  const read = compileReader(attrPath);
  if (op === 'exists') {
    const want = operand === undefined ? true : operand === true;
    return (s) => (read(s) !== undefined) === want;
  }
  const ref =
    typeof operand === 'object' && operand !== null && !Array.isArray(operand)
      ? compileReader(operand.ref)
      : undefined;
  const rhs = (s: AttrScope): unknown => (ref !== undefined ? ref(s) : operand);
  return (s) => {
    const a = read(s);
    const b = rhs(s);
    if (a === undefined || b === undefined) return false;
    switch (op) {
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case 'in':
        return Array.isArray(b) && b.includes(a as never);
      case 'not_in':
        return Array.isArray(b) && !b.includes(a as never);
      case '<':
        return typeof a === typeof b && (a as number) < (b as number);
      case '<=':
        return typeof a === typeof b && (a as number) <= (b as number);
      case '>':
        return typeof a === typeof b && (a as number) > (b as number);
      case '>=':
        return typeof a === typeof b && (a as number) >= (b as number);
      default:
        return false;
    }
  };
}

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** True when `time` (ms) falls outside the working hours. */
export function compileOutsideHours(h: WorkingHours): (time: number) => boolean {
  const start = minutes(h.start);
  const end = minutes(h.end);
  const offset = (h.utcOffsetMinutes ?? 480) * 60_000;
  const days = h.days ? new Set(h.days) : undefined;
  // The answer only changes from one minute to the next (offsets are whole minutes).
  let lastMinute = Number.NaN;
  let lastAnswer = false;
  return (time) => {
    const m = Math.floor(time / 60_000);
    if (m === lastMinute) return lastAnswer;
    lastMinute = m;
    lastAnswer = outside(time);
    return lastAnswer;
  };
  function outside(time: number): boolean {
    const local = time + offset;
    const dayNo = Math.floor(local / 86_400_000);
    const minute = Math.floor((local - dayNo * 86_400_000) / 60_000);
    // 1970-01-01 was a Thursday (4).
    const weekday = (((dayNo + 4) % 7) + 7) % 7;
    if (days && !days.has(weekday)) return true;
    const inside = start <= end ? minute >= start && minute < end : minute >= start || minute < end;
    return !inside;
  }
}

function pathMatcher(patterns: readonly string[]): (path: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  let all = false;
  for (const p of patterns) {
    if (p === '**' || p === '*') all = true;
    else if (p.endsWith('.**')) prefixes.push(p.slice(0, -2));
    else if (p.endsWith('.*')) prefixes.push(p.slice(0, -1));
    else exact.add(p);
  }
  return (path) => all || exact.has(path) || prefixes.some((x) => path.startsWith(x));
}

/** A compiled rule match. */
export interface CompiledMatch {
  /** Non-field criteria; `fieldHit` says whether a field criterion held for this event. */
  test(e: AccessEvent, fieldHit: boolean): boolean;
  /** Whether the rule has field criteria at all. */
  hasFieldCriteria: boolean;
  /** Field criteria on one decided field. */
  field(path: string, effect: string, info: FieldInfo): boolean;
  /** The first of the rule's roles the actor holds (for `per: ['role']`). */
  roleOf(e: AccessEvent): string;
  /** The criteria one by one, for the monitor's precompiled per-actor path. */
  readonly outcome: 'granted' | 'denied' | 'any';
  readonly roles: ReadonlySet<string> | undefined;
  readonly purposes: ReadonlySet<string> | undefined;
  readonly outside: ((time: number) => boolean) | undefined;
  readonly conditions: readonly Condition[];
}

/** Compiles a rule's match. */
export function compileMatch(m: RuleMatch = {}): CompiledMatch {
  const roles = m.roles ? new Set(m.roles) : undefined;
  const purposes = m.purposes ? new Set(m.purposes) : undefined;
  const outcome = m.outcome ?? 'granted';
  const kinds = m.kinds ? new Set(m.kinds) : undefined;
  const paths = m.paths ? pathMatcher(m.paths) : undefined;
  const minRank = m.minLevel ? RANK[m.minLevel] : undefined;
  const effects = m.effects ? new Set<string>(m.effects) : undefined;
  const conds = (m.when ?? []).map(compileCondition);
  const outside = m.outsideHours ? compileOutsideHours(m.outsideHours) : undefined;
  const hasFieldCriteria = !!(kinds || paths || minRank !== undefined || effects);
  return {
    hasFieldCriteria,
    outcome,
    roles,
    purposes,
    outside,
    conditions: m.when ?? [],
    field(path, effect, info) {
      if (effects && !effects.has(effect)) return false;
      if (kinds && !kinds.has(info.kind)) return false;
      if (minRank !== undefined && RANK[info.level] < minRank) return false;
      if (paths && !paths(path)) return false;
      return true;
    },
    test(e, fieldHit) {
      if (hasFieldCriteria && !fieldHit) return false;
      if (outcome !== 'any' && (outcome === 'granted') !== e.granted) return false;
      if (purposes && !purposes.has(e.purpose)) return false;
      if (roles) {
        let ok = false;
        for (const r of e.roles)
          if (roles.has(r)) {
            ok = true;
            break;
          }
        if (!ok) return false;
      }
      if (outside && !outside(e.time)) return false;
      for (const c of conds) if (!c(e.scope)) return false;
      return true;
    },
    roleOf(e) {
      if (roles) for (const r of e.roles) if (roles.has(r)) return r;
      return e.roles[0] ?? '-';
    },
  };
}

const GUESS: Array<[RegExp, string, FieldInfo['level']]> = [
  [/(^|\.)(phone|mobile|tel)$/i, 'phone', 'internal'],
  [/(^|\.)address$/i, 'address', 'internal'],
  [/(^|\.)(idNumber|idNo|residentId)$/i, 'idNumber', 'sensitive'],
  [/(^|\.)name$/i, 'name', 'internal'],
  [/(^|\.)(geo|gps|location|trace)$/i, 'geo', 'sensitive'],
  [/(^|\.)email$/i, 'email', 'internal'],
  [/(^|\.)bankCard$/i, 'bankCard', 'sensitive'],
];

/**
 * Level and kind of a path when no schema was given: guessed from the last path segment
 * (documented as a fallback in docs/monitoring.md; pass `schema` to the monitor instead).
 */
export function guessField(path: string): FieldInfo {
  for (const [re, kind, level] of GUESS) if (re.test(path)) return { kind, level };
  return { kind: 'untagged', level: 'internal' };
}

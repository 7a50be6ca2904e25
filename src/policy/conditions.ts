// Conditions compile to closures over the request (no eval, no new Function). They use
// three-valued logic: 1 holds, 0 fails, 2 unknown (a missing attribute, or an ordering between
// a number and a string). A grant needs 1; a limit or a record denial applies unless 0, so
// missing data never widens access. docs/policy.md, "Conditions".
import type { ClassifiedField } from '../schema/index.js';
import type { PolicyRequest } from './request.js';
import type { Condition, ConditionLiteral, ConditionOp } from './spec.js';

/** 0 fails, 1 holds, 2 unknown. */
export type Truth = 0 | 1 | 2;
type Getter = (r: PolicyRequest) => unknown;

export interface CompiledCondition {
  readonly test: (r: PolicyRequest) => Truth;
  readonly attr: string;
  readonly op: ConditionOp;
  readonly source: Condition;
}

/** What attribute names resolve against. */
export interface AttrEnv {
  /** Non-sealed, non-array leaves by path. */
  readonly resourceFields: ReadonlyMap<string, ClassifiedField>;
  /** Sealed or array leaves by path (to give a precise error). */
  readonly forbiddenResource: ReadonlyMap<string, string>;
  readonly actorAttrs: ReadonlySet<string>;
  readonly contextAttrs: ReadonlySet<string>;
}

const CONSENT_KEYS = new Set([
  'subject',
  'grantee',
  'purpose',
  'resource',
  'tokenId',
  'issuer',
  'expiresAt',
  'notBefore',
]);
const TIME_ATTRS = new Set(['context.now', 'context.consent.expiresAt', 'context.consent.notBefore']);

function toMs(v: unknown): unknown {
  return v instanceof Date ? v.getTime() : v;
}

function dig(root: unknown, keys: readonly string[]): unknown {
  let v = root;
  for (let i = 0; i < keys.length; i++) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[keys[i]!];
  }
  // A sealed value is never read as data.
  if (typeof v === 'string' && v.startsWith('cpii1.')) return undefined;
  return v;
}

/** Resolves an attribute name to a getter, or returns an error message. */
export function attributeGetter(attr: string, env: AttrEnv): Getter | string {
  if (attr === 'actor.id') return (r) => r.actor.id;
  if (attr === 'actor.roles') return (r) => r.actor.roles;
  if (attr === 'context.purpose') return (r) => r.purpose;
  if (attr === 'context.recordId') return (r) => r.recordId;
  if (attr === 'context.now') {
    return (r) => {
      const n = r.context?.now;
      return n === undefined ? Date.now() : toMs(n);
    };
  }
  if (attr.startsWith('actor.attrs.')) {
    const name = attr.slice(12);
    if (!env.actorAttrs.has(name)) return `attribute '${attr}' is not declared in actorAttrs`;
    return (r) => toMs(r.actor.attrs?.[name]);
  }
  if (attr.startsWith('context.attrs.')) {
    const name = attr.slice(14);
    if (!env.contextAttrs.has(name)) return `attribute '${attr}' is not declared in contextAttrs`;
    return (r) => toMs(r.context?.attrs?.[name]);
  }
  if (attr.startsWith('context.consent.')) {
    const name = attr.slice(16);
    if (!CONSENT_KEYS.has(name)) return `unknown consent attribute '${attr}'`;
    return (r) => toMs((r.context?.consent as Record<string, unknown> | undefined)?.[name]);
  }
  if (attr.startsWith('resource.')) {
    const path = attr.slice(9);
    if (env.resourceFields.has(path)) {
      const keys = path.split('.');
      return (r) => toMs(dig(r.resource, keys));
    }
    const why = env.forbiddenResource.get(path);
    return why ? `attribute '${attr}' ${why}` : `attribute '${attr}' names no field of the schema`;
  }
  return `unknown attribute '${attr}' (use actor.*, resource.* or context.*)`;
}

function isLiteral(v: unknown): v is ConditionLiteral {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function compare(op: ConditionOp, a: unknown, b: unknown): Truth {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return 2;
  } else if (typeof a !== 'string' || typeof b !== 'string') {
    return 2;
  }
  switch (op) {
    case '<':
      return (a as number) < (b as number) ? 1 : 0;
    case '<=':
      return (a as number) <= (b as number) ? 1 : 0;
    case '>':
      return (a as number) > (b as number) ? 1 : 0;
    default:
      return (a as number) >= (b as number) ? 1 : 0;
  }
}

function member(a: unknown, list: unknown): Truth {
  if (!Array.isArray(list) || a === undefined || a === null) return 2;
  if (Array.isArray(a)) {
    for (let i = 0; i < a.length; i++) if (list.includes(a[i])) return 1;
    return 0;
  }
  return list.includes(a) ? 1 : 0;
}

/** Evaluates one operator on resolved values (exported for explain and the tests). */
export function evaluate(op: ConditionOp, a: unknown, b: unknown): Truth {
  switch (op) {
    case 'exists':
      return (a !== undefined && a !== null) === b ? 1 : 0;
    case '==':
      if (a === undefined || a === null || b === undefined || b === null) return 2;
      return a === b ? 1 : 0;
    case '!=':
      if (a === undefined || a === null || b === undefined || b === null) return 2;
      return a !== b ? 1 : 0;
    case 'in':
      return member(a, b);
    case 'not_in': {
      const t = member(a, b);
      return t === 2 ? 2 : t === 1 ? 0 : 1;
    }
    default:
      if (a === undefined || a === null || b === undefined || b === null) return 2;
      return compare(op, a, b);
  }
}

/** Compiles one condition; returns an error message instead when it is invalid. */
export function compileCondition(c: Condition, env: AttrEnv): CompiledCondition | string {
  const [attr, op, operand] = c;
  const get = attributeGetter(attr, env);
  if (typeof get === 'string') return get;
  let right: Getter;
  if (typeof operand === 'object' && operand !== null && !Array.isArray(operand)) {
    const ref = (operand as { ref: string }).ref;
    if (op === 'exists') return `'exists' takes true or false, not a reference`;
    const g = attributeGetter(ref, env);
    if (typeof g === 'string') return g;
    right = g;
  } else {
    let v: unknown = operand;
    if (op === 'exists' && typeof v !== 'boolean') return `'exists' takes true or false`;
    if ((op === 'in' || op === 'not_in') && !Array.isArray(v)) return `'${op}' takes a list or a reference`;
    if (op !== 'in' && op !== 'not_in' && !isLiteral(v)) return `'${op}' takes a single value, not a list`;
    if (TIME_ATTRS.has(attr) && typeof v === 'string') {
      const ms = Date.parse(v);
      if (Number.isNaN(ms)) return `'${attr}' is compared with a date that does not parse`;
      v = ms;
    }
    const fixed = v;
    right = () => fixed;
  }
  const test =
    op === 'exists'
      ? (r: PolicyRequest) => evaluate(op, get(r), operand)
      : (r: PolicyRequest) => evaluate(op, get(r), right(r));
  return { test, attr, op, source: c };
}

/** Kleene AND over conditions. */
export function allOf(conds: readonly CompiledCondition[], r: PolicyRequest): Truth {
  let unknown = false;
  for (let i = 0; i < conds.length; i++) {
    const t = conds[i]!.test(r);
    if (t === 0) return 0;
    if (t === 2) unknown = true;
  }
  return unknown ? 2 : 1;
}

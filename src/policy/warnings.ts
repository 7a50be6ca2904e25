// Warnings returned (not thrown) by definePolicy: rules that can never match, rules whose
// every effect is already implied by unconditional rules that cover them (shadowed), and consent
// grants that do not check whose token it is (consent unbound).
import type { ClassifiedField } from '../schema/index.js';
import type { CompiledCondition } from './conditions.js';
import type { CompiledRule } from './rules.js';

/** A problem with a policy that does not make it invalid. */
export interface PolicyWarning {
  /** The rule concerned. */
  readonly rule: string;
  /**
   * `NEVER_MATCHES`: its conditions cannot all hold; `SHADOWED`: it never changes a decision;
   * `CONSENT_UNBOUND`: a consent grant whose conditions do not tie the token to the customer
   * whose fields it opens (nor to the record), so it could match another customer's record. At
   * run time such fields stay closed unless the token is bound to the record or the request
   * states the record's `subjects` (docs/policy.md, "Consent is bound to its customer").
   */
  readonly code: 'NEVER_MATCHES' | 'SHADOWED' | 'CONSENT_UNBOUND';
  readonly message: string;
}

type Lit = string | number | boolean;

function contradiction(
  conds: readonly CompiledCondition[],
  enums: ReadonlyMap<string, readonly unknown[]>,
): string | undefined {
  const eq = new Map<string, Lit>();
  const exists = new Map<string, boolean>();
  for (const c of conds) {
    const [attr, op, v] = c.source;
    const isRef = typeof v === 'object' && v !== null && !Array.isArray(v);
    const values = enums.get(attr);
    if (values && !isRef) {
      if (op === '==' && !values.includes(v)) return `'${attr}' can never be ${JSON.stringify(v)}`;
      if (op === 'in' && Array.isArray(v) && !v.some((x) => values.includes(x)))
        return `'${attr}' can never be any of ${JSON.stringify(v)}`;
    }
    if (op === '==' && !isRef && !Array.isArray(v)) {
      const prev = eq.get(attr);
      if (prev !== undefined && prev !== v) return `'${attr}' cannot equal two different values`;
      eq.set(attr, v as Lit);
    }
    if (op === 'exists') {
      const prev = exists.get(attr);
      if (prev !== undefined && prev !== v) return `'${attr}' cannot both exist and not exist`;
      exists.set(attr, v as boolean);
    }
    if (op === 'in' && Array.isArray(v) && v.length === 0) return `'${attr}' cannot be in an empty list`;
  }
  for (const [attr, ex] of exists)
    if (!ex && eq.has(attr)) return `'${attr}' cannot be absent and equal a value`;
  return undefined;
}

function subset(inner: ReadonlySet<string> | undefined, outer: ReadonlySet<string> | undefined): boolean {
  if (outer === undefined) return true;
  if (inner === undefined) return false;
  for (const x of inner) if (!outer.has(x)) return false;
  return true;
}

/** Whether S applies whenever R does (S unconditional, with at least R's roles and purposes). */
function covers(s: CompiledRule, r: CompiledRule): boolean {
  return s !== r && s.unconditional && subset(r.roles, s.roles) && subset(r.purposes, s.purposes);
}

/** At equal strength, S wins when R does not cover S back, or (mutual cover) when S's id is smaller. */
function tie(s: CompiledRule, r: CompiledRule): boolean {
  return !covers(r, s) || s.id < r.id;
}

/** S makes R's part redundant: strictly stronger, or equally strong and winning the tie. */
function beats(
  sLevel: number,
  rLevel: number,
  stronger: 'higher' | 'lower',
  s: CompiledRule,
  r: CompiledRule,
): boolean {
  if (sLevel === rLevel) return tie(s, r);
  return stronger === 'higher' ? sLevel > rLevel : sLevel < rLevel;
}

function shadowed(r: CompiledRule, all: readonly CompiledRule[]): boolean {
  const others = all.filter((s) => covers(s, r));
  if (others.length === 0) return false;
  const fieldUseless = (f: number): boolean =>
    others.some((s) => {
      if (!s.fieldSet.has(f)) return false;
      if (r.kind === 'grant') {
        if (s.kind === 'limit') return s.level === 0;
        return !s.consent && s.kind === 'grant' && beats(s.level, r.level, 'higher', s, r);
      }
      return s.kind === 'limit' && beats(s.level, r.level, 'lower', s, r);
    });
  if (r.consent)
    return r.fieldIdx.every((f) =>
      others.some((s) => s.kind === 'limit' && s.level === 0 && s.fieldSet.has(f)),
    );
  if (!r.fieldIdx.every(fieldUseless)) return false;
  if (r.record === 'allow') {
    return others.some((s) => s.record === 'deny' || (s.record === 'allow' && tie(s, r)));
  }
  if (r.record === 'deny') return others.some((s) => s.record === 'deny' && tie(s, r));
  return true;
}

/** The fields of a consent rule its conditions do not tie to the token's customer (or the record). */
function unboundFields(r: CompiledRule, fields: readonly ClassifiedField[]): string[] {
  if (!r.consent || r.bindsRecord) return [];
  return r.fieldIdx
    .map((i) => fields[i]!)
    .filter((f) => f.subject === undefined || !r.boundRoles.has(f.subject))
    .map((f) => f.path);
}

/** Computes the warnings of a compiled policy. */
export function policyWarnings(
  rules: readonly CompiledRule[],
  enums: ReadonlyMap<string, readonly unknown[]>,
  fields: readonly ClassifiedField[],
): PolicyWarning[] {
  const out: PolicyWarning[] = [];
  for (const r of rules) {
    const unbound = unboundFields(r, fields);
    if (unbound.length > 0) {
      const list = unbound.slice(0, 5).join(', ') + (unbound.length > 5 ? ', ...' : '');
      out.push({
        rule: r.id,
        code: 'CONSENT_UNBOUND',
        message: `Rule '${r.id}' grants what a consent token allows on ${list} without checking that the token's customer owns them, so another customer's token could match this record. Add to its when ["context.consent.subject", "==", { "ref": "resource.<role>.<customer id>" }] for fields of a subject role, or ["context.consent.resource", "==", { "ref": "context.recordId" }] to accept only tokens bound to the record; until then these fields open only for a token bound to the record or a request that states the record's subjects.`,
      });
    }
    let why = contradiction(r.when, enums);
    if (why === undefined && r.anyOf) {
      const reasons = r.anyOf.map((g) => contradiction([...r.when, ...g], enums));
      if (reasons.every((x) => x !== undefined)) why = `no anyOf group can hold (${reasons[0]})`;
    }
    if (why !== undefined) {
      out.push({ rule: r.id, code: 'NEVER_MATCHES', message: `Rule '${r.id}' can never match: ${why}.` });
      continue;
    }
    if (shadowed(r, rules)) {
      out.push({
        rule: r.id,
        code: 'SHADOWED',
        message: `Rule '${r.id}' never changes a decision: unconditional rules for the same roles and purposes already decide every field it names.`,
      });
    }
  }
  return out;
}

// The decision engine: rules are grouped once per (roles, purpose) with, per field, the rules
// that can touch it. A decision evaluates each candidate rule once; decisions without a
// consent contribution are memoized by which conditional rules applied, so the hot path
// allocates nothing. docs/policy.md, "Performance".
import type { ClassifiedField } from '../schema/index.js';
import type { FieldDecision, ForcedDenial, PolicyDecision, PolicyRequest } from './request.js';
import { type CompiledRule, EFFECTS, consentMatches, consentOpens, ruleApplies, scopeRank } from './rules.js';

/** The candidate rules of one (role set, purpose). */
export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /** Per field: indexes into `rules`. */
  readonly fieldCands: ReadonlyArray<readonly number[]>;
  /** Indexes of rules whose applicability depends on the request. */
  readonly variable: readonly number[];
  readonly hasConsent: boolean;
  readonly cache: Map<number, PolicyDecision> | undefined;
  readonly applied: Uint8Array;
}

// Up to 4,096 memoized decisions per role set; beyond 12 conditional rules decisions are built fresh.
const MAX_MEMO_BITS = 12;
const NO_RULES: readonly string[] = Object.freeze([]);
const NO_CANDIDATES: readonly number[] = Object.freeze([]);

export function buildRuleSet(
  all: readonly CompiledRule[],
  fieldCount: number,
  roles: readonly string[],
  purpose: string,
): RuleSet {
  const rules = all.filter(
    (r) =>
      (r.roles === undefined || roles.some((x) => r.roles!.has(x))) &&
      (r.purposes === undefined || r.purposes.has(purpose)),
  );
  // Fields no rule touches share one empty list.
  const fieldCands: Array<readonly number[]> = new Array(fieldCount).fill(NO_CANDIDATES);
  const variable: number[] = [];
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    for (const f of r.fieldIdx) {
      const list = fieldCands[f]!;
      if (list === NO_CANDIDATES) fieldCands[f] = [i];
      else (list as number[]).push(i);
    }
    if (!r.unconditional) variable.push(i);
  }
  return {
    rules,
    fieldCands,
    variable,
    hasConsent: rules.some((r) => r.consent),
    cache: variable.length <= MAX_MEMO_BITS ? new Map() : undefined,
    applied: new Uint8Array(rules.length),
  };
}

/** Builds the decision from which rules applied (`applied[i]` for `set.rules[i]`). */
function build(
  set: RuleSet,
  fields: readonly ClassifiedField[],
  applied: Uint8Array,
  r: PolicyRequest | undefined,
  policyHash: string,
  denyAll: FieldDecision,
): PolicyDecision {
  let allow = false;
  let hide = false;
  const recordRules: string[] = [];
  for (let i = 0; i < set.rules.length; i++) {
    const rule = set.rules[i]!;
    if (applied[i] === 0 || rule.record === undefined) continue;
    recordRules.push(rule.id);
    if (rule.record === 'allow') allow = true;
    else hide = true;
  }
  const record = allow && !hide;
  const out: Record<string, FieldDecision> = {};
  let consentId: string | undefined;
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f]!;
    const path = field.path;
    if (!record) {
      out[path] = denyAll;
      continue;
    }
    const cands = set.fieldCands[f]!;
    let grant = 0;
    let cap = 2;
    const ids: string[] = [];
    for (let k = 0; k < cands.length; k++) {
      const i = cands[k]!;
      if (applied[i] === 0) continue;
      const rule = set.rules[i]!;
      if (rule.kind === 'limit') {
        if (rule.level < cap) cap = rule.level;
      } else {
        // A consent grant opens only what the token's scope gives, and only fields of its own
        // customer (or any field, for a token bound to this record): rules.ts consentOpens.
        const lvl = rule.consent
          ? consentOpens(rule, field.subject, r!)
            ? scopeRank(r!.context!.consent!.scope, path)
            : 0
          : rule.level;
        if (lvl === 0) continue;
        if (rule.consent) consentId = r!.context!.consent!.tokenId;
        if (lvl > grant) grant = lvl;
      }
      ids.push(rule.id);
    }
    out[path] =
      ids.length === 0
        ? denyAll
        : Object.freeze({ effect: EFFECTS[Math.min(grant, cap)]!, rules: Object.freeze(ids) });
  }
  const d: PolicyDecision = {
    record,
    recordRules: recordRules.length === 0 ? NO_RULES : Object.freeze(recordRules),
    fields: Object.freeze(out),
    policyHash,
    ...(consentId === undefined ? {} : { consentTokenId: consentId }),
  };
  return Object.freeze(d);
}

/** Evaluates a rule set for a request. */
export function run(
  set: RuleSet,
  fields: readonly ClassifiedField[],
  r: PolicyRequest,
  policyHash: string,
  denyAll: FieldDecision,
): PolicyDecision {
  const applied = set.applied;
  const rules = set.rules;
  let key = 0;
  let consentApplied = false;
  for (let i = 0; i < rules.length; i++) applied[i] = 1;
  const variable = set.variable;
  for (let j = 0; j < variable.length; j++) {
    const i = variable[j]!;
    const rule = rules[i]!;
    const a = ruleApplies(rule, r);
    applied[i] = a ? 1 : 0;
    if (a) {
      key |= 1 << j;
      if (rule.consent) consentApplied = true;
    }
  }
  const cache = set.cache;
  if (cache === undefined || consentApplied) return build(set, fields, applied, r, policyHash, denyAll);
  let d = cache.get(key);
  if (d === undefined) {
    d = build(set, fields, applied, undefined, policyHash, denyAll);
    cache.set(key, d);
  }
  return d;
}

/** A decision that denies the record and every field, for a forced reason. */
export function forcedDecision(
  fields: readonly ClassifiedField[],
  policyHash: string,
  forced: ForcedDenial,
  denyAll: FieldDecision,
): PolicyDecision {
  const out: Record<string, FieldDecision> = {};
  for (const f of fields) out[f.path] = denyAll;
  return Object.freeze({
    record: false,
    recordRules: NO_RULES,
    fields: Object.freeze(out),
    policyHash,
    forced,
  });
}

export { consentMatches };

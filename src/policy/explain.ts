// explain(): the same decision, with every candidate rule per field and the fate of each condition.
import type { ClassifiedField } from '../schema/index.js';
import type { CompiledCondition, Truth } from './conditions.js';
import type { RuleSet } from './engine.js';
import type { PolicyDecision, PolicyRequest } from './request.js';
import {
  type CompiledRule,
  EFFECTS,
  consentMatches,
  consentOpens,
  ruleApplies,
  ruleTruth,
  scopeRank,
} from './rules.js';
import type { Condition, Effect } from './spec.js';

/** How a condition or rule evaluated: `unknown` when an attribute was missing or types differed. */
export type ConditionOutcome = 'held' | 'failed' | 'unknown';

/** One condition of a rule as it evaluated. */
export interface ConditionTrace {
  readonly condition: Condition;
  readonly outcome: ConditionOutcome;
  /** Index of the `anyOf` group, when the condition belongs to one. */
  readonly group?: number;
}

/** One candidate rule as it evaluated. */
export interface RuleTrace {
  readonly rule: string;
  /** What it would do: `grant allow`, `grant mask`, `grant consent`, `limit mask`, `limit deny`, `record allow`, `record deny`. */
  readonly does: string;
  /** Whether it applied (grants need their conditions to hold; limits apply unless one fails). */
  readonly applied: boolean;
  /** The truth of its conditions as a whole. */
  readonly outcome: ConditionOutcome;
  readonly conditions: readonly ConditionTrace[];
  /**
   * For consent grants: whether the claims matched actor, purpose, record and time; for a field,
   * whether the token may open it (`owner`: bound to this record, or its subject is the field's
   * subject), and what the scope gave it (only when it may).
   */
  readonly consent?: { readonly matched: boolean; readonly owner?: boolean; readonly scope?: Effect };
}

/** One field in an explanation. */
export interface FieldExplanation {
  readonly effect: Effect;
  readonly candidates: readonly RuleTrace[];
}

/** The result of `policy.explain()`. */
export interface PolicyExplanation {
  /** The decision, identical to what `decide()` returns. */
  readonly decision: PolicyDecision;
  /** Rules that can decide record visibility, and how they evaluated. */
  readonly record: readonly RuleTrace[];
  /** Per field path: every candidate rule. */
  readonly fields: Readonly<Record<string, FieldExplanation>>;
  /** When everything was denied before rules were looked at, why. */
  readonly forced?: PolicyDecision['forced'];
}

const OUTCOME: Record<Truth, ConditionOutcome> = { 0: 'failed', 1: 'held', 2: 'unknown' };

function traceConditions(rule: CompiledRule, r: PolicyRequest): ConditionTrace[] {
  const out: ConditionTrace[] = [];
  const add = (c: CompiledCondition, group?: number) =>
    out.push({ condition: c.source, outcome: OUTCOME[c.test(r)], ...(group === undefined ? {} : { group }) });
  for (const c of rule.when) add(c);
  rule.anyOf?.forEach((g, i) => {
    for (const c of g) add(c, i);
  });
  return out;
}

function does(rule: CompiledRule): string {
  if (rule.kind === 'grant') return `grant ${rule.source.grant}`;
  if (rule.kind === 'limit') return `limit ${rule.source.limit}`;
  return `record ${rule.record}`;
}

function trace(rule: CompiledRule, r: PolicyRequest, field?: ClassifiedField): RuleTrace {
  const t: RuleTrace = {
    rule: rule.id,
    does: does(rule),
    applied: ruleApplies(rule, r),
    outcome: OUTCOME[ruleTruth(rule, r)],
    conditions: traceConditions(rule, r),
  };
  if (!rule.consent) return t;
  const matched = consentMatches(r);
  if (!matched || field === undefined) return { ...t, consent: { matched } };
  const owner = consentOpens(rule, field.subject, r);
  if (!owner) return { ...t, consent: { matched, owner } };
  return {
    ...t,
    consent: { matched, owner, scope: EFFECTS[scopeRank(r.context!.consent!.scope, field.path)]! },
  };
}

/** Builds an explanation for a rule set and the decision it produced. */
export function explainSet(
  set: RuleSet,
  fields: readonly ClassifiedField[],
  r: PolicyRequest,
  decision: PolicyDecision,
): PolicyExplanation {
  const record = set.rules.filter((x) => x.record !== undefined).map((x) => trace(x, r));
  const out: Record<string, FieldExplanation> = {};
  fields.forEach((f, i) => {
    out[f.path] = {
      effect: decision.fields[f.path]!.effect,
      candidates: set.fieldCands[i]!.map((k) => trace(set.rules[k]!, r, f)),
    };
  });
  return { decision, record, fields: out };
}

/** An explanation of a forced denial. */
export function explainForced(
  fields: readonly ClassifiedField[],
  decision: PolicyDecision,
): PolicyExplanation {
  const out: Record<string, FieldExplanation> = {};
  for (const f of fields) out[f.path] = { effect: 'deny', candidates: [] };
  return { decision, record: [], fields: out, forced: decision.forced };
}

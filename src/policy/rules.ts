// Validates the rules of a parsed policy document against a schema and compiles each to closures.
import { PiiError } from '../errors.js';
import { type ClassifiedField, type Level, levelRank } from '../schema/index.js';
import { type AttrEnv, type CompiledCondition, type Truth, allOf, compileCondition } from './conditions.js';
import type { PolicyConsentClaims, PolicyRequest } from './request.js';
import type { PolicyRule, PolicySpec } from './spec.js';

/** A compiled rule. Levels: 0 deny, 1 mask, 2 allow. */
export interface CompiledRule {
  readonly id: string;
  readonly source: PolicyRule;
  readonly roles: ReadonlySet<string> | undefined;
  readonly purposes: ReadonlySet<string> | undefined;
  readonly when: readonly CompiledCondition[];
  readonly anyOf: ReadonlyArray<readonly CompiledCondition[]> | undefined;
  /** No conditions and not a consent grant: it always applies to its roles and purposes. */
  readonly unconditional: boolean;
  /** 'grant', 'limit', or 'record' (a rule that only decides record visibility). */
  readonly kind: 'grant' | 'limit' | 'record';
  /** Grant or limit level (0-2); consent grants read the level from the token's scope. */
  readonly level: 0 | 1 | 2;
  readonly consent: boolean;
  /**
   * For consent grants: subject roles whose subject the rule's own `when` ties to the token's
   * subject (`context.consent.subject == resource.<a field of that role>`).
   */
  readonly boundRoles: ReadonlySet<string>;
  /** For consent grants: the rule's `when` requires a token bound to this record. */
  readonly bindsRecord: boolean;
  readonly record: 'allow' | 'deny' | undefined;
  /** Indexes of the schema fields the rule covers. */
  readonly fieldIdx: readonly number[];
  readonly fieldSet: ReadonlySet<number>;
}

export const RANK = { deny: 0, mask: 1, allow: 2 } as const;
export const EFFECTS = ['deny', 'mask', 'allow'] as const;

/** Matches a field pattern: exact path, `'prefix.*'` (every path below prefix), or `'**'`. */
export function patternMatches(pattern: string, path: string): boolean {
  if (pattern === '**') return true;
  if (pattern.endsWith('.*')) return path.startsWith(pattern.slice(0, -1));
  return pattern === path;
}

function isPatternWellFormed(p: string): boolean {
  if (p === '**') return true;
  const star = p.indexOf('*');
  if (star === -1) return true;
  return star === p.length - 1 && p.length >= 3 && p[p.length - 2] === '.';
}

/** The level a consent scope gives a path: highest matching pattern (consent module semantics). */
export function scopeRank(scope: PolicyConsentClaims['scope'], path: string): 0 | 1 | 2 {
  let best: 0 | 1 | 2 = 0;
  for (const p in scope) {
    if (!Object.hasOwn(scope, p) || !patternMatches(p, path)) continue;
    const l = scope[p] === 'allow' ? 2 : scope[p] === 'mask' ? 1 : 0;
    if (l > best) best = l;
    if (best === 2) break;
  }
  return best;
}

function ms(v: Date | number | undefined): number | undefined {
  return v instanceof Date ? v.getTime() : v;
}

/** Whether the request's consent claims are for this actor, purpose, record and time. */
export function consentMatches(r: PolicyRequest): boolean {
  const c = r.context?.consent;
  if (c === undefined || c === null || typeof c !== 'object') return false;
  if (c.purpose !== r.purpose || c.grantee !== r.actor.id) return false;
  if (c.resource !== undefined && c.resource !== r.recordId) return false;
  const now = r.context?.now === undefined ? Date.now() : ms(r.context.now)!;
  const exp = ms(c.expiresAt);
  if (typeof exp !== 'number' || !(now < exp)) return false;
  const nbf = ms(c.notBefore);
  if (nbf !== undefined && !(now >= nbf)) return false;
  return c.scope !== null && typeof c.scope === 'object';
}

/**
 * Whether a consent grant that applies may open a field whose subject role is `subject`
 * (undefined: the field belongs to the record). A token bound to a resource has already been
 * matched to this record id by {@link consentMatches}; any other token opens only fields of a
 * role whose subject in this record is the token's subject, as the rule's own conditions
 * establish or the request's `subjects` state; when both speak they must agree (they do: the
 * condition held), and a stated subject that differs closes the field. docs/policy.md,
 * "Consent is bound to its customer".
 */
export function consentOpens(rule: CompiledRule, subject: string | undefined, r: PolicyRequest): boolean {
  const c = r.context!.consent!;
  if (c.resource !== undefined) return true;
  if (subject === undefined) return false;
  const given = r.subjects;
  if (given !== undefined && Object.hasOwn(given, subject)) return given[subject] === c.subject;
  return rule.boundRoles.has(subject);
}

/** Kleene truth of a rule's conditions. */
export function ruleTruth(rule: CompiledRule, r: PolicyRequest): Truth {
  const t = rule.when.length === 0 ? 1 : allOf(rule.when, r);
  if (t === 0 || rule.anyOf === undefined) return t;
  let best: Truth = 0;
  for (let i = 0; i < rule.anyOf.length; i++) {
    const g = allOf(rule.anyOf[i]!, r);
    if (g === 1) {
      best = 1;
      break;
    }
    if (g === 2) best = 2;
  }
  if (best === 0) return 0;
  return t === 2 || best === 2 ? 2 : 1;
}

/** Whether a rule applies: grants need their conditions to hold; limits apply unless they fail. */
export function ruleApplies(rule: CompiledRule, r: PolicyRequest): boolean {
  const t = ruleTruth(rule, r);
  if (rule.kind === 'limit' || rule.record === 'deny') return t !== 0;
  if (t !== 1) return false;
  return !rule.consent || consentMatches(r);
}

function invalid(ruleId: string | undefined, msg: string): PiiError {
  const where = ruleId === undefined ? 'Policy' : `Policy rule '${ruleId}'`;
  return new PiiError(
    'POLICY_INVALID',
    `${where}: ${msg}.`,
    ruleId === undefined ? {} : { details: { rule: ruleId } },
  );
}

export interface RuleEnv {
  readonly fields: readonly ClassifiedField[];
  readonly sealLevel: Level;
}

/** Builds the attribute environment: which resource fields conditions may read. */
export function attrEnv(spec: PolicySpec, env: RuleEnv): AttrEnv {
  const seal = levelRank(env.sealLevel);
  const resourceFields = new Map<string, ClassifiedField>();
  const forbiddenResource = new Map<string, string>();
  for (const f of env.fields) {
    if (f.path.includes('[]') || f.path.includes('{}') || f.path === '$') {
      forbiddenResource.set(f.path, 'is inside a list; conditions read single fields only');
    } else if (levelRank(f.level) >= seal) {
      forbiddenResource.set(
        f.path,
        `is a sealed (${f.level}) field; conditions may read only non-sealed fields`,
      );
    } else resourceFields.set(f.path, f);
  }
  return {
    resourceFields,
    forbiddenResource,
    actorAttrs: new Set(spec.actorAttrs ?? []),
    contextAttrs: new Set(spec.contextAttrs ?? []),
  };
}

const NO_BINDING = { roles: new Set<string>() as ReadonlySet<string>, record: false };

/**
 * What a consent rule's `when` conditions tie the token to: subject roles (an `==` between
 * `context.consent.subject` and a resource field of that role) and the record (an `==` between
 * `context.consent.resource` and `context.recordId`). Only `when` counts: an `anyOf` group may
 * be the one that did not hold.
 */
function consentBinding(
  rule: PolicyRule,
  fields: readonly ClassifiedField[],
  index: ReadonlyMap<string, number>,
): { roles: ReadonlySet<string>; record: boolean } {
  const roles = new Set<string>();
  let record = false;
  for (const [a, op, v] of rule.when ?? []) {
    if (op !== '==' || typeof v !== 'object' || v === null || Array.isArray(v)) continue;
    const b = (v as { ref: string }).ref;
    const pair = (x: string, y: string) => (a === x && b === y) || (a === y && b === x);
    if (pair('context.consent.resource', 'context.recordId')) record = true;
    const other = a === 'context.consent.subject' ? b : b === 'context.consent.subject' ? a : undefined;
    if (other?.startsWith('resource.')) {
      const i = index.get(other.slice('resource.'.length));
      const role = i === undefined ? undefined : fields[i]!.subject;
      if (role !== undefined) roles.add(role);
    }
  }
  return { roles, record };
}

/** Validates and compiles every rule; throws POLICY_INVALID naming the rule id. */
export function compileRules(
  spec: PolicySpec,
  env: RuleEnv,
): { rules: CompiledRule[]; knownRoles: Set<string> } {
  const purposes = new Set(spec.purposes);
  if (purposes.size !== spec.purposes.length) throw invalid(undefined, 'purposes are listed twice');
  const declaredRoles = spec.roles ? new Set(spec.roles) : undefined;
  const knownRoles = new Set(spec.roles ?? []);
  const ae = attrEnv(spec, env);
  const ids = new Set<string>();
  const out: CompiledRule[] = [];
  const index = new Map(env.fields.map((f, i) => [f.path, i]));
  for (const rule of spec.rules) {
    const id = rule.id;
    if (ids.has(id)) throw invalid(id, 'the id is used by another rule; rule ids must be unique');
    ids.add(id);
    for (const role of rule.roles ?? []) {
      if (declaredRoles && !declaredRoles.has(role))
        throw invalid(id, `role '${role}' is not in the policy's roles`);
      knownRoles.add(role);
    }
    if (rule.roles?.length === 0) throw invalid(id, 'roles is empty; omit it to mean every role');
    if (rule.purposes?.length === 0) throw invalid(id, 'purposes is empty; omit it to mean every purpose');
    for (const p of rule.purposes ?? []) {
      if (!purposes.has(p)) throw invalid(id, `purpose '${p}' is not in the policy's purposes`);
    }
    if (rule.grant !== undefined && rule.limit !== undefined)
      throw invalid(id, 'a rule either grants or limits, not both');
    if (rule.grant !== undefined && rule.record === 'deny')
      throw invalid(id, "a grant rule cannot hide the record; use a separate rule with record: 'deny'");
    if (rule.limit !== undefined && rule.record === 'allow')
      throw invalid(id, "a limit rule cannot show the record; use a separate rule with record: 'allow'");
    const kind = rule.grant !== undefined ? 'grant' : rule.limit !== undefined ? 'limit' : 'record';
    if (kind === 'record' && rule.record === undefined)
      throw invalid(id, 'the rule has no grant, limit or record effect');
    if (kind !== 'record' && rule.fields === undefined) throw invalid(id, `a ${kind} rule needs fields`);
    if (kind === 'record' && rule.fields !== undefined) throw invalid(id, 'fields need a grant or a limit');
    if (rule.fields !== undefined && rule.fields.length === 0) throw invalid(id, 'the field list is empty');
    const fieldIdx = new Set<number>();
    for (const p of rule.fields ?? []) {
      if (!isPatternWellFormed(p))
        throw invalid(id, `field pattern '${p}' is malformed (use a path, 'prefix.*' or '**')`);
      let hit = false;
      const exact = p.endsWith('*') ? undefined : index.get(p);
      if (exact !== undefined) {
        fieldIdx.add(exact);
        hit = true;
      } else if (p.endsWith('*')) {
        const prefix = p === '**' ? '' : p.slice(0, -1);
        for (let i = 0; i < env.fields.length; i++) {
          if (env.fields[i]!.path.startsWith(prefix)) {
            fieldIdx.add(i);
            hit = true;
          }
        }
      }
      if (!hit) throw invalid(id, `field '${p}' matches no field of the schema`);
    }
    const compileAll = (cs: PolicyRule['when']): CompiledCondition[] =>
      (cs ?? []).map((c) => {
        const cc = compileCondition(c, ae);
        if (typeof cc === 'string') throw invalid(id, cc);
        return cc;
      });
    const when = compileAll(rule.when);
    if (rule.anyOf?.some((g) => g.length === 0)) throw invalid(id, 'an anyOf group is empty');
    const anyOf = rule.anyOf?.map((g) => compileAll(g));
    const consent = rule.grant === 'consent';
    const binding = consent ? consentBinding(rule, env.fields, index) : NO_BINDING;
    const level =
      kind === 'grant'
        ? consent
          ? 2
          : RANK[rule.grant as 'allow' | 'mask']
        : kind === 'limit'
          ? RANK[rule.limit!]
          : 0;
    out.push({
      id,
      source: rule,
      roles: rule.roles ? new Set(rule.roles) : undefined,
      purposes: rule.purposes ? new Set(rule.purposes) : undefined,
      when,
      anyOf: anyOf && anyOf.length > 0 ? anyOf : undefined,
      unconditional: when.length === 0 && !(anyOf && anyOf.length > 0) && !consent,
      kind,
      level,
      consent,
      boundRoles: binding.roles,
      bindsRecord: binding.record,
      record: rule.record,
      fieldIdx: [...fieldIdx].sort((a, b) => a - b),
      fieldSet: fieldIdx,
    });
  }
  // Rule order never matters: every list downstream follows rule-id order.
  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rules: out, knownRoles };
}

/**
 * courier-pii/policy: who may see how much of a record, and why. Policies are JSON documents
 * (zod-validated, versioned, hashed) or typed builders whose field paths are checked by the
 * compiler. Effects form the lattice deny < mask < allow: grant rules raise a field, limit rules
 * cap it, no grant means deny; record visibility is a separate decision, so a field grant never
 * exposes a whole record. Decisions carry the rule ids behind every effect, can be explained
 * condition by condition, audited, and turned into views that decrypt only what is shown.
 * See docs/policy.md.
 *
 * @module
 */
export { definePolicy, policyFromJson } from './policy.js';
export type { DecideItem, DenyList, Policy, PolicyOptions } from './policy.js';
export { CONDITION_OPS, policySpecSchema } from './spec.js';
export type {
  Condition,
  ConditionLiteral,
  ConditionOp,
  ConditionOperand,
  Effect,
  FieldPattern,
  GrantLevel,
  LimitLevel,
  PolicyAttribute,
  PolicyRule,
  PolicySpec,
  TypedPolicySpec,
} from './spec.js';
export type {
  FieldDecision,
  ForcedDenial,
  PolicyActor,
  PolicyConsentClaims,
  PolicyContext,
  PolicyDecision,
  PolicyRequest,
} from './request.js';
export type {
  ConditionOutcome,
  ConditionTrace,
  FieldExplanation,
  PolicyExplanation,
  RuleTrace,
} from './explain.js';
export type { PolicyWarning } from './warnings.js';
export type { PurposeFreeze } from './purpose-freeze.js';
export { LEGAL_BASES } from './purpose-basis.js';
export type { LegalBasis, PurposeConsentReader } from './purpose-basis.js';
export { view, viewMany } from './view.js';
export type { ViewItem, ViewManyVault, ViewOptions, ViewVault } from './view.js';

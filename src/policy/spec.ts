// The policy document: its JSON shape (validated with zod) and its typed form for builders.
// docs/policy.md, "The policy document".
import * as z from 'zod';
import type { FieldPath, PathsAt } from '../schema/index.js';

/** Field effects, ordered: `deny` < `mask` < `allow`. */
export type Effect = 'deny' | 'mask' | 'allow';

/** Condition operators. */
export type ConditionOp = '==' | '!=' | 'in' | 'not_in' | '<' | '<=' | '>' | '>=' | 'exists';

/**
 * The condition operators as a frozen array.
 *
 * @example
 * ```ts
 * import { CONDITION_OPS } from 'courier-pii/policy';
 * console.log(CONDITION_OPS.includes('not_in')); // true
 * ```
 */
export const CONDITION_OPS: readonly ConditionOp[] = Object.freeze([
  '==',
  '!=',
  'in',
  'not_in',
  '<',
  '<=',
  '>',
  '>=',
  'exists',
] as const);

/** A literal compared against an attribute. */
export type ConditionLiteral = string | number | boolean;

/** The right-hand side of a condition: a literal, a list (for `in` / `not_in`) or another attribute. */
export type ConditionOperand<A extends string = string> =
  | ConditionLiteral
  | readonly ConditionLiteral[]
  | { readonly ref: A };

/** One condition: `[attribute, operator, operand]`. */
export type Condition<A extends string = string> = readonly [A, ConditionOp, ConditionOperand<A>];

/** What a rule grants: a level, or whatever a verified consent token's scope allows. */
export type GrantLevel = 'allow' | 'mask' | 'consent';

/** What a limit rule caps a field at. */
export type LimitLevel = 'mask' | 'deny';

/**
 * One rule of a policy, with field patterns and attributes as plain strings (JSON form). In a
 * typed policy `P` and `R` are the purposes and roles the document declares.
 */
export interface PolicyRule<
  F extends string = string,
  A extends string = string,
  P extends string = string,
  R extends string = string,
> {
  /** Unique id, reported in decisions and audit entries. */
  id: string;
  /** Free text for reviewers. */
  description?: string;
  /** Roles the rule applies to (absent: every role the policy knows). */
  roles?: readonly R[];
  /** Purposes the rule applies to (absent: every purpose of the policy). */
  purposes?: readonly P[];
  /** Conditions that must all hold. */
  when?: ReadonlyArray<Condition<A>>;
  /** Alternatives: at least one group must hold entirely (in addition to `when`). */
  anyOf?: ReadonlyArray<ReadonlyArray<Condition<A>>>;
  /** Field paths or patterns (`'recipient.*'`, `'**'`); required with `grant` or `limit`. */
  fields?: readonly F[];
  /** Raise the fields to this effect (or to what the consent token allows). */
  grant?: GrantLevel;
  /** Cap the fields at this effect. */
  limit?: LimitLevel;
  /**
   * Record visibility: `'allow'` shows the record when the rule holds, `'deny'` hides it.
   * Field grants never show the record by themselves (docs/policy.md, "Record and fields").
   */
  record?: 'allow' | 'deny';
}

/**
 * A policy document (JSON form). In a typed policy `P` and `R` are inferred from `purposes`
 * and `roles` only, so a rule naming a purpose or role the document does not declare does not
 * compile.
 */
export interface PolicySpec<
  F extends string = string,
  A extends string = string,
  P extends string = string,
  R extends string = string,
> {
  /** Document format tag; the only one is `courier-pii/policy@1` (default). */
  format?: 'courier-pii/policy@1';
  /** Policy id, e.g. `courier-platform`. */
  id: string;
  /** The policy's own version, bumped on every change. */
  version: string | number;
  /** Free text. */
  description?: string;
  /** Every purpose of processing the policy knows; any other purpose is denied. */
  purposes: readonly P[];
  /** Every role the policy knows (absent: the roles its rules name). Actors with no known role are denied. */
  roles?: readonly R[];
  /** Names usable as `actor.attrs.<name>`. */
  actorAttrs?: readonly string[];
  /** Names usable as `context.attrs.<name>`. */
  contextAttrs?: readonly string[];
  /** The rules; their order does not matter. */
  rules: ReadonlyArray<PolicyRule<F, A, NoInfer<P>, NoInfer<R>>>;
}

type Prefixes<P extends string> = P extends `${infer H}.${infer T}` ? H | `${H}.${Prefixes<T>}` : never;

/** A field pattern of schema `S`: a leaf path, a subtree `'prefix.*'`, or `'**'`. */
export type FieldPattern<S> = FieldPath<S> | `${Prefixes<FieldPath<S>>}.*` | '**';

/** Attributes a condition may read for schema `S` (resource attributes: non-sealed, non-array leaves). */
export type PolicyAttribute<S> =
  | 'actor.id'
  | 'actor.roles'
  | `actor.attrs.${string}`
  | `resource.${Exclude<Exclude<FieldPath<S>, PathsAt<S, 'sensitive'>>, `${string}[]${string}` | `${string}{}${string}`>}`
  | 'context.now'
  | 'context.purpose'
  | 'context.recordId'
  | `context.consent.${'subject' | 'grantee' | 'purpose' | 'resource' | 'tokenId' | 'issuer' | 'expiresAt' | 'notBefore'}`
  | `context.attrs.${string}`;

/**
 * A policy document typed against schema `S`: a misspelled field path does not compile, and
 * neither does a rule's purpose or role that is not in the document's `purposes` or `roles`
 * (`P`, `R`; without a `roles` list any role name is accepted, as at run time).
 */
export type TypedPolicySpec<S, P extends string = string, R extends string = string> = PolicySpec<
  FieldPattern<S>,
  PolicyAttribute<S>,
  P,
  R
>;

const LITERAL = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);
// Flat union, most frequent forms first: fewer failed branches (and zod issues) per condition.
const OPERAND = z.union([
  z.string().max(1000),
  z.strictObject({ ref: z.string().min(1).max(200) }),
  z.number().finite(),
  z.boolean(),
  z.array(LITERAL).max(1000),
]);
const CONDITION = z.tuple([
  z.string().min(1).max(200),
  z.enum(CONDITION_OPS as [ConditionOp, ...ConditionOp[]]),
  OPERAND,
]);
const NAME = z.string().min(1).max(100);
const NAMES = z.array(NAME).max(1000);

const RULE = z.strictObject({
  id: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/,
      'rule ids are 1-100 letters, digits and . _ : / - characters',
    ),
  description: z.string().max(2000).optional(),
  roles: NAMES.optional(),
  purposes: NAMES.optional(),
  when: z.array(CONDITION).max(100).optional(),
  anyOf: z.array(z.array(CONDITION).max(100)).max(100).optional(),
  fields: z.array(z.string().min(1).max(300)).max(10_000).optional(),
  grant: z.enum(['allow', 'mask', 'consent']).optional(),
  limit: z.enum(['mask', 'deny']).optional(),
  record: z.enum(['allow', 'deny']).optional(),
});

/**
 * The zod schema of a policy document (JSON form). `definePolicy` and `policyFromJson` parse
 * with it and then check paths, attributes, roles and purposes against the record schema.
 *
 * @example
 * ```ts
 * import { policySpecSchema } from 'courier-pii/policy';
 * const r = policySpecSchema.safeParse({ id: 'p', version: 1, purposes: ['delivery'], rules: [] });
 * console.log(r.success); // true
 * ```
 */
export const policySpecSchema = z.strictObject({
  format: z.literal('courier-pii/policy@1').optional(),
  id: NAME,
  version: z.union([z.string().min(1).max(100), z.number().int().nonnegative()]),
  description: z.string().max(5000).optional(),
  purposes: NAMES,
  roles: NAMES.optional(),
  actorAttrs: NAMES.optional(),
  contextAttrs: NAMES.optional(),
  rules: z.array(RULE).max(10_000),
});

// definePolicy: validate a policy document against a schema, compile it once per (role, purpose),
// and return decide / decideMany / explain / view. docs/policy.md.
import type * as z from 'zod';
import type { AuditEventOf, AuditLog } from '../audit/index.js';
import { PiiError } from '../errors.js';
import {
  type ClassifiedField,
  type FieldPath,
  type Level,
  type View,
  classify,
  isLevel,
} from '../schema/index.js';
import { checkRequestLengths } from './limits.js';
import { type RuleSet, buildRuleSet, forcedDecision, run } from './engine.js';
import { type PolicyExplanation, explainForced, explainSet } from './explain.js';
import { hashSpec } from './hash.js';
import { type LegalBasis, type PurposeConsentReader, consentLive, consentPurposes } from './purpose-basis.js';
import { checkIssued, issue } from './issued.js';
import type { FieldDecision, ForcedDenial, PolicyDecision, PolicyRequest } from './request.js';
import { compileRules } from './rules.js';
import { type PolicySpec, type TypedPolicySpec, policySpecSchema } from './spec.js';
import { compileFreeze, type PurposeFreeze } from './purpose-freeze.js';
import {
  type ViewItem,
  type ViewManyVault,
  type ViewOptions,
  type ViewVault,
  view,
  viewMany,
} from './view.js';
import { type PolicyWarning, policyWarnings } from './warnings.js';
import { checkOptions } from '../_internal/options.js';
import { CONTEXT_OPTIONS, POLICY_OPTIONS, VIEW_OPTIONS } from './option-names.js';

/** A set of actor ids whose every request is denied (for example the monitor's deny list). */
export interface DenyList {
  has(actorId: string): boolean;
}

/** Options of {@link definePolicy}. */
export interface PolicyOptions {
  /** Lowest level the vault seals (default `sensitive`): conditions may read only fields below it. */
  sealLevel?: Level;
  /** When given, every decision appends an `access.decision` event (ids, paths, effects, rule ids; never values). */
  audit?: Pick<AuditLog, 'append'>;
  /** Called with the error when an audit append fails (the error is also raised by `flush()` and `view()`). */
  onAuditError?: (error: unknown) => void;
  /** Called after every decision (the monitor hooks in here). Must not throw. */
  onDecision?: (request: PolicyRequest, decision: PolicyDecision) => void;
  /** Actors on this list are denied everything (record and every field). */
  denyList?: DenyList;
  /**
   * Binds the policy to the purposes a company handover transferred (PIPL Art. 22): a request for
   * any other purpose is denied (`forced: 'purpose-frozen'`) until the person's new consent is
   * recorded in `consent`; then only that person's fields are decided as the rules say.
   */
  purposeFreeze?: PurposeFreeze;
  /**
   * The legal basis of every purpose (PIPL Art. 13). When given, every purpose of the document
   * needs one; a `consent` purpose is denied (forced `no-purpose-consent`) unless every subject
   * of the request has a live purpose consent in the reader.
   */
  purposeBases?: Readonly<Record<string, LegalBasis>>;
  /** Where live purpose consents are read (a request's `context.purposeConsents` overrides it). */
  purposeConsents?: PurposeConsentReader;
}

/** One record of a list page for {@link Policy.decideMany}. */
export interface DecideItem {
  /** The record (sealed or plain). */
  resource: unknown;
  /** Its id; a decision meant for a view needs one (the view accepts it for this record only). */
  recordId?: string;
  /** Whose data the record holds, per subject role (see {@link PolicyRequest.subjects}). */
  subjects?: Readonly<Record<string, string>>;
}

/** A compiled policy. */
export interface Policy<S = unknown> {
  /** The policy document's id. */
  readonly id: string;
  /** The policy document's version. */
  readonly version: string | number;
  /** SHA-256 (hex) of the canonical JSON of the document. */
  readonly policyHash: string;
  /** The validated document. */
  readonly spec: PolicySpec;
  /** Rules that can never match or never change a decision. */
  readonly warnings: readonly PolicyWarning[];
  /** Every field path decided, in schema order. */
  readonly paths: ReadonlyArray<FieldPath<S>>;
  /**
   * Decides record visibility and every field's effect for one request. With `recordId`, the
   * decision is bound to that record: `view()` accepts it for that record only.
   * @throws PiiError INVALID_ARGUMENT for a malformed request, or an actor id over 256
   *   characters, a purpose or role over 100, more than 1,000 roles (refused before an audit
   *   log's guard reads them)
   */
  decide(request: PolicyRequest): PolicyDecision<FieldPath<S>>;
  /** Decides a list page: one decision per record, same actor, purpose and context. */
  decideMany(
    request: Omit<PolicyRequest, 'resource' | 'recordId' | 'subjects'>,
    items: readonly DecideItem[],
  ): Array<PolicyDecision<FieldPath<S>>>;
  /**
   * The decision with every candidate rule per field and how each condition evaluated. Not
   * audited and not seen by the monitor, so its decision cannot open a view.
   */
  explain(request: PolicyRequest): PolicyExplanation;
  /**
   * {@link view} after waiting for this policy's pending audit appends (fails closed when one
   * failed); also refuses a decision made by another policy (DECISION_INVALID).
   */
  view<T extends z.ZodType>(
    vault: ViewVault,
    schema: T,
    sealed: unknown,
    decision: PolicyDecision,
    options: ViewOptions,
  ): Promise<View<T>>;
  /**
   * {@link viewMany} after waiting for this policy's pending audit appends (fails closed when one
   * failed): the views of a list page, its keys loaded once for the page. With
   * {@link Policy.decideMany}, the way to show a list of records.
   */
  viewMany<T extends z.ZodType>(
    vault: ViewManyVault,
    schema: T,
    items: readonly ViewItem[],
  ): Promise<Array<View<T>>>;
  /** Waits for pending audit appends; throws the first append failure. */
  flush(): Promise<void>;
}

type AnySchema = z.core.$ZodType;

function formatIssue(spec: unknown, issue: z.core.$ZodIssue): string {
  const path = issue.path;
  let where = 'Policy';
  if (path[0] === 'rules' && typeof path[1] === 'number') {
    const id = (spec as { rules?: Array<{ id?: unknown }> }).rules?.[path[1]]?.id;
    where = typeof id === 'string' ? `Policy rule '${id.slice(0, 100)}'` : `Policy rule #${path[1]}`;
  }
  const at = path.length > 0 ? ` at ${path.map(String).join('.')}` : '';
  return `${where}: ${issue.message}${at}.`;
}

/** Enum / literal values of non-sealed scalar fields, for NEVER_MATCHES warnings. */
function enumValues(schema: AnySchema, fields: readonly ClassifiedField[]): Map<string, readonly unknown[]> {
  const out = new Map<string, readonly unknown[]>();
  type D = {
    type: string;
    innerType?: AnySchema;
    shape?: Record<string, AnySchema>;
    entries?: Record<string, unknown>;
    values?: unknown[];
  };
  const def = (s: AnySchema | undefined): D | undefined =>
    (s as { _zod?: { def?: D } } | undefined)?._zod?.def;
  for (const f of fields) {
    if (f.kind !== 'untagged' || f.path.includes('[]') || f.path.includes('{}')) continue;
    let s: AnySchema | undefined = schema;
    for (const key of f.path.split('.')) {
      let d = def(s);
      while (d?.innerType) {
        s = d.innerType;
        d = def(s);
      }
      s = d?.shape?.[key];
    }
    let d = def(s);
    while (d?.innerType) d = def(d.innerType);
    if (d?.type === 'enum' && d.entries) out.set(`resource.${f.path}`, Object.values(d.entries));
    else if (d?.type === 'literal' && d.values) out.set(`resource.${f.path}`, d.values);
  }
  return out;
}

/** Compiles a parsed document. */
function compile<S>(schema: AnySchema, raw: unknown, options: PolicyOptions = {}): Policy<S> {
  checkOptions('definePolicy', options, POLICY_OPTIONS);
  const parsed = policySpecSchema.safeParse(raw);
  if (!parsed.success) throw new PiiError('POLICY_INVALID', formatIssue(raw, parsed.error.issues[0]!));
  const spec = parsed.data as PolicySpec;
  const sealLevel = options.sealLevel ?? 'sensitive';
  if (!isLevel(sealLevel))
    throw new PiiError('INVALID_ARGUMENT', 'sealLevel must be public, internal or sensitive.');
  const fields = classify(schema);
  const { rules, knownRoles } = compileRules(spec, { fields, sealLevel });
  const warnings = Object.freeze(policyWarnings(rules, enumValues(schema, fields), fields));
  const policyHash = hashSpec(spec);
  const denyAll: FieldDecision = Object.freeze({
    effect: 'deny',
    rules: Object.freeze([]) as readonly string[],
  });
  const forced = {
    'unknown-purpose': forcedDecision(fields, policyHash, 'unknown-purpose', denyAll),
    'unknown-role': forcedDecision(fields, policyHash, 'unknown-role', denyAll),
    'deny-list': forcedDecision(fields, policyHash, 'deny-list', denyAll),
    'purpose-frozen': forcedDecision(fields, policyHash, 'purpose-frozen', denyAll),
    'no-purpose-consent': forcedDecision(fields, policyHash, 'no-purpose-consent', denyAll),
  } satisfies Record<ForcedDenial, PolicyDecision>;

  // purpose → role key → rule set. Single roles are compiled now; role combinations on first use.
  const sets = new Map<string, Map<string, RuleSet>>();
  for (const p of spec.purposes) sets.set(p, new Map());
  for (const role of knownRoles) {
    const forRole = rules.filter((x) => x.roles === undefined || x.roles.has(role));
    for (const p of spec.purposes) sets.get(p)!.set(role, buildRuleSet(forRole, fields.length, [role], p));
  }

  const combos = new Map<string, RuleSet>();

  function setFor(r: PolicyRequest): RuleSet | ForcedDenial {
    const byRole = typeof r.purpose === 'string' ? sets.get(r.purpose) : undefined;
    if (byRole === undefined) return 'unknown-purpose';
    const roles = r.actor.roles;
    if (!Array.isArray(roles)) return 'unknown-role';
    if (roles.length === 1) return byRole.get(roles[0]!) ?? 'unknown-role';
    const known = [...new Set(roles.filter((x) => typeof x === 'string' && knownRoles.has(x)))].sort();
    if (known.length === 0) return 'unknown-role';
    if (known.length === 1) return byRole.get(known[0]!)!;
    // Role combinations live in their own map (JSON array keys), so no role name can collide.
    const key = `${r.purpose}\u0000${JSON.stringify(known)}`;
    let set = combos.get(key);
    if (set === undefined) {
      set = buildRuleSet(rules, fields.length, known, r.purpose);
      combos.set(key, set);
    }
    return set;
  }

  function check(r: PolicyRequest): void {
    if (
      r === null ||
      typeof r !== 'object' ||
      r.actor === null ||
      typeof r.actor !== 'object' ||
      typeof r.actor.id !== 'string'
    ) {
      throw new PiiError(
        'INVALID_ARGUMENT',
        'decide needs { actor: { id, roles }, purpose, resource?, recordId?, subjects?, context? }.',
      );
    }
    checkRequestLengths(r.actor.id, r.purpose, r.actor.roles);
    if (r.subjects !== undefined && (typeof r.subjects !== 'object' || r.subjects === null))
      throw new PiiError('INVALID_ARGUMENT', 'subjects must map subject roles to subject ids.');
  }

  const denyList = options.denyList;
  const freeze = compileFreeze(options.purposeFreeze, fields);
  const byConsent = consentPurposes(options.purposeBases, spec.purposes);
  const audit = options.audit;
  const onDecision = options.onDecision;
  const hooked = audit !== undefined || onDecision !== undefined;
  const pending = new Set<Promise<void>>();
  let auditError: unknown;

  function record(r: PolicyRequest, d: PolicyDecision): void {
    if (audit !== undefined) {
      const effects: Record<string, 'allow' | 'mask' | 'deny'> = {};
      const fieldRules: Record<string, string[]> = {};
      const shown: string[] = [];
      const ids = new Set<string>(d.recordRules);
      for (const f of fields) {
        const fd = d.fields[f.path]!;
        effects[f.path] = fd.effect;
        if (fd.rules.length > 0) fieldRules[f.path] = [...fd.rules];
        if (fd.effect !== 'deny') shown.push(f.path);
        for (const id of fd.rules) ids.add(id);
      }
      const event: AuditEventOf<'access.decision'> = {
        kind: 'access.decision',
        actor: r.actor.id,
        purpose: typeof r.purpose === 'string' && r.purpose !== '' ? r.purpose : 'unspecified',
        ...(typeof r.recordId === 'string' ? { records: [r.recordId] } : {}),
        paths: shown,
        data: {
          record: d.record,
          ...(Array.isArray(r.actor.roles) ? { roles: r.actor.roles.map(String) } : {}),
          fields: effects,
          fieldRules,
          rules: [...ids].sort(),
          policyId: spec.id,
          policyVersion: spec.version,
          policyHash,
          ...(d.forced ? { forced: d.forced } : {}),
          ...(d.consentTokenId ? { consentTokenId: d.consentTokenId } : {}),
        },
      };
      let p: Promise<void>;
      try {
        p = audit.append(event).then(
          () => undefined,
          (e: unknown) => fail(e),
        );
      } catch (e) {
        p = Promise.resolve(fail(e));
      }
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    onDecision?.(r, d);
  }

  function fail(e: unknown): void {
    auditError ??= e;
    options.onAuditError?.(e);
  }

  function decideQuiet(r: PolicyRequest): PolicyDecision {
    check(r);
    if (r.context !== undefined) checkOptions('request.context', r.context, CONTEXT_OPTIONS);
    if (denyList?.has(r.actor.id)) return forced['deny-list'];
    if (
      byConsent?.has(r.purpose) &&
      !consentLive(r.context?.purposeConsents ?? options.purposeConsents, r.subjects, r.purpose)
    )
      return forced['no-purpose-consent'];
    const set = setFor(r);
    if (typeof set === 'string') return forced[set];
    const d = run(set, fields, r, policyHash, denyAll);
    if (freeze === undefined) return d;
    const f = freeze.apply(r, d);
    return typeof f === 'string' ? forced[f] : f;
  }

  const consentRules = new Set(rules.filter((x) => x.consent).map((x) => x.id));

  /**
   * The subject roles whose fields a consent token not bound to the record opened, each mapped
   * to the token's subject: view() opens them only under that subject's key (issued.ts).
   */
  function consentSubjects(r: PolicyRequest, d: PolicyDecision): Record<string, string> | undefined {
    const c = r.context?.consent;
    if (d.consentTokenId === undefined || c === undefined || c.resource !== undefined) return undefined;
    const out: Record<string, string> = {};
    for (const f of fields) {
      if (f.subject === undefined) continue;
      if (d.fields[f.path]!.rules.some((id) => consentRules.has(id))) out[f.subject] = c.subject;
    }
    return out;
  }

  function decide(r: PolicyRequest): PolicyDecision {
    let d = decideQuiet(r);
    // Bound to its record id (issued.ts): the only decisions view() accepts.
    if (typeof r.recordId === 'string' && r.recordId !== '') d = issue(d, r.recordId, consentSubjects(r, d));
    if (hooked) record(r, d);
    return d;
  }

  async function flush(): Promise<void> {
    while (pending.size > 0) await Promise.all([...pending]);
    if (auditError !== undefined) {
      throw auditError instanceof PiiError
        ? auditError
        : new PiiError('AUDIT_SINK_FAILED', 'An access decision could not be written to the audit log.', {
            cause: auditError,
          });
    }
  }

  return Object.freeze({
    id: spec.id,
    version: spec.version,
    policyHash,
    spec,
    warnings,
    paths: Object.freeze(fields.map((f) => f.path)) as unknown as ReadonlyArray<FieldPath<S>>,
    decide: decide as Policy<S>['decide'],
    decideMany(base, items) {
      if (!Array.isArray(items))
        throw new PiiError('INVALID_ARGUMENT', 'decideMany needs an array of { resource, recordId? }.');
      if ((base as PolicyRequest)?.subjects !== undefined)
        throw new PiiError(
          'INVALID_ARGUMENT',
          'decideMany takes subjects per record: give them on each item.',
        );
      return items.map((it) =>
        decide({
          ...base,
          resource: it.resource,
          ...(it.recordId === undefined ? {} : { recordId: it.recordId }),
          ...(it.subjects === undefined ? {} : { subjects: it.subjects }),
        }),
      ) as Array<PolicyDecision<FieldPath<S>>>;
    },
    explain(r) {
      const d = decideQuiet(r);
      if (d.forced !== undefined) return explainForced(fields, d);
      return explainSet(setFor(r) as RuleSet, fields, r, d);
    },
    async view(vault, schema2, sealed, decision, viewOptions) {
      checkOptions('view', viewOptions, VIEW_OPTIONS);
      if (decision !== null && typeof decision === 'object' && typeof viewOptions?.recordId === 'string')
        checkIssued(decision, viewOptions.recordId, policyHash);
      await flush();
      return view(vault, schema2, sealed, decision, viewOptions);
    },
    async viewMany(vault, schema2, items) {
      // each decision must be this policy's, as policy.view checks (viewMany checks the rest)
      if (Array.isArray(items))
        for (const it of items)
          if (
            it !== null &&
            typeof it === 'object' &&
            it.decision !== null &&
            typeof it.decision === 'object' &&
            typeof it.recordId === 'string'
          )
            checkIssued(it.decision, it.recordId, policyHash);
      await flush();
      return viewMany(vault, schema2, items);
    },
    flush,
  } satisfies Policy<S>);
}

/**
 * Defines an access policy for records of `schema`: validates the document (zod), checks every
 * field path and attribute against the schema, hashes it, and compiles it once per (role,
 * purpose) into closures (no eval, no `new Function`). Field paths are typed: a misspelled path
 * does not compile, and neither does a rule's purpose or role missing from the document's
 * `purposes` or `roles` list. Effects form the lattice deny < mask < allow; grants raise, limits cap, no
 * grant means deny; record visibility is decided separately (docs/policy.md).
 *
 * @param schema - the record schema (zod, tagged with `pii.*`)
 * @param spec - the policy document
 * @param options - seal level, audit log, decision hook, deny list
 * @returns the compiled policy; `policy.warnings` lists rules that never match or are shadowed
 * @throws PiiError POLICY_INVALID (naming the rule id) for an unknown path, attribute, role or
 *   purpose, a condition on a sealed field, an empty field list or a malformed document
 * @throws PiiError INVALID_ARGUMENT for a bad option
 * @example
 * ```ts
 * import * as z from 'zod';
 * import { definePolicy } from 'courier-pii/policy';
 * import { pii } from 'courier-pii/schema';
 * const Parcel = z.object({
 *   status: z.enum(['in_transit', 'out_for_delivery']),
 *   courierId: z.string(),
 *   recipient: pii.subject('recipient', z.object({ phone: pii.phone(), address: pii.address() })),
 * });
 * const policy = definePolicy(Parcel, {
 *   id: 'courier', version: 1, purposes: ['delivery'], roles: ['courier'],
 *   rules: [{
 *     id: 'assigned-courier', roles: ['courier'], purposes: ['delivery'],
 *     when: [['resource.courierId', '==', { ref: 'actor.id' }], ['resource.status', '==', 'out_for_delivery']],
 *     fields: ['recipient.address'], grant: 'allow', record: 'allow',
 *   }, {
 *     id: 'assigned-courier-phone', roles: ['courier'], purposes: ['delivery'],
 *     when: [['resource.courierId', '==', { ref: 'actor.id' }], ['resource.status', '==', 'out_for_delivery']],
 *     fields: ['recipient.phone'], grant: 'mask',
 *   }],
 * });
 * const d = policy.decide({
 *   actor: { id: 'c-7', roles: ['courier'] }, purpose: 'delivery',
 *   resource: { status: 'out_for_delivery', courierId: 'c-7' },
 * });
 * console.log(d.record, d.fields['recipient.phone'].effect); // true mask
 * ```
 */
export function definePolicy<
  S extends AnySchema,
  const P extends string = string,
  const R extends string = string,
>(schema: S, spec: TypedPolicySpec<S, P, R>, options?: PolicyOptions): Policy<S> {
  return compile<S>(schema, spec, options);
}

/**
 * Loads a policy document that is not typed at compile time (a JSON file, a database row) and
 * compiles it like {@link definePolicy}; every check runs at run time.
 *
 * @param schema - the record schema
 * @param json - the parsed JSON document
 * @param options - as for {@link definePolicy}
 * @returns the compiled policy
 * @throws PiiError POLICY_INVALID, INVALID_ARGUMENT as {@link definePolicy}
 * @example
 * ```ts
 * import * as z from 'zod';
 * import { policyFromJson } from 'courier-pii/policy';
 * import { pii } from 'courier-pii/schema';
 * const S = z.object({ phone: pii.phone() });
 * const policy = policyFromJson(S, JSON.parse('{"id":"p","version":1,"purposes":["billing"],"roles":["staff"],"rules":[{"id":"r","fields":["phone"],"grant":"mask","record":"allow"}]}'));
 * console.log(policy.decide({ actor: { id: 's-1', roles: ['staff'] }, purpose: 'billing' }).fields.phone.effect); // mask
 * ```
 */
export function policyFromJson<S extends AnySchema>(
  schema: S,
  json: unknown,
  options?: PolicyOptions,
): Policy<S> {
  return compile<S>(schema, json, options);
}

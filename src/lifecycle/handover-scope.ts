// A partial transfer: only some schemas, roles or purposes change hands (a division, the sale of
// one business line). The scope is resolved from the caller's records before anything moves: a
// person's key goes when they hold an in-scope role in an in-scope record, a record's own key when
// its record is in scope. Keys out of scope stay with the seller, so the buyer needs its own key
// store. Memory holds one entry per in-scope key id, never a value.
import { checkOptions } from '../_internal/options.js';
import { PiiError } from '../errors.js';
import { schemaId } from '../schema/index.js';
import { HANDOVER_SCOPE_OPTIONS } from './option-names.js';
import { recordKeyOf } from './people.js';
import type { LifecycleRecord, RecordSource } from './record-source.js';
import { digest } from './signing.js';

/** What part of the data changes hands; each list narrows it, an absent list does not. */
export interface HandoverScope {
  /** Schema ids (`pii.id`) whose records go. */
  schemas?: readonly string[];
  /** Roles whose people go (`recipient`, `sender`, …). */
  roles?: readonly string[];
  /** Records processed for at least one of these purposes go. */
  purposes?: readonly string[];
}

/** The scope as the manifest states it. */
export interface ScopeStatement {
  schemas?: string[];
  roles?: string[];
  purposes?: string[];
  /** Keys left with the seller because they are out of scope: people's and records' own. */
  outOfScope: { people: number; records: number };
}

/** A resolved scope. @internal */
export interface ScopeFilter {
  readonly spec: Omit<ScopeStatement, 'outOfScope'>;
  readonly digest: string;
  recordIn(r: LifecycleRecord): boolean;
  roleIn(role: string): boolean;
  has(keyId: string): boolean;
}

function list(name: string, v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string' || x.length === 0))
    throw new PiiError('HANDOVER_INVALID', `scope.${name} must be a non-empty list of non-empty ids.`);
  return [...new Set(v as string[])].sort();
}

/** The normalized scope and its digest, without reading records (for the resume check). @internal */
export function scopeSpec(
  scope: HandoverScope | undefined,
): { spec: ScopeFilter['spec']; digest: string } | undefined {
  if (scope === undefined) return undefined;
  checkOptions('handover scope', scope, HANDOVER_SCOPE_OPTIONS);
  const spec = {
    ...(scope.schemas ? { schemas: list('schemas', scope.schemas) } : {}),
    ...(scope.roles ? { roles: list('roles', scope.roles) } : {}),
    ...(scope.purposes ? { purposes: list('purposes', scope.purposes) } : {}),
  };
  if (!spec.schemas && !spec.roles && !spec.purposes)
    throw new PiiError('HANDOVER_INVALID', 'scope must name schemas, roles or purposes.');
  return { spec, digest: digest(spec) };
}

/** Resolves a scope against the caller's records. @internal */
export async function scopeFilter(
  scope: HandoverScope | undefined,
  records: RecordSource | undefined,
  separateBuyerStore: boolean,
): Promise<ScopeFilter | undefined> {
  const s = scopeSpec(scope);
  if (!s) return undefined;
  if (!records)
    throw new PiiError(
      'HANDOVER_INVALID',
      'A scope needs `records`: the records say which people and keys are in it.',
    );
  if (!separateBuyerStore)
    throw new PiiError(
      'HANDOVER_INVALID',
      "A partial handover needs a separate buyer key store (`to: { keyring, keyStore }`): keys out of scope stay in the seller's.",
    );
  const schemas = s.spec.schemas && new Set(s.spec.schemas);
  const roles = s.spec.roles && new Set(s.spec.roles);
  const purposes = s.spec.purposes && new Set(s.spec.purposes);
  const recordIn = (r: LifecycleRecord): boolean =>
    (!schemas || schemas.has(schemaId(r.schema) ?? '')) &&
    (!purposes || (r.purposes ?? []).some((p) => purposes.has(p)));
  const roleIn = (role: string): boolean => !roles || roles.has(role);
  const keys = new Set<string>();
  for await (const r of records.records()) {
    if (!recordIn(r)) continue;
    keys.add(recordKeyOf(r.id));
    for (const [role, sid] of Object.entries(r.subjects ?? {})) if (roleIn(role)) keys.add(sid);
  }
  return { spec: s.spec, digest: s.digest, recordIn, roleIn, has: (id) => keys.has(id) };
}

// view(): what a decision lets a person see of a sealed record. Only allowed and masked fields
// are decrypted (masked ones only to be masked); denied fields are omitted.
import type * as z from 'zod';
import type { Vault } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { type MaskableKind, maskers, truncateCoordinate } from '../mask/index.js';
import { type Kind, type View, copyData, leaves, setIn } from '../schema/index.js';
import type { PolicyDecision } from './request.js';

/** Options of {@link view}. */
export interface ViewOptions {
  /** The record id given when sealing. */
  recordId: string;
  /** Expected subject per role (passed to `vault.open`). */
  subjects?: Record<string, string>;
}

/** One record of a list page for {@link viewMany}. */
export interface ViewItem {
  /** The sealed record. */
  record: unknown;
  /** Its decision (from `decide` or `decideMany`). */
  decision: PolicyDecision;
  /** The record id given when sealing. */
  recordId: string;
}

/** The part of a vault that views need. */
export type ViewVault = Pick<Vault, 'open'>;

const SEALED = 'cpii1.';

function isSealed(v: unknown): boolean {
  return typeof v === 'string' && v.startsWith(SEALED);
}

/** Removes a leaf, then every enclosing object (not array) that it left empty. */
function drop(root: unknown, at: ReadonlyArray<string | number>): void {
  setIn(root, at, undefined);
  for (let n = at.length - 1; n > 0; n--) {
    let parent: unknown = root;
    for (let i = 0; i < n - 1; i++) parent = (parent as Record<string | number, unknown>)[at[i]!];
    const key = at[n - 1]!;
    const node = (parent as Record<string | number, unknown>)[key];
    if (Array.isArray(parent) || Array.isArray(node) || typeof node !== 'object' || node === null) return;
    if (Object.keys(node).length > 0) return;
    delete (parent as Record<string | number, unknown>)[key];
  }
}

/** The masked display form of a value, or undefined when the kind has no masker (then omitted). */
function masked(kind: Kind | 'untagged', v: unknown): unknown {
  try {
    if (kind === 'geo' && typeof v === 'object' && v !== null) {
      const p = v as { lat?: unknown; lng?: unknown };
      if (typeof p.lat === 'number' && typeof p.lng === 'number') {
        return { ...p, lat: truncateCoordinate(p.lat), lng: truncateCoordinate(p.lng) };
      }
      return undefined;
    }
    if (typeof v !== 'string' || kind === 'untagged' || !Object.hasOwn(maskers, kind)) return undefined;
    return maskers[kind as MaskableKind](v);
  } catch {
    // A value its masker cannot handle is omitted rather than shown.
    return undefined;
  }
}

/**
 * What a decision lets its actor see of a sealed record: allowed fields in full, masked
 * fields through their kind's masker (see `maskers` in `courier-pii/mask`), denied fields
 * omitted. Only allowed and masked fields are decrypted. A record the decision does not show
 * yields `{}`. Masked fields of kinds without a masker (`image`, `custom`, untagged) are omitted,
 * and objects left empty by omissions are removed.
 *
 * @param vault - the vault that sealed the record (only `open` is used)
 * @param schema - the record's schema
 * @param sealed - the sealed record
 * @param decision - the decision for this record (from `policy.decide`)
 * @param options - the record id, optional expected subjects
 * @returns the view
 * @throws PiiError INVALID_ARGUMENT when the decision or record id is missing
 * @throws PiiError CIPHERTEXT_INVALID, KEY_NOT_FOUND, KEY_DESTROYED from `vault.open`
 * @example
 * ```ts
 * import * as z from 'zod';
 * import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { definePolicy, view } from 'courier-pii/policy';
 * import { pii } from 'courier-pii/schema';
 * const S = z.object({ courierId: z.string(), phone: pii.phone() });
 * const vault = createVault({ keyring: createKeyring({ keks: [{ id: 'k1', key: generateKey() }], active: 'k1' }), keyStore: memoryKeyStore(), indexKey: generateKey() });
 * const { record } = await vault.seal(S, { courierId: 'c-1', phone: '13812345678' }, { recordId: 'P1' });
 * const policy = definePolicy(S, { id: 'p', version: 1, purposes: ['delivery'], roles: ['courier'],
 *   rules: [{ id: 'c', roles: ['courier'], fields: ['phone'], grant: 'mask', record: 'allow' }] });
 * const d = policy.decide({ actor: { id: 'c-1', roles: ['courier'] }, purpose: 'delivery', resource: record });
 * const v = await view(vault, S, record, d, { recordId: 'P1' });
 * console.log(v.courierId, v.phone?.includes('****')); // undefined true (courierId: no grant)
 * ```
 */
export async function view<S extends z.ZodType>(
  vault: ViewVault,
  schema: S,
  sealed: unknown,
  decision: PolicyDecision,
  options: ViewOptions,
): Promise<View<S>> {
  if (decision === null || typeof decision !== 'object' || typeof decision.fields !== 'object') {
    throw new PiiError(
      'INVALID_ARGUMENT',
      'view needs the decision returned by policy.decide for this record.',
    );
  }
  if (typeof options?.recordId !== 'string' || options.recordId === '') {
    throw new PiiError(
      'INVALID_ARGUMENT',
      'view needs { recordId }: the id given when the record was sealed.',
    );
  }
  if (!decision.record) return {} as View<S>;
  const ls = leaves(schema, sealed);
  const effectOf = (path: string) =>
    Object.hasOwn(decision.fields, path) ? decision.fields[path]!.effect : 'deny';
  const toOpen = new Set<string>();
  for (const l of ls) if (effectOf(l.path) !== 'deny' && isSealed(l.value)) toOpen.add(l.path);
  const out =
    toOpen.size === 0
      ? copyData(sealed)
      : await vault.open(schema, sealed as Record<string, unknown>, {
          recordId: options.recordId,
          paths: [...toOpen],
          ...(options.subjects ? { subjects: options.subjects } : {}),
        });
  for (const l of ls) {
    const effect = effectOf(l.path);
    if (effect === 'allow') continue;
    if (effect === 'deny') {
      drop(out, l.at);
      continue;
    }
    let cur: unknown = out;
    for (const k of l.at) cur = (cur as Record<string | number, unknown>)[k];
    const m = isSealed(cur) ? undefined : masked(l.kind, cur);
    if (m === undefined) drop(out, l.at);
    else setIn(out, l.at, m);
  }
  return out as View<S>;
}

/**
 * Views of a list page: {@link view} for each record in order. Records are opened one after
 * another so the vault's key cache unwraps each subject key once for the whole page.
 *
 * @param vault - the vault that sealed the records
 * @param schema - the records' schema
 * @param items - each sealed record with its decision and record id
 * @returns one view per item, in order (`{}` for records their decision does not show)
 * @throws PiiError as {@link view}
 * @example
 * ```ts
 * import * as z from 'zod';
 * import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { definePolicy, viewMany } from 'courier-pii/policy';
 * import { pii } from 'courier-pii/schema';
 * const S = z.object({ phone: pii.phone() });
 * const vault = createVault({ keyring: createKeyring({ keks: [{ id: 'k1', key: generateKey() }], active: 'k1' }), keyStore: memoryKeyStore(), indexKey: generateKey() });
 * const a = await vault.seal(S, { phone: '13812345678' }, { recordId: 'P1' });
 * const policy = definePolicy(S, { id: 'p', version: 1, purposes: ['billing'], roles: ['staff'],
 *   rules: [{ id: 's', fields: ['phone'], grant: 'mask', record: 'allow' }] });
 * const d = policy.decide({ actor: { id: 's-1', roles: ['staff'] }, purpose: 'billing' });
 * console.log(await viewMany(vault, S, [{ record: a.record, decision: d, recordId: 'P1' }]));
 * ```
 */
export async function viewMany<S extends z.ZodType>(
  vault: ViewVault,
  schema: S,
  items: readonly ViewItem[],
): Promise<Array<View<S>>> {
  if (!Array.isArray(items))
    throw new PiiError('INVALID_ARGUMENT', 'viewMany needs an array of { record, decision, recordId }.');
  const out: Array<View<S>> = [];
  for (const it of items)
    out.push(await view(vault, schema, it.record, it.decision, { recordId: it.recordId }));
  return out;
}

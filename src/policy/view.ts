// view(): what a decision lets a person see of a sealed record. Only allowed and masked fields
// are decrypted (masked ones only to be masked); denied fields are omitted, and so is everything
// the schema does not describe: the view is built up from the schema's leaves, never copied from
// the stored row (docs/policy.md, "Views").
import type * as z from 'zod';
import type { Vault } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { type MaskableKind, maskers, truncateCoordinate } from '../mask/index.js';
import {
  type Kind,
  type Leaf,
  type Level,
  type View,
  copyData,
  leaves,
  levelRank,
  redactedText,
} from '../schema/index.js';
import { type Binding, checkIssued } from './issued.js';
import type { PolicyDecision } from './request.js';
import { checkOptions } from '../_internal/options.js';
import { VIEW_OPTIONS } from './option-names.js';

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

/** The value at a concrete location, reading own properties only (never through a prototype). */
function ownAt(root: unknown, at: ReadonlyArray<string | number>): unknown {
  let cur = root;
  for (const k of at) {
    if (typeof cur !== 'object' || cur === null || !Object.hasOwn(cur, k)) return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** Sets an own property, also for the key `__proto__` (which plain assignment would treat as the prototype). */
function put(o: Record<string | number, unknown>, k: string | number, v: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}

/**
 * Writes a shown value at its location in the view, creating the objects and lists above it
 * (lists as long as in the stored record, so item indexes keep their meaning).
 */
function place(
  out: Record<string, unknown>,
  source: unknown,
  at: ReadonlyArray<string | number>,
  v: unknown,
): void {
  let cur: Record<string | number, unknown> = out;
  let src = source;
  for (let i = 0; i < at.length - 1; i++) {
    const k = at[i]!;
    src = (src as Record<string | number, unknown>)[k];
    let next = Object.hasOwn(cur, k) ? cur[k] : undefined;
    if (next === undefined) {
      next = typeof at[i + 1] === 'number' ? new Array((src as unknown[]).length).fill(undefined) : {};
      put(cur, k, next);
    }
    cur = next as Record<string | number, unknown>;
  }
  put(cur, at[at.length - 1]!, v);
}

/**
 * The subjects to open under: the caller's, plus the consent token's subject for every role a
 * token not bound to the record opened (so the vault refuses fields of another customer). A
 * caller naming another subject for such a role is refused.
 */
function openSubjects(
  given: Readonly<Record<string, string>> | undefined,
  binding: Binding,
): Record<string, string> | undefined {
  const fromConsent = binding.subjects;
  if (fromConsent === undefined) return given;
  const out: Record<string, string> = { ...given };
  for (const [role, id] of Object.entries(fromConsent)) {
    if (given !== undefined && Object.hasOwn(given, role) && given[role] !== id) {
      throw new PiiError(
        'DECISION_INVALID',
        `A consent token opened the ${role} fields of this decision for another subject than the one given in subjects; check which customer the token belongs to.`,
      );
    }
    out[role] = id;
  }
  return out;
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
 * omitted. Only allowed and masked fields are decrypted; masked free text stored with its
 * redaction (`onSeal: 'redact'`) is shown from the clear redaction, not decrypted, and other
 * free text is masked by redaction (detected spans masked). A record the decision does not show
 * yields `{}`. Masked fields of kinds without a masker (`image`, `custom`, untagged) are omitted,
 * and objects left empty by omissions are removed. Properties the schema does not describe
 * (extra columns of the stored row, keys admitted by `passthrough`, `looseObject` or
 * `catchall`) are never shown. The decision must be the one `policy.decide` issued for this
 * record id; any other (made for another record, taken from `explain()`, copied or built by
 * hand) is refused.
 *
 * @param vault - the vault that sealed the record (only `open` is used)
 * @param schema - the record's schema
 * @param sealed - the sealed record
 * @param decision - the decision `policy.decide` made for this record (with its `recordId`)
 * @param options - the record id, optional expected subjects
 * @returns the view
 * @throws PiiError INVALID_ARGUMENT when the decision or record id is missing
 * @throws PiiError DECISION_INVALID when the decision was not issued by `policy.decide` for this
 *   record id (another record, an `explain()` decision, a copy or a hand-built object)
 * @throws PiiError CIPHERTEXT_INVALID, KEY_NOT_FOUND, KEY_DESTROYED from `vault.open`
 * @throws PiiError VALIDATION_FAILED from `vault.open`, when an allowed or masked field opens to a value its schema refuses
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
 * const d = policy.decide({ actor: { id: 'c-1', roles: ['courier'] }, purpose: 'delivery', resource: record, recordId: 'P1' });
 * const v = await view(vault, S, record, d, { recordId: 'P1' });
 * console.log(v.courierId, v.phone?.includes('****')); // undefined true: courierId has no grant
 * ```
 */
export async function view<S extends z.ZodType>(
  vault: ViewVault,
  schema: S,
  sealed: unknown,
  decision: PolicyDecision,
  options: ViewOptions,
): Promise<View<S>> {
  checkOptions('view', options, VIEW_OPTIONS);
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
  const binding = checkIssued(decision, options.recordId);
  if (!decision.record) return {} as View<S>;
  const subjects = openSubjects(options.subjects, binding);
  const effectOf = (path: string) =>
    Object.hasOwn(decision.fields, path) ? decision.fields[path]!.effect : 'deny';
  // Undescribed values (what a loose object or catchall admits) are never shown (docs/policy.md).
  const shown = leaves(schema, sealed).filter((l) => !l.undescribed && effectOf(l.path) !== 'deny');
  // Masked free text stored with its redaction (onSeal 'redact') is shown from the clear member
  // and never decrypted; allowed, its `sealed` member is opened by the vault.
  const fromRedacted = new Map<Leaf, string>();
  const toOpen = new Set<string>();
  // A clear value where the vault seals (a tampered row, a writer that skipped seal, a note
  // stored under the old internal default) is refused like any other invalid ciphertext, never
  // shown (fail closed; docs/policy.md).
  const sealFrom = levelRank((vault as { sealAtLeast?: Level }).sealAtLeast ?? 'sensitive');
  for (const l of shown) {
    const r = l.kind === 'freeText' ? redactedText(l.value) : undefined;
    if (r !== undefined && effectOf(l.path) === 'mask') fromRedacted.set(l, r);
    else if (r !== undefined || isSealed(l.value)) toOpen.add(l.path);
    else if (l.value !== undefined && l.value !== null && levelRank(l.level) >= sealFrom)
      throw new PiiError(
        'CIPHERTEXT_INVALID',
        'A sealed value could not be opened: it is damaged, truncated, was moved from another field, record, schema or subject, or is not a sealed value.',
      );
  }
  const opened =
    toOpen.size === 0
      ? sealed
      : await vault.open(schema, sealed as Record<string, unknown>, {
          recordId: options.recordId,
          paths: [...toOpen],
          ...(subjects ? { subjects } : {}),
        });
  // Built up from the shown leaves alone: nothing of the stored row that the schema does not
  // describe, and nothing a denied field held, can reach the view.
  const out: Record<string, unknown> = {};
  for (const l of shown) {
    const v = ownAt(opened, l.at);
    if (v === undefined || v === null) continue;
    const r = fromRedacted.get(l);
    let s: unknown;
    // Redacted again on display: idempotent, and catches what an older detector let through.
    if (r !== undefined) s = masked('freeText', r);
    // what is still sealed after opening (a field below the vault's seal level) is never shown
    else if (isSealed(v) || redactedText(v) !== undefined) s = undefined;
    else s = effectOf(l.path) === 'allow' ? copyData(v) : masked(l.kind, v);
    if (s !== undefined) place(out, opened, l.at, s);
  }
  return out as View<S>;
}

/** A vault for {@link viewMany}: `open`, and `openMany` when it has one (a page is then opened at once). */
export type ViewManyVault = ViewVault & Partial<Pick<Vault, 'openMany'>>;

// A path of object keys only: located in a record without walking the schema.
const PLAIN_PATH = /^[A-Za-z0-9_-][A-Za-z0-9_$-]*(\.[A-Za-z0-9_$-]+)*$/;

function plainAt(root: unknown, path: string): unknown {
  let cur = root;
  for (const k of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, k))
      return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/**
 * The paths {@link view} opens for a record: described, shown (not denied) and sealed. Read from
 * the decision's paths where they are plain object keys, else through the schema walk as view
 * does; viewMany hands a view its opened record only when the view asks for exactly these
 * paths, so a difference only costs a second open.
 */
function pathsToOpen(schema: z.ZodType, record: unknown, decision: PolicyDecision): string[] {
  if (!decision.record) return [];
  const out: string[] = [];
  for (const path of Object.keys(decision.fields)) {
    if (decision.fields[path]!.effect === 'deny') continue;
    if (!PLAIN_PATH.test(path)) return walkedPathsToOpen(schema, record, decision);
    if (isSealed(plainAt(record, path))) out.push(path);
  }
  return out;
}

function walkedPathsToOpen(schema: z.ZodType, record: unknown, decision: PolicyDecision): string[] {
  const out = new Set<string>();
  for (const l of leaves(schema, record)) {
    const f = Object.hasOwn(decision.fields, l.path) ? decision.fields[l.path] : undefined;
    if (!l.undescribed && f !== undefined && f.effect !== 'deny' && isSealed(l.value)) out.add(l.path);
  }
  return [...out];
}

/** The same paths, in any order (vault.open reads `paths` as a set). */
function samePaths(a: readonly string[] | undefined, b: readonly string[]): boolean {
  if (a === undefined || a.length !== b.length) return false;
  const s = new Set(b);
  return a.every((p) => s.has(p));
}

function sameSubjects(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  const ka = a === undefined ? [] : Object.keys(a);
  const kb = b === undefined ? [] : Object.keys(b);
  return ka.length === kb.length && ka.every((k) => b !== undefined && Object.hasOwn(b, k) && b[k] === a![k]);
}

/**
 * Views of a list page: {@link view} for each record, in order. With a vault that has
 * `openMany` (every vault from `createVault`), every decision is checked first, then the fields
 * the decisions show are opened for the whole page at once: the page's keys are read in one
 * key-store call and each is unwrapped once. This is the way to show a list of records.
 *
 * @param vault - the vault that sealed the records (`open`, and `openMany` when it has one)
 * @param schema - the records' schema
 * @param items - each sealed record with its decision and record id
 * @returns one view per item, in order (`{}` for records their decision does not show)
 * @throws PiiError as {@link view}; with `openMany`, the page fails as a whole when one of its
 *   records cannot be opened (CIPHERTEXT_INVALID, KEY_NOT_FOUND, KEY_DESTROYED)
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
 * const d = policy.decide({ actor: { id: 's-1', roles: ['staff'] }, purpose: 'billing', recordId: 'P1' });
 * console.log(await viewMany(vault, S, [{ record: a.record, decision: d, recordId: 'P1' }])); // [ { phone: '+86138****5678' } ]
 * ```
 */
export async function viewMany<S extends z.ZodType>(
  vault: ViewManyVault,
  schema: S,
  items: readonly ViewItem[],
): Promise<Array<View<S>>> {
  if (!Array.isArray(items))
    throw new PiiError('INVALID_ARGUMENT', 'viewMany needs an array of { record, decision, recordId }.');
  // What each view will open, for the whole page at once: only for items whose decision is the
  // one issued for their record (checked here first, so nothing is decrypted for a refused
  // view); each view below takes its record from here when it asks for exactly that.
  const wanted: string[][] = [];
  const subjectsOf: Array<Record<string, string> | undefined> = [];
  const opened: unknown[] = [];
  if (typeof vault?.openMany === 'function') {
    const page: number[] = [];
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      const ok =
        it !== null &&
        typeof it === 'object' &&
        typeof it.recordId === 'string' &&
        it.recordId !== '' &&
        it.decision !== null &&
        typeof it.decision === 'object' &&
        typeof it.decision.fields === 'object';
      wanted.push(ok ? pathsToOpen(schema, it.record, it.decision) : []);
      if (ok) subjectsOf[i] = openSubjects(undefined, checkIssued(it.decision, it.recordId));
      if (wanted[i]!.length > 0) page.push(i);
    }
    if (page.length > 0) {
      const got = await vault.openMany(
        schema,
        page.map((i) => {
          const s = subjectsOf[i];
          return {
            record: items[i]!.record as Record<string, unknown>,
            recordId: items[i]!.recordId,
            paths: wanted[i]!,
            ...(s ? { subjects: s } : {}),
          };
        }),
      );
      page.forEach((i, k) => {
        opened[i] = got[k];
      });
    }
  }
  const out: Array<View<S>> = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const pre = opened[i];
    const v: ViewVault =
      pre === undefined
        ? vault
        : {
            open: (s2, rec, o) => {
              const same =
                opened[i] !== undefined &&
                (s2 as unknown) === schema &&
                rec === it.record &&
                o.recordId === it.recordId &&
                o.erased === undefined &&
                sameSubjects(o.subjects, subjectsOf[i]) &&
                samePaths(o.paths as string[] | undefined, wanted[i]!);
              if (!same) return vault.open(s2, rec, o);
              opened[i] = undefined; // handed out once
              return Promise.resolve(pre as never);
            },
          };
    out.push(await view(v, schema, it?.record, it?.decision, { recordId: it?.recordId }));
  }
  return out;
}

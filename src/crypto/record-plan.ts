// The record plan: the common record shape (nested objects of fixed keys down to leaves, as the
// schema walk reports it) compiled once per schema and vault from classify(), so seal and open
// of such a record neither walk the schema again nor build path strings: every field's AAD prefix
// is computed once. The plan is derived from the walk and only stands in for it:
// - a schema whose fields are anything but plain dotted paths (arrays, tuples, records, maps,
//   sets, undescribed properties, a location that is a leaf in one union option and an object
//   in another, keys that need escaping) gets no plan; a schema the walk refuses is refused by
//   the walk before any plan is looked at;
// - a value holding anything the plan does not name (a property the schema does not describe, a
//   value of another shape, as `.catch()` or `z.any()` can let through) is sealed by the general
//   walk in vault-records.ts, which stays the reference.
// test/crypto/record-plan.prop.test.ts holds the two to the same records, indexes and errors.
import type * as z from 'zod';
import { type ClassifiedField, classify, copyData, type Kind, levelRank } from '../schema/index.js';
import { BlindIndexer } from './blind-index.js';
import { type DekContext, openParsed, sealEncoded } from './dek-context.js';
import { matches, recordSubject, type SchemaInfo } from './field-binding.js';
import {
  decodeValue,
  encodeValue,
  invalidCiphertext,
  lpStrings,
  lpTwoScratch,
  parseField,
  parseFieldNow,
  peekKeyId,
} from './field-format.js';
import { invalidOpened, type LeafCheck, leafChecks } from './leaf-check.js';
import { ciphertextAt } from './redacted-field.js';
import { loadForOpen, type PageKeys, releasePage } from './key-batch.js';
import type { RecordDeps } from './vault-records.js';

/** One leaf of a planned schema. */
interface PlannedLeaf {
  readonly leaf: true;
  readonly field: ClassifiedField;
  /** Pattern path, here also the concrete path (plain keys only). */
  readonly path: string;
  /** Subject role, or undefined for the record's own key. */
  readonly role: string | undefined;
  /** At or above the vault's seal level. */
  readonly sealed: boolean;
  /** Whether a string value gets a blind index. */
  readonly indexable: boolean;
  /** lengthPrefixed('cpii1', suite, schemaId, path): the AAD up to the record and key ids. */
  readonly aadHead: Uint8Array;
  /** Whether an opened value is one the leaf schema can output (leaf-check.ts); undefined: any. */
  readonly check: LeafCheck | undefined;
  /** The schema id, for the error of a value the check refuses. */
  readonly schemaId: string;
}
/** One fixed-key object of a planned schema. */
interface PlannedObject {
  readonly leaf: false;
  readonly keys: Map<string, PlannedNode>;
}
type PlannedNode = PlannedLeaf | PlannedObject;

/** @internal */
export interface RecordPlan {
  readonly root: PlannedObject;
}

type AnySchema = z.core.$ZodType;

// Keys a pattern path and a concrete path both write as they are, and never a prototype key.
const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** The object tree of a schema's fields, or undefined when they are not all plain dotted paths. */
function objectTree(
  fields: readonly ClassifiedField[],
): Map<string, ClassifiedField | Map<string, unknown>> | undefined {
  type Tree = Map<string, ClassifiedField | Tree>;
  const root: Tree = new Map();
  for (const f of fields) {
    // `$` is the root itself (a schema that is one leaf, or a leaf in one option of a union)
    if (f.undescribed || f.path === '$') return undefined;
    // free text sealed with its redaction is written by the walk (redacted-field.ts)
    if (f.onSeal === 'redact') return undefined;
    const keys = f.path.split('.');
    if (keys.some((k) => !PLAIN_KEY.test(k) || FORBIDDEN.has(k))) return undefined;
    let cur = root;
    for (let i = 0; i < keys.length - 1; i++) {
      const next = cur.get(keys[i]!);
      if (next === undefined) {
        const t: Tree = new Map();
        cur.set(keys[i]!, t);
        cur = t;
      } else if (next instanceof Map) cur = next;
      else return undefined; // a leaf here and an object there: a choice the plan does not make
    }
    // an object here and a leaf there (or one path twice): likewise
    if (cur.has(keys[keys.length - 1]!)) return undefined;
    cur.set(keys[keys.length - 1]!, f);
  }
  return root;
}

function compile(
  tree: Map<string, ClassifiedField | Map<string, unknown>>,
  si: SchemaInfo,
  minRank: number,
  checks: Map<string, LeafCheck | undefined>,
): PlannedObject {
  const keys = new Map<string, PlannedNode>();
  for (const [k, v] of tree) {
    if (v instanceof Map) {
      keys.set(k, compile(v as Map<string, ClassifiedField | Map<string, unknown>>, si, minRank, checks));
      continue;
    }
    const f = v as ClassifiedField;
    keys.set(k, {
      leaf: true,
      field: f,
      path: f.path,
      role: f.subject,
      sealed: levelRank(f.level) >= minRank,
      indexable: f.kind !== 'untagged' && BlindIndexer.indexable(f.kind),
      aadHead: lpStrings(si.head, f.path),
      check: checks.get(f.path),
      schemaId: si.id,
    });
  }
  return { leaf: false, keys };
}

const plans = new WeakMap<SchemaInfo, RecordPlan | null>();
let general = false;

/**
 * Runs `fn` with plans off, so seal and open take the general walk: the differential test holds
 * the planned path to it. Seal and open choose their path synchronously, when called. @internal
 */
export function withoutPlans<T>(fn: () => T): T {
  general = true;
  try {
    return fn();
  } finally {
    general = false;
  }
}

/** Whether a schema's fields give it a record plan: for tests. @internal */
export function isPlannable(schema: AnySchema): boolean {
  return objectTree(classify(schema)) !== undefined;
}

/**
 * The plan of a schema for one vault (its seal level, its schema info), or undefined. Called
 * after the walk accepted the schema (recordRules). @internal
 */
export function openPlan(d: RecordDeps, schema: AnySchema, si: SchemaInfo): RecordPlan | undefined {
  if (general) return undefined;
  let p = plans.get(si);
  if (p === undefined) {
    const tree = objectTree(classify(schema));
    p = tree ? { root: compile(tree, si, d.minRank, leafChecks(schema)) } : null;
    plans.set(si, p);
  }
  return p ?? undefined;
}

/** Whether the walk sees `v` as an object (its Shape.Object). */
function isObject(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Map) &&
    !(v instanceof Set) &&
    !(v instanceof Date) &&
    !ArrayBuffer.isView(v) &&
    !(v instanceof ArrayBuffer)
  );
}

/** Thrown when a field's subject key was not acquired; only the seal hot path can meet it. @internal */
export const NOT_ACQUIRED = new Error('subject key not acquired');

/** Sets one blind index (a `__proto__` path as an own property, never the prototype). @internal */
export function setIndex(indexes: Record<string, string>, path: string, index: string): void {
  if (path === '__proto__')
    Object.defineProperty(indexes, path, {
      value: index,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  else indexes[path] = index;
}

// ---------------------------------------------------------------------------------------------
// Seal

const BAIL = Symbol('not planned');

interface SealState {
  readonly d: RecordDeps;
  readonly ctxs: Map<string, DekContext>;
  readonly subjectOf: (role: string | undefined) => string;
  readonly recordId: string;
  readonly wantIndexes: boolean;
  readonly indexes: Record<string, string>;
}

function sealObject(n: PlannedObject, v: unknown, st: SealState): unknown {
  if (!isObject(v)) return BAIL;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const c = n.keys.get(k);
    if (c === undefined) return BAIL; // a property the plan does not name
    const x = v[k];
    if (x === undefined || x === null) out[k] = x;
    else if (!c.leaf) {
      const y = sealObject(c, x, st);
      if (y === BAIL) return BAIL;
      out[k] = y;
    } else if (!c.sealed) out[k] = x;
    else {
      const ctx = st.ctxs.get(st.subjectOf(c.role));
      if (!ctx) throw NOT_ACQUIRED;
      out[k] = sealEncoded(ctx, lpTwoScratch(c.aadHead, st.recordId, ctx.keyId), encodeValue(x));
      if (st.wantIndexes && c.indexable && typeof x === 'string') {
        try {
          setIndex(st.indexes, c.path, st.d.indexer.compute(c.field.kind as Kind, x));
        } catch {
          // a value with no normal form (not a valid value of its kind) gets no index
        }
      }
    }
  }
  return out;
}

/**
 * Seals a parsed value of a planned schema with pinned contexts, as the general walk would;
 * undefined when the value holds something the plan does not name (then the walk seals it).
 * @internal
 */
export function sealPlanned(
  d: RecordDeps,
  plan: RecordPlan,
  value: unknown,
  ctxs: Map<string, DekContext>,
  subjectOf: (role: string | undefined) => string,
  recordId: string,
  wantIndexes: boolean,
): { record: unknown; indexes: Record<string, string> } | undefined {
  const indexes: Record<string, string> = {};
  const record = sealObject(plan.root, value, { d, ctxs, subjectOf, recordId, wantIndexes, indexes });
  return record === BAIL ? undefined : { record, indexes };
}

// ---------------------------------------------------------------------------------------------
// Open

/** A key not at hand, or a failure to defer until every key is loaded (the walk's order). */
const MISSING = Symbol('missing key');
/** A field of an erased subject, left out (erased: 'omit'). */
const OMIT = Symbol('omitted');

interface OpenState {
  readonly d: RecordDeps;
  readonly recordId: string;
  readonly recSubject: string;
  readonly subjects: Readonly<Record<string, string>> | undefined;
  readonly wanted: readonly string[] | undefined;
  readonly page: PageKeys | undefined;
  /** Whether every key was loaded for this open: failures are final. */
  readonly loaded: boolean;
  lastId: string;
  last: DekContext | undefined;
}

function expectedKey(c: PlannedLeaf, st: OpenState): string | undefined {
  if (c.role === undefined) return st.recSubject;
  return st.subjects && Object.hasOwn(st.subjects, c.role) ? st.subjects[c.role] : undefined;
}

function openLeaf(c: PlannedLeaf, x: unknown, st: OpenState): unknown {
  // decoded into the shared buffer: opened below before the next field is parsed
  // free text stored as { redacted, sealed } (onSeal dropped since) opens from its sealed part
  const p = parseFieldNow(
    c.field.kind === 'freeText' ? ciphertextAt(c.field.kind, x) : x,
    expectedKey(c, st),
    st.lastId,
  );
  if (!p) throw invalidCiphertext();
  const ctx = p.keyId === st.lastId ? st.last : (st.page?.ctxs.get(p.keyId) ?? st.d.cache.get(p.keyId));
  if (!ctx) return st.page?.destroyed.has(p.keyId) ? OMIT : MISSING;
  st.lastId = p.keyId;
  st.last = ctx;
  let v: unknown;
  if (st.loaded) v = decodeValue(openParsed(ctx, p, lpTwoScratch(c.aadHead, st.recordId, p.keyId)));
  else {
    try {
      v = decodeValue(openParsed(ctx, p, lpTwoScratch(c.aadHead, st.recordId, p.keyId)));
    } catch {
      // The walk loads every key before it opens anything, so a key error of a later field comes
      // before this one: retry with every key loaded, where this failure is final.
      return MISSING;
    }
  }
  // a value its leaf schema refuses is an error (leaf-check.ts); deferred like any other failure
  if (c.check !== undefined && !c.check(v)) {
    if (st.loaded) throw invalidOpened(c.path, c.schemaId);
    return MISSING;
  }
  return v;
}

function openObject(n: PlannedObject, v: unknown, st: OpenState): unknown {
  if (v === undefined || v === null) return v;
  if (!isObject(v)) return copyData(v); // another shape: kept, as the walk keeps it
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    if (k === '__proto__') continue;
    const x = v[k];
    const c = n.keys.get(k);
    if (x === undefined || x === null) out[k] = x;
    else if (c === undefined) out[k] = copyData(x);
    else if (!c.leaf) {
      const y = openObject(c, x, st);
      if (y === MISSING) return MISSING;
      out[k] = y;
    } else if (!c.sealed || (st.wanted !== undefined && !matches(c.path, st.wanted))) out[k] = copyData(x);
    else {
      const y = openLeaf(c, x, st);
      if (y === MISSING) return MISSING;
      if (y !== OMIT) out[k] = y;
    }
  }
  return out;
}

/**
 * Adds the key ids of a record's wanted sealed fields to `into`: each value parsed in full
 * (before loading keys for one open, as the walk does), or only its header (a page: every value
 * is parsed in full when its record is opened).
 */
function keyIdsOf(n: PlannedObject, v: unknown, st: OpenState, into: Set<string>, full: boolean): void {
  if (!isObject(v)) return;
  for (const k of Object.keys(v)) {
    const c = n.keys.get(k);
    const x = v[k];
    if (c === undefined || k === '__proto__' || x === undefined || x === null) continue;
    if (!c.leaf) keyIdsOf(c, x, st, into, full);
    else if (c.sealed && (st.wanted === undefined || matches(c.path, st.wanted))) {
      const expected = expectedKey(c, st);
      const y = c.field.kind === 'freeText' ? ciphertextAt(c.field.kind, x) : x;
      const id = full ? parseField(y, expected)?.keyId : peekKeyId(y);
      if (id === undefined || (expected !== undefined && id !== expected)) throw invalidCiphertext();
      into.add(id);
    }
  }
}

function openState(
  d: RecordDeps,
  recordId: string,
  subjects: Readonly<Record<string, string>> | undefined,
  wanted: readonly string[] | undefined,
  page: PageKeys | undefined,
  loaded: boolean,
): OpenState {
  return {
    d,
    recordId,
    recSubject: recordSubject(recordId),
    subjects,
    wanted,
    page,
    loaded,
    lastId: '',
    last: undefined,
  };
}

/** Adds the key ids a record's wanted sealed fields name to `into`, from their headers (openMany). @internal */
export function plannedKeyIds(
  d: RecordDeps,
  plan: RecordPlan,
  record: unknown,
  recordId: string,
  subjects: Readonly<Record<string, string>> | undefined,
  wanted: readonly string[] | undefined,
  into: Set<string>,
): void {
  keyIdsOf(plan.root, record, openState(d, recordId, subjects, wanted, undefined, false), into, false);
}

/**
 * Opens a record of a planned schema (Vault.open after its checks): synchronously when its keys
 * are in `page` or cached, else after loading them together. @internal
 */
export function openPlanned<T>(
  d: RecordDeps,
  plan: RecordPlan,
  record: unknown,
  recordId: string,
  subjects: Readonly<Record<string, string>> | undefined,
  wanted: readonly string[] | undefined,
  erased: 'throw' | 'omit',
  page?: PageKeys,
): Promise<T> {
  const now = openObject(plan.root, record, openState(d, recordId, subjects, wanted, page, false));
  if (now !== MISSING) return Promise.resolve(now as T);
  const ids = new Set<string>();
  keyIdsOf(plan.root, record, openState(d, recordId, subjects, wanted, undefined, false), ids, true);
  return loadForOpen(d.keys, ids, erased === 'omit').then((loaded) => {
    try {
      const out = openObject(plan.root, record, openState(d, recordId, subjects, wanted, loaded, true));
      if (out === MISSING) throw invalidCiphertext(); // unreachable: every key was loaded
      return out as T;
    } finally {
      releasePage(loaded);
    }
  });
}

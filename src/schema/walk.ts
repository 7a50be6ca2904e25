import type * as z from 'zod';
import { PiiError } from '../errors.js';
import { levelRank } from './levels.js';
import {
  build,
  type ChoiceNode,
  type ClassifiedField,
  type LeafNode,
  type ListNode,
  type MapNode,
  type Node,
  type ObjectNode,
  subjectAt,
} from './plan.js';

export type { ClassifiedField } from './plan.js';

/** One present value of a record, located concretely (see {@link leaves}). */
export interface Leaf extends ClassifiedField {
  /**
   * Concrete location: object and record keys, array, tuple and set positions (numbers), and
   * map keys, from the root.
   */
  at: ReadonlyArray<string | number>;
  /** The value found there (never undefined or null). */
  value: unknown;
}

type AnySchema = z.core.$ZodType;
type Seg = string | number;

const plans = new WeakMap<AnySchema, Node>();

/** The compiled plan of a schema, built once per schema instance. @internal */
export function planOf(schema: AnySchema): Node {
  let p = plans.get(schema);
  if (!p) {
    p = build(schema, '', undefined, new Set());
    plans.set(schema, p);
  }
  return p;
}

function collectFields(n: Node, out: Map<string, ClassifiedField>): void {
  switch (n.t) {
    case 'leaf': {
      const prev = out.get(n.field.path);
      if (!prev || n.rank > levelRank(prev.level)) out.set(n.field.path, n.field);
      return;
    }
    case 'object':
      for (const c of n.keys.values()) collectFields(c, out);
      if (n.restKey) collectFields(n.restKey, out);
      if (n.rest) collectFields(n.rest, out);
      if (n.admits) collectFields(n.other, out);
      return;
    case 'list':
      for (const c of n.items) collectFields(c, out);
      if (n.rest) collectFields(n.rest, out);
      return;
    case 'map':
      if (n.key) collectFields(n.key, out);
      collectFields(n.value, out);
      return;
    case 'set':
      collectFields(n.item, out);
      return;
    case 'choice':
      for (const c of [n.leaf, n.object, n.list, n.map, n.set]) if (c) collectFields(c, out);
      return;
  }
}

/**
 * Every field of a schema with its level, kind and subject role. Follows every zod 4 container
 * (objects with their catchall, loose and passthrough objects, arrays, tuples, records, maps,
 * sets, unions and discriminated unions, intersections, both sides of a pipe, lazy schemas) and
 * the wrappers (optional, nullable, default, catch, readonly ...). The options of a union are
 * merged: a path gets the highest level any option gives it. Untagged leaves are reported as
 * `kind: 'untagged'`, level `internal`; the properties an object admits without naming them
 * (`looseObject`, `passthrough`, an untagged `catchall`) as one `undescribed` field `path{}`,
 * level `sensitive`. Containers without any tag inside (a tuple of numbers, a map of strings, a
 * lazy schema) are one untagged leaf.
 *
 * @param schema - a zod v4 schema
 * @returns the fields in schema order, one per path (the highest level when a path repeats)
 * @throws PiiError SCHEMA_INVALID for a value that is not a zod v4 schema; for a tag the walk cannot
 *   follow (inside a promise, a function, a template literal, a transform of a tagged object, a
 *   recursive schema, a record or map key schema that is not one leaf), naming the path; and for
 *   union options that put one path under different subjects
 * @example
 * ```ts
 * import { classify, pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const Parcel = z.object({ waybill: pii.waybillNo(), recipient: pii.subject('recipient', z.object({ phone: pii.phone() })) });
 * console.log(classify(Parcel));
 * // [{ path: 'waybill', level: 'internal', kind: 'waybillNo' },
 * //  { path: 'recipient.phone', level: 'sensitive', kind: 'phone', subject: 'recipient' }]
 * ```
 */
export function classify(schema: AnySchema): ClassifiedField[] {
  const out = new Map<string, ClassifiedField>();
  collectFields(planOf(schema), out);
  return [...out.values()].map((f) => ({ ...f }));
}

// ---------------------------------------------------------------------------------------------
// Values

enum Shape {
  Scalar = 0,
  Object = 1,
  List = 2,
  Map = 3,
  Set = 4,
}

function shapeOf(v: unknown): Shape {
  if (typeof v !== 'object' || v === null) return Shape.Scalar;
  if (Array.isArray(v)) return Shape.List;
  if (v instanceof Map) return Shape.Map;
  if (v instanceof Set) return Shape.Set;
  if (v instanceof Date || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return Shape.Scalar;
  return Shape.Object;
}

/** The plan a value of a choice takes, by its shape (the leaf for anything else). */
function pick(n: ChoiceNode, v: unknown): Node | undefined {
  switch (shapeOf(v)) {
    case Shape.Object:
      return n.object ?? n.leaf;
    case Shape.List:
      return n.list ?? n.leaf;
    case Shape.Map:
      return n.map ?? n.leaf;
    case Shape.Set:
      return n.set ?? n.leaf;
    default:
      return n.leaf;
  }
}

/** What to do with values the plan does not describe. */
type Strays = 'keep' | 'drop' | 'leaf';

/** Callback of {@link forEachLeaf}: `at` is only valid during the call (copy it to keep it). */
export type LeafVisitor = (
  field: ClassifiedField,
  value: unknown,
  at: ReadonlyArray<string | number>,
) => void;

function visit(n: Node, v: unknown, at: Seg[], fn: LeafVisitor, strays: boolean): void {
  if (v === undefined || v === null) return;
  switch (n.t) {
    case 'leaf':
      fn(n.field, v, at);
      return;
    case 'choice': {
      const c = pick(n, v);
      if (c) visit(c, v, at, fn, strays);
      else if (strays) fn(wholeOf(n).field, v, at);
      return;
    }
    case 'object': {
      if (shapeOf(v) !== Shape.Object) {
        if (strays) fn(wholeOf(n).field, v, at);
        return;
      }
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        if (k === '__proto__') continue;
        const named = n.keys.get(k);
        const c = named ?? n.rest ?? (n.admits || strays ? n.other : undefined);
        if (!c) continue;
        at.push(k);
        if (named === undefined && n.restKey) fn(n.restKey.field, k, at);
        visit(c, o[k], at, fn, strays);
        at.pop();
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(v)) {
        if (strays) fn(wholeOf(n).field, v, at);
        return;
      }
      const items = n.items;
      for (let i = 0; i < v.length; i++) {
        const c = i < items.length ? items[i] : n.rest;
        at.push(i);
        if (c) visit(c, v[i], at, fn, strays);
        else if (strays && v[i] !== undefined && v[i] !== null) fn(wholeOf(n).field, v[i], at);
        at.pop();
      }
      return;
    }
    case 'map': {
      if (!(v instanceof Map)) {
        if (strays) fn(wholeOf(n).field, v, at);
        return;
      }
      for (const [k, x] of v) {
        at.push(k as Seg);
        if (n.key && k !== undefined && k !== null) fn(n.key.field, k, at);
        visit(n.value, x, at, fn, strays);
        at.pop();
      }
      return;
    }
    case 'set': {
      if (!(v instanceof Set)) {
        if (strays) fn(wholeOf(n).field, v, at);
        return;
      }
      let i = 0;
      for (const x of v) {
        at.push(i++);
        visit(n.item, x, at, fn, strays);
        at.pop();
      }
      return;
    }
  }
}

/** Options of {@link forEachLeaf}. */
export interface ForEachLeafOptions {
  /**
   * Also visit what the schema does not describe (zod strips or refuses it when parsing; it
   * appears in unparsed data, or through `z.any()` and `.catch()`): properties of objects that
   * neither name nor admit them, as their object's undescribed field `path{}`, and items past
   * a tuple's end and values of the wrong shape, as an undescribed field at their container's
   * path. Default false.
   */
  strays?: boolean;
}

/**
 * Calls `fn` for every present value of a record (undefined and null skipped), in schema order,
 * with its field and concrete location; also for each key of a record or map whose key schema is
 * tagged (the field `path{key}`, the key as value). Allocates nothing per leaf: `at` is reused.
 *
 * @param schema - the schema the value conforms to
 * @param value - a value (typically already parsed)
 * @param fn - called with the field, the value and its location (valid only during the call)
 * @param options - whether to visit properties the schema does not describe
 * @throws PiiError SCHEMA_INVALID as {@link classify}
 * @example
 * ```ts
 * import { forEachLeaf, pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const S = z.object({ phones: z.array(pii.phone()) });
 * forEachLeaf(S, { phones: ['+8613812345678'] }, (f, _v, at) => console.log(f.path, at.join('/'))); // phones[] phones/0
 * ```
 */
export function forEachLeaf(
  schema: AnySchema,
  value: unknown,
  fn: LeafVisitor,
  options: ForEachLeafOptions = {},
): void {
  visit(planOf(schema), value, [], fn, options.strays === true);
}

/**
 * The present leaves of a value (undefined and null skipped), in schema order, each with its
 * pattern path, concrete location, level, kind and subject role. The keys of a record or map
 * whose key schema is tagged are leaves too (path `byEmail{key}`, the key as value). Properties
 * an object admits without naming them are leaves of its `undescribed` field; properties the
 * schema neither names nor admits are not reported.
 *
 * @param schema - the schema the value conforms to
 * @param value - a value (typically already parsed)
 * @returns the leaves
 * @throws PiiError SCHEMA_INVALID as {@link classify}
 * @example
 * ```ts
 * import { leaves, pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const S = z.object({ items: z.array(z.object({ name: pii.name() })) });
 * console.log(leaves(S, { items: [{ name: '李四' }] })[0]?.at); // ['items', 0, 'name']
 * ```
 */
export function leaves(schema: AnySchema, value: unknown): Leaf[] {
  const out: Leaf[] = [];
  visit(planOf(schema), value, [], (f, v, at) => out.push({ ...f, at: [...at], value: v }), false);
  return out;
}

/** Callback of {@link mapLeaves}: the replacement value, or undefined to leave the value out. */
export type LeafMapper = (
  field: ClassifiedField,
  value: unknown,
  at: ReadonlyArray<string | number>,
) => unknown;

/** Options of {@link mapLeaves}. */
export interface MapLeavesOptions {
  /**
   * Values the schema does not describe: properties an object neither names nor admits, items
   * past the end of a tuple, values of the wrong shape. `'keep'` a copy (default), `'drop'` them,
   * or `'leaf'`: hand them to the mapper as their container's undescribed field (`path{}`,
   * level sensitive).
   */
  strays?: 'keep' | 'drop' | 'leaf';
  /**
   * Rewrites the keys of records and maps whose key schema is tagged: the new key, or undefined
   * to leave the entry out. Without it keys are kept. When two entries end up with one key, the
   * first is kept.
   */
  keys?: (field: ClassifiedField, key: string | number, at: ReadonlyArray<string | number>) => unknown;
}

interface MapCtx {
  fn: LeafMapper;
  strays: Strays;
  keys: MapLeavesOptions['keys'];
}

function stray(v: unknown, at: Seg[], c: MapCtx, field: LeafNode): unknown {
  if (c.strays === 'keep') return copyData(v);
  if (c.strays === 'drop') return undefined;
  return c.fn(field.field, v, at);
}

function rebuild(n: Node, v: unknown, at: Seg[], c: MapCtx): unknown {
  if (v === undefined || v === null) return v;
  switch (n.t) {
    case 'leaf':
      return c.fn(n.field, v, at);
    case 'choice': {
      const p = pick(n, v);
      return p ? rebuild(p, v, at, c) : stray(v, at, c, wholeOf(n));
    }
    case 'object':
      return shapeOf(v) === Shape.Object
        ? rebuildObject(n, v as Record<string, unknown>, at, c)
        : mismatch(n, v, at, c);
    case 'list':
      return Array.isArray(v) ? rebuildList(n, v, at, c) : mismatch(n, v, at, c);
    case 'map':
      return v instanceof Map ? rebuildMap(n, v, at, c) : mismatch(n, v, at, c);
    case 'set': {
      if (!(v instanceof Set)) return mismatch(n, v, at, c);
      const out = new Set<unknown>();
      let i = 0;
      for (const x of v) {
        at.push(i++);
        const y = rebuild(n.item, x, at, c);
        at.pop();
        if (y !== undefined || x === undefined) out.add(y);
      }
      return out;
    }
  }
}

const WHOLE = new WeakMap<Node, LeafNode>();
/** A value of the wrong shape, handed to the mapper whole as an undescribed value at the container's path. */
function wholeOf(n: Node): LeafNode {
  let w = WHOLE.get(n);
  if (!w) {
    const subject = subjectAt(n);
    const f: ClassifiedField = {
      path: n.path === '' ? '$' : n.path,
      level: 'sensitive',
      kind: 'untagged',
      undescribed: true,
    };
    if (subject !== undefined) f.subject = subject;
    w = {
      t: 'leaf',
      path: f.path,
      field: Object.freeze(f),
      rank: 2,
      whole: true,
      tagged: true,
      roles: new Set([subject]),
    };
    WHOLE.set(n, w);
  }
  return w;
}

function mismatch(n: Node, v: unknown, at: Seg[], c: MapCtx): unknown {
  return stray(v, at, c, wholeOf(n));
}

function rebuildObject(n: ObjectNode, o: Record<string, unknown>, at: Seg[], c: MapCtx): unknown {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    // zod never outputs a __proto__ key; assigning one would replace the copy's prototype
    if (k === '__proto__') continue;
    const x = o[k];
    const named = n.keys.get(k);
    let key = k;
    let y: unknown;
    at.push(k);
    if (named !== undefined) y = rebuild(named, x, at, c);
    else if (n.rest !== undefined) {
      if (n.restKey && c.keys) {
        const nk = c.keys(n.restKey.field, k, at);
        if (typeof nk !== 'string' || nk === '__proto__' || Object.hasOwn(out, nk)) {
          at.pop();
          continue;
        }
        key = nk;
      }
      y = rebuild(n.rest, x, at, c);
    } else if (n.admits) y = x === undefined || x === null ? x : c.fn(n.other.field, x, at);
    else y = x === undefined || x === null ? (c.strays === 'drop' ? undefined : x) : stray(x, at, c, n.other);
    at.pop();
    if (y === undefined && (x !== undefined || c.strays === 'drop')) continue;
    out[key] = y;
  }
  return out;
}

function rebuildList(n: ListNode, v: unknown[], at: Seg[], c: MapCtx): unknown {
  const len = v.length;
  const out = new Array<unknown>(len);
  const items = n.items;
  for (let i = 0; i < len; i++) {
    const x = v[i];
    const child = i < items.length ? items[i] : n.rest;
    at.push(i);
    out[i] = child
      ? rebuild(child, x, at, c)
      : x === undefined || x === null
        ? x
        : stray(x, at, c, wholeOf(n));
    at.pop();
  }
  return out;
}

function rebuildMap(n: MapNode, v: Map<unknown, unknown>, at: Seg[], c: MapCtx): unknown {
  const out = new Map<unknown, unknown>();
  for (const [k, x] of v) {
    let key: unknown = k;
    at.push(k as Seg);
    if (n.key && c.keys) {
      // a tagged key that is not a string or number cannot be rewritten: the entry is left out
      key = typeof k === 'string' || typeof k === 'number' ? c.keys(n.key.field, k, at) : undefined;
      if (key === undefined || out.has(key)) {
        at.pop();
        continue;
      }
    }
    const y = rebuild(n.value, x, at, c);
    at.pop();
    if (y !== undefined || x === undefined) out.set(key, y);
  }
  return out;
}

/**
 * A copy of `value` with every present leaf replaced by `fn(field, value, at)` (see
 * {@link leaves}); containers are rebuilt (own properties only, never a `__proto__` key), so
 * the input is never changed and the output never inherits a value through a prototype.
 * Returning undefined leaves a value out (an object key is removed, an array position becomes
 * undefined, a map entry or set element is removed). Undefined and null are kept as they are.
 *
 * @param schema - the schema the value conforms to
 * @param value - a value (typically already parsed)
 * @param fn - the replacement of each leaf; `at` is only valid during the call
 * @param options - what to do with values the schema does not describe, and with tagged keys
 * @returns the new value
 * @throws PiiError SCHEMA_INVALID as {@link classify}
 * @example
 * ```ts
 * import { mapLeaves, pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const S = z.object({ phone: pii.phone(), note: z.string() });
 * console.log(mapLeaves(S, { phone: '+8613812345678', note: 'hi' }, (f, v) => (f.kind === 'phone' ? '***' : v)));
 * // { phone: '***', note: 'hi' }
 * ```
 */
export function mapLeaves(
  schema: AnySchema,
  value: unknown,
  fn: LeafMapper,
  options: MapLeavesOptions = {},
): unknown {
  const strays = options.strays ?? 'keep';
  if (strays !== 'keep' && strays !== 'drop' && strays !== 'leaf')
    throw new PiiError('INVALID_ARGUMENT', "strays must be 'keep', 'drop' or 'leaf'.");
  return rebuild(planOf(schema), value, [], { fn, strays, keys: options.keys });
}

/**
 * The pattern path (as {@link classify} reports it) of a concrete location, for messages that
 * must name a field without echoing record or map keys (which may be personal data). A
 * location the schema does not describe gives the path of the deepest container that holds it.
 *
 * @param schema - a zod v4 schema
 * @param at - keys and indexes from the root (a zod issue's `path`, or {@link Leaf.at})
 * @returns the pattern path, `$` for the root
 * @throws PiiError SCHEMA_INVALID as {@link classify}
 * @example
 * ```ts
 * import { patternPath, pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const S = z.object({ byEmail: z.record(z.string(), z.object({ phone: pii.phone() })) });
 * console.log(patternPath(S, ['byEmail', 'ann@example.com', 'phone'])); // byEmail{}.phone
 * ```
 */
export function patternPath(schema: AnySchema, at: ReadonlyArray<PropertyKey>): string {
  let n: Node = planOf(schema);
  for (const seg of at) {
    let next: Node | undefined;
    if (n.t === 'choice')
      n = (typeof seg === 'number' ? (n.list ?? n.set) : (n.object ?? n.map)) ?? n.leaf ?? n;
    switch (n.t) {
      case 'object':
        next =
          (typeof seg === 'string' ? n.keys.get(seg) : undefined) ??
          n.rest ??
          (n.admits ? n.other : undefined);
        break;
      case 'list':
        next = typeof seg === 'number' && seg < n.items.length ? n.items[seg] : n.rest;
        break;
      case 'map':
        next = n.value;
        break;
      case 'set':
        next = n.item;
        break;
      default:
        next = undefined;
    }
    if (!next) break;
    n = next;
  }
  return n.path === '' ? '$' : n.path;
}

// ---------------------------------------------------------------------------------------------
// Reading and writing one location

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function child(cur: unknown, k: Seg): unknown {
  if (cur instanceof Map) return cur.get(k);
  if (cur instanceof Set) return typeof k === 'number' ? [...cur][k] : undefined;
  if (typeof cur !== 'object' || cur === null) return undefined;
  // own properties only: a location never resolves through a prototype
  return Object.hasOwn(cur, k) ? (cur as Record<Seg, unknown>)[k] : undefined;
}

/**
 * The value at a concrete location (own properties, array and set positions, map keys), or
 * undefined when there is none; never read through a prototype.
 *
 * @param target - an object, array, map or set
 * @param at - keys and indexes from the root, as in {@link Leaf.at}
 * @returns the value, or undefined
 * @example
 * ```ts
 * import { getIn } from 'courier-pii/schema';
 * console.log(getIn({ a: [{ b: 1 }] }, ['a', 0, 'b'])); // 1
 * console.log(getIn({}, ['constructor'])); // undefined
 * ```
 */
export function getIn(target: unknown, at: ReadonlyArray<string | number>): unknown {
  let cur = target;
  for (const k of at) {
    cur = child(cur, k);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/**
 * Write `v` at a concrete location inside `target` (mutates `target`): an own property, an
 * array position, a map entry or a set element (by position). The root (`at` empty) cannot be
 * replaced. The path is followed through own properties only, and a `__proto__`,
 * `constructor` or `prototype` key that is not already an own property is refused, so the
 * write can never reach a prototype.
 *
 * @param target - an object, array, map or set
 * @param at - keys and indexes from the root, as in {@link Leaf.at}
 * @param v - the new value; `undefined` deletes an object key, map entry or set element
 * @throws PiiError INVALID_ARGUMENT when the location does not exist or names a prototype key
 * @example
 * ```ts
 * import { setIn } from 'courier-pii/schema';
 * const rec = { recipient: { phone: '+8613812345678' } };
 * setIn(rec, ['recipient', 'phone'], '138****5678');
 * console.log(rec.recipient.phone); // 138****5678
 * ```
 */
export function setIn(target: unknown, at: ReadonlyArray<string | number>, v: unknown): void {
  if (at.length === 0) throw new PiiError('INVALID_ARGUMENT', 'setIn needs a non-empty location.');
  let cur: unknown = target;
  for (let i = 0; i < at.length - 1; i++) cur = child(cur, at[i]!);
  if (typeof cur !== 'object' || cur === null) {
    throw new PiiError('INVALID_ARGUMENT', 'setIn: the location does not exist in the target.');
  }
  const last = at[at.length - 1]!;
  if (cur instanceof Map) {
    if (v === undefined) cur.delete(last);
    else cur.set(last, v);
    return;
  }
  if (cur instanceof Set) {
    const items = [...cur];
    if (typeof last !== 'number' || last < 0 || last >= items.length)
      throw new PiiError('INVALID_ARGUMENT', 'setIn: the location does not exist in the target.');
    if (v === undefined) items.splice(last, 1);
    else items[last] = v;
    cur.clear();
    for (const x of items) cur.add(x);
    return;
  }
  if (typeof last === 'string' && FORBIDDEN.has(last) && !Object.hasOwn(cur, last))
    throw new PiiError(
      'INVALID_ARGUMENT',
      'setIn: __proto__, constructor and prototype keys cannot be written.',
    );
  if (v === undefined && !Array.isArray(cur)) delete (cur as Record<string, unknown>)[last as string];
  else if (last === '__proto__')
    Object.defineProperty(cur, last, { value: v, writable: true, enumerable: true, configurable: true });
  else (cur as Record<string | number, unknown>)[last] = v;
}

/**
 * A structured deep copy of plain data (objects, arrays, maps, sets, primitives, Uint8Array,
 * Date), used before rewriting leaves so callers' values are never mutated. Own enumerable
 * properties only; a `__proto__` key is copied as an own property, never as the copy's
 * prototype.
 *
 * @param v - plain data
 * @returns a copy
 * @example
 * ```ts
 * import { copyData } from 'courier-pii/schema';
 * const a = { x: [1, 2] };
 * console.log(copyData(a).x !== a.x); // true
 * ```
 */
export function copyData<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => copyData(x)) as T;
  if (v instanceof Uint8Array) return v.slice() as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, copyData(x)])) as T;
  if (v instanceof Set) return new Set([...v].map((x) => copyData(x))) as T;
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = copyData((v as Record<string, unknown>)[k]);
    if (k === '__proto__')
      Object.defineProperty(o, k, { value: x, writable: true, enumerable: true, configurable: true });
    else o[k] = x;
  }
  return o as T;
}

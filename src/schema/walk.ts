// Walking values along a schema's compiled plan (plan.ts): the fields of a schema, the leaves of
// a value, and the pattern path of a location. mapLeaves (map-leaves.ts) rebuilds values along
// the same plan; locations.ts reads and writes one location.
import type * as z from 'zod';
import { levelRank } from './levels.js';
import { planOf } from './plan.js';
import { type ChoiceNode, type ClassifiedField, type LeafNode, type Node, subjectAt } from './plan-nodes.js';
import { checkOptions } from '../_internal/options.js';
import { FOR_EACH_LEAF_OPTIONS } from './option-names.js';

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
 * const [waybill, phone] = classify(Parcel);
 * console.log(waybill); // { path: 'waybill', level: 'internal', kind: 'waybillNo' }
 * console.log(phone); // { path: 'recipient.phone', level: 'sensitive', kind: 'phone', subject: 'recipient' }
 * ```
 */
export function classify(schema: AnySchema): ClassifiedField[] {
  const out = new Map<string, ClassifiedField>();
  collectFields(planOf(schema), out);
  return [...out.values()].map((f) => ({ ...f }));
}

// ---------------------------------------------------------------------------------------------
// Values

/** The shape of a value, as a plan node tells containers apart. @internal */
export enum Shape {
  Scalar = 0,
  Object = 1,
  List = 2,
  Map = 3,
  Set = 4,
}

/** @internal */
export function shapeOf(v: unknown): Shape {
  if (typeof v !== 'object' || v === null) return Shape.Scalar;
  if (Array.isArray(v)) return Shape.List;
  if (v instanceof Map) return Shape.Map;
  if (v instanceof Set) return Shape.Set;
  if (v instanceof Date || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return Shape.Scalar;
  return Shape.Object;
}

/** The plan a value of a choice takes, by its shape (the leaf for anything else). @internal */
export function pick(n: ChoiceNode, v: unknown): Node | undefined {
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

/** Callback of {@link forEachLeaf}: `at` is only valid during the call (copy it to keep it). */
export type LeafVisitor = (
  field: ClassifiedField,
  value: unknown,
  at: ReadonlyArray<string | number>,
) => void;

const WHOLE = new WeakMap<Node, LeafNode>();
/** A value of the wrong shape, handled whole as an undescribed value at the container's path. @internal */
export function wholeOf(n: Node): LeafNode {
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
      schemas: null,
    };
    WHOLE.set(n, w);
  }
  return w;
}

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
  checkOptions('forEachLeaf', options, FOR_EACH_LEAF_OPTIONS);
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
 * console.log(leaves(S, { items: [{ name: '李四' }] })[0]?.at); // [ 'items', 0, 'name' ]
 * ```
 */
export function leaves(schema: AnySchema, value: unknown): Leaf[] {
  const out: Leaf[] = [];
  // One object shape for every leaf: a spread of fields with and without subject, retention or
  // undescribed made the leaves megamorphic, most of the cost of a walk in views.
  visit(
    planOf(schema),
    value,
    [],
    (f, v, at) =>
      out.push({
        path: f.path,
        level: f.level,
        kind: f.kind,
        subject: f.subject,
        retention: f.retention,
        undescribed: f.undescribed,
        at: [...at],
        value: v,
      }),
    false,
  );
  return out;
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

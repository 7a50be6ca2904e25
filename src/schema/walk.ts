import type * as z from 'zod';
import { PiiError } from '../errors.js';
import type { Kind } from './kinds.js';
import type { Level } from './levels.js';
import { piiRegistry } from './registry.js';

/** One field of a schema as {@link classify} reports it. */
export interface ClassifiedField {
  /** Dotted path; array items as `items[].name`, record values as `extra{}`. */
  path: string;
  /** Level; untagged leaves are `internal`. */
  level: Level;
  /** Kind, or `untagged` for a leaf without a tag. */
  kind: Kind | 'untagged';
  /** The nearest enclosing subject role, if any. */
  subject?: string;
  /** Field retention (ISO-8601 duration), if tagged with one. */
  retention?: string;
}

/** One present value of a record, located concretely (see {@link leaves}). */
export interface Leaf extends ClassifiedField {
  /** Concrete location: object keys and array indexes from the root. */
  at: ReadonlyArray<string | number>;
  /** The value found there (never undefined or null). */
  value: unknown;
}

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: readonly AnySchema[];
  in?: AnySchema;
  left?: AnySchema;
  right?: AnySchema;
  getter?: () => AnySchema;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function defOf(s: AnySchema): Def {
  const d = (s as { _zod?: { def?: Def } })._zod?.def;
  if (!d || typeof d.type !== 'string') {
    throw new PiiError('SCHEMA_INVALID', 'Expected a zod v4 schema (courier-pii needs zod >= 4).');
  }
  return d;
}

/** A compiled walking plan for one schema, cached per schema instance. */
type Node =
  | { t: 'leaf'; field: ClassifiedField }
  | { t: 'object'; entries: Array<[string, Node]> }
  | { t: 'array'; item: Node }
  | { t: 'record'; value: Node }
  | { t: 'union'; options: Node[] };

const plans = new WeakMap<AnySchema, Node>();

function join(p: string, k: string): string {
  return p === '' ? k : `${p}.${k}`;
}

function build(s: AnySchema, path: string, subject: string | undefined, seen: Set<AnySchema>): Node {
  const d = defOf(s);
  const meta = piiRegistry.get(s);
  if (meta?.subject !== undefined) subject = meta.subject;
  const leafPath = path === '' ? '$' : path;
  if (meta?.tag) {
    const f: ClassifiedField = { path: leafPath, level: meta.tag.level, kind: meta.tag.kind };
    if (subject !== undefined) f.subject = subject;
    if (meta.tag.retention !== undefined) f.retention = meta.tag.retention;
    return { t: 'leaf', field: f };
  }
  if (WRAPPERS.has(d.type) && d.innerType) return build(d.innerType, path, subject, seen);
  if (seen.has(s))
    throw new PiiError(
      'SCHEMA_INVALID',
      `Recursive schema at ${leafPath}: tag the recursive field as a whole.`,
    );
  seen.add(s);
  try {
    switch (d.type) {
      case 'object':
        return {
          t: 'object',
          entries: Object.entries(d.shape ?? {}).map(([k, v]) => [k, build(v, join(path, k), subject, seen)]),
        };
      case 'array':
        return { t: 'array', item: build(d.element!, `${path}[]`, subject, seen) };
      case 'record':
        return { t: 'record', value: build(d.valueType!, `${path}{}`, subject, seen) };
      case 'union':
        return { t: 'union', options: (d.options ?? []).map((o) => build(o, path, subject, seen)) };
      case 'intersection':
        return {
          t: 'union',
          options: [build(d.left!, path, subject, seen), build(d.right!, path, subject, seen)],
        };
      case 'pipe':
        return build(d.in!, path, subject, seen);
      default: {
        const f: ClassifiedField = { path: leafPath, level: 'internal', kind: 'untagged' };
        if (subject !== undefined) f.subject = subject;
        return { t: 'leaf', field: f };
      }
    }
  } finally {
    seen.delete(s);
  }
}

function plan(schema: AnySchema): Node {
  let p = plans.get(schema);
  if (!p) {
    p = build(schema, '', undefined, new Set());
    plans.set(schema, p);
  }
  return p;
}

function collectFields(n: Node, out: Map<string, ClassifiedField>): void {
  switch (n.t) {
    case 'leaf':
      if (!out.has(n.field.path)) out.set(n.field.path, n.field);
      return;
    case 'object':
      for (const [, c] of n.entries) collectFields(c, out);
      return;
    case 'array':
      collectFields(n.item, out);
      return;
    case 'record':
      collectFields(n.value, out);
      return;
    case 'union':
      for (const o of n.options) collectFields(o, out);
      return;
  }
}

/**
 * Every leaf field of a schema with its level, kind and subject role. Sees through optional,
 * nullable, default, array, record, union and pipe wrappers; untagged leaves are reported as
 * `kind: 'untagged'`, level `internal`.
 *
 * @param schema - a zod v4 schema
 * @returns the fields in schema order
 * @throws PiiError SCHEMA_INVALID for a value that is not a zod v4 schema or an untagged recursive schema
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
  collectFields(plan(schema), out);
  return [...out.values()].map((f) => ({ ...f }));
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function walkValue(n: Node, v: unknown, at: Array<string | number>, out: Leaf[]): void {
  if (v === undefined || v === null) return;
  switch (n.t) {
    case 'leaf':
      out.push({ ...n.field, at: [...at], value: v });
      return;
    case 'object':
      if (!isObj(v)) return;
      for (const [k, c] of n.entries) {
        if (Object.hasOwn(v, k)) {
          at.push(k);
          walkValue(c, v[k], at, out);
          at.pop();
        }
      }
      return;
    case 'array':
      if (!Array.isArray(v)) return;
      for (let i = 0; i < v.length; i++) {
        at.push(i);
        walkValue(n.item, v[i], at, out);
        at.pop();
      }
      return;
    case 'record':
      if (!isObj(v)) return;
      for (const k of Object.keys(v)) {
        at.push(k);
        walkValue(n.value, v[k], at, out);
        at.pop();
      }
      return;
    case 'union': {
      // The first option whose shape matches the value decides; leaves are never reported twice.
      const seen = new Set<string>();
      for (const o of n.options) {
        const part: Leaf[] = [];
        walkValue(o, v, at, part);
        for (const l of part) {
          const key = l.at.join('\u0000');
          if (!seen.has(key)) {
            seen.add(key);
            out.push(l);
          }
        }
      }
      return;
    }
  }
}

/**
 * The present leaves of a value (undefined and null skipped), in schema order, each with its
 * pattern path, concrete location, level, kind and subject role.
 *
 * @param schema - the schema the value conforms to
 * @param value - a value (typically already parsed)
 * @returns the leaves
 * @throws PiiError SCHEMA_INVALID when `schema` is not a zod v4 schema
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
  walkValue(plan(schema), value, [], out);
  return out;
}

/**
 * Write `v` at a concrete location inside `target` (mutates `target`). The root (`at` empty)
 * cannot be replaced.
 *
 * @param target - an object or array
 * @param at - keys and indexes from the root, as in {@link Leaf.at}
 * @param v - the new value; `undefined` deletes an object key
 * @throws PiiError INVALID_ARGUMENT when the location does not exist
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
  for (let i = 0; i < at.length - 1; i++) {
    cur = (cur as Record<string | number, unknown> | null | undefined)?.[at[i]!];
  }
  if (typeof cur !== 'object' || cur === null) {
    throw new PiiError('INVALID_ARGUMENT', 'setIn: the location does not exist in the target.');
  }
  const last = at[at.length - 1]!;
  if (v === undefined && !Array.isArray(cur)) delete (cur as Record<string, unknown>)[last as string];
  else (cur as Record<string | number, unknown>)[last] = v;
}

/**
 * A structured deep copy of plain data (objects, arrays, primitives, Uint8Array, Date), used
 * before rewriting leaves so callers' values are never mutated.
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
  if (Array.isArray(v)) return v.map((x) => copyData(x)) as T;
  if (v instanceof Uint8Array) return v.slice() as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (typeof v === 'object' && v !== null) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = copyData((v as Record<string, unknown>)[k]);
    return o as T;
  }
  return v;
}

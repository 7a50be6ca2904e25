// Rebuilding a value along a schema's plan: seal, open and maskRecord replace leaves through
// mapLeaves, so containers are made afresh (own properties only, never a prototype key) and the
// input is never changed.
import type * as z from 'zod';
import { PiiError } from '../errors.js';
import { copyData } from './locations.js';
import { planOf } from './plan.js';
import type { ClassifiedField, LeafNode, ListNode, MapNode, Node, ObjectNode } from './plan-nodes.js';
import { pick, Shape, shapeOf, wholeOf } from './walk.js';
import { checkOptions } from '../_internal/options.js';
import { MAP_LEAVES_OPTIONS } from './option-names.js';

type AnySchema = z.core.$ZodType;
type Seg = string | number;
type Strays = 'keep' | 'drop' | 'leaf';

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
 * console.log(mapLeaves(S, { phone: '+8613812345678', note: 'hi' }, (f, v) => (f.kind === 'phone' ? '***' : v))); // { phone: '***', note: 'hi' }
 * // { phone: '***', note: 'hi' }
 * ```
 */
export function mapLeaves(
  schema: AnySchema,
  value: unknown,
  fn: LeafMapper,
  options: MapLeavesOptions = {},
): unknown {
  checkOptions('mapLeaves', options, MAP_LEAVES_OPTIONS);
  const strays = options.strays ?? 'keep';
  if (strays !== 'keep' && strays !== 'drop' && strays !== 'leaf')
    throw new PiiError('INVALID_ARGUMENT', "strays must be 'keep', 'drop' or 'leaf'.");
  return rebuild(planOf(schema), value, [], { fn, strays, keys: options.keys });
}

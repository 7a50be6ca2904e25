// Reading and writing one location of plain data, and copying it, without ever going through a
// prototype: `__proto__`, `constructor` and `prototype` keys are never followed or created.
import { PiiError } from '../errors.js';

type Seg = string | number;

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

// The two path syntaxes (docs/concepts.md "Paths and types", docs/formats.md "AAD"): pattern paths
// name a field of a schema (`items[].name`), concrete paths name one location in one record
// (`items.0.name`) and are bound into ciphertexts and blind-index keys, so they must never
// encode two locations alike.
import { PiiError } from '../errors.js';

/** Characters of an object key that are escaped with `\` in a pattern path. */
const PATTERN_SPECIAL = /[\\.[\]{}]/g;

/**
 * An object key as it appears in a pattern path: `\`, `.`, `[`, `]`, `{` and `}` are preceded
 * by `\`, so `{ 'a.b': … }` is `a\.b` and never the nested `a.b`. Keys without those characters
 * are unchanged. @internal
 */
export function patternKey(key: string): string {
  PATTERN_SPECIAL.lastIndex = 0;
  return PATTERN_SPECIAL.test(key) ? key.replace(PATTERN_SPECIAL, '\\$&') : key;
}

function concreteSegment(s: string | number): string {
  if (typeof s === 'number') {
    if (!Number.isFinite(s))
      throw new PiiError('INVALID_ARGUMENT', 'A location segment must be a string or a finite number.');
    return String(s);
  }
  if (typeof s !== 'string')
    throw new PiiError(
      'INVALID_ARGUMENT',
      'A sealed value can only sit under string or number keys (a Map keyed by objects cannot be sealed field by field).',
    );
  // the common case, and the one whose bytes predate escaping: no copy
  if (s.indexOf('.') < 0 && s.indexOf('\\') < 0) return s;
  return s.replace(/[\\.]/g, '\\$&');
}

/**
 * The concrete path of a location, as bound into a sealed field's AAD and used as the key of
 * its blind index: the segments joined by `.`, where a key containing `.` or `\` has each of
 * them preceded by `\` (`['m', 'a.b', 'c']` is `m.a\.b.c`, `['m', 'a', 'b.c']` is `m.a.b\.c`), and
 * array, tuple and set positions are decimal numbers. Two different lists of segments never
 * give the same string (a number and its decimal string name the same position); segments
 * without `.` or `\` give the same string as joining them with `.`.
 *
 * @param at - keys and indexes from the root (as in {@link Leaf.at})
 * @returns the concrete path (`''` for the root)
 * @throws PiiError INVALID_ARGUMENT for a segment that is not a string or a finite number
 * @example
 * ```ts
 * import { concretePath } from 'courier-pii/schema';
 * console.log(concretePath(['items', 0, 'name'])); // items.0.name
 * console.log(concretePath(['contacts', 'ann@example.com', 'phone'])); // contacts.ann@example\.com.phone
 * ```
 */
export function concretePath(at: ReadonlyArray<string | number>): string {
  const n = at.length;
  if (n === 0) return '';
  let out = concreteSegment(at[0]!);
  for (let i = 1; i < n; i++) out += `.${concreteSegment(at[i]!)}`;
  return out;
}

/** One step of a pattern path (see {@link pathSteps}). */
export type PathStep =
  /** An object key (unescaped). */
  | { readonly key: string }
  /** Every item of an array, every element of a set, or the rest items of a tuple: `[]`. */
  | { readonly each: 'item' }
  /** One tuple position: `[0]`. */
  | { readonly index: number }
  /** Every value of a record or map, or every property an object does not name: `{}`. */
  | { readonly each: 'value' }
  /** The keys of a record or map: `{key}`. */
  | { readonly each: 'key' };

/**
 * Splits a pattern path (as {@link classify} reports it) into its steps, undoing the escapes of
 * object keys. The root path `$` has no steps.
 *
 * @param path - a pattern path such as `items[].name`, `pair[1]`, `byEmail{key}` or `a\.b`
 * @returns the steps in order
 * @throws PiiError INVALID_ARGUMENT for a string that is not a pattern path
 * @example
 * ```ts
 * import { pathSteps } from 'courier-pii/schema';
 * console.log(pathSteps('items[].name')); // [ { key: 'items' }, { each: 'item' }, { key: 'name' } ]
 * ```
 */
export function pathSteps(path: string): PathStep[] {
  if (typeof path !== 'string') throw new PiiError('INVALID_ARGUMENT', 'path must be a pattern path string.');
  const out: PathStep[] = [];
  if (path === '$') return out;
  const bad = (): never => {
    throw new PiiError(
      'INVALID_ARGUMENT',
      'Not a pattern path: use dotted keys, [] or [n] for items, {} for values and {key} for keys (see docs/concepts.md).',
    );
  };
  let i = 0;
  let key = '';
  let inKey = false;
  const endKey = () => {
    if (inKey) out.push({ key });
    key = '';
    inKey = false;
  };
  while (i < path.length) {
    const c = path[i]!;
    if (c === '\\') {
      if (i + 1 >= path.length) bad();
      key += path[i + 1];
      inKey = true;
      i += 2;
    } else if (c === '.') {
      if (!inKey) bad();
      endKey();
      i++;
      if (i >= path.length) bad();
    } else if (c === '[') {
      endKey();
      const close = path.indexOf(']', i);
      if (close < 0) bad();
      const inner = path.slice(i + 1, close);
      if (inner === '') out.push({ each: 'item' });
      else if (/^(0|[1-9]\d*)$/.test(inner)) out.push({ index: Number(inner) });
      else bad();
      i = close + 1;
      if (i < path.length && path[i] === '.') {
        i++;
        if (i >= path.length) bad();
      }
    } else if (c === '{') {
      endKey();
      if (path.startsWith('{}', i)) {
        out.push({ each: 'value' });
        i += 2;
      } else if (path.startsWith('{key}', i)) {
        out.push({ each: 'key' });
        i += 5;
      } else bad();
      if (i < path.length && path[i] === '.') {
        i++;
        if (i >= path.length) bad();
      }
    } else if (c === ']' || c === '}') {
      bad();
    } else {
      key += c;
      inKey = true;
      i++;
    }
  }
  endKey();
  return out;
}

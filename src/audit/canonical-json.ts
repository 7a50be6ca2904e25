// Canonical JSON after RFC 8785 (JSON Canonicalization Scheme): object keys sorted by UTF-16
// code units (§3.2.3), no white space, strings and numbers serialized as ECMAScript's
// JSON.stringify does (§3.2.2.2, §3.2.2.3). I-JSON restrictions (RFC 7493) are enforced:
// lone surrogates and non-finite numbers are refused. Our entries hold only strings, safe
// integers, booleans, null, arrays and objects, for which this is exactly JCS.
import { PiiError } from '../errors.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function fail(what: string): never {
  throw new PiiError('INVALID_ARGUMENT', `Audit data is not canonical JSON: ${what}.`);
}

function str(s: string): string {
  if (LONE_SURROGATE.test(s)) fail('a string contains a lone UTF-16 surrogate');
  return JSON.stringify(s);
}

/**
 * Serializes `v` canonically. Throws INVALID_ARGUMENT for values JSON cannot represent
 * exactly (undefined inside arrays, functions, non-finite numbers, lone surrogates, cycles).
 */
export function canonicalJson(v: unknown, depth = 0): string {
  if (depth > 32) fail('nesting deeper than 32 levels');
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return str(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) fail('a number is not finite');
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out += ',';
          if (v[i] === undefined) fail('an array holds undefined');
          out += canonicalJson(v[i], depth + 1);
        }
        return out + ']';
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) fail('a value is not a plain object');
      const keys = Object.keys(v).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += str(k) + ':' + canonicalJson(x, depth + 1);
      }
      return out + '}';
    }
    default:
      return fail(`a value has type ${typeof v}`);
  }
}

/**
 * A deep copy of a JSON value with the same checks as {@link canonicalJson} (and `undefined`
 * members dropped), without serializing it.
 */
export function cloneJson<T>(v: T, depth = 0): T {
  if (depth > 32) fail('nesting deeper than 32 levels');
  if (v === null) return v;
  switch (typeof v) {
    case 'string':
      if (LONE_SURROGATE.test(v)) fail('a string contains a lone UTF-16 surrogate');
      return v;
    case 'boolean':
      return v;
    case 'number':
      if (!Number.isFinite(v)) fail('a number is not finite');
      return (Object.is(v, -0) ? 0 : v) as T;
    case 'object': {
      if (Array.isArray(v)) {
        const out = new Array(v.length);
        for (let i = 0; i < v.length; i++) {
          if (v[i] === undefined) fail('an array holds undefined');
          out[i] = cloneJson(v[i], depth + 1);
        }
        return out as T;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) fail('a value is not a plain object');
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined) continue;
        if (LONE_SURROGATE.test(k)) fail('a key contains a lone UTF-16 surrogate');
        const c = cloneJson(x, depth + 1);
        // An own "__proto__" member (as JSON.parse creates it) must stay data, not a prototype.
        if (k === '__proto__')
          Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
        else out[k] = c;
      }
      return out as T;
    }
    default:
      return fail(`a value has type ${typeof v}`);
  }
}

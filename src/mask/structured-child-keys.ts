// The fields of a person's object in JSON: under a key that names a person ("receiver":{…},
// "sender":{…}, "收件人":{…}), compact payloads (mobile apps, message queues, carrier APIs) shorten
// the field names to one or two letters ("n" / "nm" for the name, "a" / "ad" for the address):
// {"receiver":{"n":"Li Xiaoming","t":"+86-…"}}. Such a short key alone says nothing; the
// person's key it sits under says it is that person's name or address. Each key costs a bounded
// look back (OBJECT_REACH characters) for the object's opening brace and the key before it.
import { type KeyKind, keyEndingAt as $keyEndingAt } from './structured-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const keyEndingAt = $keyEndingAt;

// the short field names of a person's name and address (phones are found by their shape)
const SHORT_KEYS: ReadonlyMap<string, KeyKind> = new Map([
  ['n', 'name'],
  ['nm', 'name'],
  ['xm', 'name'],
  ['a', 'address'],
  ['ad', 'address'],
  ['dz', 'address'],
]);
// how far back the object's opening brace is looked for (a person's object is short)
const OBJECT_REACH = 120;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * @internal What the short quoted key that ends at `q` (before its closing quote) names as a field
 * of a person's object ("receiver":{"n": → name), or undefined.
 */
export function childKeyKind(t: string, q: number): KeyKind | undefined {
  // one or two lower-case letters in quotes
  let s = q;
  while (s > 0 && q - s < 3 && t.charCodeAt(s - 1) >= 97 && t.charCodeAt(s - 1) <= 122) s--;
  if (s === q || q - s > 2 || (t.charCodeAt(s - 1) !== 34 && t.charCodeAt(s - 1) !== 39)) return undefined;
  const kind = SHORT_KEYS.get(t.slice(s, q));
  if (kind === undefined) return undefined;
  return inPersonObject(t, s - 1) ? kind : undefined;
}

/**
 * @internal Whether the quoted key whose opening quote is at `k` is a field of a person's object
 * ("consignee":{"name":…}): its object's key names a person (receiver, sender, 收件人). A generic
 * "name" there is that person's name, read as a role key's value.
 */
export function inPersonObject(t: string, quote: number): boolean {
  // back to the object's opening brace: over its other fields, not into a nested object
  let k = quote;
  const lo = Math.max(0, k - OBJECT_REACH);
  let quoted = 0;
  while (k > lo) {
    const c = t.charCodeAt(k - 1);
    if (c === 34 && t.charCodeAt(k - 2) !== 92) quoted ^= 1;
    else if (quoted === 0 && (c === 125 || c === 93 || c === 91)) return false;
    else if (quoted === 0 && c === 123) break;
    k--;
  }
  if (k <= lo || t.charCodeAt(k - 1) !== 123) return false;
  // the parent's key: "receiver" : {
  let p = k - 1;
  while (p > 0 && isSpace(t.charCodeAt(p - 1))) p--;
  if (t.charCodeAt(p - 1) !== 58) return false;
  p--;
  while (p > 0 && isSpace(t.charCodeAt(p - 1))) p--;
  if (t.charCodeAt(p - 1) === 34 || t.charCodeAt(p - 1) === 39) p--;
  const parent = keyEndingAt(t, p);
  // a key of a person (its kind is their name: receiver, sender, 收件人)
  return parent !== undefined && parent.kind === 'name';
}

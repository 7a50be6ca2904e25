// Numbers allocated in a block across the values of parsed JSON (redactJson), the rule of
// number-blocks.ts read with keys instead of text: redactJson reads each string alone, so two
// values {"a1":A,"a2":B} never meet in one text. A value that is wholly a mainland mobile is a
// serial when another such value shares its first eight digits and neither is tied to someone,
// or when a value under a key of non-personal numbers (orderNo, waybills: [...]) shares them.
// Tied: a key of personal data over it (tel1, receiver: {...}, phones: [...]), or a record (its
// object or array row) that names a person (a name key, or a value that is a Chinese name)
// and gives no phone under a phone key of its own. One walk over the value, linear in its size.
import { isIdeograph as $isIdeograph } from './char-flags.js';
import { chineseNameEnd as $chineseNameEnd } from './name-shape.js';
import type { KeyKind } from './structured-keys.js';
import { BLOCK_PREFIX, blockOfSerials as $blockOfSerials } from './number-blocks.js';

// imports as local bindings (see detect.ts)
const chineseNameEnd = $chineseNameEnd;
const isCjk = $isIdeograph;
const blockOfSerials = $blockOfSerials;

// a whole value that is a mainland mobile: +86/0086 perhaps, spaces or dashes between digits
const MOBILE = /^(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}$/;
/** @internal How deep redactJson reads a value: it refuses one nested deeper, and the block walk stops there too. */
export const MAX_DEPTH = 64;

interface Leaf {
  owner: object;
  key: string | number;
  digits: string;
  tied: boolean;
  labelled: boolean;
}

/** The 11 digits of a value that is wholly a mainland mobile, or undefined. */
function mobileValue(x: unknown): string | undefined {
  let s: string;
  if (typeof x === 'string') s = x.trim();
  else if (typeof x === 'number' && Number.isInteger(x)) s = String(x);
  else return undefined;
  if (s.length > 24 || !MOBILE.test(s)) return undefined;
  const d = s.replace(/\D/g, '');
  return d.length > 11 ? d.slice(d.length - 11) : d;
}

/** Whether a value is a Chinese name alone (张三, 欧阳娜娜). */
function isChineseName(x: unknown): boolean {
  if (typeof x !== 'string') return false;
  const s = x.trim();
  if (s.length < 2 || s.length > 4) return false;
  for (let i = 0; i < s.length; i++) if (!isCjk(s.charCodeAt(i))) return false;
  return chineseNameEnd(s, 0, true) === s.length;
}

/**
 * @internal The values of `root` that are serials of a block, as their container and key (or
 * index); undefined when there is none. `kindOf` reads a key as redactJson does.
 */
export function jsonSerials(
  root: unknown,
  kindOf: (key: string) => KeyKind | undefined,
): WeakMap<object, Set<string | number>> | undefined {
  const leaves: Leaf[] = [];
  collect(root, undefined, 0, kindOf, leaves);
  if (leaves.length < 2) return undefined;
  const byPrefix = new Map<string, Leaf[]>();
  for (const l of leaves) {
    const p = l.digits.slice(0, BLOCK_PREFIX);
    const members = byPrefix.get(p);
    if (members === undefined) byPrefix.set(p, [l]);
    else members.push(l);
  }
  let out: WeakMap<object, Set<string | number>> | undefined;
  for (const members of byPrefix.values()) {
    if (members.length < 2) continue;
    // the different untied numbers (up to three) and the numbers a label took, decided as in text
    // (values are fields of a record: two different untied ones are a block)
    const loose: string[] = [];
    let labelled: string | undefined;
    let labelledTwo = false;
    for (const l of members) {
      if (l.labelled) {
        if (labelled === undefined) labelled = l.digits;
        else if (labelled !== l.digits) labelledTwo = true;
      } else if (!l.tied && loose.length < 3 && !loose.includes(l.digits)) loose.push(l.digits);
    }
    if (!blockOfSerials(loose, labelled, labelledTwo, true)) continue;
    for (const l of members) {
      if (l.tied || l.labelled) continue;
      out ??= new WeakMap();
      const keys = out.get(l.owner);
      if (keys === undefined) out.set(l.owner, new Set([l.key]));
      else keys.add(l.key);
    }
  }
  return out;
}

/**
 * Adds the mobile values under `v` to `leaves`. `over`: what the key over `v` says (the items
 * of an array take it; the values of an object are tied by a party's key over it).
 */
function collect(
  v: unknown,
  over: KeyKind | undefined,
  depth: number,
  kindOf: (key: string) => KeyKind | undefined,
  leaves: Leaf[],
): void {
  if (depth > MAX_DEPTH || v === null || typeof v !== 'object') return;
  const party = over !== undefined && over !== 'negative';
  if (Array.isArray(v)) {
    let named = false;
    for (const x of v) if (isChineseName(x)) named = true;
    for (let i = 0; i < v.length; i++) {
      const d = mobileValue(v[i]);
      if (d !== undefined)
        leaves.push({ owner: v, key: i, digits: d, tied: party || named, labelled: over === 'negative' });
      else collect(v[i], over, depth + 1, kindOf, leaves);
    }
    return;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return; // redactJson refuses it
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  // the record names a person, and does not give them a phone under a key of its own
  let named = false;
  let phoneKeyed = false;
  for (const k of keys) {
    const kind = kindOf(k);
    const x = o[k];
    if (kind === 'phone' && mobileValue(x) !== undefined) phoneKeyed = true;
    if ((kind === 'name' && typeof x === 'string' && /\p{L}/u.test(x)) || isChineseName(x)) named = true;
  }
  for (const k of keys) {
    const kind = kindOf(k);
    const x = o[k];
    const d = mobileValue(x);
    if (d === undefined) {
      collect(x, party && kind === undefined ? over : kind, depth + 1, kindOf, leaves);
      continue;
    }
    const labelled = kind === 'negative';
    const tied = !labelled && (kind !== undefined || party || (named && !phoneKeyed));
    leaves.push({ owner: o, key: k, digits: d, tied, labelled });
  }
}

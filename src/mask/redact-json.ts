// redactJson's walk over parsed JSON: every string (and every integer long enough to be a phone
// or an id) is redacted, with its key as context: the value of receiverName is read as a name,
// of receiverAddress as a whole address, of orderNo as no personal data at all. Keys are
// redacted too (a map keyed by phone number). Kept free of crypto like redact-core.ts.
import { longValue, shortValuedKey } from './number-headings.js';
import { PiiError } from '../errors.js';
import type { Kind } from '../schema/index.js';
import type { DetectOptions, ValueHint } from './detect.js';
import type { MaskOptions } from './options.js';
import { type Pseudonymizer, type RedactMode, redactWith } from './redact-core.js';
import { contactOwnsKey } from './contact-owner.js';
import { type KeyKind, keyKind } from './structured-keys.js';
import { genericNameKey } from './latin-keys.js';
import { actorKeyBefore } from './actor-keys.js';
import { MAX_DEPTH, jsonSerials } from './json-blocks.js';

/** One value found by {@link redactJson}: where in the JSON, and where in that string. */
export interface JsonFinding {
  /** Path of the string, as `receiver.phone`, `items[2].note`, `["order-no"]` (`$` for the root). */
  path: string;
  /** The finding is in the key at `path`, not in its value. */
  inKey?: boolean;
  /** What was found. */
  kind: Kind;
  /** UTF-16 offset in that string of the first character. */
  start: number;
  /** UTF-16 offset in that string after the last character. */
  end: number;
  /** How sure the detector is, 0-1. */
  confidence: number;
}

/** Result of {@link redactJson}: a redacted copy and what was replaced. */
export interface RedactJsonResult {
  /** A copy of the input with personal data replaced (the input is not modified). */
  value: unknown;
  /** Every replacement, by path. */
  findings: JsonFinding[];
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

interface Walk {
  mode: RedactMode;
  mask: MaskOptions | undefined;
  detect: DetectOptions | undefined;
  pseudonymizer: Pseudonymizer | undefined;
  findings: JsonFinding[];
  /** the values that are serials of a block across the JSON (json-blocks.ts), by container */
  serials: WeakMap<object, Set<string | number>> | undefined;
}

// what a serial of a block is read as: a number no one's
const SERIAL: ValueHint = { kind: 'negative', strength: 'role' };
const ACTOR: ValueHint = { kind: 'name', strength: 'actor' };

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const seg = IDENT.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (parent === '$') return seg.startsWith('[') ? `$${seg}` : seg;
  return seg.startsWith('[') ? `${parent}${seg}` : `${parent}.${seg}`;
}

/**
 * What a key says about its value: receiverName, phones (a list of phones), 收件人电话; a bare
 * number word in a contact's object (`owner`: the key the object sits under) is the contact's
 * phone ({"contact":{"ref":…}}, {"tel":{"sn":…}}).
 */
function hintOf(
  key: string,
  parent: ValueHint | undefined,
  owner: string | undefined,
): ValueHint | undefined {
  let kind: KeyKind | undefined = keyKind(key);
  if (kind === 'negative' && owner !== undefined && contactOwnsKey(owner, key)) kind = 'phone';
  // a plural key holds a list of its kind: phones, addresses, receiver_names
  if (kind === undefined && /[a-z]s$/i.test(key))
    kind = keyKind(key.replace(/(?:es|s)$/i, '')) ?? keyKind(key.slice(0, -1));
  // the actor of a record (op, createdBy, 操作人): a Chinese name shape only (actor-keys.ts)
  if (kind === undefined) return actorKeyBefore(key, key.length) ? ACTOR : undefined;
  // "name" alone names a person when its object does (receiver: { name: ... })
  const generic = genericNameKey(key);
  return { kind, strength: generic && parent?.kind !== 'name' ? 'generic' : 'role' };
}

function redactString(w: Walk, s: string, path: string, hint: ValueHint | undefined): string {
  const r = redactWith(s, w.mode, w.mask, w.detect, w.pseudonymizer, hint);
  for (const f of r.findings) w.findings.push({ path, ...f });
  return r.text;
}

function walk(
  w: Walk,
  v: unknown,
  path: string,
  hint: ValueHint | undefined,
  depth: number,
  owner?: string,
): unknown {
  if (depth > MAX_DEPTH)
    throw new PiiError('INVALID_ARGUMENT', `value is nested deeper than ${MAX_DEPTH} levels at ${path}.`);
  if (typeof v === 'string') return redactString(w, v, path, hint);
  if (typeof v === 'number') {
    // a phone or an id stored as a number: redacted as its digits (and then a string)
    if (!Number.isInteger(v) || Math.abs(v) < 1e6 || hint?.kind === 'negative') return v;
    const s = String(v);
    const out = redactString(w, s, path, hint);
    return out === s ? v : out;
  }
  if (v === null || typeof v === 'boolean') return v;
  if (Array.isArray(v)) {
    const serial = w.serials?.get(v);
    return v.map((x, i) => walk(w, x, childPath(path, i), serial?.has(i) ? SERIAL : hint, depth + 1, owner));
  }
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      throw new PiiError(
        'INVALID_ARGUMENT',
        `value must be parsed JSON (plain objects, arrays, strings, numbers, booleans, null); ${path} is not.`,
      );
    }
    const out: Record<string, unknown> = {};
    const serial = w.serials?.get(v);
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) continue;
      // the key is redacted first, and paths are built from what it became: a path never
      // holds the personal data a key held
      const r = redactWith(k, w.mode, w.mask, w.detect, w.pseudonymizer);
      let key = r.text;
      // two keys masked alike both stay: the later one gets a suffix
      for (let n = 2; Object.hasOwn(out, key); n++) key = `${r.text}~${n}`;
      const p = childPath(path, key);
      for (const f of r.findings) w.findings.push({ path: p, inKey: true, ...f });
      let h = hintOf(k, hint, owner);
      // a key whose real values are short (shelf_no, 格口) says nothing of a long number under it
      if (h?.kind === 'negative' && longUnderSlot(k, x)) h = undefined;
      // a key that names personal data (here or through its owner) wins over the block rule
      const serialHere = serial?.has(k) === true && (h === undefined || h.kind === 'negative');
      const c = walk(w, x, p, serialHere ? SERIAL : h, depth + 1, k);
      if (key === '__proto__')
        Object.defineProperty(out, key, { value: c, enumerable: true, writable: true, configurable: true });
      else out[key] = c;
    }
    return out;
  }
  throw new PiiError(
    'INVALID_ARGUMENT',
    `value must be parsed JSON (plain objects, arrays, strings, numbers, booleans, null); ${path} is a ${typeof v}.`,
  );
}

/** Whether `x` is a number of ten digits or more (or a string that starts with one) under the slot key `k`. */
function longUnderSlot(k: string, x: unknown): boolean {
  const s = typeof x === 'number' ? String(x) : typeof x === 'string' ? x.trimStart() : undefined;
  if (s === undefined || k.length > 40) return false;
  return longValue(s, s.charCodeAt(0) === 43 ? 1 : 0) && shortValuedKey(k, 0, k.length, -1);
}

/** @internal redactJson with an optional pseudonymizer (pseudonym mode) */
export function redactJsonWith(
  value: unknown,
  mode: RedactMode,
  mask: MaskOptions | undefined,
  detect: DetectOptions | undefined,
  pseudonymizer: Pseudonymizer | undefined,
): RedactJsonResult {
  if (mode !== 'mask' && mode !== 'label' && mode !== 'pseudonym') {
    throw new PiiError('INVALID_ARGUMENT', "mode must be 'mask', 'label' or 'pseudonym'.");
  }
  const serials = jsonSerials(value, (key) => hintOf(key, undefined, undefined)?.kind);
  const w: Walk = { mode, mask, detect, pseudonymizer, findings: [], serials };
  return { value: walk(w, value, '$', undefined, 0), findings: w.findings };
}

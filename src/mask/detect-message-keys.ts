// The business key of a message or an event: a queue's consumer logs `topic=wms.outbound.wave
// key=…`, a RocketMQ message carries `"tag":"WAYBILL_SIGNED","keys":"…"`, an event envelope
// `{"id":"…","type":"inventory.adjusted"}`. The key that says nothing on its own (id, key, keys,
// msgKey, bizKey) is the identifier of what the message is about, and its topic, tag or type
// names that: a thing's event (a wave, a waybill, an inventory) keys it by the thing's number,
// not by anyone's phone. A topic of a person, a place or a channel that reaches one
// (user.registered, waybill.sms.notify) says nothing, so the key is read as it is.
// Cost: one pass over the separators the scan found, a bounded read of each pair, and each key
// compared with the nearest topic before and after it (two pointers).
import { isKeyChar } from './structured-keys.js';
import { namesThingEvent } from './key-words.js';
import type { Scan } from './scan.js';

// keys that only say "the key of this message" (lower-case, without separators)
const GENERIC = new Set([
  'id',
  'key',
  'keys',
  'msgkey',
  'messagekey',
  'bizkey',
  'businesskey',
  'partitionkey',
]);
// keys that name what a message is about
const SUBJECT = new Set([
  'topic',
  'tag',
  'tags',
  'type',
  'eventtype',
  'event',
  'msgtype',
  'messagetype',
  'eventname',
]);
// how far a message's key and its topic are written apart, and how long a key or a value is read
const RECORD_SPAN = 240;
const KEY_MAX = 16;
const VALUE_MAX = 80;

function isLetter(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** The key ending before the separator at `p` (spaces and a closing quote skipped), lower-cased without separators. */
function keyBefore(t: string, p: number): string | undefined {
  let q = p;
  while (q > 0 && p - q < 2 && isSpace(t.charCodeAt(q - 1))) q--;
  if (q > 0 && (t.charCodeAt(q - 1) === 34 || t.charCodeAt(q - 1) === 39)) q--;
  let s = q;
  while (s > 0 && q - s <= KEY_MAX && isKeyChar(t.charCodeAt(s - 1))) s--;
  // (the longest key read is message_type: a longer run, a number or a time is none)
  if (s === q || q - s > KEY_MAX || !isLetter(t.charCodeAt(s))) return undefined;
  return t.slice(s, q).toLowerCase().replace(/[_-]/g, '');
}

/** The value after the separator at `p`: [start, end) of a quoted or a bare token, or undefined. */
function valueAfter(t: string, p: number): [number, number] | undefined {
  let v = p + 1;
  while (v < t.length && v - p <= 4 && isSpace(t.charCodeAt(v))) v++;
  const q = t.charCodeAt(v);
  const quoted = q === 34 || q === 39;
  if (quoted) v++;
  const cap = Math.min(t.length, v + VALUE_MAX);
  let e = v;
  for (; e < cap; e++) {
    const c = t.charCodeAt(e);
    if (quoted ? c === q || c === 10 : !(isKeyChar(c) || c === 46 || c === 58 || c === 47)) break;
  }
  return e > v ? [v, e] : undefined;
}

/** Whether a blank line lies in t[a, b) (a record ends there). */
function blankLine(t: string, a: number, b: number): boolean {
  for (let k = a + 1; k < b; k++) if (t.charCodeAt(k) === 10 && t.charCodeAt(k - 1) === 10) return true;
  return false;
}

/**
 * @internal Values of a message's or an event's key (id, key, keys …) whose topic, tag or type
 * names a thing's event go to `negatives` (start, end pairs).
 */
export function messageKeys(t: string, sc: Scan, negatives: number[]): void {
  // the values of generic keys and of subject keys that name a thing's event, in text order
  const keys: number[] = [];
  const subjects: number[] = [];
  for (let k = 0; k < sc.kv.n; k++) {
    const p = sc.kv.buf[k]!;
    const c = t.charCodeAt(p);
    if (c !== 61 && c !== 58) continue;
    const key = keyBefore(t, p);
    if (key === undefined) continue;
    const generic = GENERIC.has(key);
    if (!generic && !SUBJECT.has(key)) continue;
    const v = valueAfter(t, p);
    if (v === undefined) continue;
    if (generic) keys.push(v[0], v[1]);
    else if (namesThingEvent(t, v[0], v[1])) subjects.push(v[0], v[1]);
  }
  if (keys.length === 0 || subjects.length === 0) return;
  // each key with the nearest subject before it and the nearest after it
  let j = 0;
  for (let i = 0; i < keys.length; i += 2) {
    const s = keys[i]!;
    const e = keys[i + 1]!;
    while (j < subjects.length && subjects[j]! < s) j += 2;
    const before = j >= 2 && s - subjects[j - 1]! <= RECORD_SPAN && !blankLine(t, subjects[j - 1]!, s);
    const after = j < subjects.length && subjects[j]! - e <= RECORD_SPAN && !blankLine(t, e, subjects[j]!);
    if (before || after) negatives.push(s, e);
  }
}

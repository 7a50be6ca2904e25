// Names in a record line, read from a finding outwards: "张三 13812345678", "ZHANG WEI 138...",
// "13812345678 李四". A name is taken next to a number or an address only when its first character
// is a known surname and it ends cleanly, so the surrounding words of a line do not become names.
import {
  FLAGS as $FLAGS,
  SEP as $SEP,
  isAsciiLetter as $isAsciiLetter,
  mark as $mark,
  isIdeograph as $isIdeograph,
} from './char-flags.js';
import {
  chineseNameEnd as $chineseNameEnd,
  honorificAt as $honorificAt,
  honorificBefore as $honorificBefore,
  stopAt as $stopAt,
  surnameLenAt as $surnameLenAt,
} from './name-shape.js';
import {
  isPlausibleLatinName as $isPlausibleLatinName,
  plausibleLatinEnd as $plausibleLatinEnd,
} from './latin-names.js';
import { fieldLabelBefore as $fieldLabelBefore } from './field-label.js';
import { CTX_STRONG as $CTX_STRONG, CTX_WEAK as $CTX_WEAK } from './name-context.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import { displayNameBefore as $displayNameBefore } from './mail-names.js';
import type { Candidate } from './detect-numbers.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const FLAGS = $FLAGS;
const SEP = $SEP;
const isAsciiLetter = $isAsciiLetter;
const mark = $mark;
const chineseNameEnd = $chineseNameEnd;
const honorificAt = $honorificAt;
const honorificBefore = $honorificBefore;
const isCjk = $isIdeograph;
const stopAt = $stopAt;
const surnameLenAt = $surnameLenAt;
const isPlausibleLatinName = $isPlausibleLatinName;
const plausibleLatinEnd = $plausibleLatinEnd;
const fieldLabelBefore = $fieldLabelBefore;
const CTX_STRONG = $CTX_STRONG;
const CTX_WEAK = $CTX_WEAK;
const pushName = $pushName;
const taken = $taken;
const displayNameBefore = $displayNameBefore;

/** @internal Names right before a finding, and right after a phone or landline. */
export function nextTo(t: string, a: Candidate, out: Candidate[]): void {
  if (a.kind === 'geo' || a.kind === 'ip' || a.kind === 'name' || a.kind === 'pickupCode') return;
  // a mailbox's display name: Priya Nair <priya.nair@...>
  if (a.kind === 'email' && a.start > 0 && t.charCodeAt(a.start - 1) === 60) {
    displayNameBefore(t, a.start, out);
    return;
  }
  nameLeftOf(t, a.start, out);
  if (a.kind === 'phone' || a.kind === 'landline') nameRightOf(t, a.end, out);
  // a Latin name right after a Chinese address (…1201室Emily Chen): the address ends before a
  // Latin word (address-run.ts), and the words read as a name are the next field's
  else if (a.kind === 'address' && a.end < t.length && cjkOrDigit(t.charCodeAt(a.end - 1)))
    latinNameAt(t, pastSepsAfter(t, a.end), out);
}

function cjkOrDigit(c: number): boolean {
  return isCjk(c) || (c >= 48 && c <= 57);
}

/** Where the next field starts after `at`: past up to three separators. */
function pastSepsAfter(t: string, at: number): number {
  let p = at;
  while (p < t.length && p - at < 3 && isSep(t, p)) p++;
  return p;
}

/** A Latin name that reads as one starting at `p` (a capital there). */
function latinNameAt(t: string, p: number, out: Candidate[]): void {
  const c = t.charCodeAt(p);
  if (c < 65 || c > 90) return;
  const e = plausibleLatinEnd(t, p, false);
  if (e !== -1 && !taken(p, e)) pushName(out, p, e, 0.75);
}

mark(SEP, [':：,，/|()（）-、;；', ' \t\n\v\f\r\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff']);
for (let c = 0x2000; c <= 0x200a; c++) FLAGS[c]! |= SEP;

function isSep(t: string, j: number): boolean {
  return (FLAGS[t.charCodeAt(j)]! & SEP) !== 0;
}

/**
 * @internal A Chinese or Latin name that ends at `at` (before a finding, a greeting or 的快递).
 * `accept`, when given, must also accept a Chinese name t[s, e) whose surname is `sl` long.
 */
export function nameLeftOf(
  t: string,
  at: number,
  out: Candidate[],
  accept?: (t: string, s: number, sl: number, e: number) => boolean,
): void {
  let p = at;
  let skipped = 0;
  while (p > 0 && skipped < 3 && isSep(t, p - 1)) {
    p--;
    skipped++;
  }
  const label = fieldLabelBefore(t, p);
  if (label > 0) p = pastSeps(t, p - label);
  if (p > 0 && isAsciiLetter(t.charCodeAt(p - 1))) {
    latinNameLeftOf(t, p, out);
    return;
  }
  let runStart = p;
  while (runStart > 0 && p - runStart < 8 && isCjk(t.charCodeAt(runStart - 1))) runStart--;
  // the run goes on from a name this library masked (张**阳娜娜): the first pass saw one longer
  // run there and found no name at its end, so redacting again must not find one either
  if (runStart > 0 && t.charCodeAt(runStart - 1) === 42) return;
  const end = p - honorificBefore(t, runStart, p);
  // every name this could find ends at `end`: when the character before it is already taken
  // (the name after 收件人： that this phone follows), none of them would be kept
  if (end > 0 && taken(end - 1, end)) return;
  for (let len = 4; len >= 2; len--) {
    const s = end - len;
    if (s < runStart) continue;
    const sl = surnameLenAt(t, s);
    if (sl === 0 || (len === 4 && sl !== 2)) continue;
    if (chineseNameEnd(t, s, true) !== end) continue;
    // inside a longer run: what precedes must be a context word or a stop character
    if (s > runStart && !ledByContext(t, runStart, s)) continue;
    if (end - s === 1 || (accept !== undefined && !accept(t, s, sl, end))) return;
    if (!taken(s, end)) pushName(out, s, end, 0.8);
    return;
  }
}

/** Back from `p` past up to three separators (before a field label). */
function pastSeps(t: string, p: number): number {
  let q = p;
  let skipped = 0;
  while (q > 0 && skipped < 3 && isSep(t, q - 1)) {
    q--;
    skipped++;
  }
  return q;
}

/** Whether t[runStart, s) ends with a stop character or reads as a context word. */
function ledByContext(t: string, runStart: number, s: number): boolean {
  if (stopAt(t, s - 1)) return true;
  const head = t.slice(runStart, s);
  return CTX_WEAK.test(head) || CTX_STRONG.test(head);
}

/**
 * A Latin-script name that ends at `end` next to a number (ZHANG WEI 13812345678, Sarah Lee /
 * +86 ...): up to four capitalized words read back, the longest tail that reads as a name.
 */
function latinNameLeftOf(t: string, end: number, out: Candidate[]): void {
  const starts: number[] = [];
  let q = end;
  const lo = Math.max(0, end - 64);
  while (starts.length < 4 && q > lo) {
    let s = q;
    while (
      s > lo &&
      (isAsciiLetter(t.charCodeAt(s - 1)) || t.charCodeAt(s - 1) === 39 || t.charCodeAt(s - 1) === 45)
    )
      s--;
    const c = t.charCodeAt(s);
    // (a digit before it ends a code or number glued to the name, 取件码12-3-4567SARAH LEE您好: a
    // name as after a '*', so the masked code, 取件码**-*-****SARAH, reads the same)
    if (s === q || c < 65 || c > 90 || (s > 0 && isAsciiLetter(t.charCodeAt(s - 1)))) break;
    starts.push(s);
    if (s < 2 || t.charCodeAt(s - 1) !== 32) break;
    q = s - 1;
  }
  for (let k = starts.length - 1; k >= 1; k--) {
    const s = starts[k]!;
    if (isPlausibleLatinName(t.slice(s, end).split(' '))) {
      if (!taken(s, end)) pushName(out, s, end, 0.75);
      return;
    }
  }
}

/** @internal A name that starts at `at`, past up to three separators (after a phone or a greeting). */
export function nameRightOf(t: string, at: number, out: Candidate[]): void {
  const p = pastSepsAfter(t, at);
  const c = t.charCodeAt(p);
  if (c >= 65 && c <= 90) {
    latinNameAt(t, p, out);
    return;
  }
  const e = chineseNameEnd(t, p, true);
  if (e === -1) return;
  if (e < t.length && isCjk(t.charCodeAt(e)) && !honorificAt(t, e)) return;
  if (!taken(p, e)) pushName(out, p, e, 0.75);
}

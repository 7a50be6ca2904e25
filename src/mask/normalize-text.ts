// What detection reads instead of the text when the text hides digits or words behind other
// code points: NFKC (compatibility forms: full-width, circled and mathematical digits,
// ligatures), every Unicode decimal digit (Arabic-Indic ٣, Devanagari ३, mathematical bold 𝟑
// ...) as its ASCII digit, and default-ignorable and format characters (zero-width space and
// joiner, word joiner, soft hyphen, byte order mark, bidi controls ...) removed. Each unit of
// the result remembers which characters of the original it came from, so a finding is reported
// over the whole original span, hidden characters included (docs/masking.md, "Normalization").
//
// The full-width colon, comma and parentheses stay as they are (the detectors read both forms
// and tell them apart in a few places), and the ideographic space becomes a space: what the
// detectors have always read, one unit for one.
//
// Which code units need this is known per block of 256, computed on first sight: most texts
// (ASCII, CJK ideographs and common punctuation) are passed through without a copy. A copy is
// made only for a character that can hide something (a format character, a digit or letter
// of another form, a full-width sign the detectors read: + - . / @); punctuation whose
// compatibility form is only other punctuation (… ！ ？) is rewritten in a copy made anyway, but
// does not cause one.
import { PiiError } from '../errors.js';
import { NORM, REPL, SCAN } from './char-flags.js';
import { isSepCode } from './number-shapes.js';

const FORMAT = /^[\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
const DECIMAL = /^\p{Nd}$/u;
// the full-width forms the detectors read as they are
const KEPT_WIDE = new Set([0xff1a, 0xff0c, 0xff08, 0xff09]);

const resolvedBlocks = new Uint8Array(256);
// the scan table as a local binding, read once per character
const table = SCAN;
// CJK ideographs (extension A and unified) are neither changed by NFKC nor digits nor format
// characters; ASCII only where the table below says so (nowhere)
for (let b = 0x34; b <= 0x4d; b++) resolvedBlocks[b] = 1;
for (let b = 0x4e; b <= 0x9f; b++) resolvedBlocks[b] = 1;
// every other non-ASCII unit is marked "may need it" until its block is looked at; a high
// surrogate always (the code point it begins is looked at in place)
for (let c = 0x80; c < 0x10000; c++) {
  if (!resolvedBlocks[c >>> 8]) SCAN[c]! |= NORM | REPL;
}
// full-width signs the detectors read (the full-width digits and letters trigger by themselves)
const WIDE_SIGNS = new Set([0xff0b, 0xff0d, 0xff0e, 0xff0f, 0xff20, 0x3000]);
const TELLING = /[0-9A-Za-z\u2e80-\u9fff\uf900-\ufaff]/;

/** Whether a character with replacement `r` makes detection read a normalized copy. */
function triggers(cp: number, r: string): boolean {
  return r === '' || WIDE_SIGNS.has(cp) || TELLING.test(r) || (r.length === 1 && isSepCode(r.charCodeAt(0)));
}

/** The replacement of one code point, or undefined when it stays. Cached per code point. */
const replacements = new Map<number, string | null>();

function digitValue(cp: number): number {
  // decimal digits are assigned in contiguous runs of 0..9: count back to the run's start
  let start = cp;
  while (start > 0 && DECIMAL.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

function replace(cp: number): string | null {
  const s = String.fromCodePoint(cp);
  if (FORMAT.test(s)) return '';
  if (cp === 0x3000) return ' ';
  if (cp >= 0xff01 && cp <= 0xff5e) return KEPT_WIDE.has(cp) ? null : String.fromCharCode(cp - 0xfee0);
  if (cp > 127 && DECIMAL.test(s)) return String.fromCharCode(48 + digitValue(cp));
  const n = s.normalize('NFKC');
  if (n === s) return null;
  let out = '';
  for (const ch of n) {
    const c = ch.codePointAt(0)!;
    if (FORMAT.test(ch)) continue;
    out += c > 127 && DECIMAL.test(ch) ? String.fromCharCode(48 + digitValue(c)) : ch;
  }
  return out;
}

function replacementOf(cp: number): string | null {
  let r = replacements.get(cp);
  if (r === undefined) {
    r = replace(cp);
    replacements.set(cp, r);
  }
  return r;
}

/** Looks at every unit of block `b` once: sets the scan's NORM and REPL bits where they apply. */
function resolveBlock(b: number): void {
  resolvedBlocks[b] = 1;
  for (let c = b << 8; c < (b + 1) << 8; c++) {
    if (c >= 0xd800 && c <= 0xdbff) continue; // high surrogate: decided per pair
    SCAN[c]! &= ~(NORM | REPL);
    if (c >= 0xdc00 && c <= 0xdfff) continue; // a lone low surrogate stays
    const r = replacementOf(c);
    if (r === null) continue;
    SCAN[c]! |= REPL;
    if (triggers(c, r)) SCAN[c]! |= NORM;
  }
}

/** The code point at `i` (a surrogate pair read whole), or -1 for a lone high surrogate. */
function codePointAt(text: string, i: number, c: number): number {
  if (c < 0xd800 || c > 0xdbff) return c;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000 : -1;
}

/** @internal the text detection reads, and where each of its units came from */
export interface NormalizedText {
  text: string;
  /**
   * For each unit of `text`, the offset in the original of the character it came from, and
   * one more entry (the original length); undefined when every unit maps to the unit at the
   * same offset.
   */
  starts: Int32Array | undefined;
  /** For each unit of `text`, the offset in the original after that character. */
  ends: Int32Array | undefined;
}

/**
 * @internal Whether `text` has a character that makes detection read a normalized copy
 * (a block is looked at the first time one of its units is met).
 */
export function needsNormalization(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((table[c]! & NORM) === 0) continue;
    if (!resolvedBlocks[c >>> 8]) {
      resolveBlock(c >>> 8);
      if ((table[c]! & NORM) === 0) continue;
    }
    const cp = codePointAt(text, i, c);
    if (cp === c) return true;
    if (cp === -1) continue;
    const r = replacementOf(cp);
    if (r !== null && triggers(cp, r)) return true;
    i++;
  }
  return false;
}

/**
 * @internal The normalized copy of `text` and the map back to it, or undefined when no
 * character of the text makes one necessary.
 */
export function normalizeText(text: string): NormalizedText | undefined {
  if (!needsNormalization(text)) return undefined;
  let out = '';
  let last = 0; // start of the original stretch not yet copied
  let starts: Int32Array | undefined;
  let ends: Int32Array | undefined;
  let n = 0; // units written to `out` (== out.length)
  let hidden: number[] | undefined; // where a format character inside a number was removed
  let tail = -1; // the last unit written to `out`
  const reserve = (need: number) => {
    if (starts!.length >= need) return;
    const size = Math.max(need, starts!.length * 2);
    const s2 = new Int32Array(size);
    const e2 = new Int32Array(size);
    s2.set(starts!);
    e2.set(ends!);
    starts = s2;
    ends = e2;
  };
  const copy = (from: number, to: number) => {
    out += text.slice(from, to);
    if (starts) {
      reserve(n + (to - from) + 1);
      for (let k = from; k < to; k++, n++) {
        starts![n] = k;
        ends![n] = k + 1;
      }
    } else n += to - from;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((table[c]! & REPL) === 0) continue;
    if (!resolvedBlocks[c >>> 8]) {
      resolveBlock(c >>> 8);
      if ((table[c]! & REPL) === 0) continue;
    }
    const cp = codePointAt(text, i, c);
    if (cp === -1) continue;
    const len = cp > 0xffff ? 2 : 1;
    const r = replacementOf(cp);
    if (r === null) {
      i += len - 1;
      continue;
    }
    copy(last, i);
    if (!starts && r.length !== len) {
      // from here on units and characters differ: map every unit written so far to itself
      starts = new Int32Array(text.length + 16);
      ends = new Int32Array(starts.length);
      for (let k = 0; k < n; k++) {
        starts[k] = k;
        ends[k] = k + 1;
      }
    }
    // a hidden character inside a run of digits and dots or slashes (175/0209<ZWJ>2928): noted
    // (the last unit written is kept aside: reading `out` would flatten it each time)
    if (i > last) tail = text.charCodeAt(i - 1);
    if (r === '' && runUnit(tail) && nextRunUnit(text, i + len)) {
      if (hidden === undefined) hidden = [];
      hidden.push(n);
    }
    out += r;
    if (r.length > 0) tail = r.charCodeAt(r.length - 1);
    if (starts) {
      reserve(n + r.length + 1);
      for (let k = 0; k < r.length; k++, n++) {
        starts![n] = i;
        ends![n] = i + len;
      }
    } else n += r.length;
    i += len - 1;
    last = i + 1;
  }
  copy(last, text.length);
  if (starts) {
    reserve(n + 1);
    starts![n] = text.length;
  }
  if (hidden !== undefined) out = disguisedSeparators(out, hidden);
  return { text: out, starts, ends };
}

/** Whether the character at `j` is, or is written as, a digit, '.' or '/' (٢, ２, ．). */
function nextRunUnit(text: string, j: number): boolean {
  const c = text.charCodeAt(j);
  if (c < 128 || Number.isNaN(c)) return runUnit(c);
  const cp = codePointAt(text, j, c);
  const r = cp === -1 ? null : replacementOf(cp);
  return r !== null && r.length > 0 && runUnit(r.charCodeAt(0));
}

/** Whether `c` may be part of a number written with dots or slashes: a digit, '.' or '/'. */
function runUnit(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 47;
}

/**
 * `out` with the dots and slashes of each disguised number read as separators ('-'): a run of
 * digits, dots and slashes with at least HIDDEN_DIGITS digits that had a format character
 * inside it (175/0209<ZWJ>2928, 138.1234<ZWSP>.5678) is a number someone hid, not a ratio or a
 * decimal; 139.76 and 3/4 without such a character are left as they are. One unit for one, so
 * the map back is unchanged.
 */
function disguisedSeparators(out: string, hidden: readonly number[]): string {
  let res = '';
  let done = 0; // units of `out` already copied to `res`
  let read = 0; // end of the last run read: its other hidden characters are not read again
  for (const h of hidden) {
    if (h < read) continue;
    let s = h;
    while (s > read && runUnit(out.charCodeAt(s - 1))) s--;
    let e = h;
    while (e < out.length && runUnit(out.charCodeAt(e))) e++;
    read = e;
    let digits = 0;
    let seps = 0;
    for (let k = s; k < e; k++) {
      if (out.charCodeAt(k) <= 47) seps++;
      else digits++;
    }
    if (digits < HIDDEN_DIGITS || seps === 0) continue;
    res += out.slice(done, s);
    for (let k = s; k < e; k++) res += out.charCodeAt(k) <= 47 ? '-' : out[k];
    done = e;
  }
  return done === 0 ? out : res + out.slice(done);
}
// a shorter disguised run (3/<ZWSP>4) is left alone: no phone, ID or card is that short
const HIDDEN_DIGITS = 7;

/**
 * The text as `detect()` reads it: compatibility forms folded (NFKC: full-width, circled
 * and mathematical digits and letters, ligatures), every Unicode decimal digit written as its
 * ASCII digit (Arabic-Indic ١٣٨, Devanagari १३८, mathematical bold 𝟏𝟑𝟖 ...), and default-ignorable
 * and format characters removed (zero-width space and joiner, word joiner, soft hyphen, byte
 * order mark, bidi controls ...). The full-width colon, comma and parentheses are kept, and
 * punctuation is left as written unless the text holds something to normalize. Use it to run
 * your own patterns over what detection sees; offsets into the result are not offsets into
 * the input (detect() maps its findings back itself).
 *
 * @param text - any text
 * @returns the normalized text (the input itself when nothing in it needs normalizing)
 * @throws PiiError INVALID_ARGUMENT when `text` is not a string
 * @example
 * ```ts
 * import { normalizeForDetection } from 'courier-pii/mask';
 * console.log(normalizeForDetection('电话١٣٨\u200b1234\u200b5678')); // 电话13812345678
 * ```
 */
export function normalizeForDetection(text: string): string {
  if (typeof text !== 'string') throw new PiiError('INVALID_ARGUMENT', 'text must be a string.');
  return normalizeText(text)?.text ?? text;
}

// Latin-script and romanized names where the words around them, not a label, say a person is
// meant: after a verb or a note that addresses or names someone (collect from, ask, tell, remind,
// text, thanks, Attn without a colon, c/o, cc, with), after an @ that mentions someone in a chat
// (@Zhou Yi), and a romanized East Asian name standing alone in Chinese or Japanese text (…，Liu
// Wei 帮你拿了). The words must read as a name (latin-names.ts); in Chinese text only a romanized
// Chinese, Japanese or Korean name counts, not any given name (a product's name often starts
// with one). Every check reads a bounded window at one position the scan listed.
import {
  NAME_CTX_LATIN as $NAME_CTX_LATIN,
  headAt as $headAt,
  isAsciiAlnum as $isAsciiAlnum,
  isAsciiLetter as $isAsciiLetter,
  isIdeograph as $isIdeograph,
  markScanFirst as $markScanFirst,
  wordHeads as $wordHeads,
} from './char-flags.js';
import {
  ownEvidenceEnd as $ownEvidenceEnd,
  plausibleLatinEnd as $plausibleLatinEnd,
  romanAsianEnd as $romanAsianEnd,
} from './latin-names.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import { isUpper as $isUpper } from './number-shapes.js';
import type { Candidate } from './detect-numbers.js';
import type { Scan } from './scan.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isAsciiAlnum = $isAsciiAlnum;
const isAsciiLetter = $isAsciiLetter;
const isCjk = $isIdeograph;
const plausibleLatinEnd = $plausibleLatinEnd;
const romanAsianEnd = $romanAsianEnd;
const ownEvidenceEnd = $ownEvidenceEnd;
const pushName = $pushName;
const taken = $taken;
const isUpper = $isUpper;
const headAt = $headAt;

// the words before a person in a note or a mail: who a parcel is collected from, who is asked,
// told, reminded or written to, who is thanked, a letter's Attn or c/o line, a copy's cc
const SPOT_WORDS =
  'from|ask|asked|tell|told|remind|notify|inform|message|messaged|text|texted|ping|pinged|email|emailed|ring|thank|thanks|attn|attn.|attention|c/o|care of|cc|with';
const SPOT_AT = new RegExp(`(?:${SPOT_WORDS.replace(/\./g, '\\.').replace(/\//g, '\\/')})[:：]? {1,3}`, 'iy');
// the first two letters of every word, either case: one table read at a marker of another word
// (com, example of an e-mail) settles that no word starts there, before the regex
const SPOT_HEADS = $wordHeads(SPOT_WORDS.split('|'), true);
// every capital may begin a romanized name in Chinese text; the scan lists them with the context
// words (a position whose character is neither is left at one table read)
$markScanFirst($NAME_CTX_LATIN, [...SPOT_WORDS.split('|'), ...SPOT_WORDS.toUpperCase().split('|')]);
$markScanFirst($NAME_CTX_LATIN, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));

/** Chinese or Japanese script or its punctuation: an ideograph, kana, CJK or full-width marks. */
function isCjkSide(c: number): boolean {
  return isCjk(c) || (c >= 0x3000 && c <= 0x30ff) || (c >= 0xff00 && c <= 0xff65);
}

/** Whether `c` ends a line or the text (NaN past the end). */
function isLineEdge(c: number): boolean {
  return Number.isNaN(c) || c === 10 || c === 13;
}

/** @internal The names this file describes, appended to `out`. */
export function latinNameSpots(t: string, sc: Scan, out: Candidate[]): void {
  for (let k = 0; k < sc.at.n; k++) mentionAt(t, sc.at.buf[k]!, out);
  let from = 0;
  for (let k = 0; k < sc.nameCtx.n; k++) {
    const p = sc.nameCtx.buf[k]!;
    const c = t.charCodeAt(p);
    if (p < from || c >= 128) continue;
    let e = -1;
    if (headAt(SPOT_HEADS, t, p)) e = afterSpotWord(t, p, out);
    if (e === -1 && isUpper(c)) e = inChineseText(t, p, out);
    if (e === -1 && isUpper(c)) e = onOwnEvidence(t, p, out);
    if (e !== -1) from = e;
  }
}

/** A name mentioned after an @ that is no email's (@Zhou Yi, @Sarah). */
function mentionAt(t: string, at: number, out: Candidate[]): void {
  if (at > 0) {
    const b = t.charCodeAt(at - 1);
    if (isAsciiAlnum(b) || b === 46 || b === 95 || b === 45 || b === 43) return;
  }
  const s = at + 1;
  if (!isUpper(t.charCodeAt(s))) return;
  const e = plausibleLatinEnd(t, s, true);
  if (e !== -1 && !taken(s, e)) pushName(out, s, e, 0.75);
}

/** A name after one of the words above at `p`; the end of the name, or -1. */
function afterSpotWord(t: string, p: number, out: Candidate[]): number {
  SPOT_AT.lastIndex = p;
  const m = SPOT_AT.exec(t);
  if (m === null) return -1;
  const i = p + m[0].length;
  // the word ends there (fromage, texture, cca are no context)
  if (isAsciiAlnum(t.charCodeAt(p + m[0].length - 1)) || !isUpper(t.charCodeAt(i))) return -1;
  const e = plausibleLatinEnd(t, i, false);
  if (e === -1) return -1;
  if (!taken(i, e)) pushName(out, i, e, 0.75);
  return e;
}

/**
 * A romanized East Asian name at `p` standing in Chinese or Japanese text: script or its
 * punctuation on one side, on the other the same or the line's edge (…，Liu Wei 帮你拿了).
 */
function inChineseText(t: string, p: number, out: Candidate[]): number {
  let b = p - 1;
  if (b >= 0 && t.charCodeAt(b) === 32) b--;
  const before = b < 0 ? Number.NaN : t.charCodeAt(b);
  const cjkBefore = isCjkSide(before);
  if (!cjkBefore && !isLineEdge(before)) return -1;
  const e = romanAsianEnd(t, p);
  if (e === -1) return -1;
  let a = e;
  if (t.charCodeAt(a) === 32) a++;
  const after = t.charCodeAt(a);
  const cjkAfter = isCjkSide(after);
  if (!(cjkAfter || (cjkBefore && isLineEdge(after))) || !(cjkBefore || cjkAfter)) return -1;
  if (!taken(p, e)) pushName(out, p, e, 0.7);
  return e;
}

/**
 * A Latin name at `p` that nothing around marks, read on its own words (latin-names.ts
 * ownEvidenceEnd): the start of a word, not in the middle of a longer run of capitalized words.
 */
function onOwnEvidence(t: string, p: number, out: Candidate[]): number {
  if (p > 0) {
    const b = t.charCodeAt(p - 1);
    // (glued to a word, a number or a mask's stars: 192.168.*.**John Smith reads as it did unmasked)
    if (isAsciiAlnum(b) || b === 42 || b === 45 || b === 39 || b === 95 || b === 46 || b === 64) return -1;
    // (after a capitalized word: the tail of a longer proper name; a word's letters only, so
    // Na1532…device reads as device did after masking; and after a mask's stars, which stand
    // for such a word once masked)
    if (b === 32 && p > 1) {
      let w = p - 1;
      while (w > 0 && isAsciiLetter(t.charCodeAt(w - 1))) w--;
      if (isUpper(t.charCodeAt(w)) || (w === p - 1 && t.charCodeAt(w - 1) === 42)) return -1;
    }
  }
  const e = ownEvidenceEnd(t, p);
  if (e === -1) return -1;
  // (nor the start of a longer token: Wang Fangzhang.san@qq.com is an email's)
  const a = t.charCodeAt(e);
  if ((a === 46 || a === 64 || a === 95 || a === 45 || a === 47) && isAsciiAlnum(t.charCodeAt(e + 1)))
    return -1;
  if (!taken(p, e)) pushName(out, p, e, 0.7);
  return e;
}

// Numbers found by what is around them rather than by a run of digits: emails (at each '@'),
// mobiles read out in Chinese numerals, local landlines, 15-digit resident IDs and passports
// after a context word, coordinates and IPv4 addresses (only in a text with "digit.digit").
// (Pickup codes after their word: pickup-codes.ts.)
import { residentIdProblem } from '../schema/index.js';
import { headAt as $headAt, wordHeads as $wordHeads } from './char-flags.js';
import type { Candidate } from './detect-numbers.js';
import {
  before as $before,
  isLocalChar as $isLocalChar,
  leftOk as $leftOk,
  rightOk as $rightOk,
} from './number-bounds.js';
import type { Scan } from './scan.js';
import { serverSideIp as $serverSideIp } from './ip-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const headAt = $headAt;
const wordHeads = $wordHeads;
const before = $before;
const isLocalChar = $isLocalChar;
const leftOk = $leftOk;
const rightOk = $rightOk;
const serverSideIp = $serverSideIp;

// Spaces between a context word and its number are bounded (\s{0,4}): a pattern with several
// optional runs of spaces before a required digit backtracks over every split of a long run.
const LANDLINE_LOCAL =
  /(?:座机|固话|固定电话|办公电话|单位电话)\s{0,4}(?:号码)?\s{0,4}[:：]?\s{0,4}([2-9]\d{2,3}[\s-]?\d{4})/g;
const RESIDENT_ID_15 = /(?:身份证|身份證|证件)[^\d\n]{0,8}(\d{15})(?!\d)/g;
const PASSPORT_CTX =
  /(?:护照|護照|passport|通行证|通行證|回乡证|回鄉證|台胞证|台胞證|旅行证|签证|permit|travel document)(?:\s{0,2}(?:no\.?|number|#))?[^A-Za-z0-9\n]{0,10}([A-Z]{1,2}\d{6,9}|\d{8,10}|[A-Z]\d[A-Z0-9]\d{5,7})(?![A-Za-z0-9])/gi;
const EMAIL =
  /[A-Za-z0-9._%+*-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/y;
const GEO_PAIR = /(-?\d{1,3}\.\d{3,})\s*[,，]\s*(-?\d{1,3}\.\d{3,})/g;
const GEO_LABELED =
  /(?:lat(?:itude)?|lng|lon(?:gitude)?|纬度|经度|緯度|經度)\s{0,4}[:：=]?\s{0,4}(-?\d{1,3}\.\d{3,})/gi;
const IPV4 = /(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)/g;
// A mobile read out in Chinese numerals (一三八一二三四五六七八), as customers type them to dodge filters,
// and as a call transcript or a typed note writes one read aloud: in the 3-4-4 groups people say
// it in, a space or a dash between the groups (幺五零 三七二八 九四六一), 两 for 2 (幺三两…). The whole
// spoken span is the finding, so redact() masks every group.
const HANZI_MOBILE =
  /(?<![〇零一二三四五六七八九幺两])[一幺][三四五六七八九][〇零一二三四五六七八九幺两](?:[ \u3000-]?[〇零一二三四五六七八九幺两]{4}){2}(?![〇零一二三四五六七八九幺两])/g;

// The context patterns matched in place, at the offsets where the scan saw their first character.
const LANDLINE_LOCAL_AT = new RegExp(LANDLINE_LOCAL.source, 'y');
const RESIDENT_ID_15_AT = new RegExp(RESIDENT_ID_15.source, 'y');
const PASSPORT_CTX_AT = new RegExp(PASSPORT_CTX.source, 'iy');
const wordsOf = (re: RegExp) => re.source.slice(3, re.source.indexOf(')')).split('|');
const LANDLINE_LOCAL_HEADS = wordHeads(wordsOf(LANDLINE_LOCAL));
const RESIDENT_ID_15_HEADS = wordHeads(wordsOf(RESIDENT_ID_15));
const PASSPORT_HEADS = wordHeads(wordsOf(PASSPORT_CTX), true);

/** Whether t[s, e) has two dots in a row. */
function doubleDot(t: string, s: number, e: number): boolean {
  for (let k = s + 1; k < e; k++) if (t.charCodeAt(k) === 46 && t.charCodeAt(k - 1) === 46) return true;
  return false;
}

/** @internal Emails, at each '@' (their local part may look like a phone or an id, so they come first). */
export function emails(t: string, s: Scan, out: Candidate[]): void {
  for (let k = 0; k < s.at.n; k++) {
    const at = s.at.buf[k]!;
    let st = at;
    if (t.charCodeAt(at - 1) === 42) {
      // a local part as the email masker writes it (z****@, *@): '*'s after at most one kept
      // character, so a masked address is found again and redacting twice changes nothing
      while (st > 0 && t.charCodeAt(st - 1) === 42) st--;
      if (st > 0 && isLocalChar(t.charCodeAt(st - 1))) st--;
      if (st > 0 && isLocalChar(t.charCodeAt(st - 1))) continue;
    } else {
      // a local part has at most 64 characters: one character more is enough to refuse it
      const lo = Math.max(0, at - 65);
      while (st > lo && isLocalChar(t.charCodeAt(st - 1))) st--;
    }
    if (st === at) continue;
    // (sticky: a match starts at `st`, and lastIndex is its end; no match array is built)
    EMAIL.lastIndex = st;
    if (!EMAIL.test(t)) continue;
    const e = EMAIL.lastIndex;
    // the local part t[st, at), read in place: no dot at either end, no two dots in a row
    if (at - st > 64 || t.charCodeAt(st) === 46 || t.charCodeAt(at - 1) === 46 || doubleDot(t, st, at))
      continue;
    out.push({ kind: 'email', start: st, end: e, confidence: 0.99 });
  }
}

/** @internal mobiles read out in Chinese numerals (only in a text with 一 or 幺) */
export function hanziMobiles(t: string, out: Candidate[]): void {
  HANZI_MOBILE.lastIndex = 0;
  for (let m = HANZI_MOBILE.exec(t); m; m = HANZI_MOBILE.exec(t)) {
    out.push({ kind: 'phone', start: m.index, end: m.index + m[0].length, confidence: 0.8 });
  }
}

/** @internal Numbers after a context word: local landlines, 15-digit resident IDs, passports and permits. */
export function numbersAfterContext(t: string, s: Scan, out: Candidate[]): void {
  const ctx = s.numCtx;
  let from = 0;
  for (let k = 0; k < ctx.n; k++) {
    const p = ctx.buf[k]!;
    if (p < from || !headAt(LANDLINE_LOCAL_HEADS, t, p)) continue;
    LANDLINE_LOCAL_AT.lastIndex = p;
    const m = LANDLINE_LOCAL_AT.exec(t);
    if (!m) continue;
    const e = p + m[0].length;
    from = e;
    if (rightOk(t, e)) out.push({ kind: 'landline', start: e - m[1]!.length, end: e, confidence: 0.7 });
  }
  from = 0;
  for (let k = 0; k < ctx.n; k++) {
    const p = ctx.buf[k]!;
    if (p < from || !headAt(RESIDENT_ID_15_HEADS, t, p)) continue;
    RESIDENT_ID_15_AT.lastIndex = p;
    const m = RESIDENT_ID_15_AT.exec(t);
    if (!m) continue;
    const e = p + m[0].length;
    from = e;
    if (!leftOk(t, e - 15)) continue;
    if (residentIdProblem(m[1]!) === undefined)
      out.push({ kind: 'idNumber', start: e - 15, end: e, confidence: 0.9 });
  }
  from = 0;
  for (let k = 0; k < ctx.n; k++) {
    const p = ctx.buf[k]!;
    if (p < from || !headAt(PASSPORT_HEADS, t, p)) continue;
    PASSPORT_CTX_AT.lastIndex = p;
    const m = PASSPORT_CTX_AT.exec(t);
    if (!m) continue;
    const e = p + m[0].length;
    from = e;
    out.push({ kind: 'passport', start: e - m[1]!.length, end: e, confidence: 0.9 });
  }
}

/** @internal Coordinates and IPv4 addresses (only in a text with a digit, a dot and a digit). */
export function decimals(t: string, out: Candidate[]): void {
  GEO_PAIR.lastIndex = 0;
  for (let m = GEO_PAIR.exec(t); m; m = GEO_PAIR.exec(t)) {
    const s = m.index;
    const e = s + m[0].length;
    if (s > 0 && /[\d.]/.test(t[s - 1]!)) continue;
    if (e < t.length && /[\d.]/.test(t[e]!)) continue;
    const a = Math.abs(Number(m[1]));
    const b = Math.abs(Number(m[2]));
    if (!((a <= 90 && b <= 180) || (a <= 180 && b <= 90))) continue;
    out.push({ kind: 'geo', start: s, end: e, confidence: 0.9 });
  }
  GEO_LABELED.lastIndex = 0;
  for (let m = GEO_LABELED.exec(t); m; m = GEO_LABELED.exec(t)) {
    const e = m.index + m[0].length;
    const s = e - m[1]!.length;
    if (Math.abs(Number(m[1])) <= 180) out.push({ kind: 'geo', start: s, end: e, confidence: 0.85 });
  }
  IPV4.lastIndex = 0;
  for (let m = IPV4.exec(t); m; m = IPV4.exec(t)) {
    const s = m.index;
    const e = s + m[0].length;
    if (s > 0 && /[\d.vV]/.test(t[s - 1]!)) continue;
    if (e < t.length && /[\d.]/.test(t[e]!)) continue;
    if (/版本|version|ver/.test(before(t, s, 10))) continue;
    // a private address of the operator's own machine (host=10.0.3.7): see ip-keys.ts
    if (serverSideIp(t, s)) continue;
    out.push({ kind: 'ip', start: s, end: e, confidence: 0.8 });
  }
}

// Detectors for structured identifiers in free text: mobiles, landlines, resident IDs, HK/TW
// IDs, passports and permits, bank cards, emails, coordinates, IPv4. Each candidate is
// validated (checksums, dates, numbering plan) and checked at its boundaries, so a mobile-shaped
// run inside a waybill number (SF1381234567890) or an order id is not reported.
import type { Kind } from '../schema/index.js';
import { bankCardProblem, hkIdProblem, residentIdProblem, twIdProblem } from '../schema/index.js';

/** @internal a detector candidate */
export interface Candidate {
  kind: Kind;
  start: number;
  end: number;
  confidence: number;
}

const TEL_WORDS = new Set([
  'tel',
  'phone',
  'mobile',
  'mob',
  'cell',
  'm',
  't',
  'call',
  'no',
  'whatsapp',
  'wechat',
  'wx',
]);

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLocalChar(c: number): boolean {
  // A-Z a-z 0-9 . _ % + -
  return isAsciiAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}
function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Left boundary of a number: not inside a longer alphanumeric token (waybill, order id). */
function leftOk(t: string, start: number): boolean {
  if (start === 0) return true;
  const c = t.charCodeAt(start - 1);
  if (c >= 48 && c <= 57) return false;
  if (isAsciiLetter(c)) {
    let i = start - 1;
    while (i > 0 && isAsciiLetter(t.charCodeAt(i - 1))) i--;
    if (i > 0 && isAsciiAlnum(t.charCodeAt(i - 1))) return false;
    return TEL_WORDS.has(t.slice(i, start).toLowerCase());
  }
  if ((c === 45 || c === 95 || c === 47) && start >= 2 && isAsciiAlnum(t.charCodeAt(start - 2))) return false; // ORD-1381...
  return true;
}

/** Right boundary: not followed by a digit or letter (or an @ of an email local part). */
function rightOk(t: string, end: number): boolean {
  if (end >= t.length) return true;
  const c = t.charCodeAt(end);
  if (isAsciiAlnum(c) || c === 64) return false;
  if ((c === 45 || c === 95) && end + 1 < t.length && isAsciiAlnum(t.charCodeAt(end + 1))) return false;
  return true;
}

function before(t: string, start: number, n: number): string {
  return t.slice(Math.max(0, start - n), start).toLowerCase();
}

const MOBILE =
  /(?:(?:\+|00)86[\s-]?|\(\+?86\)\s?|86[\s-]?)?1[3-9]\d(?:\d{8}|[\s-]\d{4}[\s-]\d{4}|\d{4}[\s-]\d{4}|[\s-]\d{8})/g;
const EXTENSION = /^\s*(?:转|轉|分机|ext\.?|x|#|,|，|-)\s*\d{1,6}(?![\d\-/年月日.:：号號])/i;
const INTL = /(?:\+|00)(?!86)[1-9]\d{0,2}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d){6,10}/g;
const LANDLINE =
  /(?:(?:\+|00)86[\s-]?\(?0?|\(0|0)(?:10|2\d|[3-9]\d{2})\)?[\s-]?[1-9]\d{2,3}[\s-]?\d{4}(?:\s*(?:转|轉|分机|ext\.?|x|#|-)\s*\d{1,6})?/gi;
const LANDLINE_LOCAL =
  /(?:座机|固话|固定电话|办公电话|单位电话)\s*(?:号码)?\s*[:：]?\s*([2-9]\d{2,3}[\s-]?\d{4})/g;
const RESIDENT_ID = /\d{6}\s?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?\d{3}[\dXx]/g;
const RESIDENT_ID_15 = /(?:身份证|身份證|证件)[^\d\n]{0,8}(\d{15})(?!\d)/g;
const HKID = /[A-Z]{1,2}\d{6}\s?\(?[0-9A]\)?/g;
const TWID = /[A-Z][12]\d{8}/g;
const PASSPORT_CTX =
  /(?:护照|護照|passport|通行证|通行證|回乡证|回鄉證|台胞证|台胞證|旅行证|签证|permit|travel document)[^A-Za-z0-9\n]{0,10}([A-Z]{1,2}\d{6,9}|\d{8,10}|[A-Z]\d[A-Z0-9]\d{5,7})(?![A-Za-z0-9])/gi;
const CARD = /(?:\d{4}[\s-]){2,4}\d{1,4}|\d{12,19}/g;
const EMAIL =
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/y;
const GEO_PAIR = /(-?\d{1,3}\.\d{3,})\s*[,，]\s*(-?\d{1,3}\.\d{3,})/g;
const GEO_LABELED =
  /(?:lat(?:itude)?|lng|lon(?:gitude)?|纬度|经度|緯度|經度)\s*[:：=]?\s*(-?\d{1,3}\.\d{3,})/gi;
const IPV4 = /(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)/g;

const HAS_DIGIT = /\d/;
// A mobile read out in Chinese numerals (一三八一二三四五六七八), as customers type them to dodge filters.
const HANZI_MOBILE =
  /(?<![〇零一二三四五六七八九幺两])[一幺][三四五六七八九][〇零一二三四五六七八九幺]{9}(?![〇零一二三四五六七八九幺两])/g;
const PASSPORT_HINT = /[照证證]|passport|permit|travel/i;
const DECIMAL_HINT = /\d\.\d/;
const CLUSTER = /[+(]?\d[\d\s()+-]*/g;

function upperAt(t: string, i: number): boolean {
  if (i < 0) return false;
  const c = t.charCodeAt(i);
  return c >= 65 && c <= 90;
}

/**
 * Windows of the text around digit clusters (with a few characters of context on each side),
 * merged where they overlap: the number detectors scan these instead of the whole text.
 */
function digitWindows(t: string): [number, number][] {
  const out: [number, number][] = [];
  CLUSTER.lastIndex = 0;
  for (let m = CLUSTER.exec(t); m; m = CLUSTER.exec(t)) {
    if (m[0].length < 5 && !upperAt(t, m.index - 1) && !upperAt(t, m.index - 2)) continue;
    const a = Math.max(0, m.index - 3);
    const b = Math.min(t.length, m.index + m[0].length + 14);
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const ID_CTX = /身份证|身份證|身分證|证件|證件|id\s*(?:no|number|card)?|公民身份/;
const ORDER_CTX =
  /订单|訂單|单号|單號|运单|運單|流水|交易|order|tracking|ref|编号|編號|信用代码|税号|稅號|识别号/;
const CARD_CTX =
  /卡号|卡號|银行|銀行|卡|账号|帳號|账户|帳戶|帐号|card|acct|account|储蓄|信用|借记|退款|转账|打款|开户/;
const HK_CTX = /香港|身份证|身份證|hkid|id\s*card|identity/;

function compact(s: string): string {
  return s.replace(/[\s-]/g, '');
}

/** @internal all structured candidates, unresolved (may overlap) */
export function detectNumbers(t: string, out: Candidate[]): void {
  // emails first: their local part may look like a phone or an id. Scan from each '@' only.
  for (let at = t.indexOf('@'); at !== -1; at = t.indexOf('@', at + 1)) {
    let s = at;
    while (s > 0 && isLocalChar(t.charCodeAt(s - 1))) s--;
    if (s === at) continue;
    EMAIL.lastIndex = s;
    const m = EMAIL.exec(t);
    if (!m || m.index !== s) continue;
    const e = s + m[0].length;
    const local = t.slice(s, at);
    if (local.startsWith('.') || local.endsWith('.') || local.includes('..') || local.length > 64) continue;
    out.push({ kind: 'email', start: s, end: e, confidence: 0.99 });
  }
  HANZI_MOBILE.lastIndex = 0;
  for (let m = HANZI_MOBILE.exec(t); m; m = HANZI_MOBILE.exec(t)) {
    out.push({ kind: 'phone', start: m.index, end: m.index + 11, confidence: 0.8 });
  }
  if (!HAS_DIGIT.test(t)) return;
  for (const [a, b] of digitWindows(t)) {
    const w = t.slice(a, b);
    // digits in the window, and the longest run of digits joined by single spaces or dashes
    let nd = 0;
    let run = 0;
    let maxRun = 0;
    for (let k = 0; k < w.length; k++) {
      const c = w.charCodeAt(k);
      if (c >= 48 && c <= 57) {
        nd++;
        if (++run > maxRun) maxRun = run;
      } else if (!((c === 32 || c === 45) && k > 0 && isDigitCode(w.charCodeAt(k - 1)))) run = 0;
    }
    if (nd < 6) continue; // shorter than any phone, landline, ID or card (a HKID may have 6 digits + A)
    MOBILE.lastIndex = 0;
    for (let m = MOBILE.exec(w); m; m = MOBILE.exec(w)) {
      const s = a + m.index;
      let e = s + m[0].length;
      // a separator-led prefix like "86 " may have eaten part of a longer number: retry without it
      if (!leftOk(t, s) || !rightOk(t, e)) {
        MOBILE.lastIndex = s - a + 1;
        continue;
      }
      if (EXTENSION.test(t.slice(e, e + 12))) continue; // virtual number: the protection itself
      while (e > s && t[e - 1] === ' ') e--;
      out.push({ kind: 'phone', start: s, end: e, confidence: 0.97 });
    }
    INTL.lastIndex = 0;
    for (let m = INTL.exec(w); m; m = INTL.exec(w)) {
      const s = a + m.index;
      const e = s + m[0].length;
      if (!leftOk(t, s) || !rightOk(t, e)) continue;
      const digits = m[0].replace(/\D/g, '');
      if (digits.length < 8 || digits.length > 15) continue;
      out.push({ kind: 'phone', start: s, end: e, confidence: 0.85 });
    }
    LANDLINE.lastIndex = 0;
    for (let m = LANDLINE.exec(w); m; m = LANDLINE.exec(w)) {
      const s = a + m.index;
      const e = s + m[0].length;
      if (!leftOk(t, s) || !rightOk(t, e)) {
        LANDLINE.lastIndex = s - a + 1;
        continue;
      }
      out.push({ kind: 'landline', start: s, end: e, confidence: 0.93 });
    }
    // 17 digits (an ID may end in X), groups joined by single spaces (110105 19900307 1239) count as one run
    RESIDENT_ID.lastIndex = maxRun >= 17 ? 0 : w.length;
    for (let m = RESIDENT_ID.exec(w); m; m = RESIDENT_ID.exec(w)) {
      const s = a + m.index;
      const e = s + m[0].length;
      if (!leftOk(t, s) || !rightOk(t, e)) {
        RESIDENT_ID.lastIndex = s - a + 1;
        continue;
      }
      if (residentIdProblem(compact(m[0])) !== undefined) continue;
      const ctx = before(t, s, 14);
      const idCtx = ID_CTX.test(ctx);
      if (!idCtx && ORDER_CTX.test(ctx)) continue;
      out.push({ kind: 'idNumber', start: s, end: e, confidence: idCtx ? 0.99 : 0.95 });
    }
    HKID.lastIndex = 0;
    for (let m = HKID.exec(w); m; m = HKID.exec(w)) {
      const s = a + m.index;
      const e = s + m[0].length;
      if (s > 0 && isAsciiAlnum(t.charCodeAt(s - 1))) continue;
      if (!rightOk(t, e)) continue;
      if (hkIdProblem(m[0]) !== undefined) continue;
      const paren = m[0].includes('(');
      if (!paren && !HK_CTX.test(before(t, s, 14))) continue;
      out.push({ kind: 'idNumber', start: s, end: e, confidence: paren ? 0.95 : 0.9 });
    }
    TWID.lastIndex = 0;
    for (let m = TWID.exec(w); m; m = TWID.exec(w)) {
      const s = a + m.index;
      const e = s + m[0].length;
      if (s > 0 && isAsciiAlnum(t.charCodeAt(s - 1))) continue;
      if (!rightOk(t, e) || twIdProblem(m[0]) !== undefined) continue;
      const ctx = before(t, s, 14);
      if (!ID_CTX.test(ctx) && ORDER_CTX.test(ctx)) continue;
      out.push({ kind: 'idNumber', start: s, end: e, confidence: 0.9 });
    }
    CARD.lastIndex = maxRun >= 12 ? 0 : w.length;
    for (let m = CARD.exec(w); m; m = CARD.exec(w)) {
      const s = a + m.index;
      let e = s + m[0].length;
      while (e > s && (t[e - 1] === ' ' || t[e - 1] === '-')) e--;
      if (!leftOk(t, s) || !rightOk(t, e)) continue;
      const raw = t.slice(s, e);
      if (bankCardProblem(raw) !== undefined) continue;
      const ctx = before(t, s, 16);
      const grouped =
        /^\d{4}[\s-]\d{4}[\s-]\d{4}/.test(raw) && /^[3-6]/.test(raw) && compact(raw).length >= 16;
      if (ORDER_CTX.test(ctx) && !CARD_CTX.test(ctx.replace(/order|订单|訂單/g, ''))) continue;
      if (!grouped && !CARD_CTX.test(ctx)) continue;
      out.push({ kind: 'bankCard', start: s, end: e, confidence: 0.92 });
    }
  }
  if (t.includes('座机') || t.includes('固话') || t.includes('电话')) {
    LANDLINE_LOCAL.lastIndex = 0;
    for (let m = LANDLINE_LOCAL.exec(t); m; m = LANDLINE_LOCAL.exec(t)) {
      const e = m.index + m[0].length;
      const s = e - m[1]!.length;
      if (rightOk(t, e)) out.push({ kind: 'landline', start: s, end: e, confidence: 0.7 });
    }
  }
  if (t.includes('身份') || t.includes('证件')) {
    RESIDENT_ID_15.lastIndex = 0;
    for (let m = RESIDENT_ID_15.exec(t); m; m = RESIDENT_ID_15.exec(t)) {
      const e = m.index + m[0].length;
      const s = e - 15;
      if (!leftOk(t, s)) continue;
      if (residentIdProblem(m[1]!) === undefined)
        out.push({ kind: 'idNumber', start: s, end: e, confidence: 0.9 });
    }
  }
  if (PASSPORT_HINT.test(t)) {
    PASSPORT_CTX.lastIndex = 0;
    for (let m = PASSPORT_CTX.exec(t); m; m = PASSPORT_CTX.exec(t)) {
      const e = m.index + m[0].length;
      const s = e - m[1]!.length;
      out.push({ kind: 'passport', start: s, end: e, confidence: 0.9 });
    }
  }
  if (DECIMAL_HINT.test(t)) {
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
      out.push({ kind: 'ip', start: s, end: e, confidence: 0.8 });
    }
  }
}

// A generic key (code, verifyCode, pwd, password, pin ...; in Chinese 验证码, 密码, 口令, 校验码 as the
// whole key) in a record about collecting a parcel
// at a station or a locker holds its pickup code: POST /station/pickup body={"code":"8-2-3041"},
// sms.send tpl=SMS_PICKUP params={"code":"6-1-2205","station":"…驿站"}, /locker/open?pwd=7731.
// The value must have a pickup code's shape (a shelf code such as 8-2-3041 or A12-3-4567, or 4-8
// digits), and the record a pickup word on the same line (its URL path, a sibling key or value, the
// template's name). Not taken: a response's status or error code (a sibling msg, message, error),
// the code of a station, a store or a SKU object ("station":{"code":"330106"}), a record of a
// login or sign-up, a record with no pickup word. A key whose last word is the pickup itself
// (lastPickup=29381046, pickup=4-1-2083 in a locker's device log) holds the code it was opened
// with, when another pickup or locker word is on its line and the value is no yyyymmdd date.
// A locker's door event (event=door_open code=4471, 开箱) is such a word: the code opened a
// door. A shelf key (shelfCode, 货架号) holds one when its value is a whole shelf position
// (8-2-1033). Cheap checks first: the key, then the value's
// shape; the pickup and account words are found once per text (on the first such key) and looked
// up by position, so the cost is linear in the text.

import {
  isAsciiAlnum as $isAsciiAlnum,
  isDigitCode as $isDigitCode,
  isIdeograph as $isIdeograph,
} from './char-flags.js';
import type { Candidate } from './detect-numbers.js';
import { isDateDigits as $isDateDigits } from './number-shapes.js';

// imports as local bindings, read per character (see detect-number-context.ts)
const isAlnum = $isAsciiAlnum;
const isDigit = $isDigitCode;
const isCjk = $isIdeograph;
const isDateDigits = $isDateDigits;

/** the generic keys, lower-cased and without separators */
const GENERIC_KEYS = new Set([
  'code',
  'vcode',
  'verifycode',
  'verificationcode',
  'checkcode',
  'opencode',
  'unlockcode',
  'yzm',
  'pwd',
  'passwd',
  'password',
  'passcode',
  'pin',
  'pincode',
]);
const MAX_KEY = 20;
/** how far from the key a pickup word may be, on the same line */
const REACH = 240;

// a pickup word anywhere in the record: the path (/station/pickup), a key (stationId), a value
// (…驿站), a template's name (SMS_PICKUP_NOTICE)
const PICKUP_WORD =
  /pick[-_ ]?up|locker|cabinet|station|hivebox|fcbox|ziti|yizhan|qujian|door[-_ ]?open|open[-_ ]?door|驿站|驛站|快递柜|快遞櫃|智能柜|智能櫃|取件|取货|取貨|提货|提貨|自提|丰巢|豐巢|代收点|代收點|开箱|開箱|开柜|開櫃/gi;
// a record of an account: its code is a login code or a password
const ACCOUNT_WORD = /login|log_in|signin|sign_in|signup|sign_up|register|oauth|登录|登入|登錄|注册|註冊/gi;
// a sibling that makes the object a response: its code is a status or an error code
const ENVELOPE =
  /(?:["'\s,{&?](?:err_?msg|err_?code|errno|msg|message|error|success)|错误码|錯誤碼|错误信息|錯誤信息|返回码|返回碼|状态码|狀態碼|提示信息)["'\s]*[:=：]/i;
// the parent of an object whose code is its own identifier, not a pickup code
const OWNER =
  /(?:station|site|store|shop|locker|cabinet|box|area|region|city|province|district|sku|item|goods|product|error|err|status|result|carrier|company|express|courier)$/;

/** @internal The pickup and account words of a text, found on first use. */
export interface RecordWords {
  pickup?: number[];
  account?: number[];
}

function positions(re: RegExp, t: string): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) out.push(m.index);
  return out;
}

/** Whether a sorted list has a position in [a, b). */
function anyIn(list: number[], a: number, b: number): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < a) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length && list[lo]! < b;
}

/** A character of a key: an ASCII letter or digit, '_' or '-'. */
function isKeyChar(c: number): boolean {
  return isAlnum(c) || c === 95 || c === 45;
}

// the same keys in Chinese, each the whole key (not 短信验证码, a login's): a verification code,
// a password, a pass phrase, a door's or a box's code
const CJK_GENERIC_KEYS = [
  '验证码',
  '驗證碼',
  '驗証碼',
  '校验码',
  '校驗碼',
  '密码',
  '密碼',
  '口令',
  '开门码',
  '開門碼',
  '动态码',
  '動態碼',
];

/** The Chinese generic key ending at `q` (a whole key: no ideograph before it) and its start. */
function cjkGenericKey(t: string, q: number): [string, number] | undefined {
  const last = t.charCodeAt(q - 1);
  // 码 碼 令: the last character of every such key, checked before the words
  if (last !== 0x7801 && last !== 0x78bc && last !== 0x4ee4) return undefined;
  for (const w of CJK_GENERIC_KEYS) {
    const s = q - w.length;
    if (s >= 0 && t.startsWith(w, s) && !(s > 0 && isCjk(t.charCodeAt(s - 1)))) return [w, s];
  }
  return undefined;
}

// a station's shelf position is its pickup code (货架号 8-2-1033): a shelf key holds one in a
// station's record when the value is a whole position of three parts or more (a bare shelf, a
// warehouse bin in a record with no pickup word, are not)
const SHELF_KEYS = new Set([
  'shelf',
  'shelfcode',
  'shelfno',
  'shelfnum',
  'shelfnumber',
  'shelfposition',
  'shelfpos',
  'shelflocation',
  'shelfloc',
  'shelfslot',
  'hjh',
  'hjw',
  'huojiahao',
]);
const SHELF_CJK = ['货架号', '貨架號', '货架位', '貨架位', '货架', '貨架'];

/** the longest key that ends in the word pickup (pickup, lastPickup, prev_pickup) */
const MAX_PICKUP_KEY = 12;

/** The generic key ending at `q` (lower-cased without separators) and its start, or undefined. */
function genericKey(t: string, q: number): [string, number] | undefined {
  // a Chinese shelf key (货架号, 货架): read as shelf
  for (const w of SHELF_CJK)
    if (q >= w.length && t.startsWith(w, q - w.length)) return ['shelf', q - w.length];
  if (q > 0 && isCjk(t.charCodeAt(q - 1))) return cjkGenericKey(t, q);
  let s = q;
  while (s > 0 && q - s < MAX_KEY && isKeyChar(t.charCodeAt(s - 1))) s--;
  if (s === q || (s > 0 && isKeyChar(t.charCodeAt(s - 1)))) return undefined;
  let k = '';
  for (let i = s; i < q; i++) {
    const c = t.charCodeAt(i);
    if (c !== 95 && c !== 45) k += String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
  }
  return GENERIC_KEYS.has(k) || SHELF_KEYS.has(k) || (k.endsWith('pickup') && k.length <= MAX_PICKUP_KEY)
    ? [k, s]
    : undefined;
}

/** How many dashes t[v, e) holds. */
function dashesIn(t: string, v: number, e: number): number {
  let n = 0;
  for (let k = v; k < e; k++) if (t.charCodeAt(k) === 45) n++;
  return n;
}

/**
 * The end of a pickup-code shaped value at `v`: a shelf code (two to four parts joined by '-',
 * all but the last at most 3 letters and digits, the last 3-6 digits: 8-2-3041, A12-3-4567; not
 * a date, 2024-05-06, nor a phone, 138-1234-5678) or 4-8 digits; -1 when there is none.
 */
function codeShapeEnd(t: string, v: number): number {
  let p = v;
  let parts = 0;
  for (;;) {
    const a = p;
    let digits = true;
    while (p < t.length && p - a <= 8 && isAlnum(t.charCodeAt(p))) {
      if (!isDigit(t.charCodeAt(p))) digits = false;
      p++;
    }
    const n = p - a;
    parts++;
    if (n === 0) return -1;
    if (t.charCodeAt(p) === 45 && parts < 4) {
      if (n > 3) return -1;
      p++;
      continue;
    }
    if (!digits) return -1;
    if (parts === 1 ? n < 4 || n > 8 : n < 3 || n > 6) return -1;
    break;
  }
  const c = t.charCodeAt(p);
  return isAlnum(c) || c === 46 || c === 45 || c === 42 ? -1 : p;
}

/** Whether the object around t[s, e) is a response (a msg or error sibling) or a place's or thing's. */
function notPickupObject(t: string, s: number, e: number, ownCode: boolean, shelf: boolean): boolean {
  let a = s;
  while (a > 0 && s - a < 120) {
    const c = t.charCodeAt(a - 1);
    if (c === 123 || c === 125 || c === 10) break;
    a--;
  }
  let b = e;
  const cap = Math.min(t.length, e + 160);
  while (b < cap) {
    const c = t.charCodeAt(b);
    if (c === 125 || c === 123 || c === 10) break;
    b++;
  }
  // (a status or an error code is a plain number or word: a shelf position is none, whatever
  // the log line's msg says)
  if (!shelf && ENVELOPE.test(t.slice(Math.max(0, a - 1), b))) return true;
  if (!ownCode || a === 0 || t.charCodeAt(a - 1) !== 123) return false;
  // the key of the object: "station":{ or station={
  let k = a - 1;
  while (
    k > 0 &&
    a - k < 6 &&
    (t.charCodeAt(k - 1) === 32 || t.charCodeAt(k - 1) === 58 || t.charCodeAt(k - 1) === 61)
  )
    k--;
  if (k > 0 && (t.charCodeAt(k - 1) === 34 || t.charCodeAt(k - 1) === 39)) k--;
  let j = k;
  while (j > 0 && k - j < 40 && isKeyChar(t.charCodeAt(j - 1))) j--;
  return j < k && OWNER.test(t.slice(j, k).toLowerCase().replace(/[_-]/g, ''));
}

/**
 * @internal A pickup code under a generic key that ends at `q`, its separator at `p`, when the
 * record is about collecting a parcel: pushed to `out`, and true; else false.
 */
export function recordPickupCode(
  t: string,
  q: number,
  p: number,
  words: RecordWords,
  out: Candidate[],
): boolean {
  const key = genericKey(t, q);
  if (key === undefined) return false;
  const [k, ks] = key;
  let v = p + 1;
  while (v < t.length && v - p <= 4 && t.charCodeAt(v) === 32) v++;
  const quote = t.charCodeAt(v);
  const quoted = quote === 34 || quote === 39;
  if (quoted) v++;
  const e = codeShapeEnd(t, v);
  if (e === -1 || (quoted && t.charCodeAt(e) !== quote)) return false;
  if (SHELF_KEYS.has(k) && dashesIn(t, v, e) < 2) return false;
  // the record: its line, at most REACH characters either side of the key
  let a = ks;
  while (a > 0 && ks - a < REACH && t.charCodeAt(a - 1) !== 10) a--;
  let b = e;
  const cap = Math.min(t.length, e + REACH);
  while (b < cap && t.charCodeAt(b) !== 10) b++;
  words.pickup ??= positions(PICKUP_WORD, t);
  const shelf = shelfValue(t, v, e);
  // a notice sent to someone's phone with a shelf position under its code key (to=1381…
  // name=… code=3-1-0567) holds the code that person collects a parcel with: no pickup word needed
  if (!(shelf && k.endsWith('code') && addressedRecord(t, a, b))) {
    if (k.endsWith('pickup')) {
      // the key's own word is no evidence: another on the line, and no date under it
      if (!(anyIn(words.pickup, a, ks) || anyIn(words.pickup, q, b)) || isDateDigits(t, v, e)) return false;
    } else if (!anyIn(words.pickup, a, b)) return false;
  }
  // (a login or sign-up code is digits: a shelf position is none, a pickup registered or not)
  words.account ??= positions(ACCOUNT_WORD, t);
  if (!shelf && anyIn(words.account, a, b)) return false;
  // a code key (not a password or a PIN) may name the code of its object
  if (notPickupObject(t, ks, e, k.endsWith('code'), shelf)) return false;
  out.push({ kind: 'pickupCode', start: v, end: e, confidence: 0.85 });
  return true;
}

// a record addressed to a person's phone: a phone key, or to= / receiver= with a mobile
const ADDRESSED =
  /(?:^|[\s,{&?"'])(?:(?:mobile|phone|tel|cell|手机|手機|电话|電話)\w*|to|receiver|recipient)["']?\s*[:=]\s*["']?(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/i;

/** Whether t[a, b) (a record's line) sends something to a person's mobile (see ADDRESSED). */
function addressedRecord(t: string, a: number, b: number): boolean {
  return ADDRESSED.test(t.slice(a, b));
}

/**
 * Whether t[v, e) is a shelf position: three or four parts joined by '-', the last all digits
 * (3-1-0567, B07-2-0413; not a date, whose first part has four digits).
 */
function shelfValue(t: string, v: number, e: number): boolean {
  if (dashesIn(t, v, e) < 2) return false;
  let k = e;
  while (k > v && isDigit(t.charCodeAt(k - 1))) k--;
  if (k === e || t.charCodeAt(k - 1) !== 45) return false;
  const first = t.indexOf('-', v);
  return first - v <= 3;
}

// a table's station words: its header or the line above it names a station, a locker or collecting
const STATION_WORD = new RegExp(PICKUP_WORD.source, 'i');

/**
 * @internal Whether the column header t[s, e) names a station's shelf position (shelf, shelf_no,
 * 货架号, 货架位): its cells are pickup codes when they are whole shelf positions.
 */
export function shelfHeader(t: string, s: number, e: number): boolean {
  if (e - s > 16) return false;
  const cell = t
    .slice(s, e)
    .replace(/[\s_\-."'`]/g, '')
    .toLowerCase();
  return SHELF_KEYS.has(cell) || SHELF_CJK.includes(cell);
}

/** @internal Whether t[a, b) (a header and the line above it) names a station, a locker or collecting. */
export function stationWords(t: string, a: number, b: number): boolean {
  return STATION_WORD.test(t.slice(a, Math.min(b, a + 600)));
}

/** @internal Whether the cell t[s, e) is one whole shelf position (8-2-1033, A12-3-4567). */
export function shelfCell(t: string, s: number, e: number): boolean {
  return e - s <= 16 && codeShapeEnd(t, s) === e && dashesIn(t, s, e) >= 2;
}

// Field names as evidence: the keys courier, e-commerce and logistics systems give personal
// data in JSON, key=value logs and table headers (receiverName, consignee, sjrdh, 收件人电话 ...)
// and the keys of numbers that are not personal however they look (orderNo, sku, 运单号, 金额 ...).
// A key is read with its case, underscores and dashes dropped (receiver_name = receiverName);
// Chinese keys match by their longest known suffix (我的收件人电话 is a phone key).
// The word lists live in latin-keys.ts and chinese-keys.ts; this file reads a key out of a text
// or a field name and asks them.
import type { Kind } from '../schema/index.js';
import { latinKeyKind as $latinKeyKind } from './latin-keys.js';
import { cjkKeyBefore as $cjkKeyBefore, cjkOwnerBefore as $cjkOwnerBefore } from './chinese-keys.js';
import { contactOwnerBefore as $contactOwnerBefore } from './contact-owner.js';
import {
  hasContactWord as $hasContactWord,
  isNumberWord as $isNumberWord,
  keyWordsKind as $keyWordsKind,
  ownsIdentifier as $ownsIdentifier,
} from './key-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const latinKeyKind = $latinKeyKind;
const cjkKeyBefore = $cjkKeyBefore;
const cjkOwnerBefore = $cjkOwnerBefore;
const hasContactWord = $hasContactWord;
const keyWordsKind = $keyWordsKind;
const isNumberWord = $isNumberWord;
const ownsIdentifier = $ownsIdentifier;
const contactOwnerBefore = $contactOwnerBefore;

/** @internal what a key says its value is; `negative`: a number that is not personal data */
export type KeyKind =
  | Extract<
      Kind,
      'name' | 'phone' | 'address' | 'idNumber' | 'email' | 'bankCard' | 'pickupCode' | 'passport'
    >
  | 'negative';

function isCjkCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

/**
 * @internal What a key names: a JSON key, the left side of key=value, a table header. Latin keys
 * are read without case and separators; Chinese ones by their longest known suffix.
 */
export function keyKind(key: string): KeyKind | undefined {
  let k = key.trim();
  // a quoted header or column ("Order ID", `order_no`)
  const q = k.charCodeAt(0);
  if (k.length >= 2 && (q === 34 || q === 39 || q === 96) && k.charCodeAt(k.length - 1) === q)
    k = k.slice(1, -1).trim();
  if (k.length === 0 || k.length > 64) return undefined;
  if (isCjkCode(k.charCodeAt(k.length - 1))) return cjkKeyBefore(k, k.length, 0)?.kind ?? cjkNumbered(k);
  let n = '';
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (c >= 65 && c <= 90) n += String.fromCharCode(c + 32);
    else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) n += k[i];
    else if (c === 95 || c === 45 || c === 46 || c === 32) continue;
    else return isCjkCode(c) ? cjkWithNumberWord(k) : undefined;
  }
  return withWords(latinKeyKind(n), k, 0, k.length);
}

// the Chinese number words a key may end in after the word of what it numbers (储位号, 条码编号)
const CJK_NUMBER_WORDS = ['号码', '编号', '编码', '號碼', '編號', '編碼', '号', '码', '號', '碼'];

/** The number of a thing, or of a place or staff member, in a Chinese key (储位号, 站点编号): 'negative'. */
function cjkNumbered(k: string): KeyKind | undefined {
  for (const w of CJK_NUMBER_WORDS) {
    if (k.length > w.length && k.endsWith(w)) {
      const e = k.length - w.length;
      // a Latin key before it (SN码, IMEI号)
      if (!isCjkCode(k.charCodeAt(e - 1)))
        return keyKind(k.slice(0, e)) === 'negative' ? 'negative' : undefined;
      if (cjkKeyBefore(k, e, 0)?.kind === 'negative' || cjkOwnerBefore(k, e, 0) !== -1) return 'negative';
      return undefined;
    }
  }
  return undefined;
}

/**
 * A Chinese key with a Latin number word after it (商品ID, 员工No, 设备SN, 手机No), as keyEndingAt
 * reads one in text: a thing's, a person's or a place's identifier; a contact's stays a phone.
 */
function cjkWithNumberWord(k: string): KeyKind | undefined {
  let j = k.length;
  while (j > 0 && !isCjkCode(k.charCodeAt(j - 1))) j--;
  let s = j;
  while (s < k.length && k.charCodeAt(s) === 32) s++;
  if (s === k.length || !isNumberWord(k, s, k.length)) return undefined;
  const owner = cjkKeyBefore(k, j, 0);
  if (owner?.kind === 'phone') return 'phone';
  if (owner?.kind === 'negative' || owner?.kind === 'name' || cjkOwnerBefore(k, j, 0) !== -1)
    return 'negative';
  return undefined;
}

/**
 * A known key's kind, else what the words of t[s, e) say (key-words.ts); a contact word in a key
 * of non-personal numbers wins (order_contact_tel is a phone).
 */
function withWords(known: KeyKind | undefined, t: string, s: number, e: number): KeyKind | undefined {
  if (known !== undefined && known !== 'negative') return known;
  if (known === 'negative') return hasContactWord(t, s, e) ? 'phone' : known;
  const words = keyWordsKind(t, s, e);
  return words === 'phone' ? 'phone' : words === undefined ? undefined : 'negative';
}

/**
 * Whether the key t[s, e) is written as code (an underscore, a dash, a dot, a digit or an inner
 * capital: wave_id, cabinetNo), right before '=', ':' or a closing quote (wave=, "cabinet":) or an
 * element's tag (<wave>):
 * a plain word in prose (a request from ..., the box 1381...) is not read as a key by its words.
 */
function writtenAsKey(t: string, s: number, e: number): boolean {
  const c = t.charCodeAt(e);
  if (c === 61 || c === 58 || c === 0xff1a || c === 34 || c === 39) return true;
  // an element's tag (<wave>)
  if (c === 62 && s > 0 && t.charCodeAt(s - 1) === 60) return true;
  for (let k = s; k < e; k++) {
    const d = t.charCodeAt(k);
    if (d === 95 || d === 45 || d === 46 || isDigitCode(d)) return true;
    if (k > s && d >= 65 && d <= 90 && t.charCodeAt(k - 1) >= 97) return true;
  }
  return false;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}

/** @internal ASCII letter, digit, '_' or '-': a character of a Latin key */
export function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 || c === 45;
}

// how many digits a key may end in (address1, line_12, field001)
const KEY_DIGITS = 3;

/**
 * @internal The key that ends at `end` (exclusive) in `t`: a Chinese key by its suffix, or the
 * last one to three Latin words (Tracking No, order_id, receiverMobile), read back at most 40
 * characters. Its kind and start, or undefined.
 */
export function keyEndingAt(t: string, end: number): { kind: KeyKind; start: number } | undefined {
  if (end <= 0) return undefined;
  const last = t.charCodeAt(end - 1);
  if (isCjkCode(last)) {
    const key = cjkKeyBefore(t, end, Math.max(0, end - 8));
    if (key?.kind !== 'negative') return key;
    // a bare number word after a contact key (联系电话编号, 手机 编号) numbers the contact: a phone
    const owner = contactOwnerBefore(t, key.start, end);
    return owner === -1 ? key : { kind: 'phone', start: owner };
  }
  if (!isKeyChar(last)) return undefined;
  const lo = Math.max(0, end - 40);
  let best: { kind: KeyKind; start: number } | undefined;
  let p = end;
  let n = '';
  // start of the last token (no space in it: courier_id, locker-sn) and of the furthest word read
  let token = -1;
  let far = -1;
  for (let words = 0; words < 3; words++) {
    // letters, underscores and dashes, and digits only at the end, at most KEY_DIGITS of them
    // (address1, mobile_2; the key of C12345678Address is Address; sku556677 is a value, no key)
    let s = p;
    while (s > lo && p - s < KEY_DIGITS && isDigitCode(t.charCodeAt(s - 1))) s--;
    if (s > lo && isDigitCode(t.charCodeAt(s - 1))) break;
    while (s > lo && isKeyChar(t.charCodeAt(s - 1)) && !isDigitCode(t.charCodeAt(s - 1))) s--;
    while (s < p && !isLetter(t.charCodeAt(s))) s++;
    if (s === p) break;
    if (token === -1) token = s;
    far = s;
    // the word, lower-cased, without separators, before what was read so far
    let w = '';
    for (let i = s; i < p; i++) {
      const c = t.charCodeAt(i);
      if (c === 95 || c === 45) continue;
      w += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : t[i];
    }
    n = w + n;
    const kind = latinKeyKind(n);
    if (kind !== undefined) best = { kind, start: s };
    // a further word only across one space (Tracking No, Order ID)
    if (s - 1 <= lo || t.charCodeAt(s - 1) !== 32 || !isKeyChar(t.charCodeAt(s - 2))) break;
    // the word before a key word must itself be a letter word, of two characters at least (the
    // Z of a timestamp before dh= is no part of a key: Z dh would read as the pinyin zdh)
    if (s > 0 && (t.charCodeAt(s - 2) | 32) < 97) break;
    if (!isLetter(t.charCodeAt(s - 3))) break;
    p = s - 1;
  }
  if (token === -1 || (best !== undefined && best.kind !== 'negative')) return best;
  // a bare number word after a Chinese contact key (电话 sn, 手机ID, 联系人 ref) numbers the contact
  const owner = far === token ? contactOwnerBefore(t, token, end) : -1;
  if (owner !== -1) return { kind: 'phone', start: owner };
  // what the words say: those of the last token (a contact word in any word read wins over a
  // known key of non-personal numbers: phone ref, orderContactTel; a thing's word counts where
  // the token is written as a key), and an identifier named in prose (courier id)
  if (best !== undefined) return hasContactWord(t, far, end) ? { kind: 'phone', start: far } : best;
  const words = keyWordsKind(t, token, end);
  if (words === 'phone') return { kind: 'phone', start: token };
  // a contact word in a word read before the last token (contact station:, phone wave=) wins too
  if (words !== undefined && far < token && hasContactWord(t, far, token))
    return { kind: 'phone', start: far };
  // a number word right after a Chinese key of a thing or a person (订单ID, 骑手ID, 设备SN)
  if (words === undefined && token > 0 && isCjkCode(t.charCodeAt(token - 1)) && isNumberWord(t, token, end)) {
    const owner = cjkKeyBefore(t, token, Math.max(0, token - 8));
    if (owner !== undefined && (owner.kind === 'negative' || owner.kind === 'name'))
      return { kind: 'negative', start: owner.start };
    // a place or a staff member (员工ID, 站点ID), which alone says nothing
    const place = owner === undefined ? cjkOwnerBefore(t, token, Math.max(0, token - 3)) : -1;
    if (place !== -1) return { kind: 'negative', start: place };
  }
  if (words === 'id' || (words === 'thing' && writtenAsKey(t, token, end)))
    return { kind: 'negative', start: token };
  return far < token && keyWordsKind(t, far, end) === 'id' ? { kind: 'negative', start: far } : undefined;
}

/**
 * @internal The key ending at `end` when an identifier under it is no one's phone (the parent of
 * `id` in picker.id or {"picker":{"id":…}}): a key of non-personal numbers, a Chinese person key,
 * or a key whose words name a thing, a person or a place (key-words.ts); else undefined.
 */
export function ownerEndingAt(t: string, end: number): { kind: KeyKind; start: number } | undefined {
  const key = keyEndingAt(t, end);
  if (key?.kind === 'negative') return key;
  if (end <= 0) return undefined;
  if (isCjkCode(t.charCodeAt(end - 1)))
    return key?.kind === 'name' ? { kind: 'negative', start: key.start } : undefined;
  let s = end;
  while (s > 0 && end - s < 40 && isKeyChar(t.charCodeAt(s - 1))) s--;
  return s < end && ownsIdentifier(t, s, end) ? { kind: 'negative', start: s } : undefined;
}

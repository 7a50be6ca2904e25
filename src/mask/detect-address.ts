// Address detection in free text. An address starts at an administrative-division name (GB/T
// 2260 table: 山东省青岛市 / 朝阳区) or after a context word (地址, 送到, Address:), runs over
// the street, building and room part, and stops at punctuation, a context word for another
// field (电话, 收件人), or another finding. It must contain a street-level part (路, 号, 小区,
// 栋 ...), so a bare city name in a sentence is not reported; an address this library already
// masked (a division name and ****) is found again as it is.
import { latinAddressEnd, latinLastDigit, resetLatin } from './address-latin.js';
import { withoutPostcode } from './address-street.js';
import { stationOnly as $stationOnly } from './address-station.js';
import { landmarkAddress as $landmarkAddress } from './address-landmark.js';
import { compoundAddresses as $compoundAddresses } from './address-compound.js';
import {
  STREET as $STREET,
  UNIT as $UNIT,
  extend as $extend,
  refuse as $refuse,
  resetRun as $resetRun,
  runReach as $runReach,
} from './address-run.js';
import {
  ADDR_CTX_FIRST as $ADDR_CTX_FIRST,
  headAt as $headAt,
  markScanFirst as $markScanFirst,
  startsAt as $startsAt,
  wordHeads as $wordHeads,
  isDigitCode as $isDigitCode,
  isIdeograph as $isIdeograph,
} from './char-flags.js';
import {
  ADDRESS as $ADDRESS,
  ADDRESS_FOUND as $ADDRESS_FOUND,
  ANCHOR as $ANCHOR,
  covered as $covered,
  markCover as $markCover,
} from './cover.js';
import {
  colonFrom as $colonFrom,
  spacesFrom as $spacesFrom,
  wordEnd as $wordEnd,
  wordsByFirst as $wordsByFirst,
} from './context-at.js';
import type { Candidate } from './detect-numbers.js';
import { matchDivisions as $matchDivisions, mayStartDivision as $mayStartDivision } from './divisions.js';
import { plausibleLatinEnd as $plausibleLatinEnd } from './latin-names.js';
import type { Scan } from './scan.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const STREET = $STREET;
const stationOnly = $stationOnly;
const landmarkAddress = $landmarkAddress;
const compoundAddresses = $compoundAddresses;
const UNIT = $UNIT;
const extend = $extend;
const refuse = $refuse;
const resetRun = $resetRun;
const runReach = $runReach;
const ADDR_CTX_FIRST = $ADDR_CTX_FIRST;
const headAt = $headAt;
const markScanFirst = $markScanFirst;
const startsAt = $startsAt;
const wordHeads = $wordHeads;
const ADDRESS = $ADDRESS;
const ADDRESS_FOUND = $ADDRESS_FOUND;
const ANCHOR = $ANCHOR;
const covered = $covered;
const markCover = $markCover;
const matchDivisions = $matchDivisions;
const mayStartDivision = $mayStartDivision;
const plausibleLatinEnd = $plausibleLatinEnd;
const colonFrom = $colonFrom;
const spacesFrom = $spacesFrom;
const wordEnd = $wordEnd;
const wordsByFirst = $wordsByFirst;
const isCjk = $isIdeograph;
const isDigitCode = $isDigitCode;

const CTX =
  /(?:所在地区|所在地區|收货地址|收貨地址|收件地址|寄件地址|发货地址|發貨地址|详细地址|詳細地址|送货地址|配送地址|家庭住址|家庭地址|公司地址|单位地址|地址|住址|地點|送到|送至|送去|寄到|寄至|寄往|发往|發往|派送至|派送到|改派到|改派至|改送到|改地址到|改到|放到|放在|位于|位於|住在|我在|到了)\s*(?:是|为|為)?\s*[:：]?\s*/g;
const CTX_LATIN =
  /(?:(?:address|addr|delivery address)\s*[:：]|(?:ship|deliver|send|post)\s+(?:it\s+)?to\s*:?)\s*/gi;

// the context words matched in place, tried only where their first two characters occur
const CTX_WORDS = CTX.source.slice(3, CTX.source.indexOf(')')).split('|');
const CTX_HEADS = wordHeads(CTX_WORDS);
// by first character, in the pattern's order (context-at.ts)
const CTX_BY_FIRST = wordsByFirst(CTX_WORDS);

/**
 * End of what CTX matches at `p`, or -1, without running it: the first of its words that
 * starts there, then spaces, 是/为/為, spaces, a colon, spaces, each taken when present (the
 * tail always matches, so its greedy reading is the match).
 */
function contextEnd(t: string, p: number): number {
  const w = wordEnd(t, p, CTX_BY_FIRST);
  if (w === -1) return -1;
  let q = spacesFrom(t, w);
  const v = t.charCodeAt(q);
  if (v === 0x662f || v === 0x4e3a || v === 0x70ba) q = spacesFrom(t, q + 1); // 是 为 為
  return colonFrom(t, q);
}
markScanFirst(ADDR_CTX_FIRST, CTX_WORDS);
const CTX_LATIN_AT = new RegExp(CTX_LATIN.source, 'iy');

// the context words that are the key of an address field, not a verb
const ADDRESS_KEY = /地址|住址|地點|所在地/;

/**
 * Whether a run after the context word at `p` is a pickup station's name (送到西湖区驿站12): a
 * place of business after a verb of moving the parcel; after an address key (地址：) it stays an
 * address.
 */
function stationAfterVerb(t: string, street: string, p: number, s: number): boolean {
  return stationOnly(street) && !ADDRESS_KEY.test(t.slice(p, s));
}

// the tail the address masker writes by default
const MASKED_TAIL = '****';

/** Whether the default masked tail, and no further `*`, is at `i`. */
function maskedTailAt(t: string, i: number): boolean {
  return startsAt(t, i, MASKED_TAIL) && t.charCodeAt(i + MASKED_TAIL.length) !== 42;
}

function push(found: Candidate[], start: number, end: number, confidence: number, prefixEnd: number): void {
  found.push({ kind: 'address', start, end, confidence });
  markCover(start, end, ADDRESS_FOUND);
  notePrefix(start, end, prefixEnd);
}

/** The address of a road, a landmark and a position after the context word ending at `s`, pushed; whether there was one. */
function landmarkAfter(t: string, s: number, found: Candidate[]): boolean {
  const lm = landmarkAddress(t, s);
  if (lm === undefined) return false;
  push(found, lm[0], lm[1], 0.8, lm[0]);
  return true;
}

/** Addresses after a Chinese context word (地址：, 送到 ...). */
function afterContext(t: string, sc: Scan, found: Candidate[]): void {
  let from = 0;
  resetRun();
  for (let k = 0; k < sc.addrCtx.n; k++) {
    const p = sc.addrCtx.buf[k]!;
    if (p < from || !headAt(CTX_HEADS, t, p)) continue;
    const s = contextEnd(t, p);
    if (s === -1) continue;
    from = s;
    if (s >= t.length) break;
    const div = matchDivisions(t, s);
    const bodyFrom = div ? div.end : s;
    const e = extend(t, bodyFrom);
    if (e === -1 && !div) {
      landmarkAfter(t, s, found);
      continue;
    }
    // an address already masked (所在地区：甘肃省嘉峪关市****) keeps its tail
    const end = e !== -1 ? e : maskedTailAt(t, div!.end) ? div!.end + MASKED_TAIL.length : div!.end;
    const street = t.slice(bodyFrom, end);
    if (
      (!div && !(UNIT.test(street) && /[\d一二三四五六七八九十]/.test(street))) ||
      // a region field ("所在地区：江苏省 苏州市") is an address part even without a street
      (div && div.levels < 2 && !UNIT.test(street) && !/[\dA-Za-z]/.test(street)) ||
      (div && end === div.end && !startsAt(t, p, '所在地')) ||
      end - s < 4 ||
      (div && stationAfterVerb(t, street, p, s))
    ) {
      // a road, a landmark and a position, with no number (address-landmark.ts)
      if (!div && landmarkAfter(t, s, found)) from = Math.max(from, s + 1);
      else if (refuse()) from = Math.max(from, runReach());
      continue;
    }
    push(found, s, end, div ? 0.95 : 0.85, div ? div.end : s);
    from = Math.max(from, end);
  }
}

/** Addresses after a Latin context word (Address:, ship to ...). */
function afterLatinContext(t: string, sc: Scan, found: Candidate[]): void {
  let from = 0;
  resetRun();
  resetLatin();
  for (let k = 0; k < sc.addrLatin.n; k++) {
    const p = sc.addrLatin.buf[k]!;
    if (p < from) continue;
    CTX_LATIN_AT.lastIndex = p;
    const m = CTX_LATIN_AT.exec(t);
    if (!m) continue;
    const s = p + m[0].length;
    from = s;
    const c = t.charCodeAt(s);
    if (c >= 0x4e00 && c <= 0x9fff) {
      // a Chinese address after an English label
      const div = matchDivisions(t, s);
      const e = extend(t, div ? div.end : s);
      if (e !== -1 && e - s >= 4) push(found, s, e, 0.9, div ? div.end : s);
      continue;
    }
    // "deliver to Wang Fang, Room 1203 ...": a name first, then the address
    const n = plausibleLatinEnd(t, s, false);
    let a = s;
    if (n !== -1 && t.charCodeAt(n) === 44) a = n + (t.charCodeAt(n + 1) === 32 ? 2 : 1);
    else if (n !== -1 && /^ at /i.test(t.slice(n, n + 4)))
      a = n + 4; // deliver to Li Na at the front desk
    // (a name glued to a number, Emily Chen1203 Main St, is read with the address it runs into)
    else if (n !== -1 && n < t.length && t.charCodeAt(n) !== 32 && !isDigitCode(t.charCodeAt(n))) a = n;
    else if (n !== -1 && n === t.length) continue;
    let e = latinAddressEnd(t, a);
    const digit = latinLastDigit();
    e = withoutPostcode(t, a, e);
    if (e - a >= 8 && digit >= a && digit < e) push(found, a, e, 0.85, a);
  }
}

// Where the administrative prefix of each address found by the last detectAddresses call ends,
// as start, end, prefix end triples: masking an address found in text keeps exactly this prefix
// (the same one maskAddress would find again), so redact does not look it up twice.
let prefixes = new Int32Array(48);
let nPrefixes = 0;
let prefixIndex: Map<number, number[]> | undefined;

function notePrefix(start: number, end: number, prefixEnd: number): void {
  if (nPrefixes + 3 > prefixes.length) {
    const grown = new Int32Array(prefixes.length * 2);
    grown.set(prefixes);
    prefixes = grown;
  }
  prefixes[nPrefixes++] = start;
  prefixes[nPrefixes++] = end;
  prefixes[nPrefixes++] = prefixEnd;
}

/**
 * @internal Rewrites the prefixes noted by the last call of {@link detectAddresses} from
 * offsets into the normalized text to offsets into the original (normalize-text.ts).
 */
export function remapAddressPrefixes(starts: Int32Array, ends: Int32Array): void {
  prefixIndex = undefined;
  for (let k = 0; k < nPrefixes; k += 3) {
    const s = prefixes[k]!;
    const p = prefixes[k + 2]!;
    prefixes[k] = starts[s]!;
    prefixes[k + 1] = ends[prefixes[k + 1]! - 1]!;
    prefixes[k + 2] = p === s ? starts[s]! : ends[p - 1]!;
  }
}

/**
 * @internal End of the administrative prefix of the address t[start, end) found by the last
 * call of {@link detectAddresses}, or -1 when that call found no such address.
 */
export function addressPrefixEnd(start: number, end: number): number {
  // many addresses: looked up by start, not by reading the list once per address
  if (nPrefixes > 24) return indexedPrefixEnd(start, end);
  for (let k = 0; k < nPrefixes; k += 3) {
    if (prefixes[k] === start && prefixes[k + 1] === end) return prefixes[k + 2]!;
  }
  return -1;
}

/** {@link addressPrefixEnd} through the index by start (built on first use after a call). */
function indexedPrefixEnd(start: number, end: number): number {
  if (prefixIndex === undefined) {
    prefixIndex = new Map();
    for (let k = nPrefixes - 3; k >= 0; k -= 3) {
      const at = prefixIndex.get(prefixes[k]!);
      // keep the first triple for a start, as the scan in addressPrefixEnd would
      prefixIndex.set(prefixes[k]!, at === undefined ? [k] : [k, ...at]);
    }
  }
  for (const k of prefixIndex.get(start) ?? []) if (prefixes[k + 1] === end) return prefixes[k + 2]!;
  return -1;
}

// where compoundAddresses adds (one callback for every call, not a closure per text)
let foundNow: Candidate[] = [];
function addCompound(s: number, e: number): void {
  push(foundNow, s, e, 0.8, s);
}

/**
 * @internal Addresses after context words and at division names. The structured findings
 * (`anchors`) must already be marked {@link ANCHOR} in the cover; the addresses kept are
 * marked {@link ADDRESS}.
 */
export function detectAddresses(t: string, sc: Scan, out: Candidate[]): void {
  const found: Candidate[] = [];
  nPrefixes = 0;
  prefixIndex = undefined;
  if (sc.addrCtx.n > 0) afterContext(t, sc, found);
  if (sc.addrLatin.n > 0) afterLatinContext(t, sc, found);
  resetRun();
  let next = 0;
  for (let k = 0; k < sc.div.n; k++) {
    const i = sc.div.buf[k]!;
    if (i < next || covered(i, i + 1, ADDRESS_FOUND | ANCHOR)) continue;
    if (!isCjk(t.charCodeAt(i)) || !mayStartDivision(t, i)) continue;
    const div = matchDivisions(t, i);
    if (!div) continue;
    if (maskedTailAt(t, div.end)) {
      // an address this library already masked (山东省青岛市市南区****): found again as one, so
      // redacting a redacted text changes nothing more (a name glued before it stays as it was)
      const end = div.end + MASKED_TAIL.length;
      push(found, i, end, div.levels >= 2 ? 0.9 : 0.8, div.end);
      next = end;
      continue;
    }
    const e = extend(t, div.end);
    if (e === -1) continue;
    const street = t.slice(div.end, e);
    // without a context word the street part must look like one (a company name such as
    // 深圳市某某科技有限公司 starts with a city too)
    // (and a pickup station's name is a place of business: 西湖区驿站03, address-station.ts)
    if (!STREET.test(street) || street.length < 2 || stationOnly(street)) {
      if (refuse()) next = Math.max(next, runReach());
      continue;
    }
    push(found, i, e, div.levels >= 2 ? 0.9 : 0.8, div.end);
    next = e;
  }
  // a compound and a building number with neither (翠苑一区12栋: address-compound.ts)
  if (sc.digit) {
    foundNow = found;
    compoundAddresses(t, addCompound);
    foundNow = [];
  }
  for (let k = 0; k < found.length; k++) {
    const f = found[k]!;
    if (covered(f.start, f.end, ANCHOR)) continue;
    out.push(f);
    markCover(f.start, f.end, ADDRESS);
  }
}

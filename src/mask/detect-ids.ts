// Identity numbers and bank cards in a window of free text, for detect-numbers.ts: resident IDs
// (checksum and date), HK and TW IDs at a capital letter, bank cards in runs of digits (Luhn).
// Each is checked at its boundaries and against the few words before it: an order's or a
// waybill's label takes an ID- or card-shaped number, an ID or card label keeps it.
import { bankCardProblem, hkIdProblem, residentIdProblem, twIdProblem } from '../schema/index.js';
import { isAsciiAlnum as $isAsciiAlnum } from './char-flags.js';
import type { Candidate } from './detect-numbers.js';
import {
  before as $before,
  leftOk as $leftOk,
  overlapsFrom as $overlapsFrom,
  rightOk as $rightOk,
} from './number-bounds.js';
import {
  NUM_SEP as $NUM_SEP,
  cardAt as $cardAt,
  hkIdAt as $hkIdAt,
  isSepCode as $isSepCode,
  twIdAt as $twIdAt,
} from './number-shapes.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isAlnum = $isAsciiAlnum;
const before = $before;
const leftOk = $leftOk;
const rightOk = $rightOk;
const overlapsFrom = $overlapsFrom;
const cardAt = $cardAt;
const hkIdAt = $hkIdAt;
const isSep = $isSepCode;
const twIdAt = $twIdAt;
const S = $NUM_SEP;

const RESIDENT_ID = new RegExp(
  `\\d{6}${S}?(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])${S}?\\d{3}[\\dXx]`,
  'g',
);
// an ID in groups of its own choosing (4403 0619 8511 2245 1X, 440306 1985 1122 451X, a space
// before the check letter): taken only after an ID word, where a checksum and a birth date back it
const RESIDENT_ID_LOOSE = /\d(?:[ \-\u00a0]?\d){16}[ \-\u00a0]?[\dXx]/g;
const ID_CTX = /身份证|身份證|身分證|证件|證件|id\s*(?:no|number|card)?|公民身份/;
const ORDER_CTX =
  /订单|訂單|单号|單號|运单|運單|流水|交易|order|tracking|ref|编号|編號|信用代码|税号|稅號|识别号/;
const CARD_CTX =
  /卡号|卡號|银行|銀行|卡|账号|帳號|账户|帳戶|帐号|card|acct|account|储蓄|信用|借记|退款|转账|打款|开户/;
const GROUPED = new RegExp(`^\\d{4}${S}\\d{4}${S}\\d{4}`);
const HK_CTX = /香港|身份证|身份證|hkid|id\s*card|identity/;

const SEPS = new RegExp(S, 'g');
/** The digits (and check letter) of a number, without its separators. */
function compact(s: string): string {
  return s.replace(SEPS, '');
}

/** @internal Resident IDs in the window `w` that starts at `a` of `t`. */
export function residentIdsIn(t: string, a: number, w: string, out: Candidate[]): void {
  const found = out.length;
  RESIDENT_ID.lastIndex = 0;
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
  looseIdsIn(t, a, w, found, out);
}

/** Resident IDs in other groupings after an ID word, in the window `w` at `a`, from out[found..] on. */
function looseIdsIn(t: string, a: number, w: string, found: number, out: Candidate[]): void {
  RESIDENT_ID_LOOSE.lastIndex = 0;
  for (let m = RESIDENT_ID_LOOSE.exec(w); m; m = RESIDENT_ID_LOOSE.exec(w)) {
    const s = a + m.index;
    const e = s + m[0].length;
    if (!leftOk(t, s) || !rightOk(t, e)) {
      RESIDENT_ID_LOOSE.lastIndex = s - a + 1;
      continue;
    }
    // (an ID this loop added ends before the next match starts: only the patterns' are read)
    if (overlapsFrom(out, found, s, e) || residentIdProblem(compact(m[0])) !== undefined) continue;
    if (!ID_CTX.test(before(t, s, 14))) continue;
    out.push({ kind: 'idNumber', start: s, end: e, confidence: 0.95 });
  }
}

/** @internal HK and TW IDs starting at the capital letters `upperAt[0, nUpper)` of the window t[.., b). */
export function idsAtCapitals(
  t: string,
  b: number,
  upperAt: Int32Array,
  nUpper: number,
  out: Candidate[],
): void {
  let from = 0;
  for (let u = 0; u < nUpper; u++) {
    const s = upperAt[u]!;
    if (s < from) continue;
    const e = hkIdAt(t, s, b);
    if (e === -1) continue;
    from = e; // the next match is looked for after this one
    if (s > 0 && isAlnum(t.charCodeAt(s - 1))) continue;
    if (!rightOk(t, e)) continue;
    const v = t.slice(s, e);
    if (hkIdProblem(v) !== undefined) continue;
    const paren = v.includes('(');
    if (!paren && !HK_CTX.test(before(t, s, 14))) continue;
    out.push({ kind: 'idNumber', start: s, end: e, confidence: paren ? 0.95 : 0.9 });
  }
  from = 0;
  for (let u = 0; u < nUpper; u++) {
    const s = upperAt[u]!;
    if (s < from) continue;
    const e = twIdAt(t, s, b);
    if (e === -1) continue;
    from = e;
    if (s > 0 && isAlnum(t.charCodeAt(s - 1))) continue;
    if (!rightOk(t, e) || twIdProblem(t.slice(s, e)) !== undefined) continue;
    const ctx = before(t, s, 14);
    if (!ID_CTX.test(ctx) && ORDER_CTX.test(ctx)) continue;
    out.push({ kind: 'idNumber', start: s, end: e, confidence: 0.9 });
  }
}

/** @internal Bank cards in the runs of digits `runAt[0, nRun)` (start, end pairs) of the window t[a, b). */
export function cardsInRuns(
  t: string,
  a: number,
  b: number,
  runAt: Int32Array,
  nRun: number,
  out: Candidate[],
): void {
  let next = a;
  for (let r = 0; r < nRun; r += 2) {
    const runEnd = runAt[r + 1]!;
    for (let s = Math.max(runAt[r]!, next); s < runEnd; s++) {
      // fewer than four digits left in the run: neither a group of four nor twelve digits
      // can start here or after
      if (runEnd - s < 4) break;
      const end = cardAt(t, s, b);
      if (end === -1) {
        // inside a run of fewer than 12 digits only its last four can start a group
        if (runEnd - 4 > s + 1) s = runEnd - 5;
        continue;
      }
      next = end;
      bankCard(t, s, end, out);
      s = end - 1;
    }
  }
}

/** A card-shaped number t[from, end): a bank card when the Luhn check and the context agree. */
function bankCard(t: string, from: number, end: number, out: Candidate[]): void {
  let e = end;
  while (e > from && isSep(t.charCodeAt(e - 1))) e--;
  if (!leftOk(t, from) || !rightOk(t, e)) return;
  const raw = t.slice(from, e);
  if (bankCardProblem(compact(raw)) !== undefined) return;
  const ctx = before(t, from, 16);
  const grouped = GROUPED.test(raw) && /^[3-6]/.test(raw) && compact(raw).length >= 16;
  if (ORDER_CTX.test(ctx) && !CARD_CTX.test(ctx.replace(/order|订单|訂單/g, ''))) return;
  if (!grouped && !CARD_CTX.test(ctx)) return;
  out.push({ kind: 'bankCard', start: from, end: e, confidence: 0.92 });
}

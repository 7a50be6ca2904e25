// The one pass over a text that every detector starts from: it reads each character once,
// looks up its classes in SCAN, and records the offsets where some detector can match (a
// context word's first character, a division name's first character, an '@', a run of digits).
// The detectors then try their patterns only at those offsets instead of scanning the text
// with a dozen global regular expressions. Buffers are reused across calls (detection is
// synchronous and never re-entered).
import {
  ADDR_CTX_FIRST as $ADDR_CTX_FIRST,
  ADDR_CTX_LATIN as $ADDR_CTX_LATIN,
  ASCII_MARK as $ASCII_MARK,
  DIGIT as $DIGIT,
  DIV_FIRST as $DIV_FIRST,
  SCAN as $SCAN,
  HANZI_ONE as $HANZI_ONE,
  NAME_CTX_FIRST as $NAME_CTX_FIRST,
  NAME_CTX_LATIN as $NAME_CTX_LATIN,
  NUM_CTX_FIRST as $NUM_CTX_FIRST,
  KV_WIDE as $KV_WIDE,
  NORM as $NORM,
  isAsciiLetter as $isAsciiLetter,
  isReSpace as $isReSpace,
  markScan as $markScan,
  isDigitCode as $isDigitCode,
} from './char-flags.js';
import {
  forEachDivisionFirst as $forEachDivisionFirst,
  mayStartDivisionPair as $mayStartDivisionPair,
} from './divisions.js';
import { isSepCode as $isSepCode } from './number-shapes.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const ADDR_CTX_FIRST = $ADDR_CTX_FIRST;
const ADDR_CTX_LATIN = $ADDR_CTX_LATIN;
const ASCII_MARK = $ASCII_MARK;
const DIGIT = $DIGIT;
const DIV_FIRST = $DIV_FIRST;
const SCAN = $SCAN;
const isDigit = $isDigitCode;
const HANZI_ONE = $HANZI_ONE;
const NAME_CTX_FIRST = $NAME_CTX_FIRST;
const NAME_CTX_LATIN = $NAME_CTX_LATIN;
const NUM_CTX_FIRST = $NUM_CTX_FIRST;
const KV_WIDE = $KV_WIDE;
const NORM = $NORM;
const isAsciiLetter = $isAsciiLetter;
const isReSpace = $isReSpace;
const markScan = $markScan;
const forEachDivisionFirst = $forEachDivisionFirst;
const mayStartDivisionPair = $mayStartDivisionPair;
const isSepCode = $isSepCode;

/** @internal a list of text offsets in a buffer reused across calls */
export interface Offsets {
  buf: Int32Array;
  n: number;
}

function offsets(): Offsets {
  return { buf: new Int32Array(0), n: 0 };
}

/** @internal what the pass found; valid until the next {@link scanText} */
export interface Scan {
  /** offsets of '@' */
  at: Offsets;
  /** offsets where a name context word can begin */
  nameCtx: Offsets;
  /** offsets where a Chinese address context word can begin */
  addrCtx: Offsets;
  /** offsets where a Latin address context word can begin */
  addrLatin: Offsets;
  /** offsets where a division name can begin (first character and the pair of the first two) */
  div: Offsets;
  /** offsets where a context word for a number (座机, 身份证, 护照 ...) can begin */
  numCtx: Offsets;
  /** windows around digit runs, as start, end pairs (merged where they overlap) */
  windows: Offsets;
  /** offsets of '=', ':' and '：' (where a key of a key/value pair may end) */
  kv: Offsets;
  /** number of lines (newlines + 1) */
  lines: number;
  /** the text has a digit */
  digit: boolean;
  /** the text has a character that makes detection read a normalized copy (normalize-text.ts) */
  norm: boolean;
  /** the text has 一 or 幺 (a mobile in Chinese numerals) */
  hanziOne: boolean;
  /** the text has a digit, a dot and a digit (coordinates, IPv4) */
  decimal: boolean;
  /** the text has a space (U+0020): SQL statements and Latin street addresses need one */
  space: boolean;
}

const state: Scan = {
  at: offsets(),
  nameCtx: offsets(),
  addrCtx: offsets(),
  addrLatin: offsets(),
  div: offsets(),
  numCtx: offsets(),
  windows: offsets(),
  kv: offsets(),
  lines: 1,
  digit: false,
  norm: false,
  hanziOne: false,
  decimal: false,
  space: false,
};

markScan(HANZI_ONE, ['一幺']);
// 座机|固话|固定电话|办公电话|单位电话, 身份证|证件, 护照|passport|通行证|回乡证|台胞证|旅行证|签证|permit|travel,
// and the words of a pickup code (pickup-codes.ts: 取件码, 提货码, 自提码, 开箱码, 開櫃碼, pickup
// code, collection code, locker code, 領件碼, 收件码 ...; 验证码, 驗證碼, 密码 in a pickup clause;
// pickup-cues.ts: code, PIN, 凭, 码, 货架 in a pickup clause)
markScan(NUM_CTX_FIRST, ['座固办单身证護护通回台旅签pPtT取提自开開cClL領领验驗密收凭憑码碼货貨']);
markScan(ADDR_CTX_LATIN, ['aAdDsSpP']);
// what the ASCII branch of the pass looks at: digits, '+', '(', '@', '.', '=', ':', newline, space
markScan(DIGIT, ['0123456789']);
markScan(ASCII_MARK, ['+(@.=:\n ']);
// the full-width colon ends a key (收件人电话：)
markScan(KV_WIDE, ['\uff1a']);
let divisionsMarked = false;
// the table as a local binding: the pass reads it once per character
const table = SCAN;

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
/** [\d\s()（）+-]: what a run of digits may contain (an area code in either width of bracket) */
/** The last character of an honorific (先生 女士 小姐 师傅 師傅): 生 士 姐 傅. */
function isHonorificLast(c: number): boolean {
  return c === 0x751f || c === 0x58eb || c === 0x59d0 || c === 0x5085;
}

/** Whether one space and an honorific's last character come before `p` (林女士 (…). */
function honorificSpace(t: string, p: number): boolean {
  return t.charCodeAt(p - 1) === 32 && isHonorificLast(t.charCodeAt(p - 2));
}

function isClusterChar(c: number): boolean {
  return (
    isDigit(c) || c === 40 || c === 41 || c === 43 || c === 45 || c === 0xff08 || c === 0xff09 || isSpace(c)
  );
}
// imported tests as local bindings (read per character)
const isSpace = isReSpace;
const isSep = isSepCode;

/** Whether a Latin address context word (address, ship to, deliver ...) can begin at `p`. */
function mayStartLatinAddress(t: string, p: number): boolean {
  if (p + 1 >= t.length) return false;
  const a = t.charCodeAt(p) | 32;
  const b = t.charCodeAt(p + 1) | 32;
  return (
    (a === 97 && b === 100) || // ad
    (a === 100 && b === 101) || // de
    (a === 115 && (b === 104 || b === 101)) || // sh se
    (a === 112 && b === 111) // po
  );
}

/** Makes every buffer hold at least `n` offsets (a list never has more than one per character). */
function reserve(s: Scan, n: number): void {
  const len = s.at.buf.length;
  // grown for the longest text so far; shrunk again when a long text is followed by short ones,
  // so one huge text does not pin its buffers for good
  if (len >= n && (len <= 4096 || len <= 4 * n)) return;
  const size = Math.max(n, 256);
  for (const o of [s.at, s.nameCtx, s.addrCtx, s.addrLatin, s.div, s.numCtx, s.windows, s.kv]) {
    o.buf = new Int32Array(size);
  }
}

/**
 * Whether the run of digits t[p, e) (four characters at most) numbers a list's item: at a line's
 * or a clause's start or after a colon, closed by ) ） . ． or 、 (addressed-names.ts reads the item).
 */
function listNumber(t: string, p: number, e: number): boolean {
  if (p > 0) {
    const b = t.charCodeAt(p - 1);
    if (
      b !== 10 &&
      b !== 13 &&
      b !== 32 &&
      b !== 9 &&
      b !== 0x3000 &&
      b !== 0xff1b &&
      b !== 59 &&
      b !== 0x3002 &&
      b !== 0xff0c &&
      b !== 44 &&
      b !== 0xff1a &&
      b !== 58
    )
      return false;
    // digits after spaces that went on a value: a masked value's (取件码0571-88889999 3456、 masked
    // as **** 3456、) or, after one space, a digit's (a spaced group: the scan reads 8888 3456 as
    // one run). No list's number, so a second redact reads as the first
    let k = p - 1;
    while (k > 0 && p - k <= 4 && t.charCodeAt(k) === 32) k--;
    if (k < p - 1) {
      const a = t.charCodeAt(k);
      if (a === 42 || (k === p - 2 && a >= 48 && a <= 57)) return false;
    }
  }
  let q = e;
  while (q > p && t.charCodeAt(q - 1) === 32) q--;
  const last = t.charCodeAt(q - 1);
  if (last === 41 || last === 0xff09) return true;
  const c = t.charCodeAt(e);
  return q === e && (c === 46 || c === 0xff0e || c === 0x3001);
}

/** @internal one pass over `t`: where each detector can match */
export function scanText(t: string): Scan {
  if (!divisionsMarked) {
    forEachDivisionFirst((c) => {
      SCAN[c]! |= DIV_FIRST;
    });
    divisionsMarked = true;
  }
  // the class bits as locals: read once per call, not once per character
  const bitAddrCtxFirst = ADDR_CTX_FIRST;
  const bitAddrCtxLatin = ADDR_CTX_LATIN;
  const bitDigit = DIGIT;
  const bitDivFirst = DIV_FIRST;
  const bitHanziOne = HANZI_ONE;
  const bitKvWide = KV_WIDE;
  const bitNameCtxFirst = NAME_CTX_FIRST;
  const bitNameCtxLatin = NAME_CTX_LATIN;
  const bitNorm = NORM;
  const bitNumCtxFirst = NUM_CTX_FIRST;
  const s = state;
  const n = t.length;
  reserve(s, n + 2);
  const at = s.at.buf;
  const nameCtx = s.nameCtx.buf;
  const addrCtx = s.addrCtx.buf;
  const addrLatin = s.addrLatin.buf;
  const div = s.div.buf;
  const numCtx = s.numCtx.buf;
  const win = s.windows.buf;
  const kv = s.kv.buf;
  let nKv = 0;
  let lines = 1;
  let nAt = 0;
  let nName = 0;
  let nAddr = 0;
  let nLatin = 0;
  let nDiv = 0;
  let nNum = 0;
  let nWin = 0;
  let digit = false;
  let norm = false;
  let hanziOne = false;
  let decimal = false;
  let space = false;
  for (let p = 0; p < n; p++) {
    const c = t.charCodeAt(p);
    const f = table[c]!;
    if (f === 0) continue;
    // the commonest marked character, an ideograph that only may begin a division name (山 市 南
    // ...): its one test, without the others (no ASCII character has this bit alone)
    if (f === bitDivFirst && c >= 128) {
      if (mayStartDivisionPair(t, p)) div[nDiv++] = p;
      continue;
    }
    // a full-width bracket before a digit opens a run like '(' does: （028）1234-5678
    const wideOpen = c === 0xff08 && p + 1 < n && isDigit(t.charCodeAt(p + 1));
    if (c < 128 || wideOpen) {
      if (
        (f & bitDigit) !== 0 ||
        wideOpen ||
        ((c === 43 || c === 40) && p + 1 < n && isDigit(t.charCodeAt(p + 1)))
      ) {
        // a run of digits: [+(]?\d[\d\s()+-]*, and the separators accepted inside numbers
        // (. / · – — ...) where a digit follows them
        let e = p + (isDigit(c) ? 1 : 2);
        for (let d = t.charCodeAt(e); e < n; d = t.charCodeAt(++e)) {
          if (d === 32) space = true;
          else if (!isClusterChar(d)) {
            if (!(isSep(d) && isDigit(t.charCodeAt(e + 1)))) break;
            if (d === 46 && isDigit(t.charCodeAt(e - 1))) decimal = true;
          }
          // (no ASCII character has the bit: only the others are looked up)
          if (d >= 128 && (table[d]! & bitNorm) !== 0) norm = true;
        }
        digit = true;
        // the number of a list's item (1）, 2. , (3) , 4、): where its subject may be a name
        if (e - p <= 4 && listNumber(t, p, e)) nameCtx[nName++] = p;
        // runs of five characters or more, or right after a capital letter, widened by 3
        // characters before and 14 after, merged where they overlap
        if (
          e - p >= 5 ||
          (p >= 1 && isUpper(t.charCodeAt(p - 1))) ||
          (p >= 2 && isUpper(t.charCodeAt(p - 2)))
        ) {
          const a = Math.max(0, p - 3);
          const b = Math.min(n, e + 14);
          if (nWin > 0 && a <= win[nWin - 1]!) win[nWin - 1] = Math.max(win[nWin - 1]!, b);
          else {
            win[nWin++] = a;
            win[nWin++] = b;
          }
        }
        p = e - 1;
        continue;
      }
      if (c === 64) at[nAt++] = p;
      else if (c === 61 || c === 58) kv[nKv++] = p;
      else if (c === 10) lines++;
      else if (c === 32) space = true;
      else if (c === 46) {
        if (p > 0 && p + 1 < n && isDigit(t.charCodeAt(p - 1)) && isDigit(t.charCodeAt(p + 1)))
          decimal = true;
      } else {
        if ((f & bitNameCtxLatin) !== 0 && (p === 0 || !isAsciiLetter(t.charCodeAt(p - 1))))
          nameCtx[nName++] = p;
        // '(' after an honorific's last character (吴先生(吴国华), bracket-names.ts)
        else if (c === 40 && p >= 3 && (isHonorificLast(t.charCodeAt(p - 1)) || honorificSpace(t, p)))
          nameCtx[nName++] = p;
        if ((f & bitAddrCtxLatin) !== 0 && mayStartLatinAddress(t, p)) addrLatin[nLatin++] = p;
        if ((f & bitNumCtxFirst) !== 0) numCtx[nNum++] = p;
      }
      continue;
    }
    if ((f & bitNameCtxFirst) !== 0) nameCtx[nName++] = p;
    if ((f & bitAddrCtxFirst) !== 0) addrCtx[nAddr++] = p;
    if ((f & bitDivFirst) !== 0 && mayStartDivisionPair(t, p)) div[nDiv++] = p;
    if ((f & bitNumCtxFirst) !== 0) numCtx[nNum++] = p;
    if ((f & bitKvWide) !== 0) kv[nKv++] = p;
    if ((f & bitNorm) !== 0) norm = true;
    if ((f & bitHanziOne) !== 0) hanziOne = true;
  }
  s.at.n = nAt;
  s.nameCtx.n = nName;
  s.addrCtx.n = nAddr;
  s.addrLatin.n = nLatin;
  s.div.n = nDiv;
  s.numCtx.n = nNum;
  s.windows.n = nWin;
  s.kv.n = nKv;
  s.lines = lines;
  s.digit = digit;
  s.norm = norm;
  s.hanziOne = hanziOne;
  s.decimal = decimal;
  s.space = space;
  return s;
}

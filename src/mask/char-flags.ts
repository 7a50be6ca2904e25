// Tables of character classes for the text detectors, indexed by UTF-16 code unit: a set
// membership test is one array read instead of building a one-character string and hashing it
// (which allocates for every CJK character). Also the small character tests the detectors share.

// Class bits of FLAGS (renumbered freely: nothing outside src/mask sees them).
/** @internal ends a Chinese name (的了在是 ... 路街市): detect-names STOP_CHARS */
export const NAME_STOP = 1 << 0;
/** @internal first character of a detect-names stop word (先生, 电话 ...) */
export const NAME_STOP_WORD_FIRST = 1 << 1;
/** @internal a character after which a bare 人/员/者 is not a role (有个 ...) */
export const NOT_ROLE_BEFORE = 1 << 2;
/** @internal common single surname */
export const SURNAME = 1 << 3;
/** @internal first character of a compound surname */
export const COMPOUND_FIRST = 1 << 4;
/** @internal first character of a word that ends an address (电话, 收件, 请 ...) */
export const ADDR_STOP_FIRST = 1 << 5;
/** @internal middle dot of a transliterated name (·•・‧) */
export const NAME_DOT = 1 << 6;
/** @internal a character that may precede a name in a record line (spaces and separators: SEP) */
export const SEP = 1 << 7;
/** @internal a separator an address may contain (#, dashes, parentheses, middle dot) */
export const ADDR_CHAR = 1 << 8;
/** @internal first character of an honorific (先生, 女士 ...): a byte read before a set lookup */
export const HONORIFIC_FIRST = 1 << 9;
/** @internal last character of a field label (电话, 身份证, tel ...): detect-names FIELD_LABEL */
export const FIELD_LABEL_LAST = 1 << 10;
/** @internal first character of what may follow a name context word (姓名, 是, 改为 ...) */
export const CTX_TAIL_FIRST = 1 << 11;

/** @internal the class bits of every UTF-16 code unit */
export const FLAGS = new Uint16Array(65536);

// Class bits of SCAN, the smaller table the one pass over a text reads (a byte per code unit, so
// the CJK part stays in cache). ASCII and other characters are told apart before the table is
// read, so a bit may mean one thing for ASCII and another for the rest.
/** @internal first character of a name context word (收件人, 联系 ...); ASCII: of a Latin one (recipient, to ...) */
export const NAME_CTX_FIRST = 1;
/** @internal ASCII letter that can begin a Latin name context word (same bit as NAME_CTX_FIRST) */
export const NAME_CTX_LATIN = 1;
/** @internal first character of an address context word (地址, 送到 ...) */
export const ADDR_CTX_FIRST = 2;
/** @internal ASCII letter that can begin a Latin address context word (same bit as ADDR_CTX_FIRST) */
export const ADDR_CTX_LATIN = 2;
/** @internal first character of a division name (set on first use of the division table) */
export const DIV_FIRST = 4;
/** @internal ASCII digit (same bit as DIV_FIRST) */
export const DIGIT = 4;
/** @internal first character of a context word for a number (座机, 身份证, 护照, passport ...) */
export const NUM_CTX_FIRST = 8;
/** @internal an ASCII character the scan looks at besides digits and letters: + ( @ . = : newline */
export const ASCII_MARK = 16;
/** @internal the full-width colon, where a key ends (same bit as ASCII_MARK, for non-ASCII) */
export const KV_WIDE = 16;
/** @internal 一 or 幺: a mobile read out in Chinese numerals may start here */
export const HANZI_ONE = 32;
/**
 * @internal a character that makes detection read a normalized copy of the text (a digit of
 * another script, a format character, a full-width digit or letter ...); set on every unit of
 * a block not yet looked at (normalize-text.ts)
 */
export const NORM = 64;
/** @internal a character the normalized copy writes differently (set like NORM) */
export const REPL = 128;

/** @internal the scan class bits of every UTF-16 code unit */
export const SCAN = new Uint8Array(65536);

/** @internal sets scan `bit` for every code unit of `chars` */
export function markScan(bit: number, chars: Iterable<string>): void {
  for (const s of chars) for (let i = 0; i < s.length; i++) SCAN[s.charCodeAt(i)]! |= bit;
}

/** @internal sets scan `bit` for the first code unit of each word */
export function markScanFirst(bit: number, words: Iterable<string>): void {
  for (const w of words) SCAN[w.charCodeAt(0)]! |= bit;
}

/** @internal sets `bit` for every code unit of `chars` */
export function mark(bit: number, chars: Iterable<string>): void {
  for (const s of chars) for (let i = 0; i < s.length; i++) FLAGS[s.charCodeAt(i)]! |= bit;
}

/** @internal sets `bit` for the first code unit of each word */
export function markFirst(bit: number, words: Iterable<string>): void {
  for (const w of words) FLAGS[w.charCodeAt(0)]! |= bit;
}

/** @internal ASCII letter or digit */
export function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** @internal ASCII digit */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** @internal ASCII letter */
export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * @internal A CJK ideograph: Unified Ideographs (U+4E00-9FFF), Extension A (U+3400-4DBF) and the
 * compatibility block (U+F900-FAFF). The Yijing hexagram symbols between them (U+4DC0-4DFF) are
 * not ideographs. Supplementary-plane extensions are two UTF-16 units and never match: the
 * detectors read one unit at a time. Ordered so that ASCII and unified ideographs, nearly every
 * unit a courier text holds, are told after two comparisons.
 */
export function isIdeograph(c: number): boolean {
  return c < 0x4e00 ? c >= 0x3400 && c <= 0x4dbf : c <= 0x9fff || (c >= 0xf900 && c <= 0xfaff);
}

/** @internal what `\s` matches in a JavaScript regular expression */
export function isReSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  // the rest in a function of its own, so this one stays small enough to inline everywhere
  // (ideographs and CJK punctuation, past U+3000, are told at once)
  return c >= 0xa0 && (c <= 0x3000 || c === 0xfeff) && isWideReSpace(c);
}

/** `\s` beyond ASCII (U+00A0 and up) */
function isWideReSpace(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * @internal `t.startsWith(w, i)` by comparing char codes (startsWith on a two-byte string is
 * several times slower for the one- to six-character words the detectors compare)
 */
export function startsAt(t: string, i: number, w: string): boolean {
  if (i < 0 || i + w.length > t.length) return false;
  for (let k = 0; k < w.length; k++) if (t.charCodeAt(i + k) !== w.charCodeAt(k)) return false;
  return true;
}

/** @internal the first two characters of a list of words, for a cheap test before a pattern */
export interface WordHeads {
  /** bitmap over UTF-16 units: first characters of one-character words */
  single: Uint32Array;
  /** bitmap over the low bytes of the first two characters of longer words (a prefilter) */
  pairBits: Uint32Array;
  /** first two characters of longer words, as (c1 << 16) | c2 (an int32: a small integer key) */
  pairs: Set<number>;
}

function pairBit(c1: number, c2: number): number {
  return ((c1 & 0xff) << 8) | (c2 & 0xff);
}

/**
 * @internal The heads of `words` (ASCII letters in both cases when `ignoreCase`): a word of the
 * list can begin at `p` only where {@link headAt} is true.
 */
export function wordHeads(words: readonly string[], ignoreCase = false): WordHeads {
  const h: WordHeads = { single: new Uint32Array(2048), pairBits: new Uint32Array(2048), pairs: new Set() };
  const forms = (c: string) => (ignoreCase ? [c.toLowerCase(), c.toUpperCase()] : [c]);
  for (const w of words) {
    for (const a of forms(w[0]!)) {
      const c1 = a.charCodeAt(0);
      if (w.length === 1) h.single[c1 >>> 5]! |= 1 << (c1 & 31);
      else {
        for (const b of forms(w[1]!)) {
          const c2 = b.charCodeAt(0);
          const k = pairBit(c1, c2);
          h.pairBits[k >>> 5]! |= 1 << (k & 31);
          h.pairs.add((c1 << 16) | c2);
        }
      }
    }
  }
  return h;
}

/**
 * @internal The n (at most 3) characters of `t` at `p` as one small number, 8 bits each, each with
 * bit 5 set (ASCII letters in lower case); -1 where one of them is no ASCII character. A word's
 * start and the text's compare equal when the text may begin that word, case ignored.
 */
export function asciiFolded(t: string, p: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = t.charCodeAt(p + k) | 32;
    if (c > 127) return -1;
    v = (v << 8) | c;
  }
  return v;
}

/** @internal whether a word with these heads can begin at `p` */
export function headAt(h: WordHeads, t: string, p: number): boolean {
  const c = t.charCodeAt(p);
  if ((h.single[c >>> 5]! & (1 << (c & 31))) !== 0) return true;
  if (p + 1 >= t.length) return false;
  const c2 = t.charCodeAt(p + 1);
  const k = pairBit(c, c2);
  return (h.pairBits[k >>> 5]! & (1 << (k & 31))) !== 0 && h.pairs.has((c << 16) | c2);
}

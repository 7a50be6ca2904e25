// Personal names: Chinese (compound-surname aware), names joined with a middle dot (Uyghur,
// Tibetan, transliterated foreign names), and Latin-script names. Convention table rows
// "name, Chinese", "name with ·", "name, Latin", "name + honorific" (docs/masking.md).
import { assertString } from '../_internal/assert.js';
import { type MaskOptions, keepOf, maskCharOf } from './options.js';
import { COMPOUND_SURNAMES, LONG_SURNAMES, surnameLength } from './surnames.js';

/**
 * Forms of address that show only the surname; a surname followed by one stays as written.
 *
 * @example
 * ```ts
 * import { HONORIFICS, maskName } from 'courier-pii/mask';
 * console.log(HONORIFICS.includes('先生'), maskName('王先生')); // true 王先生
 * ```
 */
export const HONORIFICS: readonly string[] = ['先生', '女士', '小姐', '师傅', '師傅'];

const HONORIFIC_KEYS = new Set(HONORIFICS.map((h) => (h.charCodeAt(0) << 16) | h.charCodeAt(1)));
const DOT = /[·•・‧]/;
const CJK = /[\u3400-\u9fff\uf900-\ufaff\ud840-\ud87f]/;
const LATIN_TITLE = /^(?:mr|mrs|ms|miss|mx|dr|prof|sir|madam)\.?$/i;
const SPACE = /\s/;
function isSpace(c: string): boolean {
  const k = c.charCodeAt(0);
  return k === 32 || (k < 128 ? k >= 9 && k <= 13 : SPACE.test(c));
}

function isSurnameOnly(base: string): boolean {
  const n = [...base].length;
  return n === 1 || COMPOUND_SURNAMES.has(base) || LONG_SURNAMES.has(base);
}

/**
 * Masks code points of `chars` other than whitespace and `keep` characters, keeping the first
 * `keepStart` and last `keepEnd` maskable ones; at least one is always hidden.
 */
function maskChars(
  chars: readonly string[],
  keepStart: number,
  keepEnd: number,
  ch: string,
  keep: RegExp,
): string {
  let n = 0;
  for (const c of chars) if (!isSpace(c) && !keep.test(c)) n++;
  if (keepStart + keepEnd >= n) {
    keepEnd = Math.max(0, Math.min(keepEnd, n - keepStart - 1));
    keepStart = Math.max(0, Math.min(keepStart, n - 1 - keepEnd));
  }
  let out = '';
  let u = 0;
  for (const c of chars) {
    if (isSpace(c) || keep.test(c)) {
      out += c;
      continue;
    }
    out += u >= keepStart && u < n - keepEnd ? ch : c;
    u++;
  }
  return out;
}

const NOTHING = /(?!)/;

/** Plain Chinese name: BMP CJK characters only, no spaces (the common case, done without regexes). */
function isPlainCjk(v: string): boolean {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x3400 || c > 0x9fff) return false;
  }
  return true;
}

function maskChinese(value: string, opts: MaskOptions | undefined, ch: string): string {
  if (opts === undefined && isPlainCjk(value)) {
    // every honorific is two characters: compare the last two by char code
    if (
      value.length > 2 &&
      HONORIFIC_KEYS.has((value.charCodeAt(value.length - 2) << 16) | value.charCodeAt(value.length - 1))
    ) {
      const base = value.slice(0, -2);
      return isSurnameOnly(base) ? value : maskChinese(base, opts, ch) + value.slice(-2);
    }
    const n = value.length;
    if (n === 1) return ch;
    const keep = surnameLength(value, n);
    return value.slice(0, keep) + ch.repeat(n - keep);
  }
  for (const h of HONORIFICS) {
    if (value.endsWith(h) && value.length > h.length) {
      const base = value.slice(0, -h.length);
      const trimmed = base.trim();
      if (isSurnameOnly(trimmed)) return value;
      return maskChinese(base, opts, ch) + h;
    }
  }
  const chars = [...value];
  const compact = value.replace(/\s+/g, '');
  const dflt = surnameLength(compact, [...compact].length);
  return maskChars(chars, keepOf('keepStart', opts, dflt), keepOf('keepEnd', opts, 0), ch, NOTHING);
}

function maskLatin(value: string, opts: MaskOptions | undefined, ch: string): string {
  const keepStart = keepOf('keepStart', opts, 1);
  const keepEnd = keepOf('keepEnd', opts, 0);
  const mc = ch.charCodeAt(0);
  return value.replace(/\S+/g, (word) => {
    if (LATIN_TITLE.test(word)) return word;
    let n = 0;
    for (let i = 0; i < word.length; i++) if (isWordUnit(word.charCodeAt(i), mc)) n++;
    let ks = keepStart;
    let ke = keepEnd;
    if (ks + ke >= n && n > 1) {
      ke = Math.max(0, Math.min(ke, n - ks - 1));
      ks = Math.max(0, Math.min(ks, n - 1 - ke));
    }
    let out = '';
    let u = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      if (!isWordUnit(c, mc)) {
        out += word[i];
        continue;
      }
      out += u >= ks && u < n - ke ? ch : word[i];
      u++;
    }
    return out;
  });
}

function isWordUnit(c: number, mc: number): boolean {
  // letters (incl. Latin-1 and Latin Extended) and digits; apostrophes, hyphens, dots stay
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    (c >= 0xc0 && c <= 0x24f) ||
    c === mc
  );
}

/**
 * Masks a personal name: a Chinese name keeps its surname (compound surnames such as 欧阳 and
 * 司马 whole), a `·` name keeps its first character, a Latin name keeps the first letter of each
 * word; a surname followed by an honorific (王先生, 欧阳女士) stays unchanged.
 *
 * @param value - the name
 * @param opts - mask character and how many characters to keep (defaults: the convention table)
 * @returns the masked name, one mask character per hidden character
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string or an option is invalid
 * @example
 * ```ts
 * import { maskName } from 'courier-pii/mask';
 * console.log(maskName('欧阳娜娜')); // 欧阳**
 * ```
 */
export function maskName(value: string, opts?: MaskOptions): string {
  // the common case, a plain Chinese name with default options, without regexes
  if (opts === undefined && typeof value === 'string' && isPlainCjk(value))
    return maskChinese(value, opts, '*');
  assertString('value', value);
  const ch = maskCharOf(opts);
  if (DOT.test(value)) {
    return maskChars([...value], keepOf('keepStart', opts, 1), keepOf('keepEnd', opts, 0), ch, DOT);
  }
  if (CJK.test(value)) return maskChinese(value, opts, ch);
  return maskLatin(value, opts, ch);
}

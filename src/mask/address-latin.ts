// A Latin-script address after "Address:", "ship to", "deliver to": letters, digits, spaces and
// , # . ' / -, up to the label of another field (tel, phone, email ...), another finding or
// MAX_ADDRESS characters, without trailing punctuation. Remembered like a run of address.ts
// so a later context word inside it does not read it again.
import { isAsciiAlnum, isDigitCode, isReSpace } from './char-flags.js';
import { ANCHOR, NOT_PERSONAL, nextCovered } from './cover.js';
import { MAX_ADDRESS } from './address-run.js';

// The Latin-script address last read, remembered like the run above: a later context word
// inside it continues where that scan stopped.
let latinFrom = -1;
let latinReach = -1; // where the scan stopped (exclusive)
let latinStopped = false; // at a break, not at the length cap
let latinSolid = -1; // after the last character that is not a space or trailing punctuation
let latinDigit = -1; // the last digit read, or -1

const LATIN_FIELD =
  /^(?:,?\s*)(?:tel|phone|mobile|email|name|recipient|contact|tracking|waybill|order|ref|awb|flight|passport)\b/i;

/** [A-Za-z0-9 ,#.'/-]: what a Latin-script address is written with. */
function isLatinAddrChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 32 || c === 44 || c === 35 || c === 46 || c === 39 || c === 47 || c === 45;
}
/** [\s,.'-]: trimmed from the end of a Latin-script address. */
function isLatinTrail(c: number): boolean {
  return isReSpace(c) || c === 44 || c === 46 || c === 39 || c === 45;
}
/** Whether LATIN_FIELD can match at a character: a comma, a space or the first letter of a word. */
function mayStartField(c: number): boolean {
  const l = c | 32;
  return (
    c === 44 ||
    c === 32 ||
    l === 116 ||
    l === 112 ||
    l === 109 ||
    l === 101 ||
    l === 110 ||
    l === 114 ||
    l === 99 ||
    l === 119 ||
    l === 111 ||
    l === 97 ||
    l === 102
  );
}

/**
 * @internal End of a Latin-script address from `s`, before trailing punctuation; its last digit
 * is {@link latinLastDigit} afterwards.
 */
export function latinAddressEnd(t: string, s: number): number {
  if (!(s > latinFrom && s < latinReach)) {
    latinFrom = s;
    latinReach = s;
    latinStopped = false;
    latinSolid = s;
    latinDigit = -1;
  } else if (latinStopped) return Math.max(s, latinSolid);
  const cap = Math.min(t.length, s + MAX_ADDRESS);
  let e = latinReach;
  latinStopped = true;
  // another finding, or a labelled number that is no one's data, ends the address
  const limit = nextCovered(e, cap, ANCHOR | NOT_PERSONAL);
  while (true) {
    if (e >= limit) {
      if (limit === cap) latinStopped = e >= t.length;
      break;
    }
    const c = t.charCodeAt(e);
    if (!isLatinAddrChar(c)) break;
    if (mayStartField(c) && LATIN_FIELD.test(t.slice(e, e + 12))) break;
    if (isDigitCode(c)) latinDigit = e;
    if (!isLatinTrail(c)) latinSolid = e + 1;
    e++;
  }
  // letters and digits running into a mask character are the kept head of a masked number
  // (Dear 138****5678): the address ends before them, as extend() does for Chinese ones
  // (also across a separator: mobile138.****.5678)
  let q = e;
  if (t.charCodeAt(e) === 42)
    while (q > latinFrom && (t.charCodeAt(q - 1) === 46 || t.charCodeAt(q - 1) === 45)) q--;
  if (latinStopped && t.charCodeAt(e) === 42 && q > latinFrom && isAsciiAlnum(t.charCodeAt(q - 1))) {
    e = q;
    while (e > latinFrom && isAsciiAlnum(t.charCodeAt(e - 1))) e--;
    latinSolid = latinFrom;
    latinDigit = -1;
    for (let k = latinFrom; k < e; k++) {
      const c = t.charCodeAt(k);
      if (isDigitCode(c)) latinDigit = k;
      if (!isLatinTrail(c)) latinSolid = k + 1;
    }
  }
  latinReach = e;
  return Math.max(s, latinSolid);
}

/** @internal the last digit of the address {@link latinAddressEnd} read, or -1 */
export function latinLastDigit(): number {
  return latinDigit;
}

/** @internal forgets the remembered Latin address (once per text) */
export function resetLatin(): void {
  latinFrom = -1;
  latinReach = -1;
}

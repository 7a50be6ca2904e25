// A place inside a site, not a person: the bay, dock, door, gate, shelf or zone a warehouse, a
// depot or a station names with a number or a short code after it (To: Bay 3, Attn: Dock 12,
// Deliver to Gate B, Shelf A3). A label before them (To:, Attn:) still addresses a place, so
// the capitalized word is no name. The word alone is not enough (Bin Zhang, Lane Smith are
// people): the number or code right after it is what says place.

import { isAsciiAlnum as $isAsciiAlnum } from './char-flags.js';

// imports as local bindings, read per character (see detect-number-context.ts)
const isAsciiAlnum = $isAsciiAlnum;

// the words, lower-cased, as warehouse, dock and station staff write them
const SITE_WORDS: ReadonlySet<string> = new Set(
  `bay dock door gate shelf zone aisle rack lane platform pier berth slot locker counter window level
   floor unit cage row section area yard lot terminal bin pallet hall wing block tower building bldg
   room rm suite ste stand booth desk station cabinet grid cell chute belt line`.split(/\s+/),
);

function isUpperOrDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

/**
 * @internal Whether the capitalized word at `i` (ending at `w`) is a site word followed by a
 * number or a short code (Bay 3, Dock #12, Zone B, Shelf A3, Gate No. 4): at most a dozen
 * characters are read after it.
 */
export function siteRefAt(t: string, i: number, w: number): boolean {
  if (w - i < 2 || w - i > 8) return false;
  if (!SITE_WORDS.has(t.slice(i, w).toLowerCase())) return false;
  let q = w;
  while (q < t.length && q - w < 3 && (t.charCodeAt(q) === 32 || t.charCodeAt(q) === 35)) q++;
  if (q === w) return false;
  // No. 4 / no 4
  if ((t.charCodeAt(q) | 32) === 110 && (t.charCodeAt(q + 1) | 32) === 111) {
    let r = q + 2;
    if (t.charCodeAt(r) === 46) r++;
    while (r < t.length && r - q < 5 && t.charCodeAt(r) === 32) r++;
    q = r;
  }
  // a code of one to four capitals and digits with a digit in it, or one capital letter alone
  let k = q;
  let digit = false;
  while (k < t.length && k - q < 5 && isUpperOrDigit(t.charCodeAt(k))) {
    if (t.charCodeAt(k) <= 57) digit = true;
    k++;
  }
  if (k === q || k - q > 4) return false;
  if (k < t.length && isAsciiAlnum(t.charCodeAt(k))) return false;
  return digit || k - q === 1;
}

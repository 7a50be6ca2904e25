// Latin-script street addresses without a context word: a house number and a street
// (93 Church Lane, No. 88 Jianguo Road, Bahnhofstraße 22), with the unit parts written before it
// (Flat 20, Room 1203, Building 4) and the parts after it (Apt 36B, Chaoyang District,
// Springfield, IL, 48074 Berlin, #12-05, Singapore 068898). A postcode standing alone after the
// city, and the country, are not part of the address (Singapore's postal line is its city's). Every step reads a bounded number of characters around one
// street word, so the whole is linear in the text.
import { isDigitCode as $isDigitCode } from './char-flags.js';
import { ADDRESS, ADDRESS_FOUND, ANCHOR, NOT_PERSONAL, covered } from './cover.js';
import { nameGluedAt as $nameGluedAt } from './name-glued-number.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigitCode;
const nameGluedAt = $nameGluedAt;

// the street word: an English street type, or a German, Dutch or Nordic street name
const STREET_WORD =
  /(?<![A-Za-z])(Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Drive|Boulevard|Blvd|Way|Court|Place|Terrace|Close|Crescent|Highway|Hwy|Square|Parkway|Alley)\.?(?![A-Za-z0-9])|(?<![A-Za-z])[A-Z][a-zäöüß]{0,30}(?:straße|strasse|gasse|allee|platz|weg|straat|laan|gatan|vägen|vej)(?![A-Za-z0-9])/g;
// the house number after a German-style street name: 22, 22a, 5-7
const NUMBER_AFTER = /^ \d{1,4}[a-z]?(?:-\d{1,4})?(?![0-9A-Za-z])/;
// a unit part written before the street: Flat 20, Room 2505, Building 17, Unit 3B; and the
// parts of a Hong Kong, Macao or Singapore address (Flat C, 12/F, Block B, Sun Hing Building,
// 88 Nathan Road): a floor as n/F, G/F, UG/F or 12th Floor, a shop, and a building's name
// ending in Building, Mansion, House, Centre, Court, Estate, Plaza, Tower or Garden
const UNIT_BEFORE =
  /(?:(?:(?:Flat|Apt|Apartment|Unit|Room|Rm|Suite|Ste|Shop|Building|Bldg|Block|Blk|Floor|Fl|Tower)\.? ?[0-9A-Z][0-9A-Za-z-]{0,6}|(?:G|UG|LG|M|\d{1,3})\/F|\d{1,3}(?:st|nd|rd|th) (?:Floor|Fl)|[A-Z][A-Za-z'’-]{1,20}(?: [A-Z][A-Za-z'’-]{1,20}){0,3} (?:Building|Bldg|Mansions?|House|Centre|Center|Towers?|Plaza|Court|Estate|Gardens?|Villas?)), ){1,4}$/;
// one part after the street: a unit, a district or city (capitalized words), a state (IL), a
// German postcode and city (48074 Berlin)
const PART_AFTER =
  /^, (?:(?:Flat|Apt|Apartment|Unit|Room|Rm|Suite|Ste|Floor|Fl)\.? ?[0-9A-Z][0-9A-Za-z-]{0,6}|\d{4,5} [A-Z][A-Za-zäöüß-]{1,30}|[A-Z]{2}(?: \d{5}(?:-\d{4})?)?(?![A-Za-z])|[A-Z][A-Za-z'’-]{1,24}(?: [A-Z][A-Za-z'’-]{1,24}){0,2})/;
// a Singapore unit after the street (10 Anson Road #12-05), and Singapore's postal line, the city
// and its six-digit postcode (Singapore 068898): a city-state's line is its city's, not a country
const SG_UNIT = /^,? #\d{1,3}-\d{1,5}[A-Z]?(?![0-9A-Za-z-])/;
const SG_LINE = /^, Singapore \d{6}(?![0-9A-Za-z])/;
// parts that end the address: another field, a country
const NOT_PART =
  /^, (?:Tel|Phone|Mobile|Email|Name|Recipient|Contact|Tracking|Waybill|Order|Passport|China|PRC|P\.? ?R\.? ?China|Hong Kong|Macau|Macao|Taiwan|USA|US|United|UK|Germany|Japan|Singapore|Canada|Australia|France)(?![A-Za-z])/i;

function isLetter(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}

/**
 * Where the street that ends in the street word at `ws` begins: one to four capitalized words
 * before it (Church, Nanjing East), each followed by one space, and a house number before them
 * (93, 2649, 12A, No. 88). Read back at most about 130 characters; -1 when there is none.
 */
function streetStart(t: string, ws: number): number {
  let p = ws;
  for (let words = 0; words < 4; words++) {
    if (p < 2 || t.charCodeAt(p - 1) !== 32) return -1;
    const q = p - 1;
    let s = q;
    while (s > 0 && q - s < 25) {
      const c = t.charCodeAt(s - 1);
      if (!isLetter(c) && c !== 39 && c !== 0x2019 && c !== 45) break;
      s--;
    }
    const c0 = t.charCodeAt(s);
    if (s === q || c0 < 65 || c0 > 90) return -1;
    p = s;
    const n = numberBefore(t, p);
    if (n !== -1) return n;
  }
  return -1;
}

/** Start of a house number followed by one space that ends at `p` (93, 12A, No. 88), or -1. */
function numberBefore(t: string, p: number): number {
  if (p < 2 || t.charCodeAt(p - 1) !== 32) return -1;
  let q = p - 1;
  if (q > 1 && isLetter(t.charCodeAt(q - 1)) && isDigit(t.charCodeAt(q - 2))) q--;
  let s = q;
  while (s > 0 && q - s < 5 && isDigit(t.charCodeAt(s - 1))) s--;
  if (s === q || (s > 0 && isDigit(t.charCodeAt(s - 1)))) return -1;
  if (s >= 4 && t.startsWith('No. ', s - 4)) return s - 4;
  if (s >= 3 && (t.startsWith('No.', s - 3) || t.startsWith('No ', s - 3))) return s - 3;
  return s;
}

/** Whether the character before `s` is an ASCII letter or digit. */
function glued(t: string, s: number): boolean {
  if (s === 0) return false;
  const c = t.charCodeAt(s - 1) | 32;
  return (c >= 97 && c <= 122) || (t.charCodeAt(s - 1) >= 48 && t.charCodeAt(s - 1) <= 57);
}

/** @internal Latin-script street addresses around each street word (see the top of this file). */
export function streetAddresses(t: string, push: (start: number, end: number) => void): void {
  STREET_WORD.lastIndex = 0;
  for (let m = STREET_WORD.exec(t); m; m = STREET_WORD.exec(t)) {
    const ws = m.index;
    let we = ws + m[0].length;
    let start = -1;
    if (m[1] === undefined) {
      // Bahnhofstraße 22: the number after the street
      const n = NUMBER_AFTER.exec(t.slice(we, we + 12));
      if (n === null) continue;
      start = ws;
      we += n[0].length;
    } else {
      start = streetStart(t, ws);
      if (start === -1) continue;
    }
    // unit parts before the street (Flat 20, Room 1203, Building 4, ...)
    const head = UNIT_BEFORE.exec(t.slice(Math.max(0, start - 120), start));
    const taken = ANCHOR | ADDRESS_FOUND | ADDRESS | NOT_PERSONAL;
    if (head !== null && !glued(t, start - head[0].length) && !covered(start - head[0].length, start, taken))
      start -= head[0].length;
    // a letter or digit right before would run the address into another token (13812345678Room)
    // (but a person's name pasted onto the house number ends there: John Smith4367 Main St)
    if (glued(t, start) && !nameGluedAt(t, start)) continue;
    // parts after it, up to five
    let end = we;
    for (let k = 0; k < 5; k++) {
      const rest = t.slice(end, end + 48);
      const p =
        SG_UNIT.exec(rest) ?? SG_LINE.exec(rest) ?? (NOT_PART.test(rest) ? null : PART_AFTER.exec(rest));
      if (p === null) break;
      end += p[0].length;
    }
    if (covered(start, end, taken)) continue;
    push(start, end);
    STREET_WORD.lastIndex = Math.max(STREET_WORD.lastIndex, end);
  }
}

const TRAILING_POSTCODE =
  /(?:,? \d{5,6})?(?:, (?:China|PRC|P\.? ?R\.? ?China|Hong Kong(?: SAR)?|Macau|Macao|Taiwan|USA|UK|Germany|Japan|Singapore|Canada|Australia))?$/i;

/**
 * @internal The end of the Latin-script address t[a, e) without a postcode standing after the
 * city and without the country (…, Beijing, 100022, China ends at Beijing).
 */
export function withoutPostcode(t: string, a: number, e: number): number {
  const m = TRAILING_POSTCODE.exec(t.slice(a, e));
  if (m === null || m[0].length === 0) return e;
  let end = e - m[0].length;
  while (end > a && (t.charCodeAt(end - 1) === 44 || t.charCodeAt(end - 1) === 32)) end--;
  return end;
}

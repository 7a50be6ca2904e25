// Lists of numbers that one label heads (运单号：A、B、C; 1. A 2. B; A 至 B; 中通 A，圆通 B): what
// may stand between two items, and the marker in front of one. Each check reads at most a few
// dozen characters.
import {
  CARRIERS,
  CLOSE,
  OPEN,
  isDigit as $isDigit,
  isLetter as $isLetter,
  isSpace as $isSpace,
  keyKindAt as $keyKindAt,
  skipSpaces as $skipSpaces,
  wordAfter as $wordAfter,
  words,
} from './number-words.js';
import { parcelStateEnd as $parcelStateEnd } from './number-parcel-state.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigit;
const isLetter = $isLetter;
const isSpace = $isSpace;
const keyKindAt = $keyKindAt;
const skipSpaces = $skipSpaces;
const wordAfter = $wordAfter;
const parcelStateEnd = $parcelStateEnd;

// what joins the items of a list: , ， 、 / ／ ; ； & 和 跟 及 与 或, brackets (and spaces and quotes),
// and the dashes and tildes of a range (A-B, A～B)
export const LIST_SEP: ReadonlySet<number> = new Set(
  [...',，、/／;；&+和跟及与或()（）[]【】“”‘’「」-–—~～'].map((c) => c.charCodeAt(0)),
);
// words that join them too (以及, and, or, vs, 改为 of a number replaced by another, 至/到/to/through
// of a range)
const LIST_WORDS = words([
  '另外还有一个',
  '另外一个是',
  '另外一个',
  '还有一个是',
  '还有个是',
  '还有个',
  '另一个是',
  '还有一个',
  '另一个',
  '另一单',
  '以及',
  '还有',
  '改为',
  '改成',
  '换成',
  '至',
  '到',
  'through',
  'thru',
  'and',
  'or',
  'vs',
  'to',
]);
// what contrasts two parcels after the state of the first (A 已签收，但 B 还没到)
const CONTRASTS = words(['但是', '但', '可是', '不过', '而', 'but', 'while']);
// bullets in front of a list item (• A, - A, * A, ● A)
const BULLETS: ReadonlySet<number> = new Set([...'•·‧◦▪▫●○■□◆◇★☆✓✔*-–—'].map((c) => c.charCodeAt(0)));
// what ends the number of a numbered item: 1. 1、 1) 1） (not a colon: 包裹1：A is a key)
const NUMBERING_END: ReadonlySet<number> = new Set([46, 0x3001, 41, 0xff09]);

/** End of a list item's marker at `p` (1. 2、 3) (4) • - *), or -1. */
function markerEnd(t: string, p: number): number {
  const c = t.charCodeAt(p);
  if (BULLETS.has(c)) return p + 1;
  let e = p;
  while (e < t.length && e - p < 2 && isDigit(t.charCodeAt(e))) e++;
  if (e === p || isDigit(t.charCodeAt(e)) || !NUMBERING_END.has(t.charCodeAt(e))) return -1;
  // 1.5 is a number, not an item
  return t.charCodeAt(e) === 46 && isDigit(t.charCodeAt(e + 1)) ? -1 : e + 1;
}

/** @internal Where the marker of the list item that starts at `s` begins (运单号：\n1. A, 单号：- A), or `s`. */
export function markerBefore(t: string, s: number): number {
  let p = s;
  while (p > 0 && s - p < 2 && isSpace(t.charCodeAt(p - 1))) p--;
  if (p === 0) return s;
  if (BULLETS.has(t.charCodeAt(p - 1))) return p - 1;
  if (!NUMBERING_END.has(t.charCodeAt(p - 1))) return s;
  let d = p - 1;
  while (d > 0 && p - 1 - d < 2 && isDigit(t.charCodeAt(d - 1))) d--;
  if (d === p - 1 || (d > 0 && (isDigit(t.charCodeAt(d - 1)) || isLetter(t.charCodeAt(d - 1))))) return s;
  // (1) and （1）
  if (d > 0 && OPEN.has(t.charCodeAt(d - 1))) d--;
  return d;
}

/** @internal */
export const LIST_MAX = 16;
// how far apart two items may be with other waybills between them (运单号：A、YT1234567890123、B)
const LIST_SPAN = 96;

/**
 * End of another waybill at `p` that cannot be a phone, or -1: an upper-case carrier code and at
 * least 8 digits (YT2093847561032), or 12 to 20 digits; a whole token.
 */
function codeItemEnd(t: string, p: number): number {
  if (p > 0 && (isDigit(t.charCodeAt(p - 1)) || isLetter(t.charCodeAt(p - 1)))) return -1;
  let k = p;
  while (k < t.length && k - p < 4 && t.charCodeAt(k) >= 65 && t.charCodeAt(k) <= 90) k++;
  const d = k;
  while (k < t.length && k - d <= 20 && isDigit(t.charCodeAt(k))) k++;
  const digits = k - d;
  if (isDigit(t.charCodeAt(k)) || isLetter(t.charCodeAt(k))) return -1;
  return digits >= (d > p ? 8 : 12) && digits <= 20 ? k : -1;
}
// what glues a piece number or count to a waybill: A/2, A-1, A*2, Ax2
const PIECE: ReadonlySet<number> = new Set([47, 45, 42, 120, 0xd7]);

/**
 * End of a short note in brackets at `p` that names no personal data (（已签收）, （母）, (2/3)), or
 * -1: how a list tells its items apart.
 */
function bracketedNote(t: string, p: number): number {
  if (!OPEN.has(t.charCodeAt(p))) return -1;
  for (let k = p + 1; k < t.length && k - p <= 7; k++) {
    const c = t.charCodeAt(k);
    if (CLOSE.has(c)) return k > p + 1 && keyKindAt(t, p + 1) !== 'personal' ? k + 1 : -1;
    if (c === 10 || OPEN.has(c)) return -1;
  }
  return -1;
}

/**
 * @internal Whether only a list separator lies between the end of one number (`a`) and the start
 * of the next (`b`): spaces, quotes, brackets, , ， 、 / ; & 和 跟 及 与 或, 以及, and, or, vs, 改为, a range
 * (- ~ 至 到 to through), a carrier name (运单号：中通 A，圆通 B; A（中通）、B（圆通）; SF A, YT B), an
 * item marker (1. A 2. B, ① A ② B) and '|' with no space around it ("A|B" in one JSON string).
 * A word ends the list, and so do a blank line, a tab and a spaced '|' (a table cell). A line break
 * continues it when the label ended its own line (`vertical`: 运单号：\nA\nB) or when the next
 * line starts with an item marker (1. A\n2. B, - A\n- B).
 */
export function listGap(t: string, a: number, b: number, vertical = false): boolean {
  if (b <= a || b - a > LIST_SPAN) return false;
  if (t.charCodeAt(b - 1) === 34 || t.charCodeAt(b - 1) === 58) {
    const sibling = siblingObject(t, a, b);
    if (sibling !== undefined) return sibling;
  }
  let breaks = 0;
  let stated = false;
  // characters of other waybills (not candidates) between the two: they do not count as gap
  let items = 0;
  let k = a;
  // the piece of a multi-piece parcel glued to its number: A/2, A-1
  if (PIECE.has(t.charCodeAt(k)) && isDigit(t.charCodeAt(k + 1))) {
    k++;
    while (k < b && k - a < 4 && isDigit(t.charCodeAt(k))) k++;
  }
  while (k < b) {
    if (k - a - items > LIST_MAX) return false;
    const c = t.charCodeAt(k);
    // an ideograph that no separator, joining word or carrier name begins (有事打座机): no
    // waybill code, line break, bracket or item marker begins with one either, so only a
    // parcel's state can be read here (the common case, tried without the other readers)
    if (
      c >= 0x3400 &&
      c <= 0x9fff &&
      !LIST_SEP.has(c) &&
      !LIST_WORDS.first.has(c) &&
      !CARRIERS.first.has(c)
    ) {
      let w = parcelStateEnd(t, k);
      if (w !== -1) stated = true;
      else if (stated) w = wordAfter(t, k, CONTRASTS);
      if (w === -1) return false;
      k = w;
      continue;
    }
    const item = codeItemEnd(t, k);
    if (item !== -1) {
      items += item - k;
      k = item;
      breaks = 0;
      continue;
    }
    if (c === 10 || c === 13) {
      k += c === 13 && t.charCodeAt(k + 1) === 10 ? 2 : 1;
      if (++breaks > 1) return false;
      if (!vertical && markerEnd(t, skipSpaces(t, k, 4)) === -1) return false;
      continue;
    }
    const note = bracketedNote(t, k);
    if (note !== -1) {
      k = note;
      continue;
    }
    if (c === 32 || c === 0x3000 || c === 0xa0 || c === 34 || c === 39 || LIST_SEP.has(c)) {
      k++;
      continue;
    }
    if (c === 124 && isDigit(t.charCodeAt(k - 1)) && isDigit(t.charCodeAt(k + 1))) {
      k++;
      continue;
    }
    let w = markerEnd(t, k);
    if (w === -1) w = wordAfter(t, k, LIST_WORDS);
    if (w === -1) w = wordAfter(t, k, CARRIERS);
    if (w === -1) {
      // a parcel's state between two items (运单号 A 已签收，B 还没到), and the 但 that contrasts them
      w = parcelStateEnd(t, k);
      if (w !== -1) stated = true;
      else if (stated) w = wordAfter(t, k, CONTRASTS);
    }
    if (w === -1) return false;
    k = w;
  }
  return true;
}

// "}, {"no":" between the numbers of two JSON objects side by side in an array
const SIBLING = /^"?\s*\}\s*,\s*\{\s*"([A-Za-z_]{1,16})"\s*:\s*"?$/;

/**
 * Whether the numbers that end at `a` and start at `b` are the values of the same key in two
 * objects side by side ([{"no":A},{"no":B}]): the first taken as a waybill, so is the next.
 * Undefined when the gap is not such a one.
 */
function siblingObject(t: string, a: number, b: number): boolean | undefined {
  const m = SIBLING.exec(t.slice(a, b));
  if (m === null) return undefined;
  let s = a;
  while (s > 0 && a - s < 24 && isDigit(t.charCodeAt(s - 1))) s--;
  // the same key before the first number
  return new RegExp(`"${m[1]}"\\s*:\\s*"?$`).test(t.slice(Math.max(0, s - 24), s));
}

/**
 * @internal Whether the number at `s`, with a carrier name at `c` right before it, stands in a list of
 * carrier-and-number pairs (中通 A，圆通 B; 顺丰A和京东B): one carrier name before a number may
 * be its courier's phone, two such pairs side by side are waybills.
 */
export function carriersListed(t: string, c: number, s: number): boolean {
  // the pair before: a digit, a separator, this carrier
  let k = c;
  while (k > 0 && c - k < 4 && (isSpace(t.charCodeAt(k - 1)) || LIST_SEP.has(t.charCodeAt(k - 1)))) k--;
  if (k < c && k > 0 && isDigit(t.charCodeAt(k - 1))) return true;
  // the pair after: the rest of this number, a separator perhaps (中通A韵达B), a carrier, a digit
  k = s;
  while (k < t.length && k - s < 24 && (isDigit(t.charCodeAt(k)) || t.charCodeAt(k) === 32)) k++;
  const sep = k;
  while (k < t.length && k - sep < 4 && (isSpace(t.charCodeAt(k)) || LIST_SEP.has(t.charCodeAt(k)))) k++;
  const next = wordAfter(t, k, CARRIERS);
  return next !== -1 && isDigit(t.charCodeAt(skipSpaces(t, next, 1)));
}

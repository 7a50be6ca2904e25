// Numbers allocated in blocks: waybill, order, ticket, bag or chute-range numbers that a system
// hands out consecutively, so those of one text share a long leading prefix and differ in their
// last digits (a1=19102233047, a2=19102233055; first=17166500201|last=17166500588). People's
// phones do not share eight leading digits by chance. So among the mobile-shaped numbers of one
// text, two different ones that share their first BLOCK_PREFIX digits and that nothing ties to
// someone are serials; and so is one that shares them with a number a label already took away
// (ddh=A, dup_of=B). A number tied to someone (a phone key or column, a contact word or a call,
// an owner's word or a name beside it, a party's object, an answer to a request for a phone, a
// record naming its person, a list such a label heads, a contact list's note beside it or a line
// naming people above or below the list (block-notes.ts), a key of a personal identifier, a
// record of a call or a text message: number-own-evidence.ts) stays a phone and makes no
// sibling one: a family's or a company's consecutive SIM numbers are written with names, phone
// words or such notes.
// Cost: one pass over the candidates into a Map by prefix; evidence is read (bounded windows
// around each number) only when some prefix holds two different numbers.
import { ownEvidence as $ownEvidence } from './number-own-evidence.js';
import type { Candidate } from './detect-numbers.js';
import { mobileDigits as $mobileDigits } from './mobile-batches.js';
import { listGap as $listGap } from './number-lists.js';
import { personalKeyBefore as $personalKeyBefore } from './number-labels.js';
import { recordNamesOwner as $recordNamesOwner } from './number-records.js';
import { isSpace as $isSpace } from './number-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const mobileDigits = $mobileDigits;
const listGap = $listGap;
const personalKeyBefore = $personalKeyBefore;
const isSpace = $isSpace;
const recordNamesOwner = $recordNamesOwner;
const ownEvidence = $ownEvidence;

/** @internal What a block shares: the first eight of eleven digits (a block of up to a thousand numbers). */
export const BLOCK_PREFIX = 8;

/**
 * @internal The mobiles of `seq` (all number candidates, in text order) that are serial numbers
 * of one block (see the file comment), less those already in `dropped`; `keyed` are the
 * candidates a key or a column of personal data gave. Undefined when there is none; a text with
 * fewer than two mobiles is not read at all.
 */
export function serialBlocks(
  t: string,
  seq: readonly Candidate[],
  dropped: ReadonlySet<Candidate> | undefined,
  keyed: readonly Candidate[],
): Set<Candidate> | undefined {
  let n = 0;
  for (let i = 0; i < seq.length; i++) if (seq[i]!.kind === 'phone') n++;
  if (n < 2) return undefined;
  const phones: Candidate[] = [];
  const digits: string[] = [];
  const byPrefix = new Map<string, number[]>();
  let block = false;
  for (let i = 0; i < seq.length; i++) {
    const c = seq[i]!;
    if (c.kind !== 'phone') continue;
    const d = mobileDigits(t, c);
    if (d === undefined) continue;
    const p = d.slice(0, BLOCK_PREFIX);
    const members = byPrefix.get(p);
    if (members === undefined) byPrefix.set(p, [phones.length]);
    else {
      members.push(phones.length);
      // two different numbers, or one a label took away: there may be a block
      if (!block)
        block =
          digits[members[0]!] !== d ||
          dropped?.has(c) === true ||
          dropped?.has(phones[members[0]!]!) === true;
    }
    phones.push(c);
    digits.push(d);
  }
  if (!block) return undefined;
  const tied = tiedToSomeone(t, phones, dropped, keyed);
  let out: Set<Candidate> | undefined;
  for (const members of byPrefix.values()) {
    if (members.length < 2) continue;
    // the untied numbers still standing, and whether a label took away one of the block
    // the number a label took (one of them), and whether a label took two different ones
    let labelled: string | undefined;
    let labelledTwo = false;
    // the different untied numbers, up to three (the same number written twice is one)
    const seen: string[] = [];
    let loose = 0;
    let fields = true;
    let range = false;
    let prev: Candidate | undefined;
    for (const i of members) {
      if (dropped?.has(phones[i]!)) {
        if (labelled === undefined) labelled = digits[i]!;
        else if (labelled !== digits[i]) labelledTwo = true;
      } else if (!tied[i]) {
        loose++;
        if (!asField(t, phones[i]!)) fields = false;
        if (prev !== undefined && !range) range = rangeBetween(t, prev, phones[i]!);
        prev = phones[i]!;
        if (seen.length < 3 && !seen.includes(digits[i]!)) seen.push(digits[i]!);
      }
    }
    // a labelled sibling (another number: the same number written again elsewhere is no block,
    // 订单号A beside a bare A), three different numbers, or two written as the fields of a record
    // or as the ends of a range; two bare numbers in prose (A / B, A 或 B) may be one family's
    // and stay phones
    if (loose === 0 || !blockOfSerials(seen, labelled, labelledTwo, fields || range)) continue;
    for (const i of members) {
      if (tied[i] || dropped?.has(phones[i]!)) continue;
      out ??= new Set();
      out.add(phones[i]!);
    }
  }
  return out;
}

/**
 * @internal Whether the untied numbers of one prefix are serials of a block: `loose` are those
 * different numbers (up to three), `labelled` one number a label took from the prefix and
 * `labelledTwo` whether it took two different ones, `written` whether the loose numbers stand
 * as fields of a record or as the ends of a range. A labelled sibling must be another number
 * (the same number written again elsewhere is no block); two loose numbers need `written`;
 * three are a block wherever they stand. Used for text here and for JSON values (json-blocks.ts).
 */
export function blockOfSerials(
  loose: readonly string[],
  labelled: string | undefined,
  labelledTwo: boolean,
  written: boolean,
): boolean {
  if (loose.length === 0) return false;
  const sibling = labelled !== undefined && (labelledTwo || loose.length > 1 || loose[0] !== labelled);
  return sibling || loose.length >= 3 || (loose.length === 2 && written);
}

// what a record's field starts after: a JSON quote or array bracket, a key's '=', a table's tab
// or '|', a line's start
const FIELD_START: ReadonlySet<number> = new Set([...'"\'=\t|[\n'].map((c) => c.charCodeAt(0)));

// what links the two ends of a range (A 至 B, 起 A 止 B, A ~ B, first bag A, last bag B)
const RANGE_LINKS = ['至', '止', '~', '～', '—', '–', ' - ', ' to ', ' until ', ' till ', 'last '];
// how far apart two ends of a range are written
const RANGE_GAP = 16;

/** Whether what stands between the numbers `a` and `b` (a before b) links them as a range. */
function rangeBetween(t: string, a: Candidate, b: Candidate): boolean {
  if (b.start - a.end > RANGE_GAP || b.start < a.end) return false;
  const gap = t.slice(a.end, b.start).toLowerCase();
  for (let i = 0; i < RANGE_LINKS.length; i++) if (gap.includes(RANGE_LINKS[i]!)) return true;
  return false;
}

/**
 * Whether the number `c` is written as a field of a record: right after a JSON quote, a '[', a
 * key's '=', a tab or a '|' (no space between), at a line's start, or followed by an arrow to
 * where it went (A → 2-4-117). Two bare numbers in prose are not.
 */
function asField(t: string, c: Candidate): boolean {
  const s = c.start;
  if (s === 0 || FIELD_START.has(t.charCodeAt(s - 1))) return true;
  let q = c.end;
  while (q < t.length && q - c.end < 2 && isSpace(t.charCodeAt(q))) q++;
  const x = t.charCodeAt(q);
  return x === 0x2192 || x === 0x21d2 || (x === 45 && t.charCodeAt(q + 1) === 62);
}

/**
 * Which of `phones` (in text order) something ties to someone: its own evidence (see ownEvidence),
 * or a list it stands in whose other item has such evidence (电话：A、B; A、B 是我们的电话). A
 * number a label took away ties nothing.
 */
function tiedToSomeone(
  t: string,
  phones: readonly Candidate[],
  dropped: ReadonlySet<Candidate> | undefined,
  keyed: readonly Candidate[],
): boolean[] {
  const keyedAt = new Set<number>();
  for (let i = 0; i < keyed.length; i++) if (keyed[i]!.kind === 'phone') keyedAt.add(keyed[i]!.start);
  const tied: boolean[] = [];
  for (let i = 0; i < phones.length; i++) {
    const c = phones[i]!;
    tied.push(!dropped?.has(c) && (keyedAt.has(c.start) || ownEvidence(t, c.start, c.end)));
  }
  // a number under a key of personal data, asked once per number: the phone a record gives its
  // person under a key of its own
  const keyedMemo: Array<boolean | undefined> = [];
  const keyedPhone = (j: number): boolean =>
    (keyedMemo[j] ??=
      !dropped?.has(phones[j]!) && (keyedAt.has(phones[j]!.start) || personalKeyBefore(t, phones[j]!.start)));
  for (let i = 0; i < phones.length; i++)
    if (!tied[i] && !dropped?.has(phones[i]!)) tied[i] = recordNamesOwner(t, phones, i, keyedPhone);
  // a list takes its evidence from either end: forward, then back
  for (let i = 1; i < phones.length; i++)
    if (!tied[i] && tied[i - 1]) tied[i] = listed(t, phones, dropped, i - 1, i);
  for (let i = phones.length - 2; i >= 0; i--)
    if (!tied[i] && tied[i + 1]) tied[i] = listed(t, phones, dropped, i, i + 1);
  return tied;
}

/** Whether phones[a] and phones[b] are two items of one list (and b is not a number a label took away). */
function listed(
  t: string,
  phones: readonly Candidate[],
  dropped: ReadonlySet<Candidate> | undefined,
  a: number,
  b: number,
): boolean {
  const x = phones[a]!;
  const y = phones[b]!;
  if (dropped?.has(x) || dropped?.has(y)) return false;
  return x.start === y.start || listGap(t, x.end, y.start);
}

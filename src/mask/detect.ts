// detect(text): every personal-data span found in free text, with UTF-16 offsets.
import { PiiError } from '../errors.js';
import type { Kind } from '../schema/index.js';
import { streetAddresses } from './address-street.js';
import { detectAddresses, remapAddressPrefixes } from './detect-address.js';
import { detectNames } from './detect-names.js';
import { type Candidate, detectNumbers } from './detect-numbers.js';
import {
  ADDRESS as $ADDRESS,
  ANCHOR as $ANCHOR,
  NAME as $NAME,
  NOT_PERSONAL as $NOT_PERSONAL,
  RESOLVED as $RESOLVED,
  clearCover as $clearCover,
  covered as $covered,
  markCover as $markCover,
  resetCover as $resetCover,
} from './cover.js';
import { detectStructured } from './detect-structured.js';
import { numberBatches as $numberBatches } from './number-batches.js';
import { serialBlocks as $serialBlocks } from './number-blocks.js';
import {
  amountOrCount as $amountOrCount,
  labelledAfter as $labelledAfter,
  labelledNegative as $labelledNegative,
  listGap as $listGap,
  personalKeyAfter as $personalKeyAfter,
  personalKeyBefore as $personalKeyBefore,
} from './number-labels.js';
import type { KeyKind } from './structured-keys.js';
import { valueFindings } from './structured-values.js';
import { normalizeText } from './normalize-text.js';
import { namesPersonalIdentifier as $namesPersonalIdentifier } from './key-words.js';
import { residualLabel as $residualLabel } from './number-residuals.js';
import { referredLabel as $referredLabel } from './number-referred.js';
import { scanText } from './scan.js';
import { checkOptions } from '../_internal/options.js';
import { DETECT_OPTIONS } from './option-names.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const ADDRESS = $ADDRESS;
const ANCHOR = $ANCHOR;
const NAME = $NAME;
const NOT_PERSONAL = $NOT_PERSONAL;
const RESOLVED = $RESOLVED;
const clearCover = $clearCover;
const covered = $covered;
const markCover = $markCover;
const resetCover = $resetCover;
const amountOrCount = $amountOrCount;
const labelledAfter = $labelledAfter;
const labelledNegative = $labelledNegative;
const residualLabel = $residualLabel;
const referredLabel = $referredLabel;
const namesPersonalIdentifier = $namesPersonalIdentifier;
const listGap = $listGap;
const personalKeyAfter = $personalKeyAfter;
const personalKeyBefore = $personalKeyBefore;
const numberBatches = $numberBatches;
const serialBlocks = $serialBlocks;
const PERSONAL_KEYS = { before: $personalKeyBefore, after: $personalKeyAfter };

/** One personal-data span found in text. The value itself is not included. */
export interface Finding {
  /** What was found. */
  kind: Kind;
  /** UTF-16 offset of the first character. */
  start: number;
  /** UTF-16 offset after the last character. */
  end: number;
  /** How sure the detector is, 0-1 (checksummed identifiers ~0.95+, context-based names ~0.8). */
  confidence: number;
}

/** Options for {@link detect}. */
export interface DetectOptions {
  /** Report only these kinds (default: all). */
  kinds?: readonly Kind[];
  /** Drop findings below this confidence (default 0). */
  minConfidence?: number;
}

function byRank(a: Candidate, b: Candidate): number {
  return b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start;
}
function byStart(a: Candidate, b: Candidate): number {
  return a.start - b.start;
}

/**
 * Stable insertion sorts: the same order as Array#sort for the handful of candidates a text has.
 * One per order, so each compares inline instead of through a comparator it is passed.
 */
function sortByRank(xs: Candidate[]): Candidate[] {
  if (xs.length > 24) return xs.sort(byRank);
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]!;
    let j = i - 1;
    while (j >= 0 && byRank(xs[j]!, x) > 0) {
      xs[j + 1] = xs[j]!;
      j--;
    }
    xs[j + 1] = x;
  }
  return xs;
}
function sortByStart(xs: Candidate[]): Candidate[] {
  if (xs.length > 24) return xs.sort(byStart);
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]!;
    let j = i - 1;
    while (j >= 0 && xs[j]!.start > x.start) {
      xs[j + 1] = xs[j]!;
      j--;
    }
    xs[j + 1] = x;
  }
  return xs;
}

/** a followed by b, as a new array (faster than concat for a handful of items) */
function joined(a: readonly Candidate[], b: readonly Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < a.length; i++) out.push(a[i]!);
  for (let i = 0; i < b.length; i++) out.push(b[i]!);
  return out;
}

/**
 * Keeps the best of overlapping candidates: by confidence, then length, then position; the
 * kept ones in text order. A handful are compared pairwise; more are checked against the
 * cover, so a text with thousands of findings is not quadratic (same result either way).
 */
function resolve(cands: Candidate[]): Candidate[] {
  sortByRank(cands);
  const kept: Candidate[] = [];
  if (cands.length <= 24) {
    for (let i = 0; i < cands.length; i++) {
      const c = cands[i]!;
      let clash = false;
      for (let j = 0; j < kept.length; j++) {
        const k = kept[j]!;
        if (k.start < c.end && c.start < k.end) {
          clash = true;
          break;
        }
      }
      if (!clash) kept.push(c);
    }
  } else {
    for (let i = 0; i < cands.length; i++) {
      const c = cands[i]!;
      if (covered(c.start, c.end, RESOLVED)) continue;
      kept.push(c);
      markCover(c.start, c.end, RESOLVED);
    }
    for (let i = 0; i < kept.length; i++) clearCover(kept[i]!.start, kept[i]!.end, RESOLVED);
  }
  return sortByStart(kept);
}

/**
 * {@link resolve} without ranking in the common case: candidates of which no two overlap (and
 * none is empty) are all kept, so the result is them in text order.
 */
function resolveQuick(cands: Candidate[]): Candidate[] {
  if (cands.length > 24) return resolve(cands);
  const inText = sortByStart(cands.slice());
  let lastEnd = -1;
  for (let i = 0; i < inText.length; i++) {
    const c = inText[i]!;
    if (c.start < lastEnd || c.end <= c.start) return resolve(cands);
    lastEnd = c.end;
  }
  return inText;
}

/**
 * {@link resolve} of `anchors` (resolved, in text order) and `extra` together, without sorting
 * or comparing pairs in the common case: when no two of them overlap (and none is empty), all
 * are kept and the result is the two lists merged by start.
 */
function resolveWith(anchors: Candidate[], extra: Candidate[]): Candidate[] {
  if (extra.length === 0) return anchors;
  const ex = extra.length < 2 || inOrder(extra) ? extra : sortByStart(extra.slice());
  const out: Candidate[] = [];
  let i = 0;
  let j = 0;
  let lastEnd = -1;
  while (i < anchors.length || j < ex.length) {
    const c =
      j >= ex.length || (i < anchors.length && anchors[i]!.start <= ex[j]!.start) ? anchors[i++]! : ex[j++]!;
    if (c.start < lastEnd || c.end <= c.start) return resolve(joined(anchors, extra));
    out.push(c);
    lastEnd = c.end;
  }
  return out;
}

/** The kinds a label such as 订单号 or sku= can take away (numbers shaped like personal data). */
function isLabelledKind(k: Kind): boolean {
  return k === 'phone' || k === 'landline' || k === 'idNumber' || k === 'bankCard';
}

/** Whether the candidates are in text order (they almost always are: windows are read in order). */
function inOrder(cands: readonly Candidate[]): boolean {
  for (let k = 1; k < cands.length; k++) if (cands[k]!.start < cands[k - 1]!.start) return false;
  return true;
}

/**
 * Number candidates less those labelled as orders, SKUs, tracking numbers, amounts ... (by the
 * key right before them, the list such a key heads, or the column they are in), and mobiles
 * allocated in one block with them or with each other (`keyed`: the candidates a key of personal
 * data gave, which stay).
 */
function dropLabelled(
  t: string,
  cands: Candidate[],
  zones: boolean,
  keyed: readonly Candidate[],
): Candidate[] {
  // read in text order, so the numbers of a list after a label (运单号：A、B) follow its first one
  // (a copy sorted by insertion: the email detector runs first, so they are often not in order)
  const seq = cands.length < 2 || inOrder(cands) ? cands : sortByStart(cands.slice());
  // batches, line lists of shipments and order rows (number-batches.ts)
  let dropped = numberBatches(t, seq, PERSONAL_KEYS);
  if (dropped !== undefined) markDropped(dropped);
  // end of the last number a label (or the list it heads) took away, and whether that label
  // ended its line (运单号：\nA\nB: the list goes on line by line)
  let listEnd = -1;
  let vertical = false;
  for (let i = 0; i < seq.length; i++) {
    const c = seq[i]!;
    if (!isLabelledKind(c.kind) || dropped?.has(c)) continue;
    let from = labelledNegative(t, c.start);
    if (from === -1) from = residualLabel(t, c.start, listEnd);
    // an identity or card number under the label of someone's identifier (Importer ID, customer_id,
    // Holder No.) is theirs: only a thing's label (order id, waybill no) takes it
    if (
      from !== -1 &&
      (c.kind === 'idNumber' || c.kind === 'bankCard') &&
      namesPersonalIdentifier(t, from, c.start)
    )
      from = -1;
    if (from !== -1) vertical = t.lastIndexOf('\n', c.start - 1) >= from;
    else if (listEnd !== -1 && listGap(t, listEnd, c.start, vertical) && !personalKeyAfter(t, c.end))
      from = listEnd;
    else if (c.kind === 'phone' && referredLabel(t, c.start, c.end) !== -1) {
      // a number people refer to as a parcel's (number-referred.ts): the evidence is about this
      // number alone, so it heads no list and no address or name is kept out of its words
      markCover(c.start, c.end, NOT_PERSONAL);
      if (dropped === undefined) dropped = new Set();
      dropped.add(c);
      continue;
    }
    let drop = from !== -1;
    if (drop) {
      // the label and its numbers are no one's data: an address or a name must not take them in
      markCover(from, c.end, NOT_PERSONAL);
      if (c.end > listEnd) listEnd = c.end;
    } else drop = amountOrCount(t, c.start, c.end) || (zones && covered(c.start, c.start + 1, NOT_PERSONAL));
    if (drop) {
      if (dropped === undefined) dropped = new Set();
      dropped.add(c);
    }
  }
  // and a label after the numbers: 13812345678是订单号, A、B 两个运单 (read back to front)
  let listStart = -1;
  for (let k = seq.length - 1; k >= 0; k--) {
    const c = seq[k]!;
    if (!isLabelledKind(c.kind) || dropped?.has(c)) continue;
    if (
      labelledAfter(t, c.start, c.end) ||
      (listStart !== -1 && listGap(t, c.end, listStart) && !personalKeyBefore(t, c.start))
    ) {
      if (dropped === undefined) dropped = new Set();
      dropped.add(c);
      markCover(c.start, c.end, NOT_PERSONAL);
      listStart = c.start;
    }
  }
  // numbers allocated in a block with these or with each other (number-blocks.ts)
  const serials = serialBlocks(t, seq, dropped, keyed);
  if (serials !== undefined) {
    markDropped(serials);
    if (dropped === undefined) dropped = serials;
    else for (const c of serials) dropped.add(c);
  }
  return dropped === undefined ? cands : without(cands, dropped);
}

/** Marks the numbers a batch or list rule took away as no one's data. */
function markDropped(dropped: ReadonlySet<Candidate>): void {
  for (const c of dropped) markCover(c.start, c.end, NOT_PERSONAL);
}

/** `cands` less those in `gone`, in their order. */
function without(cands: readonly Candidate[], gone: ReadonlySet<Candidate>): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < cands.length; i++) if (!gone.has(cands[i]!)) out.push(cands[i]!);
  return out;
}

/** Adds a candidate of `kind` and marks its span `bit`. */
function addFound(
  out: Candidate[],
  kind: Kind,
  start: number,
  end: number,
  confidence: number,
  bit: number,
): void {
  out.push({ kind, start, end, confidence });
  markCover(start, end, bit);
}

/** Adds the keyed candidates of `kind` that touch nothing marked `avoid`, marking them `bit`. */
function addKeyed(
  keyed: readonly Candidate[],
  kind: Kind,
  avoid: number,
  bit: number,
  out: Candidate[],
): void {
  for (let i = 0; i < keyed.length; i++) {
    const c = keyed[i]!;
    if (c.kind !== kind || covered(c.start, c.end, avoid)) continue;
    out.push(c);
    markCover(c.start, c.end, bit);
  }
}

/**
 * Finds personal data in free text (delivery notes, chat, tickets): mainland mobiles (plain,
 * +86/0086, spaced, dashed, glued to a name), international numbers, landlines, resident IDs
 * (checksum and birth date), HK and TW IDs, passports and permits (after a context word), bank
 * cards (Luhn, with context or card-style grouping), emails, coordinates, IPv4, names (after
 * context words or next to a phone number) and addresses (administrative-division names or
 * context words). Waybill numbers, order ids, hotlines, dates, pickup codes and postcodes are
 * not reported.
 *
 * @param text - the text to scan
 * @param opts - kinds to report and a confidence floor
 * @returns the findings in text order, non-overlapping, with UTF-16 offsets
 * @throws PiiError INVALID_ARGUMENT when `text` is not a string
 * @example
 * ```ts
 * import { detect } from 'courier-pii/mask';
 * console.log(detect('放门口，电话13812345678')); // [ { kind: 'phone', start: 6, end: 17, confidence: 0.97 } ]
 * ```
 */
export function detect(text: string, opts?: DetectOptions): Finding[] {
  checkOptions('detect', opts, DETECT_OPTIONS);
  return detectRun(text, opts).findings;
}

/** @internal what one detection found, and the normalized text it read (when it made one) */
export interface DetectRun {
  /** the findings, offsets into the original text */
  findings: Finding[];
  /** the normalized copy the detectors read, when the text needed one */
  normalized?: string;
  /** the findings with offsets into `normalized` (same order) */
  inNormalized?: Finding[];
}

/**
 * @internal What the key of a structured value says about the whole value (redactJson): its
 * kind, and whether the key names a role (receiverName) or is only "name".
 */
export interface ValueHint {
  kind: KeyKind;
  strength: 'role' | 'generic';
}

/** @internal {@link detect}, also returning the normalized text and offsets into it */
export function detectRun(text: string, opts?: DetectOptions, hint?: ValueHint): DetectRun {
  if (typeof text !== 'string') throw new PiiError('INVALID_ARGUMENT', 'text must be a string.');
  let scan = scanText(text);
  const norm = scan.norm ? normalizeText(text) : undefined;
  const t = norm ? norm.text : text;
  if (norm) scan = scanText(t);
  resetCover(t.length);
  const numbers: Candidate[] = [];
  detectNumbers(t, scan, numbers);
  // values of keys and table columns that name personal data: numbers join the others, names
  // and addresses fill what the context detectors leave
  const keyed: Candidate[] = [];
  const negatives: number[] = [];
  // whether the text has a space at all (SQL statements and Latin street addresses need one)
  const spaced = scan.space;
  detectStructured(t, scan, keyed, negatives, spaced);
  if (hint !== undefined) {
    // the value of a key: the key speaks for the whole text
    if (hint.kind === 'negative') negatives.push(0, t.length);
    else valueFindings(t, 0, t.length, hint.kind, hint.strength, keyed);
  }
  for (let i = 0; i < keyed.length; i++) {
    const c = keyed[i]!;
    if (c.kind !== 'name' && c.kind !== 'address') numbers.push(c);
  }
  for (let k = 0; k < negatives.length; k += 2) markCover(negatives[k]!, negatives[k + 1]!, NOT_PERSONAL);
  const anchors = resolveQuick(dropLabelled(t, numbers, negatives.length > 0, keyed));
  for (let i = 0; i < anchors.length; i++) markCover(anchors[i]!.start, anchors[i]!.end, ANCHOR);
  const extra: Candidate[] = [];
  detectAddresses(t, scan, extra);
  addKeyed(keyed, 'address', ANCHOR | ADDRESS, ADDRESS, extra);
  // street addresses without a context word, where no other address is (a street address has a
  // house number and a space: a text without either is not read for one)
  if (scan.digit && spaced) streetAddresses(t, (s, e) => addFound(extra, 'address', s, e, 0.8, ADDRESS));
  detectNames(t, scan, anchors, extra);
  addKeyed(keyed, 'name', ANCHOR | ADDRESS | NAME, NAME, extra);
  let all = resolveWith(anchors, extra);
  if (opts?.kinds) {
    const ks = new Set(opts.kinds);
    all = all.filter((f) => ks.has(f.kind));
  }
  const min = opts?.minConfidence ?? 0;
  // candidates carry exactly the public fields, so they are returned as they are
  if (min > 0) all = all.filter((f) => f.confidence >= min);
  if (!norm) return { findings: all };
  if (!norm.starts) return { findings: all, normalized: t, inNormalized: all };
  const starts = norm.starts;
  const ends = norm.ends!;
  remapAddressPrefixes(starts, ends);
  // each finding covers the original characters its first and last units came from, and the
  // hidden characters between them
  const findings = all.map((f) => ({
    kind: f.kind,
    start: starts[f.start]!,
    end: ends[f.end - 1]!,
    confidence: f.confidence,
  }));
  return { findings, normalized: t, inNormalized: all };
}

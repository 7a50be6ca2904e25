// Which numbers a label takes away before anything is resolved: numbers under (or before) the
// key of a thing (订单号, sku=, tracking no), the list such a key heads, amounts and counts, the
// batches, shipment lists and order rows of number-batches.ts, and mobiles allocated in one
// block with them (number-blocks.ts). What is taken away is marked no one's data in the cover,
// so an address or a name does not take it in either.
import type { Kind } from '../schema/index.js';
import { NOT_PERSONAL as $NOT_PERSONAL, covered as $covered, markCover as $markCover } from './cover.js';
import { isDigitCode as $isDigitCode } from './char-flags.js';
import type { Candidate } from './detect-numbers.js';
import { namesPersonalIdentifier as $namesPersonalIdentifier } from './key-words.js';
import { numberBatches as $numberBatches } from './number-batches.js';
import { serialBlocks as $serialBlocks } from './number-blocks.js';
import { roundRanges as $roundRanges } from './number-ranges.js';
import {
  amountOrCount as $amountOrCount,
  labelledAfter as $labelledAfter,
  labelOrKey as $labelOrKey,
  PERSONAL_KEY,
  listGap as $listGap,
  personalKeyAfter as $personalKeyAfter,
  personalKeyBefore as $personalKeyBefore,
} from './number-labels.js';
import { residualLabel as $residualLabel } from './number-residuals.js';
import { referredLabel as $referredLabel } from './number-referred.js';
import { serviceLine as $serviceLine } from './number-service-lines.js';
import { inOrder as $inOrder, sortByStart as $sortByStart } from './resolve-overlaps.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const NOT_PERSONAL = $NOT_PERSONAL;
const covered = $covered;
const markCover = $markCover;
const amountOrCount = $amountOrCount;
const labelledAfter = $labelledAfter;
const labelOrKey = $labelOrKey;
const residualLabel = $residualLabel;
const referredLabel = $referredLabel;
const serviceLine = $serviceLine;
const namesPersonalIdentifier = $namesPersonalIdentifier;
const listGap = $listGap;
const personalKeyAfter = $personalKeyAfter;
const personalKeyBefore = $personalKeyBefore;
const numberBatches = $numberBatches;
const serialBlocks = $serialBlocks;
const roundRanges = $roundRanges;
const inOrder = $inOrder;
const sortByStart = $sortByStart;
const isDigitCode = $isDigitCode;
const PERSONAL_KEYS = { before: $personalKeyBefore, after: $personalKeyAfter };

/** The kinds a label such as 订单号 or sku= can take away (numbers shaped like personal data). */
function isLabelledKind(k: Kind): boolean {
  return k === 'phone' || k === 'landline' || k === 'idNumber' || k === 'bankCard';
}

/**
 * Number candidates less those labelled as orders, SKUs, tracking numbers, amounts ... (by the
 * key right before them, the list such a key heads, or the column they are in), and mobiles
 * allocated in one block with them or with each other (`keyed`: the candidates a key of personal
 * data gave, which stay).
 */
export function dropLabelled(
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
  // where a key or a column of personal data gave a number (手机号 | 状态 over A | 已签收): no label
  // around it takes it away, before it or after it
  const given = keyed.length === 0 ? undefined : keyedStarts(keyed);
  // the pickup codes found: a word inside one (取件码sku0571-8888、A) is part of a code that is
  // masked whole, so it labels nothing (redacting the text again must not find more)
  const codes = pickupSpans(seq);
  for (let i = 0; i < seq.length; i++) {
    const c = seq[i]!;
    if (!isLabelledKind(c.kind) || dropped?.has(c) || given?.has(c.start)) continue;
    // a number inside a found code (the 0571-8888… of locker code is sku0571-8888…) is part of
    // the code: no label takes it, so it starts no list that would take the number after it
    if (codes !== undefined && c.kind !== 'pickupCode' && inSpans(codes, c.start)) continue;
    let from = labelOrKey(t, c.start);
    if (from >= 0 && codes !== undefined && (inSpans(codes, from) || headsCode(t, codes, from, c.start)))
      from = -1;
    // a key of personal data right before it (电话：A) outweighs the weaker readers below
    const keyedHere = from === PERSONAL_KEY;
    if (keyedHere) from = -1;
    else if (from === -1) from = residualLabel(t, c.start, listEnd);
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
    else if (
      c.kind === 'phone' &&
      !keyedHere &&
      (referredLabel(t, c.start, c.end) !== -1 || serviceLine(t, c.start, c.end))
    ) {
      // a number people refer to as a parcel's (number-referred.ts), or an organisation's line
      // (number-service-lines.ts): the evidence is about this number alone, so it heads no list
      // and no address or name is kept out of its words
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
    if (!isLabelledKind(c.kind) || dropped?.has(c) || given?.has(c.start)) continue;
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
  // the two ends of a round numbering range (number-ranges.ts), whatever labels them
  const ranges = roundRanges(t, seq);
  if (ranges !== undefined) {
    markDropped(ranges);
    if (dropped === undefined) dropped = ranges;
    else for (const c of ranges) dropped.add(c);
  }
  return dropped === undefined ? cands : without(cands, dropped);
}

/** The spans of the pickup codes among `seq` (start, end pairs), or undefined where there is none. */
function pickupSpans(seq: readonly Candidate[]): number[] | undefined {
  let out: number[] | undefined;
  for (let i = 0; i < seq.length; i++) {
    const c = seq[i]!;
    if (c.kind !== 'pickupCode') continue;
    if (out === undefined) out = [];
    out.push(c.start, c.end);
  }
  return out;
}

/**
 * Whether the label at `from` is the word a found code was read under (locker code is A、B: a
 * thing's word that is also a pickup-code word): a code starts after it, before `end`, with no
 * digit between the label and the code. Such a label heads the code, not a list after it.
 */
function headsCode(t: string, spans: readonly number[], from: number, end: number): boolean {
  for (let i = 0; i < spans.length; i += 2) {
    const s = spans[i]!;
    if (s <= from || s >= end || s - from > 40) continue;
    let k = from;
    while (k < s && !isDigitCode(t.charCodeAt(k))) k++;
    if (k === s) return true;
  }
  return false;
}

/** Whether `k` is in one of the spans of `spans`. */
function inSpans(spans: readonly number[], k: number): boolean {
  for (let i = 0; i < spans.length; i += 2) if (k >= spans[i]! && k < spans[i + 1]!) return true;
  return false;
}

/** The starts of the keyed candidates of the kinds a label can take away. */
function keyedStarts(keyed: readonly Candidate[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < keyed.length; i++) if (isLabelledKind(keyed[i]!.kind)) out.add(keyed[i]!.start);
  return out;
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

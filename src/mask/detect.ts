// detect(text): every personal-data span found in free text, with UTF-16 offsets. The procedure:
// numbers, then keyed values, then what labels take away (drop-labelled.ts), then addresses and
// names around the numbers kept, then one choice among overlaps (resolve-overlaps.ts).
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
  covered as $covered,
  markCover as $markCover,
  resetCover as $resetCover,
} from './cover.js';
import { detectStructured } from './detect-structured.js';
import { dropLabelled } from './drop-labelled.js';
import type { KeyKind } from './structured-keys.js';
import { type Strength, valueFindings } from './structured-values.js';
import { mobilesInParts } from './mobile-parts.js';
import { normalizeText } from './normalize-text.js';
import { resolveQuick, resolveWith } from './resolve-overlaps.js';
import { scanText } from './scan.js';
import { checkOptions } from '../_internal/options.js';
import { DETECT_OPTIONS } from './option-names.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const ADDRESS = $ADDRESS;
const ANCHOR = $ANCHOR;
const NAME = $NAME;
const NOT_PERSONAL = $NOT_PERSONAL;
const covered = $covered;
const markCover = $markCover;
const resetCover = $resetCover;

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
  strength: Strength;
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
  // a mobile told in parts (138，中间是2604，最后9175), where a word of its parts is in the text
  if (scan.digit) mobilesInParts(t, numbers);
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

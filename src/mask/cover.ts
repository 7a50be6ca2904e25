// Which offsets of the text the findings made so far already cover, one byte per UTF-16 unit.
// The detectors ask "does this span touch a number, an address, a name?" once per candidate;
// scanning the list of findings for that made a text with many findings quadratic, so the
// answer is read here instead, in time proportional to the span. The buffer is reused across
// calls (detection is synchronous and never re-entered) and cleared per text.

/** @internal a structured finding (number, email ...) */
export const ANCHOR = 1;
/** @internal an address candidate (kept or not) */
export const ADDRESS_FOUND = 2;
/** @internal an address kept as a finding */
export const ADDRESS = 4;
/** @internal a name kept as a finding */
export const NAME = 8;
/** @internal kept while overlapping candidates are resolved (cleared again after) */
export const RESOLVED = 16;
/** @internal a table cell whose column holds no personal data (order numbers, amounts ...) */
export const NOT_PERSONAL = 32;

let cover = new Uint8Array(256);
let size = 0;

/** @internal Clears the cover for a text of `n` units (grown, or shrunk after a huge text). */
export function resetCover(n: number): void {
  if (cover.length < n || (cover.length > 4096 && cover.length > 4 * n)) {
    cover = new Uint8Array(Math.max(n, 256));
  } else cover.fill(0, 0, Math.max(n, size));
  size = n;
}

/** @internal Marks t[s, e) with `bit`. */
export function markCover(s: number, e: number, bit: number): void {
  // the buffer as a local: a module-level binding is read through the context on every access
  const c = cover;
  for (let k = s; k < e; k++) c[k]! |= bit;
}

/** @internal Clears `bit` on t[s, e). */
export function clearCover(s: number, e: number, bit: number): void {
  const keep = ~bit;
  const c = cover;
  for (let k = s; k < e; k++) c[k]! &= keep;
}

/** @internal Whether any offset of t[s, e) has one of `bits`. */
export function covered(s: number, e: number, bits: number): boolean {
  const c = cover;
  for (let k = s; k < e; k++) if ((c[k]! & bits) !== 0) return true;
  return false;
}

/** @internal The first offset in [from, to) with one of `bits`, or `to`. */
export function nextCovered(from: number, to: number, bits: number): number {
  const c = cover;
  for (let k = from; k < to; k++) if ((c[k]! & bits) !== 0) return k;
  return to;
}

/** @internal The bits of offset `k` (one read, for loops that look at each offset anyway). */
export function coverAt(k: number): number {
  return cover[k]!;
}

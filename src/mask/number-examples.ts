// An example value given for a named field: forms, help texts and templates show what a field
// holds by an example after its name (order number (e.g. A), 运单号（例如：A）, waybill no., for
// example A). The example stands for a value of that field, so the field's name labels it as a
// key would: a thing's name (order, waybill) makes it no one's, a phone's name (phone number
// (e.g. A)) keeps it a phone. Read back from the gap before the number over one marker word and
// the bracket or comma before it: a few characters, no rescan.
import { gapStart as $gapStart } from './number-gap.js';
import { isSpace as $isSpace, wordBefore as $wordBefore, words } from './number-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const gapStart = $gapStart;
const isSpace = $isSpace;
const wordBefore = $wordBefore;

// the words that introduce an example (the gap reader already took a final dot after a letter:
// "e.g." ends here as "e.g"), longest first; 如 alone only right after a bracket (（如：A）)
const EXAMPLE = words([
  'for example',
  'for instance',
  'such as',
  'example',
  'sample',
  'e.g',
  'eg',
  'ex',
  '例如',
  '比如',
  '譬如',
  '示例',
  '样例',
  '例',
  '如',
]);
// what stands before the marker: an opening bracket, or a comma after the field's name
const BEFORE_MARKER: ReadonlySet<number> = new Set([...'(（[【,，'].map((c) => c.charCodeAt(0)));

/**
 * @internal Where the gap before an example marker starts, when one ends at `q` (the start of the
 * gap before a number): the end of the field's name, for the label reader; else `q` itself.
 */
export function exampleGap(t: string, q: number): number {
  if (q < 3) return q;
  const m = wordBefore(t, q, EXAMPLE);
  if (m === -1) return q;
  let k = m;
  while (k > 0 && m - k < 2 && isSpace(t.charCodeAt(k - 1))) k--;
  if (k === 0 || !BEFORE_MARKER.has(t.charCodeAt(k - 1))) return q;
  // (如 and 例 alone only right after their bracket: 比如 and 例如 are read whole above)
  if (q - m === 1 && (k !== m || t.charCodeAt(k - 1) === 44 || t.charCodeAt(k - 1) === 0xff0c)) return q;
  k--;
  while (k > 0 && m - k < 4 && isSpace(t.charCodeAt(k - 1))) k--;
  return gapStart(t, k);
}

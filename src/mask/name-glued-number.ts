// A number glued to the name before it: a form's name and phone fields pasted without their
// separator (ZHANG WEI13812345678, Li Na13912345678, John Smith4367 Main St). Letters glued to
// digits are otherwise part of one token (a waybill such as SF1234567890, number-bounds.ts); here
// the letters are the last word of two capitalized words that read as a person's name, so the
// digits start a number or a house number of their own. latin-names.ts decides it
// (nameGluedBefore), so the name reader ends the name at the same place and masking the name
// frees no number on a second pass.
import { nameGluedBefore as $nameGluedBefore } from './latin-names.js';

// imports as local bindings, read per character (see detect-number-context.ts)
const nameGluedBefore = $nameGluedBefore;

// a word of a name is at most 24 letters (latin-names.ts)
const MAX_WORD = 24;

/**
 * @internal Whether the ASCII letters t[i, start), right before a number at `start`, are the
 * last word of a Latin name (latin-names.ts, nameGluedBefore).
 */
export function nameGluedAt(t: string, start: number): boolean {
  let i = start;
  while (
    i > 0 &&
    start - i < MAX_WORD &&
    (t.charCodeAt(i - 1) | 32) >= 97 &&
    (t.charCodeAt(i - 1) | 32) <= 122
  )
    i--;
  return i < start && nameGluedBefore(t, i, start);
}

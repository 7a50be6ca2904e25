// Changing a base64url or base64 text for tamper tests. A fixed replacement such as "AA" for the
// last two characters leaves the text as it was whenever it already ends that way (a random
// signature or tag does about once in 256-4096 runs), and the test then fails by chance.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The text with the character at `index` (negative counts from the end) replaced by another
 * character of the base64url alphabet, always a different one. Used on the second-to-last
 * character by default, whose bits are all significant in base64 of any length.
 */
export function alterChar(text: string, index = -2): string {
  const i = index < 0 ? text.length + index : index;
  if (i < 0 || i >= text.length) throw new RangeError('index outside the text');
  const c = text[i]!;
  const k = ALPHABET.indexOf(c);
  // the next character in the alphabet (A→B, _→A); '+' and '/' of base64 are not in it: use 'A'
  const other = k === -1 ? 'A' : ALPHABET[(k + 1) % ALPHABET.length]!;
  return text.slice(0, i) + other + text.slice(i + 1);
}

// Context words matched by hand, as the name and address patterns match them: a pattern
// `(?:w1|w2|...)` followed by an optional tail takes, at an offset, the first word of its list
// that starts there (not the longest), and a tail of optional parts (spaces, a field word, a
// verb, a colon) that always matches takes each part that is present. Reading the words by
// their first character finds that word without running the pattern.
import { isReSpace as $isReSpace, startsAt as $startsAt } from './char-flags.js';

// imports as local bindings: where modules are loaded as CommonJS (tsx from a CommonJS script)
// or by vitest, an imported binding is read through an accessor call
const isReSpace = $isReSpace;
const startsAt = $startsAt;

/** @internal words by their first UTF-16 unit, each list in the order of `words` */
export function wordsByFirst(words: readonly string[]): Map<number, string[]> {
  const by = new Map<number, string[]>();
  for (const w of words) {
    const list = by.get(w.charCodeAt(0));
    if (list) list.push(w);
    else by.set(w.charCodeAt(0), [w]);
  }
  return by;
}

/** @internal the first of `words` that starts at `q` (in list order), or undefined */
export function firstAt(t: string, q: number, words: readonly string[]): string | undefined {
  for (const w of words) if (startsAt(t, q, w)) return w;
  return undefined;
}

/** @internal the end of the first word of the pattern's list that starts at `p`, or -1 */
export function wordEnd(t: string, p: number, by: Map<number, string[]>): number {
  const words = by.get(t.charCodeAt(p));
  const w = words === undefined ? undefined : firstAt(t, p, words);
  return w === undefined ? -1 : p + w.length;
}

/** @internal `q` past the spaces (what `\s*` matches) that start there */
export function spacesFrom(t: string, q: number): number {
  while (q < t.length && isReSpace(t.charCodeAt(q))) q++;
  return q;
}

/** @internal `[:：]?\s*` at `q`: past an optional colon and the spaces after it */
export function colonFrom(t: string, q: number): number {
  const c = t.charCodeAt(q);
  return spacesFrom(t, c === 58 || c === 0xff1a ? q + 1 : q);
}

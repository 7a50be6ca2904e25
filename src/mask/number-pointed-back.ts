// A number said to be a thing's in the clause after it (打到A去了，那是个单号; A — that's the order
// number): a demonstrative and 是 right after the number, then the key of what it is, which the
// caller reads (那是我电话 keeps it a phone). Reads a few characters after one number.
import { isSpace as $isSpace, wordAfter as $wordAfter, words } from './number-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isSpace = $isSpace;
const wordAfter = $wordAfter;

// what may end the clause of the number before the next one begins: a verb's complement
// (打到A去了, 发到A来的) and a particle
const COMPLEMENT: ReadonlySet<number> = new Set([...'去来來了过過的呢啊吧'].map((c) => c.charCodeAt(0)));
const CLAUSE_BREAK: ReadonlySet<number> = new Set([...'，,。.;；—-'].map((c) => c.charCodeAt(0)));
// a demonstrative and 是 that point back at the number (longest first)
const THAT_IS = words([
  '那是一个',
  '那个是',
  '這個是',
  '那個是',
  '这个是',
  '那是个',
  '那是個',
  '这是个',
  '這是個',
  '那是',
  '这是',
  '這是',
  '那就是',
  // an item word after the demonstrative (A 这票是单号不是电话, A，那单是订单号): the key after decides
  '这票是',
  '那票是',
  '這票是',
  '这单是',
  '那单是',
  '這單是',
  '这件是',
  '那件是',
  '这串是',
  '这串数字是',
  '这个号是',
  '那个号是',
  "that's a",
  "that's the",
  "that's an",
  'that is a',
  'that is the',
  'that is an',
  'which is a',
  'which is the',
  'which is an',
  'it is a',
  'it is the',
  "it's a",
  "it's the",
]);
const THAT_FIRST: ReadonlySet<number> = new Set([...'那这這tTwWiI'].map((c) => c.charCodeAt(0)));

/**
 * @internal Where the key starts when the clause after the number that ends at `e` points back at
 * it (A去了，那是个单号; A — that's the order number: the key is at the returned offset), else -1.
 */
export function pointedBackFrom(t: string, e: number): number {
  let p = e;
  for (let n = 0; n < 2 && p < t.length && COMPLEMENT.has(t.charCodeAt(p)); n++) p++;
  let gap = 0;
  while (p < t.length && gap < 3 && (isSpace(t.charCodeAt(p)) || CLAUSE_BREAK.has(t.charCodeAt(p)))) {
    p++;
    gap++;
  }
  // a new clause only: the demonstrative right after the number (A这是…) reads as the lead words do
  if (gap === 0 || !THAT_FIRST.has(t.charCodeAt(p))) return -1;
  const w = wordAfter(t, p, THAT_IS);
  if (w === -1) return -1;
  return w < t.length && isSpace(t.charCodeAt(w)) ? w + 1 : w;
}

// What is said of a number after it: a later clause pointing back up at it (A … 上面那个是单号不是电话;
// the first number before the pointer, with no other long number between), or a denial of what
// it is not and then what it is (A 不是电话，是单号). number-referred.ts weighs these with the other
// ways people refer to a parcel's number. Each check reads a bounded window after one number.
import { isIdeograph as $isIdeograph } from './char-flags.js';
import {
  isDigit as $isDigit,
  isSpace as $isSpace,
  keyKindAt as $keyKindAt,
  wordAfter as $wordAfter,
  words,
} from './number-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigit;
const isSpace = $isSpace;
const keyKindAt = $keyKindAt;
const wordAfter = $wordAfter;

const isCjk = $isIdeograph;
/** @internal What ends a clause for the readers of a number referred to as a parcel's. */
export const CLAUSE_ENDS: ReadonlySet<number> = new Set(
  [...'，,。；;！!？?\n\r：:、'].map((c) => c.charCodeAt(0)),
);

// a later clause pointing back up at a number (上面那个是单号)
const BACK_POINTERS = words([
  '上面那个',
  '上面那個',
  '上面这个',
  '上面這個',
  '上面那串',
  '上面的',
  '上面',
  '上边那个',
  '前面那个',
  '前面那個',
  '刚才那个',
  '剛才那個',
  '刚发的那个',
  '刚发的',
  '上一条',
  '上一條',
  '上条',
]);
/** @internal The first characters of a pointer back up at a number (上面, 前面, 刚才). */
export const POINTER_HEADS: ReadonlySet<number> = new Set([...'上前刚剛'].map((c) => c.charCodeAt(0)));
// what the pointer may name after it: 上面那个号, 上面那串数字
const POINTED = words(['号码', '號碼', '号', '號', '数字', '數字', '单', '單']);
const BELOW_REACH = 100;
const AFFIRM = words(['就是', '都是', '是', '係', '系', '为', '為']);
const DENY = words(['不是', '唔係', '唔系', '並非', '并非', '而不是']);
const RATHER = words(['而是', '是', '係', '系', '只是']);

/**
 * @internal Whether what is said at `p` calls the number a thing that is no one's data: 是单号, or a denial
 * of a personal key and then such a key (不是电话，是单号, 唔係電話，係單號).
 */
export function saysNegative(t: string, p: number): boolean {
  const a = wordAfter(t, p, AFFIRM);
  if (a !== -1) return keyKindAt(t, skipSp(t, a)) === 'negative';
  const d = wordAfter(t, p, DENY);
  if (d === -1) return false;
  const q = skipSp(t, d);
  if (keyKindAt(t, q) !== 'personal') return false;
  // past the denied key to a comma, then what it is
  let k = q;
  while (k < t.length && k - q < 6 && isCjk(t.charCodeAt(k)) && wordAfter(t, k, RATHER) === -1) k++;
  while (
    k < t.length &&
    k - q < 9 &&
    (isSpace(t.charCodeAt(k)) || t.charCodeAt(k) === 0xff0c || t.charCodeAt(k) === 44)
  )
    k++;
  const r = wordAfter(t, k, RATHER);
  return r !== -1 && keyKindAt(t, skipSp(t, r)) === 'negative';
}

/** @internal Past the spaces at `p`. */
export function skipSp(t: string, p: number): number {
  while (p < t.length && isSpace(t.charCodeAt(p))) p++;
  return p;
}

/** @internal Whether the number ending at `e` is denied to be personal right after it (A 不是电话，是单号). */
export function deniedAfter(t: string, e: number): boolean {
  let p = e;
  while (
    p < t.length &&
    p - e < 3 &&
    (isSpace(t.charCodeAt(p)) || t.charCodeAt(p) === 0xff0c || t.charCodeAt(p) === 44)
  )
    p++;
  return wordAfter(t, p, DENY) !== -1 && saysNegative(t, p);
}

/**
 * @internal Whether a clause below the number ending at `e` points back up at it and calls it a thing (上面
 * 那个是单号不是电话), with no other run of seven digits or more between them.
 */
export function pointedFromBelow(t: string, e: number): boolean {
  const end = Math.min(t.length, e + BELOW_REACH);
  let run = 0;
  for (let k = e; k < end; k++) {
    const c = t.charCodeAt(k);
    if (isDigit(c)) {
      if (++run >= 7) return false;
      continue;
    }
    run = 0;
    if (!POINTER_HEADS.has(c) || k === e) continue;
    const b = t.charCodeAt(k - 1);
    if (!(CLAUSE_ENDS.has(b) || isSpace(b) || b === 0x3002)) continue;
    let p = wordAfter(t, k, BACK_POINTERS);
    if (p === -1) continue;
    const named = wordAfter(t, p, POINTED);
    if (named !== -1) p = named;
    if (saysNegative(t, skipSp(t, p))) return true;
  }
  return false;
}

// A number given as the new value of a phone that changed, said in the sentence before it
// (收件人改电话了，新的是 B; 改号为 B; 手机换成 B): a phone, whatever number it resembles. Reads a
// bounded window before one number.
import {
  isDigit as $isDigit,
  isSpace as $isSpace,
  wordBefore as $wordBefore,
  words,
} from './number-words.js';
import { PHONE_WORDS as $PHONE_WORDS } from './number-recipient.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigit;
const isSpace = $isSpace;
const wordBefore = $wordBefore;
const PHONE_WORDS = $PHONE_WORDS;

// what introduces the new value after a change (改电话了，新的是 B; 改号为 B; 换成 B)
const NEW_VALUE = words([
  '新的是',
  '新的',
  '新号码是',
  '新号码',
  '新号是',
  '新号',
  '新號碼',
  '改为',
  '改為',
  '改成',
  '换成',
  '換成',
  '变成',
]);
const CHANGE_REACH = 24;

/**
 * @internal Whether the number at `s` is the new value of a phone that changed, said in the
 * sentence before it (收件人改电话了，新的是 B; 改号为 B; 手机换成 B): a phone, whatever number
 * it resembles.
 */
export function changedPhoneBefore(t: string, s: number): boolean {
  let q = s;
  while (q > 0 && s - q < 2 && (isSpace(t.charCodeAt(q - 1)) || t.charCodeAt(q - 1) === 0xff1a)) q--;
  const w = wordBefore(t, q, NEW_VALUE);
  if (w === -1) return false;
  for (let k = w; k > 0 && w - k < CHANGE_REACH; k--) {
    const c = t.charCodeAt(k - 1);
    if (c === 10 || c === 0x3002 || isDigit(c)) return false;
    if (wordBefore(t, k, PHONE_WORDS) !== -1) return true;
  }
  return false;
}

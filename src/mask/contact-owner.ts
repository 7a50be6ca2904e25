// A bare number word (ref, sn, id, no, code; 编号, 编码, 序号 ...) says only "the number of" what
// owns it: the key right before it in the same label (电话 sn, 联系电话编号) or the key of the object
// it sits in ({"contact":{"ref":…}}, tel.sn). When that owner is a way to reach someone, the number
// is their phone, whatever the number word alone would make of it (a serial, a reference): a
// contact word always wins over a thing's word. Each check reads at most a few characters back.
import { isIdeograph as $isIdeograph } from './char-flags.js';
import { cjkKeyBefore as $cjkKeyBefore } from './chinese-keys.js';
import { numberOfContact as $numberOfContact, ownedNumberWord as $ownedNumberWord } from './key-words.js';

// imports as local bindings (see structured-keys.ts)
const cjkKeyBefore = $cjkKeyBefore;
const numberOfContact = $numberOfContact;
const ownedNumberWord = $ownedNumberWord;
const isCjkCode = $isIdeograph;

// the Chinese number words that are keys of non-personal numbers on their own (chinese-keys.ts)
const CJK_NUMBER_WORDS: ReadonlySet<string> = new Set(
  '编号 编码 序号 代码 序列号 序列码 編號 編碼 序號 代碼 序列號 序列碼'.split(' '),
);
// a contact written as a word rather than a known key (联系 sn, 联系人编号)
const CJK_CONTACT = ['联系', '聯繫', '聯系'];

function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 || c === 45;
}

/** Start of the Chinese contact key (电话, 手机, 联系人, 联系 ...) that ends at `end`, or -1. */
function cjkContactEndingAt(t: string, end: number): number {
  if (end <= 0 || !isCjkCode(t.charCodeAt(end - 1))) return -1;
  const key = cjkKeyBefore(t, end, Math.max(0, end - 8));
  if (key?.kind === 'phone') return key.start;
  const from = key === undefined ? Math.max(0, end - 2) : key.start;
  // at most 8 characters: the key's own
  for (let i = from; i <= end - 2; i++) {
    for (const w of CJK_CONTACT) if (t.startsWith(w, i)) return key === undefined ? i : key.start;
  }
  return -1;
}

/** `k`, or `k - 1` when one space ends there (电话 sn). */
function overSpace(t: string, k: number): number {
  return k > 1 && t.charCodeAt(k - 1) === 32 ? k - 1 : k;
}

/**
 * @internal Start of the contact key that owns the bare number word t[s, e), written right
 * before it (联系电话编号, 电话 sn, 手机ID, 联系人 ref), or -1. A Latin word before it in the same
 * label is read by the key reader itself (phone ref).
 */
export function contactOwnerBefore(t: string, s: number, e: number): number {
  return bareNumberWord(t, s, e) === undefined ? -1 : cjkContactEndingAt(t, overSpace(t, s));
}

/** The bare number word t[s, e) (a Chinese one as it is written), or undefined. */
function bareNumberWord(t: string, s: number, e: number): string | undefined {
  if (!isCjkCode(t.charCodeAt(s))) return ownedNumberWord(t, s, e);
  const w = e - s <= 3 ? t.slice(s, e) : '';
  return CJK_NUMBER_WORDS.has(w) ? w : undefined;
}

/**
 * @internal Whether the key t[s, e) is a bare number word whose parent key, ending at
 * `parentEnd` ({"contact":{"ref":…}}, tel.sn, {"电话":{"sn":…}}, {"receiver":{"no":…}}), makes it
 * a phone: a contact key, or a party with its "number" (numberOfContact).
 */
export function contactParent(t: string, s: number, e: number, parentEnd: number): boolean {
  if (parentEnd <= 0) return false;
  const w = bareNumberWord(t, s, e);
  if (w === undefined) return false;
  if (isCjkCode(t.charCodeAt(parentEnd - 1))) return cjkContactEndingAt(t, parentEnd) !== -1;
  let p = parentEnd;
  while (p > 0 && parentEnd - p < 40 && isKeyChar(t.charCodeAt(p - 1))) p--;
  return p < parentEnd && numberOfContact(t, p, parentEnd, w);
}

/**
 * @internal Whether the key `key` of an object under the key `owner` (a parsed JSON value:
 * {"contact":{"ref":…}}) is a bare number word that owner makes a phone's (see contactParent).
 */
export function contactOwnsKey(owner: string, key: string): boolean {
  if (owner.length > 64 || key.length > 64) return false;
  const t = `${owner}.${key.trim()}`;
  return contactParent(t, owner.length + 1, t.length, owner.length);
}

// What people write beside the numbers of a contact list, as evidence for the block rule
// (number-blocks.ts). A family's or a company's consecutive SIM numbers are written one per line
// or side by side with a note saying whose each one is or when to use it: a person (张先生,
// 老王, 妈, 阿姨, 前台, Mom), a place one is reached at (家, 公司, home, office), a time (白天,
// 晚上) or its standing among the others (备用, 常用, 新号/旧号, backup, alternate, primary);
// or under a line that names people or phones (收件人：赵敏, 联系人, then one number per line).
// Serials carry other notes: a state (已发), a place in a warehouse (A-3-07, 格口3), a count.
// Each check reads a few characters beside the number, a line of at most LINE_READ above or
// below it, or KEY_READ characters of the key before it.
import { isIdeograph as $isIdeograph } from './char-flags.js';
import { chineseNameEnd as $chineseNameEnd, honorificAt as $honorificAt } from './name-shape.js';
import { latinNameEnd as $latinNameEnd } from './latin-names.js';
import { PERSONAL_HEADING, SHIPMENT_HEADING } from './shipment-lists.js';
import { OWNERS } from './number-after.js';
import { keyWords as $keyWords, personalIdWord as $personalIdWord } from './key-words.js';
import {
  CONTACT_WORDS,
  NOT_CALLS,
  isDigit as $isDigit,
  isLetter as $isLetter,
  wordAfter as $wordAfter,
  wordBefore as $wordBefore,
  words,
} from './number-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const honorificAt = $honorificAt;
const isCjk = $isIdeograph;
const chineseNameEnd = $chineseNameEnd;
const latinNameEnd = $latinNameEnd;
const isDigit = $isDigit;
const isLetter = $isLetter;
const wordAfter = $wordAfter;
const wordBefore = $wordBefore;
const keyWords = $keyWords;
const personalIdWord = $personalIdWord;

/**
 * @internal Notes of a contact list: people by kin or role, places and times one is reached at,
 * and a number's standing among a person's numbers (longest first where one begins another).
 */
export const CONTACT_NOTES = words([
  // kin and household
  '外婆',
  '外公',
  '婆婆',
  '公公',
  '岳母',
  '岳父',
  '奶奶',
  '爷爷',
  '姥姥',
  '姥爷',
  '叔叔',
  '阿姨',
  '舅舅',
  '姑姑',
  '闺女',
  '孩子',
  '家属',
  '家里',
  '宅电',
  '妈',
  '爸',
  '哥',
  '姐',
  '弟',
  '妹',
  '家',
  // people around a delivery and at work
  '邻居',
  '隔壁',
  '室友',
  '同学',
  '保安',
  '门卫',
  '前台',
  '物业',
  '保姆',
  '老板',
  '店长',
  '店主',
  '经理',
  '主管',
  '老师',
  '助理',
  '秘书',
  '客服',
  '公司',
  '单位',
  '办公室',
  '宿舍',
  '自己',
  // a number's standing among a person's numbers
  '不常用',
  '常用',
  '备用',
  '备选',
  '另一个',
  '新号',
  '旧号',
  '原号',
  '换号',
  '新',
  '旧',
  '白天',
  '晚上',
  '夜间',
  '工作日',
  '周末',
  '短信',
  '微信',
  'whatsapp',
  'wechat',
  'sms',
  'backup',
  'alternate',
  'alt',
  'secondary',
  'primary',
  'spare',
  'personal',
  'private',
  'home',
  'office',
  'work',
  'cell',
  'new',
  'old',
  'daytime',
  'evening',
]);

// titles written after a surname (张总, 李经理, 王工, 刘师傅)
const TITLES = words(['经理', '老师', '师傅', '主任', '老板', '总', '工', '姐', '哥']);

// what stands between a number and its note: spaces, a tab, a slash, a dash, a comma, a cell's
// '|', a colon, an opening bracket
const NOTE_GAP: ReadonlySet<number> = new Set([...' \t\u3000/-—,，、|:：(（[【'].map((c) => c.charCodeAt(0)));
// how many such characters
const GAP_READ = 3;
// how much of a Latin note is read for a word for people (wife, Mom, my husband)
const LATIN_READ = 16;

/** Whether the note after the number that ends at `e` says whose it is or when to use it. */
export function noteAfter(t: string, e: number): boolean {
  let p = e;
  while (p < t.length && p - e < GAP_READ && NOTE_GAP.has(t.charCodeAt(p))) p++;
  if (p >= t.length) return false;
  const c = t.charCodeAt(p);
  const w = wordAfter(t, p, CONTACT_NOTES);
  // (a single ideograph only standing alone: 新 and 家 begin 新疆 and 家具; a word with a key's
  // separator is the key of the next value: A 微信：B, A backup=B)
  if (w !== -1)
    return (w - p > 1 || !isCjk(c) || !isCjk(t.charCodeAt(w))) && !keySepAt(t, w) && !keyGoesOn(t, w);
  if (isCjk(c)) {
    // 张先生, 王女士 (a compound surname too), 张总, 老王, 小李, or a name standing alone
    if (honorificAt(t, p + 1) || honorificAt(t, p + 2)) return true;
    const title = wordAfter(t, p + 1, TITLES);
    if (title !== -1 && !isCjk(t.charCodeAt(title))) return true;
    if (familiar(t, p) && !isCjk(t.charCodeAt(p + 2))) return true;
    const end = chineseNameEnd(t, p, true);
    return end !== -1 && !isCjk(t.charCodeAt(end)) && !keySepAt(t, end);
  }
  if (!isLetter(c)) return false;
  // a Latin name of two words at least (Li Lei; not the A of a shelf slot A-3-07)
  const name = latinNameEnd(t, p);
  return (name >= 0 && t.lastIndexOf(' ', name - 1) > p && !keySepAt(t, name)) || latinPeople(t, p);
}

/** Whether the note before the number that starts at `s` says whose it is or when to use it. */
export function noteBefore(t: string, s: number): boolean {
  let q = s;
  while (q > 0 && s - q < GAP_READ && NOTE_GAP.has(t.charCodeAt(q - 1))) q--;
  if (q === 0) return false;
  const w = wordBefore(t, q, CONTACT_NOTES);
  // (a single ideograph only standing alone: 新 and 家 end 更新 and 商家)
  if (w !== -1 && (q - w > 1 || !isCjk(t.charCodeAt(w)) || w === 0 || !isCjk(t.charCodeAt(w - 1))))
    return true;
  // 老王 A, 小李|A
  if (q >= 2 && familiar(t, q - 2) && (q === 2 || !isCjk(t.charCodeAt(q - 3)))) return true;
  // Mom/A, my wife|A: a Latin word for people ending right there
  let a = q;
  while (a > 0 && q - a < LATIN_READ && (isLetter(t.charCodeAt(a - 1)) || t.charCodeAt(a - 1) === 32)) a--;
  return a < q && isLetter(t.charCodeAt(q - 1)) && PERSONAL_HEADING.test(t.slice(a, q));
}

/** Whether t[p, p + 2) calls someone familiarly by their surname: 老王, 小李. */
function familiar(t: string, p: number): boolean {
  const c = t.charCodeAt(p);
  return (c === 0x8001 || c === 0x5c0f) && isCjk(t.charCodeAt(p + 1));
}

/** Whether the Latin words at `p` (up to LATIN_READ characters, to a digit or a line) name people. */
function latinPeople(t: string, p: number): boolean {
  let b = p;
  while (b < t.length && b - p < LATIN_READ) {
    const c = t.charCodeAt(b);
    if (c === 10 || isDigit(c)) break;
    // the key of the next value (A tel=B): not this number's note
    if (KEY_SEP.has(c)) return false;
    b++;
  }
  return PERSONAL_HEADING.test(t.slice(p, b));
}

// what follows a key
const KEY_SEP: ReadonlySet<number> = new Set([...'=:："'].map((c) => c.charCodeAt(0)));

/** Whether a key's name goes on at `k` (sms_sent, home2, office.tel): the word is a key's part. */
function keyGoesOn(t: string, k: number): boolean {
  const c = t.charCodeAt(k);
  return c === 95 || c === 46 || isDigit(c);
}

/** Whether a key's separator stands at `k` (after at most one space). */
function keySepAt(t: string, k: number): boolean {
  if (t.charCodeAt(k) === 32) k++;
  return KEY_SEP.has(t.charCodeAt(k));
}

// how long a line above a list is read
const LINE_READ = 48;

/**
 * Whether the number at `s` starts its line under a line that names people or phones (收件人：赵敏,
 * 联系人, 张三, Contacts): the list that follows is theirs.
 */
export function personalLineAbove(t: string, s: number): boolean {
  let q = s;
  while (q > 0 && (t.charCodeAt(q - 1) === 32 || t.charCodeAt(q - 1) === 9)) q--;
  if (q === 0 || t.charCodeAt(q - 1) !== 10) return false;
  const b = q - 1;
  let a = b;
  while (a > 0 && b - a < LINE_READ && t.charCodeAt(a - 1) !== 10) a--;
  if (a === b || (a > 0 && t.charCodeAt(a - 1) !== 10)) return false;
  for (let k = a; k < b; k++) if (isDigit(t.charCodeAt(k))) return false;
  if (PERSONAL_HEADING.test(t.slice(a, b))) return true;
  // a name alone on its line (张三, 张先生)
  let end = chineseNameEnd(t, a, true);
  if (end === -1 && isCjk(t.charCodeAt(a)) && (honorificAt(t, a + 1) || honorificAt(t, a + 2)))
    end = honorificAt(t, a + 1) ? a + 3 : a + 4;
  return end !== -1 && (end === b || (end === b - 1 && t.charCodeAt(end) === 13));
}

/**
 * Whether the number that ends at `e` ends its line over a line that speaks of the numbers above
 * it as people's or phones (这俩都是我的, 请任意拨打, both are mine): the list above is theirs. A
 * line that names shipments (以上是我的快递单号) does not.
 */
export function personalLineBelow(t: string, e: number): boolean {
  let a = e;
  while (a < t.length && (t.charCodeAt(a) === 32 || t.charCodeAt(a) === 9 || t.charCodeAt(a) === 13)) a++;
  if (a >= t.length || t.charCodeAt(a) !== 10) return false;
  a++;
  let b = a;
  while (b < t.length && b - a < LINE_READ && t.charCodeAt(b) !== 10) {
    if (isDigit(t.charCodeAt(b))) return false;
    b++;
  }
  if (b === a || (b < t.length && t.charCodeAt(b) !== 10)) return false;
  const line = t.slice(a, b);
  if (SHIPMENT_HEADING.test(line)) return false;
  if (PERSONAL_HEADING.test(line)) return true;
  for (let k = a + 1; k <= b; k++) {
    // (打 of 打印, 打单 and 打包 is printing and packing, not calling; 我, 他 alone end other words)
    if (wordBefore(t, k, CONTACT_WORDS) !== -1 && !NOT_CALLS.has(t.charCodeAt(k))) return true;
    const w = wordBefore(t, k, OWNERS);
    if (w !== -1 && k - w >= 2) return true;
  }
  return false;
}

// how far back a key is read
const KEY_READ = 24;

/**
 * Whether the key right before the value at `s` names a personal identifier (wechat=A, "wx":"A",
 * alipay: A, qq_2=A): a phone-shaped WeChat, QQ or Alipay account is the person's phone.
 */
export function personalIdKeyBefore(t: string, s: number): boolean {
  let q = s;
  if (q > 0 && (t.charCodeAt(q - 1) === 34 || t.charCodeAt(q - 1) === 39)) q--;
  while (q > 0 && s - q < 3 && t.charCodeAt(q - 1) === 32) q--;
  const sep = t.charCodeAt(q - 1);
  if (!(sep === 61 || sep === 58 || sep === 0xff1a)) return false;
  q--;
  if (q > 0 && (t.charCodeAt(q - 1) === 34 || t.charCodeAt(q - 1) === 39)) q--;
  let a = q;
  while (a > 0 && q - a < KEY_READ) {
    const c = t.charCodeAt(a - 1);
    if (!(isLetter(c) || isDigit(c) || c === 95 || c === 45 || c === 46)) break;
    a--;
  }
  if (a === q) return false;
  const { words: ws } = keyWords(t, a, q);
  for (let i = 0; i < ws.length; i++) if (personalIdWord(ws[i]!)) return true;
  return false;
}

// The shape of a Chinese personal name in free text, without its context: where a name that
// starts at a given offset ends (known surname, one or two given-name characters, not a common
// word or the start of a place name), and the stop words and honorifics around names (the word
// lists are in name-stop-words.ts; a Latin-script name's shape is latin-names.ts's
// latinNameEnd). Used by detect-names.ts.
import {
  COMPOUND_FIRST as $COMPOUND_FIRST,
  FLAGS as $FLAGS,
  HONORIFIC_FIRST as $HONORIFIC_FIRST,
  NAME_DOT as $NAME_DOT,
  NAME_STOP as $NAME_STOP,
  NAME_STOP_WORD_FIRST as $NAME_STOP_WORD_FIRST,
  SEP as $SEP,
  SURNAME as $SURNAME,
  mark as $mark,
  markFirst as $markFirst,
  isIdeograph as $isIdeograph,
  startsAt as $startsAt,
} from './char-flags.js';
import { matchDivisions as $matchDivisions, mayStartDivision as $mayStartDivision } from './divisions.js';
import { NOT_NAMES as $NOT_NAMES, STOP_WORDS as $STOP_WORDS } from './name-stop-words.js';
import { COMPOUND_SURNAMES, SINGLE_SURNAMES } from './surnames.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const COMPOUND_FIRST = $COMPOUND_FIRST;
const FLAGS = $FLAGS;
const isCjk = $isIdeograph;
const HONORIFIC_FIRST = $HONORIFIC_FIRST;
const NAME_DOT = $NAME_DOT;
const NAME_STOP = $NAME_STOP;
const NAME_STOP_WORD_FIRST = $NAME_STOP_WORD_FIRST;
const SEP = $SEP;
const SURNAME = $SURNAME;
const mark = $mark;
const markFirst = $markFirst;
const startsAt = $startsAt;
const matchDivisions = $matchDivisions;
const mayStartDivision = $mayStartDivision;
const NOT_NAMES = $NOT_NAMES;
const STOP_WORDS = $STOP_WORDS;

mark(NAME_STOP, [
  '的了在是已说請请把给給与與或您你他她我将將要会會能这這那到送取寄收打電电号號路街市省区區县縣镇鎮乡鄉村楼樓栋棟室店等去放吗嗎呢吧啊呀哦嗯也就还還又再被让讓跟对對从從往而且因为所以如果没有不很太最更非常经總总哥姐叔爷妈爸称稱',
  // the second halves of courier and shop words that begin with a surname (单件, 单据, 付费,
  // 全额, 车次, 包码, 冷链, 花呗 ...): characters no given name is written with
  '件单單款费費额額价價票码碼据據税稅袋链鏈泡呗唄赔賠购購次量细細控牌队隊巢过過个個线線仓倉',
]);
// 阿依古丽·买买提, 扎西·多吉: parts joined by a middle dot
const DOT_NAME = /[\u4e00-\u9fff]{1,6}[·•・‧][\u4e00-\u9fff]{1,8}(?:[·•・‧][\u4e00-\u9fff]{1,8})?/y;
mark(NAME_DOT, ['·•・‧']);
// the honorifics (先生 女士 小姐 师傅 師傅), all two characters long, as pair keys
const HONORIFICS_2 = ['先生', '女士', '小姐', '师傅', '師傅'];
const HONORIFIC_KEYS = new Set(HONORIFICS_2.map((h) => pairKey(h.charCodeAt(0), h.charCodeAt(1))));
markFirst(HONORIFIC_FIRST, HONORIFICS_2);
// Words that are not names alone but begin given names (单子 the slip, 单子涵 a name): refused
// only as the whole two-character candidate.
const NOT_NAME_EXACT = new Set(['单子', '單子'].map((w) => pairKey(w.charCodeAt(0), w.charCodeAt(1))));
// A name is not followed by these (it was the start of a place or shop name); no word is longer
// than two characters, so matching in place is the same as matching the next two characters.
const PLACE_AFTER_WORDS =
  '路|街|道|巷|弄|店|号|號|市|区|區|县|縣|镇|鎮|村|庄|莊|楼|樓|大厦|大廈|广场|廣場|小区|小區|公司|超市|银行|銀行|中心|大学|大學|学院|醫院|医院|酒店|饭店|饭馆|餐厅|站|港|湾|灣|桥|橋|门|門|园|園|城|府|山|湖|江|河|井|里|坊|苑|厂|廠|场|場'.split(
    '|',
  );
const PLACE_AFTER = new RegExp(`(?:${PLACE_AFTER_WORDS.join('|')})`, 'y');
const PLACE_AFTER_FIRST = new Set(PLACE_AFTER_WORDS.map((w) => w.charCodeAt(0)));

/**
 * Two UTF-16 units as one number: a key for sets of two-character words, built without slicing
 * (an int32, so a small integer for the Set rather than a boxed double).
 */
function pairKey(c1: number, c2: number): number {
  return (c1 << 16) | c2;
}

// stop words by their first character, so a position is checked against a handful at most
const STOP_BY_FIRST = new Map<number, string[]>();
for (const w of STOP_WORDS) {
  const list = STOP_BY_FIRST.get(w.charCodeAt(0));
  if (list) list.push(w);
  else STOP_BY_FIRST.set(w.charCodeAt(0), [w]);
}
markFirst(NAME_STOP_WORD_FIRST, STOP_WORDS);

/** @internal whether a stop word (先生, 电话, 明天 ...) starts at `j` */
export function stopWordAt(t: string, j: number): boolean {
  if (j >= t.length || (FLAGS[t.charCodeAt(j)]! & NAME_STOP_WORD_FIRST) === 0) return false;
  for (const w of STOP_BY_FIRST.get(t.charCodeAt(j))!) if (startsAt(t, j, w)) return true;
  return false;
}

/** @internal whether a stop character or a stop word is at `j` (a name does not run over it) */
export function stopAt(t: string, j: number): boolean {
  return (j < t.length && (FLAGS[t.charCodeAt(j)]! & NAME_STOP) !== 0) || stopWordAt(t, j);
}

/** @internal whether an honorific (先生, 女士 ...) starts at `j` */
export function honorificAt(t: string, j: number): boolean {
  if (j < 0 || j + 1 >= t.length) return false;
  const c = t.charCodeAt(j);
  return (FLAGS[c]! & HONORIFIC_FIRST) !== 0 && HONORIFIC_KEYS.has(pairKey(c, t.charCodeAt(j + 1)));
}

// compound surnames as pair keys; single surnames as a class bit
const COMPOUND_KEYS = new Set<number>();
for (const s of COMPOUND_SURNAMES) COMPOUND_KEYS.add(pairKey(s.charCodeAt(0), s.charCodeAt(1)));
markFirst(COMPOUND_FIRST, COMPOUND_SURNAMES);
mark(SURNAME, SINGLE_SURNAMES);

/** @internal length of the known surname at `i` (2 for a compound surname), or 0 */
export function surnameLenAt(t: string, i: number): number {
  if (i >= t.length) return 0;
  const c = t.charCodeAt(i);
  const f = FLAGS[c]!;
  if ((f & COMPOUND_FIRST) !== 0 && i + 1 < t.length && COMPOUND_KEYS.has(pairKey(c, t.charCodeAt(i + 1))))
    return 2;
  return (f & SURNAME) !== 0 ? 1 : 0;
}

// NOT_NAMES by length: two-character words as pair keys, longer ones behind their first pair
const NOT_NAME_PAIRS = new Set<number>();
const NOT_NAME_LONG_HEADS = new Set<number>();
for (const w of NOT_NAMES) {
  const k = pairKey(w.charCodeAt(0), w.charCodeAt(1));
  if (w.length === 2) NOT_NAME_PAIRS.add(k);
  else NOT_NAME_LONG_HEADS.add(k);
}

/** Whether some prefix (two characters or more) of t[i, j) is a word that is not a name. */
function notNamePrefix(t: string, i: number, j: number): boolean {
  if (j - i < 2) return false;
  const k = pairKey(t.charCodeAt(i), t.charCodeAt(i + 1));
  if (NOT_NAME_PAIRS.has(k)) return true;
  if (!NOT_NAME_LONG_HEADS.has(k)) return false;
  for (let e = i + 3; e <= j; e++) if (NOT_NAMES.has(t.slice(i, e))) return true;
  return false;
}

// A label that ends in 号 or 码 (单号, 包号, 车号, 房号, 楼号, 房间号, 门牌号; 单码, 包码) typed with
// a homophone of its last character (单好, 包吗, 房间好): the surname-led heads of such labels,
// and the homophones that are not written in given names (号 and 码 are stop characters).
const LABEL_HEADS = new Set('单 單 包 车 車 房 位 楼 樓 门 門 房间 房間 门牌 門牌 车牌 車牌'.split(' '));
const HAO_MA_TYPOS = new Set([...'好耗毫嚎吗嗎嘛妈媽蚂螞'].map((c) => c.charCodeAt(0)));

/**
 * @internal Whether t[i, j) is the head of a number label and a homophone of 号 or 码 (单好,
 * 单吗, 房间好), whatever follows it: the number detectors read 运单好 A as a labelled waybill.
 */
export function mistypedLabel(t: string, i: number, j: number): boolean {
  return i >= 0 && HAO_MA_TYPOS.has(t.charCodeAt(j - 1)) && LABEL_HEADS.has(t.slice(i, j - 1));
}

/**
 * Whether t[i, j) (two or three characters) is a mistyped number label (单好 for 单号, 房间好 for
 * 房间号) and a number follows it: after at most three separators (spaces, a colon, `|` ...),
 * a digit.
 */
function labelTypoAt(t: string, i: number, j: number): boolean {
  if (!mistypedLabel(t, i, j)) return false;
  let q = j;
  const cap = Math.min(t.length, q + 3);
  while (q < cap && (FLAGS[t.charCodeAt(q)]! & SEP) !== 0) q++;
  const d = t.charCodeAt(q);
  return d >= 48 && d <= 57;
}

/** Whether a dotted name can start at `i`: a middle dot after one to six CJK characters. */
function mayBeDotName(t: string, i: number): boolean {
  let q = i;
  while (q < t.length && q - i < 7) {
    const c = t.charCodeAt(q);
    if (c < 0x4e00 || c > 0x9fff) break;
    q++;
  }
  return q > i && q - i <= 6 && q < t.length && (FLAGS[t.charCodeAt(q)]! & NAME_DOT) !== 0;
}

/**
 * End of a Chinese name starting at `i`, or -1. `strict`: the surname must be known.
 * @internal
 */
export function chineseNameEnd(t: string, i: number, strict: boolean): number {
  if (i >= t.length || !isCjk(t.charCodeAt(i))) return -1;
  if (mayBeDotName(t, i)) {
    const d = dotNameEnd(t, i);
    if (d !== -1) return d;
  }
  let sl = surnameLenAt(t, i);
  // a known surname may also be a function word (向, 于, 和); only stop words reject it
  if (sl === 0 ? stopAt(t, i) : stopWordAt(t, i)) return -1;
  if (sl === 0) {
    if (strict) return -1;
    sl = 1;
  }
  let j = i + sl;
  let given = 0;
  while (j < t.length && given < 2 && isCjk(t.charCodeAt(j)) && !stopAt(t, j)) {
    j++;
    given++;
  }
  if (given === 0) return -1;
  // 栋 is a building's word and a given name's (林国栋, 李家棟): a last given character when the
  // run ends right after it (a field's or the text's end, a space, punctuation, an honorific)
  if (
    given === 1 &&
    isBuildingGiven(t.charCodeAt(j)) &&
    (j + 1 >= t.length || !isCjk(t.charCodeAt(j + 1)) || honorificAt(t, j + 1))
  ) {
    j++;
    given++;
  }
  // a department or a team (客服部, 运营组) is no name; before 长 the name is two characters
  // (李明组长, 王芳部长)
  if (given === 2 && isUnitLast(t.charCodeAt(j - 1))) {
    const n = t.charCodeAt(j);
    if (n !== 0x957f && n !== 0x9577) return -1;
    j--;
    given--;
  }
  // a name glued before a division name does not take its first character (张三北京市 gives 张三)
  if (given === 2 && mayStartDivision(t, j - 1) && matchDivisions(t, j - 1) !== undefined) j--;
  // a third given character only when the text clearly ends the name there
  if (notNamePrefix(t, i, j)) return -1;
  if (labelTypoAt(t, i, j)) return -1;
  if (j - i === 2 && NOT_NAME_EXACT.has(pairKey(t.charCodeAt(i), t.charCodeAt(i + 1)))) return -1;
  if (j < t.length && PLACE_AFTER_FIRST.has(t.charCodeAt(j)) && placeAfter(t, j)) return -1;
  return j;
}

/** 部 组 組: the last character of a department's or a team's name (客服部, 运营组). */
function isUnitLast(c: number): boolean {
  return c === 0x90e8 || c === 0x7ec4 || c === 0x7d44;
}

/** 栋 棟: stop characters (3栋, 5棟) that given names are also written with. */
function isBuildingGiven(c: number): boolean {
  return c === 0x680b || c === 0x68df;
}

/** End of the dotted name (a transliterated one) DOT_NAME matches at `i`, or -1. */
function dotNameEnd(t: string, i: number): number {
  DOT_NAME.lastIndex = i;
  const dm = DOT_NAME.exec(t);
  return dm ? i + dm[0].length : -1;
}

// a place's character before 长 / 長 is the head of that place, a person's post after the name
// (周建站长, 王丽店长, 李强厂长, 陈刚楼长): the name ends there, no place goes on
const HEAD_OF = new Set([...'站店厂廠场場园園村镇鎮县縣市区區楼樓'].map((c) => c.charCodeAt(0)));

/** Whether PLACE_AFTER matches at `j` (the run goes on as a place word), not a post (站长). */
function placeAfter(t: string, j: number): boolean {
  const n = t.charCodeAt(j + 1);
  if ((n === 0x957f || n === 0x9577) && HEAD_OF.has(t.charCodeAt(j))) return false;
  if (t.charCodeAt(j) === 0x5e97 && t.charCodeAt(j + 1) === 0x4e3b) return false; // 店主
  PLACE_AFTER.lastIndex = j;
  return PLACE_AFTER.test(t);
}

/**
 * @internal End of a three-character name at `i` whose first two characters are a common word
 * (孔子墨, 安心怡, 高新民), or -1: for a strong context only (快递员孔子墨电话, 收件人：安心怡，),
 * where {@link chineseNameEnd} refuses it for that word. The name must end at punctuation, a
 * space, a digit, the end, an honorific or a stop word (not a stop character such as 取 or 到,
 * which would make a clause of it: 周末来取). `framed`: the caller's frame closes the name
 * (跟马上飞说), so what follows is not looked at.
 */
export function wordLedNameEnd(t: string, i: number, framed = false): number {
  const j = i + 3;
  if (j > t.length || surnameLenAt(t, i) !== 1) return -1;
  if (!NOT_NAME_PAIRS.has(pairKey(t.charCodeAt(i), t.charCodeAt(i + 1)))) return -1;
  const c = t.charCodeAt(i + 2);
  if (!isCjk(c) || stopAt(t, i + 1) || stopAt(t, i + 2) || NOT_NAMES.has(t.slice(i, j))) return -1;
  // (nor a department or a team: 安保部, 程序组)
  if (isUnitLast(c)) return -1;
  if (framed || j === t.length || !isCjk(t.charCodeAt(j)) || honorificAt(t, j) || stopWordAt(t, j)) return j;
  return -1;
}

/** @internal Length of an honorific ending at `end` (not before `from`), or 0. */
export function honorificBefore(t: string, from: number, end: number): number {
  return end - from >= 2 && honorificAt(t, end - 2) ? 2 : 0;
}

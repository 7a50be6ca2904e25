// How people point at a parcel by its number when no key says "waybill":
// - by where it sits or what kind of item it is, then 的 and a word for the item itself
//   (这个位置的件 A, 货架上的包裹 A, 冰柜里的货 A, 今天到的件 A, 冷链的件 A): a station, a
//   warehouse or a doorstep holds parcels, not people, so the number right after names the item;
//   快递 is left out (楼下的快递 A is the courier downstairs, and A his phone), and so is anyone's
//   parcel (他的件, 张三的件: a person's parcel may be followed by that person's phone);
// - by pointing at it with a demonstrative and a word for an item or a lot (这票 A, 那件 A,
//   这单 A, 这箱货 A), or by its shelf position (2-4-117的件 A); or as the item word opening a
//   clause with what is done with the item after the number (件 A 放冰柜了, 包裹 A 是易碎品);
// - by saying so in the next clause (打到A去了，那是个单号; A — that's the order number): a
//   demonstrative and 是 right after the number, then the key of what it is (那是我电话 keeps it).
// A call or a contact word right after the number (…的件 A 打不通, A，打这个) keeps it a phone.
// Each check reads a dozen characters before or after one number.
import {
  isSpace as $isSpace,
  personalSoonAfter as $personalSoonAfter,
  wordAfter as $wordAfter,
  wordBefore as $wordBefore,
  words,
  endOfNumber as $endOfNumber,
} from './number-words.js';
import type { keyEndingAt } from './structured-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isSpace = $isSpace;
const endOfNumber = $endOfNumber;
const personalSoonAfter = $personalSoonAfter;
const wordAfter = $wordAfter;
const wordBefore = $wordBefore;

type Key = ReturnType<typeof keyEndingAt>;

// the item itself, as stations, warehouses and customers say it (not 快递: see the file comment)
const ITEMS = words([
  '快件',
  '快遞件',
  '包裹',
  '件儿',
  '件',
  '货',
  '貨',
  '单子',
  '單子',
  '单',
  '單',
  '票',
  '箱子',
  '箱',
]);

// where an item sits (in a station, a warehouse, a locker, at a door) or when and how it came;
// none of them is a person
const ITEM_PLACES = words([
  '位置',
  '货位',
  '貨位',
  '库位',
  '庫位',
  '架上',
  '架子上',
  '货架',
  '货架上',
  '貨架上',
  '层架上',
  '格口',
  '格子里',
  '柜里',
  '櫃裡',
  '柜子里',
  '柜上',
  '冰柜',
  '冰柜里',
  '冷柜里',
  '冷库',
  '冷库里',
  '快递柜里',
  '丰巢里',
  '库里',
  '仓里',
  '仓库里',
  '倉庫裡',
  '站里',
  '驿站里',
  '驛站裡',
  '店里',
  '车上',
  '车里',
  '门口',
  '門口',
  '地上',
  '角落',
  '角落里',
  '这边',
  '那边',
  '這邊',
  '那邊',
  '这里',
  '那里',
  '這裡',
  '那裡',
  '这儿',
  '那儿',
  '上面',
  '下面',
  '上层',
  '下层',
  '左边',
  '右边',
  '今天',
  '昨天',
  '前天',
  '今早',
  '上午',
  '下午',
  '晚上',
  '刚到',
  '剛到',
  '新到',
  '刚才',
  '剩下',
  '多出来',
  '这批',
  '那批',
  '冷链',
  '冷鏈',
  '生鲜',
  '易碎',
  '破损',
  '破損',
  '超重',
  '到付',
  '加急',
  '退回',
  '退回来',
  '拒收',
  '滞留',
  '无主',
  '錯分',
  '错分',
]);

const DE = 0x7684; // 的
const IS: ReadonlySet<number> = new Set([...'是为為係'].map((c) => c.charCodeAt(0)));

/**
 * @internal The item pointed at by where it sits or what it is (这个位置的件, 货架上的包裹) that ends
 * at `q`, the start of the gap before the number at `s`, or undefined; not when a call or contact
 * word follows the number (see the file comment).
 */
export function placedItemKey(t: string, q: number, s: number): Key {
  // most numbers have no item word before them: one look at the last character
  const item = wordBefore(t, q, ITEMS);
  if (item === -1) return undefined;
  // only right before the number: 这个件是 A 寄的 says who sent it (number-clauses.ts reads the 是)
  for (let k = q; k < s; k++) if (IS.has(t.charCodeAt(k))) return undefined;
  let from = -1;
  if (t.charCodeAt(item - 1) === DE) {
    from = item >= 2 ? wordBefore(t, item - 1, ITEM_PLACES) : -1;
    if (from === -1) from = shelfCodeBefore(t, item - 1);
  } else from = pointerBefore(t, item);
  const e = endOfNumber(t, s);
  // the item word opening its clause and what is done with the item after the number (件 A 放冰柜了)
  if (from === -1 && clauseStart(t, item) && handledAfter(t, e)) from = item;
  if (from === -1 || personalSoonAfter(t, e, 10)) return undefined;
  return { kind: 'negative', start: from };
}

/** Whether the word at `k` opens its clause (the text's start, punctuation, a space or a digit before it). */
function clauseStart(t: string, k: number): boolean {
  if (k === 0) return true;
  const c = t.charCodeAt(k - 1);
  return !(c >= 0x3400 && c <= 0x9fff) && !(c >= 65 && c <= 90) && !(c >= 97 && c <= 122);
}

// what is done with an item in a station or a warehouse, or what it is, right after its number
// (件 A 放冰柜了, 包裹 A 是易碎品, 货 A 压坏了): said of goods, not of a person or a phone
const HANDLED = words([
  '放冰柜',
  '放冷柜',
  '放冷库',
  '放货架',
  '放架子',
  '放柜子',
  '放柜里',
  '放库里',
  '放仓库',
  '入柜',
  '入库了',
  '上架了',
  '已上架',
  '是冷链',
  '是生鲜',
  '是易碎',
  '易碎',
  '破损',
  '破损了',
  '压坏',
  '拿错',
  '放错',
  '漏扫',
  '错分',
  '超重',
  '要退回',
  '要拦截',
]);

/** Whether a handling or a kind of item follows the number that ends at `e` (after a space). */
function handledAfter(t: string, e: number): boolean {
  let p = e;
  while (p < t.length && p - e < 2 && isSpace(t.charCodeAt(p))) p++;
  return wordAfter(t, p, HANDLED) !== -1;
}

// what points at one item or one lot right before its word (这票, 那件, 这单, 这箱货, 这批货, 这一票)
const POINTERS = words([
  '这个',
  '那个',
  '這個',
  '那個',
  '这一',
  '那一',
  '這一',
  '这批',
  '那批',
  '這批',
  '这箱',
  '那箱',
  '這箱',
  '这票',
  '那票',
  '這票',
  '这',
  '那',
  '這',
  '呢',
  '嗰',
]);

// what may stand right before the pointer: the speaker or the reader, a request to look it up
// (not 他那件, 张三那件: someone's item, which their phone may follow)
const POINTER_LEADS = words([
  '我们',
  '你们',
  '您',
  '我',
  '你',
  '查一下',
  '查下',
  '查',
  '看下',
  '看看',
  '问下',
  '还有',
  '帮我看看',
  '就是',
]);

/** Start of the pointer right before the item word at `item` (这票, 那件, 这箱货), or -1. */
function pointerBefore(t: string, item: number): number {
  const p = wordBefore(t, item, POINTERS);
  if (p === -1 || p === 0) return p;
  const c = t.charCodeAt(p - 1);
  return !(c >= 0x3400 && c <= 0x9fff) || wordBefore(t, p, POINTER_LEADS) !== -1 ? p : -1;
}

/**
 * Start of a shelf or locker position right before the 的 at `de` (2-4-117的件, A-3-12的包裹):
 * parts of at most four capitals or digits joined by dashes, at most eight digits in all (not a
 * phone in groups: 130-4621-2343的包裹 is that phone's owner's parcel); else -1.
 */
function shelfCodeBefore(t: string, de: number): number {
  let k = de;
  let dashes = 0;
  let digits = 0;
  let part = 0;
  while (k > 0 && de - k < 12) {
    const c = t.charCodeAt(k - 1);
    if (c === 45) {
      dashes++;
      part = 0;
    } else if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) {
      if (c <= 57) digits++;
      // a position's parts are short (2-4-117, A-03-12); a phone written in groups is no position
      if (++part > 4 || digits > 8) return -1;
    } else break;
    k--;
  }
  if (dashes === 0 || k === de || (k > 0 && isDigitOrUpper(t.charCodeAt(k - 1)))) return -1;
  const c = t.charCodeAt(k);
  return c === 45 || t.charCodeAt(de - 1) === 45 ? -1 : k;
}

function isDigitOrUpper(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

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

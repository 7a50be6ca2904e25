// How people point at a parcel by its number when no key says "waybill":
// - by where it sits or what kind of item it is, then 的 and a word for the item itself
//   (这个位置的件 A, 货架上的包裹 A, 冰柜里的货 A, 今天到的件 A, 冷链的件 A): a station, a
//   warehouse or a doorstep holds parcels, not people, so the number right after names the item;
//   快递 is left out (楼下的快递 A is the courier downstairs, and A his phone), and so is anyone's
//   parcel (他的件, 张三的件: a person's parcel may be followed by that person's phone);
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
} from './number-words.js';
import type { keyEndingAt } from './structured-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isSpace = $isSpace;
const personalSoonAfter = $personalSoonAfter;
const wordAfter = $wordAfter;
const wordBefore = $wordBefore;

type Key = ReturnType<typeof keyEndingAt>;

// the item itself, as stations, warehouses and customers say it (not 快递: see the file comment)
const ITEMS = words(['快件', '快遞件', '包裹', '件儿', '件', '货', '貨', '单子', '單子', '票', '箱子', '箱']);

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

/**
 * @internal The item pointed at by where it sits or what it is (这个位置的件, 货架上的包裹) that ends
 * at `q`, the start of the gap before the number at `s`, or undefined; not when a call or contact
 * word follows the number (see the file comment).
 */
export function placedItemKey(t: string, q: number, s: number): Key {
  // most numbers have no item word before them: one look at the last character
  const item = wordBefore(t, q, ITEMS);
  if (item < 2 || t.charCodeAt(item - 1) !== DE) return undefined;
  const place = wordBefore(t, item - 1, ITEM_PLACES);
  if (place === -1 || personalSoonAfter(t, numberEnd(t, s), 10)) return undefined;
  return { kind: 'negative', start: place };
}

/** End of the number (digits, single spaces and dashes) that starts at `s`. */
function numberEnd(t: string, s: number): number {
  let e = s;
  while (e < t.length && e - s < 24) {
    const c = t.charCodeAt(e);
    if (c >= 48 && c <= 57) e++;
    else if (
      (c === 32 || c === 45) &&
      e + 1 < t.length &&
      t.charCodeAt(e + 1) >= 48 &&
      t.charCodeAt(e + 1) <= 57
    )
      e++;
    else break;
  }
  return e;
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

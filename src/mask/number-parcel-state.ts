// What is said of a number can tell a parcel from a person: a phone number does not "get stuck
// in transit", "show as signed for" or "have no update" (A 到哪了, A 一直没更新, A 显示已签收, A 被退回,
// A 卡在…, A 还没揽收, A was delivered, A is stuck in transit, A has not moved), nor is it refunded,
// paid for or cancelled as an order is (A退款什么时候到, A 发货了吗, A was cancelled). Such a state
// right after a mobile-shaped number makes it a waybill, when nothing before it ties the number
// to someone: only a clause start, a list separator or a query word (查一下, 我的, 这个, where
// is ...) stands right before it, and no personal key or contact word (电话, 快递员, 打, call ...)
// comes earlier in its sentence. Each check reads a few dozen characters around one number.
import {
  CARRIERS,
  isDigit as $isDigit,
  isLetter as $isLetter,
  isSpace as $isSpace,
  skipSpaces as $skipSpaces,
  wordAfter as $wordAfter,
  wordBefore as $wordBefore,
  personalEndingAt as $personalEndingAt,
  SENTENCE_END,
  words,
} from './number-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigit;
const isLetter = $isLetter;
const isSpace = $isSpace;
const skipSpaces = $skipSpaces;
const wordAfter = $wordAfter;
const wordBefore = $wordBefore;
const personalEndingAt = $personalEndingAt;

// what may come before the state itself: where it is read, adverbs of time and persistence
const STATE_LEADS = words([
  '物流信息',
  '物流状态',
  '物流',
  '状态',
  '显示',
  '一直',
  '还是',
  '还',
  '已经',
  '怎么',
  '为什么',
  '咋',
  '至今',
  '到现在',
  '到现在还',
  '今天',
  '明天',
  '是不是',
  '好像',
  '可能',
  '这个件',
  '这几个',
  '这两个',
  '这个',
  '这些',
  'still',
]);
// the states of a parcel in transit (not 到了, 丢了, 异常, 查不到: a person or a phone can be those;
// shipment-lists.ts's STATES, a list line's whole remainder, may hold them)
const STATES = words([
  '到哪了',
  '到哪里了',
  '到哪儿了',
  '到哪里',
  '到哪',
  '在哪了',
  '没到',
  '没有到',
  '没更新',
  '没有更新',
  '不更新',
  '没动',
  '没有动',
  '不动',
  '已签收',
  '已经签收',
  '签收了',
  '被签收',
  '被退回',
  '已退回',
  '退回了',
  '被退件',
  '派错',
  '送错',
  '丢件',
  '卡在',
  '卡住',
  '滞留',
  '停在',
  '没揽收',
  '未揽收',
  '已揽收',
  '揽收',
  '揽收了',
  '派送中',
  '在派送',
  '已派送',
  '运输中',
  '在运输',
  '在途中',
  '已发货',
  '没发货',
  '未发货',
  '已发出',
  '已发',
  '发出去',
  '能发出',
  '退回',
  '被拒收',
  '已拒收',
  '没物流',
  '没有物流',
  '无物流',
  'was delivered',
  'were delivered',
  'has been delivered',
  'have been delivered',
  'shows delivered',
  'shows as delivered',
  'says delivered',
  'is stuck',
  'are stuck',
  'has been stuck',
  'got stuck',
  'is in transit',
  'is still in transit',
  'are still in transit',
  'is still stuck',
  'are in transit',
  'shows in transit',
  'has not moved',
  "hasn't moved",
  'have not moved',
  "haven't moved",
  'has not been delivered',
  "hasn't been delivered",
  'has not arrived',
  "hasn't arrived",
  'have not arrived',
  "haven't arrived",
  'was returned',
  'were returned',
  'has been returned',
  'is out for delivery',
  'has not been picked up',
  "hasn't been picked up",
  'has not updated',
  "hasn't updated",
  'has no tracking',
  'has no updates',
  'is delayed',
  'are delayed',
  // what a scanner, a sorter, a warehouse or a station records of an item (A 已装车, A 已入柜, A was
  // scanned): a person is called or texted, not sorted, loaded or put in a locker
  '已扫描',
  '已分拣',
  '已装车',
  '已卸车',
  '已装袋',
  '已集包',
  '已建包',
  '已拆包',
  '已到件',
  '已称重',
  '已上架',
  '已下架',
  '已入库',
  '已入柜',
  '已存柜',
  '已投柜',
  '已中转',
  '已妥投',
  '已投递',
  '已打单',
  'was scanned',
  'were scanned',
  'was sorted',
  'were sorted',
  'was inducted',
  'was loaded',
  'were loaded',
  'was unloaded',
  'was weighed',
  'was manifested',
  'was dispatched',
  'has been dispatched',
  'has shipped',
  'have shipped',
  // the event a scanner logs after the item (A SCANNED OK, A loaded to truck 7); not delivered,
  // received, sent or rejected, which a message gateway logs after a phone
  'scanned',
  'rescanned',
  'sorted',
  'inducted',
  'loaded',
  'unloaded',
  'weighed',
  'manifested',
  'diverted',
  'missorted',
  'relabelled',
  'relabeled',
  'repacked',
  'stowed',
  'consolidated',
  'is ready for pickup',
  'is ready for collection',
  'is ready to collect',
  // an order's states: a phone is not refunded, paid for or cancelled (A退款什么时候到, A 发货了吗)
  '退款',
  '已退款',
  '发货了',
  '取消了',
  '已取消',
  '被取消',
  '付款了',
  '已付款',
  '申请售后',
  '售后',
  'has been refunded',
  'was refunded',
  'was cancelled',
  'was canceled',
  'has been cancelled',
  'has been canceled',
  'has been shipped',
  'was shipped',
  'has not shipped',
  "hasn't shipped",
  '没退款',
  '未退款',
  '申请退款',
  '退货',
  '已退货',
  '待发货',
  '待付款',
  '交易关闭',
  '已拦截',
  '拦截',
  '能拦截',
  '补发',
  '已补发',
  '已出库',
  '待揽收',
  '待取件',
  // arrived where the receiver collects it (超商取貨 A 已到店, A 已入柜)
  '已到店',
  '已到站',
  '已到驿站',
  '已到驛站',
  '已入柜',
  '已入櫃',
  '已到柜',
  '已上架',
  'has not been refunded',
  "hasn't been refunded",
  'is not refunded',
]);

/** @internal End of the parcel state that starts at `p` (一直没更新, 显示已签收, still in transit), or -1. */
export function parcelStateEnd(t: string, p: number): number {
  for (let n = 0; n < 2; n++) {
    const lead = wordAfter(t, p, STATE_LEADS);
    if (lead === -1) break;
    p = skipSpaces(t, lead, 1);
  }
  const e = wordAfter(t, p, STATES);
  // and a closing particle (已签收了, 到哪了呢)
  return e !== -1 && PARTICLES.has(t.charCodeAt(e)) ? e + 1 : e;
}
const PARTICLES: ReadonlySet<number> = new Set([...'了啦呢吗嘛'].map((c) => c.charCodeAt(0)));

// what may stand right before a parcel's number: a clause start, a list separator, a query word
const SUBJECT_PUNCT: ReadonlySet<number> = new Set(
  [...'，。；！？、,;!?:：\n\r"\'“”‘’「」【】()（）[]/&和跟及与或'].map((c) => c.charCodeAt(0)),
);
const SUBJECT_WORDS = words([
  '帮我查一下',
  '帮忙查一下',
  '帮我查',
  '查一下',
  '查询',
  '查下',
  '查',
  '一下',
  '请问',
  '老板',
  '客服',
  '您好',
  '你好',
  '在吗',
  '麻烦',
  '亲',
  '问下',
  '看下',
  '看看',
  '我的',
  '你们的',
  '这个',
  '那个',
  '包裹',
  '快递',
  '快件',
  '件',
  '取货',
  '取貨',
  '超商取貨',
  '店到店',
  '还有',
  '但是',
  '但',
  '可是',
  '不过',
  '是',
  '的',
  'my',
  'our',
  'the',
  'and',
  'or',
  'both',
  'why',
  'but',
  'while',
  'parcel',
  'package',
  'shipment',
]);
const LOOK_BACK = 24;

// the first characters of a carrier, a lead word or a state
const STATE_HEADS: ReadonlySet<number> = new Set([
  ...CARRIERS.first.keys(),
  ...STATE_LEADS.first.keys(),
  ...STATES.first.keys(),
]);

/**
 * @internal Whether a parcel state follows the number t[s, e) (perhaps after a carrier name: A 顺丰
 * 已签收) and nothing before it ties the number to someone (see the file comment).
 */
export function parcelStateAfter(t: string, s: number, e: number): boolean {
  let p = skipSpaces(t, e, 2);
  // A，一直没更新
  if (t.charCodeAt(p) === 0xff0c || t.charCodeAt(p) === 44) p = skipSpaces(t, p + 1, 1);
  // most numbers have nothing of the kind after them: one look at the next character
  const c = t.charCodeAt(p);
  if (!STATE_HEADS.has(isLetter(c) ? c | 32 : c)) return false;
  // A 顺丰 已签收, A 顺丰的 好像丢件了
  const carrier = wordAfter(t, p, CARRIERS);
  if (carrier !== -1) p = skipSpaces(t, t.charCodeAt(carrier) === 0x7684 ? carrier + 1 : carrier, 1);
  if (parcelStateEnd(t, p) === -1) return false;
  return parcelSubject(t, s);
}

/** Whether the number at `s` reads as a parcel's: see parcelStateAfter. */
function parcelSubject(t: string, s: number): boolean {
  let p = s;
  while (p > 0 && s - p < 2 && isSpace(t.charCodeAt(p - 1))) p--;
  // a list written with spaces (A B C 这几个…): what stands before its first item
  while (p < s && p > 0 && s - p < LOOK_BACK && isDigit(t.charCodeAt(p - 1))) {
    const q = p;
    while (p > 0 && q - p < 24 && (isDigit(t.charCodeAt(p - 1)) || t.charCodeAt(p - 1) === 45)) p--;
    const item = p;
    while (p > 0 && item - p < 2 && isSpace(t.charCodeAt(p - 1))) p--;
    if (p === item) break;
  }
  if (p > 0 && !SUBJECT_PUNCT.has(t.charCodeAt(p - 1)) && wordBefore(t, p, SUBJECT_WORDS) === -1) {
    // a carrier's parcel (顺丰 A, 顺丰的 A)
    const e = t.charCodeAt(p - 1) === 0x7684 ? p - 1 : p; // 的
    if (wordBefore(t, e, CARRIERS) === -1) return false;
  }
  // no personal key and no contact word earlier in the sentence
  for (let k = p; k > 0 && s - k < LOOK_BACK && !SENTENCE_END.has(t.charCodeAt(k - 1)); k--) {
    if (isLetter(t.charCodeAt(k)) && isLetter(t.charCodeAt(k - 1))) continue; // inside a Latin word
    if (personalEndingAt(t, k)) return false;
  }
  return true;
}

// Names in delivery notifications, where no label says "name": the person who did a step (已由付洋
// 揽收), the name that opens a message after the sender's bracket (【社区团购】汤佳怡，您的...), a
// parcel's owner (殷丹的快递), and names next to 您好 / 你好. The scan lists the markers (由 被 】 的
// 您 你) with the context words, so these passes only look where one stands.
import { isIdeograph as $isIdeograph } from './char-flags.js';
import { chineseNameEnd as $chineseNameEnd } from './name-shape.js';
import { nameLeftOf as $nameLeftOf, nameRightOf as $nameRightOf } from './record-line-names.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import { givenNameLikely as $givenNameLikely, lookalike as $lookalike } from './given-names.js';
import type { Candidate } from './detect-numbers.js';
import type { Scan } from './scan.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const chineseNameEnd = $chineseNameEnd;
const isCjk = $isIdeograph;
const nameLeftOf = $nameLeftOf;
const nameRightOf = $nameRightOf;
const pushName = $pushName;
const taken = $taken;
const givenNameLikely = $givenNameLikely;
const lookalike = $lookalike;

// the steps of a delivery someone does (已由付洋揽收, 已被石晶签收, 由配送员柯波配送)
const AGENT_VERBS = [
  '揽收',
  '攬收',
  '签收',
  '簽收',
  '代收',
  '代签',
  '取走',
  '领取',
  '領取',
  '配送',
  '派送',
  '收取',
];

/** Whether one of `words` starts at `j`. */
function oneOfAt(t: string, j: number, words: readonly string[]): boolean {
  for (const w of words) if (t.startsWith(w, j)) return true;
  return false;
}

/**
 * The person a notification says did a step: 由 / 被 + name + 揽收, 签收, 配送 ... (您的退货已由付洋
 * 揽收, 快件已被石晶签收). Each 由 and 被 is looked at once, a name's length ahead.
 */
export function agentAt(t: string, at: number, out: Candidate[]): void {
  const s = at + 1;
  const e = chineseNameEnd(t, s, true);
  if (e === -1 || e - s < 2 || !oneOfAt(t, e, AGENT_VERBS)) return;
  if (!taken(s, e)) pushName(out, s, e, 0.8);
}

/**
 * A name that opens a notification after the sender's bracket: 【社区团购】汤佳怡，您的商品 ... (the
 * name, a comma or colon, then 您 or 你, or the parcel, order or return the notification is about:
 * 【退货提醒】曾国强，退货单…).
 */
export function openerAt(t: string, at: number, out: Candidate[]): void {
  const s = at + 1;
  const e = chineseNameEnd(t, s, true);
  if (e === -1 || e - s < 2) return;
  const sep = t.charCodeAt(e);
  if (sep !== 0xff0c && sep !== 44 && sep !== 0xff1a && sep !== 58 && sep !== 32) return;
  const you = t.charCodeAt(e + 1);
  // 您 你, or what the notification is about (曾国强，退货单…已揽收; 汤佳怡，订单…已发货)
  if (you !== 0x60a8 && you !== 0x4f60 && !oneOfAt(t, e + 1, NOTICE_SUBJECTS)) return;
  if (!taken(s, e)) pushName(out, s, e, 0.8);
}

// what a courier's or a shop's notification is about, right after the reader's name and a comma
const NOTICE_SUBJECTS = [
  '退货',
  '退貨',
  '退款',
  '换货',
  '換貨',
  '售后',
  '售後',
  '订单',
  '訂單',
  '运单',
  '運單',
  '快递',
  '快遞',
  '快件',
  '包裹',
  '商品',
  '取件码',
  '取件碼',
  '提货码',
  '物流',
  '预约',
  '預約',
];

// what a person's parcel is called (殷丹的快递到了, 柯俊熙先生的包裹)
const PARCEL_WORDS = ['快递', '快遞', '包裹', '快件'];
// a takeaway, far more often named by its shop (海底捞的外卖, 杨国福的外卖) than a parcel is
const TAKEAWAY_WORDS = ['外卖', '外賣'];

/** Whether t[s, e) is no brand, shop, place or word that reads like a name (李宁的快递, 周大福的包裹). */
function notLookalike(t: string, s: number, _sl: number, e: number): boolean {
  return !lookalike(t, s, e);
}

/**
 * A name before 的快递 / 的包裹 (read like a name before a phone number); before 的外卖 only a
 * run that reads as a name by its own characters (given-names.ts).
 */
export function possessiveAt(t: string, at: number, out: Candidate[]): void {
  if (at === 0 || !isCjk(t.charCodeAt(at - 1))) return;
  if (oneOfAt(t, at + 1, PARCEL_WORDS)) nameLeftOf(t, at, out, notLookalike);
  else if (oneOfAt(t, at + 1, TAKEAWAY_WORDS)) nameLeftOf(t, at, out, givenNameLikely);
}

/**
 * Names next to a greeting in a notification: before 您好 / 你好 (【顺丰速运】张三您好，...),
 * or right after it (您好，张伟，您的包裹 ...).
 */
export function greetings(t: string, sc: Scan, out: Candidate[]): void {
  // every 您好 in text order, then every 你好 (found where the scan listed 您 and 你)
  greetingsWith(t, sc, 0x60a8, out);
  greetingsWith(t, sc, 0x4f60, out);
}

/** Names next to each `you` + 好 the scan listed. */
function greetingsWith(t: string, sc: Scan, you: number, out: Candidate[]): void {
  for (let k = 0; k < sc.nameCtx.n; k++) {
    const at = sc.nameCtx.buf[k]!;
    if (t.charCodeAt(at) !== you || t.charCodeAt(at + 1) !== 0x597d) continue;
    nameLeftOf(t, at, out);
    nameRightOf(t, at + 2, out);
  }
}

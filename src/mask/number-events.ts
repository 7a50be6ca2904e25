// What acts on a number in free-form machine text, English mail and notifications can tell a
// parcel from a person, where no key labels it:
// - an operation on parcels right before the number governs it as its object: scanners,
//   sorters, warehouse and station systems log the event then the item (`SCAN A OK`,
//   `inducted A`, `loaded A`); people are called, texted or contacted, never scanned, sorted or
//   loaded (the Chinese verbs, 分拣 A, 正在派送A, 上架A, are number-handled.ts's);
// - an English commerce or logistics noun right before the number names what it numbers (`the
//   claim A`, `refund A`, `your parcel A`, `ASN: A`, `carton #A`), as does any noun before `ID`
//   (`watermark id A`, `Customer ID A`) unless it names a login or a way to reach someone
//   (user, account, member, WeChat, phone ...): many platforms log people in by their mobile;
// - an after-sales case in a notification: `退换货申请A`, `售后申请A` (the case a customer
//   filed), and a bare 退款/售后/理赔 before a number only when a progress word follows it
//   (`退款A已原路退回`): `退款13812345678` alone may name the account refunded to.
// A person verb (call, text, contact, 联系, 致电, 打给) or a role word right before the number is
// not in these lists, and the caller keeps a phone when a personal label follows the number.
// Each check reads a few words back from the number and one word after it.
import {
  endOfNumber as $endOfNumber,
  isDigit as $isDigit,
  isLetter as $isLetter,
  isSpace as $isSpace,
  skipSpaces as $skipSpaces,
  wordAfter as $wordAfter,
  wordBefore as $wordBefore,
  words,
} from './number-words.js';
import { NUMBER_OF } from './key-words.js';
import { callsBack as $callsBack } from './number-after.js';
import { keyEndingAt as $keyEndingAt } from './structured-keys.js';
import { PERSONAL_HEADING } from './shipment-lists.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isDigit = $isDigit;
const endOfNumber = $endOfNumber;
const isLetter = $isLetter;
const isSpace = $isSpace;
const skipSpaces = $skipSpaces;
const wordAfter = $wordAfter;
const wordBefore = $wordBefore;
const keyEndingAt = $keyEndingAt;
const callsBack = $callsBack;

/** A word list written as one string, words separated by white space. */
function ws(list: string): ReturnType<typeof words> {
  return words(list.trim().split(/\s+/));
}

// operations on parcels and items as scanners, sorters, WMS/TMS and station systems log them
// (verb, past form, event code); not send/notify/sms/verify/bind, which act on a phone, nor
// cancel/pickup/delivery, which also head a person's contact (Pickup: A)
const OPERATIONS = ws(
  `scan scans scanned rescan rescanned sort sorted resort induct inducted load loaded unload
   unloaded arrive arrived arrival depart departed departure dispatch dispatched pick picked pack
   packed repack repacked ship shipped receive received receiving return returned dup duplicate
   reject rejected weigh weighed reweigh print printed reprint reprinted label labelled labeled
   relabel stow stowed putaway consolidate consolidated intercept intercepted hold held deliver
   delivered inbound outbound manifested exception divert diverted misrouted missorted collected
   stored voided sign signed`,
);

// English nouns of commerce and logistics documents, cases and handling units that number
// themselves (the claim A, refund A, your parcel A, ASN: A, carton A, tote A; the handling
// units of WMS and air freight: trolley, crate, skid, ULD); the documents of trade and
// transport (invoice, document, a bill of lading written B/L, HBL, MBL, OBL, a shipping order
// S/O and a delivery order D/O, a packing list and a pick list, an air waybill,
// a voyage, a flight, a trip of a TMS); the devices of IoT and metering logs and their
// identities (device, gateway, sensor, meter, tracker, beacon, IMEI, IMSI, MEID, ICCID: a
// device numbers itself, and its data SIM is no one's phone); prize and promotion codes. Not
// SIM, handset or line, which may be a person's own number. A bank transfer's UTR (unique
// transaction reference) too.
const NOUNS = ws(
  `claim refund rma ticket complaint dispute incident parcel package shipment consignment carton
   pallet tote cage container piece wave transaction payment receipt voucher coupon asn bol locker
   cabinet chute seal span trace serial lpn sscc gtin grn chargeback payout settlement remittance
   txn declaration trolley crate skid uld manifest sequence seq aftersale after-sale after-sales
   invoice document doc b/l hbl mbl obl s/o d/o hawb mawb voyage flight trip packing list pick list
   device gateway sensor meter tracker beacon imei imsi meid iccid
   redemption lottery raffle draw promo material utr`,
);
// nouns that number something only with a number word or '#' after them (in case A ..., a bag
// for A, booking A may be the phone the booking was made with; a work order WO#, an LTL
// freight PRO number, a customs entry number, a discount code, a card slip's approval code)
const WEAK_NOUNS = ws(
  `case request job task lot bag tag bin slot route booking reservation policy contract record
   event session quote quotation statement wo pro entry discount approval`,
);
// handling units among them that open a sentence as its subject, capitalized, with their number
// after them (Bag A arrived without seal, Job A done): a heading naming the unit, not a booking
// or a case someone may have filed with their phone
const UNITS = ws('bag bin lot tag slot route trip job task tote');
// what ends the sentence before such a subject
const SUBJECT_AFTER: ReadonlySet<number> = new Set([...'\n\r.!?;:。！？；：'].map((c) => c.charCodeAt(0)));
// what says "the number of" after such a noun (ID is read by itself below)
const NUMBER_WORDS = words(NUMBER_OF);
// what an ID is no evidence against: a login or a way to reach someone, which many platforms
// make the mobile itself (user id, member ID, WeChat ID, caller id)
const LOGINS = ws(
  `user username account acct login member wechat weixin wx qq alipay whatsapp telegram line skype
   apple caller contact emergency phone mobile cell tel sim taobao tmall douyin tiktok weibo
   dingtalk signal viber zalo kakao facebook google icloud paypal venmo zelle wallet profile`,
);

// after-sales cases a customer files, in notifications (退换货申请A, 售后申请A)
const CASES = ws(
  `退换货申请 退货申请 换货申请 退款申请 售后申请 理赔申请 补发申请 开票申请 售后服务单 售后工单`,
);
// a bare case word: a case only when a progress word follows its number (退款A已原路退回)
const BARE_CASES = words(['退款', '售后', '理赔', '赔付', '退货', '换货', '投诉', '申诉', '报修']);
const PROGRESS = words(['已经', '已', '正在', '将于', '将', '尚未', '未', '待', '审核', '处理中']);

type Key = { kind: 'negative'; start: number };

/** Start of the Latin word (letters only) that ends at `e`, or `e`. */
function latinStart(t: string, e: number): number {
  let k = e;
  while (k > 0 && e - k < 24 && isLetter(t.charCodeAt(k - 1))) k--;
  return k;
}

/**
 * @internal The operation, noun or case that governs the number at `s` from right before it
 * (`q`: where the gap before the number starts; see the file comment), or undefined.
 */
export function eventKey(t: string, q: number, s: number): Key | undefined {
  if (q === 0) return undefined;
  const c = t.charCodeAt(q - 1);
  if (isLetter(c)) return latinEventKey(t, q, s);
  if (c < 0x3400 || c > 0x9fff) return undefined;
  // the Chinese verbs of handling parcels are read by number-handled.ts, with its guards (已派送 A,
  // 扫描 A 张三 keep the phone)
  const filed = wordBefore(t, q, CASES);
  if (filed !== -1) return { kind: 'negative', start: filed };
  const bare = wordBefore(t, q, BARE_CASES);
  if (bare !== -1 && progressAfter(t, s)) return { kind: 'negative', start: bare };
  return undefined;
}

/** The Latin operation or noun (perhaps with a number word: claim no., carton #) ending at `q`. */
function latinEventKey(t: string, q: number, s: number): Key | undefined {
  const op = wordBefore(t, q, OPERATIONS);
  if (op !== -1) return { kind: 'negative', start: op };
  const noun = wordBefore(t, q, NOUNS);
  if (noun !== -1 && !ownedDevice(t, noun)) return { kind: 'negative', start: noun };
  // '#' right before the number (carton #A, case # A) counts as a number word
  let hash = false;
  for (let k = q; k < s && !hash; k++) hash = t.charCodeAt(k) === 35 || t.charCodeAt(k) === 0xff03;
  if (hash) {
    const weak = wordBefore(t, q, WEAK_NOUNS);
    if (weak !== -1) return { kind: 'negative', start: weak };
  }
  // a record's word before it and a state of the record settled after it (your pickup request A
  // is confirmed, case A closed): people and phones are not confirmed or cancelled
  const record = wordBefore(t, q, SETTLED_RECORDS);
  if (record !== -1 && settledAfter(t, s)) return { kind: 'negative', start: record };
  const unit = wordBefore(t, q, UNITS);
  if (unit !== -1 && subjectAt(t, unit)) return { kind: 'negative', start: unit };
  // a case quoted as the reference of a message: its word heads a clause and its number ends
  // it (…; case A., Re: request A, (job A)), not "in case A" nor a call after it
  const ref = wordBefore(t, q, CLAUSE_REFS);
  if (ref !== -1 && clauseHeadAt(t, ref) && clauseEndsAt(t, endOfNumber(t, s)))
    return { kind: 'negative', start: ref };
  // a carrier's booking in a freight instruction (vessel, container, cut-off, ship via …)
  const booking = wordBefore(t, q, BOOKINGS);
  if (booking !== -1 && freightBefore(t, booking)) return { kind: 'negative', start: booking };
  const num = wordBefore(t, q, NUMBER_WORDS);
  if (num === -1) return undefined;
  let e = num;
  while (e > 0 && num - e < 2 && (isSpace(t.charCodeAt(e - 1)) || t.charCodeAt(e - 1) === 95)) e--;
  if (e === num && e > 0 && isLetter(t.charCodeAt(e - 1))) return undefined; // inside a word
  const thing = wordBefore(t, e, NOUNS) === -1 ? wordBefore(t, e, WEAK_NOUNS) : wordBefore(t, e, NOUNS);
  if (thing !== -1) return { kind: 'negative', start: thing };
  // any other noun before ID: the id of a thing, or of a person's record, not their phone
  if (!latinWordIs(t, num, q, 'id')) return undefined;
  const w = latinStart(t, e);
  if (w === e || wordBefore(t, e, LOGINS) !== -1) return undefined;
  const key = keyEndingAt(t, e);
  if (key !== undefined && key.kind !== 'negative') return undefined;
  return { kind: 'negative', start: w };
}

// the devices among the nouns, and who may own one: someone's device is often their handset
// (my device 1381..., your device: the number may be its line), a device of a log is not
const DEVICES = ws('device gateway sensor meter tracker beacon imei imsi meid iccid');
const OWNERS = ws('my your his her our their');

/** Whether the noun at `w` is a device after a possessive (my device A). */
function ownedDevice(t: string, w: number): boolean {
  if (wordAfter(t, w, DEVICES) === -1) return false;
  let k = w;
  while (k > 0 && w - k < 2 && isSpace(t.charCodeAt(k - 1))) k--;
  return k < w && wordBefore(t, k, OWNERS) !== -1;
}

/** Whether the Latin word at `w` is capitalized and opens the text, a line or a sentence. */
function subjectAt(t: string, w: number): boolean {
  const c = t.charCodeAt(w);
  if (c < 65 || c > 90) return false;
  let k = w;
  while (k > 0 && w - k < 2 && isSpace(t.charCodeAt(k - 1))) k--;
  return k === 0 || SUBJECT_AFTER.has(t.charCodeAt(k - 1));
}

// the records a message quotes as its reference at the head of a clause (not a booking or an
// enquiry: "Bookings 1381…" and "Enquiries 1381…" end many a small business's notice with the
// owner's mobile)
const CLAUSE_REFS = ws('case request job task incident');
// what a clause starts after: a sentence's or a clause's end, a colon, an opening bracket
const CLAUSE_HEAD_AFTER: ReadonlySet<number> = new Set(
  [...'\n\r.!?;:,(（[【。！？；：，'].map((c) => c.charCodeAt(0)),
);
// what ends the clause a number ends: punctuation or a closing bracket
const CLAUSE_END: ReadonlySet<number> = new Set(
  [...'\n\r.!?;:,)）]】。！？；：，'].map((c) => c.charCodeAt(0)),
);
// a booking word, and the words of a freight instruction that make it a carrier's booking
const BOOKINGS = ws('booking bkg');
const FREIGHT =
  /\b(?:vessel|container|cut-?off|etd|b\/l|bill of lading|cy|cfs|freight|forwarder|ship via|sailing|voyage|port of (?:loading|discharge)|pol|pod|warehouse|pallets?|consol)\b/i;
// how far back a freight instruction is read for those words
const FREIGHT_BACK = 120;

/** Whether the Latin word at `w` heads a clause: the text's start, or after a clause's end and spaces. */
function clauseHeadAt(t: string, w: number): boolean {
  let k = w;
  while (k > 0 && w - k < 2 && isSpace(t.charCodeAt(k - 1))) k--;
  return k === 0 || CLAUSE_HEAD_AFTER.has(t.charCodeAt(k - 1));
}

/**
 * Whether the number ending at `e` ends its clause: the text's end or punctuation (a full stop
 * or comma not inside a decimal), with no call right after it (case A, call me back).
 */
function clauseEndsAt(t: string, e: number): boolean {
  if (e === t.length) return true;
  const c = t.charCodeAt(e);
  if (!CLAUSE_END.has(c)) return false;
  if ((c === 46 || c === 44) && isDigit(t.charCodeAt(e + 1))) return false;
  return !callsBack(t, e) && !callLater(t, e);
}

// a call or a message asked for later on the number's line (Case A: please call back): the
// number may be the one to call, so it stays a phone
const CALL_LATER =
  /(?<![a-z])(?:call|ring|phone|text|sms|whatsapp|wechat|contact|reach|dial)(?![a-z])|联系|聯繫|打电话|打電話|回电|回電|致电|致電|拨打|撥打/i;
// how far after the number a call is read for
const CALL_AHEAD = 48;

/** Whether a call word stands within CALL_AHEAD characters after `e`, on its line. */
function callLater(t: string, e: number): boolean {
  let b = e;
  while (b < t.length && b - e < CALL_AHEAD && t.charCodeAt(b) !== 10) b++;
  return CALL_LATER.test(t.slice(e, b));
}

/**
 * Whether a word of a freight instruction stands on the line before the booking word at `w`, and
 * no word of a way to reach someone (the warehouse's contact for the booking: A is a phone).
 */
function freightBefore(t: string, w: number): boolean {
  let a = w;
  while (a > 0 && w - a < FREIGHT_BACK && t.charCodeAt(a - 1) !== 10) a--;
  if (a === w) return false;
  const line = t.slice(a, w);
  return FREIGHT.test(line) && !PERSONAL_HEADING.test(line);
}

/** Whether t[s, e) is the Latin word `w`, case ignored. */
function latinWordIs(t: string, s: number, e: number, w: string): boolean {
  if (e - s !== w.length) return false;
  for (let k = 0; k < w.length; k++) if ((t.charCodeAt(s + k) | 32) !== w.charCodeAt(k)) return false;
  return true;
}

// the states a request, a booking or a case is settled in (not verified, registered, bound,
// changed, invalid or busy, which are said of a phone), and the verbs before them
const SETTLED = ws(
  `confirmed cancelled canceled approved rejected declined accepted processed completed scheduled
   rescheduled submitted closed resolved fulfilled refunded dispatched`,
);
const SETTLED_VERBS = ws('is was has been have had being now');
// the records a system numbers and settles (not a booking or a reservation, often made and
// looked up under the phone: Booking 1381… confirmed keeps the phone)
const SETTLED_RECORDS = ws('request case job task quote quotation contract policy statement entry wo');

/**
 * Whether a record's settled state follows the number that starts at `s`, after at most three
 * verbs (is, has been, is being): `A is confirmed`, `A has been cancelled`, `A approved`; not
 * when a call follows the state (A confirmed, call me).
 */
function settledAfter(t: string, s: number): boolean {
  let p = endOfNumber(t, s);
  for (let n = 0; n < 4; n++) {
    const k = skipSpaces(t, p, 2);
    if (k === p) return false;
    const w = wordAfter(t, k, SETTLED);
    // (a call right after the state points back at the number: request A confirmed, call me)
    if (w !== -1) return !callsBack(t, w);
    const v = wordAfter(t, k, SETTLED_VERBS);
    if (v === -1) return false;
    p = v;
  }
  return false;
}

/** Whether a progress word (已, 正在, 将 ...) follows the number that starts at `s`. */
function progressAfter(t: string, s: number): boolean {
  let e = s;
  while (e < t.length && e - s < 24 && (isDigit(t.charCodeAt(e)) || t.charCodeAt(e) === 32)) e++;
  while (e > s && t.charCodeAt(e - 1) === 32) e--;
  return wordAfter(t, skipSpaces(t, e, 1), PROGRESS) !== -1;
}

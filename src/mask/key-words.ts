// A key read as words, the way systems write keys: camelCase, snake_case, kebab-case, dotted
// paths, numbered keys and upper-case runs (courierId, locker_sn, order.id, mobile_2, SKUCode)
// split into lower-case words, digits dropped. The words decide what the value is when the key
// is not one of the known keys (latin-keys.ts):
// - a contact word anywhere (phone, mobile, tel, contact, msisdn ...) makes it a phone key: a
//   key that says it holds a way to reach someone wins over any other word in it;
// - else the key's last word (its head, as in English compounds: orderReceiver is a person,
//   receiverOrder an order) names a thing that is not a person (waybill, wave, cabinet, pda,
//   ticket, nonce ...): its numbers are not personal data;
// - else the head is a number word (id, no, code, sn ...) after the word of a thing, a place
//   or a person (courier_id, pickerNo, siteCode, afterSaleNo): an identifier in a system, not
//   a phone, however mobile-shaped;
// - anything else (user, operator, courier, station alone, an unknown word) says nothing: the
//   number is read as it is, so a mobile-shaped one stays a phone. A login, a user, an operator
//   or a courier is often written down as their mobile.
// A word of a personal identifier (card, passport, license, wechat ...) keeps the key from
// being read as non-personal, so an ID or a card number under it is still found.

const set = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter((w) => w !== ''));

/**
 * @internal The Latin words for "the number of" what the word before them names (order no.,
 * waybill number, courier_id, claim ref, 运单 No., locker_sn), longest first: one vocabulary for
 * the key reader (this file), the label reader (number-labels.ts) and the event reader
 * (number-events.ts). Kept here because this file imports nothing, so every reader can import it
 * without a cycle (number-words.ts imports structured-keys.ts, which imports this file).
 */
export const NUMBER_OF: readonly string[] = ['number', 'code', 'num', 'nbr', 'ref', 'no', 'nr', 'id', 'sn'];
/** @internal Their plurals, as written (order numbers from A, order_ids, waybill_nos). */
export const NUMBER_OF_PLURAL: readonly string[] = ['numbers', 'codes', 'nums', 'nbrs', 'refs', 'nos', 'ids'];

// words of a way to reach someone (pinyin included: dianhua 电话, shouji 手机)
const CONTACT = set(
  `phone phones mobile mobiles mob tel tels telephone cellphone cell msisdn contact contacts whatsapp fax
   landline callee caller called calling dialed dialled dianhua shouji`,
);
// the parties a shipment or a call reaches: people outside the system, who have no staff or
// account numbering in it; their "number" (receiver_no, recipientNumber, sender_number) is the
// phone they are reached at, not an identifier (unlike courier_no, member_no, customer_number)
const PARTY = set('receiver recipient consignee consignor shipper sender addressee');
// the number words that, after a party, read as its phone (receiver_no, recipientNumber,
// sender_numbers): a party's "number" or "no." is the phone it is reached at, while its id,
// code, ref or sn identify it in a system
const PARTY_IDENTIFIER = new Set(['id', 'ids', 'code', 'codes', 'ref', 'refs', 'sn']);
const PHONE_NUMBER_WORD: ReadonlySet<string> = new Set(
  [...NUMBER_OF, ...NUMBER_OF_PLURAL].filter((w) => !PARTY_IDENTIFIER.has(w)),
);
// things that carry numbers and are nobody's personal data: orders and shipments, goods,
// money and quantities, time and tracing, machines and the places inside a warehouse, a
// sorting centre or a locker, and the records of after-sales
const THING = set(
  `order orders suborder waybill waybills bill bills awb mawb hawb bol tracking track parcel parcels
   package packages pkg shipment shipments consignment manifest asn sscc po
   item items sku skus spu ean upc gtin barcode isbn goods product stock inventory
   invoice receipt ticket tickets claim complaint refund aftersale aftersales
   amount amt fee fees price cost total subtotal fen cent cents yuan qty quantity cnt weight volume
   ts timestamp epoch elapsed duration dur latency ms trace span request req rid event evt
   txn transaction trade payment settlement batch lot wave task job seq sequence serial sn imei imsi meid
   iccid device pda terminal scanner printer sorter plc agv robot chute belt lane dock door bin slot
   shelf rack pallet tote container cage carton box bag sack cabinet cab locker compartment route trip
   flight voyage version ver build revision rev nonce hash checksum crc offset watermark cursor
   shard partition retry retries attempt errno pid tid thread
   checkout cart coupon voucher promo promotion campaign deal listing asin fnsku msku mpn variant return
   returns
   fulfillment fulfilment rma dispute payout confirmation article part catalog
   commodity material
   pick picking pack packing putaway replenish replenishment inbound outbound grn location loc zone
   aisle bay position seal trolley crate skid uld vessel truck trailer vehicle gate port sort sorting gun
   correlation sign signature digest md5 sha hmac salt
   firmware fw hw sw release patch schema rfid epc qrcode qr chip mac
   lsn xid gtid style tariff
   dev gateway gw node sensor meter tracker beacon doc document voyage redemption lottery raffle`,
);
// (the second block above: the words of field names in courier and commerce open platforms and
// their SDKs, not only of the texts this was tuned on: Taobao TOP and Pinduoduo trade and item
// fields, Shopify and Amazon SP-API orders, listings and fulfilment, AfterShip and EasyPost
// trackings, WMS and TMS tasks (pick, putaway, replenishment, seal, trolley, ULD), request
// tracing and signing (correlation, session, sign, digest), device and firmware fields,
// database log positions (lsn, xid, gtid), a garment's style and a tariff code; IoT and metering
// logs' devices (dev and gw, as device logs abbreviate them, gateway, node, sensor, meter,
// tracker, beacon), an
// ERP's documents (doc, document), a voyage, prize and promotion draws. Not the words
// whose lists may hold people's records or callers (row, queue, session, booking, reservation,
// exchange, counter: {"rows":[["王五","1380…"]]}, a call queue): with a number word after them
// they still name an identifier in code (session_id, booking_no))
// people and places: alone they say nothing (a courier or a station is often written down by
// its phone); with a number word after them they name an identifier (courier_id, siteCode)
const ROLE = set(
  `user users operator op account login member customer cust buyer seller merchant vendor supplier
   courier rider driver staff emp employee worker picker packer loader handler agent owner creator
   applicant receiver recipient consignee shipper sender site station hub store shop branch depot
   warehouse outlet point center centre office dc grid
   dept department team group shift crew clerk dispatcher supervisor manager inspector checker cashier
   admin tenant partner franchisee network company corp org mall kdt`,
);
// (the second line: the owners of staff and organisation numbers in WMS, TMS and commerce
// platforms: dept_id, team_code, shift_no, mall_id (Pinduoduo), kdt_id (Youzan's shop))
// the staff words whose number an employer assigns (employee no., staff ID, badge number): in
// prose too their number word names an identifier, unlike a member's or a courier's id, which
// may be the phone they signed up with
const EMPLOYEE = set('employee employees emp staff badge payroll personnel');
// places in a courier network (a pickup site, a sorting hub, a station, a warehouse): where a
// system writes one as a key on its own (site=, "station":, <hub>, a `site` column, a metrics
// label), its value is the place's code or name. A place's phone is keyed with a contact word
// (site_phone, stationTel), and a place is not a person: unlike a user, an operator or a courier,
// no one logs in as a site with their mobile. In prose (the station 1381...) the word says nothing.
const PLACE = set('site station hub depot dc warehouse branch outlet center centre');
// the word for "the identifier of" at the end of a key: the number words and their plurals
// (but not sn: a serial number is a thing's, listed in THING, so a bare SN names nobody's
// identifier), and words that name an identifier only where a system writes a key (order_key,
// item_idx, order_uuid; in prose "key" and "index" are ordinary words)
const NUMBER_WORD: ReadonlySet<string> = new Set([
  ...NUMBER_OF.filter((w) => w !== 'sn'),
  ...NUMBER_OF_PLURAL,
  ...['key', 'keys', 'idx', 'index', 'uuid', 'guid'],
  // abbreviations written in field names: site_cd, emp_cd (legacy ERP and WMS schemas); num_iid,
  // outer_iid (Taobao TOP's item id); checkout_token, access_token (never a phone)
  ...['cd', 'iid', 'token'],
]);
// words of a personal identifier: a key with one of them is left to the detectors of that kind
const PERSONAL_ID = set(
  `card bank iban passport license licence permit cert certificate identity idcard sfz ssn social tax
   taxpayer visa wechat weixin wx qq alipay zfb email mail`,
);

/**
 * @internal Whether `w` is a word of a personal identifier's key (wechat, wx, qq, alipay, email):
 * its value, phone-shaped, is the person's own (a WeChat ID that is the phone, 微信同号).
 */
export function personalIdWord(w: string): boolean {
  return PERSONAL_ID.has(w);
}

/**
 * @internal Kind of a key read as words: 'phone'; 'thing' (its head names a thing: waybill,
 * wave) or 'id' (an identifier of something: courier_id), both keys of non-personal numbers;
 * undefined when the key says nothing.
 */
export type WordsKind = 'phone' | 'thing' | 'id' | undefined;

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

/**
 * @internal The words of the key t[s, e): split at separators (_ - . / space), digits and case
 * changes (SKUCode = sku code), lower-cased, and whether each word follows a space (prose
 * writes keys with spaces, code without). At most 8 words; any other character separates words.
 */
export function keyWords(t: string, s: number, e: number): { words: string[]; spaced: boolean[] } {
  const words: string[] = [];
  const spaced: boolean[] = [];
  let w = '';
  let space = false;
  const flush = (): void => {
    if (w !== '' && words.length < 8) {
      words.push(w);
      spaced.push(space);
    }
    w = '';
    space = false;
  };
  for (let i = s; i < e; i++) {
    const c = t.charCodeAt(i);
    if (isLower(c)) w += t[i];
    else if (isUpper(c)) {
      // a capital after a lower-case letter, or the last capital of a run before a lower-case
      // letter, starts a word (receiverMobile, SKUCode)
      const prev = i > s ? t.charCodeAt(i - 1) : 0;
      if (w !== '' && (isLower(prev) || (isUpper(prev) && isLower(t.charCodeAt(i + 1))))) flush();
      w += String.fromCharCode(c + 32);
    } else {
      flush();
      if (c === 32) space = true;
    }
  }
  flush();
  return { words, spaced };
}

/** `w` without a plural 's' when only that makes it a word of `ws`. */
function inSet(ws: ReadonlySet<string>, w: string): boolean {
  return ws.has(w) || (w.length > 3 && w.charCodeAt(w.length - 1) === 115 && ws.has(w.slice(0, -1)));
}

// number words that end a word they are written onto (lockersn, courierid, orderref), longest first
const GLUED = NUMBER_OF;

/** Whether `w` is the word of a thing, a place or a person with a number word glued on. */
function gluedNumber(w: string): boolean {
  for (const g of GLUED) {
    if (w.length >= g.length + 2 && w.endsWith(g)) {
      const p = w.slice(0, w.length - g.length);
      if (PARTY.has(p) && PHONE_NUMBER_WORD.has(g)) return false;
      if (inSet(THING, p) || ROLE.has(p)) return true;
    }
  }
  return false;
}

/** @internal What the words of a key say its value is (see the top of this file). */
export function wordsKind(words: readonly string[], spaced: readonly boolean[]): WordsKind {
  const n = words.length;
  if (n === 0) return undefined;
  for (const w of words) {
    if (CONTACT.has(w)) return 'phone';
    if (PERSONAL_ID.has(w)) return undefined;
  }
  // a list of them reads as one of them (waybill_list, order_ids)
  let h = n - 1;
  if (h > 0 && (words[h] === 'list' || words[h] === 'arr' || words[h] === 'array')) h--;
  const head = words[h]!;
  if (inSet(THING, head) || PLACE.has(head)) return 'thing';
  // a number word written onto its word (lockersn, courierid, pickerno)
  if (gluedNumber(head)) return 'id';
  if (!inSet(NUMBER_WORD, head) || h === 0) return undefined;
  // the identifier of a thing, a place or a person: in code any word before it (biz_id,
  // afterSaleNo, courier_id); in prose only a thing's word (watermark id, not "my number") or a
  // staff word (employee no., badge number): a person's "member ID", "login id" or "courier ID"
  // in a sentence is often the phone they signed up with, and a phone read as an id would stay
  // in clear
  const prev = words[h - 1]!;
  if (PARTY.has(prev) && PHONE_NUMBER_WORD.has(head)) return undefined;
  if (!spaced[h] || inSet(THING, prev) || EMPLOYEE.has(prev)) return 'id';
  return undefined;
}

/**
 * @internal Whether the key t[s, e) names something an identifier belongs to: its head is the
 * word of a thing, a person or a place (picker, device, order), with no contact word and no word
 * of a personal identifier; the parent of an `id` (picker.id, {"picker":{"id":…}}) is one.
 */
export function ownsIdentifier(t: string, s: number, e: number): boolean {
  const { words } = keyWords(t, s, e);
  if (words.length === 0) return false;
  for (const w of words) if (CONTACT.has(w) || PERSONAL_ID.has(w)) return false;
  const head = words[words.length - 1]!;
  return inSet(THING, head) || ROLE.has(head) || gluedNumber(head);
}

/**
 * @internal Whether the Latin label t[s, e) names the identifier of a person, or of nobody said,
 * rather than of a thing: `Importer ID`, `customer_id`, `Holder No.`, `ID`, `ID card no.`,
 * `account number` (not `order id`, `waybill no`, `sku`). A resident ID, HK/TW ID or bank card
 * number under such a label is that person's, however the label reads for a phone-shaped number.
 */
export function namesPersonalIdentifier(t: string, s: number, e: number): boolean {
  const { words } = keyWords(t, s, e);
  const n = words.length;
  if (n === 0) return false;
  for (const w of words) if (PERSONAL_ID.has(w)) return true;
  const head = words[n - 1]!;
  if (NUMBER_WORD.has(head)) return n === 1 || !inSet(THING, words[n - 2]!);
  // a number word written onto its owner (customerid, orderno)
  for (const g of GLUED) {
    if (head.length >= g.length + 2 && head.endsWith(g)) {
      const owner = head.slice(0, head.length - g.length);
      if (inSet(THING, owner)) return false;
      if (ROLE.has(owner)) return true;
    }
  }
  return false;
}

/** @internal Whether t[s, e) is one number word (ID, No, sn, code ...). */
export function isNumberWord(t: string, s: number, e: number): boolean {
  const { words } = keyWords(t, s, e);
  return words.length === 1 && NUMBER_WORD.has(words[0]!);
}

// the channels a message reaches a person by: an event of a thing sent over one of them
// (waybill.sms.notify) may be keyed by the phone it goes to
const CHANNEL = set(
  'sms text notify notification push call voice otp verify captcha login register signup bind',
);

/**
 * @internal Whether the words of t[s, e), the topic, tag or type of a message or an event
 * (wms.outbound.wave, WAYBILL_SIGNED, inventory.adjusted), name a thing's event: a word of a
 * thing, and no word of a person, a place, a way to reach someone, a personal identifier or a
 * channel that reaches a person (order.customer.updated, waybill.sms.notify name none).
 */
export function namesThingEvent(t: string, s: number, e: number): boolean {
  const { words } = keyWords(t, s, e);
  let thing = false;
  for (const w of words) {
    if (CONTACT.has(w) || PERSONAL_ID.has(w) || ROLE.has(w) || PLACE.has(w) || CHANNEL.has(w)) return false;
    if (inSet(THING, w)) thing = true;
  }
  return thing;
}

/** @internal {@link wordsKind} of the key t[s, e). */
export function keyWordsKind(t: string, s: number, e: number): WordsKind {
  const { words, spaced } = keyWords(t, s, e);
  return wordsKind(words, spaced);
}

/** @internal Whether the key t[s, e) has a contact word (phone, mobile, tel ...) in it. */
export function hasContactWord(t: string, s: number, e: number): boolean {
  for (const w of keyWords(t, s, e).words) if (CONTACT.has(w)) return true;
  return false;
}

// the number words that stand for "the number of" whatever owns them, sn included (a contact's
// sn is no serial of a thing): what the owner's words decide (numberOfContact)
const OWNED_NUMBER_WORD: ReadonlySet<string> = new Set([...NUMBER_OF, ...NUMBER_OF_PLURAL]);

/**
 * @internal The number word that t[s, e) is on its own (ref, sn, id, no, code, numbers ...), or
 * undefined: a key that only says "the number of" and leaves the rest to its owner.
 */
export function ownedNumberWord(t: string, s: number, e: number): string | undefined {
  const { words } = keyWords(t, s, e);
  return words.length === 1 && OWNED_NUMBER_WORD.has(words[0]!) ? words[0] : undefined;
}

/**
 * @internal Whether the number word `w` after the key t[s, e) (the word before it in one label,
 * or the key of the object it sits in) names a phone: that key has a contact word (phone ref,
 * contact.ref, tel.sn), or names a party a shipment reaches and `w` is its "number" (receiver.no,
 * as receiver_no). A way to reach someone wins over the thing a bare number word may name.
 */
export function numberOfContact(t: string, s: number, e: number, w: string): boolean {
  const { words } = keyWords(t, s, e);
  if (words.length === 0) return false;
  for (const x of words) if (CONTACT.has(x)) return true;
  return PARTY.has(words[words.length - 1]!) && PHONE_NUMBER_WORD.has(w);
}

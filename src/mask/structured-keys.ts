// Field names as evidence: the keys courier, e-commerce and logistics systems give personal
// data in JSON, key=value logs and table headers (receiverName, consignee, sjrdh, 收件人电话 ...)
// and the keys of numbers that are not personal however they look (orderNo, sku, 运单号, 金额 ...).
// A key is read with its case, underscores and dashes dropped (receiver_name = receiverName);
// Chinese keys match by their longest known suffix (我的收件人电话 is a phone key).
import type { Kind } from '../schema/index.js';

/** @internal what a key says its value is; `negative`: a number that is not personal data */
export type KeyKind =
  | Extract<
      Kind,
      'name' | 'phone' | 'address' | 'idNumber' | 'email' | 'bankCard' | 'pickupCode' | 'passport'
    >
  | 'negative';

const LATIN: Record<string, KeyKind> = {};
function latin(kind: KeyKind, words: string): void {
  for (const w of words.split(/\s+/)) if (w) LATIN[w] = kind;
}
// exact keys (pinyin abbreviations included: sjr 收件人, sjrdh 收件人电话, sjrdz 收件人地址 ...)
latin(
  'name',
  `name fullname realname truename firstname lastname givenname familyname surname receiver recipient
   consignee shipper sender contact contactperson linkman linkname addressee attn attention buyer payer
   cardholder accountholder deliveryman courier rider driver
   sjr jjr shr fjr fhr lxr xm sjrxm jjrxm shrxm fjrxm khxm lxrxm sjrmc jjrmc
   namecn signer signedby receivedby pickupperson operator postman nameen namezh cnname enname`,
);
latin(
  'phone',
  `phone mobile tel telephone cellphone cell mobilephone phonenumber phoneno phonenum mobileno mobilenum
   mobilenumber telno telnum telnumber contactnumber contactno whatsapp msisdn
   sjrdh jjrdh shrdh fjrdh fhrdh lxdh lxrdh sjh sjhm dhhm yddh gddh sjrsj jjrsj shrsj lxrsj lxfs`,
);
latin(
  'address',
  `address addr fulladdress detailaddress detailaddr streetaddress street address1 address2 addressline1
   addressline2 sjrdz jjrdz shdz shrdz fhdz fjrdz xxdz jtdz sjdz jjdz`,
);
latin(
  'idNumber',
  `idno idnumber idnum idcard idcardno idcardnumber identityno identitynumber identitycard certno
   certnumber certificateno certificatenumber credentialno nationalid citizenid personalid
   sfz sfzh sfzhm zjhm zjh`,
);
latin('email', 'email mail emailaddress mailaddress yx dzyx');
latin(
  'bankCard',
  'bankcard bankcardno cardno cardnumber bankaccount bankaccountno accountno acctno iban yhkh',
);
latin('pickupCode', 'pickupcode pickcode takecode collectcode collectioncode lockercode cabinetcode qjm thm');
latin('passport', 'passport passportno passportnumber hzh hzhm');
latin(
  'negative',
  `order orderno orderid ordersn ordercode ordernumber tradeno tradeid outtradeno transactionid
   transactionno txid paymentid sku skuid skuno skucode spu spuid itemid itemno itemcode goodsid goodsno
   productid productcode productno barcode ean upc tracking trackingno trackingnumber trackingid trackno
   waybill waybillno waybillnumber waybillid mailno billno billcode expressno expressid logisticno
   logisticsno logisticsid awb awbno shipmentid shipmentno parcelid parcelno packageid packageno batchno
   batchid refno reference referenceno invoice invoiceno amount totalamount payamount paidamount price
   unitprice totalprice fee freight shippingfee cost weight weightkg grossweight netweight volume qty
   quantity version ver appversion osversion build buildno deviceid deviceno devicesn serialno
   serialnumber imei imsi meid sn uid userid traceid requestid reqid spanid batch ts elapsed duration costms ref item model isbn stock inventory points balance pdano pdaid pdasn terminalno terminalid terminalsn posno posid timestamp zipcode postcode postalcode ddh ydh kddh wldh je zl bbh total subtotal grandtotal
   totalprice po pono ponumber purchaseorder shipment parcel package consignmentno invoicenumber oid tid ord
   ordno ordid bl blno billoflading hawb mawb containerno track trackingcode consignment deliveryno deliverynumber
   deliveryid shippingno shippingnumber shippingcode shippingid logisticcode logisticscode logisticsnumber outsid
   expresscode expressnum expressnumber shipno shipnumber shipid mailcode waybillcode kdno kdh ydno
   connote connoteno manifest manifestno airwaybill yundan yundanhao danhao kuaididanhao wuliudanhao
   merchantid merchantno settleid settleno settlementid settlementno shopid storeid refundid refundno paymentno payno
   invoiceid amountfen amountcent amountcents amt cnt fen cents mchid submchid`,
);

// compound keys by their last word: receiverMobile, senderIdNo, subOrderNo, expressTrackingNo ...
const LATIN_SUFFIX: Array<[string, KeyKind]> = [
  ['phonenumber', 'phone'],
  ['phoneno', 'phone'],
  ['mobileno', 'phone'],
  ['telno', 'phone'],
  ['cellphone', 'phone'],
  ['telephone', 'phone'],
  ['phone', 'phone'],
  ['mobile', 'phone'],
  ['tel', 'phone'],
  ['address', 'address'],
  ['addr', 'address'],
  ['idcardno', 'idNumber'],
  ['idcard', 'idNumber'],
  ['idno', 'idNumber'],
  ['idnumber', 'idNumber'],
  ['certno', 'idNumber'],
  ['email', 'email'],
  ['cardno', 'bankCard'],
  ['cardnumber', 'bankCard'],
  ['bankcard', 'bankCard'],
  ['bankaccount', 'bankCard'],
  ['pickupcode', 'pickupCode'],
  ['passportno', 'passport'],
  ['waybillcode', 'negative'],
  ['waybill', 'negative'],
  ['trackingcode', 'negative'],
  ['trackingid', 'negative'],
  ['trackno', 'negative'],
  ['tracknum', 'negative'],
  ['expressno', 'negative'],
  ['expresscode', 'negative'],
  ['expressnum', 'negative'],
  ['expressnumber', 'negative'],
  ['logisticsno', 'negative'],
  ['logisticno', 'negative'],
  ['logisticscode', 'negative'],
  ['billcode', 'negative'],
  ['shipmentno', 'negative'],
  ['shipmentid', 'negative'],
  ['parcelno', 'negative'],
  ['packageno', 'negative'],
  ['consignmentno', 'negative'],
  ['awbno', 'negative'],
  ['awb', 'negative'],
  ['orderno', 'negative'],
  ['orderid', 'negative'],
  ['ordersn', 'negative'],
  ['trackingno', 'negative'],
  ['trackingnumber', 'negative'],
  ['waybillno', 'negative'],
  ['mailno', 'negative'],
  ['billno', 'negative'],
  ['skuid', 'negative'],
  ['sku', 'negative'],
  ['amountfen', 'negative'],
  ['amountcents', 'negative'],
  ['amount', 'negative'],
  ['price', 'negative'],
  ['weight', 'negative'],
  ['version', 'negative'],
  ['deviceid', 'negative'],
  ['imei', 'negative'],
  ['serialno', 'negative'],
  ['timestamp', 'negative'],
  ['postcode', 'negative'],
  ['zipcode', 'negative'],
  ['fen', 'negative'],
  ['cent', 'negative'],
  ['cents', 'negative'],
  ['yuan', 'negative'],
  ['fee', 'negative'],
  ['amt', 'negative'],
  ['qty', 'negative'],
  ['cnt', 'negative'],
  ['total', 'negative'],
  ['batchno', 'negative'],
  ['merchantid', 'negative'],
  ['merchantno', 'negative'],
  ['settleid', 'negative'],
  ['settlementid', 'negative'],
  ['tradeno', 'negative'],
  ['transactionid', 'negative'],
  ['paymentid', 'negative'],
  ['refundno', 'negative'],
  ['batchid', 'negative'],
  ['itemid', 'negative'],
  ['goodsid', 'negative'],
  ['productid', 'negative'],
  ['mchid', 'negative'],
];
// keys that end like a phone or address key but are not one
const NOT_PERSONAL = new Set(
  `hotel motel intel ipaddress ipaddr macaddress macaddr emailaddress serveraddress serveraddr walletaddress
   remoteaddress remoteaddr localaddress localaddr hostaddress hostaddr webaddress urladdress bindaddress
   bindaddr listenaddress listenaddr proxyaddress gatewayaddress ipv4address ipv6address dnsaddress
   contractaddress tokenaddress nodeaddress peeraddress clientaddress clientaddr`.split(/\s+/),
);
// a compound key ending in "name" names a person only after one of these
const PERSON_PREFIX =
  /^(?:receiver|recipient|consignee|shipper|sender|contact|customer|cust|buyer|payer|payee|holder|cardholder|account|courier|rider|driver|real|full|first|last|given|family|true|legal|person|client|patient|passenger|guest|signer|member|owner|applicant|delivery|pickup|collector|from|to|shipto|billto|sendto|deliverto|recv|rcv|rec|rev|send|sign|signed|staff|emp|employee|userreal|operator|postman)name(?:cn|en|zh)?$/;

// Chinese keys, longest first within the same last character (matched as suffixes)
const CJK: Array<[string, KeyKind]> = [];
function cjk(kind: KeyKind, words: string): void {
  for (const w of words.split(/\s+/)) if (w) CJK.push([w, kind]);
}
cjk(
  'name',
  `收件人 收件人姓名 收货人 收货人姓名 寄件人 寄件人姓名 发件人 发件人姓名 发货人 联系人 联系人姓名 姓名 客户姓名
   买家姓名 收方 寄方 收件方 寄件方 签收人 代收人 取件人 户名 开户名 持卡人 真实姓名 快递员 派送员 配送员 骑手
   收款人 付款人 收件人名称 寄件人名称 收貨人 寄件者 收件者 聯絡人 聯繫人 揽件员 派件员 收派员 揽收员 攬件員 派件員 投递员 派送人 揽收人 签收者`,
);
cjk(
  'phone',
  `电话 手机 手机号 手机号码 电话号码 联系电话 联系方式 收件人电话 收件人手机 收件人手机号 寄件人电话 寄件人手机
   寄件人手机号 收货人电话 收货人手机 收货人手机号 联系人电话 联系人手机 座机 固话 固定电话 移动电话 電話 手機
   手機號碼 聯絡電話 聯繫電話`,
);
cjk(
  'address',
  `地址 收货地址 收件地址 寄件地址 发货地址 详细地址 收件人地址 寄件人地址 收货人地址 发件人地址 家庭住址 家庭地址
   住址 配送地址 送货地址 公司地址 单位地址 收貨地址 詳細地址`,
);
cjk('idNumber', '身份证 身份证号 身份证号码 证件号 证件号码 身份證 身份證號 身份證號碼 身分證字號');
cjk('email', '邮箱 电子邮箱 邮件地址 电子邮件 郵箱');
cjk('bankCard', '银行卡 银行卡号 卡号 账号 帐号 银行账号 收款账号 退款账户 銀行卡 帳號');
cjk('pickupCode', '取件码 取货码 提货码 自提码 取件碼 提貨碼 開箱碼 开箱码 开柜码');
cjk('passport', '护照 护照号 护照号码 護照');
cjk(
  'negative',
  `订单 订单号 订单编号 订单号码 子订单号 运单 运单号 运单编号 快递单号 物流单号 面单号 单号 包裹号 追踪号 跟踪号
   批次号 流水号 交易号 交易单号 商户单号 工单号 编号 货号 商品编号 商品条码 条码 条形码 金额 实付 实付款 实付金额
   应付 应付金额 支付金额 价格 单价 总价 总金额 运费 保价 重量 毛重 净重 体积 数量 件数 版本 版本号 设备号 设备编号
   设备序列号 序列号 时间戳 邮编 邮政编码 工号 网点编号 站点编号 运单号码 快递单号码 物流单号码 会员号 会员编号 会员卡号 发票号 发票号码 箱号 格口 格口号 柜号 库存 积分 余额 耗时 型号 批号 群号 QQ群 qq群 微信群 车次 航班号 商品编码 货品编码 构建号 构建版本 内部版本号 终端号 设备ID 訂單 訂單號 運單 運單號 單號 金額 運費 版本號 郵編 合计 总计 小计 共计 总额 实收 应收 货款
   代收货款 到付 发票 快递号 快件号 快件单号 包裹单号 物流号 面单 回单号 提单号 退货单号 售后单号 合計 總計 快件 查件 快递单 件号 物流码 追踪码 物流编号
   子母件 子母单 母单 子单 母件 子件 快递编号 快递编码 快递号码 物流编码 运单编码 托运单 提单 邮件号 快遞單號 物流單號
   个快递 件快递 票快递 个快件 个包裹 工单 物流单 发货单 出库单 入库单 退货单 换货单 寄件单 签收单 回单 退款单 售后单 理赔单
   追蹤號 追蹤碼 編號 包裹編號 物流編號 集包号 总包号 包号 袋号 发货清单 出库清单 退货清单 清单 退回件 退件 问题件 滞留件`,
);
CJK.sort((a, b) => b[0].length - a[0].length);
// Keys of two characters or more by their last two (a hash of both that stays a small integer:
// a collision only adds a key the comparison rejects), one-character keys by that character.
// Each list keeps the longest-first order, and every longer key comes before every
// one-character key, so trying the pair's list and then the character's finds the same longest
// key as trying every key with that last character (号 ends 73 of them, 码 28).
const CJK_BY_PAIR = new Map<number, Array<[string, KeyKind]>>();
const CJK_SINGLE = new Map<number, Array<[string, KeyKind]>>();
function pairKey(prev: number, last: number): number {
  return ((prev & 0x3fff) << 16) | last;
}
for (const e of CJK) {
  const w = e[0];
  const last = w.charCodeAt(w.length - 1);
  const map = w.length >= 2 ? CJK_BY_PAIR : CJK_SINGLE;
  const k = w.length >= 2 ? pairKey(w.charCodeAt(w.length - 2), last) : last;
  const list = map.get(k);
  if (list) list.push(e);
  else map.set(k, [e]);
}

/** Index in `list` of its first key that ends at `end` and starts at `from` or after, or -1. */
function firstEndingAt(t: string, end: number, from: number, list: Array<[string, KeyKind]>): number {
  // (indexed, not `for (const [w, kind] of list)`: destructuring runs the iterator protocol)
  for (let i = 0; i < list.length; i++) {
    const w = list[i]![0];
    const s = end - w.length;
    if (s < from) continue;
    let k = 0;
    while (k < w.length && t.charCodeAt(s + k) === w.charCodeAt(k)) k++;
    if (k === w.length) return i;
  }
  return -1;
}

function isCjkCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

// "the number of": a key of numbers that are not personal data followed by one of these (or
// in the plural) is one too: invoiceNumber, shipmentId, parcelCode, waybills, trackingNumbers
const NUMBER_SUFFIXES = [
  'numbers',
  'number',
  'nos',
  'num',
  'no',
  'nr',
  'ids',
  'id',
  'codes',
  'code',
  'sn',
  's',
];

/** Whether `normalized` is a key of non-personal numbers with a number word or a plural 's' after it. */
function negativeWithSuffix(normalized: string): boolean {
  for (const w of NUMBER_SUFFIXES) {
    if (normalized.length > w.length && normalized.endsWith(w)) {
      if (LATIN[normalized.slice(0, normalized.length - w.length)] === 'negative') return true;
    }
  }
  return false;
}

// a key of several such numbers: waybillNoList, childMailNos, trackingNumbersArr
const LIST_SUFFIXES = ['lists', 'list', 'array', 'arr', 's'];

/** @internal What a Latin key (letters and digits, case and separators ignored) names. */
export function latinKeyKind(normalized: string): KeyKind | undefined {
  const kind = singleKeyKind(normalized);
  if (kind !== undefined) return kind;
  for (const w of LIST_SUFFIXES) {
    if (normalized.length > w.length + 2 && normalized.endsWith(w)) {
      if (singleKeyKind(normalized.slice(0, normalized.length - w.length)) === 'negative') return 'negative';
    }
  }
  return undefined;
}

/** What a Latin key names, read as the key of one value. */
function singleKeyKind(normalized: string): KeyKind | undefined {
  const exact = LATIN[normalized];
  if (exact !== undefined) return exact;
  if (NOT_PERSONAL.has(normalized)) return undefined;
  if (negativeWithSuffix(normalized)) return 'negative';
  if (PERSON_PREFIX.test(normalized)) return 'name';
  for (const [suffix, kind] of LATIN_SUFFIX) {
    if (normalized.length > suffix.length && normalized.endsWith(suffix)) {
      // a key that only ends in "tel" or "addr" by accident (hotel) is not one
      if (NOT_PERSONAL.has(normalized)) return undefined;
      return kind;
    }
  }
  return undefined;
}

/** @internal What the Chinese key ending at `end` in `t` names (longest known suffix), and its start. */
export function cjkKeyBefore(
  t: string,
  end: number,
  from: number,
): { kind: KeyKind; start: number } | undefined {
  const last = t.charCodeAt(end - 1);
  if (end - 2 >= from) {
    const pair = CJK_BY_PAIR.get(pairKey(t.charCodeAt(end - 2), last));
    if (pair !== undefined) {
      const i = firstEndingAt(t, end, from, pair);
      if (i !== -1) return { kind: pair[i]![1], start: end - pair[i]![0].length };
    }
  }
  const single = CJK_SINGLE.get(last);
  if (single === undefined || end - 1 < from) return undefined;
  const i = firstEndingAt(t, end, from, single);
  return i === -1 ? undefined : { kind: single[i]![1], start: end - 1 };
}

/**
 * @internal What a key names: a JSON key, the left side of key=value, a table header. Latin keys
 * are read without case and separators; Chinese ones by their longest known suffix.
 */
export function keyKind(key: string): KeyKind | undefined {
  const k = key.trim();
  if (k.length === 0 || k.length > 64) return undefined;
  if (isCjkCode(k.charCodeAt(k.length - 1))) return cjkKeyBefore(k, k.length, 0)?.kind;
  let n = '';
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (c >= 65 && c <= 90) n += String.fromCharCode(c + 32);
    else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) n += k[i];
    else if (c === 95 || c === 45 || c === 46 || c === 32) continue;
    else return undefined;
  }
  return latinKeyKind(n);
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}

/** @internal ASCII letter, digit, '_' or '-': a character of a Latin key */
export function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 || c === 45;
}

/**
 * @internal The key that ends at `end` (exclusive) in `t`: a Chinese key by its suffix, or the
 * last one to three Latin words (Tracking No, order_id, receiverMobile), read back at most 40
 * characters. Its kind and start, or undefined.
 */
export function keyEndingAt(t: string, end: number): { kind: KeyKind; start: number } | undefined {
  if (end <= 0) return undefined;
  const last = t.charCodeAt(end - 1);
  if (isCjkCode(last)) return cjkKeyBefore(t, end, Math.max(0, end - 8));
  if (!isKeyChar(last)) return undefined;
  const lo = Math.max(0, end - 40);
  let best: { kind: KeyKind; start: number } | undefined;
  let p = end;
  let n = '';
  for (let words = 0; words < 3; words++) {
    // letters, underscores and dashes, and digits only at the end (address1, mobile_2; the key
    // of C12345678Address is Address)
    let s = p;
    while (s > lo && isDigitCode(t.charCodeAt(s - 1))) s--;
    while (s > lo && isKeyChar(t.charCodeAt(s - 1)) && !isDigitCode(t.charCodeAt(s - 1))) s--;
    while (s < p && !isLetter(t.charCodeAt(s))) s++;
    if (s === p) break;
    // the word, lower-cased, without separators, before what was read so far
    let w = '';
    for (let i = s; i < p; i++) {
      const c = t.charCodeAt(i);
      if (c === 95 || c === 45) continue;
      w += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : t[i];
    }
    n = w + n;
    const kind = latinKeyKind(n);
    if (kind !== undefined) best = { kind, start: s };
    // a further word only across one space (Tracking No, Order ID)
    if (s - 1 <= lo || t.charCodeAt(s - 1) !== 32 || !isKeyChar(t.charCodeAt(s - 2))) break;
    // the word before a key word must itself be a letter word
    if (s > 0 && (t.charCodeAt(s - 2) | 32) < 97) break;
    p = s - 1;
  }
  return best;
}

// Latin keys: exact keys (English words and pinyin abbreviations such as sjrdh), compound keys by
// their last word (receiverMobile, subOrderNo), and the keys of numbers that are not personal,
// with a number word or a list suffix after them (trackingNumbers, waybillNoList). A key arrives
// here lower-cased, without separators.
import type { KeyKind } from './structured-keys.js';

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
   namecn signer signedby receivedby pickupperson operator postman nameen namezh cnname enname
   shoujianren jijianren shouhuoren fahuoren fajianren lianxiren xingming applicant claimant complainant
   customer passenger payee
   nm fromuser touser opname operatorname declarant declarer signatory`,
);
latin(
  'phone',
  `phone mobile tel telephone cellphone cell mobilephone phonenumber phoneno phonenum mobileno mobilenum
   mobilenumber telno telnum telnumber contactnumber contactno whatsapp msisdn
   sjrdh jjrdh shrdh fjrdh fhrdh lxdh lxrdh sjh sjhm dhhm yddh gddh sjrsj jjrsj shrsj lxrsj lxfs
   sjdh jjdh khdh lxrsjh sjrsjh jjrsjh dianhua shouji shoujihao lianxidianhua lianxifangshi
   jtdh zzdh bgdh jjlxrdh callbacknumber callbackno callbacknum callbackphone`,
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
latin(
  'pickupCode',
  `pickupcode pickcode takecode collectcode collectioncode lockercode cabinetcode qjm thm pickuppwd
   pickuppassword pickuppin pickuppasscode lockerpwd lockerpassword lockerpin cabinetpwd cabinetpassword
   takepwd pickpwd qjmm thmm qhm qjh ztm kxm qujianma qujianhao quhuoma tihuoma zitima kaixiangma
   pickupcodes takecodes qjmlist`,
);
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
   odr odrno odrid odrsn
   ordno ordid bl blno billoflading hawb mawb containerno track trackingcode consignment deliveryno deliverynumber
   deliveryid shippingno shippingnumber shippingcode shippingid logisticcode logisticscode logisticsnumber outsid
   expresscode expressnum expressnumber shipno shipnumber shipid mailcode waybillcode kdno kdh ydno
   connote connoteno manifest manifestno airwaybill yundan yundanhao danhao kuaididanhao wuliudanhao
   merchantid merchantno settleid settleno settlementid settlementno shopid storeid refundid refundno paymentno payno
   invoiceid amountfen amountcent amountcents amt cnt fen cents mchid submchid
   nu bc`,
);
// more keys of numbers that are not personal, as the open platforms and their staff write them:
// glued or abbreviated keys the word reader (key-words.ts) cannot split: Kuaidi100's tracking
// number (nu, kuaidinum), message ids, RFID tags, Amazon ASIN and FNSKU, digests with their
// digits, ocean bills of lading (HBL, MBL), a locker grid's number (gridno, which only ends like
// idno), a line or row number, a customs tariff (HS) code)
latin(
  'negative',
  `nu kuaidinum kuaidinu kdnum msgid messageid rfid epc asin fnsku msku md5 sha1 sha256 crc32 hbl hblno mbl mblno gridno gridcode lineno
   rowid rownum hs hscode`,
);
// the identity of a device on IoT platforms (Alibaba Cloud IoT's ProductKey and DeviceName, AWS
// IoT's thingName, a device's nickname in a fleet; did and gwid, as smart-home and IoT clouds
// abbreviate a device's and a gateway's id): the name of a thing, often its IMEI or serial, not
// a person's, whatever Name says after it; and e-invoices' and POS slips' numbers
// (fpdm 发票代码, fphm 发票号码, jym 校验码, jqbh 机器编号, the slip's refNo/rrn, authCode)
latin('negative', `devicename devname thingname productkey iotid did gwid fpdm fphm jym jqbh rrn authcode`);
// pinyin initials of Chinese labels of such numbers, as WMS, TMS and ERP schemas abbreviate
// them: 面单号/母单号 mdh, 子单号 zdh, 子订单号 zddh, 交易号 jyh, 交易单号 jydh, 退款单号 tkdh,
// 工单号 gdh, 工单编号 gdbh, 批次号 pch, 批次编号 pcbh, 波次号 bch, 波次编号 bcbh, 任务号 rwh,
// 任务单号 rwdh, 员工编号 ygbh, 员工号 ygh, 网点编码 wdbm, 网点编号 wdbh, 格口号 gkh, 格口编号 gkbh,
// 序列号 xlh, 设备号 sbh, 设备编号 sbbh, 流水号 lsh, 发票号 fph, 发票单号 fpdh, 提单号 tdh,
// 订单编号 ddbh, 运单编号 ydbh, 商品编码 spbm, 商品编号 spbh, 商品条码 sptm, 货位号 hwh, 库位号
// kwh, 托盘号 tph, 集包号 jbh, 总包号 zbh, 入库单号 rkdh. Left out where the initials also spell a
// phone's label (bgdh 办公电话, ckdh 仓库电话, shdh 收货电话, fhdh 发货电话, gh 固话, dh 电话): a
// phone wins.
latin(
  'negative',
  `mdh zdh zddh jyh jydh tkdh gdh gdbh pch pcbh bch bcbh rwh rwdh ygbh ygh wdbm wdbh gkh gkbh xlh sbh
   sbbh lsh fph fpdh tdh ddbh ydbh spbm spbh sptm hwh kwh tph jbh zbh rkdh`,
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
  ['dianhua', 'phone'],
  ['shoujihao', 'phone'],
  ['shouji', 'phone'],
  ['dizhi', 'address'],
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
// Keys that name a person without a role, or only in some systems (nm, a chat's fromUser,
// toUser), lower-cased without separators
const GENERIC_NAME_KEYS: ReadonlySet<string> = new Set(['name', 'xm', '姓名', 'nm', 'fromuser', 'touser']);
/**
 * @internal Whether `key` (as written: any case, with '_', '-' or spaces) names a person without
 * a role (name, xm, 姓名, nm, fromUser): a Latin value under it must read as a name.
 */
export function genericNameKey(key: string): boolean {
  return GENERIC_NAME_KEYS.has(key.toLowerCase().replace(/[_\-\s]/g, ''));
}

// a compound key ending in "name" (or its abbreviation nm: consignee_nm) names a person only
// after one of these
const PERSON_PREFIX =
  /^(?:receiver|recipient|consignee|shipper|sender|contact|customer|cust|buyer|payer|payee|holder|cardholder|account|courier|rider|driver|real|full|first|last|given|family|true|legal|person|client|patient|passenger|guest|signer|member|owner|applicant|delivery|pickup|collector|from|to|shipto|billto|sendto|deliverto|recv|rcv|rec|rev|send|sign|signed|staff|emp|employee|userreal|operator|postman|declarant|declarer|signatory)(?:name|nm)(?:cn|en|zh)?$/;

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

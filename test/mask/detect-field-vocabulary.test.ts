// Keys and labels as real systems and their staff name non-personal numbers, not only as the
// tuning texts did: the field names of courier and commerce open platforms and their SDKs (SF,
// JD, Cainiao waybills, Kuaidi100, Kdniao, Taobao TOP, Pinduoduo, Youzan, Shopify, Amazon
// SP-API, AfterShip, EasyPost), WMS and TMS schemas, request tracing, the pinyin initials of
// Chinese labels, and the labels staff write in prose. Under each, a mobile-shaped value is not
// a phone. The other side: the keys and labels that name a phone keep it a phone in the same
// structures, also beside a look-alike in one record, and the privacy decisions stay (a
// courier's or a member's id in prose, a key that only says "cell" or "dh", may be the phone).
// Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { detect, redact, redactJson } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

// a look-alike (what the key says is not a phone) and a phone
const A = '13812345678';
const B = '13987654321';
const B_MASKED = '139****4321';

const phones = (text: string): string[] =>
  detect(text)
    .filter((f) => f.kind === 'phone')
    .map((f) => text.slice(f.start, f.end));

// the structures a key is written in: JSON, key=value in a log line, a query string, a table
// header over its column
const latinShapes = [
  (k: string, v: string) => `{"${k}":"${v}","ok":true}`,
  (k: string, v: string) => `ts=2026-11-02T09:01:44Z ${k}=${v} result=OK`,
  (k: string, v: string) => `GET /api/v1/x?${k}=${v}&lang=zh 200`,
  (k: string, v: string) => `${k}\tstatus\n${v}\tOK`,
];
const chineseShapes = [
  (k: string, v: string) => `${k}：${v}`,
  (k: string, v: string) => `${k}=${v}`,
  (k: string, v: string) => `{"${k}":"${v}"}`,
  (k: string, v: string) => `请核对${k} ${v}，谢谢`,
];

/** Whether redactJson leaves `v` under the key `k` as it is. */
function jsonKeeps(k: string, v: string): boolean {
  const { value } = redactJson({ [k]: v }) as { value: Record<string, unknown> };
  return value[k] === v;
}

describe('field names of non-personal numbers in open platforms and their SDKs', () => {
  it.each([
    // courier open platforms: SF, JD, Cainiao e-waybills, ZTO/YTO/STO/J&T, Kuaidi100, Kdniao
    'mailno',
    'mailNo',
    'masterWaybillNo',
    'childWaybillNo',
    'returnWaybillNo',
    'waybill_code',
    'waybill_codes',
    'parent_waybill_code',
    'billCode',
    'txLogisticID',
    'cp_code',
    'trade_order_list',
    'deliveryId',
    'packageCode',
    'packageCodes',
    'boxCode',
    'thrOrderId',
    'LogisticCode',
    'ShipperCode',
    'logistics_no',
    'kuaidinum',
    'nu',
    'expressNo',
    'trackingNumber',
    // Taobao TOP, Pinduoduo, Youzan, Douyin trade and item fields
    'tid',
    'oid',
    'out_sid',
    'num_iid',
    'outer_iid',
    'outer_sku_id',
    'outer_id',
    'refund_id',
    'trade_no',
    'out_trade_no',
    'order_sn',
    'goods_id',
    'mall_id',
    'kdt_id',
    'platorderno',
    'ext_order_no',
    // Shopify, Amazon SP-API, AfterShip, EasyPost
    'order_number',
    'checkout_token',
    'fulfillment_id',
    'line_item_id',
    'variant_id',
    'AmazonOrderId',
    'SellerSKU',
    'ASIN',
    'FNSKU',
    'tracking_code',
    // WMS and TMS: waves, picking, putaway, seals, cages, trolleys, locker grids, staff numbers
    'wave_no',
    'pick_no',
    'pickno',
    'putaway_no',
    'replenish_no',
    'grn_no',
    'location_code',
    'position',
    'seal_no',
    'sealno',
    'cage_id',
    'trolley_no',
    'crate_no',
    'uld_no',
    'truck_no',
    'gate_no',
    'gun_no',
    'emp_code',
    'emp_cd',
    'empno',
    'staff_code',
    'staffNo',
    'job_no',
    'jobno',
    'operatorCode',
    'dept_id',
    'team_code',
    'shift_no',
    'site_cd',
    'order_nbr',
    'cartonNbr',
    // request tracing and signing, devices and firmware
    'trace_id',
    'span_id',
    'req_id',
    'msg_id',
    'msgid',
    'correlationId',
    'session_id',
    'signature',
    'digest',
    'hmac',
    'firmware',
    'release',
    'rfid',
    'epc',
    'qrcode',
    'port',
    // database log positions and rows, line numbers, queues
    'lsn',
    'xid',
    'gtid',
    'rowid',
    'rownum',
    'lineno',
    'queue_no',
    // commerce records: coupons, returns, bookings, parts
    'coupon_id',
    'voucher_no',
    'rma_no',
    'return_no',
    'dispute_id',
    'case_id',
    'payout_id',
    'booking_no',
    'confirmation_no',
    'part_no',
    'article_no',
    'hbl',
    'mbl',
    // garments and customs
    'style_no',
    'hs_code',
    'hscode',
    'tariff_code',
  ])('%s', (key) => {
    for (const shape of latinShapes) expect(phones(shape(key, A)), shape(key, A)).toEqual([]);
    expect(jsonKeeps(key, A), key).toBe(true);
  });
});

describe('pinyin initials of Chinese labels of such numbers', () => {
  // (gkh 格口号, hwh 货位号, kwh 库位号 name slots, whose numbers are short: detect-slot-keys.test.ts)
  it.each([
    ['mdh', '面单号'],
    ['zdh', '子单号'],
    ['zddh', '子订单号'],
    ['jyh', '交易号'],
    ['jydh', '交易单号'],
    ['tkdh', '退款单号'],
    ['gdh', '工单号'],
    ['gdbh', '工单编号'],
    ['pch', '批次号'],
    ['bch', '波次号'],
    ['rwh', '任务号'],
    ['ygbh', '员工编号'],
    ['ygh', '员工号'],
    ['wdbm', '网点编码'],
    ['xlh', '序列号'],
    ['sbh', '设备号'],
    ['lsh', '流水号'],
    ['fph', '发票号'],
    ['tdh', '提单号'],
    ['ddbh', '订单编号'],
    ['ydbh', '运单编号'],
    ['spbm', '商品编码'],
    ['sptm', '商品条码'],
    ['tph', '托盘号'],
    ['jbh', '集包号'],
    ['zbh', '总包号'],
    ['rkdh', '入库单号'],
    ['ydh', '运单号'],
    ['ddh', '订单号'],
  ])('%s (%s)', (key) => {
    for (const shape of latinShapes) expect(phones(shape(key, A)), shape(key, A)).toEqual([]);
    expect(jsonKeeps(key, A), key).toBe(true);
  });
});

describe('Chinese labels of such numbers, in key=value, JSON and prose', () => {
  it.each([
    // waybills and orders
    '母单号',
    '子单号',
    '回单号',
    '商户订单号',
    '报关单号',
    '查询号',
    // sorting centres: seals, cages, routing codes
    '封签号',
    '铅封号',
    '封条号',
    '车签号',
    '笼号',
    '三段码',
    '大头笔',
    '路区号',
    '班次号',
    // warehouses, lockers, materials (the places inside a warehouse or a locker, 储位号, 格子号,
    // have short numbers: a long one under them is read as what it is, detect-slot-keys.test.ts)
    '柜机号',
    '物料号',
    '料号',
    '品号',
    '包装号',
    '条码号',
    // merchants, shops, staff badges, devices
    '商户号',
    '门店号',
    '店铺号',
    '工牌号',
    '机器码',
    '芯片号',
    '巴枪号',
    // receipts, vouchers and coupons
    '收据号',
    '凭证号',
    '优惠券号',
    '券码',
    '卡券号',
    // a Latin number word after the word of a thing, a place or a staff member
    '商品ID',
    '货品ID',
    '设备ID',
    '任务ID',
    '活动ID',
    '员工ID',
    '站点ID',
    '工单ID',
    'SN码',
    'IMEI号',
    'RFID号',
    // as customers write them: a slip, a spec code, a return parcel, a carrier's slip
    '单子',
    '规格',
    '退货快递',
    '顺丰单',
    '中通单',
    // garments, barcodes, queues, rows
    '款号',
    '色号',
    '69码',
    '国标码',
    '排队号',
    '行号',
    // an operator's, a driver's or a clerk's number, as operatorId is in code
    '人员ID',
    '操作员ID',
    '司机ID',
    '业务员ID',
  ])('%s', (key) => {
    for (const shape of chineseShapes) expect(phones(shape(key, A)), shape(key, A)).toEqual([]);
    expect(jsonKeeps(key, A), key).toBe(true);
  });
});

describe('labels staff write in English prose', () => {
  it.each([
    'Seal No.',
    'AWB No.',
    'Consignment No.',
    'Job No.',
    'Case ID',
    'RMA #',
    'Order Nbr',
    'Part No.',
    'Article number',
    'Booking ref',
    'Confirmation number',
    'Return No.',
    'Employee No.',
    'Employee ID',
    'Staff No.',
    'Badge number',
    'Payroll no.',
    'Trolley no.',
    'Session ID',
    'Correlation ID',
    'ASIN',
    // handling units of WMS and air freight, and a sequence
    'Trolley',
    'Crate',
    'ULD',
    'Sequence',
    'Seq',
    'Style No.',
    'HS code',
    'Line no.',
  ])('%s', (label) => {
    for (const text of [`Please check ${label} ${A} today.`, `${label}: ${A}`])
      expect(phones(text), text).toEqual([]);
  });
});

describe('keys and labels that name a phone keep it a phone in the same structures', () => {
  it.each([
    'receiverMobile',
    'receiver_mobile',
    'receiverPhone',
    'receiveMobile',
    'receiveTel',
    'buyer_mobile',
    'consignee_tel',
    'consignee_phone',
    'contact_phone',
    'senderMobile',
    'senderTel',
    'send_phone',
    'shipper_tel',
    'dst_phone',
    'src_phone',
    'j_tel',
    'd_tel',
    'reserved_mobile',
    'bind_mobile',
    'login_mobile',
    'mobile_no',
    'phoneNumber',
    'contactNumber',
    'receiver_no',
    'recipientNumber',
    'sjhm',
    'lxdh',
    'sjrdh',
    'shrdh',
    'yddh',
    'shoujihao',
    'courier_mobile',
    'staffMobile',
    'emp_mobile',
    'picker_phone',
    'seal_contact_phone',
    'waybill_receiver_phone',
    'sku_owner_phone',
    // initials that also spell a phone's label stay a phone: 办公电话, 电话
    'bgdh',
    'dh',
    // a locker's "cell" is also a cell phone: a contact word wins
    'cell_no',
    // a person, a login, a courier alone
    'user',
    'login',
    'courier',
    'operator',
    // LINE, the messenger, whose id may be the phone
    'line',
  ])('%s', (key) => {
    for (const shape of latinShapes) expect(phones(shape(key, B)), shape(key, B)).toEqual([B]);
    expect(jsonKeeps(key, B), key).toBe(false);
  });

  it.each([
    '手机号码',
    '联系电话',
    '收件人电话',
    '取件人手机',
    '预留手机号',
    '绑定手机',
    '注册手机号',
    '收货人手机号',
    '联系人手机',
    '备用电话',
    '紧急联系电话',
    '骑手电话',
    '员工手机',
    '站点电话',
    '网点电话',
    '门店电话',
    '商户电话',
    '会员手机号',
    // a person's or a place's word alone; a member's id and a party's "number" may be the phone
    '快递员',
    '员工',
    '操作员',
    '司机',
    '站点',
    '门店',
    '会员ID',
    '收件人号码',
    // a phone's label that mentions one of the new words
    '设备管理员电话',
    '活动咨询电话',
    '单子上的电话',
  ])('%s', (key) => {
    for (const shape of chineseShapes) expect(phones(shape(key, B)), shape(key, B)).toEqual([B]);
    expect(jsonKeeps(key, B), key).toBe(false);
  });

  it.each([
    'Mobile',
    'Mob.',
    'Tel.',
    'Phone No.',
    'Contact number',
    'Recipient phone',
    'Consignee tel',
    'Receiver No.',
    'Courier ID',
    'Member ID',
  ])('%s in prose', (label) => {
    for (const text of [`Please check ${label} ${B} today.`, `${label}: ${B}`])
      expect(phones(text), text).toEqual([B]);
  });

  it('a container of records or callers is no thing: its bare values stay phones', () => {
    expect(redactJson({ rows: [['王五', B, 2]] }).value).toEqual({ rows: [['王五', B_MASKED, 2]] });
    expect(redactJson({ queue: [B] }).value).toEqual({ queue: [B_MASKED] });
    for (const k of ['sessions', 'bookings', 'reservations', 'exchange', 'counter'])
      expect(redactJson({ [k]: [['王五', B]] }).value, k).toEqual({ [k]: [['王五', B_MASKED]] });
  });

  it('a one-letter word before a key is no part of it (the Z of a timestamp, a lone initial)', () => {
    expect(phones(`ts=2026-11-02T09:01:44Z dh=${B}`)).toEqual([B]);
    expect(phones(`m dh=${B}`)).toEqual([B]);
    expect(phones(`ts=2026-11-02T09:01:44Z zdh=${A}`)).toEqual([]);
  });
});

describe('a look-alike and a phone in one record', () => {
  it.each([
    `{"waybillCode":"${A}","receiverMobile":"${B}"}`,
    `{"tid":"${A}","receiver_mobile":"${B}"}`,
    `out_sid=${A}&receiver_phone=${B}&lang=zh`,
    `wave_no=${A} picker_phone=${B} result=OK`,
    `seal_no=${A} driver_mobile=${B}`,
    `封签号：${A}，司机电话：${B}`,
    `{"员工ID":"${A}","员工手机":"${B}"}`,
    `托盘号=${A} 联系电话=${B}`,
    `mdh\tsjhm\n${A}\t${B}`,
    `| tph | lxdh |\n|---|---|\n| ${A} | ${B} |`,
    `Employee No. ${A}, mobile ${B}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([B]);
    const out = redact(text).text;
    expect(out).toContain(A);
    expect(out).not.toContain(B);
  });

  it('redactJson keeps the identifiers and masks the phone of one nested record', () => {
    const record = {
      trade: { tid: A, num_iid: A, out_sid: A, receiver_mobile: B },
      wms: { wave_no: A, pick_no: A, seal_no: A, picker: { emp_code: A, mobile: B } },
      pinyin: { mdh: A, jbh: A, sjhm: B },
      中文: { 封签号: A, 商品ID: A, 员工ID: A, 联系电话: B },
    };
    expect(redactJson(record).value).toEqual({
      trade: { tid: A, num_iid: A, out_sid: A, receiver_mobile: B_MASKED },
      wms: { wave_no: A, pick_no: A, seal_no: A, picker: { emp_code: A, mobile: B_MASKED } },
      pinyin: { mdh: A, jbh: A, sjhm: B_MASKED },
      中文: { 封签号: A, 商品ID: A, 员工ID: A, 联系电话: B_MASKED },
    });
  });
});

describe('the key readers this file tests cost time linear in the text', () => {
  const units = [
    `{"员工ID":"${A}"} `,
    `{"储位号":"${A}"} `,
    `{"SN码":"${A}"} `,
    `员工ID：${A}，`,
    `Employee No. ${A} `,
    `Z dh=${B} `,
    '员工员工员工员工',
    `{"员工员工员工员工ID":"${A}"} `,
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

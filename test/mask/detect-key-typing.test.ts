// The key types the value: keys written the way systems write them (camelCase, snake_case,
// kebab-case, dotted paths, numbered keys, upper-case runs, pinyin, Chinese) are read as words.
// A contact word makes a phone key; the word of a thing (waybill, wave, cabinet, pda, ticket)
// or an identifier of a thing or a person (courier_id, pickerNo, locker_sn) makes a key of
// numbers that are not personal data; anything else says nothing, so a mobile-shaped value
// stays a phone. Table headers (CSV, TSV, ';', markdown, ASCII, a SELECT's column list) type
// their columns the same way. A private address of the operator's own machine under a
// server-side key is not reported. Every rule is tested both ways, with the same structure
// holding a real phone. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact, redactJson } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found, phones } from '../support/detect-findings.js';

const A = '13812345678';
const B = '13987654321';

const ips = (text: string) => found(text, 'ip');

// the structures a key is written in; each takes the key, and A is the value
const shapes = [
  (k: string) => `{"${k}":"${A}","ok":true}`,
  (k: string) => `ts=2026-11-02T09:01:44Z ${k}=${A} result=OK`,
  (k: string) => `GET /api/v1/scan?${k}=${A}&lang=zh 200`,
  (k: string) => `<${k}>${A}</${k}>`,
  (k: string) => `${k}: ${A}`,
];

describe('a key naming a thing or an identifier: its mobile-shaped value is not a phone', () => {
  it.each([
    'waveNo',
    'wave',
    'task_id',
    'pickTaskNo',
    'batch-no',
    'lot_no',
    // the locker cabinet itself: a terminal, numbered as its maker numbers devices (its doors and
    // cells, whose numbers are short, keep a long value as what it is: detect-slot-keys.test.ts)
    'cabinet',
    'cabinetNo',
    'locker_sn',
    'lockerId',
    'PDA',
    'pdaSerial',
    'device-sn',
    'terminalNo',
    'scanner_id',
    'printer_sn',
    'courier_id',
    'courierNo',
    'operatorId',
    'op_id',
    'staff_no',
    'empNo',
    'pickerNo',
    'worker_id',
    'user_id',
    'memberNo',
    'site_code',
    'stationId',
    'hubCode',
    // a place of the courier network alone: its code (a place's phone has a contact word)
    'station',
    'site',
    'hub',
    'dest_site',
    'ticket_no',
    'ticketId',
    'afterSaleNo',
    'claim_id',
    'refundNo',
    'invoice_no',
    'waybill_no_1',
    'waybill_2',
    'order.id',
    'subOrderNo',
    'originalOrderNo',
    'parcel_id',
    'tracking-number',
    'ASN',
    'sscc',
    'seq',
    'sequenceNo',
    'trace_id',
    'spanId',
    'requestId',
    'nonce',
    'eventId',
    'biz_id',
    'job_id',
    'routeCode',
    'tripNo',
    'pallet_id',
    'toteNo',
    'SKUCode',
    'skuList',
  ])('%s', (key) => {
    for (const shape of shapes) expect(phones(shape(key)), shape(key)).toEqual([]);
  });
});

describe('the same structures with a contact word, or a key that says nothing: the phone stays', () => {
  it.each([
    // a contact word wins over every other word in the key
    'mobile_1',
    'mobile2',
    'phone_2',
    'tel3',
    'courierPhone',
    'courier_mobile',
    'picker_phone',
    'staffMobile',
    'operatorTel',
    'emp_mobile',
    'stationPhone',
    'site_tel',
    'orderContactTel',
    'order_receiver_mobile',
    'waybill_contact',
    'lockerUserPhone',
    'cabinet_mobile',
    'deviceMsisdn',
    'contact_id',
    'shouJianRenDianHua',
    'shoujihao',
    'sjdh',
    // a person or a login alone: often written down as their mobile
    'user',
    'login',
    'account',
    'operator',
    'op',
    'courier',
    'rider',
    'staff',
    'receiver',
    'username',
    // keys that say nothing
    'to',
    'k1',
    'value',
    'dh',
    'wechatId',
  ])('%s', (key) => {
    for (const shape of shapes) expect(phones(shape(key)), shape(key)).toEqual([A]);
  });

  it('reads the key of each value, not of its neighbours', () => {
    expect(phones(`{"courier_id":"${A}","courier_mobile":"${B}"}`)).toEqual([B]);
    expect(phones(`picker_no=${A} picker_phone=${B}`)).toEqual([B]);
    expect(phones(`{"lockerSn":"${A}","cell":"08","userPhone":"${B}"}`)).toEqual([B]);
    expect(phones(`{"mobile_1":"${A}","mobile_2":"${B}","waybill_1":"13700001111"}`)).toEqual([A, B]);
  });

  it('an id under a parent key belongs to the parent', () => {
    expect(phones(`picker.id=${A} picker.phone=${B}`)).toEqual([B]);
    expect(phones(`{"picker":{"id":"${A}","phone":"${B}"}}`)).toEqual([B]);
    expect(phones(`{"receiver":{"id":"${A}","mobile":"${B}"}}`)).toEqual([B]);
    expect(phones(`{"device":{"sn":"${A}"}}`)).toEqual([]);
    // a parent that names a way to reach someone, or a personal account, keeps it
    expect(phones(`{"contact":{"id":"${A}"}}`)).toEqual([A]);
    expect(phones(`{"phone":{"no":"${A}"}}`)).toEqual([A]);
    expect(phones(`{"wechat":{"id":"${A}"}}`)).toEqual([A]);
  });

  it('a Latin number word after a Chinese key of a thing or a person', () => {
    expect(phones(`骑手ID：${A}`)).toEqual([]);
    expect(phones(`订单ID：${A}`)).toEqual([]);
    expect(phones(`快递员No.${A}`)).toEqual([]);
    expect(phones(`微信ID：${A}`)).toEqual([A]);
    expect(phones(`手机No：${A}`)).toEqual([A]);
  });

  it('a plain word in prose is not read as a key by its words', () => {
    expect(phones(`request from ${A}`)).toEqual([A]);
    expect(phones(`the box ${A} please`)).toEqual([A]);
    expect(phones(`my number ${A}`)).toEqual([A]);
    expect(phones(`call the station ${A}`)).toEqual([A]);
    // a thing's identifier named in prose is one; a person's "courier id" in a sentence may be the
    // phone they signed up with, so it stays a phone (written as a key, courier_id, it is an id)
    expect(phones(`watermark id ${A}, next run 16:00`)).toEqual([]);
    expect(phones(`courier id ${A}`)).toEqual([A]);
    expect(phones(`courier_id=${A}`)).toEqual([]);
  });
});

describe('keys of the people of after-sales and orders name them', () => {
  it.each([
    ['{"applicant":"唐志远","ticketNo":"T1"}', '唐志远'],
    ['claimant=Sarah Lee;', 'Sarah Lee'],
    ['{"customer":"欧阳娜娜"}', '欧阳娜娜'],
    ['passenger="王伟" seat=12A', '王伟'],
  ])('%s', (text, name) => {
    expect(found(text, 'name')).toEqual([name]);
  });
  it('not a company, and not an id under the same word', () => {
    expect(found('{"customer":"Acme Express Ltd"}', 'name')).toEqual([]);
    expect(phones(`{"customer":"欧阳娜娜","customer_id":"${A}","customer_phone":"${B}"}`)).toEqual([B]);
  });
});

describe('Chinese and pinyin keys of things', () => {
  it.each([`SKU编码：${A}`, `波次号 ${A}`, `批次：${A}`, `序号=${A}`, `托盘号：${A}`])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([`手机号：${A}`, `收件人电话=${A}`, `联系方式：${A}`, `库位联系人电话：${A}`])(
    '%s keeps the phone',
    (text) => {
      expect(phones(text)).toEqual([A]);
    },
  );
});

describe('a header types its column', () => {
  it.each([
    ['CSV', `rank,courier_id,site,delivered\n1,${A},HZ-01,412\n2,13812345670,HZ-02,398`],
    ['CSV with a phone column beside it', `courier_id,name,mobile,site\n${A},侯明,${B},HZ-01`],
    ['quoted CSV of two columns', `"Phone Number","Order ID"\n"${B}","${A}"`],
    ['semicolon CSV', `order_id;sku;qty;total_fen\n${A};A-1382-55;1;13800`],
    ['semicolon CSV with a phone', `order_id;receiver_mobile;qty\n${A};${B};1`],
    ['TSV', `SKU编码\t商品条码\t库位\t库存\n${A}\t6941234500019\tB-07-12\t120`],
    ['markdown', `| device_sn | owner_phone |\n|---|---|\n| ${A} | ${B} |`],
    [
      'ASCII',
      `+-------------+-------+\n| locker_sn   | cells |\n+-------------+-------+\n| ${A} |    48 |\n+-------------+-------+`,
    ],
    [
      'a SELECT and its rows',
      `mysql> select o.order_no, o.receiver_mobile AS mob, status from t_order o limit 1;\n| ${A} | ${B} | SIGNED |`,
    ],
    ['a SELECT with a phone column', `SELECT task_id, picker_phone FROM t_task;\n| ${A} | ${B} |`],
    ['psql output', ` waybill_no  | receiver_mobile\n-------------+-----------------\n ${A} | ${B}\n(1 row)`],
    ['a vertical result', `*** 1. row ***\n     waybill_no: ${A}\nreceiver_mobile: ${B}`],
    ['Chinese TSV', `工号\t姓名\t手机\n${A}\t王伟\t${B}`],
    ['Chinese markdown', `| 员工编号 | 姓名 | 联系电话 |\n| --- | --- | --- |\n| ${A} | 王伟 | ${B} |`],
    ['a person column beside identifiers', `wave_no,task_no,picker\n${A},13812345670,${B}`],
  ])('%s', (_name, text) => {
    // only what is under a phone column is a phone
    const want = text.includes(B) ? [B] : [];
    expect(phones(text)).toEqual(want);
  });

  it('a header of keys that say nothing leaves the phones', () => {
    expect(phones(`a;b;c\n${A};${B};1`)).toEqual([A, B]);
    expect(phones(`SELECT a, b FROM t;\n| ${A} | ${B} |`)).toEqual([A, B]);
    expect(phones(`user,login,station\n${A},${B},HZ-01`)).toEqual([A, B]);
  });

  it('an INSERT statement types its values by the column words', () => {
    const text = `INSERT INTO t_task (task_no, wave_no, picker_mobile) VALUES ('${A}', '13812345670', '${B}');`;
    expect(phones(text)).toEqual([B]);
  });
});

describe('a row without a header: two reference numbers of a shipment beside its state', () => {
  it.each([
    `${A}\t${B}\t已揽收\t2026-11-02 08:10`,
    `${A}|${B}|派送中|2026-11-02`,
    `${A},${B},delivered,2026-11-02 08:10`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    // no state: a SKU and a quantity do not make two numbers references
    `${A}\t${B}\tSKU-1\t2`,
    `${A},${B},2026-11-02`,
    // a name in the row
    `张三\t${A}\t${B}\t已签收`,
  ])('%s keeps the phones', (text) => {
    expect(phones(text)).toEqual([A, B]);
  });
});

describe('redactJson reads keys as words too', () => {
  it('leaves the identifiers and masks the phones', () => {
    const { value } = redactJson({ courier_id: A, courier_mobile: B, waveNo: A, mobile_2: B });
    expect(value).toEqual({
      courier_id: A,
      courier_mobile: '139****4321',
      waveNo: A,
      mobile_2: '139****4321',
    });
  });
});

describe('a private address of a server-side machine', () => {
  it.each([
    'host=10.24.3.17',
    '{"upstream":"127.0.0.1:8080"}',
    'server: 172.16.0.9',
    'node.ip=192.168.3.4',
    'pod_ip=10.244.1.7',
    'backend_addr=10.1.0.5',
    'instance="172.31.255.1"',
  ])('%s is not reported', (text) => {
    expect(ips(text)).toEqual([]);
  });
  it.each([
    // a client-side word in the key keeps any address personal
    ['client_ip=10.24.3.17', '10.24.3.17'],
    ['remote_addr=192.168.1.20', '192.168.1.20'],
    ['X-Forwarded-For: 10.1.1.1', '10.1.1.1'],
    ['user_ip=10.0.0.8', '10.0.0.8'],
    ['client_host=10.0.0.1', '10.0.0.1'],
    ['device_ip=192.168.0.7', '192.168.0.7'],
    // a public address, even under a server key
    ['host=8.8.8.8', '8.8.8.8'],
    ['upstream=172.32.0.1', '172.32.0.1'],
    // no key: the head of an access log line is the client
    ['10.24.3.17 - - [02/Nov/2026:09:12:55 +0800] "GET / HTTP/1.1" 200', '10.24.3.17'],
  ])('%s is reported', (text, ip) => {
    expect(ips(text)).toEqual([ip]);
    expect(redact(text).text).not.toContain(ip);
  });
});

describe('the rules of this file cost time linear in the text', () => {
  const units = [
    `courier_id=${A} `,
    'a_b_c_d_e_f_g_h_i_j_k_l_m_n_o_p=',
    'aBcDeFgHiJkLmNoP:',
    `watermark id ${A} `,
    `"locker_sn","cells"\n"${A}","48"\n`,
    `order_id;sku\n${A};A-1\n`,
    `select a_no, b_no, c_no from t;\n| ${A} | ${B} | x |\n`,
    `${A}\t${B}\t已揽收\t2026-11-02\n`,
    'select a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s from ',
    'host=10.1.2.3 ',
    `{"picker":{"id":"${A}"}}`,
    `骑手ID：${A}，`,
    'x_x_x_x_x_x_x_x_x_x_x_x_x_x_x_x_x_x_x_x=10.0.0.1 ',
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

describe("an identity or card number under the label of someone's identifier stays personal", () => {
  // a valid resident ID (GB 11643 check character) and a Luhn-valid card number, both synthetic
  const ID = '110105199003071239';
  const CARD = '6222021234567890128';
  it.each([
    `Importer ID: ${ID}`,
    `Holder ID ${ID}`,
    `customer_id=${ID}`,
    `Consignee ID No. ${ID}`,
    `"buyerId":"${ID}"`,
    `Staff ID ${ID}`,
  ])('%s', (text) => {
    expect(found(text, 'idNumber')).toEqual([ID]);
  });
  it.each([`Payee account no ${CARD}`, `account_no=${CARD}`, `payee_card_no=${CARD}`])('%s', (text) => {
    expect(found(text, 'bankCard')).toEqual([CARD]);
  });
  it("a thing's label still takes an identity-shaped number", () => {
    expect(found(`order_id=${ID}`, 'idNumber')).toEqual([]);
    expect(found(`waybill no ${ID}`, 'idNumber')).toEqual([]);
  });
});

describe('the judgement calls masking.md lists under "Still out of reach"', () => {
  const ID = '110105199003071239';
  it("a phone-shaped value under a person's identifier key is read as that identifier", () => {
    for (const key of ['courier_no', 'member_no', 'user_id', 'receiver_id'])
      expect(phones(`${key}=${A}`)).toEqual([]);
  });
  it("a valid resident ID under a thing's key is taken by the label", () => {
    for (const key of ['order_id', 'task_id', 'serial'])
      expect(found(`${key}=${ID}`, 'idNumber')).toEqual([]);
  });
});

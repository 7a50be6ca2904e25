// Mobile-shaped numbers in machine-made text that a structure says are no one's: a place of the
// courier network keyed on its own (site=, "station":, a `hub` column, a metrics label), the two
// round ends of a numbering range (from 13400000000 to 13499999999), a database's duplicate-entry
// error under an index of waybills, an X12 EDI reference (REF*BM*…), and the Chinese words of a
// sorting centre's cages, seals and lockers (笼车, 车签号, 柜机, 本批). Names in X12 N1 and PER
// segments are found. Each rule is tested the other way round: the same shape with
// a contact word, a phone column, a person's key or an index of mobiles stays a phone.
// Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found, phones } from '../support/detect-findings.js';

const A = '13812345678';
const B = '15900001234';

describe('a place of the courier network keyed on its own holds its code', () => {
  it.each([
    `event=inbound site=${A} parcels=12`,
    `{"hub":"${A}","lane":3}`,
    `dispatch_total{station="${A}",shift="night"} 42`,
    `<depot>${A}</depot>`,
    `next_site=${A} eta=18:40`,
    `"originWarehouse":"${A}"`,
    `courier_id,name,mobile,branch\n9001,陈红,${B},${A}`,
  ])('%s', (text) => {
    expect(phones(text)).not.toContain(A);
  });

  it.each([
    `site_phone=${A} site=SZ01`,
    `{"stationTel":"${A}"}`,
    `hub_contact=${A}`,
    `contact station: ${A}`,
    `the station ${A} called twice`,
    `please call the depot ${A}`,
    `courier_id,name,mobile,branch\n9001,陈红,${A},SZ-01`,
  ])('a contact word, a prose sentence or a phone column keeps it a phone: %s', (text) => {
    expect(phones(text)).toContain(A);
  });

  it('keeps a courier, a user or an operator keyed on their own a phone (they log in with it)', () => {
    for (const key of ['courier', 'user', 'operator'])
      expect(phones(`${key}=${A} site=${B}`), key).toEqual([A]);
  });
});

describe("the round ends of a numbering range are no one's", () => {
  it.each([
    ['-- backfill from 13400000000 to 13499999999 done', ['13400000000', '13499999999']],
    ['SELECT count(*) FROM t_bill WHERE mail_no BETWEEN 17100000000 AND 17199999999;', []],
    ['segment: [18800000000, 18899999999]', []],
    ['号段 15000000000 至 15099999999 已分配给华南', []],
    ['allocate 19912340000 ~ 19912349999 to printer 3', []],
    ['bag range 14500000000-14599999999 reserved', []],
    ['{"rangeStart":"13400000000","rangeEnd":"13499999999"}', []],
    ['waybill_seg min=16600000000 max=16699999999', []],
    ['GET /alloc?from=19100000000&to=19100099999', []],
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    // a phone ending in 000 and one ending in 999, written as two numbers, not as a range
    [`联系 13812345000、13912345999`, ['13812345000', '13912345999']],
    [`13800000000 and 13899999999`, ['13800000000', '13899999999']],
    [`call 13812340000 or 13812349999`, ['13812340000', '13812349999']],
    // not round: two phones with a dash between
    [`电话 13812345670 - 15987654329`, ['13812345670', '15987654329']],
    // the upper end lower than the lower one
    [`from 13900000000 to 13899999999`, ['13900000000', '13899999999']],
    // a phone word in the clause: a change of number, a query over phones
    [`my phone changed from 13812345000 to 13912345999`, ['13812345000', '13912345999']],
    [`WHERE mobile BETWEEN 13800000000 AND 13899999999`, ['13800000000', '13899999999']],
    // round numbers under keys that are no bounds
    [`old=13800000000 new=13899999999`, ['13800000000', '13899999999']],
    [`{"phone":"13800000000","backup":"13899999999"}`, ['13800000000', '13899999999']],
    // a vanity number alone
    [`receiver_mobile=13800000000`, ['13800000000']],
  ])('two numbers not written as a round range stay phones: %s', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('a duplicate-entry error is read with the key its index names', () => {
  it.each([
    `ERROR 1062 (23000): Duplicate entry '${A}' for key 't_waybill.uk_waybill_no'`,
    `Duplicate entry '${A}' for key 'uk_order_no'`,
    `Duplicate entry '${A}' for key 'waybill_no_UNIQUE'`,
    `SQLIntegrityConstraintViolationException: Duplicate entry '${A}-2' for key 'idx_order_sku'`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    `ERROR 1062 (23000): Duplicate entry '${A}' for key 't_user.uk_mobile'`,
    `Duplicate entry '${A}' for key 'idx_receiver_phone'`,
    // an index that names no column says nothing
    `Duplicate entry '${A}' for key 'PRIMARY'`,
    `Duplicate entry '${A}' for key 'uk_login'`,
  ])('an index of phones, or of nothing said, keeps it a phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('X12 EDI: a REF segment holds a reference, N1 and PER a name', () => {
  it.each([
    `EDI 214 in: ST*214*0042~REF*BM*${A}~N1*SH*ACME LOGISTICS CO~`,
    `REF*CN*${A}~REF*PO*${B}~`,
    `N4*Hangzhou**310000*CN~REF*SI*${A}~SE*12*0042~`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    [`N1*ST*Wang Fang~PER*IC**TE*${A}~REF*BM*${B}~`, [A]],
    [`PER*IC*Li Na*CP*${A}~`, [A]],
    // a social security number qualifier is a person's
    [`N1*ST*Chen Jie~REF*SY*${A}~`, [A]],
  ])("a contact segment's number, and REF*SY, stay: %s", (text, want) => {
    expect(phones(text)).toEqual(want);
  });

  it('reads party and contact names, not companies', () => {
    expect(found(`N1*ST*Wang Fang~N1*SF*ACME LOGISTICS CO~PER*IC*Li Na*TE*${A}~`, 'name')).toEqual([
      'Wang Fang',
      'Li Na',
    ]);
    expect(found('log: N1*BT*Zhou Min~N3*88 Keyuan Road~', 'name')).toEqual(['Zhou Min']);
  });
});

describe('the words of cages, seals, lockers and batches in a sorting centre', () => {
  it.each([
    `装车完成 车签号${A} 目的中心 广州`,
    `笼车${A} 已满，封签号${B}`,
    `铅封号：${A}`,
    `柜机 ${A} 离线告警`,
    `本批 ${A} 共 3 票`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([`笼车司机 ${A} 已到`, `柜机管理员电话 ${A}`, `本批次联系人 ${A}`, `装车完成，有问题打 ${A}`])(
    'a person or a phone word after them keeps it a phone: %s',
    (text) => {
      expect(phones(text)).toEqual([A]);
    },
  );
});

describe("the key of a message or an event about a thing is the thing's number", () => {
  it.each([
    `consume ok topic=wms.outbound.wave partition=1 offset=88 key=${A} lag=0`,
    `{"msgId":"AC1100","tag":"PARCEL_INBOUND","keys":"${A}","reconsumeTimes":0}`,
    `{"id":"${A}","type":"stock.reserved","data":{"qty":2}}`,
    `send ok: topic=tms_trip_departed, msgKey=${A}`,
    `{\n  "eventType": "order.paid",\n  "bizKey": "${A}"\n}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    // a topic of a channel that reaches a person, of a person, or of nothing said
    `consume ok topic=waybill.sms.notify key=${A}`,
    `{"id":"${A}","type":"user.registered"}`,
    `topic=order.customer.updated key=${A}`,
    `topic=misc key=${A}`,
    // a topic far away in another record
    `topic=wms.wave\n\nkey=${A}`,
  ])("a person's topic, a channel or no topic keeps it a phone: %s", (text) => {
    expect(phones(text)).toEqual([A]);
  });

  it("keeps a phone under its own key in the body of a thing's event", () => {
    expect(phones(`{"tag":"ORDER_CREATED","keys":"${A}","body":{"receiverMobile":"${B}"}}`)).toEqual([B]);
  });
});

describe('carrier and sorter field names', () => {
  it.each([
    `{"lastResult":{"nu":"${A}","com":"zhongtong","state":"3"}}`,
    `SRT|CH=0412|BC=${A}|W=1.22|OK`,
    `buyer opened after-sale ${A} for order 778812`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    `{"lastResult":{"nu":"SF1234567","phone":"${A}"}}`,
    `SRT|BC=SF1234567|TEL=${A}|OK`,
    `after-sales contact ${A}`,
  ])('a contact key or word beside them keeps the phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('queries: a column governs the values compared with it', () => {
  it.each([
    `UPDATE t_waybill SET status = 3 WHERE waybill_no IN (${A}, ${B});`,
    `DELETE FROM t_bag b WHERE b.bag_no IN ('${A}','${B}')`,
    `select * from t_order where order_no not in (${A})`,
    `WHERE mail_no >= ${A} AND mail_no <= ${B}`,
    `WHERE order_no != ${A}`,
    `WHERE bag_no <> ${A}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    [`select * from t_user where mobile in ('${A}','${B}')`, [A, B]],
    [`WHERE receiver_phone <> ${A}`, [A]],
    [`WHERE note IN ('call ${A}')`, [A]],
    [`我在 (${A}) 这里`, [A]],
    [`sign in (${A})`, [A]],
  ])('a column of phones, of nothing said, or no query keeps them: %s', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('a cell under a phone column is read under its column only', () => {
  it.each([
    `waybill_no\tstatus\tmobile\nSF1001\tSIGNED\t${A}`,
    `waybill_no\tstatus\tmobile\n${B}\tSIGNED\t${A}`,
    `| order | state | phone |\n| 5521 | delivered | ${A} |`,
  ])('a status word in the cell before it labels nothing: %s', (text) => {
    expect(phones(text)).toContain(A);
  });

  it('the other cells of the row still follow their own columns', () => {
    expect(phones(`waybill_no\tstatus\tmobile\n${B}\tSIGNED\t${A}`)).toEqual([A]);
  });
});

describe("a romanized name after a role in a system's sentence", () => {
  it.each([
    ['Courier Zhou Bin (staff no. 8812) will call you', 'Zhou Bin'],
    ['your parcel was handed to rider Li Na at 10:02', 'Li Na'],
    ['Driver WANG FANG is on the way', 'WANG FANG'],
    ['consignee Sarah Lee refused the parcel', 'Sarah Lee'],
  ])('%s', (text, name) => {
    expect(found(text, 'name')).toEqual([name]);
  });

  it.each([
    'courier SF Express picked up',
    'Rider App updated',
    'driver Pick Up Point B',
    'sender Apple Store',
    'receiver Hong Kong office',
  ])('words that do not read as a name stay: %s', (text) => {
    expect(found(text, 'name')).toEqual([]);
  });
});

describe('grows linearly', () => {
  const units = [
    `site=${A} `,
    `{"hub":"${A}"},`,
    'from 13400000000 to 13499999999; ',
    '13400000000 to ',
    `Duplicate entry '${A}' for key 'uk_waybill_no'\n`,
    "Duplicate entry '",
    `REF*BM*${A}~N1*ST*Wang Fang~`,
    'REF*~',
    `笼车${A} `,
    `topic=wms.wave key=${A} `,
    `{"id":"${A}","type":"stock.reserved"},`,
    'key=',
    'topic=wave.',
    `waybill_no IN (${A}, ${B}) `,
    ' in (',
    'bag_no in ((',
    `waybill_no\tstatus\tmobile\nSF1\tSIGNED\t${A}\n`,
    'Courier Zhou Bin, ',
    'courier ',
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

// Regressions of the context negatives, found by an adversarial sweep that put real personal data
// into the structures the context rules read (keys read as words, table headers, headerless
// shipment rows): a person's identity number, card or phone must not be taken for a thing's
// number. Each case is tested both ways: the same structure holding a thing's number keeps the
// rule's reading. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found, phones } from '../support/detect-findings.js';

const A = '13812345678';
const B = '13987654321';
// a resident ID with a valid date and check character (invented)
const ID = '110101199003072316';

describe("a table column of someone's identifier keeps an identity number", () => {
  it.each([
    ['consignee_id', ';'],
    ['receiver_id', ','],
    ['Importer ID', '\t'],
    ['customer_no', '|'],
  ])('%s split at %j', (col, d) => {
    const text = `waybill${d}consignee${d}${col}\nSF1234567890123${d}张伟${d}${ID}\nSF1234567890124${d}李娜${d}YT0001`;
    expect(found(text, 'idNumber')).toEqual([ID]);
    expect(redact(text).text).not.toContain(ID);
  });
  it("a SELECT column of someone's identifier keeps an identity number", () => {
    const text = `SELECT waybill_no, consignee_id FROM t;\n| SF1234567890123 | ${ID} |`;
    expect(found(text, 'idNumber')).toEqual([ID]);
  });
  it('the same column with a mobile-shaped number keeps the identifier reading', () => {
    expect(phones(`waybill;consignee;consignee_id\nSF1234567890123;张伟;${A}`)).toEqual([]);
  });
  it("a thing's column still takes a number that does not check as an identity", () => {
    expect(found(`waybill,consignee,task_id\nSF1234567890123,张伟,110101199003079999`, 'idNumber')).toEqual(
      [],
    );
  });
});

describe('a headerless shipment row: a waybill beside a mobile does not make it a reference', () => {
  it.each([
    `2026110200123\t${A}\tdelivered`,
    `9876543210123|${A}|delivered`,
    `[2026-11-02 10:00] order_id\treceiver_mobile\tstatus\n2026110200123\t${A}\tdelivered`,
  ])('%s keeps the phone', (text) => {
    expect(phones(text)).toEqual([A]);
  });
  it.each([`${A}\t${B}\t已揽收\t2026-11-02 08:10`, `${A}|${B}|派送中|2026-11-02`])(
    '%s: two mobile-shaped references of one shipment are not phones',
    (text) => {
      expect(phones(text)).toEqual([]);
    },
  );
});

describe("a shipment's or a call's party with a number word names their phone", () => {
  const shapes = [
    (k: string) => `{"${k}":"${A}","waybill_no":"SF1234567890123"}`,
    (k: string) => `${k}=${A}&status=delivered`,
    (k: string) => `${k}: ${A}`,
    (k: string) => `<${k}>${A}</${k}>`,
  ];
  it.each([
    'receiver_no',
    'receiverNo',
    'recipient_number',
    'recipientNumber',
    'sender_number',
    'consigneeNo',
    'shipper_num',
    'called_number',
    'calling_number',
  ])('%s keeps the phone', (k) => {
    for (const f of shapes) expect(phones(f(k))).toEqual([A]);
  });
  it.each(['courier_no', 'riderNo', 'member_no', 'customer_number', 'receiver_id', 'sender_code'])(
    '%s stays an identifier',
    (k) => {
      for (const f of shapes) expect(phones(f(k))).toEqual([]);
    },
  );
});

describe('a phrase label gives way to a call back to the number right after it', () => {
  it.each([
    `你的包裹 ${A}，打这个电话`,
    `您的包裹 ${A} 打这个`,
    `扫描 ${A}，联系我`,
    `refund ${A}, call me`,
    `the claim ${A} is my number`,
    `售后申请${A} 是我手机`,
    `我的包裹${A}（我的手机）`,
  ])('%s keeps the phone', (text) => {
    expect(phones(text)).toEqual([A]);
  });
  it.each([
    // a call further on speaks of someone else; a call with its own number speaks of that one
    [`您的快递${A}已到，请联系快递员`, []],
    [`您的包裹${A}已到`, []],
    [`the claim ${A}，有问题打${B}`, [B]],
  ])('%s keeps the phrase reading', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('linear time', () => {
  const units = [
    `waybill;consignee;consignee_id\nSF1234567890123;张伟;${ID}\n`,
    `9876543210123\t${A}\tdelivered\n`,
    `{"receiver_no":"${A}","called_number":"${B}"}`,
    `你的包裹 ${A}，打这个，`,
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

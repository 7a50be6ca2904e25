// Two limits on what a label takes away (src/mask/number-headings.ts), each tested both ways:
// - a heading with no colon over one number: a thing's word (parcel locker, my parcel, 快件)
//   does not make a mobile under it a non-phone; a key that names a number (运单号, waybill,
//   Order No) does, and any heading does over a column of numbers;
// - keys whose real values are short (a shelf, a locker's door or cell, a slot, a bin, a
//   chute, a grid, a quantity): a value of ten digits or more under one is read as what it is
//   (a mobile pasted into the wrong field stays a phone); their short values stay no one's.
// Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact, redactJson } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { numbers, phones } from '../support/detect-findings.js';

const A = '13812345678';
const B = '13987654321';
const A_MASKED = '138****5678';

describe('a thing named on the line above a mobile, with no colon', () => {
  it.each([
    `parcel locker\n${A}`,
    `Parcel Locker\r\n${A}`,
    `my parcel\n${A}`,
    `the blue cabinet\n${A}`,
    `快递柜\n${A}`,
    `放快递柜\n${A}`,
    `快件\n${A}`,
    `今日退回件\n${A}`,
    `locker\n- ${A}`,
  ])('%s keeps the phone', (text) => {
    expect(phones(text)).toEqual([A]);
    expect(redact(text).text).not.toContain(A);
  });

  it.each([
    // a key that names a number labels the one under it
    `运单号\n${A}`,
    `waybill\n${A}`,
    `Order No\n${A}`,
    `快递单\n${A}`,
    `SKU\n${A}`,
    // a colon makes it a key, whatever its words
    `parcel locker:\n${A}`,
    `今日退回件：\n${A}`,
    // a column of numbers under a heading: a list
    `parcel locker\n${A}\n${B}`,
    `waybill\n${A}\n13812345679`,
    `今日退回件\n${A}\n${B}`,
  ])('%s is no phone', (text) => {
    expect(numbers(text)).toEqual([]);
  });

  it('a heading that names people keeps its column, colon or not', () => {
    expect(phones(`联系人\n${A}\n${B}`)).toEqual([A, B]);
    expect(phones(`Please put it in the parcel locker\n${A} is my number`)).toEqual([A]);
  });
});

describe('a key whose real values are short: a long value under it is what its shape says', () => {
  const shapes = [
    (k: string, v: string) => `${k}: ${v}`,
    (k: string, v: string) => `${k}=${v} status=ok`,
    (k: string, v: string) => `{"${k}":"${v}","ok":true}`,
    (k: string, v: string) => `GET /api/v1/put?${k}=${v}&lang=zh 200`,
    (k: string, v: string) => `<${k}>${v}</${k}>`,
    (k: string, v: string) => `${k}\n${v}`,
  ];
  const keys = [
    'shelf_no',
    'shelfCode',
    'door_id',
    'door',
    'chuteNo',
    'bin_code',
    'slot_no',
    'bay',
    'gridNo',
    'grid_code',
    'aisle',
    'cellNo',
    'item_qty',
    'gkh',
    '货架号',
    '格口',
    '柜门号',
    '库位',
    '储位号',
    '格子号',
  ];
  it.each(keys)('%s: a mobile stays a phone', (key) => {
    for (const shape of shapes) {
      const text = shape(key, A);
      expect(phones(text), text).toEqual([A]);
      expect(redact(text).text, text).not.toContain(A);
    }
  });

  it.each(keys)('%s: its short values stay no one’s', (key) => {
    for (const v of ['3-2-1047', '12', 'C-13', 'B-07-12', '0217']) {
      for (const shape of shapes) {
        const text = shape(key, v);
        expect(numbers(text), text).toEqual([]);
      }
    }
  });

  it('a long value that is no mobile is not made one', () => {
    expect(numbers('shelf_no: 75320948176023')).toEqual([]);
    expect(numbers('格口：2026110215')).toEqual([]);
  });

  it.each([
    // the cabinet itself, and a machine's serial: numbered as devices are
    'cabinetNo',
    'cab',
    'locker_sn',
    'lockerId',
    '柜号',
    '柜机号',
    'door_sn',
    // keys of other things keep their values
    'waveNo',
    'pallet_id',
    '托盘号',
  ])('%s still takes a mobile-shaped value', (key) => {
    expect(phones(`${key}: ${A}`)).toEqual([]);
    expect(phones(`{"${key}":"${A}"}`)).toEqual([]);
  });

  it('a table column and redactJson read the same way', () => {
    expect(phones(`shelf_no,status\n${A},ok\n${B},ok`)).toEqual([A, B]);
    expect(phones(`shelf_no,waybill_no\n3-2-1047,75320948176023`)).toEqual([]);
    expect(redactJson({ shelfNo: A, gridNo: '3-2-1047', cabinetNo: B, qty: 2 }).value).toEqual({
      shelfNo: A_MASKED,
      gridNo: '3-2-1047',
      cabinetNo: B,
      qty: 2,
    });
    expect(redactJson({ shelf_no: Number(A) }).value).toEqual({ shelf_no: A_MASKED });
  });
});

describe('the readers cost time linear in the text', () => {
  const units = [
    `parcel locker\n${A}\n`,
    `my parcel\n${A}\n`,
    `shelf_no: ${A} `,
    `{"货架号":"${A}"} `,
    `格口 ${A}，`,
    `shelf_no,status\n${A},ok\n`,
    `取件码 6225880212345678 `,
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

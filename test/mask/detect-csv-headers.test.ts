// A short CSV header naming a waybill or order column beside a state or remark column
// (waybill_no,status) heads its rows: mobile-shaped numbers under it are not phones. Tested the
// other way round: a chat line with commas and a phone column keep their phones. Every value is
// synthetic.
import { describe, expect, it } from 'vitest';
import { phones } from '../support/detect-findings.js';
import { expectRedactLinear } from '../support/linear-growth.js';

const A = '13556000072';
const B = '15846027716';
const P = '13812345678';

describe('a short CSV header naming a waybill or order column', () => {
  it.each([
    `waybill_no,status\n${A},SIGNED\n${B},IN_TRANSIT`,
    `tracking number,carrier\n${A},SF`,
    `order_id;state\n${A};PAID`,
    `waybill_no, status\n${A}, SIGNED`,
    `运单号,状态\n${A},已签收`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    [`运单,麻烦查一下\n${P},这是我电话`, [P]],
    [`order, thanks\n${P}, ok`, [P]],
    [`waybill_no,mobile\n${A},${P}`, [P]],
    [`waybill_no,remark\n${A},call ${P}`, [P]],
  ])('keeps the phones of %s', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('grows linearly', () => {
  it.each([`waybill_no,status\n${A},SIGNED\n`, 'a,b\n', `运单号,状态\n${A},已签收\n\n`])(
    'redacts %s repeated to 64 Ki characters in linear time',
    (unit) => {
      expectRedactLinear(unit);
    },
  );
});

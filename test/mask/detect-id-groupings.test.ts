// Resident IDs written in groups of the writer's own choosing after an ID word: four by four
// as a card is read (3301 0619 8804 1200 3X), 6-4-4-4 (210203 1975 0830 7718), 6-6-6, a space
// before the check letter. Taken only after an ID word, with a valid checksum and birth date; the
// 6-8-4 grouping needs no word (detect-ids.ts). Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found } from '../support/detect-findings.js';

const ids = (text: string) => found(text, 'idNumber');

describe('resident IDs in other groupings', () => {
  it.each([
    ['身份证号 210203 1975 0830 7718', '210203 1975 0830 7718'],
    ['ID No. 3301 0619 8804 1200 3X', '3301 0619 8804 1200 3X'],
    ['身份证：45010219930117358 2', '45010219930117358 2'],
    ['证件号码 370202 198106 056648 请核对', '370202 198106 056648'],
    ['id card 6101-1319-9901-0112-36', '6101-1319-9901-0112-36'],
    ['收件人身份證 33010619880412003 X', '33010619880412003 X'],
  ])('%j has the ID %j', (text, id) => {
    expect(ids(text)).toEqual([id]);
    const out = redact(text).text;
    expect(out).not.toContain(id);
    expect(out.replace(/\D/g, '').length).toBeLessThanOrEqual(2);
    expect(redact(out).text).toBe(out);
  });

  it.each([
    ['no ID word', '3301 0619 8804 1200 3X'],
    ['an order word', '订单 2102 0319 7508 3077 18'],
    ['a bad checksum', '身份证号 210203 1975 0830 7719'],
    ['a bad birth date', '身份证号 210203 1975 1330 7718'],
    ['a waybill after the ID word', '身份证已核验，运单 SF 4201 0619 8707 2011 39'],
  ])('leaves %s alone', (_what, text) => {
    expect(ids(text)).toEqual([]);
  });

  it('keeps the usual grouping and a bare ID as they were', () => {
    expect(ids('身份证 420106 19870720 1139 和 420106198707201139')).toEqual([
      '420106 19870720 1139',
      '420106198707201139',
    ]);
  });

  it('grows linearly with repeated ID words and grouped digits', () => {
    expectRedactLinear('身份证 4201 0619 8707 2011 3 9 1 2 3 4 5 6 7 ');
  });
});

// The words for "the number of" (no, number, id, code, ref, sn ...) are one vocabulary that the
// key reader, the label reader and the event reader share: after the word of a thing (order_no,
// 运单 No., the booking ref, order numbers from A) the number is that thing's, not a phone; the
// same structure with a contact word in the key, a person's word after the number or no number
// word at all keeps the phone. After a party (receiver, sender ...) only no/number/num/nr and
// their plurals read as its phone; its id, code, ref or sn identify it. Every word is tested in
// every reader, both ways. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { phones } from '../support/detect-findings.js';

const A = '13812345678';
const B = '13812345699';

const NUMBER_OF = ['number', 'code', 'num', 'ref', 'no', 'nr', 'id', 'sn'];
const PLURALS = ['numbers', 'codes', 'nums', 'refs', 'nos', 'ids'];
// what a party's key takes as its phone, and what identifies the party instead
const PHONE_WORDS = ['number', 'num', 'no', 'nr', 'numbers', 'nums', 'nos'];
const PARTY_IDS = ['id', 'code', 'ref', 'sn', 'ids', 'codes', 'refs'];
// ref and sn are each a key of a thing on their own (a reference, a serial number), so
// `phone ref A` is read as a reference however the word before it reads: they are left out
// of the checks where only the word before them would make a phone
const PHONE_BEFORE = NUMBER_OF.filter((w) => w !== 'ref' && w !== 'sn');
const upper = (w: string) => w[0]!.toUpperCase() + w.slice(1);

describe('the key reader: a number word after a thing, or a contact word in the key', () => {
  it.each([...NUMBER_OF, ...PLURALS])('order_%s holds no phone; the same after phone_ holds one', (w) => {
    expect(phones(`{"order_${w}":"${A}"}`)).toEqual([]);
    expect(phones(`{"phone_${w}":"${A}"}`)).toEqual([A]);
  });
  it.each(NUMBER_OF)('the number word %s glued onto order holds no phone; onto mobile, one', (w) => {
    expect(phones(`{"order${w}":"${A}"}`)).toEqual([]);
    expect(phones(`{"order${upper(w)}":"${A}"}`)).toEqual([]);
    expect(phones(`{"mobile${w}":"${A}"}`)).toEqual([A]);
    expect(phones(`{"mobile${upper(w)}":"${A}"}`)).toEqual([A]);
  });
});

describe("a party's number is its phone; its id, code, ref or sn identifies it", () => {
  it.each(PHONE_WORDS)('a party key ending in %s holds its phone', (w) => {
    expect(phones(`{"receiver_${w}":"${A}"}`)).toEqual([A]);
    expect(phones(`{"sender_${w}":"${A}"}`)).toEqual([A]);
    if (PLURALS.includes(w)) return;
    expect(phones(`{"receiver${w}":"${A}"}`)).toEqual([A]);
    expect(phones(`{"receiver${upper(w)}":"${A}"}`)).toEqual([A]);
  });
  it.each(PARTY_IDS)('a party key ending in %s holds an identifier, not a phone', (w) => {
    expect(phones(`{"receiver_${w}":"${A}"}`)).toEqual([]);
    expect(phones(`{"sender_${w}":"${A}"}`)).toEqual([]);
    if (PLURALS.includes(w)) return;
    expect(phones(`{"receiver${w}":"${A}"}`)).toEqual([]);
    expect(phones(`{"receiver${upper(w)}":"${A}"}`)).toEqual([]);
  });
});

describe('the label reader: a number word after the key of a thing', () => {
  it.each([...NUMBER_OF, '号码', '编号', '编码', '号', '码'])(
    '运单 %s A is a waybill; with a person after it, a phone',
    (w) => {
      expect(phones(`运单 ${w} ${A}`)).toEqual([]);
      expect(phones(`运单 ${w} ${A}（收件人）`)).toEqual([A]);
    },
  );
  it.each(NUMBER_OF)('{"order":{"%s":A}} is the order\'s; under a contact key, a phone', (w) => {
    expect(phones(`{"order":{"${w}":"${A}"}}`)).toEqual([]);
    expect(phones(`{"expressCompany":"中通","${w}":"${A}"}`)).toEqual([]);
    if (PHONE_BEFORE.includes(w)) {
      expect(phones(`{"contact":{"${w}":"${A}"}}`)).toEqual([A]);
      expect(phones(`{"remark":"中通","${w}":"${A}"}`)).toEqual([A]);
    }
  });
  it.each([...NUMBER_OF, ...PLURALS])('order %s from A is a range; package from A a phone', (w) => {
    expect(phones(`order ${w} from ${A}`)).toEqual([]);
    expect(phones(`order ${w} from ${A} to ${B}`)).toEqual([]);
    expect(phones(`package from ${A}`)).toEqual([A]);
  });
});

describe('the event reader: a number word after a noun that numbers itself only with one', () => {
  it.each(NUMBER_OF)('your booking %s A is the booking; your booking A may be its phone', (w) => {
    expect(phones(`your booking ${w} ${A} is confirmed`)).toEqual([]);
    expect(phones(`your booking ${A} is confirmed`)).toEqual([A]);
    expect(phones(`booking ${w} ${A} 是我电话`)).toEqual([A]);
  });
  it.each(NUMBER_OF)('the claim %s A is the claim; a contact word before it makes a phone', (w) => {
    expect(phones(`the claim ${w} ${A} was approved`)).toEqual([]);
    if (PHONE_BEFORE.includes(w)) expect(phones(`the contact ${w} ${A} was approved`)).toEqual([A]);
  });
});

describe('counts of several around a parcel word name parcels', () => {
  const SEVERAL = ['这两个', '这几个', '两个', '几个', '这些', '两', '三', '几'];
  it.each(SEVERAL)('%s件 A and A、B %s快递 are parcels', (c) => {
    expect(phones(`${c}件 ${A}`)).toEqual([]);
    expect(phones(`${A}、${B} ${c}快递`)).toEqual([]);
    expect(phones(`${A} ${c}快递`)).toEqual([]);
  });
  it('after the number 这个快递 points back at it; 那个快递 (that courier) does not', () => {
    expect(phones(`${A} 这个快递`)).toEqual([]);
    expect(phones(`${A} 那个快递`)).toEqual([A]);
    expect(phones(`${A} 最后一快递`)).toEqual([A]);
  });
});

describe('a call word between a pointed parcel and 是 makes the number someone to call', () => {
  it.each(['联系', '致电', '拨打', '打给', '打我', '打', '电联', 'call', 'text', 'dial', 'contact', '加'])(
    '那个件你%s是 A is a phone; 那个件是 A a parcel',
    (w) => {
      expect(phones(`那个件你${w}是${A}`)).toEqual([A]);
      expect(phones(`那个件是${A}`)).toEqual([]);
    },
  );
});

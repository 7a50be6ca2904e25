// A contact word wins over a thing's word. A bare number word (ref, sn, id, no, code; 编号, 编码)
// says only "the number of" what owns it: the key written right before it in the same label
// (phone ref, 电话 sn, 联系电话编号) or the key of the object it sits in ({"contact":{"ref":…}},
// tel.sn). When that owner is a way to reach someone the number is their phone; under a thing,
// or alone, it stays the thing's. 这个快递 before a number may be the courier: only a count of
// several (两个快递) makes the numbers parcels. Every rule is tested both ways, with the same
// structure holding a real phone and a thing's number. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redactJson } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found, phones } from '../support/detect-findings.js';

const A = '13812345678';
const B = '13987654321';
// a resident ID with a valid check character (fictitious)
const ID = '11010519491231002X';

const jsonPhones = (value: unknown): string[] =>
  redactJson(value)
    .findings.filter((f) => f.kind === 'phone')
    .map((f) => f.path);

describe('a contact word before a bare number word in the same label', () => {
  it.each([
    `phone ref ${A}`,
    `Mobile SN: ${A}`,
    `contact ref ${A}`,
    `phone reference: ${A}`,
    `mobile order no ${A}`,
    `phone_ref=${A}`,
  ])('keeps the phone in %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });

  it.each([`order ref ${A}`, `device SN: ${A}`, `Ref: ${A}`, `sn ${A}`, `batch ref ${A}`])(
    'a thing or nothing before it leaves the number a thing: %s',
    (text) => {
      expect(phones(text)).toEqual([]);
    },
  );
});

describe('a Chinese contact key before a number word', () => {
  it.each([
    `电话 sn ${A}`,
    `手机ID ${A}`,
    `联系人 ref ${A}`,
    `联系人ID ${A}`,
    `联系电话No: ${A}`,
    `联系电话编号 ${A}`,
    `手机编号：${A}`,
    `联系人编号 ${A}`,
  ])('keeps the phone in %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });

  it.each([`设备 sn ${A}`, `订单ID ${A}`, `骑手ID ${A}`, `设备编号 ${A}`, `商品编码 ${A}`])(
    "a thing's or a staff member's key keeps its number: %s",
    (text) => {
      expect(phones(text)).toEqual([]);
    },
  );
});

describe('a bare number word in the object of a contact or a party', () => {
  it.each([
    `{"contact":{"ref":"${A}"}}`,
    `{"tel":{"sn":"${A}"}}`,
    `tel.sn=${A}`,
    `contact.sn=${A}`,
    `{"电话":{"sn":"${A}"}}`,
    `{"联系人":{"编号":"${A}"}}`,
    // a party's "number" is the phone it is reached at, as in receiver_no
    `{"receiver":{"no":"${A}"}}`,
    `{"shipper":{"number":"${A}"}}`,
  ])('keeps the phone in %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });

  it.each([
    `{"order":{"ref":"${A}"}}`,
    `{"device":{"sn":"${A}"}}`,
    `order.sn=${A}`,
    `driver.sn=${A}`,
    // a party's id or code identifies it in a system (docs: judgement calls)
    `{"receiver":{"id":"${A}"}}`,
    `{"shipper":{"code":"${A}"}}`,
    // only a bare number word defers to its owner: a thing's own key under a contact names the thing
    `{"contact":{"orderNo":"${A}"}}`,
  ])('a thing, a party id or a thing key keeps its number: %s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it('redactJson reads the owner the same way', () => {
    expect(jsonPhones({ contact: { ref: A } })).toEqual(['contact.ref']);
    expect(jsonPhones({ tel: { sn: A } })).toEqual(['tel.sn']);
    expect(jsonPhones({ contact: [{ ref: A }] })).toEqual(['contact[0].ref']);
    expect(jsonPhones({ 电话: { sn: A } })).toHaveLength(1);
    expect(jsonPhones({ order: { ref: A } })).toEqual([]);
    expect(jsonPhones({ device: { sn: A } })).toEqual([]);
    expect(jsonPhones({ ref: A })).toEqual([]);
    expect(jsonPhones({ contact: { orderNo: A } })).toEqual([]);
  });
});

describe('the identifier of a person stays a judgement call', () => {
  it.each([`receiver_id=${A}`, `courier_no=${A}`, `member_no: ${A}`])('%s is that identifier', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([`receiver_no=${A}`, `called_number=${A}`])('%s is a phone', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('这个快递 before a number may be the courier', () => {
  it.each([`这个快递 ${A}`, `那个快递：${A}`, `這個快遞 ${A}`, `这个快递${A}`, `问下这个快递 ${A} 在哪`])(
    'keeps the phone in %s',
    (text) => {
      expect(phones(text)).toEqual([A]);
    },
  );

  it.each([
    `两个快递 ${A}、${B}`,
    `几个快递：${A} ${B}`,
    `这个快递单号 ${A}`,
    `这个快件 ${A}`,
    // after the number 这个快递 points back at it
    `${A} 这个快递`,
  ])('a count, a parcel key or a pointer back makes parcels: %s', (text) => {
    expect(phones(text)).toEqual([]);
  });
});

describe('a resident ID under SN', () => {
  // SN is a serial number's key, like serial, order_id and task_id: the label takes the number
  // there whatever its shape (docs/masking.md, judgement calls); a person's identifier keeps it
  it.each([`SN: ${ID}`, `serial: ${ID}`, `order_id=${ID}`, `task_id: ${ID}`])('%s is the label’s', (text) => {
    expect(found(text, 'idNumber')).toEqual([]);
  });
  it.each([`Importer ID: ${ID}`, `customer_id=${ID}`, `电话 SN: ${ID}`, `phone sn ${ID}`, `身份证 ${ID}`])(
    'finds it in %s',
    (text) => {
      expect(found(text, 'idNumber')).toEqual([ID]);
    },
  );
});

describe('linear time', () => {
  const units = [
    `电话 sn ${A} `,
    `{"contact":{"ref":"${A}"}}`,
    `{"联系人":{"编号":"${A}"}}`,
    '联系电话编号',
    '联系人 ref ',
    `这个快递 ${A}，`,
    '这个快递',
    'phone ref ',
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

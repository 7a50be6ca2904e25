// Context negatives that are not a key right before the number, and names in the keys, elements
// and brackets of courier logs: an order's state after the number (A退款什么时候到, A 发货了吗), a
// mistyped waybill label (单好 A, 运单好 A), a number a shipping place gave (网点给我的那个号是A),
// the other side of a contradiction about a waybill (你们说是A，但是我app里看是B), a label pointing
// down to its number (单号在下面 ... A); person keys (recvName, signer, operator, 揽件员), XML
// elements and 签收人【…】; dots and slashes in a number that hides a format character. Every rule
// is tested the other way round: a number or a name the text ties to someone stays found.
// Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found, phones } from '../support/detect-findings.js';

const A = '13812345678';
const B = '13912345678';

const names = (text: string) => found(text, 'name');

describe('an order state after the number makes it an order or a waybill', () => {
  it.each([
    `${A}退款什么时候到`,
    `${A} 已发货了吗`,
    `${A}发货了吗`,
    `${A}还没发货`,
    `${A} 取消了`,
    `${A}已付款`,
    `查一下${A}退款了没有`,
    `${A}申请售后了`,
    `${A}申请退款`,
    `${A}能拦截吗`,
    `查一下${A}补发了没`,
    `${A} 待揽收`,
    `my order ${A} has been refunded?`,
    `${A} was cancelled yesterday`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    `手机号${A}退款什么时候到`,
    `联系电话：${A} 已发货`,
    `有事打${A}，取消了就说一声`,
    `call ${A} was cancelled`,
    `用户${A}付款了`,
    `我的手机${A}补发了`,
    `张三 ${A} 已退货`,
  ])('a number tied to someone stays a phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('a mistyped waybill label (单好, 运单好, 快递单吗)', () => {
  it.each([`单好${A}一直显示揽收`, `运单好：${A}`, `订单好 ${A} 帮我看看`, `快递单吗${A}`, `單好${A}`])(
    '%s',
    (text) => {
      expect(phones(text)).toEqual([]);
    },
  );
  it.each([`帮我下单吗 ${A}`, `可以买单吗 ${A}`, `简单好 ${A}`, `电话好${A}`])(
    '单 in a verb or another word is no label: %s',
    (text) => {
      expect(phones(text)).toEqual([A]);
    },
  );
  it('the name detector still refuses 单好 as a name', () => {
    expect(names(`单好${A}`)).toEqual([]);
  });
});

describe('a number a shipping place gave for a parcel', () => {
  it.each([
    `网点给我的那个号是${A} 帮忙看一下`,
    `商家发的号：${A}`,
    `卖家给的号${A}一直没更新`,
    `驿站发给我的号是 ${A}`,
    `快递员给的单号是${A}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    `快递员的电话是${A}`,
    `我的号是${A}`,
    `那个号码是${A}`,
    `网点给我的号码是${A}`,
    `客服给我的号是${A}`,
  ])('a phone stays a phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('the other side of a contradiction about a waybill', () => {
  it.each([
    `那个件你们说是${B}，但是我app里看是${A}，哪个对`,
    `运单号${B}，可是系统显示是${A}`,
    `运单号是${B}，不过后来变成了${A}`,
    `tracking number ${B} but the app shows ${A}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    `运单号是${B}，但是快递员电话是${A}`,
    `运单号${B}。但是我看是${A}`,
    `运单号${B}，但是有事打我，看是${A}`,
    `我的运单号${B}，收件人的手机${A}`,
  ])('a phone after a waybill stays a phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('a label pointing down to its number', () => {
  it.each([
    `下单时间 2023-12-07，单号在下面，一直没动过\n\n\n${A}`,
    `运单号如下，麻烦查一下\n\n${A}`,
    `单号附后，请核实：\n${A}`,
    `单号见下方 ${A}`,
    `see tracking below\n\n${A}`,
    `tracking number is below:\n${A}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    `单号在下面，收件人电话\n${A}`,
    `单号在下面，有事打我\n${A}`,
    `tracking below, call me\n${A}`,
    `单号在下面${'，'.repeat(130)}\n${A}`,
    `单号在下面，麻烦查一下 ${A}`,
    `手机号在下面\n${A}`,
  ])('a phone after the pointer stays a phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
  it('only the next number is the pointed one', () => {
    expect(phones(`单号在下面\n${B}\n联系电话\n${A}`)).toEqual([A]);
  });
});

describe('names under more person keys of courier logs', () => {
  it.each([
    ['{"recvName":"孙丽"}', '孙丽'],
    ['rcvName=孙丽;', '孙丽'],
    ['{"recName":"孙丽","revName":"王伟"}', '孙丽,王伟'],
    ['{"sendName":"孙丽","send_name":"王伟"}', '孙丽,王伟'],
    ['name_cn=孙丽', '孙丽'],
    ['{"signer":"孙丽","signName":"王伟"}', '孙丽,王伟'],
    ['signedBy=孙丽 receivedBy=王伟 pickupPerson=李娜', '孙丽,王伟,李娜'],
    ['{"staffName":"孙丽","empName":"王伟","userRealName":"李娜"}', '孙丽,王伟,李娜'],
    ['operator=孙丽 postman=王伟', '孙丽,王伟'],
    ['揽件员：孙丽 派件员=王伟', '孙丽,王伟'],
    ['receiverName_cn=孙丽 投递员=王伟', '孙丽,王伟'],
    ['{"senderNameEn":"Zhang Wei","cnName":"孙丽"}', 'Zhang Wei,孙丽'],
  ])('%s', (text, want) => {
    expect(names(text).join(',')).toBe(want);
  });
  it.each(['"operator":"中国移动"', 'operator=admin01', '{"signer":"SYSTEM"}', '{"sendName":"顺丰速运"}'])(
    'a value that is no name stays unfound: %s',
    (text) => {
      expect(names(text)).toEqual([]);
    },
  );
});

describe('names in XML elements and in 【】 after a person label', () => {
  it.each([
    ['<receiverName>孙丽</receiverName>', '孙丽'],
    ['<order><signer>王伟</signer><waybillNo>19203748561</waybillNo></order>', '王伟'],
    ['<consignee>李娜</consignee><mobile>13812345678</mobile>', '李娜'],
    ['签收人【孙丽】已签收', '孙丽'],
    ['派件员【王伟】正在派送', '王伟'],
    ['签收人「李娜」', '李娜'],
  ])('%s', (text, want) => {
    expect(names(text).join(',')).toBe(want);
  });
  it.each([
    '<remark>孙丽</remark>',
    '<receiverName>中国移动</receiverName>',
    '<receiverName>孙丽</senderName>',
    '【顺丰速运】您的快递已签收',
    '签收人【本人】',
    '备注【孙丽】',
    '「顺丰」已揽收',
  ])('no person key, no name: %s', (text) => {
    expect(names(text)).toEqual([]);
  });
  it('redact masks the element value', () => {
    expect(redact('<receiverName>孙丽</receiverName>').text).not.toContain('孙丽');
  });
});

describe('a disguised number written with dots or slashes', () => {
  const cases: Array<[string, string]> = [
    ['客户说新号码是175/0209\u200d2928，旧号停用了', '175/0209\u200d2928'],
    ['新号码是175.0209\u200b2928', '175.0209\u200b2928'],
    ['138.1234\u2060.5678', '138.1234\u2060.5678'],
    ['138/\u00ad1234/5678', '138/\u00ad1234/5678'],
    ['新号码是١٧٥/٠٢٠٩\u200d٢٩٢٨', '١٧٥/٠٢٠٩\u200d٢٩٢٨'],
  ];
  it.each(cases)('%s is found over its whole original span', (text, span) => {
    expect(phones(text)).toEqual([span]);
    expect(redact(text).text).not.toContain(span);
  });
  it('redact masks the digits of the disguised number', () => {
    const out = redact('新号码是175/0209\u200d2928').text;
    expect(out).not.toMatch(/0209/);
  });
  it.each([
    '价格139.76\u200b元',
    '比例3/\u200b4',
    '139.76元 3/4',
    '版本1.2.3\u200b',
    '电话175/02092928',
    '比例３／\u200b４',
  ])('decimals, ratios and undisguised slashes stay as they are: %s', (text) => {
    expect(phones(text)).toEqual([]);
  });
});

describe('the rules of this file cost time linear in the text', () => {
  const units = [
    '单号在下面\n',
    `单号在下面，有事打我\n${A}\n`,
    `单号如下${'，'.repeat(20)}\n${A}\n`,
    `你们说是运单号${B}，但是我看是${A}，`,
    `网点给我的那个号是${A} `,
    `单好${A}`,
    '<receiverName>孙丽</receiverName>',
    '签收人【孙丽】【',
    '175/0209\u200d2928.',
    '138\u200b1234',
    '1.\u200b2/',
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

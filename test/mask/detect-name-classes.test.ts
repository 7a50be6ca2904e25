// Names where cross-border forms, mails and chats write them, and the look-alikes beside them:
// the parties of an air waybill or a customs declaration (Importer of record:, Declarant:,
// Notify party:), a mail's closing without its comma, a step done on behalf of someone, family
// and neighbours named in a chat, a name pasted onto the number after it; a dock, bay or gate
// with its number after To: or Attn:; a party of the terms (由寄件方付款) and a post after a name
// (周建站长). Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

const found = (text: string, kind: string): string[] =>
  detect(text)
    .filter((f) => f.kind === kind)
    .map((f) => text.slice(f.start, f.end));
const names = (text: string): string[] => found(text, 'name');

describe('the parties of a waybill or a customs form', () => {
  it.each([
    ['Importer of record: Qiao Yunfei', 'Qiao Yunfei'],
    ['IMPORTER: WU XIAOLING, 12 Park Ave', 'WU XIAOLING'],
    ['Exporter: Sun Lihua, Ningbo', 'Sun Lihua'],
    ['Declarant: Qian Huiling', 'Qian Huiling'],
    ['Notify party: GAO MINGYU', 'GAO MINGYU'],
    ['Buyer: Kong Lingxi / Seller: Best Deals Ltd', 'Kong Lingxi'],
    ['Consignor: Maria Lopez', 'Maria Lopez'],
  ])('%s names a person', (text, name) => {
    expect(names(text)).toEqual([name]);
  });

  it.each([
    'Importer: Acme Trading Co Ltd',
    'Buyer: Amazon EU',
    'Payer: Third Party',
    'Notify party: Same As Consignee',
    'Exporter: Shenzhen Bright Electronics',
    'Declarant: Self',
    'Attention: Fragile',
    'ATTENTION: FRAGILE GOODS',
    'Cardholder: Visa Platinum',
  ])('%s names no person (a company, a word or a place: only a name-shaped value counts)', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('mails, proofs of delivery and chats', () => {
  it.each([
    ['Regards\nZHAO LEIMING | Ops', 'ZHAO LEIMING'],
    ['Best regards\nLi Weiran', 'Li Weiran'],
    ['Thanks\nChen Boyu', 'Chen Boyu'],
    ['Rgds,\nGuo Fengqi', 'Guo Fengqi'],
    ['Greetings Feng Linzhi,\nyour parcel has cleared customs', 'Feng Linzhi'],
    ['Delivered on behalf of Karen White', 'Karen White'],
    ['hi can u deliver to my mom Xie Hongmei tmrw', 'Xie Hongmei'],
    ['leave it with my neighbour Tom Baker pls', 'Tom Baker'],
  ])('%s', (text, name) => {
    expect(names(text)).toEqual([name]);
  });

  it('reads both names of a proof of delivery signed for someone else', () => {
    expect(names('POD: signed by Li Nuo on behalf of Situ Haoran (colleague)')).toEqual([
      'Li Nuo',
      'Situ Haoran',
    ]);
  });

  it.each([
    'Regards,\nOps Team',
    'Regards\nCustomer Service',
    'Thanks\nWarehouse Team',
    'Best regards,\nShenzhen Bright Co Ltd',
    'Greetings from Hong Kong',
    'Greetings Customer,',
    'on behalf of Global Trade Inc',
    'my boss said ok',
  ])('%s names no person', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('a place inside a site after To: or Attn:', () => {
  it.each([
    'To: Bay 3',
    'Attn: Dock 12',
    'Attn: Gate No. 4',
    'Attn: Shelf A3',
    'Attn: Zone B',
    'To: Door #4',
    'Recipient: Locker 12',
  ])('%s is no name', (text) => {
    expect(names(text)).toEqual([]);
  });

  it('leaves the names around it, and a site word that is a person’s name', () => {
    expect(names('To: Dock 12, Attn: Liu Yangfan')).toEqual(['Liu Yangfan']);
    expect(names('To: Bay 3 / Attn: Wang Leiming 13812345678')).toEqual(['Wang Leiming']);
    expect(found('To: Bay 3 / Attn: Wang Leiming 13812345678', 'phone')).toEqual(['13812345678']);
    expect(names('To: Bin Li')).toEqual(['Bin Li']);
    expect(names('Attn: Lane Smith')).toEqual(['Lane Smith']);
  });
});

describe('a Latin name pasted onto the number after it', () => {
  it.each([
    ['ZHANG WEIMIN13812345678', 'ZHANG WEIMIN', '13812345678'],
    ['Li Nuo13912345678 called', 'Li Nuo', '13912345678'],
    ['Contact: Wang Fangfei13700001111 Shenzhen', 'Wang Fangfei', '13700001111'],
    ['收件人ZHANG WEIMIN15912345678', 'ZHANG WEIMIN', '15912345678'],
  ])('%s gives the name and the phone', (text, name, phone) => {
    expect(names(text)).toEqual([name]);
    expect(found(text, 'phone')).toEqual([phone]);
  });

  it('masks a name pasted onto a street address, and the address', () => {
    expect(redact('Recipient: John Smith4367 Main St').text).toBe('Recipient: J*** S********');
  });

  it('keeps a waybill or a code glued to letters one token', () => {
    expect(found('SF1381234567890', 'phone')).toEqual([]);
    expect(found('YT13812345678 scanned', 'phone')).toEqual([]);
    expect(names('Recipient: SF1234567890')).toEqual([]);
    expect(names('Recipient: John SmithA123456789')).toEqual(['John']);
    expect(names('Model: Air Max90')).toEqual([]);
  });
});

describe('Chinese names beside the parties of the terms and posts', () => {
  it.each([
    '由寄件方付款',
    '运费由收件方支付',
    '由发件方承担运费',
    '寄件方付款',
    '由买方付款',
    '运费由卖方承担',
  ])('%s names no person', (text) => {
    expect(names(text)).toEqual([]);
  });

  it.each([
    ['寄件方：张三丰 电话13812345678', '张三丰'],
    ['收件方：李四光', '李四光'],
    ['发件方 王五一', '王五一'],
    ['购买方名称 詹子豪', '詹子豪'],
    ['买方：刘德明', '刘德明'],
  ])('a party word with a colon, a space or 名称 after it is a label: %s', (text, name) => {
    expect(names(text)).toEqual([name]);
  });

  it.each([
    ['件已交给周建站长，请放心', '周建'],
    ['交给王丽店长处理', '王丽'],
    ['找李强厂长签字', '李强'],
    ['麻烦转告陈刚楼长一声', '陈刚'],
    ['收件人让把件交给隔壁超市老板冉冬梅', '冉冬梅'],
  ])('a name before (or after) a post is the name alone: %s', (text, name) => {
    expect(names(text)).toEqual([name]);
  });

  it.each(['老板说明天再来', '找老板娘拿', '交给周建站点', '找王府井店长'])('%s names no person', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('redacting twice', () => {
  it('reads a context word inside a run a weak Latin word read but did not take', () => {
    // on the first pass as on the second, once the address has masked "call"
    const text = '北京市朝阳区建国路88号call 张伟尊敬的张伟';
    const once = redact(text).text;
    expect(redact(once).text).toBe(once);
    expect(names('call 张伟尊敬的张伟')).toEqual(['张伟']);
  });
});

describe('time', () => {
  it.each([
    'To: Bay 3 ',
    'Attn: Dock ',
    'Importer of record: ',
    'my mom my mom ',
    'Regards\n',
    'ZHANG WEI13812345678 ',
    'Li Na Li Na Li Na4',
    '由寄件方付款',
    '交给周建站长',
    'from=马骏 to=欧阳雪 ',
  ])('grows linearly for repeated %s', (unit) => {
    expectRedactLinear(unit);
  });
});

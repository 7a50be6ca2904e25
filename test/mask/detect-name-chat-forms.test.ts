// Names where English chats, call notes, delivery forms, logs and exports write them, and the
// look-alikes beside them: a greeting or a question of who answers (Hey Amy Clark, is this Wang
// Fang?), a call or a message logged (Phoned Mark Evans), a self-introduction without its verb
// (my name Zhou Lin), a label qualified before its colon (Contact on site:, Consignee listed:),
// a name with a lower-case particle (Ana de la Cruz), a generic "name" inside a person's JSON
// object, a declarant key, quoted CSV cells, a slip's field read back (收件人写的…); a company
// whose name starts like a person's, a product list's name column, a call verb before a number.
// Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

const found = (text: string, kind: string): string[] =>
  detect(text)
    .filter((f) => f.kind === kind)
    .map((f) => text.slice(f.start, f.end));
const names = (text: string): string[] => found(text, 'name');

describe('English chat and call notes', () => {
  it.each([
    ['Hey Amy Clark, your parcel is at the lobby', 'Amy Clark'],
    ['hiya Chen Jiahui, running 10 min late', 'Chen Jiahui'],
    ['Good morning Kevin Walsh, delivery window is 2-4pm', 'Kevin Walsh'],
    ['Sorry, is this Wang Fangfang? Courier here', 'Wang Fangfang'],
    ['Am I speaking with Laura Hughes?', 'Laura Hughes'],
    ['are you Zhou Mingyu? I have a box for you', 'Zhou Mingyu'],
    ['Phoned Mark Evans about the dented box, no answer', 'Mark Evans'],
    ['texted Liu Xiaoyu the new slot', 'Liu Xiaoyu'],
    ['Spoke with Helen Foster, she will collect on Monday', 'Helen Foster'],
    ['Calling Sun Haoran now re: redelivery', 'Sun Haoran'],
    ['hello 师傅, my name Gao Yutong, which locker?', 'Gao Yutong'],
  ])('%s', (text, name) => {
    expect(names(text)).toEqual([name]);
  });

  it.each([
    'Hey Jade Garden reception, the van is outside',
    'is this Harbour City tower 2?',
    'Called Kowloon Bay depot about the pallet',
    'Phoned Grace Bay Holdings accounts team',
    'good morning Hong Kong, sorting starts at 6',
    'texted Sales Team the manifest',
    'my name Tracking Number is wrong on the app',
  ])('%s names no person (a place, a company or a word)', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('labels qualified before their colon', () => {
  it.each([
    ['Contact on site: Tran Minh Khoa +84 91 555 0142', 'Tran Minh Khoa'],
    ['Receiver on file: Olivia Grant', 'Olivia Grant'],
    ['Consignee listed: Omar Haddad, +971 50 123 4567', 'Omar Haddad'],
    ['Contact person: Zhang Liwen', 'Zhang Liwen'],
    ['Shipper as declared: Kenji Mori', 'Kenji Mori'],
  ])('%s', (text, name) => {
    expect(names(text)).toEqual([name]);
  });

  it.each([
    'Contact on site: Receiving Dept',
    'Consignee listed: Pacific Rim Logistics',
    'Contact person: Front Desk Team',
    'Receiver on file: Bay 4',
  ])('%s names no person', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('companies whose names start like a person', () => {
  it.each([
    'Deliver c/o Grace Bay Holdings, 9 Marina Blvd',
    'Parcel for Tom Ford Trading Co',
    'Invoice to Sarah Lee Enterprises Pte',
    'Call Kevin Moore Freight Forwarding desk',
  ])('%s names no person', (text) => {
    expect(names(text)).toEqual([]);
  });

  it('still reads the person before the company', () => {
    expect(names('Deliver to Li Hao, c/o Grace Bay Holdings')).toEqual(['Li Hao']);
  });
});

describe('names with a particle, and Vietnamese letters', () => {
  it.each([
    ['Recipient: Ana de la Cruz, Calle Mayor 3', 'Ana de la Cruz'],
    ['receiverName=Ahmad bin Ismail;tel=0123456789', 'Ahmad bin Ismail'],
    ['Consignee: Lotte van der Berg', 'Lotte van der Berg'],
    ['Consignee: Nguyễn Thị Hoa', 'Nguyễn Thị Hoa'],
  ])('%s', (text, name) => {
    expect(names(text)).toEqual([name]);
  });

  it('does not join a lower-case particle at the end of a name', () => {
    expect(names('Recipient: Rui Santos de')).toEqual(['Rui Santos']);
  });
});

describe('structured records', () => {
  it.each([
    ['{"receiver":{"id":12,"name":"Jan de Vries","tel":"+31 6 9876 5432"}}', 'Jan de Vries'],
    ['{"sender": {"name": "Maria Rossi"}}', 'Maria Rossi'],
    ['{"consignee":{"name":"Pieter Jansen"}}', 'Pieter Jansen'],
    ['declarant="WU Haoyu" hs=8471300000', 'WU Haoyu'],
    ['declarant_name=Sofia Marino;awb=176-22334455', 'Sofia Marino'],
    ['operator=贝晓峰 action=reprint', '贝晓峰'],
  ])('%s', (text, name) => {
    expect(names(text)).toEqual([name]);
  });

  it.each([
    '{"product":{"name":"Blue Ocean"}}',
    '{"consignee":{"name":"Acme Trading Co"}}',
    '{"receiver":{"name":"Hong Kong"}}',
    'declarant=Shenzhen Rapid Customs Brokerage Co Ltd',
  ])('%s names no person', (text) => {
    expect(names(text)).toEqual([]);
  });

  it('reads quoted CSV cells under their header', () => {
    const csv =
      '"orderNo","receiverName","receiverTel"\n"20261207001","钱思远","13912340001"\n"20261207002","Emma Stone","13912340002"';
    expect(names(csv)).toEqual(['钱思远', 'Emma Stone']);
    expect(found(csv, 'phone')).toEqual(['13912340001', '13912340002']);
  });

  it('reads a product list name column as products, its sku numbers still not phones', () => {
    for (const csv of [
      'sku,name,price,stock\n13712345601,Li Ning 卫衣 XL,19900,5\n13712345602,Anta 跑鞋,29900,3',
      '"sku","name","unit_price"\n"13712345603","Grace Rose 香薰","5900"',
      'name\tbrand\tqty\nMichael Kors Bag\tMK\t2',
    ]) {
      expect(names(csv)).toEqual([]);
      expect(found(csv, 'phone')).toEqual([]);
    }
  });

  it('reads the name column of an order list (product columns beside personal ones) as people', () => {
    expect(names('order_id,name,sku,qty,address\n1001,王芳,A1,2,北京市朝阳区建国路88号')).toEqual(['王芳']);
    expect(names('name,sku,qty,phone\n王芳,A1,2,13812345678\nLi Na,B7,1,13912345678')).toEqual([
      '王芳',
      'Li Na',
    ]);
    expect(names('sku,name,price,email\nA1,Tom Baker,99,tom@example.com')).toEqual(['Tom Baker']);
  });

  it('reads a given name alone under a role key, as after Recipient:', () => {
    expect(names('{"receiverName":"Tom"}')).toEqual(['Tom']);
    expect(names('consignee=Jordan;mobile=13812345678')).toEqual(['Jordan']);
    expect(names('{"recipient":{"contactName":"MADISON"}}')).toEqual(['MADISON']);
    // no given name, a company or a bare "name" key: not a person's by the key alone
    expect(names('{"senderName":"Amazon"}')).toEqual([]);
    expect(names('{"receiverName":"Tom Store"}')).toEqual([]);
    expect(names('{"name":"Tom"}')).toEqual([]);
  });

  it('still reads a name column beside a person’s columns', () => {
    expect(names('name,phone,city\nRachel Green,13612345678,Shanghai')).toEqual(['Rachel Green']);
  });
});

describe('Chinese slips read back and call verbs', () => {
  it.each([
    ['单子上收件人写的邵雨桐，电话打不通', '邵雨桐'],
    ['联系人填的是钱文博', '钱文博'],
    ['寄件人留的付佳怡，麻烦核实', '付佳怡'],
    ['收件人寫的鄭家豪', '鄭家豪'],
    ['收件人电话13712345678关晓彤', '关晓彤'],
  ])('%s', (text, name) => {
    expect(names(text)).toEqual([name]);
  });

  it.each([
    '[外呼] 坐席8812 呼叫 13712345678 未接通',
    '系统呼出 13712345678 结果=忙',
    '贝壳找房 13712345678',
    '收件人手机13712345678关机，已退回',
  ])('%s: a call verb, a line state or a brand beside the number is no name', (text) => {
    expect(names(text)).toEqual([]);
    expect(found(text, 'phone')).toEqual(['13712345678']);
  });
});

describe('linear time', () => {
  it.each([
    'Hey Amy Clark, is this Wang Fang? Called Mark Evans ',
    'Contact on site: Consignee listed: my name ',
    'Ana de la de la de la Cruz van ',
    '{"receiver":{"name":"Jan de Vries","x":{"name":"A B"}}} ',
    '"a","name","sku"\n"1","Li Ning","2"\n',
    '收件人写的收件人填的是呼叫呼叫',
    'c/o Grace Bay Holdings Tom Ford Trading ',
    '{"receiverName":"Tom","consignee":"Jordan"} ',
  ])('redact of %j repeated grows linearly', (unit) => {
    expectRedactLinear(unit);
  });

  it('redacting twice changes nothing more', () => {
    for (const text of [
      'Hey Amy Clark, call +852 5123 4567',
      '{"consignee":{"name":"Pieter van Dijk","phone":"+31 6 1234 5678"}}',
      '"orderNo","receiverName"\n"1","钱思远"',
    ]) {
      const once = redact(text).text;
      expect(redact(once).text).toBe(once);
    }
  });
});

// How people and labels point at an item by its number, and names and addresses whose cause is
// general: an item pointed at by where it sits (货架上的包裹 A), a clause pointing back at a number
// (A，那是订单号), a Code 39 barcode line (*A*) and its number printed again, a role noun in a
// salutation (Dear Merchant), a notification opener before its subject (【…】王小明，订单…), a
// pickup station's name (朝阳区驿站5), a compound with a building number (阳光花园3幢), the short
// fields of a person's JSON object ("sender":{"n":…}), ODR as an order key. Every rule is tested
// the other way round: the same structure with a real phone, name or address stays found.
// Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { found, phones } from '../support/detect-findings.js';
import { expectRedactLinear } from '../support/linear-growth.js';

const A = '13812345678';
const B = '15987654321';

const names = (text: string) => found(text, 'name');
const addresses = (text: string) => found(text, 'address');

describe('an item pointed at by where it sits or what it is (…的件 A) is the item, not a person', () => {
  it.each([
    `货架上的包裹 ${A} 帮我找一下`,
    `冰柜里的件 ${A} 已经化了`,
    `今天刚到的件 ${A} 还没上架`,
    `门口的货 ${A}，谁放的`,
    `B区那边的件 ${A} 要退回`,
    `冷链的件${A}先处理`,
    `库位上的快件 ${A} 找不到了`,
    `这票 ${A} 放哪了`,
    `那件${A}压坏了`,
    `这箱货 ${A} 先别动`,
    `查下这单 ${A}`,
    `我那件 ${A} 到了没`,
    `3-2-15的包裹 ${A} 拿错了`,
    `件 ${A} 放冰柜了`,
    `包裹${A}是易碎品，轻拿轻放`,
    `今天入库：货 ${A} 压坏了`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    `张三的件 ${A} 放哪了`,
    `他的件 ${A}`,
    `楼下的快递 ${A} 一直在等`,
    `门口的件 ${A} 打不通`,
    `货架上的包裹 ${A} 联系不上`,
    `门口的件 ${A} 是收件人电话`,
    `放门口 ${A}`,
    `他那件 ${A}`,
    `张三那件 ${A}`,
    `这件 ${A} 是我电话`,
    `这票 ${A} 打不通`,
    `这件事 ${A}`,
    `下单 ${A}`,
    `件 ${A} 放门口`,
    `${A} 放冰柜了`,
    `寄件 ${A} 放冰柜`,
    `件 ${A} 是我电话，放冰柜`,
    `门口的件是${A}寄的`,
    `这票是${A}发的`,
  ])('a person, the courier or a call keeps the phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
  it('a phone in groups before 的件 is its owner, not a shelf position', () => {
    expect(phones(`159-8765-4321的件 ${A}`)).toEqual(['159-8765-4321', A]);
  });
});

describe('a clause right after the number that points back at it says what it is', () => {
  it.each([
    `你们昨天发到${A}去了，那是订单号`,
    `短信发给了 ${A} 那是个运单号`,
    `${A}。这是物流单号`,
    `${A} - that's the tracking number`,
    `${A}, which is the order number`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    `你们昨天打到${A}去了，那是我电话`,
    `${A}，这是收件人手机`,
    `${A} - that's my phone`,
    `${A}，那是谁`,
    `${A} 那个是我的`,
  ])('a person’s key or no key keeps the phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('a Code 39 barcode line (*A* alone on its line) and the same number again are the barcode', () => {
  it.each([
    `*${A}*`,
    `运单\n*${A}*\n寄件网点 义乌`,
    `  *${A}*  \n${A.slice(0, 3)} ${A.slice(3, 7)} ${A.slice(7)}\n目的地 武汉`,
    `*${A}*\n单号 ${A}`,
  ])('%j', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    [`**${A}**`, [A]],
    [`电话 *${A}*`, [A]],
    [`*${A}* 是我手机`, [A]],
    [`*${B}*\n${A}`, [A]],
    [`*${A}*\n收件人电话：${A}`, [A]],
  ])('emphasis, another number or a phone key keeps it: %j', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('a role noun is no Latin name', () => {
  it.each([
    'Dear Merchant, your payout is ready.',
    'Dear Seller, the return was received.',
    'Dear Vendor, please confirm the shipment.',
    'Dear Consignee, your parcel is held.',
  ])('%s', (text) => {
    expect(names(text)).toEqual([]);
  });
  it.each([
    ['Dear Mary Vendor, please confirm.', 'Mary'],
    ['Dear Helen Zhou, your parcel is held.', 'Helen Zhou'],
  ])('a name stays a name: %s', (text, name) => {
    expect(names(text)).toEqual([name]);
  });
});

describe('a notification opener before what the message is about is the reader’s name', () => {
  it.each([
    ['【售后通知】王小明，换货单已寄出', '王小明'],
    ['【物流提醒】陈静怡，订单已发货', '陈静怡'],
    ['【驿站】刘洋，包裹已到站', '刘洋'],
  ])('%s', (text, name) => {
    expect(names(text)).toEqual([name]);
  });
  it.each([
    '【售后通知】退货成功，订单已关闭',
    '【物流提醒】已经发货，包裹在路上',
    '【驿站】到站提醒，包裹已到',
  ])('no name-shaped opener, no name: %s', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('a pickup station’s name is a place of business, not an address', () => {
  it.each([
    'station=南京市鼓楼区驿站5 status=offline',
    '今天 成都市武侯区菜鸟驿站 爆仓',
    'node=广州市天河区网点12 load=high',
    '您的包裹已送到南京市鼓楼区驿站5，请凭码取件',
    '已放在成都市武侯区菜鸟驿站',
  ])('%s', (text) => {
    expect(addresses(text)).toEqual([]);
  });
  it.each([
    ['南京市鼓楼区中山路驿站5', '南京市鼓楼区中山路驿站5'],
    ['成都市武侯区阳光花园3栋驿站', '成都市武侯区阳光花园3栋驿站'],
    ['广州市天河区体育西路88号', '广州市天河区体育西路88号'],
    ['地址：南京市鼓楼区驿站5', '南京市鼓楼区驿站5'],
    ['送到南京市鼓楼区中山路驿站5', '南京市鼓楼区中山路驿站5'],
  ])('a street, a building or a house number keeps it an address: %s', (text, want) => {
    expect(addresses(text)).toEqual([want]);
  });
});

describe('a compound with a building number is an address without a division name', () => {
  it.each([
    ['放阳光花园3幢门口就行', '阳光花园3幢'],
    ['我住锦绣家园8号楼2单元', '锦绣家园8号楼2单元'],
    ['帮我送到金桥二区15栋', '金桥二区15栋'],
    ['快递放丽景苑6栋吧', '丽景苑6栋'],
  ])('%s', (text, want) => {
    expect(addresses(text)).toEqual([want]);
  });
  it.each(['仓库B区3栋在装货', '这栋楼没有电梯', '放库区3栋', '第3栋'])(
    'a zone or a building word alone is no address: %s',
    (text) => {
      expect(addresses(text)).toEqual([]);
    },
  );
});

describe('the short fields of a person’s JSON object are that person’s', () => {
  it.each([
    ['{"sender":{"n":"Zhou Mingyu","t":"x"}}', 'Zhou Mingyu'],
    ['{"receiver":{"id":7,"nm":"赵海燕"}}', '赵海燕'],
    ['{"收件人":{"n":"孙丽"}}', '孙丽'],
  ])('%s', (text, name) => {
    expect(names(text)).toEqual([name]);
  });
  it.each([
    '{"sku":{"n":"Blue Shirt","a":"XL"}}',
    '{"warehouse":{"n":"Hub East"}}',
    '{"receiver":{"addr":{"n":"Tower Nine"}}}',
  ])('under a thing’s key they are not: %s', (text) => {
    expect(names(text)).toEqual([]);
  });
  it('an address field under a person', () => {
    const text = '{"sender":{"a":"浙江省宁波市鄞州区天童南路9号"}}';
    expect(addresses(text)).toEqual(['浙江省宁波市鄞州区天童南路9号']);
  });
});

describe('ODR is an order key', () => {
  it.each([`ODR|${A}|1|2990|CNY`, `odr_no=${A}`, `odrId: ${A}`])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([`odr_tel=${A}`, `ODR|${B}|tel=${A}`])('a contact key keeps the phone: %s', (text) => {
    expect(phones(text)).toContain(A);
  });
});

describe('linear time', () => {
  it.each([
    `货架上的件 ${A} `,
    `这票 ${A} 他那件 ${A} `,
    `1-2-3的件 ${A} `,
    `件 ${A} 放冰柜 `,
    `${A}去了，那是订单号。`,
    `*${A}*\n${A}\n`,
    `*${A}**\n*`,
    'Dear Seller Merchant ',
    '【通知】王小明，订单',
    '朝阳区驿站5 ',
    '送到朝阳区驿站5，',
    '阳光花园3栋',
    '花园1栋2单元3室',
    '{"receiver":{"n":"张伟","a":"x",',
    '"n":"',
    `ODR|${A}|`,
  ])('for repeated %j', (unit) => {
    expectRedactLinear(unit);
  });
});

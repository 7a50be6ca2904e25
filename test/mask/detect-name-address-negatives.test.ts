// Names and addresses that courier chat, tickets and logs make up by accident: courier and shop
// words that begin with a surname (单价, 付费, 申通, 花呗), a number label typed with a homophone
// (单好 for 单号) right before the number, an address that runs on over the label and number
// of the next field (…12号门卫 单号7546…) or over a glued waybill number; and, for each rule,
// the opposite case that must still be found (real names with those surnames, house numbers,
// 1830弄12号, 12号楼3单元). Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';

function names(text: string): string[] {
  return detect(text)
    .filter((f) => f.kind === 'name')
    .map((f) => text.slice(f.start, f.end));
}

function addresses(text: string): string[] {
  return detect(text)
    .filter((f) => f.kind === 'address')
    .map((f) => text.slice(f.start, f.end));
}

const P = '13812345678';

describe('a number label typed with a homophone is not a name', () => {
  it.each([
    `单好${P}一直显示揽收`,
    `单好 ${P} 没有动过`,
    `单好：${P}`,
    `包好${P}`,
    `车好 ${P}`,
    `房好${P}`,
    `单吗${P}`,
    `单耗${P}`,
    `單好${P}`,
    `房间好${P}`,
    `楼好 ${P}`,
    `| 运单好 | ${P} |`,
    // 联系 typed with a homophone that is a surname
    `连系电话${P}`,
    `连系人：${P}`,
    `练系电话 ${P}`,
  ])('%#', (text) => {
    expect(names(text)).toEqual([]);
  });

  it('the same characters stay a name where no number follows them, or after another surname', () => {
    expect(names('收件人：单好，明天到')).toEqual(['单好']);
    expect(names(`李好 ${P}`)).toEqual(['李好']);
    // a homophone that given names are written with is not taken for a typo
    expect(names(`单浩${P}`)).toEqual(['单浩']);
  });
});

describe('courier and shop words that begin with a surname are not names', () => {
  const words = [
    '单价',
    '单件',
    '单据',
    '单票',
    '单品',
    '单次',
    '单量',
    '查单',
    '查件',
    '原单',
    '母单',
    '付费',
    '全额',
    '全款',
    '钱款',
    '余量',
    '万件',
    '车次',
    '班次',
    '车牌',
    '车队',
    '车位',
    '包码',
    '包税',
    '包袋',
    '计费',
    '冷链',
    '温控',
    '明细',
    '索赔',
    '商品',
    '路由',
    '时段',
    '申通',
    '丰巢',
    '丰网',
    '花呗',
    '支付宝',
    '单子',
    '干线',
    '支线',
    '海外仓',
    '海运',
    '易碎',
    '官方',
    '满减',
    '单程',
    '楼下',
    '毛重',
    '白条',
    '修改',
    '商家',
    '巴枪',
    '明日',
  ];
  it.each(words)('%# before and after a mobile number', (w) => {
    for (const text of [`${w}${P}`, `${w} ${P}`, `${w}：${P}`, `${P} ${w}`, `| ${w} | ${P} |`]) {
      expect(names(text), text).toEqual([]);
    }
  });

  it('names with those surnames are still found next to a number', () => {
    expect(names(`单丽娟 ${P}`)).toEqual(['单丽娟']);
    expect(names(`付强${P}`)).toEqual(['付强']);
    expect(names(`全志伟 ${P}`)).toEqual(['全志伟']);
    expect(names(`车晓明，${P}`)).toEqual(['车晓明']);
    expect(names(`包文杰 ${P}`)).toEqual(['包文杰']);
    expect(names(`申雪 ${P}`)).toEqual(['申雪']);
    expect(names(`单子涵 ${P}`)).toEqual(['单子涵']);
    expect(names(`收件人：花丽 ${P}`)).toEqual(['花丽']);
  });

  it('a name ends before the label of an order or waybill number', () => {
    expect(names('交给程伟运单SF1234567890')).toEqual(['程伟']);
    expect(names('我叫钟娜娜订单号DD20261201')).toEqual(['钟娜娜']);
    // and a name right after 邮件 (件 ends a word, not a name) is read next to its number
    expect(names(`或发邮件陈强${P}`)).toEqual(['陈强']);
  });

  it('a name ends before the words a notification goes on with (正在, 目前, 预计)', () => {
    expect(names('【邮政EMS】投递员何平正在派送您的邮件，电话13812345678')).toEqual(['何平']);
    expect(names('快递员王磊目前在派送中')).toEqual(['王磊']);
    // a two-character given name is kept whole before them
    expect(names('快递员王建国正在派送')).toEqual(['王建国']);
  });

  it('a name glued before a division name does not take its first character', () => {
    const text = '收件人：张三北京市朝阳区建国路88号';
    expect(names(text)).toEqual(['张三']);
    expect(addresses(text)).toEqual(['北京市朝阳区建国路88号']);
    expect(names('蔡强海南省三亚市')).toEqual([]);
    // a three-character name stays whole before anything else
    expect(names('收件人：张三丰，电话13812345678')).toEqual(['张三丰']);
  });

  it('a township name (…乡) is not a name', () => {
    expect(names('台湾省 花莲县 富里乡A123456789')).toEqual([]);
    expect(names(`富里乡 ${P}`)).toEqual([]);
    expect(names(`富丽娟 ${P}`)).toEqual(['富丽娟']);
  });
});

describe('a name that begins with a common word, where the context insists', () => {
  it.each([
    ['快递员孔子墨电话13313790628', '孔子墨'],
    ['收件人：安心怡，电话13812345678', '安心怡'],
    ['收件人：高新民 13812345678', '高新民'],
  ])('%#', (text, want) => {
    expect(names(text)).toEqual([want]);
    expect(redact(text).text).not.toContain(want);
  });

  it('the word alone, a clause or a place after the same context is not a name', () => {
    for (const text of [
      '收件人：周末来取',
      '收件人：时间待定',
      '收件人：高新区',
      '收件人：平安夜到',
      '联系人：方便时打电话',
      '孔子墨迹展今天开幕',
    ]) {
      expect(names(text), text).toEqual([]);
    }
  });
});

describe('Latin names of other countries after weak context', () => {
  it.each([
    ['Parcel for SOFIA PETROV, please call +852 9853 4791', 'SOFIA PETROV'],
    ['This parcel is for Hiroshi Tanaka, passport TR1234567', 'Hiroshi Tanaka'],
    ['deliver to Priya Sharma at the gate', 'Priya Sharma'],
  ])('%#', (text, want) => {
    expect(names(text)).toEqual([want]);
  });

  it('after "by" and "by:" as well (signed by, received by)', () => {
    expect(names('Delivered. Signed by: LIU YANG')).toEqual(['LIU YANG']);
    expect(names('Received by Zhao Min at front desk')).toEqual(['Zhao Min']);
    for (const text of [
      'Made by Apple Inc',
      'Created By System',
      'Shipped by: DHL Express',
      'sorted by Date Desc',
    ])
      expect(names(text), text).toEqual([]);
  });

  it('brands, services and places after the same words are not names', () => {
    for (const text of [
      'order from Ali Express',
      'for Express Delivery',
      'Deliver to Long Beach',
      'call Customer Service',
    ])
      expect(names(text), text).toEqual([]);
  });
});

describe('an address ends before the label and number of another field', () => {
  it.each([
    ['放浦东新区锦绣路1830弄12号门卫 单号75462019384712 电话13661938405', '浦东新区锦绣路1830弄12号'],
    ['放浦东新区锦绣路1830弄12号 运单号75462019384712', '浦东新区锦绣路1830弄12号'],
    ['地址：浦东新区锦绣路1830弄12号 订单 75462019384712', '浦东新区锦绣路1830弄12号'],
    ['地址：浦东新区锦绣路1830弄12号單號 75462019384712', '浦东新区锦绣路1830弄12号'],
    ['地址：浦东新区锦绣路1830弄12号 tracking 7546201938', '浦东新区锦绣路1830弄12号'],
    ['地址：海淀区中关村大街27号1201 取件码 8-2-1033', '海淀区中关村大街27号1201'],
    ['上海市浦东新区锦绣路1830弄12号门卫室', '上海市浦东新区锦绣路1830弄12号'],
    ['地址：浦东新区锦绣路1830弄12号 丰巢格口23', '浦东新区锦绣路1830弄12号'],
    ['地址：浦东新区锦绣路1830弄12号 手机尾号5678', '浦东新区锦绣路1830弄12号'],
    ['地址：浦东新区锦绣路1830弄12号 密码2356', '浦东新区锦绣路1830弄12号'],
  ])('%#', (text, want) => {
    expect(addresses(text)).toEqual([want]);
  });

  it('and before a glued digit run too long for a house or room number, with its letter prefix', () => {
    expect(addresses('地址：浦东新区锦绣路1830弄12号75462019384712')).toEqual(['浦东新区锦绣路1830弄12号']);
    expect(addresses('地址：浦东新区锦绣路1830弄12号SF1459938271234')).toEqual(['浦东新区锦绣路1830弄12号']);
    expect(addresses('南京市鼓楼区中山北路218号5栋302室JT3092180044')).toEqual([
      '南京市鼓楼区中山北路218号5栋302室',
    ]);
    // a division name with nothing but such a number after it is no address at all
    expect(addresses('北京市朝阳区75462019384712')).toEqual([]);
    // a label glued between them goes too (件号, 编号, 条码), a house number (12号, 三号) stays
    expect(addresses('地址：锦绣路1830弄12号件号75462019384712')).toEqual(['锦绣路1830弄12号']);
    expect(addresses('地址：锦绣路1830弄12号1201室编号75462019384712')).toEqual(['锦绣路1830弄12号1201室']);
    expect(addresses('地址：锦绣路1830弄12号条码SF75462019384712')).toEqual(['锦绣路1830弄12号']);
    expect(addresses('地址：锦绣路1830弄三号75462019384712')).toEqual(['锦绣路1830弄三号']);
    expect(addresses('地址：锦绣路1830弄12号号码75462019384712')).toEqual(['锦绣路1830弄12号']);
    expect(addresses('地址：锦绣路1830弄12号房号75462019384712')).toEqual(['锦绣路1830弄12号']);
  });

  it('house, building, unit and room numbers stay inside', () => {
    for (const want of [
      '浦东新区锦绣路1830弄12号',
      '朝阳区建国路88号3号楼2单元1201室',
      '杭州市西湖区文三路100号12号楼3单元502',
      '四川雅安市石棉县和平路377号创新大厦16-5-1203',
      '北京市朝阳区建国路88号院1号楼1单元10101',
      '温州市龙湾区永中街道物流园3号楼',
    ]) {
      expect(addresses(`地址：${want}，电话${P}`), want).toEqual([want]);
    }
    expect(addresses(`地址：朝阳区建国路88号 3号楼 2单元 1201 电话${P}`)).toEqual([
      '朝阳区建国路88号 3号楼 2单元 1201',
    ]);
    expect(addresses('杭州市西湖区文三路 100号 B座1203 备注放门口')).toEqual([
      '杭州市西湖区文三路 100号 B座1203',
    ]);
  });
});

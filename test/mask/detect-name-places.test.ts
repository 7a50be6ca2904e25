// Names found by where they stand, with no label before them: a signature block, a numbered
// incident list, a name addressed or asked after, a mailbox's display name, Hong Kong
// romanizations after a role; and the look-alikes in the same places that are not names.
// Also a mobile in uneven groups. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found, phones } from '../support/detect-findings.js';

const names = (text: string) => found(text, 'name');

describe('a signature block: a name alone on its line after a closing and before the lines that sign it', () => {
  it.each([
    ['包裹已补发，请查收。\n——\n郑海燕\n客服主管 ｜ 顺达物流\n电话：021-62345678', '郑海燕'],
    ['麻烦尽快处理，谢谢！\n黄家豪\n运营专员 | 华南分拨中心\nTel: 0755-26881234', '黄家豪'],
    ['此致\n敬礼\n任思雨\n售后组\n邮箱：kf@example.com', '任思雨'],
    ['祝好\n欧阳文静\n华东仓储部', '欧阳文静'],
    ['感谢配合\n司徒嘉欣', '司徒嘉欣'],
    ['Best regards,\nKwabena Mensah\nOperations Lead | Swift Parcels', 'Kwabena Mensah'],
    ['--\nLin Meiqi\nCustomer Care, Eastline Logistics\nTel: +86 21 6234 5678', 'Lin Meiqi'],
    ['Thanks,\nSiobhan Keane\nEmail: s.keane@example.com', 'Siobhan Keane'],
  ])('%j signs with its writer', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each([
    '谢谢\n王府井\n店铺地址变更',
    '谢谢配合\n高速封路\n明天再派',
    '——\n王府井店\n电话：010-12345678',
    '此致\n敬礼\n顺丰速运华北区',
    '--\nCustomer Service Team\nTel: 400-111-2222',
    'Best regards,\nSwift Parcels Support',
    'Thanks,\nThe Ops Team',
    // a name-shaped line that nothing signs, in the middle of a message
    '谢谢\n周建华\n那批货明天到吗？我们等着用',
    // dashes inside prose, not a line of their own (with 说 or a time word after it the name is a
    // subject, which detect-running-names.test.ts and detect-call-note-names.test.ts find)
    '快递——郑海燕那边到了',
  ])('%j has no signature name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('the subject of a numbered incident list item', () => {
  it.each([
    ['1）邓丽萍 13512345678 拒收；2）邹凯手机空号；3）韩梅梅地址不详', ['邓丽萍', '邹凯', '韩梅梅']],
    ['1. 陈建国 地址错误 退回\n2. 刘洋 电话停机', ['陈建国', '刘洋']],
    ['(1) 孙丽娟已拒签\n(2) 钱志刚未接', ['孙丽娟', '钱志刚']],
    ['今日异常：1、李明拒收 2、王芳，不在家', ['李明', '王芳']],
  ])('%j names each item’s subject', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it.each([
    '1）周末不派送；2）高温暂停；3）包装破损',
    '1. 黄色包裹 已签收\n2. 汤汁洒了\n3. 安排重派',
    '1、金额不对 2、时效延误',
    '1. 请核对收件人姓名\n2. 高层住户请电梯上楼',
    '1）于是改派\n2）明天送',
    '金额1.5元，重量2、3公斤',
    // a place's or a body's name in an item (its last character, or a city without its suffix)
    '1. 林业局 已签收\n2. 胡同里 没人\n3. 城东站 未派送',
    '1）张家口 已发车；2）高新区 拒收',
  ])('%j has no name in its items', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('a name addressed at a sentence’s start, or asked after', () => {
  it.each([
    ['马志远你那批退货什么时候寄？', '马志远'],
    ['群里说一下。周建华，你明天来取件', '周建华'],
    ['@罗晓梅 你的件放驿站了', '罗晓梅'],
    ['店长：冯子豪您看一下这单', '冯子豪'],
    ['喂，是施文斌吗？我是快递员', '施文斌'],
    ['请问是张伟吗，有你的包裹', '张伟'],
    ['您好，请问您是王芳女士吗？', '王芳'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each([
    '平时你都几点在家？',
    '刚才你说放门口',
    '快递你放哪了',
    '万一你不在家怎么办',
    '是周末吗？',
    '是黄色的吗',
    '是顺丰吗？还是京东？',
    '是单号吗',
    '请问是王先生吗',
    '是真的吗',
    '明天你在家吗',
    // a city or a county without its suffix, a body's name
    '张家口你去过吗',
    '请问是黄山吗？',
    '是林业局吗',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('Latin names after a role, and mailbox display names', () => {
  it.each([
    ['Please contact our courier Ho Ka Wai on +852 9123 4567.', 'Ho Ka Wai'],
    ['WhatsApp our rider Wong Siu Ming if the gate is locked.', 'Wong Siu Ming'],
    ['Our driver Leung Chun Kit will call before noon.', 'Leung Chun Kit'],
    ['From: Priya Nair <priya.nair@example.com>', 'Priya Nair'],
    ['Cc: Rahul Mehta <rahul.m@example.com>, 王芳 <wf@example.com>', 'Rahul Mehta'],
    ['Reply-To: Siu Wing Kei <wk.siu@example.com>', 'Siu Wing Kei'],
    ['Author: "Okonkwo Adaeze" <ada@example.com>', 'Okonkwo Adaeze'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it('reads a Chinese display name too', () => {
    expect(names('Cc: Rahul Mehta <rahul.m@example.com>, 王芳 <wf@example.com>')).toContain('王芳');
  });

  it.each([
    'To: Ops Team <ops@example.com>',
    'From: Sales Team <sales@example.com>',
    'From: noreply <noreply@example.com>',
    'From: Swift Parcels Support <support@example.com>',
    'Deliver to Lok Fu Plaza before noon',
    'Our courier Sha Tin Hub will hold it',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('a word after a role word that is not a name', () => {
  it.each([
    '用户申诉说包裹破损',
    '寄件单老把电话写错',
    '客户来电催件',
    '用户满意度回访',
    '客户端显示已签收',
    '会员卡号不对',
    '用户曾多次投诉',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });

  it.each([
    ['用户申丽华反映包裹破损', '申丽华'],
    ['收件人单丽华，电话另告', '单丽华'],
    ['客户来明杰说放门口', '来明杰'],
  ])('%j keeps the name', (text, name) => {
    expect(names(text)).toContain(name);
  });
});

describe('a mobile written in uneven groups', () => {
  it.each([
    ['联系人 13 806 215 562 尽快', '13 806 215 562'],
    ['电话 1 3806 215562 请联系', '1 3806 215562'],
    ['打 138-06-215-562 找我', '138-06-215-562'],
    ['手机：15 9 0012 7731', '15 9 0012 7731'],
  ])('%j is a phone', (text, phone) => {
    expect(phones(text)).toEqual([phone]);
  });

  it.each([
    '订单号 13 806 215 562',
    '运单号：1 3806 215562',
    // twelve digits, or a group going on: a longer number
    '编号 13 806 215 562 7',
    '13 806 215 562 13 806',
    // dots and slashes keep the fixed shapes only (an IP address, a ratio)
    'IP 13.106.215.56',
    '电话175/02092928',
  ])('%j is not a phone', (text) => {
    expect(phones(text)).toEqual([]);
  });
});

describe('the rules of this file cost time linear in the text', () => {
  const units = [
    '谢谢\n郑海燕\n客服主管 ｜ 公司\n',
    '——\n--\n谢谢\n',
    '1）邹凯手机空号；',
    '1. 2. 3) ',
    '马志远你',
    '是施文斌吗',
    '吗吗是是',
    'From: Priya Nair <p@example.com>\n',
    '<a@example.com> ',
    '13 806 215 562 ',
    '1 3 806 2 ',
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

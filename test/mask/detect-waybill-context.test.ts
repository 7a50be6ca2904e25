// Mobile-shaped waybill numbers that only the sentence around them marks as such: what is said of
// them (到哪了, 一直没更新, 显示已签收, was delivered), a list that a waybill label heads across
// parcel states and other waybills, parcel words, spaced or denied keys. Every rule is tested the
// other way round too: a number that the text ties to someone (快递员 A, 有事打 A, 收件人张三 A,
// 联系电话 A, A（张三）) stays a phone. Every value is synthetic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { phones } from '../support/detect-findings.js';

const A = '13812345678';
const B = '13912345678';
const C = '15012345678';

describe('a parcel state after the number makes it a waybill', () => {
  it.each([
    `${A}到哪了`,
    `${A} 到哪里了？`,
    `帮我查一下${A}和${B}到哪了`,
    `${A}和${B}一直没更新`,
    `${A}，一直没更新`,
    `麻烦看下快递${A}和${B}，一直没更新`,
    `我有两个快递，${A}和${B}，一直没更新`,
    `${A} 显示已签收`,
    `${A}显示已签收但我没收到`,
    `${A}被退回了`,
    `${A}卡在上海转运中心三天了`,
    `${A}还没揽收`,
    `${A}一直显示揽收`,
    `${A} 物流一直没更新`,
    `快递${A} 物流一直没更新 都五天了`,
    `我查了一下${A}这个件还在派送中`,
    `那个件${A}是不是派错了`,
    `查一下这个 ${A} 顺丰的 好像丢件了`,
    `顺丰的${A}到哪了`,
    `${A} 顺丰 已签收`,
    `老板 ${A} ${B} ${C} 这几个今天能发出去不`,
    `查一下 ${A} ${B} 到哪了`,
    `${A} was delivered`,
    `${A} and ${B} are stuck in transit`,
    `${A} has not moved`,
    `my parcel ${A} hasn't arrived`,
    `${A} is still in transit`,
    `tracking ${A} was delivered but ${B} is stuck`,
  ])('%s has no phone', (text) => {
    expect(phones(text)).toEqual([]);
    expect(redact(text).text).toBe(text);
  });

  it.each([
    // someone's number: a person or contact word before it, a name glued to it
    [`快递员${A}到哪了`, [A]],
    [`收件人张三${A}已签收`, [A]],
    [`张三${A}已签收`, [A]],
    [`张三 ${A} ${B} 已签收`, [A, B]],
    [`已由${A}签收`, [A]],
    [`电话${A}，${B}到哪了`, [A, B]],
    [`有事打${A}，${B}到哪了`, [A, B]],
    [`联系电话：${A} 已签收`, [A]],
    [`运单号${A}，联系电话${C}`, [C]],
    [`快递小哥电话 ${A} 一直没更新`, [A]],
    [`call ${A} was delivered`, [A]],
    // no parcel state: what a person or a phone can also be said to do
    [`${A}到了给我打电话`, [A]],
    [`有事打${A}`, [A]],
    [`${A}丢了`, [A]],
    [`查一下${A}`, [A]],
    [`快递 ${A}`, [A]],
    [`${A}的快递到了`, [A]],
  ])('%s keeps its phones', (text, want) => {
    expect(phones(text)).toEqual(want);
    for (const p of want) expect(redact(text).text).not.toContain(p);
  });
});

describe('a waybill label governs the numbers after it until something else takes over', () => {
  it.each([
    // a parcel state between two items, and 但 after it
    `运单号${A}已签收，${B}还没到`,
    `运单号${A}已签收了，但${B}一直没更新`,
    `运单号 ${A} 已签收，${B}`,
    // other waybills between two mobile-shaped ones
    `运单号：${A}、YT2093847561032、${B}`,
    `今日退回件\n${A}\nYT2093847561032\n75320948176023\nJT3092841756302\n${B}`,
    `发货清单\n1. ${A} 已发\n2. ${B} 退回`,
    // 还有一个是, a count of pieces heading the list
    `运单号是${A}，还有一个是${B}`,
    `批次B231207-19共3件：${A} ${B} ${C}`,
  ])('%s has no phone', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    [`运单号${A}已签收，有问题打${B}`, [B]],
    [`运单号${A}已签收，${B}是我电话`, [B]],
    [`运单号${A} 已签收，收件人电话${B}`, [B]],
    [`运单号${A}已签收，张三${B}`, [B]],
    [`运单号：\n${A}\nYT2093847561032\n${B}\n联系电话：${C}`, [C]],
    [`退回件：\n${A}\n\n${B}`, [B]],
    [`运单号：${A}\n${C}`, [C]],
    [`手机：\n${A}\n${B}`, [A, B]],
    [`运单号：${A}、${B}是我电话`, [B]],
  ])('%s keeps its phones', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('parcel words, spaced keys, words between a label and its number, denials', () => {
  it.each([
    `包裹 ${A}`,
    `我的包裹${A}`,
    `包裹${A}和${B}`,
    `查一下包裹${A}`,
    `帮我查下这两个单${A} ${B}`,
    `这两个件：${A}、${B}`,
    `订 单 号 ${A}`,
    `运 单 号：${A}、${B}`,
    `快递单号后面是${A}`,
    `单号就是${A}`,
    `退货单号填${A}了`,
    `这是运单号不是电话：${A}`,
    `中通${A}韵达${B}`,
    `集包号${A}已封发`,
    `settle_amount_fen=${A}`,
    `那个件你们说是${A}`,
    `这个包裹应该是${A}`,
  ])('%s has no phone', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    [`王芳的包裹${A}`, [A]],
    [`包裹收件人${A}`, [A]],
    [`包裹到了联系${A}`, [A]],
    [`两个快递员${A}、${B}`, [A, B]],
    [`电 话 ${A}`, [A]],
    [`电 话 号 码 ${A}`, [A]],
    [`收 件 人 ${A}`, [A]],
    [`这不是运单号是电话：${A}`, [A]],
    [`不是运单号：${A}`, [A]],
    [`电话后面是${A}`, [A]],
    [`有两个件：${A}(范鑫)、${B}(卢思琪)`, [A, B]],
    [`有两个快递：${A}（张三）、${B}（李四）`, [A, B]],
    [`中通 ${A}`, [A]],
    [`那个件的收件人是${A}`, [A]],
    [`那个快递员说是${A}`, [A]],
    [`那个件联系人是${A}`, [A]],
    [`这个件是${A}寄的`, [A]],
    [`我的那个号是${A}`, [A]],
  ])('%s keeps its phones', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('any parcel state after a list of numbers, with and without a person before it', () => {
  const mobile = fc
    .tuple(fc.constantFrom('13', '15', '17', '18', '19'), fc.stringMatching(/^\d{9}$/))
    .map(([a, b]) => a + b);
  const state = fc.constantFrom(
    '到哪了',
    '一直没更新',
    '显示已签收',
    '被退回了',
    '还没揽收',
    ' is stuck in transit',
  );
  const sep = fc.constantFrom('和', '、', ' ', '，');
  const numbers = fc.array(mobile, { minLength: 1, maxLength: 3 });

  it('takes every number of the list away when nothing ties them to someone', () => {
    const lead = fc.constantFrom('', '帮我查一下', '我的', '请问', '查下快递');
    fc.assert(
      fc.property(lead, numbers, sep, state, (l, ns, s, st) => {
        const text = `${l}${ns.join(s)}${st}`;
        expect(phones(text)).toEqual([]);
      }),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  });

  it('keeps the number after a person or a contact word', () => {
    const person = fc.constantFrom('快递员', '收件人张三', '联系电话：', '有事打', '张三', 'call ');
    fc.assert(
      fc.property(person, mobile, state, (p, n, st) => {
        const text = `${p}${n}${st}`;
        expect(phones(text)).toEqual([n]);
      }),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  });
});

// The states and keys docs/masking.md lists, one by one.
describe('every parcel state and key the docs list', () => {
  it.each([
    '到哪了',
    '没到',
    '没更新',
    '不更新',
    '没动',
    '已签收',
    '签收了',
    '被退回',
    '退回',
    '卡在',
    '卡住',
    '滞留',
    '揽收',
    '没揽收',
    '派送中',
    '运输中',
    '已发货',
    '已发',
    '发出去',
    '派错',
    '送错',
    '丢件',
    '被拒收',
    '没物流',
    '物流一直没更新',
    '显示已签收',
    '还没揽收',
    '已经签收了',
    '怎么还没到',
    '是不是派错了',
    '好像丢件了',
    '今天能发出去不',
    '这个件还在派送中',
    '这几个今天能发出去不',
    ' was delivered',
    ' were delivered',
    ' is stuck',
    ' is in transit',
    ' is still in transit',
    ' has not moved',
    " hasn't arrived",
    ' was returned',
    ' is out for delivery',
    ' is delayed',
  ])('A%s is a waybill', (state) => {
    expect(phones(`${A}${state}`)).toEqual([]);
  });

  it.each(['到了', '丢了', '异常', '查不到', '停机了', ' is busy'])('A%s stays a phone', (said) => {
    expect(phones(`${A}${said}`)).toEqual([A]);
  });

  it.each([
    `几个快递 ${A}、${B}`,
    `出库清单：\n${A}\n${B}`,
    `问题件 ${A}`,
    `滞留件：${A}`,
    `袋号${A}`,
    `总包号 ${A}`,
    `{"amountCents":${A}}`,
    `${A}这个件`,
    `我的包裹 ${A}`,
  ])('%s has no phone', (text) => {
    expect(phones(text)).toEqual([]);
  });
});

describe('a heading label on the line above gives way to a name on the number line', () => {
  it.each([`运单号\n${A}`, `运单号：\n${A}`, `发货清单\n${A}\n${B}\n${C}`])('a waybill: %s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    [`运单号\n${A} 张三`, [A]],
    [`运单号：\n${A}　王芳`, [A]],
    [`发货清单\n${A} 张三\n${B} 李四`, [A, B]],
  ])('stays a phone: %s', (text, expected) => {
    expect(phones(text)).toEqual(expected);
  });
  it('a name on the label line itself does not count (运单号 A 张三 stays a waybill)', () => {
    expect(phones(`运单号 ${A} 张三`)).toEqual([]);
  });
});

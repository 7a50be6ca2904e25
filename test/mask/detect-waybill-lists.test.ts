// Several waybill, tracking and order numbers the way courier texts write them: lists after one
// label (separators, ranges, numbered, bulleted and line-by-line items, carrier names and codes,
// notes in brackets), the label after the numbers, numbered keys, JSON keys of lists and tables
// whose header names only such columns. However mobile-shaped, none of them is a phone; and the
// other way round, a real phone next to such a list is still found. Every value is synthetic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';
import { numbers, phones } from '../support/detect-findings.js';

const A = '13812345678';
const B = '13912345678';
const C = '15012345678';
const D = '18612345678';

describe('a list of waybill numbers after one label', () => {
  it.each([
    // separators
    `运单号：${A}、${B}、${C}`,
    `快递单号:${A},${B};${C}`,
    `单号 ${A} 和 ${B} 及 ${C}`,
    `运单号：${A}；${B}；${C}；${D}`,
    `单号：${A}，${B}，${C}（共3件）`,
    `物流单号${A}、${B}和${C}`,
    `运单 ${A}、${B} 已揽收`,
    `快递单号 ${A}，另一个 ${B}`,
    `order ids: ${A}; ${B}`,
    `SKU: ${A}/${B}`,
    // ranges
    `运单号 ${A} 至 ${B}`,
    `运单号 ${A}~${B}`,
    `单号从${A}到${B}`,
    `运单号：${A}-${B}`,
    `waybills ${A} through ${B}`,
    `单号 ${A} 至 ${B} 共3件`,
    // numbered, bulleted and line-by-line items
    `运单号：1. ${A} 2. ${B}`,
    `运单号：\n${A}\n${B}\n${C}`,
    `运单号：\n1. ${A}\n2. ${B}`,
    `物流单号：\n- ${A}\n- ${B}`,
    `运单号如下：\n1、${A}\n2、${B}`,
    `运单号:\n• ${A}\n• ${B}`,
    `tracking numbers:\n1) ${A}\n2) ${B}`,
    `运单号\n${A}\n${B}`,
    // carrier names and codes, notes in brackets, pieces
    `运单号：${A}（中通）、${B}（圆通）`,
    `运单号：中通${A}，圆通${B}`,
    `运单号：中通 ${A} / 韵达 ${B}`,
    `tracking: SF ${A}, YT ${B}`,
    `单号：${A}（已签收），${B}（派送中）`,
    `运单 ${A}（母）、${B}（子）`,
    `快递单号 ${A}*2 和 ${B}*2`,
    `运单号：138 1234 5678，139 1234 5679`,
    `运单号：${A}-1、${B}-2`,
    `单号 (1) ${A} (2) ${B}`,
    `单号：
* ${A}
* ${B}`,
    `运单号 ${A} & ${B}`,
    `单号${A}以及${B}，还有${C}`,
    `订单号 ${A} 与 ${B}`,
    // 两个单号, 分别是, the label in a clause
    `两个单号分别是${A}和${B}`,
    `单号分别为：${A}、${B}`,
    `两个单号：${A}，${B}`,
    `拆分为两个包裹，单号${A}和${B}`,
    `以下单号已签收：${A}、${B}`,
    `我有两个快递：${A} 和 ${B}`,
    `tracking numbers for the two boxes: ${A}, ${B}`,
  ])('%s', (text) => {
    expect(numbers(text)).toEqual([]);
    expect(redact(text).text).toBe(text);
  });
});

describe('the label after the numbers, in brackets or as a count', () => {
  it.each([
    `${A}、${B}是运单号`,
    `${A}和${B}这两个是快递单号`,
    `${A}（运单号）`,
    `${A}(tracking no.)`,
    `${A} 是顺丰单号`,
    `${A} 为京东物流单号`,
    `${A} is the SF tracking number`,
    `${A}, ${B} are the tracking numbers`,
    `from ${A} to ${B} (waybills)`,
    `${A}、${B} 两个包裹`,
    `${A}和${B}两个快递都没到`,
    `${A}、${B}两单`,
    `${A} 和 ${B} 都是中通的`,
    `${A}，${B}（运单号）`,
    `帮我查一下${A}和${B}的物流`,
    `${A}、${B}的物流轨迹没更新`,
  ])('%s', (text) => {
    expect(numbers(text)).toEqual([]);
  });
});

describe('labels, keys and carriers of waybills', () => {
  it.each([
    `母单号：${A} 子单号：${B}`,
    `子母件 ${A}/${B}`,
    `回单号：${A}`,
    `退货单号${A}，换货单号${B}`,
    `面单号 ${A}`,
    `物流单：${A}`,
    `包裹1：${A}；包裹2：${B}`,
    `运单1：${A} 运单2：${B}`,
    `AWB: ${A}`,
    `AWB nos ${A} / ${B}`,
    `Consignment No. ${A}`,
    `connote ${A}`,
    `Shipment ID: ${A}`,
    `SF ${A}`,
    `JT ${A}, JT ${B}`,
    `中通${A}，圆通${B}`,
    `顺丰 ${A} 和 京东 ${B} 都签收了`,
    `${A} kg`,
    `${A} pcs`,
    // keys in JSON and key=value
    `waybillNo=${A}`,
    `mailNo:${A}`,
    `logisticsNo=${A}&expressNo=${B}`,
    `billCode:${A}`,
    `{"expressCode":"${A}"}`,
    `{"expressNum":"${A}"}`,
    `{"shipNo":"${A}"}`,
    `{"mailNos":"${A},${B}"}`,
    `{"waybillNoList":["${A}","${B}"]}`,
    `{"subWaybillNos":"${A};${B}"}`,
    `{"childMailNos":["${A}","${B}"]}`,
    `{"mailNoList":"${A}|${B}"}`,
    `{"returnWaybillNo":"${A}"}`,
    `{"trackingNumbersArr":["${A}","${B}"]}`,
    `${A} lbs`,
    `耗时 ${A} ms`,
    // tables whose header names only waybills, orders and their status
    `运单号,重量,状态\n${A},1.2,已签收\n${B},0.5,运输中`,
    `| 快递单号 | 快递公司 |\n|---|---|\n| ${A} | 中通 |\n| ${B} | 圆通 |`,
    `tracking_number,status,carrier\n${A},delivered,SF\n${B},in transit,ZTO`,
  ])('%s', (text) => {
    expect(numbers(text)).toEqual([]);
  });
});

describe('a real phone next to waybill numbers is still found', () => {
  it.each([
    [`运单号：${A}、${B}，收件人电话：${C}`, [C]],
    [`运单号：${A}、${B}\n电话 ${C}`, [C]],
    [`运单号 ${A} 和 ${B}，联系电话 ${C}`, [C]],
    [`{"waybillNos":["${A}","${B}"],"receiverMobile":"${C}"}`, [C]],
    [`运单号：\n1. ${A}\n2. ${B}\n收件人电话 ${C}`, [C]],
    [`${A}、${B}是运单号，${C}是我的电话`, [C]],
    [`运单号 | 收件人 | 电话\n${A} | 张三 | ${C}`, [C]],
    [`运单号,重量,电话\n${A},1.2,${C}`, [C]],
    [`运单号 ${A} 至 ${B}，电话 ${C}`, [C]],
    [`两个单号分别是${A}和${B}，我的手机${C}`, [C]],
    [`运单号：中通${A}，圆通${B}，收件人手机号${C}`, [C]],
    [`tracking numbers ${A} and ${B}, call me at ${C}`, [C]],
    [`运单号：${A}（中通）、${B}（圆通） 联系人电话：${C}`, [C]],
    [`${A}是运单号，${B}是电话`, [B]],
    [`mailNo=${A}&mobile=${C}`, [C]],
    [`运单号如下：\n1. ${A}\n2. ${B}\n\n电话：${C}`, [C]],
    [`运单号：\n${A}\n${B}\n联系电话：${C}`, [C]],
    [`运单号：${A}\n${C}`, [C]],
    [`单号${A}，有事打${C}`, [C]],
    [`运单号 ${A} / 手机 ${C}`, [C]],
    [`AWB: ${A}, Tel: ${C}`, [C]],
    [`运单号：${A}-${B}，张三 ${C}`, [C]],
    [`tracking numbers:\n1) ${A}\n2) ${B}\nphone: ${C}`, [C]],
    [`子母件 ${A}/${B} 寄件人电话${C}`, [C]],
    [`${A}（运单号） ${C}（电话）`, [C]],
    [`单号 ${A} 至 ${B}，${C} 是收件人手机`, [C]],
    // phones stay phones: a list after a phone label, a carrier name alone, a courier's phone
    [`联系电话：${A}、${B}`, [A, B]],
    [`电话 ${A} 和 ${B}`, [A, B]],
    [`手机：\n${A}\n${B}`, [A, B]],
    [`顺丰 ${A}`, [A]],
    [`顺丰快递员 ${A}`, [A]],
    [`邮编266071，${C}`, [C]],
    [`订单备注：${C}`, [C]],
    [`order note: ${C}`, [C]],
    [`orderNo Li Na您好：${C}`, [C]],
    [`订单号 Li Na：${C}`, [C]],
    [`运单号：${A}、${C}（电话）`, [C]],
    [`请联系我\n${C}`, [C]],
    [`${C}的快递到了`, [C]],
    [`手机号${C}的物流`, [C]],
  ])('%s', (text, want) => {
    const found = detect(text)
      .filter((f) => f.kind === 'phone')
      .map((f) => text.slice(f.start, f.end));
    expect(found).toEqual(want);
    for (const p of want) expect(redact(text).text).not.toContain(p);
  });
});

describe('any list of waybills, then a phone field', () => {
  const mobile = fc
    .tuple(fc.constantFrom('13', '15', '17', '18', '19'), fc.stringMatching(/^\d{9}$/))
    .map(([a, b]) => a + b);
  const label = fc.constantFrom(
    '运单号：',
    '快递单号 ',
    '物流单号',
    '单号：',
    '子单号：',
    'tracking numbers: ',
    'waybills ',
    'AWB ',
    '"mailNos":"',
    'waybillNo=',
  );
  const sep = fc.constantFrom(
    '、',
    '，',
    ', ',
    ' 和 ',
    ' and ',
    '/',
    '；',
    ' 至 ',
    '~',
    ' ',
    '；中通 ',
    '（圆通）、',
  );
  const phoneLabel = fc.constantFrom(
    '，收件人电话：',
    '\n电话 ',
    '; Tel: ',
    '，联系电话',
    '&mobile=',
    '，手机号 ',
  );

  it('takes every waybill away and finds the phone', () => {
    fc.assert(
      fc.property(
        label,
        fc.array(fc.tuple(sep, mobile), { maxLength: 3 }),
        mobile,
        phoneLabel,
        mobile,
        (l, rest, first, p, phone) => {
          const text = `${l}${first}${rest.map(([s, m]) => s + m).join('')}${p}${phone}`;
          const found = detect(text).filter((f) => f.kind === 'phone');
          expect(found.map((f) => text.slice(f.start, f.end))).toEqual([phone]);
        },
      ),
      { numRuns: Number(process.env.RUNS ?? 500) },
    );
  });

  it('keeps a list after a phone label as phones', () => {
    const phoneKey = fc.constantFrom('电话：', '联系电话 ', '手机号：', 'Tel: ', 'mobile=');
    fc.assert(
      fc.property(phoneKey, mobile, fc.constantFrom('、', '，', ' 和 ', '/', ', '), mobile, (k, x, s, y) => {
        fc.pre(x !== y);
        const text = `${k}${x}${s}${y}`;
        const found = detect(text).filter((f) => f.kind === 'phone');
        expect(found.map((f) => text.slice(f.start, f.end))).toEqual([x, y]);
      }),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  });
});

// The carrier in brackets after a number, a label phrase that closes a list from a distance,
// a carrier name before a number, and bare number keys in JSON objects of waybills. Each rule is
// tested both ways: the waybill form is no phone, the person or phone form next to it still is.

describe('gaps closed: the carrier, the label far behind, the JSON object', () => {
  it.each([
    // the carrier alone in brackets after the number
    `${A}（顺丰速运）`,
    `${A}(中通快递)`,
    `${A} [JD Logistics]`,
    `${A}【韵达】`,
    `${A}（顺丰快递）、${B}（圆通）`,
    `${A} (SF Express)`,
    // a label phrase that covers every number before it in the sentence
    `一个是${A}，另一个是${B}，都是运单号`,
    `${A}和${B}这两个都是快递单号`,
    `${A}、${B} 均为物流单号`,
    `${A}、${B}皆为运单号`,
    `${A}，${B}，都是中通单号`,
    `both ${A} and ${B} are tracking numbers`,
    // a carrier name followed by a waybill word
    `中通单号 ${A}`,
    `韵达快递单号${A}`,
    `极兔运单：${A}`,
    // bare number keys in JSON objects of waybills
    `{"waybills":[{"no":"${A}"},{"no":"${B}"}]}`,
    `{"waybills":[{"no":${A}}, {"no":${B}}, {"no":${C}}]}`,
    `[{"expressCompany":"中通","no":"${A}"},{"expressCompany":"圆通","no":"${B}"}]`,
    `[{"carrier":"SF","no":"${A}"}]`,
    `{"logisticsCompany":"极兔","id":"${A}"}`,
  ])('%s has no phone', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    // a person, not a carrier, in the brackets
    [`${A}（顺丰快递员）`, [A]],
    [`${A}（中通快递员）`, [A]],
    [`${A}（快递员电话）`, [A]],
    [`${A}（小哥）`, [A]],
    [`${A}（顺丰小哥）`, [A]],
    [`电话${A}（顺丰）`, [A]],
    [`${A} (SF courier)`, [A]],
    // the label phrase names phones, or a phone key holds the first item
    [`${A}、${B} 都是电话`, [A, B]],
    [`${A}，${B}，均为联系电话`, [A, B]],
    [`电话${A}，${B}都是运单号`, [A]],
    [`我的手机${A}。${B}都是运单号`, [A]],
    [`${A}，都是好人`, [A]],
    // a carrier name alone before the number: more likely its courier's phone (see docs/masking.md)
    [`中通 ${A}`, [A]],
    [`韵达${A}`, [A]],
    [`极兔：${A}`, [A]],
    [`中通快递员 ${A}`, [A]],
    [`顺丰小哥电话 ${A}`, [A]],
    [`联系中通 ${A}`, [A]],
    // bare number keys anywhere else, and a phone key beside a carrier
    [`[{"name":"x","no":"${A}"}]`, [A]],
    [`{"contacts":[{"no":"${A}"},{"no":"${B}"}]}`, [A, B]],
    [`{"waybills":[{"no":"${A}"},{"tel":"${B}"}]}`, [B]],
    [`[{"carrier":"SF","no":"${A}","phone":"${B}"}]`, [B]],
    [`{"carrier":"SF"},{"no":"${A}"}`, [A]],
  ])('%s keeps its phones', (text, want) => {
    expect(phones(text)).toEqual(want);
    for (const p of want) expect(redact(text).text).not.toContain(p);
  });
});

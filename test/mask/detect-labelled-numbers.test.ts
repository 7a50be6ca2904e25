// Numbers that their label says are not personal data (orders, waybills, tracking numbers, SKUs,
// invoices, amounts and totals), however mobile-shaped, in the ways courier systems write the
// label: across a gap, a verb, a carrier name or a number word, in XML and nested JSON, and at the
// head of a list; and, the other way round, a real phone next to such a label is still found.
// Every value is synthetic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';

function spans(text: string): string[] {
  return detect(text).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
}

const A = '13812345678';
const B = '13912345678';

describe('a label of a non-personal number takes the number away', () => {
  it.each([
    // Chinese labels, with and without a colon, 是/为, brackets
    `订单号 ${A} 已发货`,
    `订单编号: ${A}`,
    `运单号是：${A}，请查收`,
    `快递单号:${A}`,
    `物流单号 ${A} 已签收`,
    `编号 ${A}`,
    `货号${A}`,
    `金额 ${A}`,
    `合计：${A}`,
    `总计 ${A}`,
    `发票号码 ${A}`,
    `单号【${A}】`,
    `订单 (${A})`,
    // a number word between the label and the number
    `运单 No. ${A}`,
    `SKU码 ${A}`,
    `SKU编码：${A}`,
    `SKU号${A}`,
    // a carrier name between them
    `运单号：（中通）${A}`,
    `运单号：中通 ${A}`,
    `快递单号 顺丰${A}`,
    `Order No: SF ${A}`,
    // English labels
    `order number is ${A}`,
    `Order Number - ${A}`,
    `Order #${A}`,
    `Tracking number: ${A}`,
    `tracking no. ${A} delivered`,
    `Waybill No ${A}`,
    `Invoice No. ${A}`,
    `Amount: ${A}`,
    `Total ${A}`,
    `PO# ${A}`,
    // keys in code, XML and JSON
    `invoiceNumber: "${A}"`,
    `shipmentId=${A}`,
    `order_no => ${A}`,
    `<orderNo>${A}</orderNo>`,
    `<waybillNo>${A}</waybillNo>`,
    `{"orderNo":["${A}"]}`,
    `{"order":{"id":"${A}"}}`,
    `{"tracking":{"number":"${A}"}}`,
    // amounts written as amounts
    `合计 ¥${A}`,
    `支付 ${A} 元`,
  ])('%s', (text) => {
    expect(spans(text)).toEqual([]);
    expect(redact(text).text).toBe(text);
  });
});

describe('a label heads a list of such numbers', () => {
  it.each([
    `运单号：${A}、${B}`,
    `运单号 ${A}, ${B} 两个包裹`,
    `单号 ${A} / ${B}`,
    `waybills: ${A}, ${B}`,
    `tracking numbers ${A} and ${B}`,
    `{"orderNos":["${A}","${B}"]}`,
    `订单号 ${A} 和 ${B}`,
  ])('%s', (text) => {
    expect(spans(text)).toEqual([]);
  });

  it('ends at a word, a newline or a table cell', () => {
    expect(spans(`运单号 ${A} 电话 ${B}`)).toEqual([`phone:${B}`]);
    expect(spans(`运单号：${A}\n${B}`)).toEqual([`phone:${B}`]);
    expect(spans(`运单号：${A}\t${B}`)).toEqual([`phone:${B}`]);
    expect(spans(`运单号：${A} | ${B}`)).toEqual([`phone:${B}`]);
  });
});

describe('a real phone next to such a label is still found', () => {
  it.each([
    ['订单号 1234, 电话 13812345678', ['phone:13812345678']],
    [`订单号${A}，电话${B}`, [`phone:${B}`]],
    [`单号${A} 收件人电话${B}`, [`phone:${B}`]],
    [`订单号 ${A} 联系 ${B}`, [`phone:${B}`]],
    [`orderNo=${A}&mobile=${B}`, [`phone:${B}`]],
    [`orderNo:${A} receiverPhone:${B}`, [`phone:${B}`]],
    [`{"waybillNo":"${A}","phone":"${B}"}`, [`phone:${B}`]],
    [`运单号/手机号：${A}`, [`phone:${A}`]],
    [`订单联系电话：${A}`, [`phone:${A}`]],
    [`金额 100 元，电话 ${A}`, [`phone:${A}`]],
    [`SKU 1234 联系 ${A}`, [`phone:${A}`]],
    [`Order contact: ${A}`, [`phone:${A}`]],
    [`顺丰 ${A}`, [`phone:${A}`]],
    [`This is ${A}`, [`phone:${A}`]],
    [`<phone>${A}</phone>`, [`phone:${A}`]],
    [`{"order":{"mobile":"${A}"}}`, [`phone:${A}`]],
  ])('%s', (text, want) => {
    expect(spans(text)).toEqual(want);
    expect(redact(text).text).not.toContain(want[0]!.slice(6));
  });

  const negative = fc.constantFrom(
    '订单号',
    '运单号：',
    'SKU ',
    '金额 ',
    'Order No. ',
    'tracking ',
    'orderNo=',
  );
  const phoneLabel = fc.constantFrom('电话', '手机：', '联系电话 ', 'Tel: ', 'mobile=', '收件人电话');
  const sep = fc.constantFrom('，', ', ', ' ', '; ', '\n', '&');
  const mobile = fc
    .tuple(fc.constantFrom('13', '15', '17', '18', '19'), fc.stringMatching(/^\d{9}$/))
    .map(([a, b]) => a + b);
  const other = fc.oneof(mobile, fc.stringMatching(/^\d{4,8}$/));

  it('finds the phone after any such label and another field, whatever the labelled number is', () => {
    fc.assert(
      fc.property(negative, other, sep, phoneLabel, mobile, (n, x, s, p, y) => {
        const text = `${n}${x}${s}${p}${y}`;
        const found = detect(text).filter((f) => f.kind === 'phone');
        expect(found.map((f) => text.slice(f.start, f.end))).toEqual([y]);
      }),
      { numRuns: Number(process.env.RUNS ?? 1000) },
    );
  });
});

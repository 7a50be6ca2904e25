// A small hold-out set written independently of test/fixtures/detect-corpus.jsonl (by another
// engineer, after the detectors were built), to catch rules tuned to one file. Spans are found by
// indexOf, so each case states the PII it contains and the text around it.
import { describe, expect, it } from 'vitest';
import { detect } from 'courier-pii/mask';
import type { Kind } from 'courier-pii/schema';

interface Case {
  text: string;
  pii: Array<[Kind, string]>;
}

const CASES: Case[] = [
  { text: '寄件人身份证11010519491231002X已核验', pii: [['idNumber', '11010519491231002X']] },
  { text: '实名登记：身份证号 110105 19900307 1239，请核对', pii: [['idNumber', '110105 19900307 1239']] },
  { text: '快递员王师傅电话：18612345678，明天上午送到', pii: [['phone', '18612345678']] },
  {
    text: 'Call me at +86 186-0000-1234 or email li.lei@example.org',
    pii: [
      ['phone', '+86 186-0000-1234'],
      ['email', 'li.lei@example.org'],
    ],
  },
  { text: '请联系李女士，手机号码是 138 0013 8000，谢谢', pii: [['phone', '138 0013 8000']] },
  { text: '退货请寄到张先生，座机0769-85551234', pii: [['landline', '0769-85551234']] },
  { text: '公司电话 (010)87654321 转 806', pii: [['landline', '(010)87654321 转 806']] },
  { text: '用这张卡退款：6222 0212 3456 7890 128', pii: [['bankCard', '6222 0212 3456 7890 128']] },
  {
    text: '发件人邮箱 Zhang.Wei_88@mail.example.cn 请回复',
    pii: [['email', 'Zhang.Wei_88@mail.example.cn']],
  },
  { text: '电话0086 13912345678找收件人', pii: [['phone', '0086 13912345678']] },
  // a hard negative until pickup codes became credentials to mask (issue 17)
  { text: '取件码 5-3-2231，请于2026-11-28 18:00前到驿站取件', pii: [['pickupCode', '5-3-2231']] },
];

const NEGATIVES = [
  '订单号 202311281234567890 已发货，运单 YT7891234567890',
  '客服热线95338，或拨打400-811-1111，工作时间9:00-18:00',
  '王府井大街的马上到，黄金周请耐心等待',
  '运单号SF1381234567890已签收',
  '邮编266071，统一社会信用代码91370200MA3C1234X5',
  '时间戳1732780800123，批次号20261128001',
];

describe('detect on an independent hold-out set', () => {
  it.each(CASES.map((c, i) => [i, c] as const))(
    'finds exactly the planted identifiers (case %i)',
    (_i, c) => {
      const found = detect(c.text)
        .filter((f) => f.kind !== 'name' && f.kind !== 'address')
        .map((f) => [f.kind, c.text.slice(f.start, f.end)]);
      expect(found).toEqual(c.pii);
    },
  );

  it.each(NEGATIVES.map((t, i) => [i, t] as const))('finds nothing in a hard negative (case %i)', (_i, t) => {
    expect(detect(t)).toEqual([]);
  });
});

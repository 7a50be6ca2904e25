// Detection must cost time proportional to the text, whatever the text: repeated division
// names, address and name context words, digits, '@' and mixtures used to restart a scan from
// every occurrence (a minute for 100k characters). Each input is measured at 1k characters
// (64 calls, so the same number of characters), 64k and 256k; a quadratic detector takes 64
// and 4 times longer per character at the larger sizes, a linear one about the same. The
// bounds are generous (the test machine is shared and loaded): 8× and 8× plus a fixed
// allowance for a stall; the quadratic detectors this replaced took seconds at 16k.
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';

const ADVERSARIAL = [
  '地址',
  '北京市',
  '朝阳区',
  '送到',
  '地址a',
  '浙江店',
  '收件人',
  '联系人：',
  '张三 ',
  'Recipient: ',
  'dear ',
  'Dear The ',
  'to: ',
  'ship to ',
  '1',
  '1 ',
  '1.',
  '13812345678 ',
  '张三13812345678，',
  '@',
  'a@',
  'a.b@c.d ',
  '座机 ',
  'lat ',
  '取件码',
  '"receiverName":"',
  'consignee=',
  '尊敬的',
  '您好',
  '地址北京市朝阳区收件人13812345678@',
  '138\u200b1234',
  '١٣٨',
  'sjr=张三&',
  '|收件人|手机|\n',
  '姓名\t电话\n张三\t13812345678\n',
  '您好张三',
  'for Zhang Wei ',
  '订单号：',
  // the structured and Latin detectors of issue 17's second round
  'Road ',
  '1 Road ',
  'Main Street, ',
  '12 Church Lane, Flat 3, ',
  'Flat 1, ',
  'Bahnhofstraße 1, ',
  'INSERT INTO t (receiver_name, mobile) VALUES (',
  "('张三', '13812345678'), ",
  "insert into t (a) values ('",
  '已由张三',
  '被张三签收',
  '】张三，',
  '张三的快递',
  'Wang Fang (',
  '（010）',
  '¥1',
  '第1',
  '商品编码（SKU）：',
  '收件人 Recipient：',
];

function fill(unit: string, n: number): string {
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

/** Fastest of five runs of `reps` calls, in milliseconds. */
function best(f: () => unknown, reps: number): number {
  let min = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) f();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

describe('detection time grows linearly with the text', () => {
  it.each(ADVERSARIAL.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    const k1 = fill(unit, 1024);
    const k64 = fill(unit, 65536);
    const k256 = fill(unit, 262144);
    const t1 = best(() => redact(k1), 64);
    const t64 = best(() => redact(k64), 1);
    const t256 = best(() => detect(k256), 1);
    expect(t64).toBeLessThan(8 * t1 + 250);
    expect(t256).toBeLessThan(8 * t64 + 500);
  });
});

// A mobile told in parts, as people dictate one in a chat or a call note (前三位 139，中间 4821，后四位
// 7730): the groups of a mobile (3-4-4, 3-8, 7-4) joined by a word of a number's parts. Not taken:
// groups with no such word, groups counted in units (件, 页, 元), a waybill's two parts, a mobile's
// head alone. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { phones } from '../support/detect-findings.js';

describe('a mobile told in parts', () => {
  it.each([
    ['手机139，中间是4821，最后7730', '139，中间是4821，最后7730'],
    ['前三位150 中间0217 后四位6643', '150 中间0217 后四位6643'],
    ['号码是1860217，后四位6643', '1860217，后四位6643'],
    ['电话：177 然后 3021 然后 5586', '177 然后 3021 然后 5586'],
    ['手機：139，中間是4821，最後7730', '139，中間是4821，最後7730'],
    ['你记一下 135 后面是 90217743', '135 后面是 90217743'],
  ])('%j is one phone', (text, phone) => {
    expect(phones(text)).toEqual([phone]);
    const out = redact(text).text;
    for (const group of phone.match(/\d+/g)!) expect(out).not.toContain(group);
  });

  it.each([
    ['no part word', '139，4821，7730'],
    ['counted in units', '订单共139件，中间4821件，最后7730件'],
    ['pages', '第139页，中间4821行，最后7730字'],
    ['counted things', '139个，中间4821个，最后7730个'],
    ['a last group counted', '139，中间4821，最后7730件'],
    ['amounts', '金额139元，中间4821元，最后7730元'],
    ['a head that is no mobile', '电话239，中间是4821，最后7730'],
    ['two parts only of a 3-4-4 number', '139，中间是4821'],
    ['a gap too long', '139 这个号码中间的四位数字是 4821 最后7730'],
    ['letters in the gap', '139 then 4821 最后 7730'],
  ])('does not take %s', (_what, text) => {
    expect(phones(text)).toEqual([]);
  });

  it('keeps a whole mobile beside it a phone', () => {
    expect(phones('139，中间是4821，最后7730，或者打13812345678')).toEqual([
      '139，中间是4821，最后7730',
      '13812345678',
    ]);
  });

  it('redacting twice changes nothing more', () => {
    const once = redact('手机139，中间是4821，最后7730').text;
    expect(redact(once).text).toBe(once);
  });
});

describe('time', () => {
  it.each(['139，中间是4821，最后7730；', '中间', '139 中间 ', '1 中间 2 最后 3 '])(
    'grows linearly for repeated %j',
    (unit) => {
      expectRedactLinear(unit);
    },
  );
});

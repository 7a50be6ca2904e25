// A number of another numbering plan (Hong Kong, Macao, Taiwan, Singapore, Malaysia, Vietnam,
// Thailand, the US, the UK, Australia) or a mainland one in an unusual shape, right after a phone
// word: 電話：9321 6654, 台灣手機 0933-218-506, Phone: (212) 555-0187, ring me on 07911 123456.
// Not taken: dates, time ranges, counts of things, hotlines, numbers of things after the same
// words (订单号码), a number with no phone word. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { numbers, phones } from '../support/detect-findings.js';

describe('a number of any plan after a phone word', () => {
  it.each([
    ['聯絡電話：9321 6654（黃生）', '9321 6654'],
    ['李太 手提 5832 1107', '5832 1107'],
    ['HK mobile 6408 2291 pls call after 7', '6408 2291'],
    ['澳門電話 6653 0418', '6653 0418'],
    ['台灣手機 0933-218-506', '0933-218-506'],
    ['電話：0928 771 403（台中）', '0928 771 403'],
    ['SG HP: 9176 2285', '9176 2285'],
    ['WhatsApp me 8452 9013 when you reach the lobby', '8452 9013'],
    ['Contact: 017-4482913 (Farid)', '017-4482913'],
    ['số điện thoại 0903 218 776', '0903 218 776'],
    ['โทร 089-552-1174', '089-552-1174'],
    ['Phone: (212) 555-0187 x31', '(212) 555-0187'],
    ['US cell (646) 555-0142, text first', '(646) 555-0142'],
    ['ring me on 07911 123456', '07911 123456'],
    ['call me at 0433 918 207 (AU)', '0433 918 207'],
    ['Tel. +86 (135) 8821-0937', '(135) 8821-0937'],
    ['電話 (02) 2718-4490', '(02) 2718-4490'],
    ['mob no. 415.555.0162', '415.555.0162'],
    ['(137) 5520 8841 找老李', '(137) 5520 8841'],
  ])('%j has the phone %j', (text, phone) => {
    expect(phones(text)).toEqual([phone]);
    const out = redact(text).text;
    expect(out).not.toContain(phone);
    expect(redact(out).text).toBe(out);
  });

  it.each([
    ['an order number', '订单号码 55128803'],
    ['a date after the word', '电话回访 20240611'],
    ['a date in groups', 'phone: 2024.06.11 called back'],
    ['a time range', 'call at 0930 1200'],
    ['opening hours', '电话 8:30-17:30'],
    ['phones counted', '手机 12345678 台'],
    ['an amount', '电话费 1234.56 元'],
    ['a hotline', '客服电话 400 811 1111'],
    ['a short service number', '联系电话 10086'],
    ['a phone model', '手机型号 SM-G9910 版本 12.0.1'],
    ['a phone case SKU', '手机壳 SKU 88776655'],
    ['a device serial', '手机 IMEI 356938035643809'],
    ['no phone word', '台北 (02) 2718-4490 门店'],
    ['a word ending in tel', 'Hotel 55128803'],
    ['a call duration', 'call duration 00:02:31'],
  ])('leaves %s alone', (_what, text) => {
    expect(numbers(text)).toEqual([]);
  });

  it('keeps a mainland mobile a mobile beside it', () => {
    expect(phones('mobile 135 8821 0937 / HK mobile 6408 2291')).toEqual(['135 8821 0937', '6408 2291']);
  });

  it('grows linearly with repeated phone words and numbers', () => {
    expectRedactLinear('電話：9321 6654 call me at 0433 918 207 手机 12345678 台 ');
  });
});

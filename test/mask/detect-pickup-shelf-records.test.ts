// A shelf position under a record's code key is a pickup code where the record says little else:
// a log line whose msg or wording would otherwise make its code a status or a sign-up code (a
// shelf position is never one), and a notice sent to a person's mobile with no pickup word at all.
// And a pickup clause is read up to 96 characters before the code's word, so a message that
// names the parcel early and the code last (after a name and a phone) is still one; a position
// glued to a Latin name starts at its digits (Li Na8-2-1033). Tested both
// ways; every value is synthetic.
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

function codes(text: string): string[] {
  return detect(text)
    .filter((f) => f.kind === 'pickupCode')
    .map((f) => text.slice(f.start, f.end));
}

describe('a shelf position under a code key', () => {
  it.each([
    ['level=info msg="parcel stored" station=HZ-12 code=C03-1-0285 mobile=13912340001', 'C03-1-0285'],
    ['{"event":"pickup_registered","code":"4-2-1190","phone":"15800001234"}', '4-2-1190'],
    ['[sms] tpl=ARRIVAL to=18600002222 name=林晓 code=6-3-0417 retry=0', '6-3-0417'],
    ['notify to=+86 13700003333 code=A2-4-3306', 'A2-4-3306'],
    ['send ok receiver=17700004444 code=12-1-0098', '12-1-0098'],
  ])('is a pickup code in %s', (text, code) => {
    expect(codes(text)).toEqual([code]);
  });

  it.each([
    // a status or a login code is digits, and a record with neither a pickup word nor a mobile
    // says nothing of collecting
    '{"code":"0","msg":"ok","mobile":"13812345678"}',
    'login code=482913 user=13812345678',
    'sku=A12-3-4567 batch=7 code=2024-05-06',
    'build code=3-1-0567 commit=abc123',
    'to=ops-team code=3-1-0567',
    'notify to=13812345678 code=778812',
  ])('finds no pickup code in %s', (text) => {
    expect(codes(text)).toEqual([]);
  });
});

describe('a pickup clause read further back', () => {
  it.each([
    [
      'hi, my parcel was left at your counter last night, I am Chen Lu, my number 13955550123, code 7-2-0481',
      '7-2-0481',
    ],
    ['您好，我的包裹应该在你们驿站，收件人写的是王磊，手机尾号0123，麻烦帮我查一下，码 5-1-3302', '5-1-3302'],
  ])('finds the code in %s', (text, code) => {
    expect(codes(text)).toEqual([code]);
  });

  it.each([
    'please log in to your account with the code 4821 sent to your phone',
    '我在网上买了个东西，付款的时候让我输入验证码 482193，这个是什么',
  ])('finds no pickup code in %s', (text) => {
    expect(codes(text)).toEqual([]);
  });

  it('masks the code and redacts twice to the same text', () => {
    const text =
      'hi, my parcel was left at your counter last night, I am Chen Lu, my number 13955550123, code 7-2-0481';
    const once = redact(text).text;
    expect(once).not.toContain('7-2-0481');
    expect(redact(once).text).toBe(once);
  });
});

describe('a shelf position glued to a Latin name', () => {
  it.each([
    ['receiverName:Li Na8-2-1033取件码', '8-2-1033'],
    ['receiverName:Zhang Wei8-2-1033取件码', '8-2-1033'],
    ['consignee=Sarah Lee4-1-0071 取件码', '4-1-0071'],
  ])('starts at its digits in %s, and a second redact changes nothing', (text, code) => {
    expect(codes(text)).toEqual([code]);
    const once = redact(text).text;
    expect(redact(once).text).toBe(once);
  });

  it('keeps letters that end no name in the position (B07-2-0413, a word before it)', () => {
    expect(codes('B07-2-0413取件码')).toEqual(['B07-2-0413']);
    expect(codes('hello Na8-2-1033取件码')).toEqual(['Na8-2-1033']);
  });
});

describe('the shelf-record rules in linear time', () => {
  it.each([
    ['to=13800001111 code=3-1-0567 ', 'notices repeated'],
    ['msg="registered" code=B07-2-0413 ', 'log records repeated'],
    ['the parcel is here, code ', 'clause words repeated'],
    ['Li Na8-2-1033取件码 ', 'names glued to positions repeated'],
  ])('redacts %s (%s) repeated to 64 Ki characters in linear time', (unit) => {
    expectRedactLinear(unit);
  });
});

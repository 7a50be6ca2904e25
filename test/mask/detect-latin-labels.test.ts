// A Chinese name after a Latin label (Name: 张伟, Recipient: 欧阳娜娜), and a pickup-code key with
// a word in capitals run into it (SARAH LEEpickupCode:). Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

function spans(t: string): string[] {
  return detect(t).map((f) => `${f.kind}:${t.slice(f.start, f.end)}`);
}

describe('a Chinese name after a Latin label', () => {
  it.each([
    ['Name: 张伟', ['name:张伟']],
    ['Recipient: 欧阳娜娜', ['name:欧阳娜娜']],
    ['Contact:王建华', ['name:王建华']],
    ['Customer name: 李娜', ['name:李娜']],
    [
      'Consignee: 陈晓雯\nAddress: Room 1203, Tower B, 88 Jianguo Road',
      ['name:陈晓雯', 'address:Room 1203, Tower B, 88 Jianguo Road'],
    ],
  ])('is found, as after a Chinese label: %s', (text, want) => {
    expect(spans(text)).toEqual(want);
    const once = redact(text).text;
    expect(redact(once).text).toBe(once);
  });

  it.each(['Name: 北京', 'Name: 中通快递', 'Name: 张家口', 'To: 李宁', 'Name: 高兴', 'Recipient: 王先生'])(
    'takes no place, brand, word or bare honorific: %s',
    (text) => {
      expect(spans(text)).toEqual([]);
    },
  );

  it('redacts a long run of labels in linear time', () => {
    expectRedactLinear('Name: 张伟 ');
  });
});

describe('a pickup-code key with capitals run into it', () => {
  it.each([
    ['SARAH LEEpickupCode：12-3-4567', '12-3-4567'],
    ['Li NaSARAH LEEpickupCode：12-3-4567', '12-3-4567'],
    ['ZHANGpickupCode: 8-2-1033', '8-2-1033'],
  ])('finds the code on the first pass: %s', (text, code) => {
    expect(spans(text)).toContain(`pickupCode:${code}`);
    const once = redact(text).text;
    expect(once).not.toContain(code);
    expect(redact(once).text).toBe(once);
  });
});

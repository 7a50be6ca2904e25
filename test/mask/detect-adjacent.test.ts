// Numbers written right next to each other or to other tokens: two mobiles joined by a slash
// or a dash are two findings, a +86 number glued to digits is still a number, and numbers inside
// order ids stay untouched.
import { describe, expect, it } from 'vitest';
import { detect } from 'courier-pii/mask';

describe('numbers written next to each other', () => {
  it('finds both mobiles of a pair joined by a slash or a dash', () => {
    for (const sep of ['/', '-']) {
      const text = `电话13812345678${sep}13912345678，放门口`;
      const fs = detect(text).filter((f) => f.kind === 'phone');
      expect(fs.map((f) => text.slice(f.start, f.end))).toEqual(['13812345678', '13912345678']);
    }
  });

  it('finds a mobile and a landline joined by a slash', () => {
    const text = '联系电话：13812345678/021-12345678';
    expect(detect(text).map((f) => f.kind)).toEqual(['phone', 'landline']);
  });

  it('finds a +86 number glued to the digits before it', () => {
    const text = '房号1201+8613812345678';
    const f = detect(text).find((x) => x.kind === 'phone');
    expect(f && text.slice(f.start, f.end)).toBe('+8613812345678');
  });

  it('still keeps a number inside an order id or after a short code', () => {
    for (const text of ['订单ORD-13812345678已发货', '编号A1/13812345678', '2024-13812345678'])
      expect(detect(text).filter((f) => f.kind === 'phone')).toEqual([]);
  });
});

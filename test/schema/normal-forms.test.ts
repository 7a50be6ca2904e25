// One row per kind of the normalization table in docs/formats.md ("Blind index"): what a second
// implementation must compute before the HMAC of a blind index or a pseudonym.
import { describe, expect, it } from 'vitest';
import { pseudonymize } from '../../src/mask/index.js';
import { type Kind, normalizeFor } from '../../src/schema/index.js';

const ROWS: Array<[Kind, string, string | undefined]> = [
  ['phone', ' 138-1234 (5678) ', '+8613812345678'],
  ['phone', '0086 13812345678', '+8613812345678'],
  ['phone', '+44 20 7946 0958', '+442079460958'],
  ['phone', '+86 21 1234 5678', undefined],
  ['landline', '+86-21-12345678转801', '021-12345678-801'],
  ['landline', '(0755)8765432', '0755-8765432'],
  ['landline', '021-0123456', undefined],
  ['address', ' 北京市 海淀区  中关村大街１号 Room 2 ', '北京市海淀区中关村大街1号Room 2'],
  ['idNumber', ' 11010519491231002x ', '11010519491231002X'],
  ['idNumber', 'a123456(3)', 'A1234563'],
  ['idNumber', '11010519491231002Y', undefined],
  ['passport', 'e 1234 5678', 'E12345678'],
  ['email', ' Zhang.San@Example.COM ', 'Zhang.San@example.com'],
  ['email', 'a..b@example.com', undefined],
  ['bankCard', '4111-1111 1111-1111', '4111111111111111'],
  ['waybillNo', ' sf1234567890123 ', 'SF1234567890123'],
  ['pickupCode', ' 3-2-1234 ', '3-2-1234'],
  ['birthDate', '1990-03-07', '1990-03-07'],
  ['ip', ' 2001:DB8::1 ', '2001:db8::1'],
  ['ip', '010.1.1.1', undefined],
  ['deviceId', ' dev-1:a.b_c ', 'dev-1:a.b_c'],
  ['name', ' 欧阳 娜•娜 ', '欧阳娜·娜'],
  ['name', ' Ann   Lee ', 'Ann Lee'],
  ['freeText', '　放门口　 电话１３８ ', '放门口 电话138'],
  ['custom', ' Ａ  b ', 'A b'],
];

describe('normal forms', () => {
  it.each(ROWS)('%s: the documented normal form', (kind, raw, want) => {
    if (want === undefined)
      expect(() => normalizeFor(kind, raw)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    else expect(normalizeFor(kind, raw)).toBe(want);
  });

  it('geo and image have no string form', () => {
    for (const k of ['geo', 'image'] as const)
      expect(() => normalizeFor(k, 'x')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('pseudonyms of custom and freeText values use NFC and trim, not the blind-index form', () => {
    const key = new Uint8Array(32).fill(3);
    // NFKC would map the full-width A to A; NFC keeps it, so the two pseudonyms differ
    expect(pseudonymize(' Ａ ', key, 'custom')).toBe(pseudonymize('Ａ', key, 'custom'));
    expect(pseudonymize('Ａ', key, 'custom')).not.toBe(pseudonymize('A', key, 'custom'));
    expect(pseudonymize('Ａ', key, 'freeText')).not.toBe(pseudonymize('A', key, 'freeText'));
    // other kinds use the normal form
    expect(pseudonymize('138 1234 5678', key, 'phone')).toBe(pseudonymize('+8613812345678', key, 'phone'));
  });
});

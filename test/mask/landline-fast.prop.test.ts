import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskLandline } from 'courier-pii/mask';

const digitsAndDashes = fc.oneof(
  fc.array(fc.constantFrom(...'0123456789-'), { minLength: 8, maxLength: 14 }).map((a) => a.join('')),
  fc
    .tuple(
      fc.constantFrom('0', '00', '010', '02', '021', '0755', '0086'),
      fc.constantFrom('', '-', '--'),
      fc.array(fc.constantFrom(...'0123456789'), { minLength: 3, maxLength: 10 }),
    )
    .map(([a, b, c]) => a + b + c.join('')),
);

describe('landline masking without options', () => {
  it('gives the same result as the general path with default options', () => {
    fc.assert(
      fc.property(digitsAndDashes, (v) => {
        expect(maskLandline(v)).toBe(maskLandline(v, {}));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the area code and the last four digits of the common forms', () => {
    expect(maskLandline('021-12345678')).toBe('021-****5678');
    expect(maskLandline('07551234567')).toBe('0755***4567');
    expect(maskLandline('0086-21-12345678')).toBe(maskLandline('0086-21-12345678', {}));
  });
});

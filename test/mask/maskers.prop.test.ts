import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MaskableKind, mask, maskers } from 'courier-pii/mask';

const digit = fc.constantFrom(...'0123456789'.split(''));
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(''));
const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
const cjkName = fc.array(cjk, { minLength: 2, maxLength: 4 }).map((a) => a.join(''));
const mobile = fc.tuple(fc.constantFrom('3', '5', '7', '8', '9'), digits(9)).map(([a, b]) => `1${a}${b}`);
const sep = fc.constantFrom('', ' ', '-');
const phone = fc
  .tuple(fc.constantFrom('', '+86 ', '0086', '+86-'), mobile, sep)
  .map(([p, m, s]) => `${p}${m.slice(0, 3)}${s}${m.slice(3, 7)}${s}${m.slice(7)}`);
const landline = fc
  .tuple(fc.constantFrom('010', '021', '0755', '0571'), fc.integer({ min: 2, max: 9 }), digits(7), sep)
  .map(([a, f, d, s]) => `${a}${s}${f}${d}`);
const idNumber = fc.tuple(digits(17), fc.constantFrom(...'0123456789X'.split(''))).map(([a, b]) => a + b);
const card = fc.integer({ min: 12, max: 19 }).chain((n) => digits(n));
const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9._]{1,20}$/), fc.constantFrom('qq.com', 'example.com'))
  .map(([l, d]) => `${l}@${d}`);
const anything = fc.string({ maxLength: 40 });

const gens: [MaskableKind, fc.Arbitrary<string>][] = [
  ['name', fc.oneof(cjkName, fc.stringMatching(/^[A-Z][a-z]{1,8} [A-Z][a-z]{1,8}$/))],
  ['phone', phone],
  ['landline', landline],
  ['idNumber', idNumber],
  ['passport', fc.stringMatching(/^[A-Z]{1,2}\d{7,9}$/)],
  ['bankCard', card],
  ['email', email],
  [
    'address',
    fc
      .tuple(fc.constantFrom('山东省青岛市市南区', '北京市朝阳区', '广东省东莞市', ''), anything)
      .map(([a, b]) => a + b),
  ],
  [
    'geo',
    fc
      .tuple(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }))
      .map(([a, b]) => `${a.toFixed(5)},${b.toFixed(5)}`),
  ],
  [
    'birthDate',
    fc
      .date({ min: new Date('1900-01-01'), max: new Date('2025-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  ],
  ['pickupCode', fc.stringMatching(/^\d{1,2}-\d-\d{4}$/)],
  ['deviceId', fc.stringMatching(/^[0-9a-f]{8,32}$/)],
];

/** Characters of the output equal to the input at the same position that are letters or digits. */
function revealed(input: string, output: string): number {
  let n = 0;
  const a = [...input];
  const b = [...output];
  for (let i = 0; i < Math.min(a.length, b.length); i++)
    if (a[i] === b[i] && /[\p{L}\p{N}]/u.test(a[i]!)) n++;
  return n;
}

const ALLOWED: Partial<Record<MaskableKind, (input: string) => number>> = {
  // one letter per word; a title such as Mr or Dr is not personal and stays whole
  name: (s) =>
    /^[A-Z]/.test(s)
      ? s
          .split(' ')
          .reduce((n, w) => n + (/^(?:mr|mrs|ms|miss|mx|dr|prof|sir|madam)\.?$/i.test(w) ? w.length : 1), 0)
      : 4,
  phone: (s) => (s.startsWith('0086') ? 4 + 7 : s.startsWith('+86') ? 2 + 7 : 7),
  landline: (s) => (s.startsWith('0755') || s.startsWith('0571') ? 4 + 4 : 3 + 4),
  idNumber: () => 2,
  passport: () => 2,
  bankCard: () => 10,
  email: (s) => 1 + s.length - s.indexOf('@') - 1,
  birthDate: () => 4,
  pickupCode: () => 0,
  deviceId: () => 4,
};

describe('masker properties', () => {
  for (const [kind, gen] of gens) {
    it(`${kind}: masking twice equals masking once`, () => {
      fc.assert(
        fc.property(gen, (v) => {
          const once = mask(kind, v);
          expect(mask(kind, once)).toBe(once);
        }),
        { numRuns: 200 },
      );
    });
  }

  const lengthPreserving: MaskableKind[] = [
    'name',
    'phone',
    'landline',
    'idNumber',
    'passport',
    'bankCard',
    'email',
    'birthDate',
    'pickupCode',
    'deviceId',
  ];
  for (const kind of lengthPreserving) {
    const gen = gens.find(([k]) => k === kind)![1];
    it(`${kind}: keeps the length in characters and reveals no more than the rule allows`, () => {
      fc.assert(
        fc.property(gen, (v) => {
          const out = maskers[kind](v);
          expect([...out].length).toBe([...v].length);
          expect(revealed(v, out)).toBeLessThanOrEqual(ALLOWED[kind]!(v));
          // at least one letter or digit is always hidden
          expect(out).toContain('*');
        }),
        { numRuns: 200 },
      );
    });
  }

  it('address: shows at most the division prefix, then exactly ****', () => {
    fc.assert(
      fc.property(gens.find(([k]) => k === 'address')![1], (v) => {
        const out = maskers.address(v);
        expect(out.endsWith('****')).toBe(true);
        const prefix = out.slice(0, -4);
        expect(v.trimStart().startsWith(prefix)).toBe(true);
        expect(prefix.length).toBeLessThanOrEqual(9);
      }),
      { numRuns: 300 },
    );
  });

  it('geo: never moves a coordinate away from zero and keeps at most two decimals', () => {
    fc.assert(
      fc.property(gens.find(([k]) => k === 'geo')![1], (v) => {
        const out = maskers.geo(v).split(',').map(Number);
        const inp = v.split(',').map(Number);
        for (let i = 0; i < 2; i++) {
          expect(Math.abs(out[i]!)).toBeLessThanOrEqual(Math.abs(inp[i]!));
          expect(Math.abs(inp[i]! - out[i]!)).toBeLessThan(0.01);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never returns an unmasked input whole when it has two or more letters or digits', () => {
    // names are excluded: a one-letter word is an initial, and the rule shows it
    for (const kind of ['idNumber', 'passport', 'bankCard', 'email', 'deviceId', 'pickupCode'] as const) {
      fc.assert(
        fc.property(
          anything.filter((s) => !s.includes('*')),
          (v) => {
            const out = maskers[kind](v);
            if ((v.match(/[\p{L}\p{N}]/gu) ?? []).length >= 2)
              expect(out, `${kind} ${JSON.stringify(v)}`).not.toBe(v);
          },
        ),
        { numRuns: 200 },
      );
    }
  });
});

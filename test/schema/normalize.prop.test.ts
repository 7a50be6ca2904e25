import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KINDS, kindSpecs, normalizeFor, pii, residentIdCheckChar } from 'courier-pii/schema';

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([p, rest]) => `1${p}${rest}`);
const sep = fc.constantFrom('', ' ', '-', '\u00a0');

/** One mobile written the ways people write it: prefixes, separators, groupings. */
const formatted = fc
  .tuple(mobile, fc.constantFrom('', '+86', '+86 ', '0086', '86', '(+86) ', '+86-'), sep, sep)
  .map(([m, prefix, s1, s2]) => ({
    m,
    text: `${prefix}${m.slice(0, 3)}${s1}${m.slice(3, 7)}${s2}${m.slice(7)}`,
  }));

const residentId = fc
  .tuple(
    fc.constantFrom('110105', '310115', '440305', '510107', '650102'),
    fc.integer({ min: 1950, max: 2010 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    digits(3),
  )
  .map(([r, y, m, d, seq]) => {
    const body = `${r}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${seq}`;
    return body + residentIdCheckChar(body);
  });

describe('normalization properties', () => {
  it('formatted variants of one mobile normalize to the same E.164 number', () => {
    fc.assert(
      fc.property(formatted, formatted, ({ m, text }, other) => {
        expect(normalizeFor('phone', text)).toBe(`+86${m}`);
        if (other.m === m) expect(normalizeFor('phone', other.text)).toBe(normalizeFor('phone', text));
      }),
    );
  });

  it('schema parsing is idempotent: parsing a parsed value changes nothing', () => {
    const schema = pii.phone();
    fc.assert(
      fc.property(formatted, ({ text }) => {
        const once = schema.parse(text);
        expect(schema.parse(once)).toBe(once);
      }),
    );
  });

  it('normalizeFor is idempotent for every kind with a string form', () => {
    const samples: Record<string, fc.Arbitrary<string>> = {
      phone: formatted.map((f) => f.text),
      idNumber: residentId.map((s) => s.toLowerCase()),
      name: fc.constantFrom('张 三', ' 欧阳 娜娜 ', 'John   Smith', '阿依古丽•买买提'),
      email: fc
        .tuple(fc.constantFrom('zhang', 'li.si', 'w+1'), fc.constantFrom('Example.COM', 'mail.qq.com'))
        .map(([l, d]) => `${l}@${d}`),
      landline: fc
        .tuple(fc.constantFrom('010', '021', '0571'), digits(7), fc.constantFrom('', '转8012', '-12'))
        .map(([a, n, e]) => `${a} 8${n}${e}`),
      address: fc.constantFrom(' 山东省 青岛市 市南区 ', '1  Main   St'),
      freeText: fc.string(),
      custom: fc.string(),
    };
    for (const [kind, arb] of Object.entries(samples)) {
      fc.assert(
        fc.property(arb, (v) => {
          const spec = kindSpecs[kind as keyof typeof kindSpecs];
          const once = spec.normalize!(v);
          if (once === undefined) return;
          expect(spec.normalize!(once)).toBe(once);
        }),
        { numRuns: 60 },
      );
    }
    expect(KINDS.length).toBe(17);
  });

  it('every generated resident ID with its computed check character validates, and no other check character does', () => {
    const schema = pii.idNumber();
    fc.assert(
      fc.property(residentId, fc.constantFrom(...'0123456789X'), (id, c) => {
        expect(schema.safeParse(id).success).toBe(true);
        expect(schema.safeParse(id.slice(0, 17) + c).success).toBe(c === id[17]);
      }),
    );
  });
});

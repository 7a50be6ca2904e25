// Differential test: the precompiled checks the vault runs on opened values (a typeof or set
// lookup for plain scalars, each builder's own test for its kinds, src/crypto/leaf-check.ts)
// accept exactly what zod's safeParse of the same schema accepts, over realistic values, their
// normal forms, near misses and arbitrary data. A check that accepted more would let an invalid
// value through open; one that accepted less would refuse a record seal wrote.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { leafChecks } from '../../src/crypto/leaf-check.js';
import { pii } from '../../src/schema/index.js';
import { builtChecks } from '../../src/schema/leaf-schemas.js';

type Spec = { name: string; schema: z.ZodType; samples: string[]; built: boolean };
const SPECS: Spec[] = [
  {
    name: 'name',
    schema: pii.name(),
    samples: ['王五', '欧阳·娜娜', '欧阳•娜娜', ' 李 四 ', 'Zhang San', 'R2D2'],
    built: true,
  },
  {
    name: 'phone',
    schema: pii.phone(),
    samples: [
      '+8613812345678',
      '13812345678',
      '138 1234 5678',
      '008613812345678',
      '+14155550100',
      '+8612345678901',
    ],
    built: true,
  },
  {
    name: 'phone (mainland only)',
    schema: pii.phone({ international: false }),
    samples: ['+8613812345678', '+14155550100', '86-138-1234-5678'],
    built: true,
  },
  {
    name: 'landline',
    schema: pii.landline(),
    samples: ['010-12345678', '0571-8888888-123', '(010)12345678'],
    built: true,
  },
  {
    name: 'address',
    schema: pii.address(),
    samples: ['山东省青岛市市南区香港中路61号', ' a ', 'x'],
    built: true,
  },
  {
    name: 'idNumber',
    schema: pii.idNumber(),
    samples: ['11010519491231002X', '11010519491231002x', '110105194912310021'],
    built: true,
  },
  {
    name: 'idNumber (hk, tw)',
    schema: pii.idNumber({ accept: ['mainland', 'hk', 'tw'] }),
    samples: ['A123456(7)', 'A1234567', 'A123456789'],
    built: true,
  },
  { name: 'passport', schema: pii.passport(), samples: ['E12345678', 'e12345678', 'E1'], built: true },
  {
    name: 'email',
    schema: pii.email(),
    samples: ['li.si@example.com', 'Li.Si@EXAMPLE.com', 'no-at-sign'],
    built: true,
  },
  {
    name: 'bankCard',
    schema: pii.bankCard(),
    samples: ['4111111111111111', '4111 1111 1111 1111', '4111111111111112'],
    built: true,
  },
  {
    name: 'waybillNo',
    schema: pii.waybillNo(),
    samples: ['SF1234567890123', 'sf1234567890123', 'SF12'],
    built: true,
  },
  { name: 'pickupCode', schema: pii.pickupCode(), samples: ['12-3-4567', 'A1B2', '123456'], built: true },
  {
    name: 'birthDate',
    schema: pii.birthDate(),
    samples: ['1990-03-07', '1990-02-30', '2990-01-01'],
    built: true,
  },
  { name: 'ip', schema: pii.ip(), samples: ['192.168.1.1', '::1', '999.1.1.1'], built: true },
  { name: 'deviceId', schema: pii.deviceId(), samples: ['abc:123', 'a b', ''], built: true },
  {
    name: 'freeText',
    schema: pii.freeText({ max: 6 }),
    samples: ['放门口', '放门口，谢谢师傅'],
    built: true,
  },
  { name: 'custom', schema: pii.custom(), samples: ['x'], built: false },
  { name: 'public phone', schema: pii.public(pii.phone()), samples: ['+8613812345678', '1'], built: true },
  {
    name: 'retagged name',
    schema: pii.tag(pii.name(), { level: 'sensitive', kind: 'name' }),
    samples: ['王五', 'R2D2'],
    built: true,
  },
  { name: 'string', schema: z.string(), samples: ['a'], built: false },
  { name: 'number', schema: z.number(), samples: [], built: false },
  { name: 'boolean', schema: z.boolean(), samples: [], built: false },
  { name: 'enum', schema: z.enum(['S', 'M', 'L']), samples: ['S', 'XL'], built: false },
  { name: 'literal', schema: z.literal('yes'), samples: ['yes', 'no'], built: false },
  { name: 'optional phone', schema: pii.phone().optional(), samples: ['+8613812345678'], built: false },
  { name: 'nullable enum', schema: z.enum(['a', 'b']).nullable(), samples: ['a', 'c'], built: false },
];

// Near misses of a sample: what an older or buggy writer might have stored.
const mutate = (s: string, k: number): string =>
  [
    s,
    s.trim(),
    ` ${s}`,
    `${s}9`,
    s.slice(1),
    s.toUpperCase(),
    s.toLowerCase(),
    s.replace(/\d/, 'x'),
    s.replace(/ /g, ''),
    `${s}·`,
    s.normalize('NFD'),
    `${s}\u3000`,
  ][k % 12]!;

/** A value of a kind as seal would store it (its parse output), or the raw sample. */
function stored(schema: z.ZodType, s: string): string {
  const r = schema.safeParse(s);
  return r.success && typeof r.data === 'string' ? r.data : s;
}

const CHARS = [
  '王',
  '五',
  '·',
  '•',
  ' ',
  '\u3400',
  '\u9fff',
  '1',
  '3',
  '8',
  '+',
  'A',
  'a',
  '@',
  '.',
  '-',
  ':',
  'é',
  '\u3000',
];

function values(spec: Spec): fc.Arbitrary<unknown> {
  const near = spec.samples.length
    ? fc
        .tuple(fc.constantFrom(...spec.samples), fc.nat(), fc.boolean())
        .map(([s, k, norm]) => mutate(norm ? stored(spec.schema, s) : s, k))
    : fc.string();
  return fc.oneof(
    near,
    fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 70 }),
    fc.string(),
    fc.anything(),
    fc.double(),
    fc.constantFrom(
      null,
      undefined,
      0,
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      true,
      [],
      {},
      new Uint8Array(2),
    ),
  );
}

describe('precompiled open checks accept exactly what safeParse accepts', () => {
  for (const spec of SPECS) {
    it(`${spec.name}`, () => {
      const check = leafChecks(z.object({ f: spec.schema }) as z.ZodType).get('f');
      expect(check).toBeDefined();
      // the builders' schemas run their own test, not zod's parse
      expect(builtChecks.has(spec.schema as never)).toBe(spec.built);
      fc.assert(
        fc.property(values(spec), (v) => {
          expect(check!(v)).toBe(z.safeParse(spec.schema, v).success);
        }),
        { numRuns: 600 },
      );
    });
  }

  it('geo: lat and lng in range, as the object schema decides', () => {
    const schema = pii.geo();
    const check = leafChecks(z.object({ p: schema }) as z.ZodType).get('p')!;
    const coord = fc.oneof(fc.double(), fc.constantFrom(90, -90, 180, -180, 90.0001, '1', null));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ lat: coord, lng: coord }),
          fc.record({ lat: coord, lng: coord, extra: fc.anything() }),
          fc.record({ lat: coord }),
          fc.anything(),
          fc.array(fc.double()),
        ),
        (v) => {
          expect(check(v)).toBe(z.safeParse(schema, v).success);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('image: bytes, as z.instanceof(Uint8Array) decides', () => {
    const schema = pii.image();
    const check = leafChecks(z.object({ p: schema }) as z.ZodType).get('p')!;
    for (const v of [new Uint8Array(3), Buffer.from('ab'), new Uint16Array(2), 'aGk=', [1, 2], null, {}])
      expect(check(v)).toBe(z.safeParse(schema, v).success);
  });
});

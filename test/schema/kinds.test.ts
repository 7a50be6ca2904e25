import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { KINDS, kindSpecs, normalizeFor, pii } from 'courier-pii/schema';
import { isPiiError } from 'courier-pii';

// An independent formulation of GB 11643 MOD 11-2: check = (12 - (Σ aᵢ·2^(17-i) mod 11)) mod 11,
// with 10 written as X. The library uses the table form; agreement of the two is the test.
function idWithCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return first17 + (c === 10 ? 'X' : String(c));
}

const BODIES = [
  '11010519491231002', // the example printed in GB 11643
  '11010519900307123',
  '31011519850615432',
  '44030519920229876', // 1992 is a leap year
  '51010719780101001',
  '65010220001231555',
  '33010619660808123',
  '37020219701111456',
  '21010219591001333',
  '46000020050505050',
  '81000019990909090', // HK residence-permit region prefix
  '54010219881010101',
];
const VALID_IDS = BODIES.map(idWithCheck);

function issuesOf(schema: z.ZodType, v: unknown): z.core.$ZodIssue[] {
  const r = schema.safeParse(v);
  return r.success ? [] : r.error.issues;
}

describe('idNumber', () => {
  const schema = pii.idNumber();

  it.each(VALID_IDS)('accepts a computed valid resident ID (%#)', (id) => {
    expect(schema.parse(id)).toBe(id);
  });

  it('accepts a lower-case x check character and normalizes it to upper case', () => {
    expect(schema.parse('11010519491231002x')).toBe('11010519491231002X');
  });

  it('rejects every wrong check character with a message naming the rule, not the value', () => {
    for (const id of VALID_IDS) {
      for (const c of '0123456789X') {
        if (c === id[17]) continue;
        const bad = id.slice(0, 17) + c;
        const issues = issuesOf(schema, bad);
        expect(issues).toHaveLength(1);
        expect(issues[0]!.message).toBe('idNumber: check character does not match');
        expect(JSON.stringify(issues)).not.toContain(bad);
      }
    }
  });

  it('rejects impossible birth dates even with a matching check character', () => {
    for (const body of [
      '11010519900230123',
      '11010519891301123',
      '11010520230229123',
      '11010518991231123',
      '11010530000101123',
    ]) {
      const issues = issuesOf(schema, idWithCheck(body));
      expect(issues[0]?.message).toMatch(/^idNumber: birth date/);
    }
  });

  it('rejects unknown region codes, wrong lengths and letters in the middle', () => {
    for (const v of [
      idWithCheck('99010519900307123'),
      '1101051990030712',
      '1101051990030712345',
      '11010519900A07123X',
      '',
    ]) {
      expect(issuesOf(schema, v).length).toBeGreaterThan(0);
    }
  });

  it('accepts the 15-digit legacy form unless told not to', () => {
    expect(schema.parse('110105900307123')).toBe('110105900307123');
    expect(issuesOf(pii.idNumber({ legacy: false }), '110105900307123')[0]?.message).toMatch(/legacy/);
  });

  it('accepts Hong Kong and Taiwan IDs only when asked, with their own check digits', () => {
    const all = pii.idNumber({ accept: ['mainland', 'hk', 'tw'] });
    expect(all.parse('A123456(3)')).toBe('A123456(3)');
    expect(all.parse('A1234563')).toBe('A1234563');
    expect(all.parse('a123456789')).toBe('A123456789');
    expect(issuesOf(all, 'A123456(4)').length).toBe(1);
    expect(issuesOf(all, 'A123456788').length).toBe(1);
    expect(issuesOf(schema, 'A123456(3)').length).toBe(1);
  });
});

describe('phone', () => {
  const schema = pii.phone();
  it.each([
    ['13812345678', '+8613812345678'],
    ['+86 138 1234 5678', '+8613812345678'],
    ['0086-138-1234-5678', '+8613812345678'],
    ['86 13812345678', '+8613812345678'],
    ['(+86) 199-0000-1111', '+8619900001111'],
    ['+1 415 555 2671', '+14155552671'],
    ['+852 9123 4567', '+85291234567'],
  ])('normalizes a formatted number to E.164 (%#)', (raw, e164) => {
    expect(schema.parse(raw)).toBe(e164);
  });

  it.each([
    '12812345678',
    '1381234567',
    '138123456789',
    'SF1381234567890',
    '95338',
    '4008111111',
    '+86 010 12345678',
    'abc',
  ])('rejects what is not a mobile or E.164 number (%#)', (raw) => {
    const issues = issuesOf(schema, raw);
    expect(issues[0]?.message).toMatch(/^phone: /);
    expect(JSON.stringify(issues)).not.toContain(raw);
  });

  it('can be restricted to mainland numbers', () => {
    expect(issuesOf(pii.phone({ international: false }), '+14155552671')[0]?.message).toBe(
      'phone: must be a mainland mobile number',
    );
  });
});

describe('landline', () => {
  const schema = pii.landline();
  it.each([
    ['021-12345678', '021-12345678'],
    ['010 8765 4321', '010-87654321'],
    ['0755-2345678', '0755-2345678'],
    ['021-12345678-8012', '021-12345678-8012'],
    ['021-12345678转8012', '021-12345678-8012'],
    ['+86 21 12345678', '021-12345678'],
    ['(0571)87654321', '0571-87654321'],
  ])('accepts and normalizes a formatted landline (%#)', (raw, norm) => {
    expect(schema.parse(raw)).toBe(norm);
  });
  it.each(['12345678', '021-123', '13812345678', '400-811-1111', '95338'])(
    'rejects what is not a landline (%#)',
    (raw) => {
      expect(issuesOf(schema, raw).length).toBe(1);
    },
  );
});

describe('the other kinds', () => {
  const cases: Array<[string, z.ZodType, unknown[], unknown[]]> = [
    [
      'name',
      pii.name(),
      ['张三', '欧阳娜娜', '阿依古丽·买买提', 'John Smith', ' 王 先生 '],
      ['', '张3', 'a@b', 'x'.repeat(65)],
    ],
    [
      'address',
      pii.address(),
      ['山东省青岛市市南区香港中路61号', 'Room 5, 1 Main St'],
      ['', 'x', 'y'.repeat(301)],
    ],
    [
      'passport',
      pii.passport(),
      ['E12345678', 'g 1234 5678', 'C12345678', 'AB1234567'],
      ['ABC', 'ABCDEFG', '12-34'],
    ],
    [
      'email',
      pii.email(),
      ['zhang.san@example.com', 'li+si@Mail.EXAMPLE.cn'],
      ['zhang', 'a@b', 'a..b@example.com', 'a b@x.com'],
    ],
    [
      'bankCard',
      pii.bankCard(),
      ['6222021234567890128', '4111 1111 1111 1111', '6212-2612-0200-1234-567'],
      ['6222021234567890127', '1234', '62220212345678901280000'],
    ],
    [
      'waybillNo',
      pii.waybillNo(),
      [
        'SF1381234567890',
        'YT1234567890123',
        'JT0001234567890',
        'JD0012345678901',
        '773012345678901',
        'EA123456785CN',
      ],
      ['SF12', 'EA123456789CN', '13812345678', 'ABC'],
    ],
    [
      'pickupCode',
      pii.pickupCode(),
      ['3-2-1234', '12-3-4567', '628431', 'A7K9'],
      ['1', '3_2_1234', 'too-long-code-123'],
    ],
    [
      'geo',
      pii.geo(),
      [
        { lat: 30.2875, lng: 120.162 },
        { lat: -90, lng: 180 },
      ],
      [
        { lat: 91, lng: 0 },
        { lat: 0, lng: -181 },
        { lat: '30', lng: 120 },
      ],
    ],
    [
      'birthDate',
      pii.birthDate(),
      ['1990-03-07', '2000-02-29'],
      ['1990-02-30', '19900307', '3000-01-01', '1899-12-31'],
    ],
    ['ip', pii.ip(), ['192.168.1.10', '2001:db8::1'], ['256.1.1.1', '1.2.3', 'localhost']],
    ['deviceId', pii.deviceId(), ['353456789012345', 'a1b2:c3d4-e5f6'], ['', 'has space', 'x'.repeat(129)]],
    ['image', pii.image(), [new Uint8Array([0xff, 0xd8, 0xff])], ['base64string', [1, 2, 3]]],
    ['freeText', pii.freeText({ max: 10 }), ['放门口', ''], ['x'.repeat(11), 42]],
    ['custom', pii.custom(), ['anything'], [42, null]],
  ];
  it.each(cases)('%s accepts its valid and rejects its invalid examples', (_kind, schema, valid, invalid) => {
    for (const v of valid) expect(schema.safeParse(v).success).toBe(true);
    for (const v of invalid) expect(schema.safeParse(v).success).toBe(false);
  });

  it('every kind has a builder', () => {
    for (const k of KINDS) expect(typeof (pii as unknown as Record<string, unknown>)[k]).toBe('function');
  });

  it('the default levels follow docs/concepts.md', () => {
    const sensitive = KINDS.filter((k) => kindSpecs[k].defaultLevel === 'sensitive').sort();
    expect(sensitive).toEqual([
      'address',
      'bankCard',
      'freeText',
      'geo',
      'idNumber',
      'image',
      'passport',
      'phone',
      'pickupCode',
    ]);
    expect(KINDS.filter((k) => kindSpecs[k].defaultLevel === 'public')).toEqual([]);
  });
});

describe('normalizeFor', () => {
  it('gives equal blind-index input for equal values however formatted', () => {
    expect(normalizeFor('phone', '138 1234 5678')).toBe(normalizeFor('phone', '+86-138-1234-5678'));
    expect(normalizeFor('idNumber', '11010519491231002x')).toBe('11010519491231002X');
    expect(normalizeFor('email', 'Zhang@Example.COM')).toBe('Zhang@example.com');
    expect(normalizeFor('name', ' 张 三 ')).toBe('张三');
  });

  it('refuses invalid values with VALIDATION_FAILED and no value in the message', () => {
    try {
      normalizeFor('idNumber', '110105194912310021');
      expect.unreachable();
    } catch (e) {
      expect(isPiiError(e) && e.code).toBe('VALIDATION_FAILED');
      expect(String((e as Error).message)).not.toContain('110105194912310021');
    }
  });

  it('refuses kinds without a string form and unknown kinds', () => {
    expect(() => normalizeFor('geo', '30,120')).toThrow(/no string form/);
    expect(() => normalizeFor('nope' as never, 'x')).toThrow(/KINDS/);
  });
});

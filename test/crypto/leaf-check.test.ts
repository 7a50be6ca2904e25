// Opening checks every decrypted leaf against its schema (docs/concepts.md, "Opening checks every
// field"): a ciphertext that opens (right key, record, schema id and path) to a value its leaf
// schema refuses is VALIDATION_FAILED naming the path and schema id, never the value, on every
// open path: the record plan, the general walk and openMany. The values are crafted the two ways
// such data arises: sealed by an older, looser version of the schema under the same id, and
// sealed field by field with sealValue, which validates nothing.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { redact } from 'courier-pii/mask';
import { pii } from 'courier-pii/schema';
import { withoutPlans } from '../../src/crypto/record-plan.js';
import { isPiiError } from '../../src/errors.js';
import { SUITES, testVault } from './helpers.js';

const ID = 'leaf-check/v2';
const s = <T extends z.ZodType>(schema: T, kind: 'custom' | 'email' | 'geo' | 'name' | 'phone' = 'custom') =>
  pii.tag(schema, { level: 'sensitive', kind });

// The schema records are opened with: each leaf refuses something a looser writer could seal.
const Strict = pii.id(
  ID,
  z.object({
    email: pii.email({ level: 'sensitive' }),
    code: s(z.string().regex(/^\d{6}$/)),
    size: s(z.enum(['S', 'M', 'L'])),
    count: s(z.number().int()),
    recipient: pii.subject(
      'recipient',
      z.object({ phone: pii.phone(), name: pii.name({ level: 'sensitive' }) }),
    ),
    point: pii.geo(),
  }),
);
// An older version under the same id: the same paths and levels, none of the checks.
const Loose = pii.id(
  ID,
  z.object({
    email: s(z.string(), 'email'),
    code: s(z.string()),
    size: s(z.string()),
    count: s(z.number()),
    recipient: pii.subject(
      'recipient',
      z.object({ phone: s(z.union([z.string(), z.number()]), 'phone'), name: s(z.string(), 'name') }),
    ),
    point: s(z.object({ lat: z.number(), lng: z.number() }), 'geo'),
  }),
);

const good = {
  email: 'ann@example.com',
  code: '123456',
  size: 'M' as const,
  count: 3,
  recipient: { phone: '+8613812345678', name: '李四' },
  point: { lat: 36.06, lng: 120.38 },
};
// One value per leaf type that the strict leaf refuses: a failed format, regex, enum, integer
// check, a wrong type, a failed refinement, an object out of range.
const BAD: Array<[path: string, value: unknown, shown: string]> = [
  ['email', 'no-at-sign.example.com', 'no-at-sign'],
  ['code', '12ab56', '12ab56'],
  ['size', 'XXL', 'XXL'],
  ['count', 2.5, '2.5'],
  ['recipient.phone', 13812345678, '13812345678'],
  ['recipient.name', 'R2D2 unit', 'R2D2'],
  ['point', { lat: 91.5, lng: 0 }, '91.5'],
];
const subjects = { recipient: 'cust-7' };
const opts = { recordId: 'P-1', subjects };

/** The good value with one leaf replaced. */
function bad(path: string, value: unknown): z.input<typeof Loose> {
  const g = structuredClone(good) as Record<string, unknown>;
  const keys = path.split('.');
  let at = g;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  at[keys[keys.length - 1]!] = value;
  return g as z.input<typeof Loose>;
}

async function refused(p: Promise<unknown>, path: string, shown: string, id = ID): Promise<void> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(isPiiError(e) && e.code).toBe('VALIDATION_FAILED');
  const m = (e as Error).message;
  expect(m).toContain(`field ${path} `);
  expect(m).toContain(`schema ${id} `);
  expect(m).not.toContain(shown);
}

describe.each(SUITES)('open checks each decrypted leaf against its schema (suite %s)', (suite) => {
  it('a record sealed under the strict schema opens unchanged, on the plan and on the walk', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(Strict, good, opts);
    const parsed = Strict.parse(good);
    expect(await vault.open(Strict, record, { recordId: 'P-1' })).toEqual(parsed);
    expect(await withoutPlans(() => vault.open(Strict, record, { recordId: 'P-1' }))).toEqual(parsed);
    // an older writer's record whose values happen to be valid opens too
    const old = await vault.seal(Loose, good, opts);
    expect(await vault.open(Strict, old.record, { recordId: 'P-1' })).toEqual(parsed);
  });

  for (const [path, value, shown] of BAD) {
    it(`refuses ${path} sealed by an older schema version, on every open path`, async () => {
      const { vault, keyring, keyStore, indexKey } = testVault({ suite });
      const { record } = await vault.seal(Loose, bad(path, value), opts);
      // it opens under the schema it was sealed with
      expect(await vault.open(Loose, record, { recordId: 'P-1' })).toEqual(Loose.parse(bad(path, value)));
      await refused(vault.open(Strict, record, { recordId: 'P-1' }), path, shown);
      await refused(
        withoutPlans(() => vault.open(Strict, record, { recordId: 'P-1' })),
        path,
        shown,
      );
      const ok = (await vault.seal(Strict, good, { recordId: 'P-0', subjects })).record;
      await refused(
        vault.openMany(Strict, [
          { record: ok, recordId: 'P-0' },
          { record, recordId: 'P-1' },
        ]),
        path,
        shown,
      );
      await refused(
        withoutPlans(() => vault.openMany(Strict, [{ record, recordId: 'P-1' }])),
        path,
        shown,
      );
      // a fresh vault (cold keys: the plan loads every key, then opens) refuses it the same way
      const cold = () => testVault({ suite, keyring, keyStore, indexKey }).vault;
      await refused(cold().open(Strict, record, { recordId: 'P-1' }), path, shown);
      await refused(cold().openMany(Strict, [{ record, recordId: 'P-1' }]), path, shown);
    });
  }

  it('refuses a value sealed field by field with sealValue (no validation) into a record', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(Strict, good, opts);
    const forged = structuredClone(record) as Record<string, unknown>;
    forged.size = await vault.sealValue('XXL', { schemaId: ID, path: 'size', recordId: 'P-1' });
    (forged.recipient as Record<string, unknown>).phone = await vault.sealValue('0000', {
      schemaId: ID,
      path: 'recipient.phone',
      recordId: 'P-1',
      subjectId: 'cust-7',
    });
    // the first refused leaf in schema order is named
    await refused(vault.open(Strict, forged, { recordId: 'P-1' }), 'size', 'XXL');
    await refused(
      withoutPlans(() => vault.open(Strict, forged, { recordId: 'P-1' })),
      'size',
      'XXL',
    );
  });

  it('checks only the leaves a partial open opens', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(Loose, bad('email', BAD[0]![1]), opts);
    const part = await vault.open(Strict, record, { recordId: 'P-1', paths: ['recipient', 'code'] });
    expect(part.recipient).toEqual(good.recipient);
    expect(part.code).toBe(good.code);
    expect(typeof part.email).toBe('string');
    expect(part.email).not.toBe('no-at-sign.example.com'); // still sealed
    const page = await vault.openMany(Strict, [{ record, recordId: 'P-1', paths: ['size', 'point'] }]);
    expect(page[0]!.size).toBe('M');
    await refused(vault.open(Strict, record, { recordId: 'P-1', paths: ['email'] }), 'email', 'no-at-sign');
  });

  it('an erased subject is omitted (erased: omit) or KEY_DESTROYED before any value is checked', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(Loose, bad('recipient.phone', BAD[4]![1]), opts); // a bad phone of cust-7
    await vault.eraseSubject('cust-7');
    const opened = await vault.open(Strict, record, { recordId: 'P-1', erased: 'omit' });
    expect(opened.recipient).toEqual({});
    expect(opened.size).toBe('M');
    const many = await vault.openMany(Strict, [{ record, recordId: 'P-1' }], { erased: 'omit' });
    expect(many[0]!.recipient).toEqual({});
    // a refused value and an erased key in one record: the key error comes first on both paths,
    // as the walk loads every key before it opens anything
    const both = await vault.seal(Loose, bad('size', BAD[2]![1]), {
      recordId: 'P-2',
      subjects: { recipient: 'cust-8' },
    });
    await vault.eraseSubject('cust-8');
    for (const run of [
      () => vault.open(Strict, both.record, { recordId: 'P-2' }),
      () => withoutPlans(() => vault.open(Strict, both.record, { recordId: 'P-2' })),
    ]) {
      const e = await run().catch((x: unknown) => x);
      expect(isPiiError(e) && e.code).toBe('KEY_DESTROYED');
    }
  });

  it('names the pattern path of a leaf in a list, never its position or a key', async () => {
    const List = pii.id('leaf-check-list/v1', z.object({ stops: z.array(z.object({ phone: pii.phone() })) }));
    const LooseList = pii.id(
      'leaf-check-list/v1',
      z.object({ stops: z.array(z.object({ phone: s(z.string(), 'phone') })) }),
    );
    const { vault } = testVault({ suite });
    const value = { stops: [{ phone: '+8613812345678' }, { phone: '555-0100' }] };
    const { record } = await vault.seal(LooseList, value, { recordId: 'L-1' });
    const e = await vault.open(List, record, { recordId: 'L-1' }).catch((x: unknown) => x);
    expect(isPiiError(e) && e.code).toBe('VALIDATION_FAILED');
    expect((e as Error).message).toContain('stops[].phone');
    expect((e as Error).message).not.toContain('555-0100');
    const many = await vault.openMany(List, [{ record, recordId: 'L-1' }]).catch((x: unknown) => x);
    expect(isPiiError(many) && many.code).toBe('VALIDATION_FAILED');
  });

  it('free text stored with its redaction is checked from its sealed original', async () => {
    const redactText = (t: string) => redact(t).text;
    const Short = pii.id(
      'leaf-check-note/v1',
      z.object({ note: pii.freeText({ onSeal: 'redact', max: 8 }) }),
    );
    const Long = pii.id(
      'leaf-check-note/v1',
      z.object({ note: pii.freeText({ onSeal: 'redact', max: 200 }) }),
    );
    const { vault } = testVault({ suite, redactText });
    const { record } = await vault.seal(Long, { note: '放门口，别敲门，谢谢师傅' }, { recordId: 'N-1' });
    expect((await vault.open(Long, record, { recordId: 'N-1' })).note).toBe('放门口，别敲门，谢谢师傅');
    await refused(vault.open(Short, record, { recordId: 'N-1' }), 'note', '放门口', 'leaf-check-note/v1');
    const short = await vault.seal(Short, { note: '放门口' }, { recordId: 'N-2' });
    expect((await vault.open(Short, short.record, { recordId: 'N-2' })).note).toBe('放门口');
  });
});

describe.each(SUITES)('seal and open agree on what a leaf schema outputs (suite %s)', (suite) => {
  const Shapes = pii.id(
    'leaf-check-shapes/v1',
    z.object({
      // a default zod returns unparsed, even one its schema refuses
      fallback: s(z.string().email().default('none')),
      // catch: whatever the input, its output passes
      caught: pii.email({ level: 'sensitive' }).catch(''),
      // a transform at the end: the output has no schema, so nothing is checked
      length: s(z.string().transform((v) => v.length)),
      // a transform then a schema: the output is checked against the schema after it
      trimmed: s(
        z
          .string()
          .transform((v) => v.trim())
          .pipe(z.string().min(2)),
      ),
      // preprocess: the output is the inner schema's
      n: s(z.preprocess((v) => Number(v), z.number().int())),
      // any option's output
      contact: z.union([pii.email({ level: 'sensitive' }), pii.phone()]),
      maybe: pii.phone().optional(),
      nothing: pii.phone().nullable(),
    }),
  );
  const LooseShapes = pii.id(
    'leaf-check-shapes/v1',
    z.object({
      fallback: s(z.string()),
      caught: s(z.string()),
      length: s(z.unknown()),
      trimmed: s(z.string()),
      n: s(z.unknown()),
      contact: s(z.string()),
      maybe: s(z.string().optional()),
      nothing: s(z.string().nullable()),
    }),
  );
  const input = {
    caught: 'not an email',
    length: 'abc',
    trimmed: '  ab  ',
    n: '7',
    contact: '13812345678',
    nothing: null,
  };

  it('opens what seal wrote from every wrapper, pipe, transform and union, on both paths', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(Shapes, input, { recordId: 'S-1' });
    const want = Shapes.parse(input);
    expect(want).toMatchObject({ fallback: 'none', caught: '', length: 3, trimmed: 'ab', n: 7 });
    expect(await vault.open(Shapes, record, { recordId: 'S-1' })).toEqual(want);
    expect(await withoutPlans(() => vault.open(Shapes, record, { recordId: 'S-1' }))).toEqual(want);
    expect(await vault.openMany(Shapes, [{ record, recordId: 'S-1' }])).toEqual([want]);
  });

  it('refuses what no option of the leaf can output', async () => {
    const { vault } = testVault({ suite });
    const cases: Array<[string, unknown, string]> = [
      ['fallback', 'nonsense', 'nonsense'],
      ['trimmed', 'Z', 'Z'],
      ['n', 7.5, '7.5'],
      ['contact', 'neither-of-them', 'neither'],
      ['maybe', 'no phone', 'no phone'],
    ];
    for (const [path, v, shown] of cases) {
      const value = { ...LooseShapes.parse({ ...Shapes.parse(input) }), [path]: v };
      const { record } = await vault.seal(LooseShapes, value, { recordId: 'S-2' });
      await refused(
        vault.open(Shapes, record, { recordId: 'S-2' }),
        path,
        shown,
        'leaf-check-shapes/v1',
      ).catch((e: unknown) => {
        throw new Error(`${path}: ${String(e)}`);
      });
    }
    // a transform's output has no schema: any value opens
    const odd = { ...Shapes.parse(input), length: 'not a number' };
    const { record } = await vault.seal(LooseShapes, odd, { recordId: 'S-3' });
    expect((await vault.open(Shapes, record, { recordId: 'S-3' })).length).toBe('not a number');
  });
});

describe.each(SUITES)('what open does not check (suite %s)', (suite) => {
  it('a codec is checked by its output schema; JSON with dates inside, undescribed properties and openValue are not checked', async () => {
    const Odd = pii.id(
      'leaf-check-odd/v1',
      z.looseObject({
        qty: s(z.codec(z.string(), z.number().int(), { decode: Number, encode: String })),
        // a Date inside a value sealed as JSON opens as its ISO string: not checkable, not refused
        scan: s(z.object({ at: z.date(), by: z.string() })),
      }),
    );
    const OddLoose = pii.id(
      'leaf-check-odd/v1',
      z.looseObject({ qty: s(z.unknown()), scan: s(z.object({ at: z.date(), by: z.string() })) }),
    );
    const { vault } = testVault({ suite });
    const at = new Date('2026-01-02T03:04:05.000Z');
    const { record } = await vault.seal(
      Odd,
      { qty: '7', scan: { at, by: 'c-1' }, extra: 'kept' },
      { recordId: 'O-1' },
    );
    const opened = await vault.open(Odd, record, { recordId: 'O-1' });
    expect(opened).toEqual({ qty: 7, scan: { at: at.toISOString(), by: 'c-1' }, extra: 'kept' });
    const bad = await vault.seal(OddLoose, { qty: 'seven', scan: { at, by: 'c-1' } }, { recordId: 'O-2' });
    await refused(vault.open(Odd, bad.record, { recordId: 'O-2' }), 'qty', 'seven', 'leaf-check-odd/v1');
    // openValue has no schema: it returns what was sealed
    const c = { schemaId: ID, path: 'size', recordId: 'P-9' };
    expect(await vault.openValue(await vault.sealValue('XXL', c), c)).toBe('XXL');
  });
});

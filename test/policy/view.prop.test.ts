// A property over randomly built schemas, records and policies: no tagged value at or above the
// seal level appears in view() output when the decision denies it, nor in any error message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
import { type PolicyRule, definePolicy, view } from 'courier-pii/policy';
import { type Level, levelRank, pii, residentIdCheckChar } from 'courier-pii/schema';

type KindName = 'phone' | 'idNumber' | 'name' | 'address' | 'email' | 'custom' | 'freeText';
const KIND_NAMES: KindName[] = ['phone', 'idNumber', 'name', 'address', 'email', 'custom', 'freeText'];
const LEVEL_NAMES: Level[] = ['public', 'internal', 'sensitive'];

function builder(kind: KindName, level: Level): z.ZodType {
  switch (kind) {
    case 'phone':
      return pii.phone({ level });
    case 'idNumber':
      return pii.idNumber({ level });
    case 'name':
      return pii.name({ level });
    case 'address':
      return pii.address({ level });
    case 'email':
      return pii.email({ level });
    case 'custom':
      return pii.custom({ level });
    case 'freeText':
      return pii.freeText({ level });
  }
}

const HAN = [...'张王李赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施'];
const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const alnum = fc
  .array(fc.constantFrom(...'abcdefghjkmnpqrstuvwxyz23456789'), { minLength: 8, maxLength: 8 })
  .map((c) => c.join(''));
// A valid value of each kind, and the part of it that must never leak (normalization may add a
// country code or change case, so the check looks for the distinctive digits or letters).
const kindValue: Record<KindName, fc.Arbitrary<Val>> = {
  phone: fc.tuple(fc.constantFrom('3', '5', '7', '8', '9'), digits(9)).map(([b, d]) => {
    const v = `1${b}${d}`;
    return { value: v, secret: v };
  }),
  idNumber: fc.tuple(digits(3), fc.integer({ min: 1950, max: 2005 })).map(([seq, y]) => {
    const first = `110105${y}0307${seq}`;
    const v = first + residentIdCheckChar(first);
    return { value: v, secret: v };
  }),
  name: fc
    .array(fc.constantFrom(...HAN), { minLength: 3, maxLength: 4 })
    .map((c) => ({ value: c.join(''), secret: c.join('') })),
  address: fc.tuple(fc.constantFrom('文三路', '建国路', '香港中路'), digits(4)).map(([road, n]) => {
    const v = `浙江省杭州市西湖区${road}${n}号`;
    return { value: v, secret: `${road}${n}` };
  }),
  email: alnum.map((a) => ({ value: `${a}@example.com`, secret: a })),
  custom: alnum.map((a) => ({ value: `cust-${a}`, secret: a })),
  freeText: alnum.map((a) => ({ value: `note ${a}`, secret: a })),
};

interface FieldGen {
  kind: KindName;
  level: Level;
}
const fieldArb: fc.Arbitrary<FieldGen> = fc.record({
  kind: fc.constantFrom(...KIND_NAMES),
  level: fc.constantFrom(...LEVEL_NAMES),
});
const shapeArb: fc.Arbitrary<Shape> = fc.record({
  root: fc.array(fieldArb, { minLength: 1, maxLength: 4 }),
  who: fc.array(fieldArb, { maxLength: 3 }),
  items: fc.array(fieldArb, { maxLength: 2 }),
  itemCount: fc.integer({ min: 1, max: 2 }),
});
interface Shape {
  root: FieldGen[];
  who: FieldGen[];
  items: FieldGen[];
  itemCount: number;
}
interface Val {
  value: string;
  secret: string;
}
const valuesOf = (fs: FieldGen[]) => fc.tuple(...fs.map((f) => kindValue[f.kind])) as fc.Arbitrary<Val[]>;

/** The schema, its leaf paths with levels, and an arbitrary of (value, secrets per path). */
function build(shape: Shape) {
  const paths: Array<{ path: string; level: Level; kind: KindName }> = [];
  const obj = (fs: FieldGen[], prefix: string) =>
    Object.fromEntries(
      fs.map((f, i) => {
        paths.push({ path: `${prefix}f${i}`, level: f.level, kind: f.kind });
        return [`f${i}`, builder(f.kind, f.level)];
      }),
    );
  const shapeDef: Record<string, z.ZodType> = { ...obj(shape.root, '') };
  if (shape.who.length > 0) shapeDef.who = pii.subject('who', z.object(obj(shape.who, 'who.')));
  if (shape.items.length > 0) shapeDef.items = z.array(z.object(obj(shape.items, 'items[].')));
  return { schema: z.object(shapeDef), paths };
}

const valuesArb = (shape: Shape) =>
  fc.record({
    root: valuesOf(shape.root),
    who: valuesOf(shape.who),
    items: fc.array(valuesOf(shape.items), {
      minLength: shape.itemCount,
      maxLength: shape.itemCount,
    }),
  });

const ruleArb = (patterns: string[]) =>
  fc.record({
    fields: fc.subarray(patterns, { minLength: 1, maxLength: Math.min(3, patterns.length) }),
    effect: fc.constantFrom('grant allow', 'grant mask', 'limit mask', 'limit deny'),
  });

describe('view never shows a denied sealed value (fast-check)', () => {
  it('holds for random schemas, records, policies and seal levels; errors carry no value', async () => {
    const keyring = createKeyring({ keks: [{ id: 'k1', key: generateKey() }], active: 'k1' });
    const keyStore = memoryKeyStore();
    const indexKey = generateKey();
    const vaults = {
      internal: createVault({ keyring, keyStore, indexKey, sealAtLeast: 'internal' }),
      sensitive: createVault({ keyring, keyStore, indexKey, sealAtLeast: 'sensitive' }),
    };
    let denied = 0;
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(
        shapeArb.chain((shape) => {
          const { paths } = build(shape);
          const patterns = [...paths.map((p) => p.path), '**', ...(shape.who.length > 0 ? ['who.*'] : [])];
          return fc.record({
            shape: fc.constant(shape),
            values: valuesArb(shape),
            rules: fc.array(ruleArb(patterns), { maxLength: 5 }),
            sealLevel: fc.constantFrom<'internal' | 'sensitive'>('internal', 'sensitive'),
          });
        }),
        async ({ shape, values, rules, sealLevel }) => {
          const { schema } = build(shape);
          const record: Record<string, unknown> = {};
          const secrets: Array<{ path: string; secret: string; level: Level }> = [];
          shape.root.forEach((f, i) => {
            record[`f${i}`] = values.root[i]!.value;
            secrets.push({ path: `f${i}`, secret: values.root[i]!.secret, level: f.level });
          });
          if (shape.who.length > 0) {
            record.who = Object.fromEntries(shape.who.map((_, i) => [`f${i}`, values.who[i]!.value]));
            for (const [i, f] of shape.who.entries())
              secrets.push({ path: `who.f${i}`, secret: values.who[i]!.secret, level: f.level });
          }
          if (shape.items.length > 0) {
            record.items = values.items.map((item) =>
              Object.fromEntries(item.map((v, i) => [`f${i}`, v.value])),
            );
            for (const item of values.items)
              for (const [i, f] of shape.items.entries())
                secrets.push({ path: `items[].f${i}`, secret: item[i]!.secret, level: f.level });
          }
          const vault = vaults[sealLevel];
          const policyRules: PolicyRule[] = [
            { id: 'record', record: 'allow' },
            ...rules.map((r, i) => {
              const [kind, level] = r.effect.split(' ') as ['grant' | 'limit', string];
              return { id: `r${i}`, fields: r.fields, [kind]: level } as PolicyRule;
            }),
          ];
          const policy = definePolicy(
            schema,
            { id: 'prop', version: 1, purposes: ['ops'], roles: ['staff'], rules: policyRules } as never,
            { sealLevel },
          );
          const messages: string[] = [];
          const capture = async (p: Promise<unknown>) => {
            try {
              return await p;
            } catch (e) {
              errors++;
              messages.push(
                `${(e as Error).message} ${JSON.stringify((e as { details?: unknown }).details ?? {})}`,
              );
              return undefined;
            }
          };
          const { record: sealed } = await vault.seal(schema, record, {
            recordId: 'R-1',
            // Only a role the schema declares may be named (seal refuses any other).
            ...(shape.who.length > 0 ? { subjects: { who: 'cust-1' } } : {}),
          } as never);
          const d = policy.decide({ actor: { id: 'u', roles: ['staff'] }, purpose: 'ops', recordId: 'R-1' });
          const out = JSON.stringify(await view(vault, schema, sealed, d, { recordId: 'R-1' }));
          const shownSecrets = new Set<string>();
          for (const s of secrets) {
            const others = secrets.filter((o) => o !== s && o.secret.includes(s.secret));
            if (d.fields[s.path]!.effect !== 'deny' || others.length > 0) shownSecrets.add(s.secret);
          }
          for (const s of secrets) {
            if (levelRank(s.level) < levelRank(sealLevel) || d.fields[s.path]!.effect !== 'deny') continue;
            if (shownSecrets.has(s.secret)) continue;
            denied++;
            expect(out).not.toContain(s.secret);
          }
          // Error paths: a replayed decision, a lie about the record id, a record that does not validate.
          const other = policy.decide({
            actor: { id: 'u', roles: ['staff'] },
            purpose: 'ops',
            recordId: 'R-2',
          });
          await capture(view(vault, schema, sealed, other, { recordId: 'R-1' }));
          await capture(view(vault, schema, sealed, other, { recordId: 'R-2' }));
          const broken = { ...record, f0: `${String(record.f0)}\u0000${secrets[0]!.secret}` };
          await capture(vault.seal(schema, broken, { recordId: 'R-3' }));
          for (const m of messages)
            for (const s of secrets)
              if (levelRank(s.level) >= levelRank(sealLevel)) expect(m).not.toContain(s.secret);
        },
      ),
      { numRuns: 80 },
    );
    // The property was exercised: denied sealed values were looked for, errors were raised.
    expect(denied).toBeGreaterThan(40);
    expect(errors).toBeGreaterThan(80);
  });
});

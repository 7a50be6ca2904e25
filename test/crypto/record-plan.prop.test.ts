// Differential test: the compiled record plan (record-plan.ts) against the general schema walk
// it stands in for. Over random fixed-key schemas, values, subjects, wanted paths, tampering and
// erasure, seal and open give the same records, indexes and error codes on both paths, the two
// paths open each other's ciphertexts, and openMany gives what open gives record by record.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isPlannable, withoutPlans } from '../../src/crypto/record-plan.js';
import { isPiiError } from '../../src/errors.js';
import { classify, pii } from '../../src/schema/index.js';
import { SUITES, testVault } from './helpers.js';

type LeafSpec = { make: () => z.ZodType; sample: unknown };
const LEAVES: LeafSpec[] = [
  { make: () => pii.phone(), sample: '13812345678' },
  { make: () => pii.name({ level: 'sensitive' }), sample: '李四' },
  { make: () => pii.name(), sample: '王五' },
  { make: () => pii.address(), sample: '山东省青岛市市南区香港中路61号' },
  { make: () => pii.idNumber(), sample: '11010519491231002X' },
  { make: () => pii.email({ level: 'sensitive' }), sample: 'li.si@example.com' },
  { make: () => pii.geo(), sample: { lat: 30.2875, lng: 120.162 } },
  { make: () => pii.freeText({ level: 'sensitive' }), sample: '放门口，电话13812345678' },
  { make: () => pii.waybillNo(), sample: 'SF1234567890123' },
  { make: () => z.string(), sample: 'plain' },
  { make: () => z.number(), sample: 42 },
  { make: () => z.enum(['a', 'b']), sample: 'b' },
];
const KEYS = ['a', 'b', 'sender', 'recipient', 'x_y', 'n-1', '$c'];
const ROLES = ['sender', 'recipient', 'courier'];

type Spec =
  | { t: 'leaf'; leaf: number; optional: boolean; present: boolean }
  | {
      t: 'obj';
      role: string | undefined;
      entries: Array<[string, Spec]>;
      optional: boolean;
      present: boolean;
    };

const leafArb: fc.Arbitrary<Spec> = fc.record({
  t: fc.constant('leaf' as const),
  leaf: fc.nat(LEAVES.length - 1),
  optional: fc.boolean(),
  present: fc.boolean(),
});
const specArb = fc.letrec<{ node: Spec }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.record({
      t: fc.constant('obj' as const),
      role: fc.option(fc.constantFrom(...ROLES), { nil: undefined }),
      entries: fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tie('node')), {
        minLength: 1,
        maxLength: 4,
        selector: (e) => e[0],
      }),
      optional: fc.boolean(),
      present: fc.boolean(),
    }),
  ),
})).node;
const rootArb = fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), specArb), {
  minLength: 1,
  maxLength: 5,
  selector: (e) => e[0],
});

let ids = 0;
function build(entries: Array<[string, Spec]>): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, s] of entries) {
    let sch: z.ZodType;
    if (s.t === 'leaf') sch = LEAVES[s.leaf]!.make();
    else {
      const o = z.object(build(s.entries) as never as z.ZodRawShape) as z.ZodObject;
      sch = s.role ? pii.subject(s.role, o) : o;
    }
    shape[k] = s.optional ? sch.optional() : sch;
  }
  return shape as never;
}
function sample(entries: Array<[string, Spec]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of entries) {
    if (s.optional && !s.present) continue;
    out[k] = s.t === 'leaf' ? LEAVES[s.leaf]!.sample : sample(s.entries);
  }
  return out;
}

async function outcome(p: () => Promise<unknown>): Promise<{ ok: unknown } | { code: string }> {
  try {
    return { ok: await p() };
  } catch (e) {
    if (!isPiiError(e)) throw e;
    return { code: e.code };
  }
}
/** Sealed strings differ by nonce: compare records with every sealed string masked. */
function shape(v: unknown): unknown {
  return JSON.parse(
    JSON.stringify(v, (_k, x) => (typeof x === 'string' && x.startsWith('cpii1.') ? '<sealed>' : x)),
  );
}
function sealedPaths(v: unknown, at = '', out: string[] = []): string[] {
  if (typeof v === 'string' && v.startsWith('cpii1.')) out.push(at);
  else if (v && typeof v === 'object' && !Array.isArray(v))
    for (const [k, x] of Object.entries(v)) sealedPaths(x, at ? `${at}.${k}` : k, out);
  return out;
}

const tamperArb = fc.record({
  kind: fc.constantFrom('none', 'swap', 'plain', 'flip', 'nonObject', 'drop', 'otherSubject'),
  i: fc.nat(20),
  j: fc.nat(20),
});

function tamper(sealed: Record<string, unknown>, t: { kind: string; i: number; j: number }): unknown {
  const copy = structuredClone(sealed);
  const paths = sealedPaths(copy);
  if (paths.length === 0 || t.kind === 'none') return copy;
  const get = (p: string) => p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], copy);
  const set = (p: string, v: unknown) => {
    const ks = p.split('.');
    const parent = ks
      .slice(0, -1)
      .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], copy) as Record<string, unknown>;
    if (v === undefined) delete parent[ks[ks.length - 1]!];
    else parent[ks[ks.length - 1]!] = v;
  };
  const a = paths[t.i % paths.length]!;
  const b = paths[t.j % paths.length]!;
  switch (t.kind) {
    case 'swap': {
      const x = get(a);
      set(a, get(b));
      set(b, x);
      break;
    }
    case 'plain':
      set(a, 'not sealed');
      break;
    case 'flip': {
      const s = get(a) as string;
      set(a, `${s.slice(0, 20)}${s[20] === 'A' ? 'B' : 'A'}${s.slice(21)}`);
      break;
    }
    case 'nonObject': {
      const ks = a.split('.');
      if (ks.length > 1) set(ks.slice(0, -1).join('.'), t.j % 2 ? 'str' : [1]);
      else set(a, 7);
      break;
    }
    case 'drop':
      set(a, undefined);
      break;
  }
  return copy;
}

describe.each(SUITES)('the compiled record plan and the general walk (suite %s)', (suite) => {
  it('plans what the walk reports as fixed-key object trees only', () => {
    const leaf = pii.phone();
    for (const s of [
      z.object({ a: leaf, b: z.object({ c: z.string().optional() }) }),
      // one leaf each, as the walk reports them
      z.object({ a: z.union([leaf, z.number()]) }),
      z.object({ a: z.string().pipe(leaf) }),
      z.object({ a: z.lazy(() => leaf) }),
      z.object({ a: z.any(), b: z.tuple([z.number()]) }),
      z.union([z.object({ a: leaf }), z.object({ b: leaf })]),
      z.object({ a: leaf }).optional(),
    ])
      expect(isPlannable(s)).toBe(true);
    for (const s of [
      z.object({ a: z.array(leaf) }),
      z.object({ a: z.record(z.string(), leaf) }),
      z.object({ a: z.map(z.string(), leaf) }),
      z.object({ a: z.set(leaf) }),
      z.object({ a: z.tuple([leaf]) }),
      z.object({ a: leaf }).passthrough(),
      z.looseObject({ a: leaf }),
      z.object({ a: leaf }).catchall(z.string()),
      z.object({ a: leaf }).catchall(leaf),
      z.object({ 'a.b': leaf }),
      z.object({ ['__proto__']: leaf }),
      z.object({ constructor: leaf }),
      // a leaf in one option and an object in another
      z.object({ a: z.union([z.object({ p: leaf }), z.string()]) }),
      z.union([z.object({ a: leaf }), z.string()]),
      leaf,
      // free text sealed with its redaction: the walk writes { redacted, sealed }
      z.object({ a: leaf, note: pii.freeText({ onSeal: 'redact' }) }),
    ])
      expect(isPlannable(s)).toBe(false);
  });

  it('refuses every schema the walk refuses, before any plan', async () => {
    const { vault } = testVault({ suite });
    const leaf = pii.phone();
    for (const s of [
      z.object({ a: z.promise(leaf) }),
      z.object({ a: z.object({ p: leaf }).transform((x) => x.p) }),
      z.object({ a: z.templateLiteral([leaf]) }),
    ]) {
      expect(() => isPlannable(s)).toThrow(expect.objectContaining({ code: 'SCHEMA_INVALID' }));
      await expect(vault.seal(s as z.ZodType, {}, { recordId: 'r' })).rejects.toMatchObject({
        code: 'SCHEMA_INVALID',
      });
      await expect(vault.open(s as z.ZodType, {}, { recordId: 'r' })).rejects.toMatchObject({
        code: 'SCHEMA_INVALID',
      });
      await expect(vault.openMany(s as z.ZodType, [], {})).rejects.toMatchObject({ code: 'SCHEMA_INVALID' });
    }
  });

  it('values the plan does not name (catch of another shape, z.any objects, strays) go to the walk', async () => {
    const { vault } = testVault({ suite });
    const S = pii.id(
      'plan-strays',
      z.object({
        a: pii.subject('sender', z.object({ phone: pii.phone() })).catch('x' as never),
        b: z.any(),
        c: z.object({ name: pii.name({ level: 'sensitive' }) }),
      }),
    );
    expect(isPlannable(S)).toBe(true);
    const values: unknown[] = [
      { a: { phone: '13812345678' }, b: { deep: [1, 2] }, c: { name: '李四' } },
      { a: 42, b: 'free', c: { name: '王五' } },
    ];
    for (const value of values) {
      const so = { recordId: 'R-strays', subjects: { sender: 'cust-1' } };
      const viaPlan = await vault.seal(S, value as never, so);
      const viaWalk = await withoutPlans(() => vault.seal(S, value as never, so));
      expect(shape(viaPlan.record)).toEqual(shape(viaWalk.record));
      expect(viaPlan.indexes).toEqual(viaWalk.indexes);
      const o = { recordId: 'R-strays' };
      const extra = {
        ...viaPlan.record,
        zz: { kept: 'as is' },
        c: { ...(viaPlan.record.c as object), q: 1 },
      };
      const p1 = await outcome(() => vault.open(S, extra as never, o));
      const p2 = await outcome(() => withoutPlans(() => vault.open(S, extra as never, o)));
      expect(p1).toEqual(p2);
    }
  });

  it("seal and open alike: records, indexes, errors, each other's ciphertexts and openMany", async () => {
    const { vault } = testVault({ suite });
    await fc.assert(
      fc.asyncProperty(
        rootArb,
        fc.dictionary(fc.constantFrom(...ROLES, 'ghost'), fc.constantFrom('cust-1', 'cust-2', 'cust-3'), {
          maxKeys: 3,
        }),
        tamperArb,
        fc.option(fc.subarray(KEYS.concat(['sender.a', 'recipient.b', 'a.b', 'nope'])), { nil: undefined }),
        fc.constantFrom('throw', 'omit', undefined),
        async (entries, subjects, t, wanted, erased) => {
          const n = ids++;
          const S = pii.id(`plan-prop/${n}`, z.object(build(entries) as never as z.ZodRawShape));
          expect(isPlannable(S)).toBe(true);
          const value = sample(entries);
          const recordId = `R${n}`;
          const so = { recordId, subjects };
          const viaPlan = await outcome(() => vault.seal(S, value as never, so));
          const viaWalk = await outcome(() => withoutPlans(() => vault.seal(S, value as never, so)));
          if ('code' in viaPlan || 'code' in viaWalk) {
            expect(viaPlan).toEqual(viaWalk);
            return;
          }
          const a = viaPlan.ok as { record: Record<string, unknown>; indexes: Record<string, string> };
          const b = viaWalk.ok as typeof a;
          expect(shape(a.record)).toEqual(shape(b.record));
          expect(a.indexes).toEqual(b.indexes);
          const paths = wanted?.filter((p) =>
            classify(S).some((f) => f.path === p || f.path.startsWith(`${p}.`)),
          );
          const oo = {
            recordId,
            ...(paths && paths.length > 0 ? { paths } : {}),
            ...(t.kind === 'otherSubject' ? { subjects: { sender: 'cust-9', recipient: 'cust-1' } } : {}),
            ...(erased ? { erased } : {}),
          };
          // each path opens what either path sealed, to the same value
          // (fields left sealed by `paths` differ by nonce between a and b: compared masked)
          const opened = await outcome(() => vault.open(S, b.record, oo));
          expect(shape(await outcome(() => withoutPlans(() => vault.open(S, a.record, oo))))).toEqual(
            shape(opened),
          );
          if (!('code' in opened) && !paths) expect(opened.ok).toEqual(S.parse(value));
          // tampered: same outcome both ways
          const bad = tamper(a.record, t);
          const p1 = await outcome(() => vault.open(S, bad as never, oo));
          const p2 = await outcome(() => withoutPlans(() => vault.open(S, bad as never, oo)));
          expect(p1).toEqual(p2);
          // a page of both records opens as each record does
          const page = await outcome(() =>
            vault.openMany(
              S,
              [
                { record: a.record, ...oo },
                { record: bad as never, ...oo },
              ].map(({ erased: _e, ...it }) => it),
              erased ? { erased } : {},
            ),
          );
          const one = await outcome(() => vault.open(S, a.record, oo));
          if ('ok' in page) {
            expect(page.ok).toEqual([(one as { ok: unknown }).ok, (p1 as { ok: unknown }).ok]);
          } else {
            expect([('code' in one && one.code) || undefined, 'code' in p1 ? p1.code : undefined]).toContain(
              page.code,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('opens fields of erased subjects alike on both paths', async () => {
    const { vault } = testVault({ suite });
    await fc.assert(
      fc.asyncProperty(rootArb, fc.constantFrom(...ROLES), async (entries, gone) => {
        const n = ids++;
        const S = pii.id(`plan-erase/${n}`, z.object(build(entries) as never as z.ZodRawShape));
        const recordId = `E${n}`;
        const all = { sender: `s-${n}`, recipient: `r-${n}`, courier: `c-${n}` };
        // only the roles the schema declares (the vault refuses any other)
        const declared = new Set(classify(S).flatMap((f) => (f.subject ? [f.subject] : [])));
        const subjects = Object.fromEntries(Object.entries(all).filter(([r]) => declared.has(r)));
        const { record } = await vault.seal(S, sample(entries), { recordId, subjects });
        await vault.eraseSubject(all[gone as keyof typeof all]);
        for (const erased of ['throw', 'omit'] as const) {
          const o = { recordId, erased };
          const p1 = await outcome(() => vault.open(S, record, o));
          expect(await outcome(() => withoutPlans(() => vault.open(S, record, o)))).toEqual(p1);
          const many = await outcome(() => vault.openMany(S, [{ record, recordId }], { erased }));
          expect(many).toEqual('ok' in p1 ? { ok: [p1.ok] } : p1);
        }
      }),
      { numRuns: 120 },
    );
  });
});

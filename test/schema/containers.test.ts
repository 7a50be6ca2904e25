import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isPiiError } from '../../src/errors.js';
import {
  classify,
  concretePath,
  copyData,
  forEachLeaf,
  getIn,
  leaves,
  mapLeaves,
  pathSteps,
  patternPath,
  pii,
  setIn,
} from '../../src/schema/index.js';

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isPiiError(e) ? e.code : 'not a PiiError';
  }
  return undefined;
}

describe('classify follows every zod 4 container', () => {
  it('reads a tag on either side of a pipe, preprocess and transform', () => {
    const S = z.object({
      pre: z.preprocess((x) => String(x).trim(), pii.phone()),
      trimmed: z.string().trim().pipe(pii.idNumber()),
      out: pii.name().transform((s) => s.toUpperCase()),
      plain: z.string().pipe(z.string()),
    });
    expect(classify(S)).toEqual([
      { path: 'pre', level: 'sensitive', kind: 'phone' },
      { path: 'trimmed', level: 'sensitive', kind: 'idNumber' },
      { path: 'out', level: 'internal', kind: 'name' },
      { path: 'plain', level: 'internal', kind: 'untagged' },
    ]);
  });

  it('names tuple positions p[0], tuple rest p[], map and record values p{} and tagged keys p{key}', () => {
    const S = z.object({
      pair: z.tuple([pii.name(), z.number()], pii.phone()),
      byPhone: z.map(pii.phone(), z.object({ n: z.number() })),
      notes: z.set(pii.freeText()),
      byEmail: z.record(pii.email(), pii.address()),
    });
    expect(classify(S).map((f) => `${f.path}:${f.kind}:${f.level}`)).toEqual([
      'pair[0]:name:internal',
      'pair[1]:untagged:internal',
      'pair[]:phone:sensitive',
      'byPhone{key}:phone:sensitive',
      'byPhone{}.n:untagged:internal',
      'notes[]:freeText:sensitive',
      'byEmail{key}:email:internal',
      'byEmail{}:address:sensitive',
    ]);
  });

  it('keeps containers without any tag as one untagged leaf, as before', () => {
    const S = z.object({
      t: z.tuple([z.number(), z.number()]),
      m: z.map(z.string(), z.number()),
      s: z.set(z.string()),
      l: z.lazy(() => z.object({ a: z.string() })),
    });
    expect(classify(S).map((f) => f.path)).toEqual(['t', 'm', 's', 'l']);
  });

  it('merges union options and duplicate paths by the highest level, whatever the option order', () => {
    const a = z.object({ p: z.string(), q: pii.name() });
    const b = z.object({ p: pii.phone(), q: pii.name({ level: 'public' }) });
    for (const S of [z.union([a, b]), z.union([b, a]), z.intersection(a, b)]) {
      const f = Object.fromEntries(classify(S).map((x) => [x.path, x.level]));
      expect(f).toEqual({ p: 'sensitive', q: 'internal' });
    }
    const D = z.discriminatedUnion('k', [
      z.object({ k: z.literal('home'), v: pii.address() }),
      z.object({ k: z.literal('locker'), v: z.string() }),
    ]);
    expect(classify(D).find((f) => f.path === 'v')).toMatchObject({ level: 'sensitive', kind: 'address' });
  });

  it('protects a location that one option tags as a whole, whatever shape another option gives it', () => {
    const S = z.object({ at: z.union([z.object({ x: z.number() }), pii.geo()]) });
    expect(classify(S)).toEqual([{ path: 'at', level: 'sensitive', kind: 'geo' }]);
    const T = pii.tag(z.object({ phone: pii.phone() }), { level: 'internal', kind: 'custom' });
    expect(classify(T)).toEqual([{ path: '$', level: 'sensitive', kind: 'custom' }]);
  });

  it('reports the properties a loose object or untagged catchall admits as undescribed and sensitive', () => {
    for (const o of [
      z.looseObject({ a: z.string() }),
      z.object({ a: z.string() }).passthrough(),
      z.object({ a: z.string() }).catchall(z.string()),
    ]) {
      expect(classify(z.object({ o }))).toEqual([
        { path: 'o.a', level: 'internal', kind: 'untagged' },
        { path: 'o{}', level: 'sensitive', kind: 'untagged', undescribed: true },
      ]);
    }
    expect(classify(z.object({ a: z.string() }).catchall(pii.phone()))).toEqual([
      { path: 'a', level: 'internal', kind: 'untagged' },
      { path: '{}', level: 'sensitive', kind: 'phone' },
    ]);
    expect(classify(z.strictObject({ a: z.string() })).map((f) => f.path)).toEqual(['a']);
  });

  it('escapes dots and brackets of object keys in pattern paths', () => {
    const S = z.object({ 'a.b': pii.phone(), a: z.object({ b: pii.name() }), 'x[0]': pii.name() });
    expect(classify(S).map((f) => f.path)).toEqual(['a\\.b', 'a.b', 'x\\[0\\]']);
    expect(pathSteps('a\\.b')).toEqual([{ key: 'a.b' }]);
  });

  it('refuses with SCHEMA_INVALID, naming the path, a tag it cannot follow', () => {
    const Tree: z.ZodType = z.lazy(() => z.object({ name: pii.name(), kids: z.array(Tree) }));
    const cases: Array<[string, z.ZodType]> = [
      ['p', z.object({ p: z.promise(pii.phone()) })],
      ['f', z.object({ f: z.function({ input: [pii.phone()], output: z.void() }) as unknown as z.ZodType })],
      ['t', z.object({ t: z.templateLiteral([pii.phone(), '-x']) })],
      ['o', z.object({ o: z.object({ a: pii.phone() }).transform((x) => x.a.length) })],
      ['tree.kids[]', z.object({ tree: Tree })],
      ['m{key}', z.object({ m: z.map(z.object({ p: pii.phone() }), z.string()) })],
    ];
    for (const [path, S] of cases) {
      let msg = '';
      try {
        classify(S);
      } catch (e) {
        expect(isPiiError(e) && e.code, path).toBe('SCHEMA_INVALID');
        msg = (e as Error).message;
      }
      expect(msg, path).toContain(` ${path} `);
    }
  });

  it('refuses union options that put one location under different subjects', () => {
    const S = z.union([
      pii.subject('sender', z.object({ phone: pii.phone() })),
      pii.subject('recipient', z.object({ phone: pii.phone() })),
    ]);
    expect(code(() => classify(S))).toBe('SCHEMA_INVALID');
    // different locations are fine
    const T = z.union([
      pii.subject('sender', z.object({ s: pii.phone() })),
      pii.subject('recipient', z.object({ r: pii.phone() })),
    ]);
    expect(classify(T).map((f) => `${f.path}:${f.subject}`)).toEqual(['s:sender', 'r:recipient']);
  });

  it('accepts an untagged recursive schema as an untagged leaf at the recursion', () => {
    const Cat: z.ZodType = z.object({
      name: z.string(),
      get subs() {
        return z.array(Cat);
      },
    });
    expect(classify(Cat).map((f) => f.path)).toEqual(['name', 'subs[]']);
  });
});

describe('paths', () => {
  it('concrete paths escape dots and backslashes and keep the bytes of plain paths', () => {
    expect(concretePath(['items', 0, 'name'])).toBe('items.0.name');
    expect(concretePath(['m', 'a.b', 'c'])).not.toBe(concretePath(['m', 'a', 'b.c']));
    expect(concretePath(['m', 'a.b', 'c'])).toBe('m.a\\.b.c');
    expect(concretePath(['m', 'a\\', 'b'])).toBe('m.a\\\\.b');
    expect(concretePath(['m', 'a\\.b'])).not.toBe(concretePath(['m', 'a\\', 'b']));
    expect(concretePath([])).toBe('');
    expect(code(() => concretePath([{} as never]))).toBe('INVALID_ARGUMENT');
  });

  it('no two different locations share a concrete path', () => {
    const segs = ['a', 'b', '.', '\\', 'a.b', 'a\\', '\\.', '', '0', 'b.c'];
    const seen = new Map<string, string>();
    for (const x of segs)
      for (const y of segs)
        for (const zz of [undefined, ...segs]) {
          const at = zz === undefined ? [x, y] : [x, y, zz];
          const p = concretePath(at);
          const key = JSON.stringify(at);
          expect(seen.get(p) ?? key, p).toBe(key);
          seen.set(p, key);
        }
  });

  it('pathSteps reads every pattern path classify writes', () => {
    expect(pathSteps('items[].name')).toEqual([{ key: 'items' }, { each: 'item' }, { key: 'name' }]);
    expect(pathSteps('pair[1]')).toEqual([{ key: 'pair' }, { index: 1 }]);
    expect(pathSteps('m{key}')).toEqual([{ key: 'm' }, { each: 'key' }]);
    expect(pathSteps('m{}.a[][]')).toEqual([
      { key: 'm' },
      { each: 'value' },
      { key: 'a' },
      { each: 'item' },
      { each: 'item' },
    ]);
    expect(pathSteps('$')).toEqual([]);
    for (const bad of ['a.', '.a', 'a[x]', 'a{y}', 'a]', 'a\\'])
      expect(
        code(() => pathSteps(bad)),
        bad,
      ).toBe('INVALID_ARGUMENT');
  });

  it('patternPath names a zod issue location without its record or map keys', () => {
    const S = z.object({
      byEmail: z.record(z.string(), z.object({ phone: pii.phone() })),
      m: z.map(z.string(), pii.phone()),
      t: z.tuple([z.string(), pii.phone()]),
    });
    expect(patternPath(S, ['byEmail', 'ann@example.com', 'phone'])).toBe('byEmail{}.phone');
    expect(patternPath(S, ['m', '13812345678'])).toBe('m{}');
    expect(patternPath(S, ['t', 1])).toBe('t[1]');
    expect(patternPath(S, ['nope', 'deeper'])).toBe('$');
  });
});

describe('walking values', () => {
  const S = z.object({
    pair: z.tuple([pii.name()], pii.phone()),
    byKey: z.map(z.string(), pii.phone()),
    set: z.set(pii.phone()),
    loose: z.looseObject({ a: z.string() }),
    u: z.union([z.string(), z.object({ x: pii.phone() })]),
  });
  const v = S.parse({
    pair: ['张三', '13812345678', '13912345678'],
    byKey: new Map([['k.1', '13700001111']]),
    set: new Set(['13600001111']),
    loose: { a: 'x', extra: { deep: '13500001111' } },
    u: { x: '13400001111' },
  });

  it('leaves reports maps, sets, tuple rest, undescribed properties and the union option the value takes', () => {
    expect(leaves(S, v).map((l) => `${l.path}@${concretePath(l.at)}`)).toEqual([
      'pair[0]@pair.0',
      'pair[]@pair.1',
      'pair[]@pair.2',
      'byKey{}@byKey.k\\.1',
      'set[]@set.0',
      'loose.a@loose.a',
      'loose{}@loose.extra',
      'u.x@u.x',
    ]);
    const n: string[] = [];
    forEachLeaf(S, v, (f) => n.push(f.path));
    expect(n).toHaveLength(8);
  });

  it('mapLeaves rebuilds every container without touching the input', () => {
    const out = mapLeaves(S, v, (f, x) => (f.kind === 'phone' || f.undescribed ? 'X' : x)) as typeof v;
    expect(out.pair).toEqual(['张三', 'X', 'X']);
    expect(out.byKey.get('k.1')).toBe('X');
    expect([...out.set]).toEqual(['X']);
    expect(out.loose).toEqual({ a: 'x', extra: 'X' });
    expect(out.u).toEqual({ x: 'X' });
    expect(v.byKey.get('k.1')).toBe('+8613700001111');
  });

  it('mapLeaves keeps, drops or hands over what the schema does not describe', () => {
    const T = z.object({ a: pii.phone() });
    const input = { a: '1', stray: 'secret' };
    expect(mapLeaves(T, input, () => 'X')).toEqual({ a: 'X', stray: 'secret' });
    expect(mapLeaves(T, input, () => 'X', { strays: 'drop' })).toEqual({ a: 'X' });
    expect(mapLeaves(T, input, (f) => (f.undescribed ? 'U' : 'X'), { strays: 'leaf' })).toEqual({
      a: 'X',
      stray: 'U',
    });
    expect(code(() => mapLeaves(T, input, () => 'X', { strays: 'nope' as never }))).toBe('INVALID_ARGUMENT');
  });
});

describe('prototype keys', () => {
  it('setIn never writes through a prototype', () => {
    const target = { a: {} };
    expect(code(() => setIn(target, ['__proto__', 'polluted'], 1))).toBe('INVALID_ARGUMENT');
    expect(code(() => setIn(target, ['constructor', 'prototype', 'polluted'], 1))).toBe('INVALID_ARGUMENT');
    expect(code(() => setIn(target, ['a', '__proto__'], { polluted: 1 }))).toBe('INVALID_ARGUMENT');
    expect(code(() => setIn(target, ['a', 'constructor'], 1))).toBe('INVALID_ARGUMENT');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(target.a)).toBe(Object.prototype);
    expect(getIn({}, ['constructor'])).toBeUndefined();
  });

  it('setIn writes map entries and set elements', () => {
    const t = { m: new Map([['a.b', 1]]), s: new Set(['x', 'y']) };
    setIn(t, ['m', 'a.b'], 2);
    setIn(t, ['s', 1], 'z');
    expect(t.m.get('a.b')).toBe(2);
    expect([...t.s]).toEqual(['x', 'z']);
  });

  it('copyData keeps a __proto__ key as an own property, never as the prototype', () => {
    const input = JSON.parse('{"__proto__": {"phone": "13812345678"}, "a": [1]}') as Record<string, unknown>;
    const c = copyData(input);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect((c as { phone?: unknown }).phone).toBeUndefined();
    expect(Object.hasOwn(c, '__proto__')).toBe(true);
    expect(copyData(new Map([['k', [1]]]))).toEqual(new Map([['k', [1]]]));
  });

  it('mapLeaves output never inherits through a prototype', () => {
    const S = z.record(z.string(), z.object({ phone: pii.phone() }));
    const input = JSON.parse('{"__proto__": {"phone": "13812345678"}, "ok": {"phone": "1"}}');
    const out = mapLeaves(S, input, () => 'X') as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    const inherited: string[] = [];
    for (const k in out) inherited.push(k);
    expect(inherited).toEqual(['ok']);
    expect(JSON.stringify(out)).not.toContain('13812345678');
  });
});

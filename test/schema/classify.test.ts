import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { classify, copyData, getTag, leaves, pii, piiRegistry, schemaId, setIn } from 'courier-pii/schema';
import { isPiiError } from 'courier-pii';

const Party = (role: string) =>
  pii.subject(role, z.object({ name: pii.name(), phone: pii.phone(), address: pii.address() }));

const Parcel = pii.id(
  'parcel/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    sender: Party('sender'),
    recipient: Party('recipient'),
    items: z.array(z.object({ name: z.string(), declaredValue: z.number().optional() })),
    trace: z.array(pii.geo()).default([]),
    tags: z.record(z.string(), pii.freeText()).optional(),
    contact: z.union([pii.phone(), pii.landline()]).nullable(),
    note: pii.freeText({ retention: 'P90D' }).optional(),
    createdAt: z.string(),
  }),
);

describe('classify', () => {
  it('reports every leaf with level, kind and subject, seeing through wrappers', () => {
    expect(classify(Parcel)).toEqual([
      { path: 'waybillNo', level: 'internal', kind: 'waybillNo' },
      { path: 'sender.name', level: 'internal', kind: 'name', subject: 'sender' },
      { path: 'sender.phone', level: 'sensitive', kind: 'phone', subject: 'sender' },
      { path: 'sender.address', level: 'sensitive', kind: 'address', subject: 'sender' },
      { path: 'recipient.name', level: 'internal', kind: 'name', subject: 'recipient' },
      { path: 'recipient.phone', level: 'sensitive', kind: 'phone', subject: 'recipient' },
      { path: 'recipient.address', level: 'sensitive', kind: 'address', subject: 'recipient' },
      { path: 'items[].name', level: 'internal', kind: 'untagged' },
      { path: 'items[].declaredValue', level: 'internal', kind: 'untagged' },
      { path: 'trace[]', level: 'sensitive', kind: 'geo' },
      { path: 'tags{}', level: 'sensitive', kind: 'freeText' },
      { path: 'contact', level: 'sensitive', kind: 'phone' },
      { path: 'note', level: 'sensitive', kind: 'freeText', retention: 'P90D' },
      { path: 'createdAt', level: 'internal', kind: 'untagged' },
    ]);
  });

  it('treats a tagged root as a single leaf named $', () => {
    expect(classify(pii.phone())).toEqual([{ path: '$', level: 'sensitive', kind: 'phone' }]);
  });

  it('keeps tags through zod clones such as .min() and through pii.tag on any schema', () => {
    expect(getTag(pii.name().min(2))?.kind).toBe('name');
    const Sku = pii.tag(z.string().regex(/^\d+$/), { level: 'public', kind: 'custom' });
    expect(classify(z.object({ sku: Sku }))[0]).toEqual({ path: 'sku', level: 'public', kind: 'custom' });
  });

  it('never changes the schema it was given (pii.public and pii.tag clone)', () => {
    const phone = pii.phone();
    const pub = pii.public(phone);
    expect(getTag(phone)?.level).toBe('sensitive');
    expect(getTag(pub)).toEqual({ level: 'public', kind: 'phone' });
  });

  it('honours level overrides and retention', () => {
    expect(getTag(pii.name({ level: 'sensitive', retention: 'P3Y' }))).toEqual({
      level: 'sensitive',
      kind: 'name',
      retention: 'P3Y',
    });
  });

  it('refuses bad tags with SCHEMA_INVALID', () => {
    const bad = [
      () => pii.tag(z.string(), { level: 'secret' as never, kind: 'name' }),
      () => pii.tag(z.string(), { level: 'public', kind: 'shoeSize' as never }),
      () => pii.name({ retention: '90 days' }),
      () => pii.subject('Bad Role', z.object({})),
      () => pii.subject('recipient', z.string() as never),
      () => pii.id('', z.object({})),
      () => classify({} as never),
    ];
    for (const f of bad) {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(isPiiError(e) && e.code).toBe('SCHEMA_INVALID');
      }
    }
  });

  it('rejects an untagged recursive schema and accepts one tagged as a whole', () => {
    const Node: z.ZodType = z.lazy(() => z.object({ children: z.array(Node) }));
    const Tree = z.object({ root: z.object({ kids: z.array(z.object({ x: z.string() })) }) });
    expect(classify(Tree).map((f) => f.path)).toEqual(['root.kids[].x']);
    expect(classify(z.object({ tree: pii.tag(Node, { level: 'internal', kind: 'custom' }) }))[0]?.path).toBe(
      'tree',
    );
  });

  it('exposes the explicit schema id and the registry', () => {
    expect(schemaId(Parcel)).toBe('parcel/v1');
    expect(schemaId(z.object({}))).toBeUndefined();
    expect(piiRegistry.get(Parcel)?.schemaId).toBe('parcel/v1');
    const key = Symbol.for('courier-pii.registry.v1');
    expect((globalThis as Record<symbol, unknown>)[key]).toBe(piiRegistry);
  });
});

describe('leaves and setIn', () => {
  const value = Parcel.parse({
    waybillNo: 'SF1381234567890',
    sender: { name: '欧阳娜娜', phone: '13912345678', address: '浙江省杭州市西湖区文三路1号' },
    recipient: { name: '张三', phone: '138 1234 5678', address: '山东省青岛市市南区香港中路61号' },
    items: [{ name: '书' }, { name: '茶叶', declaredValue: 88 }],
    trace: [{ lat: 30.2875, lng: 120.162 }],
    tags: { door: '放门口' },
    contact: null,
    createdAt: '2026-11-28T09:00:00Z',
  });

  it('lists present leaves with concrete locations, skipping null and undefined', () => {
    const ls = leaves(Parcel, value);
    expect(ls.map((l) => l.at.join('/'))).toEqual([
      'waybillNo',
      'sender/name',
      'sender/phone',
      'sender/address',
      'recipient/name',
      'recipient/phone',
      'recipient/address',
      'items/0/name',
      'items/1/name',
      'items/1/declaredValue',
      'trace/0',
      'tags/door',
      'createdAt',
    ]);
    const phone = ls.find((l) => l.path === 'recipient.phone')!;
    expect(phone).toMatchObject({
      level: 'sensitive',
      kind: 'phone',
      subject: 'recipient',
      value: '+8613812345678',
    });
    expect(ls.find((l) => l.path === 'trace[]')!.value).toEqual({ lat: 30.2875, lng: 120.162 });
  });

  it('rewrites a copy without touching the original', () => {
    const copy = copyData(value);
    for (const l of leaves(Parcel, copy)) if (l.level === 'sensitive') setIn(copy, l.at, 'x');
    expect(copy.recipient.phone).toBe('x');
    expect(copy.trace[0]).toBe('x');
    expect(value.recipient.phone).toBe('+8613812345678');
    setIn(copy, ['items', 1, 'declaredValue'], undefined);
    expect('declaredValue' in copy.items[1]!).toBe(false);
    expect(() => setIn(copy, ['nope', 'deeper'], 1)).toThrow(/does not exist/);
    expect(() => setIn(copy, [], 1)).toThrow(/non-empty/);
  });

  it('walks a union by the option that matches and never reports a leaf twice', () => {
    const U = z.object({
      v: z.union([z.object({ a: pii.phone() }), z.object({ a: pii.phone(), b: pii.name() })]),
    });
    expect(leaves(U, { v: { a: '+8613812345678', b: '张三' } }).map((l) => l.path)).toEqual(['v.a', 'v.b']);
  });
});

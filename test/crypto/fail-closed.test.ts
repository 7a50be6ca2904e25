// Fail-closed seal and open: properties the schema does not describe, dotted record keys,
// prototype keys, subject roles and subject ids (checked before any key exists), errors that
// never echo a value or a record key.
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isPiiError } from '../../src/errors.js';
import { maskRecord } from '../../src/mask/index.js';
import { pii } from '../../src/schema/index.js';
import { Parcel, parcel } from './fixtures/parcel.js';
import { SUITES, testVault } from './helpers.js';

async function keyIds(store: ReturnType<typeof testVault>['keyStore']): Promise<string[]> {
  const out: string[] = [];
  for await (const r of store.list()) out.push(r.subjectId);
  return out;
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!isPiiError(e)) throw new Error(`expected a PiiError, got ${String(e)}`);
  return { code: e.code, message: e.message };
}

const keyIdOf = (sealed: string) => {
  const b = Buffer.from(sealed.slice(6), 'base64url');
  return b.subarray(3, 3 + b[2]!).toString('utf8');
};

describe.each(SUITES)('properties the schema does not describe (suite %s)', (suite) => {
  const S = pii.id(
    'loose/v1',
    z.object({
      meta: z.looseObject({ source: z.string() }),
      customer: pii.subject('customer', z.object({ phone: pii.phone() }).catchall(z.string())),
      strict: z.object({ a: z.string() }),
    }),
  );
  const value = {
    meta: { source: 'app', idNumber: '11010519491231002X', nested: { phone: '13812345678' } },
    customer: { phone: '13900001111', note: 'call 13700001111' },
    strict: { a: 'x', dropped: '13600001111' },
  };

  it('are sealed at the seal level, under the enclosing subject, and open again', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(S, value, { recordId: 'L1', subjects: { customer: 'cust-1' } });
    const text = JSON.stringify(record);
    for (const v of ['11010519491231002', '13812345678', '13700001111', '13600001111', '13900001111'])
      expect(text).not.toContain(v);
    expect(record.meta.source).toBe('app');
    const r = record as unknown as { meta: Record<string, string>; customer: Record<string, string> };
    expect(keyIdOf(r.meta.idNumber!)).toBe('record:L1');
    expect(keyIdOf(r.customer.note!)).toBe('cust-1');
    const opened = await vault.open(S, record, { recordId: 'L1' });
    expect(opened).toEqual(S.parse(value));
    expect((opened as { strict: object }).strict).toEqual({ a: 'x' });
  });

  it('left in clear by an earlier version fail to open, and the described fields still open with paths', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(S, value, { recordId: 'L2', subjects: { customer: 'cust-1' } });
    const old = structuredClone(record) as unknown as { meta: Record<string, unknown> };
    old.meta.idNumber = '11010519491231002X';
    expect((await failure(vault.open(S, old as never, { recordId: 'L2' }))).code).toBe('CIPHERTEXT_INVALID');
    const some = await vault.open(S, old as never, { recordId: 'L2', paths: ['customer.phone'] });
    expect(some.customer.phone).toBe('+8613900001111');
  });

  it('extra columns of a stored row outside any loose object are returned by open as they are', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(Parcel, parcel(), {
      recordId: 'P1',
      subjects: { sender: 's-1', recipient: 'c-1' },
    });
    const row = { ...record, createdAt: '2026-01-01', sealedCopy: 'cpii1.AAAA' };
    const opened = (await vault.open(Parcel, row, { recordId: 'P1' })) as Record<string, unknown>;
    expect(opened.createdAt).toBe('2026-01-01');
    expect(opened.sealedCopy).toBe('cpii1.AAAA');
  });

  it('are left out of maskRecord output', () => {
    const out = maskRecord(S, { ...value, extraTop: '13500001111' });
    const text = JSON.stringify(out);
    for (const v of ['11010519491231002', '13812345678', '13700001111', '13600001111', '13500001111'])
      expect(text).not.toContain(v);
    expect(out.meta).toEqual({ source: 'app' });
  });
});

describe.each(SUITES)('values zod lets through without describing them (suite %s)', (suite) => {
  it('are sealed whole: a .catch() value of another shape, an object passed by z.any()', async () => {
    const { vault, keyStore } = testVault({ suite });
    const S = z.object({
      caught: z.object({ phone: pii.phone() }).catch(() => ({ note: 'call 13812345678' }) as never),
      either: pii.subject('customer', z.object({ v: z.union([z.object({ a: pii.phone() }), z.any()]) })),
      short: z.tuple([pii.name()]).catch(['张三', '13700001111'] as never),
    });
    const value = { caught: 'oops', either: { v: { a: 5, secret: '13912345678' } }, short: 1 };
    const { record } = await vault.seal(S, value as never, {
      recordId: 'W1',
      subjects: { customer: 'cust-w' },
    });
    const text = JSON.stringify(record);
    for (const v of ['13812345678', '13912345678', '13700001111']) expect(text).not.toContain(v);
    const r = record as unknown as { either: { v: { secret: string } }; caught: { note: string } };
    expect(keyIdOf(r.either.v.secret)).toBe('cust-w');
    expect(keyIdOf(r.caught.note)).toBe('record:W1');
    expect((await keyIds(keyStore)).sort()).toEqual(['cust-w', 'record:W1']);
  });
});

describe.each(SUITES)('record keys with dots (suite %s)', (suite) => {
  const S = pii.id('dots/v1', z.object({ m: z.record(z.string(), z.record(z.string(), pii.phone())) }));
  const value = { m: { 'a.b': { c: '13812345678' }, a: { 'b.c': '13912345678' } } };

  it('bind each location: a ciphertext moved between m["a.b"].c and m.a["b.c"] fails', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(S, value, { recordId: 'D1' });
    const swapped = structuredClone(record);
    swapped.m.a!['b.c'] = record.m['a.b']!.c!;
    swapped.m['a.b']!.c = record.m.a!['b.c']!;
    expect((await failure(vault.open(S, swapped, { recordId: 'D1' }))).code).toBe('CIPHERTEXT_INVALID');
    const one = structuredClone(record);
    one.m.a!['b.c'] = record.m['a.b']!.c!;
    expect((await failure(vault.open(S, one, { recordId: 'D1' }))).code).toBe('CIPHERTEXT_INVALID');
    expect(await vault.open(S, record, { recordId: 'D1' })).toEqual(S.parse(value));
  });

  it('give each location its own blind index entry', async () => {
    const { vault } = testVault({ suite });
    const { indexes } = await vault.seal(S, value, { recordId: 'D1' });
    expect(Object.keys(indexes).sort()).toEqual(['m.a.b\\.c', 'm.a\\.b.c']);
    expect(indexes['m.a\\.b.c']).toBe(vault.blindIndex('phone', '13812345678'));
    expect(indexes['m.a.b\\.c']).toBe(vault.blindIndex('phone', '13912345678'));
    expect(indexes['m.a\\.b.c']).not.toBe(indexes['m.a.b\\.c']);
  });

  it('sealValue with the escaped path opens as the record field', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(S, value, { recordId: 'D1' });
    const ctx = { schemaId: 'dots/v1', path: 'm.a\\.b.c', recordId: 'D1' };
    expect(await vault.openValue(record.m['a.b']!.c!, ctx)).toBe('+8613812345678');
    expect((await failure(vault.openValue(record.m['a.b']!.c!, { ...ctx, path: 'm.a.b.c' }))).code).toBe(
      'CIPHERTEXT_INVALID',
    );
  });
});

describe.each(SUITES)('prototype keys (suite %s)', (suite) => {
  const S = z.object({ byName: z.record(z.string(), z.object({ phone: pii.phone() })) });

  it('never reach a sealed or opened record, and the result never inherits', async () => {
    const { vault } = testVault({ suite });
    const input = JSON.parse(
      '{"byName": {"__proto__": {"phone": "13812345678"}, "ok": {"phone": "13912345678"}}}',
    );
    const { record } = await vault.seal(S, input, { recordId: 'X1' });
    expect(Object.getPrototypeOf(record.byName)).toBe(Object.prototype);
    expect(JSON.stringify(record)).not.toContain('13812345678');
    const stored = JSON.parse(
      JSON.stringify(record).replace('"byName":{', '"byName":{"__proto__":{"phone":"13712345678"},'),
    );
    const opened = await vault.open(S, stored, { recordId: 'X1' });
    expect(Object.getPrototypeOf(opened.byName)).toBe(Object.prototype);
    const keys: string[] = [];
    for (const k in opened.byName) keys.push(k);
    expect(keys).toEqual(['ok']);
    expect(({} as { phone?: unknown }).phone).toBeUndefined();
  });

  it('never reach masked output', () => {
    const input = JSON.parse('{"byName": {"__proto__": {"phone": "13812345678"}}}');
    const out = maskRecord(S, input);
    expect(Object.getPrototypeOf(out.byName)).toBe(Object.prototype);
    expect((out.byName as Record<string, unknown>).phone).toBeUndefined();
  });
});

describe.each(SUITES)('subjects cannot be silently wrong (suite %s)', (suite) => {
  const all = { sender: 'cust-s', recipient: 'cust-r' };

  it('refuses a role the schema does not declare, before any key exists', async () => {
    const { vault, keyStore } = testVault({ suite });
    const e = await failure(
      vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: { ...all, recipent: 'cust-x' } as never }),
    );
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('recipient');
    expect(await keyIds(keyStore)).toEqual([]);
    expect(
      (await failure(vault.open(Parcel, {}, { recordId: 'P1', subjects: { recipent: 'cust-x' } }))).code,
    ).toBe('INVALID_ARGUMENT');
  });

  it('refuses a role with sealed fields left out, unless listed in recordKeyFor', async () => {
    const { vault, keyStore } = testVault({ suite });
    const e = await failure(
      vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: { recipient: 'cust-r' } }),
    );
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('recordKeyFor');
    expect(await keyIds(keyStore)).toEqual([]);
    const { record } = await vault.seal(Parcel, parcel(), {
      recordId: 'P1',
      subjects: { recipient: 'cust-r' },
      recordKeyFor: ['sender'],
    });
    expect(keyIdOf(record.sender.phone)).toBe('record:P1');
    expect(
      (
        await failure(
          vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: all, recordKeyFor: ['sender'] }),
        )
      ).code,
    ).toBe('INVALID_ARGUMENT');
  });

  it('refuses subject ids that are personal data or too long, before any key is generated or stored', async () => {
    const { vault, keyStore } = testVault({ suite });
    const bad = [
      '13812345678',
      '+86 138 1234 5678',
      'ann@example.com',
      '11010519491231002X',
      'tel:13812345678',
      'x'.repeat(256),
      'record:P2',
    ];
    for (const id of bad) {
      const e = await failure(
        vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: { ...all, recipient: id } }),
      );
      expect(e.code, id.slice(0, 12)).toBe('INVALID_ARGUMENT');
      expect(e.message).not.toContain(id);
      expect(
        (await failure(vault.sealValue('x', { schemaId: 's', path: 'p', recordId: 'R', subjectId: id })))
          .code,
      ).toBe('INVALID_ARGUMENT');
      // a stream is refused when it is made, before it could create a key
      let err: unknown;
      try {
        const stream = vault.sealStream({ recordId: 'R', subjectId: id });
        await pipeline(
          Readable.from([Buffer.from('x')]),
          stream,
          new Writable({ write: (_c, _e, cb) => cb() }),
        );
      } catch (x) {
        err = x;
      }
      expect(isPiiError(err) && err.code).toBe('INVALID_ARGUMENT');
    }
    const long = await failure(vault.seal(Parcel, parcel(), { recordId: 'r'.repeat(249), subjects: all }));
    expect(long.code).toBe('INVALID_ARGUMENT');
    expect(await keyIds(keyStore)).toEqual([]);
    // the same subjects with opaque ids are fine (255 bytes is the limit)
    await vault.seal(Parcel, parcel(), {
      recordId: 'r'.repeat(248),
      subjects: { ...all, recipient: 'c'.repeat(255) },
    });
    expect((await keyIds(keyStore)).length).toBe(3);
  });
});

describe.each(SUITES)('errors carry no personal data (suite %s)', (suite) => {
  it('a validation error names pattern paths, never record keys or values', async () => {
    const { vault } = testVault({ suite });
    const S = z.object({ byEmail: z.record(z.string(), z.object({ phone: pii.phone() })) });
    const e = await failure(
      vault.seal(
        S,
        { byEmail: { 'ann.lee@example.org': { phone: '555-13812345678x' } } },
        { recordId: 'E1' },
      ),
    );
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toContain('byEmail{}.phone');
    expect(e.message).not.toContain('ann.lee');
    expect(e.message).not.toContain('13812345678');
  });

  it('a transform that throws with the value becomes VALIDATION_FAILED without it', async () => {
    const { vault } = testVault({ suite });
    const S = z.object({
      phone: pii.phone().transform((v) => {
        throw new Error(`cannot handle ${v}`);
      }),
    });
    const e = await failure(vault.seal(S, { phone: '13812345678' }, { recordId: 'E2' }));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).not.toContain('13812345678');
  });
});

describe.each(SUITES)('schemas a vault cannot seal in place (suite %s)', (suite) => {
  it('refuses keys tagged at or above the seal level, and accepts them below it', async () => {
    const { vault } = testVault({ suite });
    const S = z.object({
      byPhone: z.record(pii.phone(), z.number()),
      byEmail: z.record(pii.email(), z.number()),
    });
    const e = await failure(
      vault.seal(S, { byPhone: { '13812345678': 1 }, byEmail: {} }, { recordId: 'K1' }),
    );
    expect(e.code).toBe('SCHEMA_INVALID');
    expect(e.message).toContain('byPhone{key}');
    const T = z.object({ byEmail: z.record(pii.email(), z.number()) });
    const { record } = await vault.seal(T, { byEmail: { 'ann@example.com': 1 } }, { recordId: 'K2' });
    expect(record.byEmail).toEqual({ 'ann@example.com': 1 });
  });

  it('refuses a Map or bytes inside a value sealed as JSON instead of losing them', async () => {
    const { vault } = testVault({ suite });
    const S = z.object({
      blob: pii.tag(z.map(z.string(), z.string()), { level: 'sensitive', kind: 'custom' }),
    });
    const e = await failure(vault.seal(S, { blob: new Map([['a', 'b']]) }, { recordId: 'J1' }));
    expect(e.code).toBe('INVALID_ARGUMENT');
  });

  it('seals readonly (frozen) parse output', async () => {
    const { vault } = testVault({ suite });
    const S = z.object({ r: z.object({ phone: pii.phone() }).readonly() });
    const { record } = await vault.seal(S, { r: { phone: '13812345678' } }, { recordId: 'F1' });
    expect(record.r.phone).toMatch(/^cpii1\./);
  });
});

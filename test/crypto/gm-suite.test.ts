// The GM suite in the vault: a mixed key store (records of both suites open, the suite read from
// the bytes), the rules on who seals what, and the re-encryption job (resumed after a crash; after
// SIGKILL in reencrypt-sigkill.test.ts: nothing left under the old suite, every record opens, old
// DEKs gone).
import { describe, expect, it } from 'vitest';
import {
  createKeyring,
  createVault,
  generateKey,
  memoryKeyStore,
  type ReencryptCheckpoint,
  reencryptToGm,
} from '../../src/crypto/index.js';
import { checkMoved, GM_MAGIC, seal, setup, suites, tableSource } from './fixtures/gm-reencrypt.js';
import { Parcel } from './fixtures/parcel.js';

describe('a key store holding DEKs of both suites', () => {
  it('opens records of both suites in either vault and on either backend, the suite read from the bytes', async () => {
    const t = setup();
    const d = t.make('default');
    const g = t.make('gm');
    const a = await seal(d, 'A', 'c1');
    const b = await seal(g, 'B', 'c1'); // c1 gains a GM DEK beside its old one
    const c = await seal(g, 'C', 'c2');
    expect(suites(a.record)).toEqual(new Set([1]));
    expect(suites(b.record)).toEqual(new Set([2]));
    for (const v of [d, g, t.make('gm', 'noble'), t.make('default', 'noble')])
      for (const [r, id] of [
        [a, 'A'],
        [b, 'B'],
        [c, 'C'],
      ] as const)
        expect((await v.open(Parcel, r.record, { recordId: id })).recipient.idNumber).toBe(
          '11010519491231002X',
        );
    const rec = await t.store.get('c1');
    expect(rec?.state === 'active' && Buffer.from(rec.wrapped.subarray(0, 8)).equals(GM_MAGIC)).toBe(true);
  });

  it('openMany opens a page mixing both suites with cold keys, as open does record by record, and fails on a tampered GM field', async () => {
    const t = setup();
    const d = t.make('default');
    const g = t.make('gm');
    const page = [
      { id: 'A', r: await seal(d, 'A', 'c1') },
      { id: 'B', r: await seal(g, 'B', 'c1') }, // c1 now holds DEKs of both suites
      { id: 'C', r: await seal(g, 'C', 'c2') },
      { id: 'D', r: await seal(d, 'D', 'c3') },
    ];
    expect(page.map((p) => [...suites(p.r.record)])).toEqual([[1], [2], [2], [1]]);
    for (const reader of [t.make('gm'), t.make('default', 'noble')]) {
      // a fresh vault: every key of the page is cold
      const all = await reader.openMany(
        Parcel,
        page.map((p) => ({ record: p.r.record, recordId: p.id })),
      );
      const one = [];
      for (const p of page) one.push(await t.make('gm').open(Parcel, p.r.record, { recordId: p.id }));
      expect(all).toEqual(one);
      expect(all.map((x) => x.recipient.idNumber)).toEqual(Array(4).fill('11010519491231002X'));
      const some = await reader.openMany(
        Parcel,
        page.map((p) => ({ record: p.r.record, recordId: p.id, paths: ['recipient.phone'] })),
      );
      expect(some.map((x) => x.recipient.phone)).toEqual(one.map((x) => x.recipient.phone));
    }
    // flip one byte of a GM field: the whole page fails, nothing half-opened
    const b = structuredClone(page[1]!.r.record) as { recipient: { phone: string } };
    const bytes = Buffer.from(b.recipient.phone.slice(6), 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    b.recipient.phone = `cpii1.${bytes.toString('base64url')}`;
    await expect(
      t.make('gm').openMany(Parcel, [
        { record: page[0]!.r.record, recordId: 'A' },
        { record: b, recordId: 'B' },
      ]),
    ).rejects.toMatchObject({ code: 'CIPHERTEXT_INVALID' });
  });

  it('a default-suite vault refuses to seal for a subject that has a GM key; a GM vault seals for any', async () => {
    const t = setup();
    const g = t.make('gm');
    await seal(g, 'B', 'c1');
    await expect(seal(t.make('default'), 'X', 'c1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      t.make('default').sealValue('x', { schemaId: 's', path: 'p', recordId: 'r', subjectId: 'c1' }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await seal(t.make('default'), 'Y', 'c9');
    expect(suites((await seal(g, 'Z', 'c9')).record)).toEqual(new Set([2]));
  });

  it('a vault that cached a subject before it gained a GM key opens its GM fields (reloads once)', async () => {
    const t = setup();
    const d = t.make('default');
    const a = await seal(d, 'A', 'c1');
    await d.open(Parcel, a.record, { recordId: 'A' }); // c1 cached with its suite-1 key only
    const b = await seal(t.make('gm'), 'B', 'c1');
    expect((await d.open(Parcel, b.record, { recordId: 'B' })).recipient.name).toBe('李四');
    const v = await t
      .make('gm')
      .sealValue('13812345678', { schemaId: 's', path: 'p', recordId: 'B', subjectId: 'c1' });
    expect(await d.openValue(v, { schemaId: 's', path: 'p', recordId: 'B' })).toBe('13812345678');
  });

  it('a suite byte changed on a field of a one-suite subject fails like any tampering', async () => {
    const t = setup();
    for (const suite of ['default', 'gm'] as const) {
      const v = t.make(suite);
      const s = await v.sealValue('x', { schemaId: 's', path: 'p', recordId: `r-${suite}` });
      const b = Buffer.from(s.slice(6), 'base64url');
      b[1] = suite === 'gm' ? 1 : 2;
      await expect(
        v.openValue(`cpii1.${b.toString('base64url')}` as never, {
          schemaId: 's',
          path: 'p',
          recordId: `r-${suite}`,
        }),
      ).rejects.toMatchObject({ code: 'CIPHERTEXT_INVALID' });
    }
  });

  it('a key record whose GM part and suite-1 part are swapped or cut does not unwrap', async () => {
    const t = setup();
    await seal(t.make('default'), 'A', 'c1');
    await seal(t.make('gm'), 'B', 'c1');
    const r = await t.store.get('c1');
    if (r?.state !== 'active') throw new Error('expected an active record');
    const n = (r.wrapped[8]! << 8) | r.wrapped[9]!;
    const gmPart = r.wrapped.subarray(10, 10 + n);
    const legacy = r.wrapped.subarray(10 + n);
    const head = (len: number) => Buffer.concat([GM_MAGIC, Buffer.from([len >> 8, len & 0xff])]);
    const swapped = Buffer.concat([head(legacy.length), legacy, gmPart]);
    const cut = Buffer.concat([head(n + 5), gmPart]);
    for (const bad of [swapped, cut, Buffer.from(legacy.subarray(0, legacy.length - 1))])
      await expect(t.keyring.unwrap('kek-1', 'c1', bad)).rejects.toMatchObject({ code: 'KEY_INVALID' });
    // both parts belong to the subject: another subject id does not unwrap them
    await expect(t.keyring.unwrap('kek-1', 'c2', r.wrapped)).rejects.toMatchObject({ code: 'KEY_INVALID' });
  });

  it('GM blind indexes are bi2. values, stable, per kind, and unlike the default ones', () => {
    const t = setup();
    const g = t.make('gm');
    const i = g.blindIndex('phone', '13812345678');
    expect(i).toMatch(/^bi2\.[A-Za-z0-9_-]{22}$/);
    expect(t.make('gm', 'noble').blindIndex('phone', '+86 138 1234 5678')).toBe(i);
    expect(t.make('default').blindIndex('phone', '13812345678').slice(4)).not.toBe(i.slice(4));
    expect(g.blindIndex('phone', '13812345679')).not.toBe(i);
  });

  it('rotation and KEK rewrapping keep both DEKs of a moving subject', async () => {
    const store = memoryKeyStore();
    const keyring = createKeyring({
      keks: [
        { id: 'old', key: generateKey() },
        { id: 'new', key: generateKey() },
      ],
      active: 'old',
    });
    const indexKey = generateKey();
    const d = createVault({ keyring, keyStore: store, indexKey, audit: 'none' });
    const g = createVault({ keyring, keyStore: store, indexKey, suite: 'gm', audit: 'none' });
    const a = await seal(d, 'A', 'c1');
    const b = await seal(g, 'B', 'c1');
    await g.rotateKek('new');
    keyring.retire('old');
    const fresh = createVault({ keyring, keyStore: store, indexKey, suite: 'gm', audit: 'none' });
    expect((await fresh.open(Parcel, a.record, { recordId: 'A' })).recipient.name).toBe('李四');
    expect((await fresh.open(Parcel, b.record, { recordId: 'B' })).recipient.name).toBe('李四');
  });
});

describe('reencryptToGm', () => {
  it('resumes after a crash part-way, skips what was done, and destroys the old DEKs at the end', async () => {
    const t = setup();
    const d = t.make('default');
    const rows = new Map<string, { record: unknown; customer: string }>();
    for (let i = 0; i < 24; i++) {
      const id = `R${String(i).padStart(3, '0')}`;
      rows.set(id, { record: (await seal(d, id, `c${i % 6}`)).record, customer: `c${i % 6}` });
    }
    const old = [...rows].map(([id, r]) => [id, r.record] as [string, unknown]);
    let saved: ReencryptCheckpoint | undefined;
    const progress = {
      load: async () => saved,
      save: async (c: ReencryptCheckpoint) => {
        saved = c;
      },
    };
    const g = t.make('gm');
    await expect(
      reencryptToGm({ vault: g, keyStore: t.store, source: tableSource(rows, 10), progress }),
    ).rejects.toThrow('simulated crash');
    expect(saved).toEqual({ phase: 'records', after: 'R009' });
    // before the end, the default vault still opens everything (old fields and moved ones)
    for (const [id, r] of rows)
      expect((await d.open(Parcel, r.record as never, { recordId: id })).recipient.name).toBe('李四');
    const r2 = await reencryptToGm({
      vault: t.make('gm'),
      keyStore: t.store,
      source: tableSource(rows),
      progress,
    });
    expect(r2).toMatchObject({ resealed: 14, alreadyGm: 0, oldKeysDestroyed: 30, legacyOnly: 0 });
    expect(saved).toEqual({ phase: 'done' });
    await checkMoved(
      t.store,
      t.keyring,
      t.indexKey,
      [...rows].map(([id, r]) => [id, r.record]),
      old,
    );
    // a finished job run again does nothing
    expect(
      await reencryptToGm({ vault: g, keyStore: t.store, source: tableSource(rows), progress }),
    ).toMatchObject({
      resealed: 0,
      oldKeysDestroyed: 0,
    });
  });

  it('refuses a default-suite vault', async () => {
    const t = setup();
    await expect(
      reencryptToGm({
        vault: t.make('default'),
        keyStore: t.store,
        source: tableSource(new Map()),
        progress: { load: async () => undefined, save: async () => {} },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('SM4-GCM with the key set up once (fields and blob chunks use it)', () => {
  it('gives the same bytes as the one-shot SM4-GCM on both backends and opens its output', async () => {
    const { nobleGm, nodeGm } = await import('../../src/crypto/gm/gm-backend.js');
    const { randomBytes } = await import('node:crypto');
    for (const gm of [nobleGm, nodeGm!]) {
      for (const n of [0, 1, 15, 16, 17, 100, 4096 + 3]) {
        const key = randomBytes(16);
        const nonce = randomBytes(12);
        const aad = randomBytes(n % 40);
        const pt = randomBytes(n);
        const keyed = gm.sm4GcmKeyed(key);
        const one = nobleGm.sm4GcmSeal(key, nonce, aad, pt);
        expect(Buffer.from(keyed.seal(nonce, aad, pt)).equals(Buffer.from(one))).toBe(true);
        expect(Buffer.from(keyed.open(nonce, aad, one)!).equals(pt)).toBe(true);
        const bad = Buffer.from(one);
        bad[bad.length - 1]! ^= 1;
        expect(keyed.open(nonce, aad, bad)).toBeUndefined();
      }
    }
  });
});

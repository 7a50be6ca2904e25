import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { peekKeyId, parseField } from '../../src/crypto/field-format.js';
import {
  createKeyring,
  generateKey,
  type KekProvider,
  memoryKeyStore,
  type SubjectKeyStore,
} from '../../src/crypto/index.js';
import { isPiiError } from '../../src/errors.js';
import { pii } from '../../src/schema/index.js';
import { parcel, Parcel } from './fixtures/parcel.js';
import type { VaultSuite } from '../../src/crypto/index.js';
import { SUITES, testVault } from './helpers.js';
import { alterChar } from '../support/tamper.js';

// A fixed-key parcel (compiled plan) next to the fixture Parcel (arrays: the general walk).
const Flat = pii.id(
  'open-many-flat/v1',
  z.object({
    sender: pii.subject('sender', z.object({ phone: pii.phone(), name: pii.name({ level: 'sensitive' }) })),
    recipient: pii.subject('recipient', z.object({ phone: pii.phone(), address: pii.address() })),
    note: pii.freeText({ level: 'sensitive' }),
  }),
);
const NAMES = ['王五', '李四', '张三', '赵六', '钱七'];
const flat = (i: number) => ({
  sender: { phone: '13900001111', name: NAMES[i % NAMES.length]! },
  recipient: { phone: '13812345678', address: '山东省青岛市市南区香港中路61号' },
  note: `放门口 ${i}`,
});

/** A store that counts reads per id and calls, and a KEK that counts unwraps per subject. */
function counted(inner: SubjectKeyStore = memoryKeyStore()) {
  const c = { gets: 0, getManys: 0, unwraps: new Map<string, number>() };
  const store: SubjectKeyStore = {
    get: (id) => {
      c.gets++;
      return inner.get(id);
    },
    getMany: (ids) => {
      c.getManys++;
      return inner.getMany!(ids);
    },
    create: (r) => inner.create(r),
    compareAndSet: (id, rev, next) => inner.compareAndSet(id, rev, next),
    list: () => inner.list(),
  };
  // a KEK provider (AES-256-GCM, the context as AAD) that counts unwraps per subject context
  const key = generateKey();
  const kek: KekProvider = {
    id: 'kek-1',
    wrap(dek, context) {
      const iv = randomBytes(12);
      const ci = createCipheriv('aes-256-gcm', key, iv);
      ci.setAAD(context);
      const ct = Buffer.concat([ci.update(dek), ci.final()]);
      return Buffer.concat([iv, ct, ci.getAuthTag()]);
    },
    unwrap(w, context) {
      const k = Buffer.from(context).toString('hex');
      c.unwraps.set(k, (c.unwraps.get(k) ?? 0) + 1);
      const d = createDecipheriv('aes-256-gcm', key, w.subarray(0, 12));
      d.setAAD(context);
      d.setAuthTag(w.subarray(w.length - 16));
      return Buffer.concat([d.update(w.subarray(12, w.length - 16)), d.final()]);
    },
  };
  return { c, store, keyring: createKeyring({ keks: [kek], active: 'kek-1' }) };
}

async function sealPage(suite: VaultSuite, n: number, customers: number) {
  const t = counted();
  const { vault, indexKey } = testVault({ suite, keyStore: t.store, keyring: t.keyring });
  const items = [];
  for (let i = 0; i < n; i++) {
    const recordId = `P${i}`;
    const subjects = { sender: `cust-${i % customers}`, recipient: `cust-${(i + 1) % customers}` };
    const { record } = await vault.seal(Flat, flat(i), { recordId, subjects, indexes: false });
    items.push({ record, recordId });
  }
  const fresh = () => testVault({ suite, keyStore: t.store, keyring: t.keyring, indexKey }).vault;
  return { t, items, fresh };
}

describe.each(SUITES)('vault.openMany (suite %s)', (suite) => {
  it('opens a page in order, as open opens each record, with one key-store read', async () => {
    const { t, items, fresh } = await sealPage(suite, 50, 7);
    const v = fresh();
    t.c.gets = 0;
    t.c.getManys = 0;
    t.c.unwraps.clear();
    const page = await v.openMany(Flat, items);
    expect(page).toHaveLength(50);
    for (let i = 0; i < 50; i++) expect(page[i]).toEqual(Flat.parse(flat(i)));
    expect(t.c.getManys).toBe(1);
    expect(t.c.gets).toBe(0);
    // 7 customers + 50 record keys, each unwrapped once
    expect(t.c.unwraps.size).toBe(57);
    expect([...t.c.unwraps.values()].every((n) => n === 1)).toBe(true);
    // a second page with the same customers unwraps only its record keys
    t.c.unwraps.clear();
    const again = await sealPage(suite, 0, 1); // unrelated vault: must not disturb
    expect(again.items).toEqual([]);
    expect(await v.openMany(Flat, items.slice(0, 10))).toEqual(page.slice(0, 10));
    expect(t.c.unwraps.size).toBe(0);
  });

  it('never unwraps a key twice in one page, even when the page has more keys than the cache holds', async () => {
    const { t, items } = await sealPage(suite, 40, 5);
    const v = testVault({
      suite,
      keyStore: t.store,
      keyring: t.keyring,
      cache: { maxEntries: 2, maxRecordEntries: 3 },
    }).vault;
    t.c.unwraps.clear();
    const page = await v.openMany(Flat, items);
    for (let i = 0; i < 40; i++) expect(page[i]!.note).toBe(`放门口 ${i}`);
    expect([...t.c.unwraps.values()].every((n) => n === 1)).toBe(true);
  });

  it('shares key loads between pages opened at the same time and with single opens', async () => {
    const { t, items, fresh } = await sealPage(suite, 30, 4);
    const v = fresh();
    t.c.unwraps.clear();
    const [a, b, c] = await Promise.all([
      v.openMany(Flat, items.slice(0, 20)),
      v.openMany(Flat, items.slice(10, 30)),
      v.open(Flat, items[15]!.record, { recordId: items[15]!.recordId }),
    ]);
    expect(a[15]).toEqual(c);
    expect(b[5]).toEqual(c);
    expect([...t.c.unwraps.values()].every((n) => n === 1)).toBe(true);
  });

  it("opens only each item's paths and checks each item's expected subjects", async () => {
    const { items, fresh } = await sealPage(suite, 3, 3);
    const v = fresh();
    const page = await v.openMany(Flat, [
      { ...items[0]!, paths: ['recipient.phone'] },
      { ...items[1]!, paths: ['note'], subjects: { sender: 'cust-1' } },
      items[2]!,
    ]);
    expect(page[0]!.recipient.phone).toBe('+8613812345678');
    expect(page[0]!.note).toMatch(/^cpii1\./);
    expect(page[1]!.note).toBe('放门口 1');
    expect(page[1]!.sender.phone).toMatch(/^cpii1\./);
    expect(page[2]!.sender.name).toBe(NAMES[2]);
    const wrong = await v
      .openMany(Flat, [{ ...items[0]!, subjects: { sender: 'cust-2' } }])
      .catch((e: unknown) => e);
    expect(isPiiError(wrong) && wrong.code).toBe('CIPHERTEXT_INVALID');
  });

  it('fails the page on one damaged, moved or plain record, with the error open gives', async () => {
    const { items, fresh } = await sealPage(suite, 3, 3);
    const v = fresh();
    const r1 = items[1]!.record as { note: string };
    const cases = [
      { ...items[1]!, record: { ...r1, note: alterChar(r1.note) } },
      { ...items[1]!, recordId: 'P2' },
      { ...items[1]!, record: { ...r1, note: 'plain text' } },
    ];
    for (const bad of cases) {
      const e = await v.openMany(Flat, [items[0]!, bad, items[2]!]).catch((x: unknown) => x);
      expect(isPiiError(e) && e.code).toBe('CIPHERTEXT_INVALID');
      expect(String((e as Error).message)).not.toContain('放门口');
    }
  });

  it('throws KEY_DESTROYED for an erased subject, or omits its fields with erased: omit', async () => {
    const { items, fresh } = await sealPage(suite, 4, 4);
    const v = fresh();
    await v.eraseSubject('cust-1');
    const e = await v.openMany(Flat, items).catch((x: unknown) => x);
    expect(isPiiError(e) && e.code).toBe('KEY_DESTROYED');
    const page = await v.openMany(Flat, items, { erased: 'omit' });
    expect(page[1]!.sender).toEqual({}); // P1's sender is cust-1
    expect(page[0]!.recipient).toEqual({}); // P0's recipient is cust-1
    expect(page[2]!.sender.name).toBe(NAMES[2]);
  });

  it('opens records of any schema shape, through the general walk', async () => {
    const { vault } = testVault({ suite });
    const items = [];
    for (let i = 0; i < 5; i++) {
      const recordId = `G${i}`;
      const { record } = await vault.seal(Parcel, parcel(), {
        recordId,
        subjects: { sender: 'cust-1', recipient: `cust-${i}` },
      });
      items.push({ record, recordId });
    }
    vault.clearCache();
    const page = await vault.openMany(Parcel, items);
    for (const p of page) expect(p).toEqual(Parcel.parse(parcel()));
  });

  it('refuses malformed pages, items and options with INVALID_ARGUMENT', async () => {
    const { items, fresh } = await sealPage(suite, 1, 1);
    const v = fresh();
    expect(await v.openMany(Flat, [])).toEqual([]);
    for (const call of [
      () => v.openMany(Flat, 'x' as never),
      () => v.openMany(Flat, [null as never]),
      () => v.openMany(Flat, [{ ...items[0]!, recordId: '' }]),
      () => v.openMany(Flat, [{ ...items[0]!, recordID: 'P0' } as never]),
      () => v.openMany(Flat, items, { erased: 'skip' as never }),
      () => v.openMany(Flat, items, { erase: 'omit' } as never),
      () => v.open(Flat, items[0]!.record, { recordId: 'P0', erased: 'skip' as never }),
    ]) {
      const e = await call().catch((x: unknown) => x);
      expect(isPiiError(e) && e.code).toBe('INVALID_ARGUMENT');
    }
  });

  it('reads keys with get when a store has no getMany', async () => {
    const { t, items } = await sealPage(suite, 6, 2);
    const { getMany: _g, ...plain } = t.store;
    const v = testVault({ suite, keyStore: plain as SubjectKeyStore, keyring: t.keyring }).vault;
    t.c.gets = 0;
    expect((await v.openMany(Flat, items)).map((r) => r.note)).toEqual(items.map((_, i) => `放门口 ${i}`));
    expect(t.c.gets).toBe(8); // 2 customers + 6 record keys
  });

  it('says KEYSTORE_CORRUPT when a getMany answers for other subjects', async () => {
    const { t, items } = await sealPage(suite, 3, 3);
    const liar: SubjectKeyStore = {
      ...t.store,
      getMany: async (ids) => (await t.store.getMany!(ids)).reverse(),
    };
    const v = testVault({ suite, keyStore: liar, keyring: t.keyring }).vault;
    const e = await v.openMany(Flat, items).catch((x: unknown) => x);
    expect(isPiiError(e) && e.code).toBe('KEYSTORE_CORRUPT');
  });
});

describe.each(SUITES)('peekKeyId (suite %s)', (suite) => {
  it('reads the key id a full parse reads, from the header alone', async () => {
    const { vault } = testVault({ suite });
    for (const subject of ['c', 'cust-42', 'x'.repeat(255), '客户-7']) {
      const s = await vault.sealValue('v', { schemaId: 's', path: 'p', recordId: 'R', subjectId: subject });
      expect(peekKeyId(s)).toBe(subject);
      expect(parseField(s)?.keyId).toBe(subject);
      expect(peekKeyId(s.slice(0, 6 + Math.ceil((3 + Buffer.byteLength(subject)) / 3) * 4))).toBe(subject);
    }
    for (const bad of [
      undefined,
      7,
      '',
      'cpii1.',
      'cpii1.AQ',
      'cpii1.AgEBYw',
      'cpii1.AQIBYw',
      'cpii1.AQEA',
      'cpii1.AQEF*w',
    ]) {
      expect(peekKeyId(bad)).toBeUndefined();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { memoryKeyStore, type SubjectKeyStore } from '../../src/crypto/index.js';
import { isPiiError } from '../../src/errors.js';
import { parcel, Parcel } from './fixtures/parcel.js';
import { SUITES, testVault } from './helpers.js';

function counting(store: SubjectKeyStore) {
  const reads = new Map<string, number>();
  const count = (id: string) => reads.set(id, (reads.get(id) ?? 0) + 1);
  const s: SubjectKeyStore = {
    ...store,
    get: (id) => {
      count(id);
      return store.get(id);
    },
    getMany: (ids) => {
      for (const id of ids) count(id);
      return store.getMany!(ids);
    },
  };
  return { s, reads };
}

describe.each(SUITES)('the unwrapped-key cache (suite %s)', (suite) => {
  it('keeps subject keys while a listing opens more record keys than it holds', async () => {
    const keyStore = memoryKeyStore();
    const sealer = testVault({ suite, keyStore });
    const customers = 6;
    const sealed = [];
    for (let i = 0; i < 60; i++) {
      const subjects = { sender: `cust-${i % customers}`, recipient: `cust-${(i + 1) % customers}` };
      sealed.push((await sealer.vault.seal(Parcel, parcel(), { recordId: `R${i}`, subjects })).record);
    }
    const { s, reads } = counting(keyStore);
    // room for every customer, and fewer record keys than the listing has
    const { vault } = testVault({
      suite,
      keyStore: s,
      keyring: sealer.keyring,
      indexKey: sealer.indexKey,
      cache: { maxEntries: customers, maxRecordEntries: 4 },
    });
    for (let pass = 0; pass < 2; pass++)
      for (let i = 0; i < 60; i++) await vault.open(Parcel, sealed[i]!, { recordId: `R${i}` });
    for (let c = 0; c < customers; c++) expect(reads.get(`cust-${c}`)).toBe(1);
    // record keys did not fit: the second pass read each again
    expect(reads.get('record:R0')).toBe(2);
  });

  it('evicts the least recently used subject key once maxEntries is reached', async () => {
    const keyStore = memoryKeyStore();
    const sealer = testVault({ suite, keyStore });
    const sealed = [];
    for (let i = 0; i < 3; i++)
      sealed.push(
        (
          await sealer.vault.seal(Parcel, parcel(), {
            recordId: 'R',
            subjects: { sender: `cust-${i}`, recipient: `cust-${i}` },
          })
        ).record,
      );
    const { s, reads } = counting(keyStore);
    const { vault } = testVault({
      suite,
      keyStore: s,
      keyring: sealer.keyring,
      indexKey: sealer.indexKey,
      cache: { maxEntries: 2 },
    });
    for (const i of [0, 1, 2, 0]) await vault.open(Parcel, sealed[i]!, { recordId: 'R', paths: ['sender'] });
    expect(reads.get('cust-0')).toBe(2);
    expect(reads.get('cust-2')).toBe(1);
  });

  it('refuses unknown and out-of-range cache options', () => {
    for (const cache of [
      { maxEntrys: 10 },
      { maxEntries: 0 },
      { maxRecordEntries: -1 },
      { ttlMs: Number.NaN },
      { maxEntries: '10' },
    ]) {
      let err: unknown;
      try {
        testVault({ suite, cache: cache as never });
      } catch (e) {
        err = e;
      }
      expect(isPiiError(err) && err.code).toBe('INVALID_ARGUMENT');
    }
  });
});

// What one cached key may hold (docs/operations.md, "The key cache"). A GM key also holds the
// 8 KiB GHASH table of its SM4-GCM field key (4-bit windows, built once per key so a field costs
// table lookups): about 10 KiB measured, so its bound is its own.
const PER_KEY_BOUND = { default: 1536, gm: 12 * 1024 };

describe.each(SUITES)('memory of the unwrapped-key cache (suite %s)', (suite) => {
  it(`holds a key opened in a listing in under ${PER_KEY_BOUND[suite] / 1024} KiB (docs/operations.md, "The key cache")`, async () => {
    const v8 = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const z = await import('zod');
    const { pii } = await import('../../src/schema/index.js');
    const One = pii.id('mem/v1', z.object({ c: pii.subject('customer', z.object({ phone: pii.phone() })) }));
    const keyStore = memoryKeyStore();
    const sealer = testVault({ suite, keyStore, cache: { maxEntries: 1, maxRecordEntries: 1 } });
    const n = 4000;
    const sealed = [];
    for (let i = 0; i < n; i++)
      sealed.push(
        (
          await sealer.vault.seal(
            One,
            { c: { phone: '13812345678' } },
            { recordId: `R${i}`, subjects: { customer: `customer-${i}` }, indexes: false },
          )
        ).record,
      );
    const { vault } = testVault({ suite, keyStore, keyring: sealer.keyring, indexKey: sealer.indexKey });
    const used = () => {
      for (let i = 0; i < 4; i++) gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    // one warm-up open so code and schema caches exist before the baseline
    await vault.open(One, sealed[0]!, { recordId: 'R0' });
    const before = used();
    for (let i = 1; i < n; i++) await vault.open(One, sealed[i]!, { recordId: `R${i}` });
    const perKey = (used() - before) / (n - 1);
    expect(perKey).toBeGreaterThan(100); // the keys are really held
    expect(perKey).toBeLessThan(PER_KEY_BOUND[suite]);
    vault.clearCache();
  });
});

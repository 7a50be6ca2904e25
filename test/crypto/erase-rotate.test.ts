import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createKeyring,
  createVault,
  fileKeyStore,
  generateKey,
  memoryKeyStore,
  type SubjectKeyStore,
} from '../../src/crypto/index.js';
import { parcel, Parcel } from './fixtures/parcel.js';
import { SUITES, testVault } from './helpers.js';
import { scratchDir } from '../support/scratch.js';

const SUBJECTS = { sender: 'cust-1', recipient: 'cust-2' };

describe.each(SUITES)('vault.eraseSubject (suite %s)', (suite) => {
  it('makes every field of the subject fail with KEY_DESTROYED while other subjects still open', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: SUBJECTS });
    const cert = await vault.eraseSubject('cust-2', {
      knownValues: [{ kind: 'phone', value: '13812345678' }],
    });
    await expect(vault.open(Parcel, record, { recordId: 'P1' })).rejects.toMatchObject({
      code: 'KEY_DESTROYED',
    });
    await expect(
      vault.open(Parcel, record, { recordId: 'P1', paths: ['recipient.phone'] }),
    ).rejects.toMatchObject({ code: 'KEY_DESTROYED' });
    const sender = await vault.open(Parcel, record, {
      recordId: 'P1',
      paths: ['sender', 'items[].declaredBy'],
    });
    expect(sender.sender.phone).toBe('+8613900001111');
    const partial = await vault.open(Parcel, record, { recordId: 'P1', erased: 'omit' });
    expect(partial.recipient.phone).toBeUndefined();
    expect(partial.sender.phone).toBe('+8613900001111');
    expect(cert).toMatchObject({
      subjectId: 'cust-2',
      keyIdsDestroyed: ['cust-2'],
      kekId: 'kek-1',
      alreadyDestroyed: false,
    });
    expect(cert.indexesToDelete).toEqual([
      { kind: 'phone', index: vault.blindIndex('phone', '13812345678') },
    ]);
    expect(JSON.stringify(cert)).not.toMatch(/13812345678|李四|香港中路/);
  });

  it('stays erased in a fresh vault and refuses to seal new data for the erased subject', async () => {
    const t = testVault({ suite });
    const { record } = await t.vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: SUBJECTS });
    await t.vault.eraseSubject('cust-2');
    const again = createVault({
      keyring: t.keyring,
      keyStore: t.keyStore,
      indexKey: t.indexKey,
      audit: t.audit,
      suite,
    });
    await expect(again.open(Parcel, record, { recordId: 'P1', paths: ['recipient'] })).rejects.toMatchObject({
      code: 'KEY_DESTROYED',
    });
    await expect(again.seal(Parcel, parcel(), { recordId: 'P2', subjects: SUBJECTS })).rejects.toMatchObject({
      code: 'KEY_DESTROYED',
    });
    const second = await again.eraseSubject('cust-2');
    expect(second).toMatchObject({ alreadyDestroyed: true, keyIdsDestroyed: [] });
  });

  it('records the erasure in the ledger before the tombstone, with the blind indexes to delete', async () => {
    const t = testVault({ suite });
    const { indexes } = await t.vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: SUBJECTS });
    const cert = await t.vault.eraseSubject('cust-2', {
      indexes: [{ kind: 'phone', index: indexes['recipient.phone']! }],
      knownValues: [{ kind: 'phone', value: '13812345678' }],
      actor: 'dpo-1',
    });
    // The same value from both sources is listed once.
    expect(cert.indexesToDelete).toEqual([{ kind: 'phone', index: indexes['recipient.phone'] }]);
    expect(t.sink.entries).toHaveLength(1);
    expect(t.sink.entries[0]).toMatchObject({
      kind: 'key.destroyed',
      actor: 'dpo-1',
      purpose: 'erasure-request',
      subjects: ['cust-2'],
      keyIds: ['cust-2'],
      data: {
        ledger: 1,
        keyId: 'cust-2',
        reason: 'erasure-request',
        scope: 'subject',
        kekId: 'kek-1',
        indexes: [{ blind: indexes['recipient.phone'] }],
      },
    });
    expect(JSON.stringify(t.sink.entries)).not.toMatch(/13812345678|李四/);
  });

  it('says per path what became of the subject: sealed fields shredded, fields stored in clear pending', async () => {
    const t = testVault({ suite });
    await t.vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: SUBJECTS });
    const cert = await t.vault.eraseSubject('cust-1', { schemas: [Parcel] });
    const byPath = Object.fromEntries(cert.items.map((i) => [i.path, i.method]));
    // sender.name is an `internal` name: the vault never sealed it, so only the caller can delete it.
    expect(byPath['sender.name']).toBe('pending');
    expect(byPath['sender.phone']).toBe('crypto-shred');
    expect(byPath['recipient.name']).toBe('crypto-shred');
    // Fields of no subject role are under the record's key, untouched by this erasure: not listed.
    expect(byPath.waybill).toBeUndefined();
    expect(byPath['items[].declaredBy']).toBeUndefined();
    expect(cert).toMatchObject({ sealAtLeast: 'sensitive', ledger: 'audit', reason: 'erasure-request' });
    // A subject that never had a key: nothing was sealed for it, so nothing is claimed shredded.
    const none = await t.vault.eraseSubject('cust-never', { schemas: [Parcel] });
    expect(none.items.filter((i) => i.method === 'crypto-shred')).toEqual([]);
    expect(none.items.filter((i) => i.method === 'pending').map((i) => i.path)).toContain('sender.name');
  });

  it('erasing a subject that never had a key blocks later keys for it', async () => {
    const { vault } = testVault({ suite });
    const cert = await vault.eraseSubject('cust-9');
    expect(cert.keyIdsDestroyed).toEqual([]);
    await expect(
      vault.seal(Parcel, parcel(), {
        recordId: 'P1',
        subjects: { recipient: 'cust-9' },
        recordKeyFor: ['sender'],
      }),
    ).rejects.toMatchObject({ code: 'KEY_DESTROYED' });
  });
});

/** Wraps a store so the n-th compare-and-set throws, as a crash would. */
function crashAfter(store: SubjectKeyStore, n: number): SubjectKeyStore {
  let calls = 0;
  return {
    ...store,
    get: (id) => store.get(id),
    create: (r) => store.create(r),
    list: () => store.list(),
    async compareAndSet(id, rev, next) {
      if (++calls > n) throw new Error('simulated crash');
      return store.compareAndSet(id, rev, next);
    },
  };
}

describe.each(SUITES)('vault.rotateKek (suite %s)', (suite) => {
  it('rewraps every DEK, after which retiring the old KEK leaves everything readable', async () => {
    const old = { id: 'kek-old', key: generateKey() };
    const keyring = createKeyring({ keks: [old, { id: 'kek-new', key: generateKey() }], active: 'kek-old' });
    const keyStore = memoryKeyStore();
    const indexKey = generateKey();
    const vault = createVault({ keyring, keyStore, indexKey, suite });
    const sealed = [];
    for (let i = 0; i < 20; i++)
      sealed.push(
        (
          await vault.seal(Parcel, parcel(), {
            recordId: `R${i}`,
            subjects: { recipient: `c${i % 5}` },
            recordKeyFor: ['sender'],
          })
        ).record,
      );
    const progress: number[] = [];
    const res = await vault.rotateKek('kek-new', { onProgress: (p) => progress.push(p.done) });
    expect(res.rewrapped).toBe(25); // 5 customers + 20 record subjects
    expect(progress.at(-1)).toBe(25);
    keyring.retire('kek-old');
    const fresh = createVault({ keyring, keyStore, indexKey, suite });
    for (let i = 0; i < 20; i++)
      expect((await fresh.open(Parcel, sealed[i]!, { recordId: `R${i}` })).recipient.name).toBe('李四');
    expect((await vault.rotateKek('kek-new')).rewrapped).toBe(0);
  });

  it('resumes after a crash midway to a state where every DEK is under the new KEK', async () => {
    const path = join(scratchDir('cpii-rot-'), 'keys');
    const old = { id: 'kek-old', key: generateKey() };
    const next = { id: 'kek-new', key: generateKey() };
    const indexKey = generateKey();
    const store1 = fileKeyStore(path);
    const v1 = createVault({
      keyring: createKeyring({ keks: [old, next], active: 'kek-old' }),
      keyStore: store1,
      indexKey,
      suite,
    });
    const sealed = [];
    for (let i = 0; i < 60; i++)
      sealed.push(
        (
          await v1.seal(Parcel, parcel(), {
            recordId: `R${i}`,
            subjects: { recipient: `c${i}` },
            recordKeyFor: ['sender'],
          })
        ).record,
      );
    const crashing = createVault({
      keyring: createKeyring({ keks: [old, next], active: 'kek-old' }),
      keyStore: crashAfter(store1, 37),
      indexKey,
      suite,
    });
    await expect(crashing.rotateKek('kek-new', { concurrency: 4 })).rejects.toThrow('simulated crash');
    await store1.close();
    // "restart": reopen the file; some DEKs are under each KEK, every one readable with both held
    const store2 = fileKeyStore(path);
    const kinds = new Set<string>();
    for await (const r of store2.list()) if (r.state === 'active') kinds.add(r.kekId);
    expect([...kinds].sort()).toEqual(['kek-new', 'kek-old']);
    const ring = createKeyring({ keks: [old, next], active: 'kek-old' });
    const v2 = createVault({ keyring: ring, keyStore: store2, indexKey, suite });
    expect((await v2.open(Parcel, sealed[0]!, { recordId: 'R0' })).recipient.phone).toBe('+8613812345678');
    const res = await v2.rotateKek('kek-new');
    expect(res.rewrapped).toBeGreaterThan(0);
    expect(res.rewrapped).toBeLessThan(120);
    ring.retire('kek-old');
    v2.clearCache();
    for (let i = 0; i < 60; i++)
      expect(
        (await v2.open(Parcel, sealed[i]!, { recordId: `R${i}`, paths: ['recipient.idNumber'] })).recipient
          .idNumber,
      ).toBe('11010519491231002X');
    for await (const r of store2.list()) expect(r.state === 'active' && r.kekId).toBe('kek-new');
    await store2.close();
  });

  it('refuses to rotate to a KEK the keyring does not hold', async () => {
    const { vault } = testVault({ suite });
    await expect(vault.rotateKek('nope')).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
  });
});

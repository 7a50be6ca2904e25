// Back up, erase a subject, lose the store, restore: every other subject opens, the erased one
// does not, on every store kind.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createAuditLog, memorySink } from '../../src/audit/index.js';
import {
  createKeyring,
  createVault,
  fileKeyStore,
  generateKey,
  memoryKeyStore,
  type SubjectKeyStore,
} from '../../src/crypto/index.js';
import { pii } from '../../src/schema/index.js';
import {
  backupKeyStore,
  postgresKeyStore,
  replayErasures,
  restoreKeyStore,
  sqliteKeyStore,
  verifyKeyStoreBackup,
} from '../../src/stores/index.js';
import { endPool, freshSchema, pool } from './services.js';
import { scratchDir } from '../support/scratch.js';

afterAll(endPool);
const dir = (): string => scratchDir('cpii-backup-');

const Parcel = pii.id(
  'backup-test/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    recipient: pii.subject(
      'recipient',
      z.object({ name: pii.name({ level: 'sensitive' }), phone: pii.phone() }),
    ),
  }),
);

/** A store kind: `fresh()` is a new, empty store in new storage (the old one is lost). */
const kinds: Array<
  [
    string,
    () => Promise<{
      first: SubjectKeyStore;
      lose: () => Promise<void>;
      fresh: () => Promise<SubjectKeyStore>;
    }>,
  ]
> = [
  [
    'memory',
    async () => ({ first: memoryKeyStore(), lose: async () => {}, fresh: async () => memoryKeyStore() }),
  ],
  [
    'file',
    async () => {
      const d = dir();
      const first = fileKeyStore(join(d, 'keys.journal'));
      return {
        first,
        lose: async () => {
          await first.close();
          rmSync(join(d, 'keys.journal'));
        },
        fresh: async () => fileKeyStore(join(d, 'keys.journal')),
      };
    },
  ],
  [
    'sqlite',
    async () => {
      const d = dir();
      const first = sqliteKeyStore({ path: join(d, 'keys.db') });
      return {
        first,
        lose: async () => {
          await first.close?.();
          rmSync(d, { recursive: true });
        },
        fresh: async () => sqliteKeyStore({ path: join(dir(), 'keys.db') }),
      };
    },
  ],
  [
    'postgres',
    async () => {
      const schema = await freshSchema();
      return {
        first: postgresKeyStore({ pool: pool(), schema }),
        lose: async () => {
          await pool().query(`DROP SCHEMA "${schema}" CASCADE`);
        },
        fresh: async () => postgresKeyStore({ pool: pool(), schema: await freshSchema() }),
      };
    },
  ],
];

describe.each(kinds)('backupKeyStore and restoreKeyStore on %s', (_kind, make) => {
  it('keeps an erased subject erased after restoring an older backup, and every other subject opens', async () => {
    const { first, lose, fresh } = await make();
    const keyring = createKeyring({ keks: [{ id: 'kek-1', key: generateKey() }], active: 'kek-1' });
    const indexKey = generateKey();
    const audit = createAuditLog({ sink: memorySink() });
    const vault = createVault({ keyring, keyStore: first, indexKey, audit });
    const customers = ['cust-a', 'cust-b', 'cust-c', 'cust-d'];
    const sealed = [];
    for (const [i, c] of customers.entries()) {
      const { record } = await vault.seal(
        Parcel,
        { waybillNo: `SF10000000000${i}1`, recipient: { name: '张三', phone: `1381234567${i}` } },
        { recordId: `p-${c}`, subjects: { recipient: c } },
      );
      sealed.push(record);
    }
    // The vault records the erasure itself (key.destroyed); the application adds its own event.
    await vault.eraseSubject('cust-d');
    await audit.append({
      kind: 'subject.erased',
      actor: 'dpo',
      purpose: 'erasure-request',
      subjects: ['cust-d'],
      data: { method: 'crypto-shred' },
    });

    const path = join(dir(), 'keys.backup');
    const phases: string[] = [];
    const backup = await backupKeyStore(first, path, { audit, onProgress: (p) => phases.push(p.phase) });
    expect(backup).toMatchObject({ records: 4, active: 3, destroyed: 1, auditSize: 2 });
    expect(phases).toContain('verify');
    expect(readFileSync(path, 'utf8')).not.toContain('张三');

    // After the backup, cust-b asks for erasure: the vault's ledger event is the only record.
    await vault.eraseSubject('cust-b');

    // The key store is lost; restore the older backup into new storage.
    await lose();
    const restoredStore = await fresh();
    const result = await restoreKeyStore(path, restoredStore, { audit });
    expect(result).toMatchObject({
      restored: 4,
      kept: 0,
      erasuresReplayed: 1,
      unresolvedErasures: 0,
      verified: 4,
      auditSize: 2,
    });

    const after = createVault({ keyring, keyStore: restoredStore, indexKey });
    for (const [i, c] of customers.entries()) {
      const opening = after.open(Parcel, sealed[i]!, { recordId: `p-${c}` });
      if (c === 'cust-b' || c === 'cust-d')
        await expect(opening).rejects.toMatchObject({ code: 'KEY_DESTROYED' });
      else expect((await opening).recipient.phone).toBe(`+861381234567${i}`);
    }
    await restoredStore.close?.();
  });
});

describe('key store backup integrity', () => {
  const setup = async (integrityKey?: Uint8Array) => {
    const store = memoryKeyStore();
    for (let i = 0; i < 2500; i++)
      await store.create({
        subjectId: `s-${i}`,
        state: 'active',
        kekId: 'kek-1',
        wrapped: new Uint8Array(72).fill(i % 251),
        createdAt: 1,
        revision: 1,
      });
    const path = join(dir(), 'keys.backup');
    const progress: number[] = [];
    const r = await backupKeyStore(store, path, {
      integrityKey,
      onProgress: (p) => p.phase === 'records' && progress.push(p.done),
    });
    return { path, r, progress };
  };

  it('reports progress and verifies what it wrote', async () => {
    const { path, r, progress } = await setup();
    expect(progress).toEqual([1000, 2000, 2500]);
    expect(verifyKeyStoreBackup(path)).toMatchObject({ records: 2500, digest: r.digest });
  });

  it('refuses a damaged, truncated or extended backup before writing anything', async () => {
    const { path } = await setup();
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const variants = [
      text.replace('"kek-1"', '"kek-2"'),
      text.slice(0, -10),
      [...lines.slice(0, 5), ...lines.slice(6)].join('\n'),
      text + '{"s":"x","t":"d","c":1,"x":2,"r":1}\n',
    ];
    for (const v of variants) {
      writeFileSync(path, v);
      const target = memoryKeyStore();
      await expect(restoreKeyStore(path, target, { audit: 'none' })).rejects.toMatchObject({
        code: 'KEYSTORE_CORRUPT',
      });
      expect(await target.get('s-0')).toBeUndefined();
    }
  });

  it('detects a re-sealed edit when made with an integrity key', async () => {
    const key = generateKey();
    const { path } = await setup(key);
    expect(verifyKeyStoreBackup(path, { integrityKey: key }).records).toBe(2500);
    await expect(restoreKeyStore(path, memoryKeyStore(), { audit: 'none' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    // An attacker who drops a line and recomputes a plain SHA-256 trailer still fails the HMAC.
    const lines = readFileSync(path, 'utf8').split('\n').slice(0, -1);
    const body = [...lines.slice(0, 3), ...lines.slice(4, -1)];
    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256')
      .update(body.map((l) => `${l}\n`).join(''))
      .digest('hex');
    writeFileSync(path, `${body.join('\n')}\n${JSON.stringify({ end: true, records: 2499, digest })}\n`);
    expect(() => verifyKeyStoreBackup(path, { integrityKey: key })).toThrow(
      expect.objectContaining({ code: 'KEYSTORE_CORRUPT' }),
    );
  });

  it('never revives a tombstone already in the store and needs an explicit audit choice', async () => {
    const store = memoryKeyStore();
    await store.create({
      subjectId: 'a',
      state: 'active',
      kekId: 'kek-1',
      wrapped: new Uint8Array(72),
      createdAt: 1,
      revision: 1,
    });
    const path = join(dir(), 'k.backup');
    await backupKeyStore(store, path);
    const target = memoryKeyStore();
    await target.create({ subjectId: 'a', state: 'destroyed', createdAt: 1, destroyedAt: 2, revision: 2 });
    await expect(restoreKeyStore(path, target, {} as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(await restoreKeyStore(path, target, { audit: 'none' })).toMatchObject({ restored: 0, kept: 1 });
    expect((await target.get('a'))?.state).toBe('destroyed');
  });

  it('refuses an erasure recorded only by blind index, naming it, until it is reviewed', async () => {
    const store = memoryKeyStore();
    const path = join(dir(), 'k.backup');
    const audit = createAuditLog({ sink: memorySink() });
    await backupKeyStore(store, path, { audit });
    await audit.append({
      kind: 'subject.erased',
      actor: 'dpo',
      purpose: 'erasure-request',
      subjects: [{ blind: 'bi_0123456789abcdef' }],
      data: { method: 'crypto-shred' },
    });
    const target = memoryKeyStore();
    await expect(restoreKeyStore(path, target, { audit })).rejects.toMatchObject({
      code: 'ERASURE_UNMAPPED',
      message: expect.stringMatching(/seq 0 \(subject\.erased: it names a subject only by blind index/),
    });
    expect(await restoreKeyStore(path, target, { audit, reviewed: [0] })).toMatchObject({
      unresolvedErasures: 1,
      erasuresReplayed: 0,
    });
  });
});

describe('replayErasures', () => {
  it('destroys every subject the audit log erased, once, after a restore by other means', async () => {
    const audit = createAuditLog({ sink: memorySink() });
    const store = memoryKeyStore();
    for (const id of ['a', 'b', 'c'])
      await store.create({
        subjectId: id,
        state: 'active',
        kekId: 'kek-1',
        wrapped: new Uint8Array(72),
        createdAt: 1,
        revision: 1,
      });
    await audit.append({
      kind: 'subject.erased',
      actor: 'dpo',
      purpose: 'erasure-request',
      subjects: ['a', 'ghost'],
      data: { method: 'crypto-shred' },
    });
    await audit.append({
      kind: 'field.view',
      actor: 'cs-1',
      purpose: 'customer-service',
      subjects: ['b'],
      data: { effect: 'mask' },
    });
    expect(await replayErasures(store, { audit })).toEqual({ replayed: 2, unresolved: 0, entries: 2 });
    expect((await store.get('a'))?.state).toBe('destroyed');
    expect((await store.get('ghost'))?.state).toBe('destroyed');
    expect((await store.get('b'))?.state).toBe('active');
    expect(await replayErasures(store, { audit })).toEqual({ replayed: 0, unresolved: 0, entries: 2 });
    expect(await replayErasures(store, { audit, fromSeq: 1 })).toEqual({
      replayed: 0,
      unresolved: 0,
      entries: 1,
    });
  });
});

// Erased stays erased, through every path that destroys a key: a backup taken before the
// destruction, the destruction, the key store lost, the backup restored with the audit log:
// every destroyed key is still KEY_DESTROYED, on the file, SQLite and PostgreSQL key stores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type AuditLog, createAuditLog, memorySink } from '../../src/audit/index.js';
import {
  createKeyring,
  createVault,
  fileKeyStore,
  generateKey,
  type Keyring,
  memoryKeyStore,
  recordKeyDestruction,
  type SubjectKeyStore,
  type Vault,
} from '../../src/crypto/index.js';
import { handover, type LifecycleRecord, sweep } from '../../src/lifecycle/index.js';
import { pii } from '../../src/schema/index.js';
import {
  backupKeyStore,
  postgresKeyStore,
  replayErasures,
  restoreKeyStore,
  sqliteKeyStore,
} from '../../src/stores/index.js';
import { endPool, freshSchema, pool } from './services.js';

afterAll(endPool);
const dirs: string[] = [];
const dir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cpii-ledger-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const Parcel = pii.id(
  'ledger-test/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    recipient: pii.subject('recipient', z.object({ name: pii.name(), phone: pii.phone() })),
    trace: z.array(pii.geo()).optional(),
  }),
);
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10);

interface Kind {
  /** The store the service uses. */
  first: SubjectKeyStore;
  /** Loses it (the file, the database, the schema is gone). */
  lose: () => Promise<void>;
  /** A new, empty store in new storage. */
  fresh: () => Promise<SubjectKeyStore>;
}

const kinds: Array<[string, () => Promise<Kind>]> = [
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
        fresh: async () => fileKeyStore(join(dir(), 'keys.journal')),
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

function keyringOf(id: string): Keyring {
  return createKeyring({ keks: [{ id, key: generateKey() }], active: id });
}

const CUSTOMERS = ['cust-a', 'cust-b', 'cust-c'];

/** Seals one parcel per customer; returns the sealed rows as a record source would list them. */
async function sealAll(vault: Vault, deliveredAt: (i: number) => number) {
  const rows: Array<LifecycleRecord & { data: Record<string, unknown> }> = [];
  for (const [i, c] of CUSTOMERS.entries()) {
    const { record, indexes } = await vault.seal(
      Parcel,
      {
        waybillNo: `SF${1_000_000_000_000 + i}`,
        recipient: { name: '张三', phone: `1381234567${i}` },
        trace: [{ lat: 36.0671, lng: 120.3826 }],
      },
      { recordId: `p-${c}`, subjects: { recipient: c } },
    );
    rows.push({
      id: `p-${c}`,
      schema: Parcel,
      subjects: { recipient: c },
      events: { deliveredAt: deliveredAt(i) },
      purposes: ['delivery'],
      data: record as Record<string, unknown>,
      indexes,
    });
  }
  return rows;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'opened';
  } catch (e) {
    return (e as { code?: string }).code ?? 'unexpected';
  }
}

/** What opening each row's sealed fields gives under `store`. */
async function opens(keyring: Keyring, store: SubjectKeyStore, rows: Array<{ id: string; data: unknown }>) {
  const v = createVault({ keyring, keyStore: store, indexKey: generateKey(), audit: 'none' });
  const out: Record<string, string> = {};
  for (const r of rows) {
    out[`${r.id}:recipient`] = await codeOf(
      v.open(Parcel, r.data as never, { recordId: r.id, paths: ['recipient'] }),
    );
    out[`${r.id}:trace`] = await codeOf(
      v.open(Parcel, r.data as never, { recordId: r.id, paths: ['trace'] }),
    );
  }
  return out;
}

describe.each(kinds)('every erasure path survives backup → erasure → restore, on %s', (_kind, make) => {
  it('erasure on request (vault.eraseSubject)', async () => {
    const k = await make();
    const keyring = keyringOf('kek-1');
    const audit = createAuditLog({ sink: memorySink() });
    const vault = createVault({ keyring, keyStore: k.first, indexKey: generateKey(), audit });
    const rows = await sealAll(vault, () => T0);
    const backup = join(dir(), 'keys.backup');
    await backupKeyStore(k.first, backup, { audit });

    // cust-b asks for erasure; the application writes nothing itself: the vault's ledger is the record.
    const cert = await vault.eraseSubject('cust-b');
    expect(cert).toMatchObject({ keyIdsDestroyed: ['cust-b'], ledger: 'audit' });

    await k.lose();
    const restored = await k.fresh();
    const r = await restoreKeyStore(backup, restored, { audit });
    expect(r).toMatchObject({ erasuresReplayed: 1, verified: 6 });
    expect((await restored.get('cust-b'))?.state).toBe('destroyed');
    const o = await opens(keyring, restored, rows);
    expect(o['p-cust-b:recipient']).toBe('KEY_DESTROYED');
    expect(o['p-cust-a:recipient']).toBe('opened');
    expect(o['p-cust-c:recipient']).toBe('opened');
    await restored.close?.();
  });

  it('the retention sweep', async () => {
    const k = await make();
    const keyring = keyringOf('kek-1');
    const audit = createAuditLog({ sink: memorySink() });
    const vault = createVault({ keyring, keyStore: k.first, indexKey: generateKey(), audit });
    // cust-a and cust-b delivered at T0 (due at T0 + 90 days); cust-c delivered 60 days later.
    const rows = await sealAll(vault, (i) => (i < 2 ? T0 : T0 + 60 * DAY));
    const backup = join(dir(), 'keys.backup');
    await backupKeyStore(k.first, backup, { audit });

    const report = await sweep({
      now: T0 + 100 * DAY,
      rules: [{ id: 'waybill-90d', label: 'practice', basis: 'test', keep: 'P90D', from: 'deliveredAt' }],
      source: {
        async *records() {
          yield* rows;
        },
      },
      vault,
      audit,
      signingKey: ed25519.keygen(),
    });
    const destroyed = ['cust-a', 'cust-b', 'record:p-cust-a', 'record:p-cust-b'];
    expect([...report.keyIdsDestroyed].sort()).toEqual(destroyed);

    await k.lose();
    const restored = await k.fresh();
    const r = await restoreKeyStore(backup, restored, { audit });
    expect(r.erasuresReplayed).toBe(4);
    for (const id of destroyed) expect((await restored.get(id))?.state).toBe('destroyed');
    const o = await opens(keyring, restored, rows);
    expect(o).toEqual({
      'p-cust-a:recipient': 'KEY_DESTROYED',
      'p-cust-a:trace': 'KEY_DESTROYED',
      'p-cust-b:recipient': 'KEY_DESTROYED',
      'p-cust-b:trace': 'KEY_DESTROYED',
      'p-cust-c:recipient': 'opened',
      'p-cust-c:trace': 'opened',
    });
    await restored.close?.();
  });

  it("a handover's destruction of the seller's copies", async () => {
    const k = await make();
    const sellerRing = keyringOf('seller-kek');
    const buyerRing = keyringOf('buyer-kek');
    const audit = createAuditLog({ sink: memorySink() });
    const seller = createVault({ keyring: sellerRing, keyStore: k.first, indexKey: generateKey(), audit });
    const rows = await sealAll(seller, () => T0);
    const backup = join(dir(), 'seller-keys.backup');
    await backupKeyStore(k.first, backup, { audit });

    const buyerStore = memoryKeyStore();
    const { manifest } = await handover({
      id: 'h-ledger',
      from: { keyring: sellerRing, keyStore: k.first },
      to: { keyring: buyerRing, keyStore: buyerStore },
      seller: {
        id: 's',
        name: 'Seller Express Co.',
        contact: 'privacy@seller.example',
        signingKey: ed25519.keygen(),
      },
      buyer: { id: 'b', name: 'Buyer Logistics Co.', contact: 'privacy@buyer.example' },
      purposes: ['delivery'],
      audit,
    });
    // Three customers and three parcels' own keys: people and records are counted apart, and
    // the seller destroyed its copy of every one of the six keys.
    expect(manifest.subjects).toEqual({ active: 3, erased: 0, sellerCopiesDestroyed: 6 });
    expect(manifest.records).toEqual({ active: 3, erased: 0, excluded: 0 });

    // The seller restores its key store from the backup taken before the handover.
    await k.lose();
    const restored = await k.fresh();
    const r = await restoreKeyStore(backup, restored, { audit });
    expect(r.erasuresReplayed).toBe(6);
    for await (const rec of restored.list()) expect(rec.state).toBe('destroyed');
    expect(Object.values(await opens(sellerRing, restored, rows)).every((c) => c === 'KEY_DESTROYED')).toBe(
      true,
    );
    // The buyer's live keys are untouched: every field opens under the buyer's keyring.
    expect(Object.values(await opens(buyerRing, buyerStore, rows)).every((c) => c === 'opened')).toBe(true);
    await restored.close?.();
  });
});

/** A vault over memory with its ledger, and one sealed parcel per customer. */
async function memoryWorld() {
  const keyring = keyringOf('kek-1');
  const sink = memorySink();
  const audit = createAuditLog({ sink });
  const store = memoryKeyStore();
  const vault = createVault({ keyring, keyStore: store, indexKey: generateKey(), audit });
  const rows = await sealAll(vault, () => T0);
  const backup = join(dir(), 'keys.backup');
  await backupKeyStore(store, backup, { audit });
  return { keyring, sink, audit, store, vault, rows, backup };
}

async function ids(store: SubjectKeyStore): Promise<string[]> {
  const out: string[] = [];
  for await (const r of store.list()) out.push(r.subjectId);
  return out;
}

describe('the erasure ledger, every other way a destruction is recorded', () => {
  it('replays a destruction recorded by hand (breach) and the legacy kinds subject.erased and retention.destroyed', async () => {
    const w = await memoryWorld();
    await recordKeyDestruction(w.audit, { keyId: 'cust-a', reason: 'breach', actor: 'incident-response' });
    await w.audit.append({
      kind: 'subject.erased',
      actor: 'dpo',
      purpose: 'erasure-request',
      subjects: ['cust-b'],
      data: { method: 'crypto-shred' },
    });
    // As sweeps wrote it before the ledger: the destroyed keys in keyIds.
    await w.audit.append({
      kind: 'retention.destroyed',
      actor: 'retention-sweep',
      purpose: 'retention',
      keyIds: ['record:p-cust-c'],
      data: { rule: 'waybill-90d', count: 1 },
    });
    const restored = memoryKeyStore();
    expect(await restoreKeyStore(w.backup, restored, { audit: w.audit })).toMatchObject({
      erasuresReplayed: 3,
    });
    expect(await opens(w.keyring, restored, w.rows)).toEqual({
      'p-cust-a:recipient': 'KEY_DESTROYED',
      'p-cust-a:trace': 'opened',
      'p-cust-b:recipient': 'KEY_DESTROYED',
      'p-cust-b:trace': 'opened',
      'p-cust-c:recipient': 'opened',
      'p-cust-c:trace': 'KEY_DESTROYED',
    });
  });

  it.each([
    [
      'an erasure named only by blind index',
      (a: AuditLog) =>
        a.append({
          kind: 'subject.erased',
          actor: 'dpo',
          purpose: 'erasure-request',
          subjects: [{ blind: 'bi1.c29tZS1ibGluZC1pbmRleA' }],
          data: { method: 'crypto-shred' },
        }),
      /subject\.erased: it names a subject only by blind index/,
    ],
    [
      'a key.destroyed naming no key',
      (a: AuditLog) =>
        a.append({ kind: 'key.destroyed', actor: 'ops', purpose: 'breach', data: { keyId: '' } }),
      /key\.destroyed: it names no key id/,
    ],
    [
      'a ledger event of an unknown scope',
      (a: AuditLog) =>
        a.append({
          kind: 'key.destroyed',
          actor: 'ops',
          purpose: 'breach',
          keyIds: ['cust-a'],
          data: { keyId: 'cust-a', ledger: 1, scope: 'partition' as never },
        }),
      /key\.destroyed: its scope is not understood/,
    ],
    [
      'an application event that records an erasure',
      (a: AuditLog) =>
        a.append({ kind: 'custom', name: 'acme.customer.erased', actor: 'crm', purpose: 'erasure-request' }),
      /custom:acme\.customer\.erased/,
    ],
    [
      'a handover written before the ledger',
      (a: AuditLog) =>
        a.append({
          kind: 'handover.completed',
          actor: 'seller',
          purpose: 'company-handover',
          data: { handoverId: 'h-old', subjectCount: 3 },
        }),
      /handover\.completed: a handover written before the erasure ledger/,
    ],
  ])('refuses to restore past %s, naming it, and writes nothing', async (_name, write, why) => {
    const w = await memoryWorld();
    await w.vault.eraseSubject('cust-c'); // a mappable erasure too
    await write(w.audit);
    const seq = (await w.audit.head()).size - 1;
    const restored = memoryKeyStore();
    const refusal = restoreKeyStore(w.backup, restored, { audit: w.audit });
    await expect(refusal).rejects.toMatchObject({
      code: 'ERASURE_UNMAPPED',
      message: expect.stringContaining(`seq ${seq} (`),
      details: { seqs: String(seq) },
    });
    await expect(restoreKeyStore(w.backup, restored, { audit: w.audit })).rejects.toThrow(why);
    expect(await ids(restored)).toEqual([]); // nothing was written
    await expect(replayErasures(w.store, { audit: w.audit })).rejects.toMatchObject({
      code: 'ERASURE_UNMAPPED',
    });
    // Once a person has handled it, listing its seq lets the restore finish; the rest still replays.
    const r = await restoreKeyStore(w.backup, restored, { audit: w.audit, reviewed: [seq] });
    expect(r).toMatchObject({ unresolvedErasures: 1 });
    expect((await restored.get('cust-c'))?.state).toBe('destroyed');
  });

  it('records the erasure before destroying the key: a crash in between leaves a restore that destroys it', async () => {
    const w = await memoryWorld();
    const crashing: SubjectKeyStore = {
      ...w.store,
      get: (id) => w.store.get(id),
      create: (r) => w.store.create(r),
      list: () => w.store.list(),
      compareAndSet: async () => {
        throw new Error('simulated crash');
      },
    };
    const vault = createVault({
      keyring: w.keyring,
      keyStore: crashing,
      indexKey: generateKey(),
      audit: w.audit,
    });
    await expect(vault.eraseSubject('cust-a')).rejects.toThrow('simulated crash');
    expect(w.sink.entries.at(-1)).toMatchObject({ kind: 'key.destroyed', keyIds: ['cust-a'] });
    const restored = memoryKeyStore();
    await restoreKeyStore(w.backup, restored, { audit: w.audit });
    expect((await restored.get('cust-a'))?.state).toBe('destroyed');
  });

  it('refuses to erase without a ledger, or when the ledger cannot be written, and destroys nothing', async () => {
    const keyring = keyringOf('kek-1');
    const store = memoryKeyStore();
    const bare = createVault({ keyring, keyStore: store, indexKey: generateKey() });
    await bare.seal(
      Parcel,
      { waybillNo: 'SF1000000000000', recipient: { name: '张三', phone: '13812345670' } },
      {
        recordId: 'p1',
        subjects: { recipient: 'cust-a' },
      },
    );
    await expect(bare.eraseSubject('cust-a')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('Nothing was destroyed'),
    });
    expect((await store.get('cust-a'))?.state).toBe('active');
    const broken = createAuditLog({
      sink: { ...memorySink(), append: async () => Promise.reject(new Error('disk full')) },
    });
    const v = createVault({ keyring, keyStore: store, indexKey: generateKey(), audit: broken });
    await expect(v.eraseSubject('cust-a')).rejects.toMatchObject({ code: 'AUDIT_SINK_FAILED' });
    expect((await store.get('cust-a'))?.state).toBe('active');
    // audit: 'none' is an explicit choice, and the certificate says so.
    const none = createVault({ keyring, keyStore: store, indexKey: generateKey(), audit: 'none' });
    const cert = await none.eraseSubject('cust-a');
    expect(cert.ledger).toBe('tombstone-only');
    expect(cert.notes.join(' ')).toContain("audit: 'none'");
    expect((await store.get('cust-a'))?.state).toBe('destroyed');
  });

  it("a shared audit log never destroys the buyer's own keys: copies are kept under the buyer's KEK", async () => {
    const sellerRing = keyringOf('seller-kek');
    const buyerRing = keyringOf('buyer-kek');
    const audit = createAuditLog({ sink: memorySink() });
    const sellerStore = memoryKeyStore();
    const seller = createVault({
      keyring: sellerRing,
      keyStore: sellerStore,
      indexKey: generateKey(),
      audit,
    });
    const rows = await sealAll(seller, () => T0);
    await seller.eraseSubject('cust-c');
    const buyerStore = memoryKeyStore();
    await handover({
      id: 'h-shared',
      from: { keyring: sellerRing, keyStore: sellerStore },
      to: { keyring: buyerRing, keyStore: buyerStore },
      seller: {
        id: 's',
        name: 'Seller Express Co.',
        contact: 'privacy@seller.example',
        signingKey: ed25519.keygen(),
      },
      buyer: { id: 'b', name: 'Buyer Logistics Co.', contact: 'privacy@buyer.example' },
      purposes: ['delivery'],
      audit,
    });
    const buyerBackup = join(dir(), 'buyer.backup');
    await backupKeyStore(buyerStore, buyerBackup);
    const restored = memoryKeyStore();
    await restoreKeyStore(buyerBackup, restored, { audit });
    const o = await opens(buyerRing, restored, rows);
    expect(o['p-cust-a:recipient']).toBe('opened');
    expect(o['p-cust-b:trace']).toBe('opened');
    expect(o['p-cust-c:recipient']).toBe('KEY_DESTROYED'); // erased before the handover: erased everywhere
  });
});

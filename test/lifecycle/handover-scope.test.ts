// A partial handover: only the in-scope people and records' keys move; the rest stay with the
// seller under its KEK; the manifest states the scope and counts what was left out. A resumed
// handover must give the same exclusion set and scope as the run it resumes.
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { createKeyring, generateKey, memoryKeyStore, type SubjectKeyStore } from '../../src/crypto/index.js';
import { isPiiError } from '../../src/errors.js';
import { handover, verifyHandover, verifyManifest } from '../../src/lifecycle/index.js';
import { memoryProgressStore } from '../../src/stores/index.js';
import { handoverParties } from './fixtures/handover-parties.js';
import { parcelDb, parcelValue } from './fixtures/parcels.js';

// 20 parcels: P0-P9 for delivery, P10-P19 for claims; recipients r-0..r-19, senders s-0..s-4.
async function world() {
  const db = parcelDb();
  for (let i = 0; i < 20; i++)
    await db.add(
      `P${i}`,
      { recipient: `r-${i}`, sender: `s-${i % 5}` },
      undefined,
      [i < 10 ? 'delivery' : 'claims'],
      parcelValue(i),
    );
  return db;
}

const buyerRing = () =>
  createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });

async function byKek(store: SubjectKeyStore): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  for await (const r of store.list()) m.set(r.subjectId, r.state === 'active' ? r.kekId : 'destroyed');
  return m;
}

describe('a partial handover (scope)', () => {
  it('moves only in-scope people and records; the rest stay under the seller KEK; the manifest counts them', async () => {
    const db = await world();
    const buyerStore = memoryKeyStore();
    const keyring = buyerRing();
    const { sellerInfo, buyerInfo, purposes } = handoverParties();
    const sellerKey = ed25519.keygen();
    const { manifest } = await handover({
      id: 'h-scope',
      kind: 'division',
      from: { keyring: db.keyring, keyStore: db.keyStore },
      to: { keyring, keyStore: buyerStore },
      seller: { ...sellerInfo, signingKey: sellerKey },
      buyer: buyerInfo,
      purposes,
      records: db.source,
      audit: db.ledger,
      scope: { purposes: ['delivery'], roles: ['recipient'], schemas: ['parcel/v1'] },
    });
    const buyer = await byKek(buyerStore);
    const expected = [
      ...Array.from({ length: 10 }, (_, i) => `r-${i}`),
      ...Array.from({ length: 10 }, (_, i) => `record:P${i}`),
    ];
    expect([...buyer.keys()].sort()).toEqual(expected.sort());
    for (const v of buyer.values()) expect(v).toBe('buyer-kek');
    const seller = await byKek(db.keyStore);
    for (const id of expected) expect(seller.get(id)).toBe('destroyed');
    // Out of scope: recipients r-10..r-19, senders s-0..s-4 and the claims parcels' own keys.
    for (const [id, k] of seller) if (!expected.includes(id)) expect(k, id).toBe('kek-1');
    expect(manifest.scope).toEqual({
      schemas: ['parcel/v1'],
      roles: ['recipient'],
      purposes: ['delivery'],
      outOfScope: { people: 15, records: 10 },
    });
    expect(manifest.subjects.active).toBe(10);
    expect(manifest.records?.active).toBe(10);
    // Fields present: the recipients' three fields and each record's waybill number and trace, on ten parcels.
    expect(manifest.fields.byKind.phone).toBe(10);
    expect(manifest.fields.byKind.name).toBe(10);
    const v = await verifyHandover({ keyStore: buyerStore, keyring, manifest });
    expect(v.ok).toBe(true);
    expect(verifyManifest(manifest, { sellerPublicKey: sellerKey.publicKey }).seller).toBe(true);
    const tampered = { ...manifest, scope: { ...manifest.scope!, outOfScope: { people: 0, records: 0 } } };
    expect(verifyManifest(tampered, { sellerPublicKey: sellerKey.publicKey }).seller).toBe(false);
  });

  it('refuses a scope without records, into a shared store, empty, or with an unknown name', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ scope: { roles: ['recipient'] }, records: undefined }, 'HANDOVER_INVALID'],
      [{ scope: { roles: ['recipient'] }, to: buyerRing() }, 'HANDOVER_INVALID'],
      [{ scope: {} }, 'HANDOVER_INVALID'],
      [{ scope: { roles: [] } }, 'HANDOVER_INVALID'],
      [{ scope: { role: ['recipient'] } }, 'INVALID_ARGUMENT'],
    ];
    for (const [over, expected] of cases) {
      const db = await world();
      const { sellerInfo, buyerInfo, purposes } = handoverParties();
      const err = await handover({
        id: 'h-scope-bad',
        from: { keyring: db.keyring, keyStore: db.keyStore },
        to: { keyring: buyerRing(), keyStore: memoryKeyStore() },
        seller: { ...sellerInfo, signingKey: ed25519.keygen() },
        buyer: buyerInfo,
        purposes,
        records: db.source,
        audit: db.ledger,
        ...over,
      } as never).catch((e: unknown) => e);
      expect(isPiiError(err) && err.code, JSON.stringify(over.scope)).toBe(expected);
      // Refused before anything moved.
      for await (const r of db.keyStore.list()) expect(r.state === 'active' && r.kekId).toBe('kek-1');
    }
  });
});

describe('resuming keeps the exclusion set and the scope', () => {
  it('refuses a resume with another exclusion set or scope; the same ones finish the handover', async () => {
    const db = await world();
    let writes = 0;
    const crashing: SubjectKeyStore = {
      ...db.keyStore,
      list: () => db.keyStore.list(),
      get: (id) => db.keyStore.get(id),
      create: (r) => db.keyStore.create(r),
      async compareAndSet(id, rev, next) {
        if (++writes > 4) throw new Error('power cut');
        return db.keyStore.compareAndSet(id, rev, next);
      },
    };
    const buyerStore = memoryKeyStore();
    const keyring = buyerRing();
    const progress = memoryProgressStore();
    const { sellerInfo, buyerInfo, purposes } = handoverParties();
    const exclude = { subjects: ['r-0', 'r-1'], action: 'keep' as const };
    const scope = { purposes: ['delivery'] };
    const base = {
      id: 'h-resume',
      to: { keyring, keyStore: buyerStore },
      seller: { ...sellerInfo, signingKey: ed25519.keygen() },
      buyer: buyerInfo,
      purposes,
      records: db.source,
      audit: db.ledger,
      progress,
      concurrency: 1,
    };
    await expect(
      handover({ ...base, from: { keyring: db.keyring, keyStore: crashing }, exclude, scope }),
    ).rejects.toThrow();
    const from = { keyring: db.keyring, keyStore: db.keyStore };
    const variants: Array<Record<string, unknown>> = [
      { exclude: { subjects: ['r-0'], action: 'keep' }, scope },
      { exclude: { subjects: ['r-0', 'r-1'], action: 'erase' }, scope },
      { exclude: { subjects: ['r-0', 'r-1', 'r-2'], action: 'keep' }, scope },
      { scope },
      { exclude },
      { exclude, scope: { purposes: ['delivery', 'claims'] } },
    ];
    for (const v of variants) {
      const err = await handover({ ...base, from, ...v } as never).catch((e: unknown) => e);
      expect(isPiiError(err) && err.code, JSON.stringify(v)).toBe('HANDOVER_INVALID');
    }
    // The same set in another order is the same set.
    const { manifest, runs } = await handover({
      ...base,
      from,
      exclude: { subjects: ['r-1', 'r-0'], action: 'keep' },
      scope,
    });
    expect(runs).toBe(2);
    const buyer = await byKek(buyerStore);
    expect(buyer.has('r-0') || buyer.has('r-1')).toBe(false);
    expect(manifest.subjects.excluded).toEqual({ erased: 0, kept: 2 });
    expect(manifest.scope?.outOfScope).toEqual({ people: 10, records: 10 });
    expect((await verifyHandover({ keyStore: buyerStore, keyring, manifest })).ok).toBe(true);
  });
});

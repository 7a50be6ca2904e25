// People, not keys: with the README's Parcel shape (a sealed GPS trace outside any subject, so a
// `record:<id>` key per parcel) and 29 people across 20 parcels, every count that is about people
// (notices, manifest, breach impact) is 29, never 49 (29 people + 20 parcels).
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink } from 'courier-pii/audit';
import { createKeyring, generateKey } from 'courier-pii/crypto';
import {
  breachImpact,
  countersignManifest,
  handover,
  handoverNotices,
  planHandover,
  verifyHandover,
} from 'courier-pii/lifecycle';
import { handoverParties } from './fixtures/handover-parties.js';
import { planBasics } from './fixtures/plan-options.js';
import { parcelDb, parcelValue } from './fixtures/parcels.js';

/** 20 parcels: recipients r-0..r-19, senders s-0..s-8 in turn, and r-0 also sends parcel 19: 29 people. */
async function twentyParcels(withTrace: (i: number) => boolean = () => true) {
  const db = parcelDb();
  for (let i = 0; i < 20; i++) {
    const value = parcelValue(i);
    if (!withTrace(i)) delete value.trace;
    await db.add(
      `P${i}`,
      { recipient: `r-${i}`, sender: i === 19 ? 'r-0' : `s-${i % 9}` },
      undefined,
      ['delivery'],
      value,
    );
  }
  return db;
}

async function keyCensus(db: Awaited<ReturnType<typeof twentyParcels>>) {
  let people = 0;
  let records = 0;
  for await (const k of db.keyStore.list()) {
    if (k.state !== 'active') continue;
    if (k.subjectId.startsWith('record:')) records++;
    else people++;
  }
  return { people, records };
}

describe('people, not keys (29 people across 20 README-style parcels)', () => {
  it('the store really holds 49 live keys: 29 people and 20 parcels', async () => {
    const db = await twentyParcels();
    expect(await keyCensus(db)).toEqual({ people: 29, records: 20 });
  });

  it('plan: 29 notices, one per person, none to a parcel; people per role counted', async () => {
    const db = await twentyParcels();
    const { plan, notices } = await planHandover({
      ...planBasics('h-29'),
      records: db.source,
      keyStore: db.keyStore,
    });
    expect(notices).toHaveLength(29);
    expect(new Set(notices.map((n) => n.subjectId)).size).toBe(29);
    expect(notices.some((n) => n.subjectId.startsWith('record:'))).toBe(false);
    expect(notices.find((n) => n.subjectId === 'r-0')?.roles).toEqual(['recipient', 'sender']);
    expect(plan.people).toEqual({ total: 29, byRole: { recipient: 20, sender: 10 } });
    expect(plan.keys).toEqual({ people: 29, records: 20, erased: 0 });
    expect(plan.records.total).toBe(20);
  });

  it('manifest: 29 people and 20 records counted apart; notices after the handover: 29', async () => {
    const db = await twentyParcels();
    const { sellerInfo, buyerInfo, purposes } = handoverParties();
    const to = createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });
    const sellerKey = ed25519.keygen();
    const { manifest } = await handover({
      id: 'h-29',
      from: { keyring: db.keyring, keyStore: db.keyStore },
      to,
      seller: { ...sellerInfo, signingKey: sellerKey },
      buyer: buyerInfo,
      purposes,
      records: db.source,
      audit: createAuditLog({ sink: memorySink() }),
    });
    expect(manifest.subjects).toEqual({ active: 29, erased: 0 });
    expect(manifest.records).toEqual({ active: 20, erased: 0, excluded: 0 });
    const notices = [];
    for await (const n of handoverNotices(manifest, db.keyStore)) notices.push(n.subjectId);
    expect(notices).toHaveLength(29);
    expect(notices.some((id) => id.startsWith('record:'))).toBe(false);
    // The buyer verifies every live DEK (people's and parcels') and countersigns.
    const verification = await verifyHandover({ keyStore: db.keyStore, keyring: to, manifest });
    expect(verification).toMatchObject({ ok: true, verified: 49 });
    const signed = countersignManifest(manifest, {
      signingKey: ed25519.keygen(),
      sellerPublicKey: sellerKey.publicKey,
      verification,
    });
    expect(signed.buyerVerification?.verified).toBe(49);
  });

  it('breach impact of the leaked KEK: 29 people, the 20 parcels listed apart', async () => {
    const db = await twentyParcels();
    const r = await breachImpact({ kekIds: ['kek-1'] }, { keyStore: db.keyStore });
    expect(r.totals.subjects).toBe(29);
    expect(r.totals.records).toBe(20);
    expect(r.subjects.some((s) => s.subjectId.startsWith('record:'))).toBe(false);
    expect(r.notices.individuals.subjectCount).toBe(29);
    expect(r.notices.authority.subjectCount).toBe(29);
  });

  it('field counts are fields actually present; definitions × records is labelled an upper bound', async () => {
    // Five parcels carry no GPS trace: only 15 geo fields exist.
    const db = await twentyParcels((i) => i >= 5);
    const { sellerInfo, buyerInfo, purposes } = handoverParties();
    const base = {
      from: { keyring: db.keyring, keyStore: db.keyStore },
      seller: { ...sellerInfo, signingKey: ed25519.keygen() },
      buyer: buyerInfo,
      purposes,
    };
    const present = await handover({
      ...base,
      id: 'h-present',
      to: createKeyring({ keks: [{ id: 'b1', key: generateKey() }], active: 'b1' }),
      records: db.source,
    });
    expect(present.manifest.fields.basis).toBe('present');
    expect(present.manifest.fields.upperBound).toBe(false);
    expect(present.manifest.fields.byKind).toEqual({
      waybillNo: 20,
      name: 40,
      phone: 40,
      address: 20,
      geo: 15,
    });
    const { Parcel } = await import('./fixtures/parcels.js');
    const db2 = await twentyParcels((i) => i >= 5);
    const bound = await handover({
      ...base,
      from: { keyring: db2.keyring, keyStore: db2.keyStore },
      id: 'h-bound',
      to: createKeyring({ keks: [{ id: 'b2', key: generateKey() }], active: 'b2' }),
      schemas: [Parcel],
      recordCounts: { 'parcel/v1': 20 },
    });
    expect(bound.manifest.fields.basis).toBe('records');
    expect(bound.manifest.fields.upperBound).toBe(true);
    expect(bound.manifest.fields.byKind.geo).toBe(20);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createAuditLog, memorySink } from 'courier-pii/audit';
import {
  createKeyring,
  generateKey,
  memoryKeyStore,
  type SubjectKeyStore,
  type VaultSuite,
} from 'courier-pii/crypto';
import {
  checkPurpose,
  countersignManifest,
  handover,
  handoverNotices,
  manifestHash,
  verifyHandover,
  verifyManifest,
} from 'courier-pii/lifecycle';
import { pii } from 'courier-pii/schema';
import { isGmWrapped } from '../../src/crypto/key-record-suite.js';
import { memoryProgressStore } from 'courier-pii/stores';
import { handoverParties } from './fixtures/handover-parties.js';
import { type TestAlg, keyFor, otherAlg } from '../support/signing-algs.js';
import { activeKeyRecord, DEPLOYMENTS } from '../support/suites.js';

// The handover tests run with Ed25519 and SM2 seller and buyer keys, and the first family with
// the seller's DEKs in either suite (a GM deployment: SM4-wrapped DEKs, SM2-signed manifest).
let alg: TestAlg = 'ed25519';
let dekSuite: VaultSuite = 'default';

const Parcel = pii.id(
  'parcel/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    recipient: pii.subject(
      'recipient',
      z.object({ name: pii.name(), phone: pii.phone(), address: pii.address() }),
    ),
    sender: pii.subject('sender', z.object({ name: pii.name(), idNumber: pii.idNumber() })),
  }),
);

async function seller(n: number, erased = 0) {
  const keyStore = memoryKeyStore();
  const keyring = createKeyring({ keks: [{ id: 'seller-kek', key: generateKey() }], active: 'seller-kek' });
  for (let i = 0; i < n; i++) await keyStore.create(await activeKeyRecord(keyring, `s-${i}`, dekSuite));
  for (let i = 0; i < erased; i++)
    await keyStore.create({
      subjectId: `e-${i}`,
      state: 'destroyed',
      createdAt: 1,
      destroyedAt: 2,
      revision: 1,
    });
  return { keyStore, keyring };
}

const buyerRing = () =>
  createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });

/** A store whose compareAndSet / create fails after `okCalls` calls, as if the process died. */
function failingAfter(
  inner: SubjectKeyStore,
  okCalls: number,
  method: 'compareAndSet' | 'create' = 'compareAndSet',
): SubjectKeyStore {
  let calls = 0;
  return {
    get: (id) => inner.get(id),
    list: () => inner.list(),
    create: async (r) => {
      if (method === 'create' && ++calls > okCalls) throw new Error('injected crash');
      return inner.create(r);
    },
    compareAndSet: async (id, rev, next) => {
      if (method === 'compareAndSet' && ++calls > okCalls) throw new Error('injected crash');
      return inner.compareAndSet(id, rev, next);
    },
  };
}

function base() {
  const { sellerInfo, buyerInfo, purposes } = handoverParties();
  return { seller: { ...sellerInfo, signingKey: keyFor(alg) }, buyer: buyerInfo, purposes };
}

describe.each(DEPLOYMENTS)('handover ($suite suite, $alg keys)', (d) => {
  beforeAll(() => {
    alg = d.alg;
    dekSuite = d.suite;
  });
  afterAll(() => {
    alg = 'ed25519';
    dekSuite = 'default';
  });

  it('rewraps every DEK in place and signs a manifest with counts, hashes, keys and purposes', async () => {
    const s = await seller(50, 3);
    const to = buyerRing();
    const parties = base();
    const sink = memorySink();
    const { manifest, rewrapped, runs } = await handover({
      id: 'h-1',
      from: s,
      to,
      ...parties,
      schemas: [Parcel],
      recordCounts: { 'parcel/v1': 40 },
      policyHashes: { 'parcel-access': 'abc123' },
      audit: createAuditLog({ sink }),
    });
    expect({ rewrapped, runs }).toEqual({ rewrapped: 50, runs: 1 });
    expect(manifest.subjects).toEqual({ active: 50, erased: 3 });
    expect(manifest.fields.basis).toBe('records');
    expect(manifest.fields.byKind).toMatchObject({
      name: 80,
      phone: 40,
      address: 40,
      idNumber: 40,
      waybillNo: 40,
    });
    expect(manifest.fields.byLevel).toEqual({ sensitive: 120, internal: 120 });
    expect(Object.keys(manifest.schemaHashes)).toEqual(['parcel/v1']);
    expect(manifest.policyHashes).toEqual({ 'parcel-access': 'abc123' });
    expect(manifest.purposes).toEqual(['claims', 'customer-service', 'delivery']);
    expect(manifest.keys).toEqual({ sellerKekIds: ['seller-kek'], buyerKekId: 'buyer-kek' });
    // docs/formats.md: public keys are the 32 raw bytes in lower-case hex
    expect(manifest.sellerPublicKey).toBe(Buffer.from(parties.seller.signingKey.publicKey).toString('hex'));
    // an SM2 signature names its algorithm (`sm2:` + base64url); an Ed25519 one is bare
    expect(manifest.sellerSignature).toMatch(
      d.alg === 'sm2' ? /^sm2:[A-Za-z0-9_-]{86}$/ : /^[A-Za-z0-9_-]{86}$/,
    );
    for await (const r of s.keyStore.list()) if (r.state === 'active') expect(r.kekId).toBe('buyer-kek');
    // every DEK kept its suite through the rewrap and opens under the buyer's keyring
    const v = await verifyHandover({ keyStore: s.keyStore, keyring: to, manifest });
    expect(v).toMatchObject({ ok: true, verified: 50, erased: 3 });
    for await (const r of s.keyStore.list())
      if (r.state === 'active') expect(isGmWrapped(r.wrapped)).toBe(d.suite === 'gm');
    const kinds = sink.entries.map((e) => e.kind);
    expect(kinds[0]).toBe('handover.started');
    expect(kinds.at(-1)).toBe('handover.completed');
    expect(sink.entries.at(-1)?.data?.manifestHash).toBe(manifestHash(manifest));
  });

  it('the schema hash changes when a field changes level', async () => {
    const other = pii.id(
      'parcel/v1',
      z.object({
        waybillNo: pii.waybillNo(),
        note: pii.tag(z.string(), { level: 'sensitive', kind: 'freeText' }),
      }),
    );
    const a = await handover({
      id: 'a',
      from: await seller(1),
      to: buyerRing(),
      ...base(),
      schemas: [Parcel],
    });
    const b = await handover({
      id: 'b',
      from: await seller(1),
      to: buyerRing(),
      ...base(),
      schemas: [other],
    });
    expect(a.manifest.schemaHashes['parcel/v1']).not.toBe(b.manifest.schemaHashes['parcel/v1']);
  });

  it('resumes after a crash without redoing finished records, then reports the whole count', async () => {
    const s = await seller(120);
    const to = buyerRing();
    const progress = memoryProgressStore();
    const parties = base();
    const sink = memorySink();
    const audit = createAuditLog({ sink });
    const crashing = { keyring: s.keyring, keyStore: failingAfter(s.keyStore, 70) };
    await expect(
      handover({ id: 'h-2', from: crashing, to, ...parties, progress, concurrency: 10, audit }),
    ).rejects.toThrow('injected crash');
    expect(sink.entries.some((e) => e.kind === 'handover.failed')).toBe(true);
    const mid = (await progress.get('handover/h-2'))!;
    expect(mid.value).toMatchObject({ phase: 'rewrapping', runs: 1 });
    const seen: number[] = [];
    const r = await handover({
      id: 'h-2',
      from: s,
      to,
      ...parties,
      progress,
      progressEvery: 10,
      concurrency: 10,
      onProgress: (p) => seen.push(p.rewrapped),
    });
    expect(r.runs).toBe(2);
    expect(r.rewrapped).toBe(50);
    expect(r.manifest.subjects.active).toBe(120);
    expect(seen.at(-1)).toBe(50);
    const again = await handover({ id: 'h-2', from: s, to, ...parties, progress });
    expect(again).toEqual({ manifest: r.manifest, rewrapped: 0, runs: 2 });
  });

  it('moves DEKs into a separate buyer store and shreds the seller copies, resuming after a crash', async () => {
    const s = await seller(40, 2);
    const to = buyerRing();
    const buyerStore = memoryKeyStore();
    const parties = base();
    const progress = memoryProgressStore();
    const sink = memorySink();
    const audit = createAuditLog({ sink });
    // Without the seller's audit log the seller copies could not be recorded: it refuses to start.
    await expect(
      handover({ id: 'h-3', from: s, to: { keyring: to, keyStore: buyerStore }, ...parties, progress }),
    ).rejects.toMatchObject({ code: 'HANDOVER_INVALID', message: expect.stringContaining('audit') });
    expect(sink.entries).toEqual([]);
    await expect(
      handover({
        id: 'h-3',
        from: { keyring: s.keyring, keyStore: failingAfter(s.keyStore, 15) },
        to: { keyring: to, keyStore: buyerStore },
        ...parties,
        progress,
        concurrency: 4,
        audit,
      }),
    ).rejects.toThrow('injected crash');
    const { manifest } = await handover({
      id: 'h-3',
      from: s,
      to: { keyring: to, keyStore: buyerStore },
      ...parties,
      progress,
      concurrency: 4,
      audit,
    });
    // Counted from the stores: 40 live keys moved (their seller copies destroyed), 2 erased before.
    expect(manifest.subjects).toEqual({ active: 40, erased: 2, sellerCopiesDestroyed: 40 });
    for await (const r of s.keyStore.list()) expect(r.state).toBe('destroyed');
    // Every destroyed seller copy is in the erasure ledger, kept under the buyer's KEK only.
    const copies = sink.entries.filter((e) => e.kind === 'key.destroyed');
    const moved = new Set(copies.map((e) => e.keyIds?.[0]));
    expect(moved.size).toBe(40);
    for (const e of copies)
      expect(e.data).toMatchObject({ ledger: 1, scope: 'copy', keptUnder: to.activeId, reason: 'handover' });
    expect(sink.entries.at(-1)).toMatchObject({
      kind: 'handover.completed',
      data: { ledger: 1, sellerCopiesDestroyed: 40, erased: 2 },
    });
    const v = await verifyHandover({ keyStore: buyerStore, keyring: to, manifest });
    expect(v).toMatchObject({ ok: true, verified: 40, erased: 2 });
  });

  it('refuses a buyer KEK that is also a seller KEK, and records under an unknown KEK', async () => {
    const s = await seller(2);
    const same = createKeyring({ keks: [{ id: 'seller-kek', key: generateKey() }], active: 'seller-kek' });
    await expect(handover({ id: 'h-4', from: s, to: same, ...base() })).rejects.toMatchObject({
      code: 'HANDOVER_INVALID',
    });
    const stray = createKeyring({ keks: [{ id: 'stray', key: generateKey() }], active: 'stray' });
    await s.keyStore.create(await activeKeyRecord(stray, 'x', d.suite));
    await expect(handover({ id: 'h-5', from: s, to: buyerRing(), ...base() })).rejects.toMatchObject({
      code: 'HANDOVER_INVALID',
      details: { unknown: 1 },
    });
  });

  it('requires purposes, party names and contacts', async () => {
    const s = await seller(1);
    await expect(
      handover({ id: 'h-6', from: s, to: buyerRing(), ...base(), purposes: [] }),
    ).rejects.toMatchObject({ code: 'HANDOVER_INVALID' });
    await expect(
      handover({
        id: 'h-7',
        from: s,
        to: buyerRing(),
        ...base(),
        buyer: { id: 'b', name: 'B', contact: '' },
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});

describe.each(DEPLOYMENTS)(
  'buyer verification, countersignature and notices ($suite suite, $alg keys)',
  (d) => {
    beforeAll(() => {
      alg = d.alg;
      dekSuite = d.suite;
    });
    afterAll(() => {
      alg = 'ed25519';
      dekSuite = 'default';
    });

    it('a damaged wrapped DEK fails verification and blocks the countersignature', async () => {
      const s = await seller(5);
      const to = buyerRing();
      const parties = base();
      const { manifest } = await handover({ id: 'h-8', from: s, to, ...parties });
      const r = (await s.keyStore.get('s-3'))!;
      if (r.state !== 'active') throw new Error('expected an active record');
      const bad = new Uint8Array(r.wrapped);
      bad[30]! ^= 1;
      await s.keyStore.compareAndSet('s-3', r.revision, { ...r, wrapped: bad, revision: r.revision + 1 });
      const v = await verifyHandover({ keyStore: s.keyStore, keyring: to, manifest });
      expect(v).toMatchObject({ ok: false, verified: 4, failed: 1, failedSubjects: ['s-3'] });
      const buyerKey = keyFor(alg);
      expect(() =>
        countersignManifest(manifest, {
          signingKey: buyerKey,
          sellerPublicKey: parties.seller.signingKey.publicKey,
          verification: v,
        }),
      ).toThrow(expect.objectContaining({ code: 'HANDOVER_INVALID' }));
    });

    it('countersigning checks the seller signature against the trusted key', async () => {
      const s = await seller(3);
      const to = buyerRing();
      const parties = base();
      const { manifest } = await handover({ id: 'h-9', from: s, to, ...parties });
      const v = await verifyHandover({ keyStore: s.keyStore, keyring: to, manifest });
      const buyerKey = keyFor(alg);
      const impostor = keyFor(alg);
      expect(() =>
        countersignManifest(manifest, {
          signingKey: buyerKey,
          sellerPublicKey: impostor.publicKey,
          verification: v,
        }),
      ).toThrow(expect.objectContaining({ code: 'HANDOVER_INVALID' }));
      const signed = countersignManifest(manifest, {
        signingKey: buyerKey,
        sellerPublicKey: parties.seller.signingKey.publicKey,
        verification: v,
      });
      expect(
        verifyManifest(signed, {
          sellerPublicKey: parties.seller.signingKey.publicKey,
          buyerPublicKey: buyerKey.publicKey,
        }),
      ).toEqual({ seller: true, buyer: true });
      expect(
        verifyManifest(signed, {
          sellerPublicKey: parties.seller.signingKey.publicKey,
          buyerPublicKey: impostor.publicKey,
        }).buyer,
      ).toBe(false);
      // keys of the other algorithm never verify (each signature names its algorithm)
      const confused = keyFor(otherAlg(alg)).publicKey;
      expect(verifyManifest(signed, { sellerPublicKey: confused, buyerPublicKey: confused })).toEqual({
        seller: false,
        buyer: false,
      });
      expect(signed.sellerSignature.startsWith('sm2:')).toBe(alg === 'sm2');
      const moved = { ...signed, buyerVerification: { ...signed.buyerVerification!, verified: 2 } };
      expect(
        verifyManifest(moved, {
          sellerPublicKey: parties.seller.signingKey.publicKey,
          buyerPublicKey: buyerKey.publicKey,
        }),
      ).toEqual({ seller: true, buyer: false });
    });

    it('notices go to every live subject, none to erased ones', async () => {
      const s = await seller(7, 2);
      const { manifest } = await handover({ id: 'h-10', from: s, to: buyerRing(), ...base() });
      const ids: string[] = [];
      for await (const n of handoverNotices(manifest, s.keyStore)) ids.push(n.subjectId);
      expect(ids.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `s-${i}`).sort());
    });

    it('purposes outside the manifest need fresh consent', () => {
      const m = { purposes: ['delivery'] };
      expect(checkPurpose(m, 'delivery').allowed).toBe(true);
      expect(checkPurpose(m, 'marketing')).toEqual({
        allowed: false,
        reason: expect.stringContaining('fresh consent'),
      });
      expect(checkPurpose(m, 'marketing', { consented: true }).allowed).toBe(true);
    });
  },
);

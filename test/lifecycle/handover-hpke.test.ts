// A handover to the buyer's public key: the seller's process never holds a buyer secret; the
// buyer imports the DEKs under its own KEK with acceptHandover. Adversarial: the wrong recipient
// key, a forged or altered manifest, key records swapped between people, a record replayed from
// another handover, and a crash between runs (two package keys).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/_internal/bytes.js';
import { createAuditLog, memorySink } from '../../src/audit/index.js';
import {
  createKeyring,
  generateKey,
  memoryKeyStore,
  type SubjectKeyRecord,
  type SubjectKeyStore,
} from '../../src/crypto/index.js';
import { isPiiError } from '../../src/errors.js';
import {
  acceptHandover,
  countersignManifest,
  generateRecipientKey,
  type HandoverManifest,
  handover,
  verifyHandover,
  verifyManifest,
} from '../../src/lifecycle/index.js';
import { memoryProgressStore } from '../../src/stores/index.js';
import { keyFor, SIGNING_ALGS, type TestAlg } from '../support/signing-algs.js';
import { handoverParties } from './fixtures/handover-parties.js';

// The manifests are signed with Ed25519 and with SM2 seller and buyer keys. The DEKs here are
// suite 1; GM DEKs to X25519 and SM2 recipients are tested in handover-gm-package.test.ts.
let alg: TestAlg = 'ed25519';

const PEOPLE = 5;
const RECORDS = 2;

async function sellerWorld() {
  const keyStore = memoryKeyStore();
  const ring = createKeyring({ keks: [{ id: 'seller-kek', key: generateKey() }], active: 'seller-kek' });
  const deks = new Map<string, string>();
  const ids = [
    ...Array.from({ length: PEOPLE }, (_, i) => `c-${i}`),
    ...Array.from({ length: RECORDS }, (_, i) => `record:P${i}`),
  ];
  for (const id of ids) {
    const dek = generateKey();
    deks.set(id, toHex(dek));
    const { kekId, wrapped } = await ring.wrap(id, dek);
    await keyStore.create({ subjectId: id, state: 'active', kekId, wrapped, createdAt: 0, revision: 1 });
  }
  return { keyStore, ring, deks };
}

async function toPublicKey(
  id: string,
  recipient = generateRecipientKey(),
  seller?: Awaited<ReturnType<typeof sellerWorld>>,
) {
  const s = seller ?? (await sellerWorld());
  const buyerStore = memoryKeyStore();
  const sellerKey = keyFor(alg);
  const indexKey = generateKey();
  const { sellerInfo, buyerInfo, purposes } = handoverParties();
  const { manifest } = await handover({
    id,
    from: { keyring: s.ring, keyStore: s.keyStore },
    to: { recipientPublicKey: recipient.publicKey, keyStore: buyerStore },
    seller: { ...sellerInfo, signingKey: sellerKey },
    buyer: buyerInfo,
    purposes,
    audit: createAuditLog({ sink: memorySink() }),
    inherit: { indexKey: { keyId: 'bi-1', key: indexKey } },
  });
  return { ...s, buyerStore, recipient, sellerKey, manifest, indexKey };
}

const buyerRing = () =>
  createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });

async function code(p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  return isPiiError(e) ? e.code : e === undefined ? undefined : 'not-a-pii-error';
}

describe.each(SIGNING_ALGS)("handover to the buyer's public key (%s manifests)", (a) => {
  beforeAll(() => {
    alg = a;
  });
  afterAll(() => {
    alg = 'ed25519';
  });

  it('moves every DEK without the buyer keyring; the buyer imports, verifies, countersigns', async () => {
    const w = await toPublicKey('h-hpke');
    expect(w.manifest.rewrap).toMatchObject({ mode: 'hpke', packageKeys: [{ run: 1 }] });
    expect(w.manifest.keys.buyerKekId.startsWith('hpke:')).toBe(true);
    expect(w.manifest.subjects.active).toBe(PEOPLE);
    expect(w.manifest.records?.active).toBe(RECORDS);
    // Before the import nothing opens under the buyer's keyring, and no seller copy is left.
    const keyring = buyerRing();
    expect((await verifyHandover({ keyStore: w.buyerStore, keyring, manifest: w.manifest })).ok).toBe(false);
    for await (const r of w.keyStore.list()) expect(r.state).toBe('destroyed');

    const r = await acceptHandover({
      manifest: w.manifest,
      sellerPublicKey: w.sellerKey.publicKey,
      recipientSecretKey: w.recipient.secretKey,
      keyStore: w.buyerStore,
      keyring,
    });
    expect(r.imported).toBe(PEOPLE + RECORDS);
    expect(toHex(r.indexKey!.key)).toBe(toHex(w.indexKey));
    // The same DEKs, now under the buyer's own KEK.
    for await (const rec of w.buyerStore.list()) {
      if (rec.state !== 'active') throw new Error('expected active');
      expect(rec.kekId).toBe('buyer-kek');
      expect(toHex(await keyring.unwrap(rec.kekId, rec.subjectId, rec.wrapped))).toBe(
        w.deks.get(rec.subjectId),
      );
    }
    const v = await verifyHandover({ keyStore: w.buyerStore, keyring, manifest: w.manifest });
    expect(v.ok).toBe(true);
    const buyerKey = keyFor(alg);
    const signed = countersignManifest(w.manifest, {
      signingKey: buyerKey,
      sellerPublicKey: w.sellerKey.publicKey,
      verification: v,
    });
    expect(
      verifyManifest(signed, { sellerPublicKey: w.sellerKey.publicKey, buyerPublicKey: buyerKey.publicKey }),
    ).toEqual({
      seller: true,
      buyer: true,
    });
    // Running the import again changes nothing.
    const again = await acceptHandover({
      manifest: w.manifest,
      sellerPublicKey: w.sellerKey.publicKey,
      recipientSecretKey: w.recipient.secretKey,
      keyStore: w.buyerStore,
      keyring,
    });
    expect(again).toMatchObject({ imported: 0, alreadyImported: PEOPLE + RECORDS });
  });

  it('refuses the wrong recipient key, an untrusted seller key and an altered manifest', async () => {
    const w = await toPublicKey('h-hpke-keys');
    const base = {
      manifest: w.manifest,
      sellerPublicKey: w.sellerKey.publicKey,
      recipientSecretKey: w.recipient.secretKey,
      keyStore: w.buyerStore,
      keyring: buyerRing(),
    };
    expect(
      await code(acceptHandover({ ...base, recipientSecretKey: generateRecipientKey().secretKey })),
    ).toBe('HANDOVER_INVALID');
    expect(await code(acceptHandover({ ...base, sellerPublicKey: keyFor(alg).publicKey }))).toBe(
      'HANDOVER_INVALID',
    );
    // Pointing the manifest at another recipient, or swapping in another package key, breaks the signature.
    const other = generateRecipientKey();
    const m1 = structuredClone(w.manifest) as HandoverManifest & { rewrap: { recipientKeyId: string } };
    m1.rewrap.recipientKeyId = 'ffffffffffffffff';
    expect(await code(acceptHandover({ ...base, manifest: m1, recipientSecretKey: other.secretKey }))).toBe(
      'HANDOVER_INVALID',
    );
    const forged = await toPublicKey('h-hpke-keys', w.recipient);
    const m2 = structuredClone(w.manifest) as HandoverManifest & { rewrap: { packageKeys: unknown } };
    m2.rewrap.packageKeys = (forged.manifest.rewrap as { packageKeys: unknown }).packageKeys;
    expect(await code(acceptHandover({ ...base, manifest: m2 }))).toBe('HANDOVER_INVALID');
    // Nothing was imported by any of these.
    for await (const r of w.buyerStore.list())
      if (r.state === 'active') expect(r.kekId.startsWith('hpke:')).toBe(true);
    // A keyring handover's manifest is refused: its DEKs are not packaged.
    const s = await sellerWorld();
    const keyring = buyerRing();
    const { sellerInfo, buyerInfo, purposes } = handoverParties();
    const sk = keyFor(alg);
    const { manifest: plain } = await handover({
      id: 'h-plain',
      from: { keyring: s.ring, keyStore: s.keyStore },
      to: keyring,
      seller: { ...sellerInfo, signingKey: sk },
      buyer: buyerInfo,
      purposes,
    });
    expect(await code(acceptHandover({ ...base, manifest: plain, sellerPublicKey: sk.publicKey }))).toBe(
      'HANDOVER_INVALID',
    );
  });

  it('refuses key records swapped between people, and imports none of them', async () => {
    const w = await toPublicKey('h-hpke-swap');
    const a = (await w.buyerStore.get('c-0')) as SubjectKeyRecord & { state: 'active' };
    const b = (await w.buyerStore.get('c-1')) as SubjectKeyRecord & { state: 'active' };
    await w.buyerStore.compareAndSet('c-0', a.revision, {
      ...a,
      wrapped: b.wrapped,
      revision: a.revision + 1,
    });
    await w.buyerStore.compareAndSet('c-1', b.revision, {
      ...b,
      wrapped: a.wrapped,
      revision: b.revision + 1,
    });
    const keyring = buyerRing();
    const err = await acceptHandover({
      manifest: w.manifest,
      sellerPublicKey: w.sellerKey.publicKey,
      recipientSecretKey: w.recipient.secretKey,
      keyStore: w.buyerStore,
      keyring,
    }).catch((e: unknown) => e);
    expect(isPiiError(err) && err.code).toBe('HANDOVER_INVALID');
    expect(isPiiError(err) && err.details).toMatchObject({ refused: 2 });
    for (const id of ['c-0', 'c-1']) {
      const r = await w.buyerStore.get(id);
      expect(r?.state === 'active' && r.kekId.startsWith('hpke:')).toBe(true);
    }
    expect((await verifyHandover({ keyStore: w.buyerStore, keyring, manifest: w.manifest })).ok).toBe(false);
  });

  it('detects a key record replayed from another handover to the same buyer key', async () => {
    const recipient = generateRecipientKey();
    const a = await toPublicKey('h-hpke-a', recipient);
    const b = await toPublicKey('h-hpke-b', recipient);
    const mine = (await a.buyerStore.get('c-2')) as SubjectKeyRecord & { state: 'active' };
    const theirs = (await b.buyerStore.get('c-2')) as SubjectKeyRecord & { state: 'active' };
    expect(mine.kekId).toBe(theirs.kekId); // same recipient, same run number: only the content differs
    await a.buyerStore.compareAndSet('c-2', mine.revision, { ...theirs, revision: mine.revision + 1 });
    const base = {
      sellerPublicKey: a.sellerKey.publicKey,
      recipientSecretKey: recipient.secretKey,
      keyring: buyerRing(),
    };
    const err = await acceptHandover({ ...base, manifest: a.manifest, keyStore: a.buyerStore }).catch(
      (e: unknown) => e,
    );
    expect(isPiiError(err) && err.details).toMatchObject({ refused: 1 });
    // B's whole package under A's manifest (A's seller key) opens nothing either.
    const err2 = await acceptHandover({ ...base, manifest: a.manifest, keyStore: b.buyerStore }).catch(
      (e: unknown) => e,
    );
    expect(isPiiError(err2) && err2.details).toMatchObject({ refused: PEOPLE + RECORDS });
  });

  it('resumes after a crash with a second package key; the buyer opens both runs', async () => {
    const s = await sellerWorld();
    let writes = 0;
    const crashing: SubjectKeyStore = {
      ...s.keyStore,
      list: () => s.keyStore.list(),
      get: (id) => s.keyStore.get(id),
      create: (r) => s.keyStore.create(r),
      async compareAndSet(id, rev, next) {
        if (++writes > 3) throw new Error('disk gone');
        return s.keyStore.compareAndSet(id, rev, next);
      },
    };
    const recipient = generateRecipientKey();
    const buyerStore = memoryKeyStore();
    const progress = memoryProgressStore();
    const audit = createAuditLog({ sink: memorySink() });
    const sellerKey = keyFor(alg);
    const { sellerInfo, buyerInfo, purposes } = handoverParties();
    const opts = {
      id: 'h-hpke-resume',
      to: { recipientPublicKey: recipient.publicKey, keyStore: buyerStore },
      seller: { ...sellerInfo, signingKey: sellerKey },
      buyer: buyerInfo,
      purposes,
      audit,
      progress,
      concurrency: 1,
    };
    await expect(handover({ ...opts, from: { keyring: s.ring, keyStore: crashing } })).rejects.toThrow();
    const { manifest, runs } = await handover({ ...opts, from: { keyring: s.ring, keyStore: s.keyStore } });
    expect(runs).toBe(2);
    const rewrap = manifest.rewrap as { mode: 'hpke'; packageKeys: Array<{ run: number }> };
    expect(rewrap.packageKeys.map((p) => p.run)).toEqual([1, 2]);
    const kekIds = new Set<string>();
    for await (const r of buyerStore.list()) if (r.state === 'active') kekIds.add(r.kekId.split('/')[1]!);
    expect([...kekIds].sort()).toEqual(['1', '2']);
    const keyring = buyerRing();
    const r = await acceptHandover({
      manifest,
      sellerPublicKey: sellerKey.publicKey,
      recipientSecretKey: recipient.secretKey,
      keyStore: buyerStore,
      keyring,
    });
    expect(r.imported).toBe(PEOPLE + RECORDS);
    expect((await verifyHandover({ keyStore: buyerStore, keyring, manifest })).ok).toBe(true);
  });

  it('refuses a target that names both a keyring and a public key, or an unknown member', async () => {
    const s = await sellerWorld();
    const { sellerInfo, buyerInfo, purposes } = handoverParties();
    const run = (to: unknown) =>
      handover({
        id: 'h-to',
        from: { keyring: s.ring, keyStore: s.keyStore },
        to: to as never,
        seller: { ...sellerInfo, signingKey: keyFor(alg) },
        buyer: buyerInfo,
        purposes,
      });
    expect(
      await code(run({ keyring: buyerRing(), recipientPublicKey: generateRecipientKey().publicKey })),
    ).toBe('HANDOVER_INVALID');
    expect(await code(run({ recipientPublicKey: generateRecipientKey().publicKey, zzUnknown: 1 }))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

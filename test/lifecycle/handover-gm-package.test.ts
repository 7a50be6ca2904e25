// A public-key handover of a GM vault: every DEK of every record, of either suite, travels in the
// package with its suite, to an X25519 recipient (HPKE) or an SM2 recipient (SM2 encryption and
// SM4-GCM, picked from the key). The buyer imports under its own KEK and its GM vault opens every
// record. Adversarial: records swapped between people, a part dropped, the two parts swapped, a
// byte flipped, a package opened as the other kind.
import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink } from '../../src/audit/index.js';
import { generateSigningKey } from '../../src/consent/index.js';
import {
  createKeyring,
  createVault,
  generateKey,
  memoryKeyStore,
  type SubjectKeyRecord,
  type SubjectKeyStore,
} from '../../src/crypto/index.js';
import { decodeWrapped, encodeWrapped, GM_RECORD_MAGIC } from '../../src/crypto/key-record-suite.js';
import { isPiiError } from '../../src/errors.js';
import {
  acceptHandover,
  generateRecipientKey,
  generateSm2RecipientKey,
  handover,
  verifyHandover,
} from '../../src/lifecycle/index.js';
import { parcel, Parcel } from '../crypto/fixtures/parcel.js';
import { handoverParties } from './fixtures/handover-parties.js';

const RECIPIENTS = [
  { kind: 'hpke', make: generateRecipientKey, prefix: 'hpke:', seal: 'cpii-hpke1.' },
  { kind: 'sm2', make: generateSm2RecipientKey, prefix: 'sm2e:', seal: 'cpii-sm2e1.' },
] as const;

const isGm = (b: Uint8Array) => GM_RECORD_MAGIC.every((x, i) => b[i] === x);

/** A seller whose store mixes suites: c0 has both DEKs (sealed by both vaults), c1 and c2 GM only. */
async function sellerWorld() {
  const keyStore = memoryKeyStore();
  const keyring = createKeyring({ keks: [{ id: 'seller-kek', key: generateKey() }], active: 'seller-kek' });
  const indexKey = generateKey();
  const vault = (suite: 'default' | 'gm') =>
    createVault({ keyring, keyStore, indexKey, suite, audit: 'none' });
  const seal = (suite: 'default' | 'gm', id: string, customer: string) =>
    vault(suite).seal(Parcel, parcel(), {
      recordId: id,
      subjects: { recipient: customer },
      recordKeyFor: ['sender'],
    });
  const records = [
    ['A', await seal('default', 'A', 'c0')],
    ['B', await seal('gm', 'B', 'c0')],
    ['C', await seal('gm', 'C', 'c1')],
    ['D', await seal('gm', 'D', 'c2')],
  ] as const;
  const c0 = (await keyStore.get('c0')) as SubjectKeyRecord & { state: 'active' };
  const parts = decodeWrapped(c0.wrapped);
  expect(parts.gm && parts.legacy).toBeTruthy(); // a mixed-suite record: both DEKs
  return { keyStore, keyring, indexKey, records };
}

async function handOver(recipient: (typeof RECIPIENTS)[number], id = 'h-gm') {
  const s = await sellerWorld();
  const r = recipient.make();
  const buyerStore = memoryKeyStore();
  const sellerKey = generateSigningKey({ alg: 'sm2' });
  const { sellerInfo, buyerInfo, purposes } = handoverParties();
  const { manifest } = await handover({
    id,
    from: { keyring: s.keyring, keyStore: s.keyStore },
    to: { recipientPublicKey: r.publicKey, keyStore: buyerStore },
    seller: { ...sellerInfo, signingKey: sellerKey },
    buyer: buyerInfo,
    purposes,
    audit: createAuditLog({ sink: memorySink() }),
    inherit: { indexKey: { keyId: 'bi-1', key: s.indexKey } },
  });
  const keyring = createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });
  const accept = (over: Partial<Parameters<typeof acceptHandover>[0]> = {}) =>
    acceptHandover({
      manifest,
      sellerPublicKey: sellerKey.publicKey,
      recipientSecretKey: r.secretKey,
      keyStore: buyerStore,
      keyring,
      ...over,
    });
  return { ...s, recipient: r, buyerStore, manifest, keyring, accept };
}

async function failure(p: Promise<unknown>): Promise<{ code?: string; details?: unknown }> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!isPiiError(e)) throw new Error(`expected a PiiError, got ${String(e)}`);
  return { code: e.code, details: e.details };
}

async function swap(store: SubjectKeyStore, id: string, wrapped: Uint8Array): Promise<void> {
  const r = (await store.get(id)) as SubjectKeyRecord & { state: 'active' };
  await store.compareAndSet(id, r.revision, { ...r, wrapped, revision: r.revision + 1 });
}

describe.each(RECIPIENTS)('public-key handover of a GM vault to a $kind recipient', (recipient) => {
  it('carries every DEK of every record with its suite; the buyer GM vault opens every record', async () => {
    const w = await handOver(recipient);
    expect(w.manifest.rewrap).toMatchObject({ mode: recipient.kind, packageKeys: [{ run: 1 }] });
    const rewrap = w.manifest.rewrap as { packageKeys: Array<{ sealed: string }> };
    expect(rewrap.packageKeys[0]!.sealed.startsWith(recipient.seal)).toBe(true);
    expect(w.manifest.keys.buyerKekId.startsWith(recipient.prefix)).toBe(true);
    expect(w.manifest.inherits?.indexKey).toMatchObject({ to: recipient.kind });
    for await (const r of w.buyerStore.list())
      if (r.state === 'active') expect(r.kekId.startsWith(recipient.prefix)).toBe(true);

    const res = await w.accept();
    expect(res.imported).toBe(7); // people c0, c1, c2 and the own keys of records A to D
    expect(Buffer.from(res.indexKey!.key).equals(Buffer.from(w.indexKey))).toBe(true);
    // The mixed record still holds both DEKs, now under the buyer's KEK.
    const c0 = (await w.buyerStore.get('c0')) as SubjectKeyRecord & { state: 'active' };
    expect(c0.kekId).toBe('buyer-kek');
    const parts = decodeWrapped(c0.wrapped);
    expect(parts.gm && parts.legacy).toBeTruthy();
    expect(
      (await verifyHandover({ keyStore: w.buyerStore, keyring: w.keyring, manifest: w.manifest })).ok,
    ).toBe(true);
    const buyerVault = createVault({
      keyring: w.keyring,
      keyStore: w.buyerStore,
      indexKey: res.indexKey!.key,
      suite: 'gm',
      audit: 'none',
    });
    for (const [id, sealed] of w.records)
      expect((await buyerVault.open(Parcel, sealed.record, { recordId: id })).recipient.idNumber).toBe(
        parcel().recipient.idNumber,
      );
  });

  it('refuses records swapped between people, parts dropped or swapped, and a flipped byte; imports none of them', async () => {
    const w = await handOver(recipient);
    const get = async (id: string) =>
      ((await w.buyerStore.get(id)) as SubjectKeyRecord & { state: 'active' }).wrapped;
    const c0 = decodeWrapped(await get('c0'));
    const c1 = await get('c1');
    const c2 = await get('c2');
    expect(isGm(c1)).toBe(true);
    await swap(w.buyerStore, 'c1', c2);
    await swap(w.buyerStore, 'c2', c1);
    // c0: the suite-1 part dropped (the record would lose a DEK); then a copy with the parts swapped
    await swap(w.buyerStore, 'c0', encodeWrapped(c0.gm!));
    const e = await failure(w.accept());
    expect(e.code).toBe('HANDOVER_INVALID');
    expect(e.details).toMatchObject({ refused: 3 });
    await swap(w.buyerStore, 'c0', encodeWrapped(c0.legacy!, c0.gm!));
    expect((await failure(w.accept())).details).toMatchObject({ refused: 3 });
    await swap(w.buyerStore, 'c0', c0.legacy!); // the suite-1 part alone, unframed
    expect((await failure(w.accept())).details).toMatchObject({ refused: 3 });
    const flipped = Uint8Array.from(c2, (x, i) => (i === c2.length - 3 ? x ^ 1 : x));
    await swap(w.buyerStore, 'c1', flipped);
    expect((await failure(w.accept())).details).toMatchObject({ refused: 3 });
    for (const id of ['c0', 'c1', 'c2'])
      expect(((await w.buyerStore.get(id)) as { kekId: string }).kekId.startsWith(recipient.prefix)).toBe(
        true,
      );
  });

  it('refuses the secret key of the other kind, and a manifest naming the other package kind', async () => {
    const w = await handOver(recipient);
    const other = RECIPIENTS.find((r) => r.kind !== recipient.kind)!;
    expect((await failure(w.accept({ recipientSecretKey: other.make().secretKey }))).code).toBe(
      'HANDOVER_INVALID',
    );
    // Relabelling the package kind breaks the seller's signature.
    const m = structuredClone(w.manifest) as typeof w.manifest & { rewrap: { mode: string } };
    m.rewrap.mode = other.kind;
    expect((await failure(w.accept({ manifest: m }))).code).toBe('HANDOVER_INVALID');
  });
});

it('a recipient public key of neither kind is refused before any key moves', async () => {
  const s = await sellerWorld();
  const { sellerInfo, buyerInfo, purposes } = handoverParties();
  const before = await s.keyStore.get('c1');
  const offCurve = Uint8Array.of(4, ...new Uint8Array(64).fill(7));
  for (const bad of [new Uint8Array(33).fill(2), new Uint8Array(65).fill(3), offCurve, new Uint8Array(16)]) {
    const e = await failure(
      handover({
        id: 'h-bad',
        from: { keyring: s.keyring, keyStore: s.keyStore },
        to: { recipientPublicKey: bad, keyStore: memoryKeyStore() },
        seller: { ...sellerInfo, signingKey: generateSigningKey() },
        buyer: buyerInfo,
        purposes,
        audit: createAuditLog({ sink: memorySink() }),
      }),
    );
    expect(e.code).toBe('INVALID_ARGUMENT');
  }
  expect(await s.keyStore.get('c1')).toEqual(before);
});

describe('frozen package vectors (test/vectors/handover/packages.json)', () => {
  it('open byte for byte: package keys with the recipient secret, every record to its DEKs', async () => {
    const { readFileSync } = await import('node:fs');
    const { xchacha20poly1305 } = await import('@noble/ciphers/chacha.js');
    const { openPackagedDeks } = await import('../../src/lifecycle/handover-package.js');
    const { openFromSender, openFromSm2Sender } = await import('../../src/lifecycle/index.js');
    const vectors = JSON.parse(
      readFileSync(new URL('../vectors/handover/packages.json', import.meta.url), 'utf8'),
    ) as Array<{
      kind: 'hpke' | 'sm2';
      handoverId: string;
      run: number;
      recipientSecretKey: string;
      sealedPackageKey: string;
      records: Array<{ subjectId: string; wrapped: string; deks: Record<string, string> }>;
    }>;
    const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
    expect(vectors.map((v) => v.kind)).toEqual(['hpke', 'sm2']);
    for (const v of vectors) {
      const info = `courier-pii/handover-package/v1|${v.handoverId}|${v.run}`;
      const open = v.kind === 'sm2' ? openFromSm2Sender : openFromSender;
      const key = open(hex(v.recipientSecretKey), v.sealedPackageKey, info);
      expect(v.records).toHaveLength(3);
      for (const r of v.records) {
        const deks = openPackagedDeks(v.kind, key, v.handoverId, r.subjectId, hex(r.wrapped));
        const got = Object.fromEntries(
          Object.entries(deks ?? {}).map(([s, d]) => [s, Buffer.from(d).toString('hex')]),
        );
        expect(got, r.subjectId).toEqual(r.deks);
        // Another subject opens nothing.
        expect(
          openPackagedDeks(v.kind, key, v.handoverId, `${r.subjectId}x`, hex(r.wrapped)),
        ).toBeUndefined();
        // A version 1 record (suite-1 DEK, HPKE) is nonce(24) || XChaCha20-Poly1305 with the documented AAD.
        if (v.kind === 'hpke' && !r.deks.gm) {
          const w = hex(r.wrapped);
          const aad = new TextEncoder().encode(`courier-pii/handover-dek/v1|${v.handoverId}|${r.subjectId}`);
          const dek = xchacha20poly1305(key, w.subarray(0, 24), aad).decrypt(w.subarray(24));
          expect(Buffer.from(dek).toString('hex')).toBe(r.deks.legacy);
        }
      }
    }
  });
});

// Builds test/vectors/handover/sm2-manifests.json: a v2 handover manifest signed by an SM2 seller
// key and countersigned by an SM2 buyer key, over SM4-wrapped (GM suite) seller DEKs, and the
// seller's SM2-signed KEK destruction attestation. SM2 signatures draw a fresh k, so the file
// cannot be rebuilt byte for byte: it is frozen once (`npx tsx
// test/lifecycle/sm2-manifest-vectors.gen.ts write`) and test/lifecycle/manifest-vectors.test.ts
// checks that it keeps verifying.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { toHex } from '../../src/_internal/bytes.js';
import { generateSigningKey } from '../../src/consent/index.js';
import { createKeyring, memoryKeyStore } from '../../src/crypto/index.js';
import {
  attestKekDestruction,
  countersignManifest,
  handover,
  manifestHash,
  verifyHandover,
} from '../../src/lifecycle/index.js';

/** A seeded byte source: SHA-256(seed || counter) blocks (test keys, not secrets). */
function seeded(seed: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let o = 0; o < n; o += 32) {
      const h = createHash('sha256').update(`${seed}/${counter++}`).digest();
      out.set(h.subarray(0, Math.min(32, n - o)), o);
    }
    return out;
  };
}

export const sellerKey = generateSigningKey({ alg: 'sm2', random: seeded('vector-sm2-seller') });
export const buyerKey = generateSigningKey({ alg: 'sm2', random: seeded('vector-sm2-buyer') });

export async function buildSm2ManifestVectors() {
  const from = createKeyring({
    keks: [{ id: 'seller-kek', key: new Uint8Array(32).fill(1) }],
    active: 'seller-kek',
  });
  const to = createKeyring({
    keks: [{ id: 'buyer-kek', key: new Uint8Array(32).fill(2) }],
    active: 'buyer-kek',
  });
  const keyStore = memoryKeyStore();
  for (const [i, subjectId] of ['c-1', 'c-2'].entries()) {
    const { kekId, wrapped } = await from.wrap(
      subjectId,
      new Uint8Array(32).fill(16 + i),
      'seller-kek',
      'gm',
    );
    await keyStore.create({ subjectId, state: 'active', kekId, wrapped, createdAt: 1, revision: 1 });
  }
  await keyStore.create({ subjectId: 'c-3', state: 'destroyed', createdAt: 1, destroyedAt: 2, revision: 1 });
  const { manifest } = await handover({
    id: 'vector-sm2-h2',
    from: { keyring: from, keyStore },
    to,
    seller: {
      id: 'seller-co',
      name: 'Seller Express Co.',
      contact: 'privacy@seller-co.example',
      signingKey: sellerKey,
    },
    buyer: { id: 'buyer-co', name: 'Buyer Logistics Co.', contact: 'privacy@buyer-co.example' },
    purposes: ['delivery'],
    now: () => new Date('2026-12-01T00:00:00.000Z'),
    inherit: {
      consentIssuerKeys: [{ keyId: 'issuer-sm2', publicKey: sellerKey.publicKey }],
      revocations: ['tok-a'],
      useCounters: { 'tok-a': 1 },
      retentionRules: [],
      legalHolds: [],
      openRequests: ['rr-1'],
    },
  });
  const verification = await verifyHandover({ keyStore, keyring: to, manifest });
  const signed = countersignManifest(manifest, {
    signingKey: buyerKey,
    sellerPublicKey: sellerKey.publicKey,
    verification,
    now: new Date('2026-12-01T01:00:00.000Z'),
  });
  const kekDestruction = attestKekDestruction(signed, {
    signingKey: sellerKey,
    method: 'hsm-key-deleted',
    destroyedAt: new Date('2026-12-02T00:00:00.000Z'),
  });
  return {
    sellerPublicKey: toHex(sellerKey.publicKey),
    buyerPublicKey: toHex(buyerKey.publicKey),
    v2: { manifest: signed, manifestHash: manifestHash(signed), kekDestruction },
  };
}

if (process.argv[2] === 'write') {
  const out = new URL('../vectors/handover/sm2-manifests.json', import.meta.url);
  writeFileSync(out, `${JSON.stringify(await buildSm2ManifestVectors(), null, 2)}\n`);
}

/**
 * Example 09: a courier company is sold (PIPL Art. 22; GB/T 35273-2020 §9.3). Every customer's
 * DEK is rewrapped from the seller's KEK to the buyer's without decrypting any field; the
 * seller signs a manifest, the buyer verifies every DEK and countersigns, every customer gets a
 * notice naming the recipient, and purposes are frozen. Afterwards the seller opens nothing.
 * Run: npx tsx examples/09-company-handover.ts
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isPiiError } from 'courier-pii';
import { generateSigningKey } from 'courier-pii/consent';
import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
import {
  checkPurpose,
  countersignManifest,
  handover,
  handoverNotices,
  verifyHandover,
  verifyManifest,
} from 'courier-pii/lifecycle';
import { pii } from 'courier-pii/schema';
import { memoryProgressStore } from 'courier-pii/stores';
import * as z from 'zod';

const Parcel = pii.id(
  'parcel/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    recipient: pii.subject(
      'recipient',
      z.object({ name: pii.name(), phone: pii.phone(), address: pii.address() }),
    ),
  }),
);

export async function main() {
  // The seller's platform: one key store, its own KEK, 500 customers' parcels.
  const keyStore = memoryKeyStore();
  const indexKey = generateKey(); // handed over with the data so blind-index look-ups keep working
  const sellerRing = createKeyring({
    keks: [{ id: 'xunda-kek-2026', key: generateKey() }],
    active: 'xunda-kek-2026',
  });
  const sellerVault = createVault({ keyring: sellerRing, keyStore, indexKey });
  let first: Awaited<ReturnType<typeof sellerVault.seal<typeof Parcel>>> | undefined;
  for (let i = 0; i < 500; i++) {
    const sealed = await sellerVault.seal(
      Parcel,
      {
        waybillNo: `SF${1_000_000_000_000 + i}`,
        recipient: {
          name: '张三',
          phone: `138${String(10_000_000 + i)}`,
          address: '山东省青岛市市南区香港中路61号',
        },
      },
      { recordId: `p${i}`, subjects: { recipient: `cust-${i}` } },
    );
    first ??= sealed;
  }

  const sellerKey = generateSigningKey();
  const buyerKey = generateSigningKey();
  const buyerRing = createKeyring({
    keks: [{ id: 'yuanhang-kek-1', key: generateKey() }],
    active: 'yuanhang-kek-1',
  });
  const buyer = { id: 'yuanhang', name: '山东远航物流有限公司', contact: 'privacy@yuanhang.example' };

  // 1. The seller runs the handover (resumable: rerun with the same id after a crash).
  let lastProgress = 0;
  const { manifest } = await handover({
    id: 'acquisition-2026-11',
    from: { keyring: sellerRing, keyStore },
    to: buyerRing,
    seller: {
      id: 'xunda',
      name: '青岛迅达快递有限公司',
      contact: 'privacy@xunda.example',
      signingKey: sellerKey,
    },
    buyer,
    purposes: ['delivery', 'customer-service'],
    schemas: [Parcel],
    recordCounts: { 'parcel/v1': 500 },
    progress: memoryProgressStore(),
    progressEvery: 100,
    onProgress: (p) => {
      lastProgress = p.done;
    },
  });
  sellerVault.clearCache(); // a running seller process drops the DEKs it still holds in memory
  console.log(
    `handover: ${manifest.subjects.active} subject keys now under ${manifest.keys.buyerKekId} (progress ${lastProgress})`,
  );

  // 2. The buyer verifies every DEK opens, then countersigns.
  const verification = await verifyHandover({ keyStore, keyring: buyerRing, manifest });
  const signed = countersignManifest(manifest, {
    signingKey: buyerKey,
    sellerPublicKey: sellerKey.publicKey,
    verification,
  });
  const signatures = verifyManifest(signed, {
    sellerPublicKey: sellerKey.publicKey,
    buyerPublicKey: buyerKey.publicKey,
  });
  console.log('buyer verification:', verification.ok, '| signatures:', signatures);

  // 3. The same sealed parcel (never re-encrypted) opens for the buyer and not for the seller.
  const buyerVault = createVault({ keyring: buyerRing, keyStore, indexKey });
  const opened = await buyerVault.open(Parcel, first!.record, { recordId: 'p0' });
  const sellerAttempt = await sellerVault
    .open(Parcel, first!.record, { recordId: 'p0' })
    .then(() => 'opened')
    .catch((e: unknown) => (isPiiError(e) ? e.code : 'unexpected'));
  console.log('buyer opens p0:', opened.recipient.name, '| seller opens p0:', sellerAttempt);

  // 4. Tell every customer who the recipient is (Art. 22).
  const notices = [];
  for await (const n of handoverNotices(signed, keyStore)) notices.push(n);
  console.log(`notices: ${notices.length}; e.g. "${notices[0]?.text.zh}"`);

  // 5. Purposes are frozen: a new purpose needs fresh consent.
  const marketing = checkPurpose(signed, 'marketing');
  console.log('marketing allowed without consent?', marketing.allowed, '-', marketing.reason);

  return {
    manifest: signed,
    verification,
    signatures,
    buyerReads: opened.recipient.name,
    sellerAttempt,
    notices: notices.length,
    marketing,
  };
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

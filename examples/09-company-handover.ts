/**
 * Example 09: a courier company is sold (PIPL Art. 22; GB/T 35273-2020 §9.3). Before anything
 * moves, the seller plans the transfer and tells every customer (one notice per person, never per
 * parcel) who the buyer is, for which purposes, their rights and until when they may object; each
 * delivery is on record. Two customers object and are left out (crypto-shredded). Every other
 * DEK is rewrapped from the seller's KEK to the buyer's without decrypting any field; the seller
 * signs a manifest binding what the buyer inherits (consent issuer key, retention rules, the
 * audit checkpoint, the wrapped blind-index key), the buyer verifies and countersigns, and the
 * seller attests that its KEK is destroyed. The buyer's policy is bound to the
 * transferred purposes: marketing is denied until a customer's new consent is recorded.
 * Run: npx tsx examples/09-company-handover.ts
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isPiiError } from 'courier-pii';
import { createAuditLog, memorySink, verifyAuditLog } from 'courier-pii/audit';
import { generateSigningKey } from 'courier-pii/consent';
import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
import {
  attestKekDestruction,
  countersignManifest,
  DEFAULT_RETENTION_RULES,
  deliverNotices,
  handover,
  handoverExclusion,
  handoverNotices,
  inheritanceReport,
  type LifecycleRecord,
  openInheritedIndexKey,
  planHandover,
  verifyHandover,
  verifyManifest,
} from 'courier-pii/lifecycle';
import { definePolicy, type PurposeConsentReader } from 'courier-pii/policy';
import { pii } from 'courier-pii/schema';
import * as z from 'zod';

// The README's parcel: the GPS trace is outside any subject, so each parcel has its own key too.
const Parcel = pii.id(
  'parcel/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    recipient: pii.subject(
      'recipient',
      z.object({ name: pii.name(), phone: pii.phone(), address: pii.address() }),
    ),
    sender: pii.subject('sender', z.object({ name: pii.name(), phone: pii.phone() })),
    trace: z.array(pii.geo()),
  }),
);

const PURPOSES = ['delivery', 'customer-service'];
const LABELS = {
  delivery: { zh: '快件寄递', en: 'delivering parcels' },
  'customer-service': { zh: '客户服务', en: 'customer service' },
};

export async function main() {
  // The seller's platform: 50 parcels from 5 shops to 50 customers: 55 people, 50 parcel keys.
  const keyStore = memoryKeyStore();
  const sink = memorySink();
  const audit = createAuditLog({ sink }); // the seller's audit log (processing records, >= 3 years)
  const sellerRing = createKeyring({
    keks: [{ id: 'xunda-kek-2026', key: generateKey() }],
    active: 'xunda-kek-2026',
  });
  const indexKey = generateKey(); // handed over with the data so blind-index look-ups keep working
  const sellerVault = createVault({ keyring: sellerRing, keyStore, indexKey });
  const rows: LifecycleRecord[] = [];
  for (let i = 0; i < 50; i++) {
    const subjects = { recipient: `cust-${i}`, sender: `shop-${i % 5}` };
    const { record } = await sellerVault.seal(
      Parcel,
      {
        waybillNo: `SF${1_000_000_000_000 + i}`,
        recipient: {
          name: '张三',
          phone: `138${String(10_000_000 + i)}`,
          address: '山东省青岛市市南区香港中路61号',
        },
        sender: { name: '李四', phone: '13912345678' },
        trace: [{ lat: 36.0671, lng: 120.3826 }],
      },
      { recordId: `p${i}`, subjects },
    );
    rows.push({ id: `p${i}`, schema: Parcel, subjects, purposes: ['delivery'], data: record });
  }
  const records = {
    async *records() {
      yield* rows;
    },
  };
  const seller = {
    id: 'xunda',
    name: '青岛迅达快递有限公司',
    contact: 'privacy@xunda.example, 400-100-2000',
  };
  const buyer = {
    id: 'yuanhang',
    name: '山东远航物流有限公司',
    contact: 'privacy@yuanhang.example, 400-300-4000',
  };

  // 1. Plan: the due-diligence package and one notice per person, with an objection deadline.
  const { plan, notices } = await planHandover({
    id: 'acquisition-2026-11',
    kind: 'asset',
    seller,
    buyer,
    purposes: PURPOSES,
    purposeLabels: LABELS,
    objectionDeadline: '2026-12-31T00:00:00+08:00',
    records,
    keyStore,
    audit,
  });
  console.log(
    `plan: ${plan.people.total} people (${JSON.stringify(plan.people.byRole)}), ${plan.records.total} parcels; notices: ${notices.length}`,
  );
  console.log(`notice: "${notices[0]?.text.zh}"`);

  // 2. Deliver the notices through your SMS gateway; every delivery is recorded (ids only).
  const delivery = await deliverNotices(notices, { audit, send: async () => {} });
  console.log('delivered:', delivery);

  // 3. Two customers object before the deadline: they are left out, their keys crypto-shredded.
  const exclude = await handoverExclusion(records, { subjects: ['cust-3', 'cust-7'], action: 'erase' });

  // 4. The handover (resumable: rerun with the same id after a crash).
  const sellerKey = generateSigningKey();
  const buyerKey = generateSigningKey();
  const consentIssuer = generateSigningKey(); // the key that signed the customers' consent tokens
  const buyerRing = createKeyring({
    keks: [{ id: 'yuanhang-kek-1', key: generateKey() }],
    active: 'yuanhang-kek-1',
  });
  const { manifest } = await handover({
    id: 'acquisition-2026-11',
    kind: 'asset',
    from: { keyring: sellerRing, keyStore },
    to: buyerRing,
    seller: { ...seller, signingKey: sellerKey },
    buyer,
    purposes: PURPOSES,
    records,
    exclude,
    audit,
    // What the buyer inherits besides the keys, bound into the manifest (each item, or "not supplied").
    inherit: {
      consentIssuerKeys: [{ keyId: 'xunda-consent-2026', publicKey: consentIssuer.publicKey }],
      revocations: [],
      useCounters: {},
      retentionRules: DEFAULT_RETENTION_RULES,
      legalHolds: [],
      openRequests: [],
      audit, // its checkpoint: the head of the processing records the buyer keeps
      indexKey: { keyId: 'xunda-index-2026', key: indexKey }, // wrapped by the buyer's KEK
    },
  });
  sellerVault.clearCache(); // a running seller process drops the DEKs it still holds in memory
  console.log('manifest people:', manifest.subjects, '| parcels:', manifest.records);

  // 5. The buyer verifies every DEK opens, then countersigns.
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

  // The seller destroys its KEK and signs that it did, bound to this manifest.
  const kekDestroyed = attestKekDestruction(signed, { signingKey: sellerKey, method: 'hsm-key-deleted' });
  const inheritance = inheritanceReport(signed, {
    attestation: kekDestroyed,
    sellerPublicKey: sellerKey.publicKey,
  });
  console.log('inherited:', inheritance);

  // 6. The buyer opens the sealed parcels as they are (never re-encrypted), except the objectors'.
  const inheritedIndex = await openInheritedIndexKey(signed, buyerRing);
  const buyerVault = createVault({ keyring: buyerRing, keyStore, indexKey: inheritedIndex.key });
  const attempt = (vault: typeof buyerVault, i: number) =>
    vault
      .open(Parcel, rows[i]!.data as Record<string, unknown>, {
        recordId: `p${i}`,
        paths: ['recipient.phone'],
      })
      .then((r) => (r.recipient.phone.startsWith('+86') ? 'opened' : 'unexpected'))
      .catch((e: unknown) => (isPiiError(e) ? e.code : 'unexpected'));
  const buyerReads = await attempt(buyerVault, 1);
  const objectorRead = await attempt(buyerVault, 3);
  const sellerAttempt = await attempt(sellerVault, 1);
  console.log(
    'buyer opens p1:',
    buyerReads,
    '| buyer opens p3 (objector):',
    objectorRead,
    '| seller opens p1:',
    sellerAttempt,
  );

  // 7. Purposes are frozen in the buyer's policy: marketing needs each customer's new consent.
  const consents = new Set<string>();
  const consent: PurposeConsentReader = { has: (s, p) => consents.has(`${s}/${p}`) };
  const policy = definePolicy(
    Parcel,
    {
      id: 'yuanhang',
      version: 1,
      purposes: ['delivery', 'customer-service', 'marketing'],
      roles: ['staff'],
      rules: [
        { id: 'phone', roles: ['staff'], fields: ['recipient.phone'], grant: 'allow', record: 'allow' },
      ],
    },
    { purposeFreeze: { purposes: signed.purposes, consent } },
  );
  const ask = {
    actor: { id: 'mkt-1', roles: ['staff'] },
    purpose: 'marketing',
    subjects: { recipient: 'cust-1', sender: 'shop-1' },
  };
  const before = policy.decide(ask).forced;
  consents.add('cust-1/marketing');
  const after = policy.decide(ask).fields['recipient.phone'].effect;
  console.log('marketing before consent:', before, '| after cust-1 consented:', after);

  // 8. After the transfer: one notice per person who moved; the audit log verifies.
  let moved = 0;
  for await (const _ of handoverNotices(signed, keyStore)) moved++;
  const log = verifyAuditLog(sink.entries);
  const noticeEvents = sink.entries.filter((e) => e.kind === 'notice.sent').length;
  console.log(
    `post-transfer notices: ${moved}; notice.sent events: ${noticeEvents}; audit log verifies: ${log.ok}`,
  );

  return {
    plan,
    notices: notices.length,
    delivery,
    manifest: signed,
    verification,
    signatures,
    inheritance,
    buyerReads,
    objectorRead,
    sellerAttempt,
    marketing: { before, after },
    moved,
    noticeEvents,
    auditOk: log.ok,
  };
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

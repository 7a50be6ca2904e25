// End to end: plan → pre-transfer notices → two customers object → handover with the exclusion →
// the objectors are not readable by the buyer and are erased or kept as chosen → manifest counts
// → notice.sent / notice.failed events in an audit log that verifies.
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { verifyAuditLog } from 'courier-pii/audit';
import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
import {
  countersignManifest,
  deliverNotices,
  handover,
  handoverExclusion,
  handoverNotices,
  planHandover,
  verifyHandover,
} from 'courier-pii/lifecycle';
import { handoverParties } from './fixtures/handover-parties.js';
import { planBasics } from './fixtures/plan-options.js';
import { Parcel, parcelDb, parcelValue } from './fixtures/parcels.js';

// r-0 receives P0 (sent by s-0) and sends P19 (received by r-19): P19 is wholly theirs.
const OBJECTORS = ['r-0', 'r-19'];

async function world() {
  const db = parcelDb();
  for (let i = 0; i < 20; i++)
    await db.add(
      `P${i}`,
      { recipient: `r-${i}`, sender: i === 19 ? 'r-0' : `s-${i % 9}` },
      undefined,
      ['delivery'],
      parcelValue(i),
    );
  return db;
}

async function opens(
  vault: Pick<ReturnType<typeof createVault>, 'open'>,
  db: Awaited<ReturnType<typeof world>>,
  id: string,
  paths: string[],
) {
  return vault
    .open(Parcel, db.rows.get(id)!.data, { recordId: id, paths })
    .then(() => 'opened')
    .catch((e: { code?: string }) => e.code ?? 'error');
}

describe('company transfer with objections, end to end', () => {
  for (const action of ['erase', 'keep'] as const) {
    it(`objectors are left out (${action}); everyone else moves; every notice is on record`, async () => {
      const db = await world();
      const { sellerInfo, buyerInfo, purposes } = handoverParties();
      const audit = db.ledger;

      // 1. Plan: the due-diligence package and one notice per person.
      const { plan, notices } = await planHandover({
        ...planBasics('h-e2e'),
        records: db.source,
        keyStore: db.keyStore,
        audit,
        retentionRules: ['waybill-90d'],
        openRequests: 1,
      });
      expect(plan.people.total).toBe(29);
      expect(notices).toHaveLength(29);
      const zh = notices[0]!.text.zh;
      // Recipient and contact, purposes in words, the deadline, how to object, the rights.
      for (const part of [
        buyerInfo.name,
        buyerInfo.contact,
        '快件寄递',
        '客户服务',
        '理赔',
        '2026年12月31日',
        '不同意转移',
        '删除',
        '撤回',
      ])
        expect(zh).toContain(part);
      expect(zh).not.toMatch(/customer-service|claims/);
      expect(notices[0]!.text.en).toContain('If you object');

      // 2. Deliver: one SMS gateway failure is recorded, not hidden.
      const report = await deliverNotices(notices, {
        audit,
        send: async (n) => {
          if (n.subjectId === 's-4')
            throw Object.assign(new Error('gateway down for 139…'), { code: 'SMS_DOWN' });
        },
      });
      expect(report).toEqual({ sent: 28, failed: 1, failedSubjects: ['s-4'] });

      // 3. Two customers object before the deadline.
      const exclude = await handoverExclusion(db.source, { subjects: OBJECTORS, action });
      expect([...(exclude.records ?? [])]).toEqual(['P19']);

      // 4. Handover with the exclusion ('keep' needs the buyer's own store).
      const buyerRing = createKeyring({
        keks: [{ id: 'buyer-kek', key: generateKey() }],
        active: 'buyer-kek',
      });
      const buyerStore = action === 'keep' ? memoryKeyStore() : db.keyStore;
      const sellerKey = ed25519.keygen();
      const { manifest } = await handover({
        id: 'h-e2e',
        from: { keyring: db.keyring, keyStore: db.keyStore },
        to: action === 'keep' ? { keyring: buyerRing, keyStore: buyerStore } : buyerRing,
        seller: { ...sellerInfo, signingKey: sellerKey },
        buyer: buyerInfo,
        purposes,
        records: db.source,
        exclude,
        audit,
      });

      // 5. Manifest counts: people and records, excluded counted, never named.
      expect(manifest.subjects.active).toBe(27);
      expect(manifest.subjects.excluded).toEqual(
        action === 'erase' ? { erased: 2, kept: 0 } : { erased: 0, kept: 2 },
      );
      expect(manifest.records).toEqual({ active: 19, erased: 0, excluded: 1 });
      expect(JSON.stringify(manifest)).not.toMatch(/"r-0"|"r-19"|P19/);
      // Fields present: P19 is gone entirely, r-0's recipient fields of P0 too.
      expect(manifest.fields).toMatchObject({
        basis: 'present',
        byKind: { waybillNo: 19, address: 18, geo: 19 },
      });
      const verification = await verifyHandover({ keyStore: buyerStore, keyring: buyerRing, manifest });
      expect(verification).toMatchObject({ ok: true, verified: 27 + 19 });
      countersignManifest(manifest, {
        signingKey: ed25519.keygen(),
        sellerPublicKey: sellerKey.publicKey,
        verification,
      });

      // 6. The buyer reads everyone else, never the objectors.
      const buyerVault = createVault({ keyring: buyerRing, keyStore: buyerStore, indexKey: generateKey() });
      expect(await opens(buyerVault, db, 'P1', ['recipient.phone', 'sender.phone', 'trace[]'])).toBe(
        'opened',
      );
      expect(await opens(buyerVault, db, 'P0', ['recipient.phone'])).not.toBe('opened');
      expect(await opens(buyerVault, db, 'P19', ['recipient.phone'])).not.toBe('opened');
      expect(await opens(buyerVault, db, 'P19', ['sender.phone'])).not.toBe('opened');
      expect(await opens(buyerVault, db, 'P19', ['trace[]'])).not.toBe('opened');
      const sellerVault = createVault({
        keyring: db.keyring,
        keyStore: db.keyStore,
        indexKey: generateKey(),
      });
      if (action === 'erase') {
        // Crypto-shredded: nobody reads them, and the erasure ledger says so.
        expect(await opens(sellerVault, db, 'P19', ['recipient.phone'])).toBe('KEY_DESTROYED');
        const shredded = db.ledgerSink.entries.filter(
          (e) => e.kind === 'key.destroyed' && e.data?.reason === 'handover-exclusion',
        );
        expect(shredded.map((e) => e.data?.keyId).sort()).toEqual(['r-0', 'r-19', 'record:P19']);
      } else {
        // Kept under the seller's KEK and retention: the seller still reads them, the buyer's store has none.
        expect(await opens(sellerVault, db, 'P19', ['recipient.phone'])).toBe('opened');
        expect(await buyerStore.get('r-0')).toBeUndefined();
        expect(await buyerStore.get('record:P19')).toBeUndefined();
      }

      // Post-transfer notices go to the 27 people who moved, not to the objectors or to parcels.
      const after: string[] = [];
      for await (const n of handoverNotices(manifest, buyerStore)) after.push(n.subjectId);
      expect(after).toHaveLength(27);
      expect(after.some((s) => OBJECTORS.includes(s) || s.startsWith('record:'))).toBe(false);

      // 7. Every notice is on record (ids only) in an audit log that verifies.
      const entries = db.ledgerSink.entries;
      expect(verifyAuditLog(entries).ok).toBe(true);
      const sent = entries.filter((e) => e.kind === 'notice.sent');
      const failed = entries.filter((e) => e.kind === 'notice.failed');
      expect(sent).toHaveLength(28);
      expect(failed).toHaveLength(1);
      expect(failed[0]?.data).toMatchObject({
        reason: 'SMS_DOWN',
        noticeKind: 'handover-plan',
        caseId: 'h-e2e',
      });
      // No phone number in the entry (its hash and chain link are hex, so they are left out).
      const failedText = JSON.stringify(failed.map(({ hash: _h, prev: _p, ...rest }) => rest));
      expect(failedText).toContain('SMS_DOWN');
      expect(failedText).not.toMatch(/1[3-9]\d{9}/);
      expect(new Set(sent.map((e) => e.subjects?.[0])).size).toBe(28);
      expect(entries.some((e) => e.kind === 'handover.completed')).toBe(true);
    });
  }

  it('refuses an exclusion it cannot honour', async () => {
    const db = await world();
    const { sellerInfo, buyerInfo, purposes } = handoverParties();
    const base = {
      id: 'h-bad',
      from: { keyring: db.keyring, keyStore: db.keyStore },
      to: createKeyring({ keks: [{ id: 'b', key: generateKey() }], active: 'b' }),
      seller: { ...sellerInfo, signingKey: ed25519.keygen() },
      buyer: buyerInfo,
      purposes,
    };
    // Keep in a shared store would hand the keys to the buyer.
    await expect(
      handover({ ...base, audit: db.ledger, exclude: { subjects: ['r-0'], action: 'keep' } }),
    ).rejects.toMatchObject({
      code: 'HANDOVER_INVALID',
    });
    // Erase without an audit log would leave no erasure ledger.
    await expect(
      handover({ ...base, exclude: { subjects: ['r-0'], action: 'erase' } }),
    ).rejects.toMatchObject({
      code: 'HANDOVER_INVALID',
    });
    await expect(
      handover({ ...base, audit: db.ledger, exclude: { subjects: ['r-0'], action: 'forget' as 'erase' } }),
    ).rejects.toMatchObject({ code: 'HANDOVER_INVALID' });
    // Nothing moved.
    for await (const k of db.keyStore.list()) if (k.state === 'active') expect(k.kekId).toBe('kek-1');
  });

  it('a notice without a delivery record does not count: an audit failure stops delivery', async () => {
    const failing = { append: async () => Promise.reject(new Error('disk full')) };
    await expect(
      deliverNotices(
        [
          {
            id: 'n',
            kind: 'handover-plan',
            subjectId: 'r-1',
            roles: [],
            caseId: 'h',
            text: { zh: '', en: '' },
          },
        ],
        { audit: failing as never, send: async () => {} },
      ),
    ).rejects.toThrow('disk full');
    await expect(deliverNotices([], { send: async () => {} } as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});

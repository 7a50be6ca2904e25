// An equity transfer: the processor stays, control changes. Keys move to the new management,
// the old admin keys are revoked and recorded, and customers get no notice unless purposes change.
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from 'courier-pii/audit';
import { createKeyring, createVault, generateKey } from 'courier-pii/crypto';
import { equityTransfer, verifyHandover, verifyManifest } from 'courier-pii/lifecycle';
import { handoverParties } from './fixtures/handover-parties.js';
import { Parcel, parcelDb, parcelValue } from './fixtures/parcels.js';
import { SIGNING_ALGS, type TestAlg, keyFor, otherAlg } from '../support/signing-algs.js';

// The transfer record is signed with an Ed25519 or an SM2 company key (one run each).
let alg: TestAlg = 'ed25519';

async function company() {
  const db = parcelDb();
  for (let i = 0; i < 6; i++)
    await db.add(
      `P${i}`,
      { recipient: `r-${i}`, sender: `s-${i % 2}` },
      undefined,
      ['delivery'],
      parcelValue(i),
    );
  return db;
}

describe.each(SIGNING_ALGS)('equityTransfer (%s-signed transfer record)', (a) => {
  beforeAll(() => {
    alg = a;
  });

  it('rotates every key to the new management, revokes the old admin keys, sends no customer notice', async () => {
    const db = await company();
    const { sellerInfo } = handoverParties();
    const companyKey = keyFor(alg);
    const newRing = createKeyring({
      keks: [{ id: 'kek-new-mgmt', key: generateKey() }],
      active: 'kek-new-mgmt',
    });
    const revokedAt: string[] = [];
    const r = await equityTransfer({
      id: 'eq-2026',
      company: { ...sellerInfo, signingKey: companyKey },
      from: { keyring: db.keyring, keyStore: db.keyStore },
      to: newRing,
      adminKeys: [
        { old: 'consent-issuer-2024', new: 'consent-issuer-2026' },
        { old: 'audit-signer-2024', new: 'audit-signer-2026' },
      ],
      revoke: async (id) => {
        revokedAt.push(id);
      },
      purposes: ['delivery', 'customer-service'],
      pia: true,
      audit: db.ledger,
    });
    // Keys: every live DEK (people's and parcels') is under the new management's KEK.
    expect(r.manifest.kind).toBe('equity');
    expect(verifyManifest(r.manifest, { sellerPublicKey: companyKey.publicKey }).seller).toBe(true);
    expect(verifyManifest(r.manifest, { sellerPublicKey: keyFor(otherAlg(alg)).publicKey }).seller).toBe(
      false,
    );
    expect(r.manifest.seller.id).toBe(r.manifest.buyer.id);
    expect(r.manifest.subjects.active).toBe(8);
    expect(r.manifest.records?.active).toBe(6);
    for await (const k of db.keyStore.list()) if (k.state === 'active') expect(k.kekId).toBe('kek-new-mgmt');
    expect(
      await verifyHandover({ keyStore: db.keyStore, keyring: newRing, manifest: r.manifest }),
    ).toMatchObject({
      ok: true,
      verified: 14,
    });
    const row = db.rows.get('P1')!;
    const newVault = createVault({ keyring: newRing, keyStore: db.keyStore, indexKey: generateKey() });
    const opened = await newVault.open(Parcel, row.data, { recordId: 'P1', paths: ['recipient.phone'] });
    expect(opened.recipient.phone).toMatch(/^\+86/);
    const oldVault = createVault({ keyring: db.keyring, keyStore: db.keyStore, indexKey: generateKey() });
    await expect(
      oldVault.open(Parcel, row.data, { recordId: 'P1', paths: ['recipient.phone'] }),
    ).rejects.toThrow();

    // Admin keys: each revoked where it lives and recorded with its replacement.
    expect(revokedAt).toEqual(['consent-issuer-2024', 'audit-signer-2024']);
    expect(r.revoked).toEqual(revokedAt);
    const entries = db.ledgerSink.entries;
    const rotated = entries.filter((e) => e.kind === 'key.rotated' && e.purpose === 'equity-transfer');
    expect(rotated.map((e) => [e.data?.fromKeyId, e.data?.toKeyId])).toEqual([
      ['consent-issuer-2024', 'consent-issuer-2026'],
      ['audit-signer-2024', 'audit-signer-2026'],
    ]);

    // No customer notices: none required, none sent.
    expect(r.customerNotice.required).toBe(false);
    expect(r.todo).toEqual([]);
    expect(entries.some((e) => e.kind === 'notice.sent' || e.kind === 'notice.failed')).toBe(false);
    expect(verifyAuditLog(entries).ok).toBe(true);
  });

  it('new purposes make customer notices necessary; a missing PIA is listed; revocation failures stop it', async () => {
    const db = await company();
    const { sellerInfo } = handoverParties();
    const base = {
      company: { ...sellerInfo, signingKey: keyFor(alg) },
      from: { keyring: db.keyring, keyStore: db.keyStore },
      to: createKeyring({ keks: [{ id: 'kek-new', key: generateKey() }], active: 'kek-new' }),
      purposes: ['delivery'],
      audit: db.ledger,
    };
    await expect(
      equityTransfer({
        ...base,
        id: 'eq-a',
        adminKeys: [{ old: 'a', new: 'b' }],
        revoke: async () => {
          throw new Error('HSM unreachable');
        },
      }),
    ).rejects.toThrow('HSM unreachable');
    const r = await equityTransfer({
      ...base,
      id: 'eq-a',
      adminKeys: [{ old: 'a', new: 'b' }],
      revoke: async () => {},
      newPurposes: ['marketing'],
    });
    expect(r.customerNotice).toMatchObject({ required: true });
    expect(r.customerNotice.reason).toContain('marketing');
    expect(r.todo).toEqual(['pia']);
    await expect(
      equityTransfer({ ...base, id: 'eq-b', adminKeys: [{ old: 'a', new: 'a' }], revoke: async () => {} }),
    ).rejects.toMatchObject({ code: 'HANDOVER_INVALID' });
    await expect(
      equityTransfer({
        ...base,
        id: 'eq-c',
        audit: undefined as never,
        adminKeys: [],
        revoke: async () => {},
      }),
    ).rejects.toMatchObject({ code: 'HANDOVER_INVALID' });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog, memorySink, verifyAuditLog } from 'courier-pii/audit';
import {
  DEFAULT_RETENTION_RULES,
  RETENTION_DEFAULTS,
  type RetentionRule,
  sweep,
  verifyDestructionCertificate,
} from 'courier-pii/lifecycle';
import { DAY, Parcel, parcelDb, T0 } from './fixtures/parcels.js';
import { type TestAlg, keyFor, otherAlg } from '../support/signing-algs.js';
import { DEPLOYMENTS } from '../support/suites.js';
import type { VaultSuite } from '../../src/crypto/index.js';

// The sweep family runs as a suite-1 deployment (Ed25519 certificates) and a GM one (records
// sealed under the GM suite, SM2 certificates).
let alg: TestAlg = 'ed25519';
let suite: VaultSuite = 'default';

const WAYBILL: RetentionRule = {
  id: 'waybill-90d',
  label: 'practice',
  basis: 'test',
  match: { purposes: ['delivery'] },
  keep: 'P90D',
  from: 'deliveredAt',
};

async function openErr(
  db: ReturnType<typeof parcelDb>,
  id: string,
  paths: string[],
): Promise<string | undefined> {
  const row = db.rows.get(id)!;
  try {
    await db.vault.open(Parcel, row.data, { recordId: id, paths });
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
}

describe.each(DEPLOYMENTS)('sweep across time ($suite suite, $alg certificates)', (d) => {
  beforeAll(() => {
    alg = d.alg;
    suite = d.suite;
  });

  it('a dry run reports what is due and destroys nothing', async () => {
    const db = parcelDb({ suite });
    await db.add('p1', { recipient: 'cust-a', sender: 'cust-s' }, T0);
    const r = await sweep({
      now: T0 + 91 * DAY,
      rules: [WAYBILL],
      source: db.source,
      vault: db.vault,
      dryRun: true,
    });
    expect(r.dryRun).toBe(true);
    expect(r.shred.map((s) => s.keyId).sort()).toEqual(['cust-a', 'cust-s', 'record:p1']);
    // Not all shredded: the waybill number sits below the seal level, stored in clear.
    expect(r.delete).toEqual([
      expect.objectContaining({ recordId: 'p1', wholeRecord: true, shredded: false, rules: ['waybill-90d'] }),
    ]);
    expect(r.certificates).toEqual([]);
    expect(await openErr(db, 'p1', ['recipient'])).toBeUndefined();
    expect(db.destroyed).toEqual([]);
  });

  it('keeps a subject while any of its records is within retention, then shreds it', async () => {
    const db = parcelDb({ suite });
    const key = keyFor(alg);
    const sink = memorySink();
    const audit = createAuditLog({ sink });
    await db.add('p1', { recipient: 'cust-a', sender: 'cust-s1' }, T0);
    await db.add('p2', { recipient: 'cust-a', sender: 'cust-s2' }, T0 + 60 * DAY);
    await db.add('p3', { recipient: 'cust-b', sender: 'cust-s3' }, undefined); // not delivered yet

    const early = await sweep({
      now: T0 + 89 * DAY,
      rules: [WAYBILL],
      source: db.source,
      vault: db.vault,
      signingKey: key,
      audit,
    });
    expect(early.shred).toEqual([]);
    expect(early.delete).toEqual([]);

    const mid = await sweep({
      now: T0 + 100 * DAY,
      rules: [WAYBILL],
      source: db.source,
      vault: db.vault,
      signingKey: key,
      audit,
    });
    expect(mid.shred.map((s) => s.keyId).sort()).toEqual(['cust-s1', 'record:p1']);
    expect(mid.keyIdsDestroyed.sort()).toEqual(['cust-s1', 'record:p1']);
    // p1's recipient fields are deleted by the source but cust-a's key lives on for p2.
    expect(db.destroyed.at(-1)).toMatchObject({ recordId: 'p1', wholeRecord: true, shredded: false });
    expect(await openErr(db, 'p2', ['recipient'])).toBeUndefined();

    const late = await sweep({
      now: T0 + 151 * DAY,
      rules: [WAYBILL],
      source: db.source,
      vault: db.vault,
      signingKey: key,
      audit,
    });
    expect(late.shred.map((s) => s.keyId).sort()).toEqual(['cust-a', 'cust-s2', 'record:p2']);
    expect(db.rows.has('p3')).toBe(true);

    // Certificates verify, say why, and carry no plaintext; the audit chain holds them.
    for (const c of [...mid.certificates, ...late.certificates]) {
      expect(verifyDestructionCertificate(c, key.publicKey)).toBe(true);
      expect(c.rules).toEqual([
        { id: 'waybill-90d', label: 'practice', basis: 'test', keep: 'P90D', from: 'deliveredAt' },
      ]);
      expect(JSON.stringify(c)).not.toMatch(/张三|1381234|香港中路/);
    }
    const tampered = { ...late.certificates[0]!, keyIdsDestroyed: ['cust-z'] };
    expect(verifyDestructionCertificate(tampered, key.publicKey)).toBe(false);
    expect(verifyDestructionCertificate(late.certificates[0]!, keyFor(alg).publicKey)).toBe(false);
    // a key of the other algorithm never verifies it (the signature names its algorithm)
    expect(verifyDestructionCertificate(late.certificates[0]!, keyFor(otherAlg(alg)).publicKey)).toBe(false);
    expect(late.certificates[0]!.signature.startsWith('sm2:')).toBe(alg === 'sm2');
    const events = sink.entries.filter((e) => e.kind === 'retention.destroyed');
    expect(events.map((e) => e.data?.certificateId)).toEqual(
      [...mid.certificates, ...late.certificates].map((c) => c.id),
    );
    expect([...(events.at(-1)?.keyIds ?? [])].sort()).toEqual(['cust-a', 'cust-s2', 'record:p2']);
    expect(verifyAuditLog(sink.entries).ok).toBe(true);
  });

  it('erased data fails with KEY_DESTROYED and its blind-index entries are gone', async () => {
    const db = parcelDb({ suite });
    const row = await db.add('p1', { recipient: 'cust-a', sender: 'cust-s' }, T0);
    const copy = structuredClone(row.data); // a backup taken before the sweep
    const before = Object.values(row.indexes!);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((ix) => db.indexTable.has(ix))).toBe(true);
    const r = await sweep({
      now: T0 + 91 * DAY,
      rules: [WAYBILL],
      source: db.source,
      vault: db.vault,
      signingKey: keyFor(alg),
    });
    expect(r.indexesToDelete.sort()).toEqual([...before].sort());
    expect(before.some((ix) => db.indexTable.has(ix))).toBe(false);
    await expect(db.vault.open(Parcel, copy, { recordId: 'p1', paths: ['recipient'] })).rejects.toMatchObject(
      { code: 'KEY_DESTROYED' },
    );
    await expect(db.vault.open(Parcel, copy, { recordId: 'p1', paths: ['trace'] })).rejects.toMatchObject({
      code: 'KEY_DESTROYED',
    });
  });

  it('a legal hold keeps everything of the held subject until it ends', async () => {
    const db = parcelDb({ suite });
    const key = keyFor(alg);
    await db.add('p1', { recipient: 'cust-a', sender: 'cust-s1' }, T0);
    await db.add('p2', { recipient: 'cust-b', sender: 'cust-s2' }, T0);
    const holds = [{ id: 'case-7', reason: 'court order', subjects: ['cust-b'], until: T0 + 200 * DAY }];
    const r = await sweep({
      now: T0 + 100 * DAY,
      rules: [WAYBILL],
      source: db.source,
      vault: db.vault,
      signingKey: key,
      holds,
    });
    expect(r.held).toEqual([{ recordId: 'p2', holds: ['case-7'] }]);
    expect(r.shred.map((s) => s.keyId).sort()).toEqual(['cust-a', 'cust-s1', 'record:p1']);
    expect(await openErr(db, 'p2', ['recipient', 'sender', 'trace'])).toBeUndefined();
    const after = await sweep({
      now: T0 + 201 * DAY,
      rules: [WAYBILL],
      source: db.source,
      vault: db.vault,
      signingKey: key,
      holds,
    });
    expect(after.held).toEqual([]);
    expect(after.shred.map((s) => s.keyId).sort()).toEqual(['cust-b', 'cust-s2', 'record:p2']);
  });

  it('a field is destroyed only when every rule covering it has expired', async () => {
    const db = parcelDb({ suite });
    const key = keyFor(alg);
    await db.add('p1', { recipient: 'cust-a', sender: 'cust-s' }, T0, ['delivery', 'service-record']);
    const r = await sweep({
      now: T0 + 100 * DAY,
      rules: DEFAULT_RETENTION_RULES,
      source: db.source,
      vault: db.vault,
      signingKey: key,
    });
    // GPS trace: only the 90-day rules cover it; names, phones, address, waybill: the 3-year service-record rule too.
    expect(r.delete).toEqual([
      expect.objectContaining({ recordId: 'p1', wholeRecord: false, paths: ['trace[]'], shredded: false }),
    ]);
    expect(r.shred).toEqual([]);
    expect(db.rows.get('p1')?.data.trace).toBeUndefined();
    const later = await sweep({
      now: T0 + 3 * 366 * DAY,
      rules: DEFAULT_RETENTION_RULES,
      source: db.source,
      vault: db.vault,
      signingKey: key,
    });
    expect(later.shred.map((s) => s.keyId).sort()).toEqual(['cust-a', 'cust-s', 'record:p1']);
  });

  it('reports fields no rule covers and keeps them', async () => {
    const db = parcelDb({ suite });
    await db.add('p1', { recipient: 'cust-a', sender: 'cust-s' }, T0, ['analytics']);
    const r = await sweep({
      now: T0 + 1000 * DAY,
      rules: [WAYBILL],
      source: db.source,
      vault: db.vault,
      dryRun: true,
    });
    expect(r.unruled).toEqual([
      'recipient.address',
      'recipient.name',
      'recipient.phone',
      'sender.name',
      'sender.phone',
      'trace[]',
      'waybillNo',
    ]);
    expect(r.shred).toEqual([]);
  });

  it('refuses malformed rules and a missing signing key', async () => {
    const db = parcelDb({ suite });
    await expect(
      sweep({
        now: T0,
        rules: [{ ...WAYBILL, keep: '90 days' }],
        source: db.source,
        vault: db.vault,
        dryRun: true,
      }),
    ).rejects.toMatchObject({ code: 'RETENTION_INVALID' });
    await expect(
      sweep({ now: T0, rules: [WAYBILL, WAYBILL], source: db.source, vault: db.vault, dryRun: true }),
    ).rejects.toMatchObject({ code: 'RETENTION_INVALID' });
    await expect(
      sweep({ now: T0, rules: [WAYBILL], source: db.source, vault: db.vault }),
    ).rejects.toMatchObject({ code: 'KEY_INVALID' });
  });

  it('splits large sweeps into one certificate per batch', async () => {
    const db = parcelDb({ suite });
    for (let i = 0; i < 7; i++) await db.add(`p${i}`, { recipient: `cust-${i}`, sender: `snd-${i}` }, T0);
    const key = keyFor(alg);
    const r = await sweep({
      now: T0 + 91 * DAY,
      rules: [WAYBILL],
      source: db.source,
      vault: db.vault,
      signingKey: key,
      batchSize: 10,
    });
    expect(r.certificates.length).toBe(3); // 21 shreds + 7 deletions = 28 items
    expect(r.certificates.map((c) => c.batch)).toEqual([0, 1, 2]);
    expect(r.certificates.every((c) => verifyDestructionCertificate(c, key.publicKey))).toBe(true);
  });
});

describe('retention defaults are labelled honestly', () => {
  it('only the PIPL Art. 56 floor is mandated with a number; parcel periods are practice', () => {
    expect(RETENTION_DEFAULTS.filter((d) => d.label === 'mandated').map((d) => [d.id, d.basis])).toEqual([
      ['processing-records', 'PIPL Art. 56'],
    ]);
    expect(DEFAULT_RETENTION_RULES.every((r) => r.label === 'practice')).toBe(true);
    expect(RETENTION_DEFAULTS.find((d) => d.id === 'real-name-records')?.label).toBe('no-verified-figure');
  });
});

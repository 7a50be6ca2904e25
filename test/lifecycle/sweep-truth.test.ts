// A destruction certificate claims only what happened. The parcels live in an SQLite database
// (sealed fields as `cpii1.` strings, the waybill number and the recipient's name stored in clear,
// below the vault's seal level) with a phone look-up table; after a sweep, each certificate item
// is read side by side with the database to prove it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createAuditLog, memorySink } from '../../src/audit/index.js';
import { createKeyring, createVault, generateKey, memoryKeyStore } from '../../src/crypto/index.js';
import {
  type DestroyAction,
  type DestructionCertificate,
  type LifecycleRecord,
  type RecordSource,
  sweep,
  verifyDestructionCertificate,
} from '../../src/lifecycle/index.js';
import { pii } from '../../src/schema/index.js';

const Parcel = pii.id(
  'truth/v1',
  z.object({
    waybillNo: pii.waybillNo(), // internal: stored in clear
    recipient: pii.subject('recipient', z.object({ name: pii.name(), phone: pii.phone() })), // name in clear, phone sealed
    trace: z.array(pii.geo()).optional(), // sealed under the record's own key
  }),
);
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10);
const RULE = {
  id: 'waybill-90d',
  label: 'practice' as const,
  basis: 'test',
  keep: 'P90D',
  from: 'deliveredAt',
};

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function world() {
  const d = mkdtempSync(join(tmpdir(), 'cpii-truth-'));
  dirs.push(d);
  const db = new Database(join(d, 'parcels.db'));
  db.exec(`CREATE TABLE parcels (id TEXT PRIMARY KEY, recipient_id TEXT, delivered_at INTEGER, record TEXT NOT NULL);
           CREATE TABLE phone_lookup (idx TEXT NOT NULL, parcel_id TEXT NOT NULL)`);
  const sink = memorySink();
  const audit = createAuditLog({ sink });
  const vault = createVault({
    keyring: createKeyring({ keks: [{ id: 'kek-1', key: generateKey() }], active: 'kek-1' }),
    keyStore: memoryKeyStore(),
    indexKey: generateKey(),
    audit,
  });
  // p1, p2: delivered at T0 (due at +90 days). p3: cust-a again, delivered later (not due), so
  // cust-a's key lives on and p1's sealed recipient fields stay readable until deleted.
  const parcels = [
    ['p1', 'cust-a', T0],
    ['p2', 'cust-b', T0],
    ['p3', 'cust-a', T0 + 60 * DAY],
  ] as const;
  for (const [i, [id, cust, at]] of parcels.entries()) {
    const { record, indexes } = await vault.seal(
      Parcel,
      {
        waybillNo: `SF${1_000_000_000_000 + i}`,
        recipient: { name: '张三', phone: `1381234567${i}` },
        trace: [{ lat: 36.06, lng: 120.38 }],
      },
      { recordId: id, subjects: { recipient: cust } },
    );
    db.prepare('INSERT INTO parcels VALUES (?, ?, ?, ?)').run(id, cust, at, JSON.stringify(record));
    db.prepare('INSERT INTO phone_lookup VALUES (?, ?)').run(indexes['recipient.phone'], id);
  }
  const records = async function* (): AsyncGenerator<LifecycleRecord> {
    const rows = db.prepare('SELECT * FROM parcels ORDER BY id').all() as Array<{
      id: string;
      recipient_id: string;
      delivered_at: number;
      record: string;
    }>;
    for (const r of rows) {
      const indexes: Record<string, string> = {};
      for (const l of db.prepare('SELECT idx FROM phone_lookup WHERE parcel_id = ?').all(r.id) as Array<{
        idx: string;
      }>)
        indexes['recipient.phone'] = l.idx;
      yield {
        id: r.id,
        schema: Parcel,
        subjects: { recipient: r.recipient_id },
        events: { deliveredAt: r.delivered_at },
        purposes: ['delivery'],
        data: JSON.parse(r.record),
        indexes,
      };
    }
  };
  return { db, vault, audit, sink, records };
}

type World = Awaited<ReturnType<typeof world>>;

/** The value stored in the database at a pattern path (`trace[]` → the array), or undefined. */
function stored(w: World, recordId: string, path: string): unknown {
  const row = w.db.prepare('SELECT record FROM parcels WHERE id = ?').get(recordId) as
    | { record: string }
    | undefined;
  if (!row) return undefined;
  let v: unknown = JSON.parse(row.record);
  for (const k of path.replace('[]', '').split('.')) v = (v as Record<string, unknown> | undefined)?.[k];
  return v;
}

const isSealed = (v: unknown): boolean =>
  (typeof v === 'string' && v.startsWith('cpii1.')) ||
  (Array.isArray(v) && v.length > 0 && v.every(isSealed));

async function openCode(w: World, recordId: string, path: string): Promise<string> {
  const row = w.db.prepare('SELECT record FROM parcels WHERE id = ?').get(recordId) as { record: string };
  try {
    await w.vault.open(Parcel, JSON.parse(row.record), { recordId, paths: [path] });
    return 'opened';
  } catch (e) {
    return (e as { code?: string }).code ?? 'unexpected';
  }
}

/** Records whose fields at `path` are under `keyId`. */
function recordsUnder(w: World, keyId: string): string[] {
  if (keyId.startsWith('record:')) return [keyId.slice('record:'.length)];
  return (
    w.db.prepare('SELECT id FROM parcels WHERE recipient_id = ?').all(keyId) as Array<{ id: string }>
  ).map((r) => r.id);
}

describe('a sweep certificate, read side by side with the database', () => {
  it('without destroy: plaintext paths are pending, and every crypto-shred claim holds in the database', async () => {
    const w = await world();
    const key = ed25519.keygen();
    const source: RecordSource = { records: w.records };
    const report = await sweep({
      now: T0 + 100 * DAY,
      rules: [RULE],
      source,
      vault: w.vault,
      audit: w.audit,
      signingKey: key,
    });
    const certs: DestructionCertificate[] = report.certificates;
    expect(certs.length).toBeGreaterThan(0);
    for (const c of certs) {
      expect(verifyDestructionCertificate(c, key.publicKey)).toBe(true);
      expect(c.v).toBe(2);
    }
    const items = certs.flatMap((c) => c.items);
    expect(items.some((i) => i.method === 'deleted')).toBe(false); // nothing was deleted: no destroy

    // Every crypto-shred claim: in every record under that key, the stored value is ciphertext
    // and it no longer opens.
    const shreds = items.filter((i) => i.method === 'crypto-shred');
    expect(shreds.map((i) => i.keyId).sort()).toEqual(['cust-b', 'record:p1', 'record:p2']);
    for (const item of shreds) {
      for (const recordId of recordsUnder(w, item.keyId!)) {
        for (const path of item.paths) {
          expect(isSealed(stored(w, recordId, path)), `${recordId} ${path} is ciphertext`).toBe(true);
          expect(await openCode(w, recordId, path)).toBe('KEY_DESTROYED');
        }
      }
    }
    // No plaintext path is ever claimed shredded.
    expect(shreds.flatMap((i) => i.paths)).not.toContain('waybillNo');
    expect(shreds.flatMap((i) => i.paths)).not.toContain('recipient.name');

    // Every pending claim: the database still holds that path readable (in clear, or under a
    // key that lives on). And every due path still readable in the database is claimed pending.
    const pending = items.filter((i) => i.method === 'pending');
    const claimed = new Set(pending.flatMap((i) => i.paths.map((p) => `${i.recordId} ${p}`)));
    const readable = new Set<string>();
    for (const recordId of ['p1', 'p2']) {
      for (const path of ['waybillNo', 'recipient.name', 'recipient.phone', 'trace[]']) {
        const v = stored(w, recordId, path);
        if (v === undefined) continue;
        if (!isSealed(v) || (await openCode(w, recordId, path)) === 'opened')
          readable.add(`${recordId} ${path}`);
      }
    }
    expect([...claimed].sort()).toEqual([...readable].sort());
    expect([...claimed].sort()).toEqual([
      'p1 recipient.name',
      'p1 recipient.phone', // cust-a's key lives on for p3
      'p1 waybillNo',
      'p2 recipient.name',
      'p2 waybillNo',
    ]);
    // The report lists every pending item, with the look-up rows still to delete.
    expect(report.pending.map((p) => [p.recordId, p.paths])).toEqual([
      ['p1', ['recipient.name', 'recipient.phone', 'waybillNo']],
      ['p2', ['recipient.name', 'waybillNo']],
    ]);
    const lookup = w.db
      .prepare('SELECT idx FROM phone_lookup WHERE parcel_id IN (?, ?)')
      .all('p1', 'p2') as Array<{
      idx: string;
    }>;
    expect(report.pending.flatMap((p) => p.indexes).sort()).toEqual(lookup.map((l) => l.idx).sort());
    expect(certs.reduce((n, c) => n + (c.indexesPending ?? 0), 0)).toBe(2);
    expect(certs.reduce((n, c) => n + c.indexesDeleted, 0)).toBe(0);
    // keyIdsDestroyed names only keys that existed and are tombstones now.
    expect([...report.keyIdsDestroyed].sort()).toEqual(['cust-b', 'record:p1', 'record:p2']);
  });

  it('with destroy: deleted items are gone from the database, look-up rows included', async () => {
    const w = await world();
    const key = ed25519.keygen();
    const source: RecordSource = {
      records: w.records,
      async destroy(a: DestroyAction) {
        w.db
          .prepare(
            `DELETE FROM phone_lookup WHERE parcel_id = ? AND idx IN (${a.indexes.map(() => '?').join(',') || "''"})`,
          )
          .run(a.recordId, ...a.indexes);
        if (a.wholeRecord) w.db.prepare('DELETE FROM parcels WHERE id = ?').run(a.recordId);
      },
    };
    const report = await sweep({
      now: T0 + 100 * DAY,
      rules: [RULE],
      source,
      vault: w.vault,
      audit: w.audit,
      signingKey: key,
    });
    const items = report.certificates.flatMap((c) => c.items);
    expect(items.filter((i) => i.method === 'pending')).toEqual([]);
    expect(report.pending).toEqual([]);
    const deleted = items.filter((i) => i.method === 'deleted');
    expect(deleted.map((i) => i.recordId).sort()).toEqual(['p1', 'p2']);
    for (const item of deleted) {
      for (const path of item.paths) expect(stored(w, item.recordId!, path)).toBeUndefined();
      expect(
        w.db.prepare('SELECT COUNT(*) AS n FROM phone_lookup WHERE parcel_id = ?').get(item.recordId),
      ).toEqual({ n: 0 });
    }
    expect(report.certificates.reduce((n, c) => n + c.indexesDeleted, 0)).toBe(2);
    expect(w.db.prepare('SELECT id FROM parcels').all()).toEqual([{ id: 'p3' }]);
  });
});

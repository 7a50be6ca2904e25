// PostgreSQL (and SQLite) store throughput on this machine's single PostgreSQL node (started by
// .ci/services.sh, or COURIER_PII_PG_URL). Every row compares a store operation with the same SQL
// sent through the same pg.Pool by hand, so the ratio is what the adapter adds over the driver.
// Each measured call runs IN_FLIGHT operations at once (a busy service); figures are operations/s.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { AuditEvent } from '../src/audit/index.js';
import {
  type ActiveKeyRecord,
  createKeyring,
  createVault,
  generateKey,
  memoryKeyStore,
  type SubjectKeyStore,
} from '../src/crypto/index.js';
import { pii } from '../src/schema/index.js';
import {
  createSharedAuditLog,
  migratePostgres,
  postgresAuditSink,
  postgresKeyStore,
  postgresUseCounter,
  sqliteKeyStore,
} from '../src/stores/index.js';
import { type BenchRow, compare } from './lib.js';
import { barePages, buildListing, coldRatio, openPages, PAGE, PARCELS } from './listing.js';

const IN_FLIGHT = 32;

function pgUrl(): string {
  if (process.env.COURIER_PII_PG_URL) return process.env.COURIER_PII_PG_URL;
  const f = new URL('../.tmp/services.env', import.meta.url).pathname;
  const m = existsSync(f) ? /COURIER_PII_PG_URL=(\S+)/.exec(readFileSync(f, 'utf8')) : null;
  if (!m)
    throw new Error(
      'bench/stores needs PostgreSQL: run `bash .ci/services.sh start` or set COURIER_PII_PG_URL.',
    );
  return m[1]!;
}

const scaled = (row: BenchRow, note: string): BenchRow => ({
  ...row,
  opsPerSec: row.opsPerSec * IN_FLIGHT,
  ...(row.peerOpsPerSec !== undefined ? { peerOpsPerSec: row.peerOpsPerSec * IN_FLIGHT } : {}),
  note,
});
const many = (f: (i: number) => Promise<unknown>) => () =>
  Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => f(i)));

export async function run(): Promise<BenchRow[]> {
  const pool = new pg.Pool({ connectionString: pgUrl(), max: 16 });
  const schema = `bench_${process.pid}`;
  await migratePostgres(pool, { schema });
  const s = `"${schema}"`;
  // The peer's tables: same columns and keys as the store's, written with hand-written SQL.
  await pool.query(`CREATE TABLE ${s}.raw_keys (LIKE ${s}.cpii_subject_keys INCLUDING ALL)`);
  await pool.query(`CREATE TABLE ${s}.raw_counts (LIKE ${s}.cpii_use_counts INCLUDING ALL)`);
  await pool.query(`CREATE TABLE ${s}.raw_audit (LIKE ${s}.cpii_audit_entries INCLUDING ALL)`);
  const keys = postgresKeyStore({ pool, schema });
  const rows: BenchRow[] = [];
  const note = `${IN_FLIGHT} in flight, pool of 16, one PostgreSQL 15 node`;
  const wrapped = new Uint8Array(72).fill(7);
  let n = 0;
  let m = 0;
  try {
    rows.push(
      scaled(
        await compare({
          group: 'stores',
          name: 'PostgreSQL key store: create a subject key',
          ours: many(() =>
            keys.create({
              subjectId: `s-${n++}`,
              state: 'active',
              kekId: 'kek-1',
              wrapped,
              createdAt: 1,
              revision: 1,
            }),
          ),
          peer: {
            name: 'pg INSERT by hand',
            fn: many(() =>
              pool.query(
                `INSERT INTO ${s}.raw_keys VALUES ($1, 'active', 'kek-1', $2, 1, NULL, 1) ON CONFLICT DO NOTHING RETURNING *`,
                [`s-${m++}`, wrapped],
              ),
            ),
          },
          target: '>= 0.7',
          targetMin: 0.7,
          rounds: 5,
        }),
        note,
      ),
    );
    // Grow both tables to a realistic size before reading: 200,000 more subjects, inserted in bulk.
    const BULK = 200_000;
    for (const t of ['cpii_subject_keys', 'raw_keys']) {
      await pool.query(
        `INSERT INTO ${s}.${t} SELECT 's-' || g, 'active', 'kek-1', $1, 1, NULL, 1 FROM generate_series($2::int, $3::int) g ON CONFLICT DO NOTHING`,
        [wrapped, Math.max(n, m), Math.max(n, m) + BULK - 1],
      );
    }
    await pool.query(`ANALYZE ${s}.cpii_subject_keys`);
    await pool.query(`ANALYZE ${s}.raw_keys`);
    n = m = Math.max(n, m) + BULK;
    const subjects = n;
    let g = 0;
    rows.push(
      scaled(
        await compare({
          group: 'stores',
          name: `PostgreSQL key store: get a subject key (${subjects.toLocaleString('en-US')} subjects stored)`,
          ours: many(() => keys.get(`s-${g++ % subjects}`)),
          peer: {
            name: 'pg SELECT by hand',
            fn: many(() => pool.query(`SELECT * FROM ${s}.raw_keys WHERE subject_id = $1`, [`s-${g++ % m}`])),
          },
          target: '>= 0.7',
          targetMin: 0.7,
          rounds: 5,
        }),
        note,
      ),
    );
    const revs = new Map<string, number>();
    let c = 0;
    rows.push(
      scaled(
        await compare({
          group: 'stores',
          name: 'PostgreSQL key store: rewrap (compare-and-set)',
          ours: many(async () => {
            const id = `s-${c++ % subjects}`;
            const r = revs.get(id) ?? 1;
            if (
              await keys.compareAndSet(id, r, {
                subjectId: id,
                state: 'active',
                kekId: 'kek-2',
                wrapped,
                createdAt: 1,
                revision: r + 1,
              })
            )
              revs.set(id, r + 1);
          }),
          peer: {
            name: 'pg UPDATE by hand',
            fn: many(() =>
              pool.query(
                `UPDATE ${s}.raw_keys SET kek_id = 'kek-2', revision = revision + 1 WHERE subject_id = $1`,
                [`s-${c++ % m}`],
              ),
            ),
          },
          target: '>= 0.7',
          targetMin: 0.7,
          rounds: 5,
        }),
        note,
      ),
    );
    const counter = postgresUseCounter({ pool, schema });
    let u = 0;
    rows.push(
      scaled(
        await compare({
          group: 'stores',
          name: 'PostgreSQL use counter: consume (redeem)',
          ours: many(() => counter.consume(`tok-${u++ % 10_000}`, Number.POSITIVE_INFINITY)),
          peer: {
            name: 'pg upsert by hand',
            fn: many(() =>
              pool.query(
                `INSERT INTO ${s}.raw_counts AS x VALUES ($1, 1) ON CONFLICT (key) DO UPDATE SET used = x.used + 1 RETURNING used`,
                [`tok-${u++ % 10_000}`],
              ),
            ),
          },
          target: '>= 0.7',
          targetMin: 0.7,
          rounds: 5,
        }),
        note,
      ),
    );
    const event: AuditEvent = {
      kind: 'field.view',
      actor: 'cs-17',
      purpose: 'customer-service',
      records: ['parcel-1'],
      paths: ['recipient.phone'],
      data: { effect: 'mask' },
    };
    const log = createSharedAuditLog({ sink: postgresAuditSink({ pool, schema, log: 'bench' }) });
    let a = 0;
    const entryText = JSON.stringify({
      ...event,
      v: 1,
      seq: 0,
      time: new Date().toISOString(),
      prev: '0'.repeat(64),
      hash: '0'.repeat(64),
    });
    rows.push(
      scaled(
        await compare({
          group: 'stores',
          name: 'PostgreSQL shared audit log: append (hash chain locked in the database)',
          ours: many(() => log.append(event)),
          // The peer stores the same rows with no chain: one autocommit INSERT per entry.
          peer: {
            name: 'pg INSERT of the entry by hand, unchained',
            fn: many(() =>
              pool.query(`INSERT INTO ${s}.raw_audit VALUES ('bench', $1, '', '', $2)`, [a++, entryText]),
            ),
          },
          note,
          rounds: 5,
        }),
        note,
      ),
    );
    const Contact = pii.id(
      'bench-contact/v1',
      pii.subject('recipient', (await import('zod')).object({ phone: pii.phone() })),
    );
    const ring = createKeyring({ keks: [{ id: 'kek-1', key: generateKey() }], active: 'kek-1' });
    const indexKey = generateKey();
    const onPg = createVault({ keyring: ring, keyStore: postgresKeyStore({ pool, schema }), indexKey });
    const inMem = createVault({ keyring: ring, keyStore: memoryKeyStore(), indexKey });
    let v = 0;
    rows.push(
      scaled(
        await compare({
          group: 'stores',
          name: 'vault.seal for a new subject, DEK stored in PostgreSQL',
          ours: many(() =>
            onPg.seal(
              Contact,
              { phone: '13812345678' },
              { recordId: `r-${v}`, subjects: { recipient: `new-${v++}` } },
            ),
          ),
          peer: {
            name: 'same with memoryKeyStore',
            fn: many(() =>
              inMem.seal(
                Contact,
                { phone: '13812345678' },
                { recordId: `r-${v}`, subjects: { recipient: `new-${v++}` } },
              ),
            ),
          },
          note,
          rounds: 5,
        }),
        note,
      ),
    );
    const total = await pool.query(`SELECT count(*)::int AS n FROM ${s}.cpii_subject_keys`);
    rows.push({
      group: 'stores',
      name: 'subjects held in the PostgreSQL key store at the end of this run',
      opsPerSec: Number(total.rows[0].n),
      note: 'a count, not a rate',
    });

    // SQLite: single node, synchronous=FULL (an fsync per committed write).
    const path = join(mkdtempSync(join(tmpdir(), 'cpii-bench-')), 'keys.db');
    const lite = sqliteKeyStore({ path });
    for (let i = 0; i < 1000; i++)
      await lite.create({
        subjectId: `s-${i}`,
        state: 'active',
        kekId: 'kek-1',
        wrapped,
        createdAt: 1,
        revision: 1,
      });
    const raw = new Database(path, { readonly: true });
    const q = raw.prepare('SELECT * FROM cpii_subject_keys WHERE subject_id = ?');
    let l = 0;
    rows.push(
      await compare({
        group: 'stores',
        name: 'SQLite key store: get a subject key',
        ours: () => lite.get(`s-${l++ % 1000}`),
        peer: { name: 'better-sqlite3 SELECT by hand', fn: () => q.get(`s-${l++ % 1000}`) },
        // The store interface is async over a synchronous driver: a promise per call is the floor.
        target: '>= 0.35',
        targetMin: 0.35,
      }),
    );
    raw.close();
    await lite.close?.();
    rows.push(...(await listingRows(pool, schema)));
  } finally {
    await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    await pool.end();
  }
  return rows;
}

/**
 * Listing 10,000 parcels with cold keys (bench/listing.ts) over the SQLite and PostgreSQL key
 * stores, page by page with `vault.openMany`, each against its own database floor: per page one
 * bare SELECT by hand of the wrapped keys the page needs (same round trips), then bare unwrap and
 * decrypt.
 */
export async function listingRows(pool: pg.Pool, schema: string): Promise<BenchRow[]> {
  const rounds = Number(process.env.BENCH_COLD_ROUNDS ?? 3);
  const mem = memoryKeyStore();
  const l = await buildListing(mem);
  const recs: ActiveKeyRecord[] = [];
  for await (const r of mem.list()) if (r.state === 'active') recs.push(r);
  const rows: BenchRow[] = [];
  const fresh = (keyStore: SubjectKeyStore) =>
    createVault({ keyring: l.keyring, keyStore, indexKey: l.indexKey });
  const keysNote = `records/s; 7 fields under 3 keys per parcel, 10,000 customers; one query per page of ${PAGE}`;

  // SQLite: the store's table and the floor's, filled in one transaction each.
  const path = join(mkdtempSync(join(tmpdir(), 'cpii-bench-listing-')), 'keys.db');
  const lite = sqliteKeyStore({ path });
  await lite.get('warm-up'); // opens and migrates the file
  const db = new Database(path);
  db.exec('CREATE TABLE raw_keys (subject_id TEXT PRIMARY KEY, wrapped BLOB NOT NULL) WITHOUT ROWID');
  const ins = db.prepare(
    "INSERT INTO cpii_subject_keys (subject_id, state, kek_id, wrapped, created_at, destroyed_at, revision) VALUES (?, 'active', ?, ?, ?, NULL, ?)",
  );
  const insRaw = db.prepare('INSERT INTO raw_keys VALUES (?, ?)');
  db.transaction(() => {
    for (const r of recs) ins.run(r.subjectId, r.kekId, r.wrapped, r.createdAt, r.revision);
    for (const [id, w] of l.bareKeys) insRaw.run(id, w);
  })();
  const rawSelect = db.prepare(
    'SELECT subject_id, wrapped FROM raw_keys WHERE subject_id IN (SELECT value FROM json_each(?))',
  );
  const fromSqlite = async (ids: string[]) => {
    const m = new Map<string, Uint8Array>();
    for (const row of rawSelect.all(JSON.stringify(ids)) as Array<{ subject_id: string; wrapped: Buffer }>)
      m.set(row.subject_id, row.wrapped);
    return m;
  };
  const rl = await coldRatio(
    rounds,
    () => openPages(fresh(lite), l),
    () => barePages(l, fromSqlite),
    PARCELS,
  );
  rows.push({
    group: 'stores',
    name: `SQLite key store: open 10,000 listed parcels with cold keys, vault.openMany in pages of ${PAGE}`,
    opsPerSec: rl.ours,
    peer: "bare SELECT of the page's wrapped keys by hand + bare unwrap + decrypt",
    peerOpsPerSec: rl.floor,
    ratio: rl.ours / rl.floor,
    note: keysNote,
  });
  db.close();
  await lite.close?.();

  // PostgreSQL: the same, in this run's schema.
  const s = `"${schema}"`;
  await pool.query(`CREATE TABLE ${s}.listing_raw (subject_id text PRIMARY KEY, wrapped bytea NOT NULL)`);
  for (let i = 0; i < recs.length; i += 2000) {
    const part = recs.slice(i, i + 2000);
    await pool.query(
      `INSERT INTO ${s}.cpii_subject_keys SELECT u.id, 'active', u.kek, u.w, u.c, NULL, u.r FROM unnest($1::text[], $2::text[], $3::bytea[], $4::bigint[], $5::bigint[]) AS u(id, kek, w, c, r)`,
      [
        part.map((r) => r.subjectId),
        part.map((r) => r.kekId),
        part.map((r) => Buffer.from(r.wrapped)),
        part.map((r) => r.createdAt),
        part.map((r) => r.revision),
      ],
    );
  }
  const bare = [...l.bareKeys];
  for (let i = 0; i < bare.length; i += 2000) {
    const part = bare.slice(i, i + 2000);
    await pool.query(`INSERT INTO ${s}.listing_raw SELECT * FROM unnest($1::text[], $2::bytea[])`, [
      part.map(([id]) => id),
      part.map(([, w]) => Buffer.from(w)),
    ]);
  }
  await pool.query(`ANALYZE ${s}.cpii_subject_keys`);
  await pool.query(`ANALYZE ${s}.listing_raw`);
  // the store's table also holds the 200,000+ subjects of the rows above
  const onPg = postgresKeyStore({ pool, schema });
  const fromPg = async (ids: string[]) => {
    const r = await pool.query(
      `SELECT subject_id, wrapped FROM ${s}.listing_raw WHERE subject_id = ANY($1::text[])`,
      [ids],
    );
    const m = new Map<string, Uint8Array>();
    for (const row of r.rows as Array<{ subject_id: string; wrapped: Buffer }>)
      m.set(row.subject_id, row.wrapped);
    return m;
  };
  const rp = await coldRatio(
    rounds,
    () => openPages(fresh(onPg), l),
    () => barePages(l, fromPg),
    PARCELS,
  );
  rows.push({
    group: 'stores',
    name: `PostgreSQL key store: open 10,000 listed parcels with cold keys, vault.openMany in pages of ${PAGE}`,
    opsPerSec: rp.ours,
    peer: "bare SELECT of the page's wrapped keys by hand (= ANY) + bare unwrap + decrypt",
    peerOpsPerSec: rp.floor,
    ratio: rp.ours / rp.floor,
    note: `${keysNote}, one PostgreSQL 15 node`,
  });
  return rows;
}

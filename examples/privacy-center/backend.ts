// The privacy center's back end: every SDK piece on one database (SQLite by default, PostgreSQL
// when PRIVACY_CENTER_DATABASE_URL is set), and the demo data it starts with. The parcels table
// is the service's own: sealed records and the subject ids it queries, never plaintext.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditLog } from 'courier-pii/audit';
import {
  generateSigningKey,
  grant,
  type GrantIndexStore,
  type PurposeConsentLedger,
  type RevocationStore,
  createPurposeConsentLedger,
} from 'courier-pii/consent';
import {
  createKeyring,
  createVault,
  generateKey,
  type SubjectKeyStore,
  type Vault,
} from 'courier-pii/crypto';
import type { LifecycleRecord, RecordSource } from 'courier-pii/lifecycle';
import { withdrawalErasureWork, type ErasureWork } from 'courier-pii/lifecycle';
import { redact } from 'courier-pii/mask';
import { type Policy, policyFromJson } from 'courier-pii/policy';
import { createRightsDesk, type RightsDesk, type RightsRequestStore } from 'courier-pii/rights';
import type { PurposeConsentStore } from 'courier-pii/consent';
import {
  createSharedAuditLog,
  migratePostgres,
  migrateSqlite,
  postgresAuditSink,
  postgresGrantIndex,
  postgresKeyStore,
  postgresPurposeConsentStore,
  postgresRevocationStore,
  postgresRightsRequestStore,
  sqliteAuditSink,
  sqliteGrantIndex,
  sqliteKeyStore,
  sqlitePurposeConsentStore,
  sqliteRevocationStore,
  sqliteRightsRequestStore,
} from 'courier-pii/stores';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Parcel } from '../06-courier-views.js';

/** The issuer id of the demo's consent tokens, and its public key for `verify`. */
export const ISSUER_ID = 'sf-2026';
/** The purposes whose legal basis is consent, as the customer can withdraw them. */
export const CONSENT_PURPOSES = ['marketing', 'analytics'] as const;

/** What the HTTP layer uses. */
export interface Backend {
  readonly kind: 'sqlite' | 'postgres';
  readonly vault: Vault;
  readonly policy: Policy;
  readonly audit: AuditLog;
  readonly ledger: PurposeConsentLedger;
  readonly grantIndex: GrantIndexStore;
  readonly revocations: RevocationStore;
  readonly desk: RightsDesk;
  readonly source: RecordSource;
  /** Erasure work queued by consent withdrawals (PIPL Art. 47), for staff. */
  readonly erasureWork: ErasureWork[];
  /** The sealed parcels naming a subject (as sender or recipient). */
  parcelsOf(subjectId: string): Promise<Array<{ id: string; record: unknown }>>;
  /** Public keys `verify` trusts. */
  readonly issuers: Readonly<Record<string, Uint8Array>>;
  /** The demo's grant tokens by token id (a real service never keeps tokens; the test verifies them). */
  readonly demoTokens: ReadonlyMap<
    string,
    { token: string; grantee: string; purpose: string; resource: string }
  >;
  close(): Promise<void>;
}

interface Table {
  put(id: string, senderId: string, recipientId: string, record: unknown): Promise<void>;
  of(subjectId: string): Promise<Array<{ id: string; record: unknown }>>;
  all(): Promise<Array<{ id: string; senderId: string; recipientId: string; record: unknown }>>;
}

interface Stores {
  kind: 'sqlite' | 'postgres';
  keyStore: SubjectKeyStore;
  auditSink: Parameters<typeof createSharedAuditLog>[0]['sink'];
  purposes: PurposeConsentStore;
  grantIndex: GrantIndexStore;
  revocations: RevocationStore;
  rights: RightsRequestStore;
  parcels: Table;
  close(): Promise<void>;
}

function sqliteStores(path: string): Stores {
  const db = new Database(path);
  migrateSqlite(db);
  db.exec(`CREATE TABLE IF NOT EXISTS pc_parcels (id TEXT PRIMARY KEY, sender_id TEXT NOT NULL,
    recipient_id TEXT NOT NULL, record TEXT NOT NULL)`);
  const database = db;
  const rows = (sql: string, ...args: unknown[]) =>
    (
      db.prepare(sql).all(...args) as Array<{
        id: string;
        sender_id: string;
        recipient_id: string;
        record: string;
      }>
    ).map((r) => ({
      id: r.id,
      senderId: r.sender_id,
      recipientId: r.recipient_id,
      record: JSON.parse(r.record) as unknown,
    }));
  return {
    kind: 'sqlite',
    keyStore: sqliteKeyStore({ database }),
    auditSink: sqliteAuditSink({ database }),
    purposes: sqlitePurposeConsentStore({ database }),
    grantIndex: sqliteGrantIndex({ database }),
    revocations: sqliteRevocationStore({ database }),
    rights: sqliteRightsRequestStore({ database }),
    parcels: {
      async put(id, s, r, record) {
        db.prepare('INSERT INTO pc_parcels VALUES (?, ?, ?, ?)').run(id, s, r, JSON.stringify(record));
      },
      async of(subjectId) {
        return rows(
          'SELECT * FROM pc_parcels WHERE sender_id = ? OR recipient_id = ? ORDER BY id',
          subjectId,
          subjectId,
        );
      },
      async all() {
        return rows('SELECT * FROM pc_parcels ORDER BY id');
      },
    },
    async close() {
      db.close();
    },
  };
}

async function postgresStores(url: string, schema: string): Promise<Stores> {
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  pool.on('error', () =>
    console.warn('privacy center: a database connection was lost; the pool reconnects.'),
  );
  // The demo starts from fresh data (its keys live in memory): its own schema is reset.
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await migratePostgres(pool, { schema });
  const t = `"${schema}".pc_parcels`;
  await pool.query(
    `CREATE TABLE ${t} (id text PRIMARY KEY, sender_id text NOT NULL, recipient_id text NOT NULL, record jsonb NOT NULL)`,
  );
  const o = { pool, schema };
  const map = (r: { id: string; sender_id: string; recipient_id: string; record: unknown }) => ({
    id: r.id,
    senderId: r.sender_id,
    recipientId: r.recipient_id,
    record: r.record,
  });
  return {
    kind: 'postgres',
    keyStore: postgresKeyStore(o),
    auditSink: postgresAuditSink(o),
    purposes: postgresPurposeConsentStore(o),
    grantIndex: postgresGrantIndex(o),
    revocations: postgresRevocationStore(o),
    rights: postgresRightsRequestStore(o),
    parcels: {
      async put(id, s, r, record) {
        await pool.query(`INSERT INTO ${t} VALUES ($1, $2, $3, $4)`, [id, s, r, JSON.stringify(record)]);
      },
      async of(subjectId) {
        return (
          await pool.query(`SELECT * FROM ${t} WHERE sender_id = $1 OR recipient_id = $1 ORDER BY id`, [
            subjectId,
          ])
        ).rows.map(map);
      },
      async all() {
        return (await pool.query(`SELECT * FROM ${t} ORDER BY id`)).rows.map(map);
      },
    },
    close: () => pool.end(),
  };
}

/** Options of {@link openBackend}. */
export interface BackendOptions {
  /** PostgreSQL connection string; without it, SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema of the demo (reset at start; default `privacy_center_demo`). */
  schema?: string;
  /** SQLite file (default: a new file in a temporary folder). */
  sqlitePath?: string;
  /** Clock (ms since the epoch). */
  now: () => number;
}

const HOUR = 3_600_000;

/** Opens the stores, wires the SDK and seeds the demo: two customers, three parcels, two grants. */
export async function openBackend(options: BackendOptions): Promise<Backend> {
  const now = options.now;
  // Without a path, a new folder of its own, removed on close (the demo's keys die with it).
  const ownDir =
    options.databaseUrl || options.sqlitePath ? undefined : mkdtempSync(join(tmpdir(), 'privacy-center-'));
  const stores = options.databaseUrl
    ? await postgresStores(options.databaseUrl, options.schema ?? 'privacy_center_demo')
    : sqliteStores(options.sqlitePath ?? join(ownDir!, 'privacy-center.db'));
  const vault = createVault({
    keyring: createKeyring({ keks: [{ id: 'kek-demo', key: generateKey() }], active: 'kek-demo' }),
    keyStore: stores.keyStore,
    indexKey: generateKey(),
    redactText: (text) => redact(text).text,
  });
  const audit = createSharedAuditLog({ sink: stores.auditSink, clock: now });
  const policy = policyFromJson(
    Parcel,
    JSON.parse(readFileSync(new URL('../policies/courier.json', import.meta.url), 'utf8')),
  );
  const erasureWork: ErasureWork[] = [];
  const ledger = createPurposeConsentLedger({
    store: stores.purposes,
    audit,
    now,
    onWithdraw: (w) => void erasureWork.push(withdrawalErasureWork(w, { neededFor: ['delivery'] })),
  });
  const desk = createRightsDesk({ audit, store: stores.rights, now });

  // Demo data: cust-r1 receives two parcels from cust-s1 and sends one.
  const t0 = now();
  const parcels = [
    { id: 'P-0001', waybillNo: 'SF1043212345678', status: 'out_for_delivery', s: 'cust-s1', r: 'cust-r1' },
    { id: 'P-0002', waybillNo: 'SF1043299990001', status: 'in_transit', s: 'cust-s1', r: 'cust-r1' },
    { id: 'P-0003', waybillNo: 'SF1043288880002', status: 'delivered', s: 'cust-r1', r: 'cust-s1' },
  ] as const;
  for (const p of parcels) {
    const plain = Parcel.parse({
      waybillNo: p.waybillNo,
      status: p.status,
      stationId: 'st-qd-01',
      courierId: 'c-7',
      weightKg: 1.2,
      attempts: 0,
      serviceUntil: t0 + 30 * 24 * HOUR,
      sender: { customerId: p.s, ...DEMO_PEOPLE[p.s] },
      recipient: { customerId: p.r, ...DEMO_PEOPLE[p.r] },
      pickupCode: '3-2-1234',
    });
    const subjects = { sender: p.s, recipient: p.r };
    const { record } = await vault.seal(Parcel, plain, { recordId: p.id, subjects });
    await stores.parcels.put(p.id, p.s, p.r, record);
  }
  for (const id of ['cust-r1', 'cust-s1']) {
    await ledger.give(id, 'marketing', { noticeVersion: 'v3', separate: ['marketing'], channel: 'app' });
    await ledger.give(id, 'analytics', { noticeVersion: 'v3', channel: 'app' });
  }
  const key = generateSigningKey();
  const demoTokens = new Map<string, { token: string; grantee: string; purpose: string; resource: string }>();
  const grants = [
    { grantee: 'n-5531', purpose: 'pickup', resource: 'SF1043212345678', hours: 8, maxUses: 1 },
    { grantee: 'l-0021', purpose: 'locker', resource: 'SF1043299990001', hours: 48, maxUses: 3 },
  ];
  for (const g of grants) {
    const r = await grant({
      issuer: { id: ISSUER_ID, secretKey: key.secretKey },
      subject: 'cust-r1',
      grantee: g.grantee,
      purpose: g.purpose,
      resource: g.resource,
      scope: { pickupCode: 'allow', 'recipient.address': 'mask', 'recipient.name': 'mask' },
      expiresAt: t0 + g.hours * HOUR,
      maxUses: g.maxUses,
      now,
      grantIndex: stores.grantIndex,
      format: 2,
    });
    demoTokens.set(r.tokenId, {
      token: r.token,
      grantee: g.grantee,
      purpose: g.purpose,
      resource: g.resource,
    });
  }

  const source: RecordSource = {
    async *records(filter) {
      for (const p of await stores.parcels.all()) {
        if (
          filter?.subjectId !== undefined &&
          p.senderId !== filter.subjectId &&
          p.recipientId !== filter.subjectId
        )
          continue;
        const rec: LifecycleRecord = {
          id: p.id,
          schema: Parcel,
          subjects: { sender: p.senderId, recipient: p.recipientId },
          purposes: ['delivery'],
          data: p.record,
        };
        yield rec;
      }
    },
  };

  return {
    kind: stores.kind,
    vault,
    policy,
    audit,
    ledger,
    grantIndex: stores.grantIndex,
    revocations: stores.revocations,
    desk,
    source,
    erasureWork,
    parcelsOf: (id) => stores.parcels.of(id),
    issuers: { [ISSUER_ID]: key.publicKey },
    demoTokens,
    async close() {
      await audit.close();
      await stores.close();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}

/**
 * The demo people (made up; the ID number is a published test number). The browser test checks
 * that the values the policy hides from the signed-in customer never reach the page.
 */
export const DEMO_PEOPLE = {
  'cust-r1': { name: '张三', phone: '13812345678', address: '山东省青岛市市南区香港中路61号' },
  'cust-s1': {
    name: '欧阳娜娜',
    phone: '13912345678',
    address: '浙江省杭州市西湖区文三路100号',
    idNumber: '11010519491231002X',
  },
} as const;

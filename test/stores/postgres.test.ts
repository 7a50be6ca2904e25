import { afterAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/audit/index.js';
import {
  migratePostgres,
  postgresAuditSink,
  postgresKeyStore,
  postgresSchemaSql,
  POSTGRES_MIGRATIONS,
} from '../../src/stores/index.js';
import { sampleEvent } from '../audit/helpers.js';
import { endPool, freshSchema, pool } from './services.js';

afterAll(endPool);
const unique = (): string => `m_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;

describe('PostgreSQL schema and failures', () => {
  it('applies each migration once when several instances migrate at the same moment', async () => {
    const schema = unique();
    const results = await Promise.all(Array.from({ length: 5 }, () => migratePostgres(pool(), { schema })));
    expect(results.flatMap((r) => r.applied)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    expect(results.every((r) => r.version === POSTGRES_MIGRATIONS.at(-1)!.version)).toBe(true);
    const tables = await pool().query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
      [schema],
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual([
      'cpii_audit_entries',
      'cpii_audit_heads',
      'cpii_audit_keys',
      'cpii_consent_grants',
      'cpii_migrations',
      'cpii_monitor_counts',
      'cpii_monitor_deny',
      'cpii_monitor_items',
      'cpii_monitor_states',
      'cpii_progress',
      'cpii_purpose_consents',
      'cpii_redemptions',
      'cpii_revocations',
      'cpii_rights_requests',
      'cpii_subject_keys',
      'cpii_use_counts',
    ]);
  });

  it('ships a hand-applicable SQL script that produces a working schema', async () => {
    const schema = unique();
    await pool().query(postgresSchemaSql({ schema }));
    await pool().query(postgresSchemaSql({ schema })); // idempotent
    expect((await migratePostgres(pool(), { schema })).applied).toEqual([]);
    const keys = postgresKeyStore({ pool: pool(), schema });
    await keys.create({
      subjectId: 'a',
      state: 'active',
      kekId: 'k',
      wrapped: new Uint8Array(72),
      createdAt: 1,
      revision: 1,
    });
    expect((await keys.get('a'))?.state).toBe('active');
  });

  it('refuses key bytes on a tombstone at the database level', async () => {
    const schema = await freshSchema();
    await expect(
      pool().query(
        `INSERT INTO "${schema}".cpii_subject_keys VALUES ('x', 'destroyed', 'k', '\\x00', 1, 2, 2)`,
      ),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('says to run migratePostgres when the tables are missing, and rejects unsafe schema names', async () => {
    const keys = postgresKeyStore({ pool: pool(), schema: unique() });
    const err = await keys.get('a').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(String((err as Error).message)).toMatch(/migratePostgres/);
    expect(() => postgresKeyStore({ pool: pool(), schema: 'x"; DROP TABLE y; --' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => postgresKeyStore({} as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('reports an edited audit tail as AUDIT_CORRUPT instead of continuing from it', async () => {
    const schema = await freshSchema();
    const log = createAuditLog({ sink: postgresAuditSink({ pool: pool(), schema }) });
    for (let i = 0; i < 3; i++) await log.append(sampleEvent(i));
    await log.close();
    const row = await pool().query(`SELECT entry FROM "${schema}".cpii_audit_entries WHERE seq = 2`);
    const edited = String(row.rows[0].entry).replace('"purpose":"', '"purpose":"x');
    await pool().query(`UPDATE "${schema}".cpii_audit_entries SET entry = $1 WHERE seq = 2`, [edited]);
    await expect(postgresAuditSink({ pool: pool(), schema }).open()).rejects.toMatchObject({
      code: 'AUDIT_CORRUPT',
    });
    const again = createAuditLog({ sink: postgresAuditSink({ pool: pool(), schema }) });
    await expect(again.append(sampleEvent(3))).rejects.toMatchObject({ code: 'AUDIT_CORRUPT' });
  });

  it('turns a dead connection into STORE_UNAVAILABLE without the connection string', async () => {
    const pg = (await import('pg')).default;
    const dead = new pg.Pool({
      connectionString: 'postgres://nobody:secret-pw@127.0.0.1:1/none',
      connectionTimeoutMillis: 2000,
    });
    const err = await postgresKeyStore({ pool: dead })
      .get('a')
      .catch((e: unknown) => e);
    // No connection was made, so nothing can have been written.
    expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { maybeApplied: false } });
    expect(String((err as Error).message)).not.toContain('secret-pw');
    await dead.end();
  });
});

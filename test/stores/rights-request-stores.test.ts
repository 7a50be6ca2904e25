import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditLog, memorySink } from '../../src/audit/index.js';
import { createFileRightsStore, createMemoryRightsStore, createRightsDesk } from '../../src/rights/index.js';
import {
  migrateSqlite,
  postgresRightsRequestStore,
  sqliteRightsRequestStore,
} from '../../src/stores/index.js';
import { scratchDir } from '../support/scratch.js';
import { rightsRequestConformance } from './conformance/rights-requests.js';
import { endPool, freshSchema, pool } from './services.js';

afterAll(endPool);

rightsRequestConformance('memory', async () => {
  const store = createMemoryRightsStore();
  return { store, peer: () => store };
});

rightsRequestConformance('file', async () => {
  const path = join(scratchDir('cpii-rights-'), 'rights.jsonl');
  const store = createFileRightsStore(path);
  return {
    store,
    peer: () => store,
    reopen: async () => {
      await store.close?.();
      return createFileRightsStore(path);
    },
  };
});

rightsRequestConformance('sqlite', async () => {
  const path = join(scratchDir('cpii-rights-'), 'rights.db');
  const store = sqliteRightsRequestStore({ path });
  const peers: ReturnType<typeof sqliteRightsRequestStore>[] = [];
  return {
    store,
    // A second connection to the same file: the compare-and-set holds across connections.
    peer: () => {
      peers[0] ??= sqliteRightsRequestStore({ path });
      return peers[0];
    },
    reopen: async () => {
      await store.close?.();
      await peers[0]?.close?.();
      return sqliteRightsRequestStore({ path });
    },
  };
});

rightsRequestConformance('postgres', async () => {
  const schema = await freshSchema();
  const open = () => postgresRightsRequestStore({ pool: pool(), schema });
  return { store: open(), peer: open, reopen: async () => open() };
});

async function oneRequest(store: ReturnType<typeof createMemoryRightsStore>) {
  const desk = createRightsDesk({ audit: createAuditLog({ sink: memorySink() }), store });
  return desk.file({ kind: 'complaint', subjectId: 'cust-k' });
}

describe('rights-request stores report damaged storage', () => {
  it('file: drops a torn last line, refuses a corrupt line or a version out of order with STORE_CORRUPT', async () => {
    const path = join(scratchDir('cpii-rights-'), 'rights.jsonl');
    const s1 = createFileRightsStore(path);
    const r = await oneRequest(s1);
    await s1.close?.();
    appendFileSync(path, '{"id":"rr-');
    const s2 = createFileRightsStore(path);
    expect((await s2.list()).map((x) => x.id)).toEqual([r.id]);
    await oneRequest(s2);
    await s2.close?.();
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
    const lines = readFileSync(path, 'utf8');
    // The same version twice: the journal no longer says which one holds.
    writeFileSync(path, lines + lines.split('\n')[0] + '\n');
    const s3 = createFileRightsStore(path);
    await expect(s3.list()).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    await s3.close?.();
    writeFileSync(path, lines.replace('"complaint"', '"erase-all"'));
    const s4 = createFileRightsStore(path);
    await expect(s4.get(r.id)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    await s4.close?.();
  });

  it('sqlite and postgres: a row that no longer parses is STORE_CORRUPT, never returned', async () => {
    const path = join(scratchDir('cpii-rights-'), 'rights.db');
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path);
    migrateSqlite(db);
    const lite = sqliteRightsRequestStore({ database: db });
    const r1 = await oneRequest(lite);
    db.prepare(
      "UPDATE cpii_rights_requests SET request_json = replace(request_json, 'cust-k', 'cust k')",
    ).run();
    await expect(lite.get(r1.id)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    await expect(lite.list()).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    db.close();

    const schema = await freshSchema();
    const pgStore = postgresRightsRequestStore({ pool: pool(), schema });
    const r2 = await oneRequest(pgStore);
    await pool().query(`UPDATE "${schema}".cpii_rights_requests SET request_json = '{"id":1}'`);
    await expect(pgStore.get(r2.id)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    await expect(pgStore.list({ subjectId: 'cust-k' })).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
  });
});

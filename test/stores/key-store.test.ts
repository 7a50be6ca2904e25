import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileKeyStore, memoryKeyStore } from '../../src/crypto/index.js';
import { postgresKeyStore, sqliteKeyStore } from '../../src/stores/index.js';
import { keyStoreConformance } from './conformance/key-store.js';
import { endPool, freshSchema, pool } from './services.js';
import { scratchDir } from '../support/scratch.js';

const dir = (): string => scratchDir('cpii-stores-');

afterAll(endPool);

keyStoreConformance('memory', async () => ({ store: memoryKeyStore() }), { durable: false });

keyStoreConformance('file', async () => {
  const path = join(dir(), 'keys.journal');
  const store = fileKeyStore(path);
  return {
    store,
    reopen: async () => {
      await store.close();
      return fileKeyStore(path);
    },
  };
});

keyStoreConformance('sqlite', async () => {
  const path = join(dir(), 'keys.db');
  const store = sqliteKeyStore({ path });
  return {
    store,
    reopen: async () => {
      await store.close?.();
      return sqliteKeyStore({ path });
    },
  };
});

keyStoreConformance('postgres', async () => {
  const schema = await freshSchema();
  return {
    store: postgresKeyStore({ pool: pool(), schema }),
    reopen: async () => postgresKeyStore({ pool: pool(), schema }),
  };
});

describe('reading a page of subject keys from a database', () => {
  const ids = Array.from({ length: 120 }, (_, i) => `page-${i}`);
  const rec = (subjectId: string) => ({
    subjectId,
    state: 'active' as const,
    kekId: 'kek-a',
    wrapped: new Uint8Array(72).fill(3),
    createdAt: 1_700_000_000_000,
    revision: 1,
  });

  it('takes one PostgreSQL query for the whole page', async () => {
    const schema = await freshSchema();
    const texts: string[] = [];
    const p = pool();
    const counted = {
      query: (text: string, values?: unknown[]) => {
        texts.push(text);
        return p.query(text, values);
      },
      connect: () => p.connect(),
    };
    const store = postgresKeyStore({ pool: counted, schema });
    await Promise.all(ids.map((id) => store.create(rec(id))));
    texts.length = 0;
    const got = await store.getMany!([...ids, 'absent']);
    expect(texts).toHaveLength(1);
    expect(got.slice(0, -1).map((r) => r?.subjectId)).toEqual(ids);
  });

  it('takes one SQLite statement for the whole page', async () => {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(dir(), 'keys.db'));
    const executed: string[] = [];
    const counting = new Proxy(db, {
      get(target, prop) {
        if (prop === 'prepare')
          return (sql: string) => {
            const st = target.prepare(sql);
            return new Proxy(st, {
              get(s, m) {
                const v = Reflect.get(s, m, s);
                if (typeof v !== 'function') return v;
                return (...args: unknown[]) => {
                  if (m === 'all' || m === 'get' || m === 'run') executed.push(sql);
                  return v.apply(s, args);
                };
              },
            });
          };
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const store = sqliteKeyStore({ database: counting as never });
    for (const id of ids) await store.create(rec(id));
    executed.length = 0;
    const got = await store.getMany!(['absent', ...ids]);
    expect(executed).toHaveLength(1);
    expect(got.slice(1).map((r) => r?.subjectId)).toEqual(ids);
    db.close();
  });
});

import { join } from 'node:path';
import { afterAll } from 'vitest';
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

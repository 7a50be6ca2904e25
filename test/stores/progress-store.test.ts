import { join } from 'node:path';
import { afterAll } from 'vitest';
import {
  fileProgressStore,
  memoryProgressStore,
  postgresProgressStore,
  sqliteProgressStore,
} from '../../src/stores/index.js';
import { progressStoreConformance } from './conformance/progress-store.js';
import { endPool, freshSchema, pool } from './services.js';
import { scratchDir } from '../support/scratch.js';

const dir = (): string => scratchDir('cpii-progress-');
afterAll(endPool);

progressStoreConformance('memory', async () => ({ store: memoryProgressStore() }), { durable: false });
progressStoreConformance('file', async () => {
  const path = join(dir(), 'progress.json');
  const store = fileProgressStore(path);
  return {
    store,
    reopen: async () => {
      await store.close();
      return fileProgressStore(path);
    },
  };
});
progressStoreConformance('sqlite', async () => {
  const path = join(dir(), 'progress.db');
  const store = sqliteProgressStore({ path });
  return {
    store,
    reopen: async () => {
      await store.close();
      return sqliteProgressStore({ path });
    },
  };
});
progressStoreConformance('postgres', async () => {
  const schema = await freshSchema();
  return {
    store: postgresProgressStore({ pool: pool(), schema }),
    reopen: async () => postgresProgressStore({ pool: pool(), schema }),
  };
});

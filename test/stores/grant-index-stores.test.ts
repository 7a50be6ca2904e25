import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createFileGrantIndex, createMemoryGrantIndex } from '../../src/consent/index.js';
import {
  postgresGrantIndex,
  postgresRevocationStore,
  sqliteGrantIndex,
  sqliteRevocationStore,
} from '../../src/stores/index.js';
import { scratchDir } from '../support/scratch.js';
import { grantIndexConformance } from './conformance/grant-index.js';
import { endPool, freshSchema, pool } from './services.js';

afterAll(endPool);

grantIndexConformance('memory', async () => ({ index: createMemoryGrantIndex() }), false);

grantIndexConformance('file', async () => {
  const path = join(scratchDir('cpii-grants-'), 'grants.jsonl');
  const index = createFileGrantIndex(path);
  return {
    index,
    reopen: async () => {
      await index.close();
      return createFileGrantIndex(path);
    },
  };
});

grantIndexConformance('sqlite', async () => {
  const path = join(scratchDir('cpii-grants-'), 'grants.db');
  const index = sqliteGrantIndex({ path });
  return {
    index,
    revocations: sqliteRevocationStore({ path }),
    reopen: async () => {
      await index.close();
      return sqliteGrantIndex({ path });
    },
  };
});

grantIndexConformance('postgres', async () => {
  const schema = await freshSchema();
  const open = () => postgresGrantIndex({ pool: pool(), schema });
  return {
    index: open(),
    revocations: postgresRevocationStore({ pool: pool(), schema }),
    reopen: async () => open(),
  };
});

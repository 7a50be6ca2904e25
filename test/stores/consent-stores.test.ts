import { join } from 'node:path';
import { afterAll } from 'vitest';
import {
  createFileRevocationStore,
  createFileUseCounter,
  createMemoryRevocationStore,
  createMemoryUseCounter,
} from '../../src/consent/index.js';
import {
  postgresRevocationStore,
  postgresUseCounter,
  sqliteRevocationStore,
  sqliteUseCounter,
} from '../../src/stores/index.js';
import { consentStoresConformance } from './conformance/consent-stores.js';
import { endPool, freshSchema, pool } from './services.js';
import { scratchDir } from '../support/scratch.js';

const dir = (): string => scratchDir('cpii-consent-');
afterAll(endPool);

consentStoresConformance(
  'memory',
  async () => ({
    revocations: createMemoryRevocationStore(),
    counter: createMemoryUseCounter(),
  }),
  { durable: false },
);

consentStoresConformance('file', async () => {
  const d = dir();
  const open = () => ({
    revocations: createFileRevocationStore(join(d, 'revoked.log')),
    counter: createFileUseCounter(join(d, 'uses.log')),
  });
  const first = open();
  return {
    ...first,
    reopen: async () => {
      await first.revocations.close();
      await first.counter.close();
      return open();
    },
  };
});

consentStoresConformance('sqlite', async () => {
  const path = join(dir(), 'consent.db');
  const open = () => ({ revocations: sqliteRevocationStore({ path }), counter: sqliteUseCounter({ path }) });
  const first = open();
  return {
    ...first,
    reopen: async () => {
      await first.revocations.close();
      await first.counter.close();
      return open();
    },
  };
});

consentStoresConformance('postgres', async () => {
  const schema = await freshSchema();
  const open = () => ({
    revocations: postgresRevocationStore({ pool: pool(), schema }),
    counter: postgresUseCounter({ pool: pool(), schema }),
  });
  return { ...open(), reopen: async () => open() };
});

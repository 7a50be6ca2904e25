import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFilePurposeConsentStore, createMemoryPurposeConsentStore } from '../../src/consent/index.js';
import { postgresPurposeConsentStore, sqlitePurposeConsentStore } from '../../src/stores/index.js';
import { scratchDir } from '../support/scratch.js';
import { purposeConsentConformance } from './conformance/purpose-consent.js';
import { endPool, freshSchema, pool } from './services.js';

afterAll(endPool);

purposeConsentConformance('memory', async () => ({ store: createMemoryPurposeConsentStore() }), {
  durable: false,
});

describe('file purpose-consent store', () => {
  it('drops a torn last line and refuses a corrupt one with STORE_CORRUPT', async () => {
    const path = join(scratchDir('cpii-purpose-'), 'purposes.jsonl');
    const s1 = createFilePurposeConsentStore(path);
    await s1.append({
      subjectId: 'cust-t',
      purpose: 'marketing',
      action: 'give',
      at: 1,
      noticeVersion: 'v1',
    });
    await s1.close();
    appendFileSync(path, '{"subjectId":"cust-t","purp');
    const s2 = createFilePurposeConsentStore(path);
    expect(await s2.history('cust-t')).toHaveLength(1);
    await s2.append({ subjectId: 'cust-t', purpose: 'marketing', action: 'withdraw', at: 2 });
    await s2.close();
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
    appendFileSync(path, '{"subjectId":"cust-t","purpose":"x","action":"give","at":3}\n');
    const s3 = createFilePurposeConsentStore(path);
    await expect(s3.history('cust-t')).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    await s3.close();
  });
});

purposeConsentConformance('file', async () => {
  const path = join(scratchDir('cpii-purpose-'), 'purposes.jsonl');
  const store = createFilePurposeConsentStore(path);
  return {
    store,
    reopen: async () => {
      await store.close();
      return createFilePurposeConsentStore(path);
    },
  };
});

purposeConsentConformance('sqlite', async () => {
  const path = join(scratchDir('cpii-purpose-'), 'purposes.db');
  const store = sqlitePurposeConsentStore({ path });
  return {
    store,
    reopen: async () => {
      await store.close();
      return sqlitePurposeConsentStore({ path });
    },
  };
});

purposeConsentConformance('postgres', async () => {
  const schema = await freshSchema();
  const open = () => postgresPurposeConsentStore({ pool: pool(), schema });
  return { store: open(), reopen: async () => open() };
});

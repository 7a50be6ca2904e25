// SIGKILL a process that is writing keys, use counts and audit entries in several transactions
// at once: everything it had acknowledged must be there afterwards, and the stores must open.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AuditEntry, createAuditLog, verifyAuditLog } from '../../src/audit/index.js';
import type { SubjectKeyStore } from '../../src/crypto/index.js';
import {
  type DatabaseAuditSink,
  postgresAuditSink,
  postgresKeyStore,
  postgresUseCounter,
  sqliteAuditSink,
  sqliteKeyStore,
  sqliteUseCounter,
} from '../../src/stores/index.js';
import type { UseCounterStore } from '../../src/consent/index.js';
import { removeWorkerScript, startWorker, workerScript } from './fixtures/processes.js';
import { endPool, freshSchema, pgUrl, pool } from './services.js';
import { scratchDir } from '../support/scratch.js';

afterAll(async () => {
  await removeWorkerScript();
  await endPool();
});

interface Target {
  args: Record<string, unknown>;
  open: () => { keys: SubjectKeyStore; counter: UseCounterStore; sink: DatabaseAuditSink };
}

const targets: Array<[string, () => Promise<Target>]> = [
  [
    'sqlite',
    async () => {
      const path = join(scratchDir('cpii-fault-'), 'stores.db');
      return {
        args: { sqlite: path },
        open: () => ({
          keys: sqliteKeyStore({ path }),
          counter: sqliteUseCounter({ path }),
          sink: sqliteAuditSink({ path }),
        }),
      };
    },
  ],
  [
    'postgres',
    async () => {
      const schema = await freshSchema();
      return {
        args: { pg: pgUrl(), schema },
        open: () => ({
          keys: postgresKeyStore({ pool: pool(), schema }),
          counter: postgresUseCounter({ pool: pool(), schema }),
          sink: postgresAuditSink({ pool: pool(), schema }),
        }),
      };
    },
  ],
];

describe.each(targets)('SIGKILL during writes to %s', (_kind, make) => {
  it('loses nothing that was acknowledged, over several kills', async () => {
    const t = await make();
    const script = await workerScript();
    let expectedEntries = 0;
    for (let round = 0; round < 3; round++) {
      const w = startWorker(script, { ...t.args, mode: 'fault-keys', round });
      await w.waitFor((l) => l.ready === true);
      // Kill at a different point each round, while writes are in flight.
      await w.waitFor((l) => typeof l.key === 'string' && Number(l.used) >= 20 + round * 17);
      await new Promise((r) => setTimeout(r, 5 + round * 11));
      w.child.kill('SIGKILL');
      const exit = await w.exited;
      expect(exit.signal).toBe('SIGKILL');
      const acked = w.lines.filter((l) => typeof l.key === 'string');
      expect(acked.length).toBeGreaterThan(0);

      const { keys, counter, sink } = t.open();
      for (const l of acked) expect((await keys.get(String(l.key)))?.state, `key ${l.key}`).toBe('active');
      expect(await counter.used(`use-${round}`)).toBeGreaterThanOrEqual(
        Math.max(...acked.map((l) => Number(l.used))),
      );
      // The log opens (no torn tail) and holds every acknowledged entry in one valid chain.
      const last = await sink.open();
      const entries: AuditEntry[] = [];
      for await (const e of sink.read()) entries.push(e);
      expect(verifyAuditLog(entries)).toMatchObject({ ok: true });
      expect(last?.seq).toBe(entries.length - 1);
      const maxAckedSeq = Math.max(...acked.map((l) => Number(l.seq)));
      expect(entries.length).toBeGreaterThan(maxAckedSeq);
      expect(entries.length).toBeGreaterThanOrEqual(expectedEntries + acked.length);
      expectedEntries = entries.length;
      // And a new writer continues the chain.
      const log = createAuditLog({ sink });
      expect(
        (
          await log.append({
            kind: 'alert',
            actor: 'fault-test',
            purpose: 'test',
            data: { rule: 'after-kill', severity: 'low' },
          })
        ).seq,
      ).toBe(entries.length);
      expectedEntries++;
      await log.close();
      await keys.close?.();
      await (counter as { close?: () => Promise<void> }).close?.();
    }
  });
});

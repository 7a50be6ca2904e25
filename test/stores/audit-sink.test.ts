import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type AuditSink,
  fileSink,
  memorySink,
  type MemoryAuditSink,
  verifyAuditLog,
} from '../../src/audit/index.js';
import {
  createSharedAuditLog,
  type DatabaseAuditSink,
  postgresAuditSink,
  sqliteAuditSink,
} from '../../src/stores/index.js';
import { sampleEvent } from '../audit/helpers.js';
import { auditSinkConformance } from './conformance/audit-sink.js';
import { endPool, freshSchema, pool } from './services.js';
import { scratchDir } from '../support/scratch.js';

const dir = (): string => scratchDir('cpii-audit-');
afterAll(endPool);

auditSinkConformance('memory', async () => {
  const sink: MemoryAuditSink = memorySink();
  // A second view of the same array, as a second writer would have.
  const another = (): AuditSink => ({
    ...sink,
    open: sink.open,
    append: sink.append,
    read: sink.read,
    close: sink.close,
  });
  return { sink, another };
});

auditSinkConformance(
  'file',
  async () => {
    const path = join(dir(), 'audit.jsonl');
    return { sink: fileSink(path), another: () => fileSink(path) };
  },
  { singleWriter: true },
);

auditSinkConformance('sqlite', async () => {
  const path = join(dir(), 'audit.db');
  return { sink: sqliteAuditSink({ path }), another: () => sqliteAuditSink({ path }) };
});

auditSinkConformance('postgres', async () => {
  const schema = await freshSchema();
  return {
    sink: postgresAuditSink({ pool: pool(), schema }),
    another: () => postgresAuditSink({ pool: pool(), schema }),
  };
});

const databaseSinks: Array<[string, () => Promise<() => DatabaseAuditSink>]> = [
  [
    'sqlite',
    async () => {
      const path = join(dir(), 'shared.db');
      return () => sqliteAuditSink({ path });
    },
  ],
  [
    'postgres',
    async () => {
      const schema = await freshSchema();
      return () => postgresAuditSink({ pool: pool(), schema, log: 'shared' });
    },
  ],
];

describe.each(databaseSinks)('createSharedAuditLog on %s', (_kind, make) => {
  it('keeps one valid chain when several logs append at once', async () => {
    const open = await make();
    const logs = [open(), open(), open()].map((sink) => createSharedAuditLog({ sink }));
    const entries = await Promise.all(
      Array.from({ length: 60 }, (_, i) => logs[i % 3]!.append(sampleEvent(i))),
    );
    expect(new Set(entries.map((e) => e.seq)).size).toBe(60);
    const reader = open();
    const stored = [];
    for await (const e of reader.read()) stored.push(e);
    expect(stored).toHaveLength(60);
    expect(verifyAuditLog(stored).ok).toBe(true);
    expect((await logs[0]!.head()).size).toBe(60);
    expect((await logs[1]!.verify()).ok).toBe(true);
    for (const l of logs) await l.close();
    await reader.close();
  });

  it('rejects only the invalid event of a batch and stores the rest', async () => {
    const open = await make();
    const log = createSharedAuditLog({ sink: open() });
    const bad = { kind: 'not-a-kind', actor: 'x', purpose: 'y' } as never;
    const results = await Promise.allSettled([
      log.append(sampleEvent(0)),
      log.append(bad),
      log.append(sampleEvent(1)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await log.head()).size).toBe(2);
    expect((await log.verify()).ok).toBe(true);
    await log.close();
  });

  it('signs checkpoints that cover the shared head', async () => {
    const { ed25519 } = await import('@noble/curves/ed25519.js');
    const key = ed25519.keygen();
    const open = await make();
    const log = createSharedAuditLog({ sink: open(), signingKey: key });
    await log.append(sampleEvent(0));
    await createSharedAuditLog({ sink: open() }).append(sampleEvent(1));
    const cp = await log.checkpoint();
    expect(cp.size).toBe(2);
    expect((await log.verify({ checkpoint: cp })).ok).toBe(true);
    await log.close();
  });
});

import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import {
  type AuditRecovery,
  createAuditLog,
  fileSink,
  type FsyncPolicy,
  queryAudit,
  verifyAuditFile,
} from 'courier-pii/audit';
import { sampleEvent, stepClock } from './helpers.js';
import { scratchDir } from '../support/scratch.js';

const tmp = (): string => join(scratchDir('cpii-audit-'), 'audit.jsonl');

describe('fileSink', () => {
  for (const fsync of ['always', 'batch', 'never'] as FsyncPolicy[]) {
    it(`stores one JSON line per entry and reads them back (fsync ${fsync})`, async () => {
      const path = tmp();
      const log = createAuditLog({ sink: fileSink(path, { fsync, batchMs: fsync === 'batch' ? 2 : 0 }) });
      const acked = await Promise.all(Array.from({ length: 40 }, (_, i) => log.append(sampleEvent(i))));
      await log.close();
      const lines = readFileSync(path, 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.map((l) => JSON.parse(l))).toEqual(JSON.parse(JSON.stringify(acked)));
      expect(await verifyAuditFile(path)).toMatchObject({ ok: true, size: 40 });
    });
  }

  it('continues the chain from the last entry when reopened', async () => {
    const path = tmp();
    const key = ed25519.keygen();
    const a = createAuditLog({ sink: fileSink(path), signingKey: key });
    for (let i = 0; i < 5; i++) await a.append(sampleEvent(i));
    await a.close();
    const b = createAuditLog({ sink: fileSink(path), signingKey: key });
    const e = await b.append(sampleEvent(5));
    expect(e.seq).toBe(5);
    const checkpoint = await b.checkpoint();
    await b.close();
    expect(await verifyAuditFile(path, { publicKey: key.publicKey, checkpoint })).toMatchObject({
      ok: true,
      size: 6,
    });
  });

  it('refuses to open a file with a torn last line and explains how to recover', async () => {
    const path = tmp();
    const log = createAuditLog({ sink: fileSink(path) });
    for (let i = 0; i < 3; i++) await log.append(sampleEvent(i));
    await log.close();
    const good = statSync(path).size;
    appendFileSync(path, '{"v":1,"seq":3,"time":"2026-0');
    const reopened = createAuditLog({ sink: fileSink(path) });
    const err = await reopened.open().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUDIT_CORRUPT', details: { offset: good } });
    expect((err as Error).message).toContain("recover: 'truncate'");
    // Nothing was changed by the refusal.
    expect(statSync(path).size).toBeGreaterThan(good);
    expect(await verifyAuditFile(path)).toMatchObject({ ok: false, firstBadIndex: 3, failure: 'torn' });
  });

  it("with recover: 'truncate' saves the torn fragment, reports it, and continues after the last complete entry", async () => {
    const path = tmp();
    const log = createAuditLog({ sink: fileSink(path) });
    for (let i = 0; i < 3; i++) await log.append(sampleEvent(i));
    await log.close();
    const good = statSync(path).size;
    const fragment = '{"v":1,"seq":3,"ti';
    appendFileSync(path, fragment);
    const reports: AuditRecovery[] = [];
    const sink = fileSink(path, { recover: 'truncate', onRecover: (r) => reports.push(r) });
    const next = createAuditLog({ sink });
    const e = await next.append(sampleEvent(3));
    await next.close();
    expect(e.seq).toBe(3);
    expect(reports).toEqual([
      { path, offset: good, bytes: fragment.length, savedTo: `${path}.torn-${good}` },
    ]);
    expect(sink.recovered).toEqual(reports[0]);
    expect(readFileSync(`${path}.torn-${good}`, 'utf8')).toBe(fragment);
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, size: 4 });
  });

  it('recovers a file that holds only a torn line by starting a new chain', async () => {
    const path = tmp();
    writeFileSync(path, '{"v":1,"se');
    const log = createAuditLog({ sink: fileSink(path, { recover: 'truncate' }) });
    expect((await log.append(sampleEvent(0))).seq).toBe(0);
    await log.close();
    expect(existsSync(`${path}.torn-0`)).toBe(true);
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, size: 1 });
  });

  it('refuses to continue after a complete but invalid last line, even with recovery on', async () => {
    const path = tmp();
    const log = createAuditLog({ sink: fileSink(path) });
    for (let i = 0; i < 2; i++) await log.append(sampleEvent(i));
    await log.close();
    const text = readFileSync(path, 'utf8').replace('"actor":"cs-1"', '"actor":"cs-2"');
    writeFileSync(path, text);
    const reopened = createAuditLog({ sink: fileSink(path, { recover: 'truncate' }) });
    await expect(reopened.append(sampleEvent(2))).rejects.toMatchObject({ code: 'AUDIT_CORRUPT' });
    expect(await verifyAuditFile(path)).toMatchObject({ ok: false, firstBadIndex: 1, failure: 'hash' });
  });

  it('reports a line that is not JSON in the middle of a file at its index', async () => {
    const path = tmp();
    const log = createAuditLog({ sink: fileSink(path) });
    for (let i = 0; i < 4; i++) await log.append(sampleEvent(i));
    await log.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[2] = lines[2]!.slice(0, 20);
    writeFileSync(path, lines.join('\n'));
    expect(await verifyAuditFile(path)).toMatchObject({ ok: false, firstBadIndex: 2, failure: 'format' });
  });

  it('verifies a large file by streaming it', async () => {
    const path = tmp();
    const log = createAuditLog({ sink: fileSink(path, { fsync: 'never' }), clock: stepClock() });
    for (let i = 0; i < 20_000; i += 500) {
      await Promise.all(Array.from({ length: 500 }, (_, j) => log.append(sampleEvent(i + j))));
    }
    await log.close();
    expect(statSync(path).size).toBeGreaterThan(4 << 20);
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, size: 20_000 });
    expect(await queryAudit(fileSink(path), { actor: 'monitor', kinds: ['alert'] })).toHaveLength(3333);
  });

  it('refuses bad options', () => {
    expect(() => fileSink('')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => fileSink(tmp(), { fsync: 'sometimes' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => fileSink(tmp(), { batchMs: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('fails with AUDIT_SINK_FAILED when the file cannot be opened', async () => {
    const log = createAuditLog({ sink: fileSink(join(tmp(), 'no', 'such', 'dir.jsonl')) });
    await expect(log.append(sampleEvent(0))).rejects.toMatchObject({ code: 'AUDIT_SINK_FAILED' });
  });
});

describe('reading audit files', () => {
  it('reports a missing file as AUDIT_SINK_FAILED', async () => {
    const missing = join(tmp(), '..', 'missing.jsonl');
    await expect(verifyAuditFile(missing)).rejects.toMatchObject({ code: 'AUDIT_SINK_FAILED' });
    await expect(queryAudit(fileSink(missing))).rejects.toMatchObject({ code: 'AUDIT_SINK_FAILED' });
  });
});

describe('fileSink shared by two logs', () => {
  it('opens once and refuses the second writer with STORE_CONFLICT', async () => {
    const path = tmp();
    const sink = fileSink(path);
    const a = createAuditLog({ sink });
    const b = createAuditLog({ sink });
    await Promise.all([a.open(), b.open()]);
    await a.append(sampleEvent(0));
    await expect(b.append(sampleEvent(1))).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
    await a.close();
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, size: 1 });
  });
});

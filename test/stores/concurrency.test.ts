// Several OS processes against one PostgreSQL server (and one SQLite file): the guarantees a
// fleet of service instances relies on.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../src/audit/index.js';
import { generateSigningKey, grant, revocationIds } from '../../src/consent/index.js';
import { createKeyring, generateKey } from '../../src/crypto/index.js';
import {
  postgresAuditSink,
  postgresKeyStore,
  postgresUseCounter,
  sqliteAuditSink,
} from '../../src/stores/index.js';
import { removeWorkerScript, runTogether } from './fixtures/processes.js';
import { endPool, freshSchema, pgUrl, pool } from './services.js';
import { scratchDir } from '../support/scratch.js';

afterAll(async () => {
  await removeWorkerScript();
  await endPool();
});
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const PROCESSES = 4;

describe('several processes against one PostgreSQL server', () => {
  it('lets exactly one of several processes redeem a maxUses: 1 token', async () => {
    const schema = await freshSchema();
    const key = generateSigningKey();
    const { token } = await grant({
      issuer: { id: 'k1', secretKey: key.secretKey },
      subject: 'cust-1',
      grantee: 'locker-9',
      purpose: 'pickup',
      scope: { pickupCode: 'allow' },
      expiresAt: Date.now() + 3_600_000,
      maxUses: 1,
    });
    const ws = await runTogether(PROCESSES, () => ({
      mode: 'redeem',
      pg: pgUrl(),
      schema,
      token,
      publicKey: hex(key.publicKey),
    }));
    const results = ws.map((w) => w.lines.find((l) => 'ok' in l) ?? { error: w.stderr() });
    expect(results.filter((r) => r.ok === true)).toHaveLength(1);
    expect(results.filter((r) => r.ok === false && r.code === 'TOKEN_EXHAUSTED')).toHaveLength(PROCESSES - 1);
    // Uses are counted per grant, under the token's first revocation id.
    expect(await postgresUseCounter({ pool: pool(), schema }).used(revocationIds(token)[0]!)).toBe(1);
  });

  it('keeps one valid hash chain when several processes append to the audit log at once', async () => {
    const schema = await freshSchema();
    const per = 40;
    const ws = await runTogether(PROCESSES, (i) => ({
      mode: 'audit',
      pg: pgUrl(),
      schema,
      worker: i,
      count: per,
    }));
    for (const w of ws)
      expect(
        w.lines.find((l) => 'ok' in l),
        w.stderr(),
      ).toMatchObject({ ok: true });
    const seqs = ws.flatMap((w) => (w.lines.find((l) => 'ok' in l)!.seqs as number[]) ?? []);
    expect(new Set(seqs).size).toBe(PROCESSES * per);
    const entries = [];
    for await (const e of postgresAuditSink({ pool: pool(), schema }).read()) entries.push(e);
    expect(entries).toHaveLength(PROCESSES * per);
    expect(verifyAuditLog(entries)).toMatchObject({ ok: true });
    expect(new Set(entries.map((e) => e.actor)).size).toBe(PROCESSES);
  });

  it('leaves every DEK readable when several processes rotate the KEK at once', async () => {
    const schema = await freshSchema();
    const kek1 = generateKey();
    const kek2 = generateKey();
    const keyring = createKeyring({
      keks: [
        { id: 'kek-1', key: kek1 },
        { id: 'kek-2', key: kek2 },
      ],
      active: 'kek-1',
    });
    const store = postgresKeyStore({ pool: pool(), schema });
    const deks = new Map<string, string>();
    const N = 400;
    for (let i = 0; i < N; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, async (_, j) => {
          const id = `cust-${i + j}`;
          const dek = generateKey();
          deks.set(id, hex(dek));
          const { kekId, wrapped } = await keyring.wrap(id, dek);
          await store.create({
            subjectId: id,
            state: 'active',
            kekId,
            wrapped,
            createdAt: Date.now(),
            revision: 1,
          });
        }),
      );
    }
    const ws = await runTogether(4, () => ({
      mode: 'rotate',
      pg: pgUrl(),
      schema,
      kek1: hex(kek1),
      kek2: hex(kek2),
    }));
    const rewrapped = ws.map((w) => w.lines.find((l) => 'ok' in l) ?? { error: w.stderr() });
    for (const r of rewrapped) expect(r).toMatchObject({ ok: true });
    // Every DEK was rewrapped exactly once in total, whoever did it.
    expect(rewrapped.reduce((a, r) => a + Number(r.rewrapped), 0)).toBe(N);
    let n = 0;
    for await (const r of store.list()) {
      expect(r.state).toBe('active');
      if (r.state !== 'active') continue;
      expect(r.kekId).toBe('kek-2');
      expect(r.revision).toBe(2);
      expect(hex(await keyring.unwrap(r.kekId, r.subjectId, r.wrapped))).toBe(deks.get(r.subjectId));
      n++;
    }
    expect(n).toBe(N);
  });
});

describe('several processes sharing one SQLite file', () => {
  it('lets exactly one process redeem a maxUses: 1 token and keeps one audit chain', async () => {
    const path = join(scratchDir('cpii-conc-'), 'shared.db');
    const key = generateSigningKey();
    const { token } = await grant({
      issuer: { id: 'k1', secretKey: key.secretKey },
      subject: 'cust-1',
      grantee: 'locker-9',
      purpose: 'pickup',
      scope: { pickupCode: 'allow' },
      expiresAt: Date.now() + 3_600_000,
      maxUses: 1,
    });
    const redeemers = await runTogether(PROCESSES, () => ({
      mode: 'redeem',
      sqlite: path,
      token,
      publicKey: hex(key.publicKey),
    }));
    const results = redeemers.map((w) => w.lines.find((l) => 'ok' in l) ?? { error: w.stderr() });
    expect(results.filter((r) => r.ok === true)).toHaveLength(1);
    expect(results.filter((r) => r.ok === false && r.code === 'TOKEN_EXHAUSTED')).toHaveLength(PROCESSES - 1);

    const per = 30;
    const appenders = await runTogether(PROCESSES, (i) => ({
      mode: 'audit',
      sqlite: path,
      worker: i,
      count: per,
    }));
    for (const w of appenders)
      expect(
        w.lines.find((l) => 'ok' in l),
        w.stderr(),
      ).toMatchObject({ ok: true });
    const sink = sqliteAuditSink({ path });
    const entries = [];
    for await (const e of sink.read()) entries.push(e);
    await sink.close();
    expect(entries).toHaveLength(PROCESSES * per);
    expect(verifyAuditLog(entries)).toMatchObject({ ok: true });
  });
});

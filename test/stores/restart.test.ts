// The database restarts under a working service: the server is killed with SIGKILL (a crash, a
// failover) and started again, or paused with SIGSTOP, while processes append to the audit log,
// redeem tokens and hand data over. Nothing may crash, no use may be lost or spent twice, no
// failure may go unrecorded. These tests run their own throw-away server (fixtures/pg-server.ts):
// killing the shared one would break every other test file running at the same time.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolSettings } from '../../examples/08-postgres-service.js';
import { type AuditEntry, fileSpool, verifyAuditLog } from '../../src/audit/index.js';
import { generateSigningKey, grant, redeem, revocationIds } from '../../src/consent/index.js';
import { createKeyring, generateKey } from '../../src/crypto/index.js';
import { isPiiError } from '../../src/errors.js';
import { handover } from '../../src/lifecycle/index.js';
import {
  createSharedAuditLog,
  migratePostgres,
  postgresAuditSink,
  postgresKeyStore,
  postgresProgressStore,
  postgresUseCounter,
} from '../../src/stores/index.js';
import { removeWorkerScript, startWorker, type Worker, workerScript } from './fixtures/processes.js';
import { type ScratchServer, startScratchServer } from './fixtures/pg-server.js';
import { scratchDir } from '../support/scratch.js';

let server: ScratchServer;
let pool: pg.Pool;
let n = 0;

beforeAll(async () => {
  server = await startScratchServer();
  pool = newPool();
  await workerScript();
});

afterAll(async () => {
  await pool?.end().catch(() => undefined);
  server?.remove();
  await removeWorkerScript();
});

/** A pool with the documented settings and the 'error' listener they come with. */
function newPool(): pg.Pool {
  const p = new pg.Pool({ connectionString: server.url, ...poolSettings });
  p.on('error', () => undefined);
  return p;
}

async function freshSchema(): Promise<string> {
  const schema = `r_${process.pid}_${n++}`;
  await migratePostgres(pool, { schema });
  return schema;
}

async function readAll(schema: string): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of postgresAuditSink({ pool, schema }).read()) out.push(e);
  return out;
}

/** Resolves once `pred` holds over what the workers printed so far. */
async function until(ws: Worker[], pred: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline)
      throw new Error(`workers did not get there: ${ws.map((w) => w.stderr()).join('\n')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function crashAndRestart(): Promise<void> {
  await server.kill9();
  // Long enough for every process to notice: their calls fail and they retry.
  await new Promise((r) => setTimeout(r, 300));
  server.start();
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const retryable = (l: Record<string, unknown>) => typeof l.retry === 'string';

describe('a PostgreSQL server killed and restarted under load', () => {
  it('leaves processes appending to the shared audit log running, with every acknowledged entry in one valid chain', async () => {
    const schema = await freshSchema();
    const per = 30;
    const ws: Worker[] = [];
    const script = await workerScript();
    for (let i = 0; i < 3; i++) {
      ws.push(
        startWorker(script, {
          mode: 'audit-retry',
          pg: server.url,
          schema,
          worker: i,
          count: per,
          poolSettings,
          paceMs: 15,
          retryForMs: 45_000,
        }),
      );
    }
    await Promise.all(ws.map((w) => w.waitFor((l) => l.ready === true)));
    for (const w of ws) w.child.stdin!.write('go\n');
    const acked = () => ws.flatMap((w) => w.lines.filter((l) => typeof l.acked === 'string'));
    await until(ws, () => acked().length >= 20);
    await crashAndRestart();
    const exits = await Promise.all(ws.map((w) => w.exited));
    for (const [i, w] of ws.entries())
      expect({ i, exit: exits[i], stderr: w.stderr() }).toMatchObject({ exit: { code: 0 } });
    // The kill happened mid-run: processes saw failures and retried.
    expect(ws.flatMap((w) => w.lines.filter(retryable)).length).toBeGreaterThan(0);

    const entries = await readAll(schema);
    expect(verifyAuditLog(entries)).toMatchObject({ ok: true });
    // Every acknowledged entry is stored at the sequence number it was acknowledged with, and each
    // event is stored once although appends were retried after ambiguous failures.
    const bySeq = new Map(entries.map((e) => [e.seq, e]));
    for (const a of acked()) expect(bySeq.get(Number(a.seq))?.records).toEqual([a.acked]);
    expect(acked()).toHaveLength(3 * per);
    expect(entries).toHaveLength(3 * per);
    expect(new Set(entries.map((e) => String(e.records![0]))).size).toBe(3 * per);
  });

  it('delivers exactly maxUses uses to four processes redeeming one token with receipts, in every one of 5 runs', async () => {
    const key = generateSigningKey();
    const script = await workerScript();
    // Four processes for all five runs (each run a new token and schema): they keep their pools
    // through every restart.
    const ws = Array.from({ length: 4 }, (_, i) =>
      startWorker(script, {
        mode: 'redeem-runs',
        pg: server.url,
        worker: i,
        publicKey: hex(key.publicKey),
        poolSettings,
        paceMs: 40,
        retryForMs: 45_000,
      }),
    );
    await Promise.all(ws.map((w) => w.waitFor((l) => l.ready === true)));
    for (let run = 0; run < 5; run++) {
      const schema = await freshSchema();
      const { token } = await grant({
        issuer: { id: 'k1', secretKey: key.secretKey },
        subject: 'cust-1',
        grantee: 'locker-9',
        purpose: 'pickup',
        scope: { pickupCode: 'allow' },
        expiresAt: Date.now() + 3_600_000,
        maxUses: 10,
      });
      const mine = (l: Record<string, unknown>) => l.run === run;
      const delivered = () =>
        ws.flatMap((w) => w.lines.filter((l) => mine(l) && typeof l.delivered === 'string'));
      const retries = () =>
        ws.flatMap((w) => w.lines.filter((l) => retryable(l) && String(l.retry).includes(`-run${run}-`)));
      for (const w of ws) w.child.stdin!.write(`${JSON.stringify({ run, schema, token })}\n`);
      // Kill at a different point of each run (after 1, 3, 5, 7 and 8 uses were delivered).
      await until(ws, () => delivered().length >= [1, 3, 5, 7, 8][run]!);
      const deliveredBeforeKill = delivered().length;
      await crashAndRestart();
      await until(ws, () => ws.every((w) => w.lines.some((l) => mine(l) && l.done === true)), 50_000);
      // The kill hit the run in the middle: uses were left, and the processes retried through it.
      expect(deliveredBeforeKill).toBeLessThan(10);
      expect(retries().length).toBeGreaterThan(0);

      // Exactly 10 uses were delivered, with use numbers 1..10, and exactly 10 counted.
      const uses = delivered()
        .map((l) => Number(l.use))
        .sort((a, b) => a - b);
      expect({ run, uses }).toEqual({ run, uses: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
      const tokenId = revocationIds(token)[0]!;
      expect(await postgresUseCounter({ pool, schema }).used(tokenId)).toBe(10);
      // One receipt per delivered use, no more: retried receipt writes were stored once.
      const entries = await readAll(schema);
      expect(verifyAuditLog(entries)).toMatchObject({ ok: true });
      const receipts = entries.filter((e) => e.kind === 'consent.redeemed');
      expect(receipts.map((e) => Number(e.data!.use)).sort((a, b) => a - b)).toEqual(uses);
    }
    for (const w of ws) w.child.stdin!.write('exit\n');
    const exits = await Promise.all(ws.map((w) => w.exited));
    for (const [i, w] of ws.entries())
      expect({ i, exit: exits[i], stderr: w.stderr() }).toMatchObject({ exit: { code: 0 } });
  }, 110_000);

  it('has a handover interrupted by the kill record its failure in the audit log once the server is back', async () => {
    const schema = await freshSchema();
    const seller = createKeyring({ keks: [{ id: 'seller-kek', key: generateKey() }], active: 'seller-kek' });
    const buyer = createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });
    const keyStore = postgresKeyStore({ pool, schema });
    const subjects = 2000;
    const ids = Array.from({ length: subjects }, (_, i) => `subj-${String(i).padStart(5, '0')}`);
    const rows = await Promise.all(
      ids.map(async (subjectId) => ({ subjectId, ...(await seller.wrap(subjectId, generateKey())) })),
    );
    await pool.query(
      `INSERT INTO "${schema}".cpii_subject_keys (subject_id, state, kek_id, wrapped, created_at, revision) SELECT s, 'active', k, w, 0, 1 FROM unnest($1::text[], $2::text[], $3::bytea[]) AS t(s, k, w)`,
      [rows.map((r) => r.subjectId), rows.map((r) => r.kekId), rows.map((r) => Buffer.from(r.wrapped))],
    );
    const audit = createSharedAuditLog({ sink: postgresAuditSink({ pool, schema }) });
    const spoolPath = join(scratchDir('cpii-spool-'), 'handover.spool');
    const spool = fileSpool(spoolPath);
    const run = () =>
      handover({
        id: 'h-restart',
        from: { keyring: seller, keyStore },
        to: buyer,
        purposes: ['delivery'],
        seller: {
          id: 'a',
          name: 'Seller Express Co.',
          contact: 'privacy@seller.example',
          signingKey: generateSigningKey(),
        },
        buyer: { id: 'b', name: 'Buyer Logistics Co.', contact: 'privacy@buyer.example' },
        progress: postgresProgressStore({ pool, schema }),
        progressEvery: 200,
        concurrency: 32,
        audit,
        spool,
        onProgress: (p) => {
          // Crash the server right after the first checkpoint, mid-run.
          if (p.run === 1 && !killed) {
            killed = server.kill9();
          }
        },
      });
    let killed: Promise<void> | undefined;
    const first = await run().catch((e: unknown) => e);
    await killed;
    const code = isPiiError(first) ? first.code : String(first);
    expect(['STORE_UNAVAILABLE', 'AUDIT_SINK_FAILED']).toContain(code);
    // The log was unreachable: the failure event is kept in the spool file (owner-only), not dropped.
    expect(await spool.pending()).toBe(1);
    expect(statSync(spoolPath).mode & 0o777).toBe(0o600);
    // While the log cannot take it, the handover does not start again.
    const refused = await run().catch((e: unknown) => e);
    expect(isPiiError(refused) && refused.code).toBe('AUDIT_SINK_FAILED');
    expect(await spool.pending()).toBe(1);

    server.start();
    const done = await run();
    expect(done.manifest.subjects.active).toBe(subjects);
    expect(await spool.pending()).toBe(0);
    const entries = await readAll(schema);
    expect(verifyAuditLog(entries)).toMatchObject({ ok: true });
    const kinds = entries.map((e) => e.kind);
    const failed = entries.filter((e) => e.kind === 'handover.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.data).toMatchObject({ handoverId: 'h-restart', reason: code, run: 1 });
    // The failure of run 1 is in the log before anything of run 2, which then completes.
    expect(kinds.indexOf('handover.failed')).toBeLessThan(kinds.lastIndexOf('handover.progress'));
    expect(kinds.at(-1)).toBe('handover.completed');
    // The data held: every key is under the buyer's KEK, rewrapped exactly once.
    const after = await pool.query(
      `SELECT count(*)::int AS n FROM "${schema}".cpii_subject_keys WHERE kek_id = 'buyer-kek' AND revision = 2`,
    );
    expect(after.rows[0].n).toBe(subjects);
  });
});

describe('a paused PostgreSQL server (SIGSTOP) with the documented pool settings', () => {
  it('fails every call within the configured timeout with STORE_UNAVAILABLE, and reports nothing half-written as success', async () => {
    const schema = await freshSchema();
    const key = generateSigningKey();
    const { token } = await grant({
      issuer: { id: 'k1', secretKey: key.secretKey },
      subject: 'cust-1',
      grantee: 'locker-9',
      purpose: 'pickup',
      scope: { pickupCode: 'allow' },
      expiresAt: Date.now() + 3_600_000,
      maxUses: 10,
    });
    const tokenId = revocationIds(token)[0]!;
    const keys = postgresKeyStore({ pool, schema });
    const counter = postgresUseCounter({ pool, schema });
    const audit = createSharedAuditLog({ sink: postgresAuditSink({ pool, schema }) });
    const redeemOpts = {
      issuers: { k1: key.publicKey },
      purpose: 'pickup',
      grantee: 'locker-9',
      revocations: 'unchecked' as const,
      counter,
      audit,
    };
    const record = (subjectId: string) => ({
      subjectId,
      state: 'active' as const,
      kekId: 'kek-1',
      wrapped: new Uint8Array(72).fill(7),
      createdAt: 1,
      revision: 1,
    });
    const event = (id: string) => ({
      kind: 'field.view' as const,
      actor: 'cs-1',
      purpose: 'support',
      records: [id],
      data: { effect: 'mask' as const },
    });
    // Warm the pool: its connections (one per call below) now lead to the server about to stop.
    await Promise.all(Array.from({ length: 8 }, () => pool.query('SELECT pg_sleep(0.05)')));
    await keys.create(record('warm'));
    await redeem(token, { ...redeemOpts, redemptionId: 'warm' });
    await audit.append(event('warm'), { idempotencyKey: 'warm' });

    server.pause();
    const coldPool = newPool(); // no connection yet: it must give up within connectionTimeoutMillis
    const calls: Record<string, () => Promise<unknown>> = {
      'key store create': () => keys.create(record('s1')),
      'key store get': () => keys.get('warm'),
      'use counter consumeOnce': () => counter.consumeOnce!(tokenId, 10, 'direct-1'),
      'shared audit append': () => audit.append(event('e1'), { idempotencyKey: 'e1' }),
      'redeem with a receipt': () => redeem(token, { ...redeemOpts, redemptionId: 'r1' }),
      'a new connection': () => postgresKeyStore({ pool: coldPool, schema }).get('warm'),
    };
    const limit = poolSettings.query_timeout + 4_000; // the configured timeout, plus scheduling on a loaded machine
    let outcomes: Array<{ name: string; ms: number; error: unknown }>;
    try {
      outcomes = await Promise.all(
        Object.entries(calls).map(async ([name, call]) => {
          const t0 = Date.now();
          const error = await call().then(
            () => 'resolved',
            (e: unknown) => e,
          );
          return { name, ms: Date.now() - t0, error };
        }),
      );
    } finally {
      server.resume();
    }
    for (const o of outcomes) {
      expect({ name: o.name, resolved: o.error === 'resolved' }).toEqual({ name: o.name, resolved: false });
      expect({ name: o.name, fast: o.ms < limit }).toEqual({ name: o.name, fast: true });
      const e = o.error as { code?: string; details?: { maybeApplied?: unknown }; cause?: { code?: string } };
      if (o.name === 'shared audit append') {
        expect(e.code).toBe('AUDIT_SINK_FAILED');
        expect((e.cause as { cause?: { code?: string } })?.cause?.code ?? e.cause?.code).toBe(
          'STORE_UNAVAILABLE',
        );
      } else {
        expect({ name: o.name, code: e.code }).toEqual({ name: o.name, code: 'STORE_UNAVAILABLE' });
      }
      expect({ name: o.name, maybeApplied: typeof e.details?.maybeApplied }).toEqual({
        name: o.name,
        maybeApplied: 'boolean',
      });
    }
    const by = Object.fromEntries(
      outcomes.map((o) => [o.name, o.error as { details: { maybeApplied: boolean } }]),
    );
    // Transactions (counting with a redemption id, the shared log) never sent COMMIT: not applied.
    expect(by['use counter consumeOnce']!.details.maybeApplied).toBe(false);
    expect(by['shared audit append']!.details.maybeApplied).toBe(false);
    expect(by['redeem with a receipt']!.details.maybeApplied).toBe(false);
    expect(by['a new connection']!.details.maybeApplied).toBe(false);
    // A single INSERT was sent before the pause was noticed: it may be applied, and says so.
    expect(by['key store create']!.details.maybeApplied).toBe(true);
    await coldPool.end();

    // Resumed: what was reported as not applied is not there; retrying by key completes each once.
    await new Promise((r) => setTimeout(r, 500));
    expect(await counter.used(tokenId)).toBe(1);
    expect((await readAll(schema)).map((e) => e.kind)).toEqual(['consent.redeemed', 'field.view']);
    expect((await keys.create(record('s1'))).subjectId).toBe('s1');
    expect((await counter.consumeOnce!(tokenId, 10, 'direct-1')).used).toBe(2);
    expect((await counter.consumeOnce!(tokenId, 10, 'direct-1')).replayed).toBe(true);
    expect((await redeem(token, { ...redeemOpts, redemptionId: 'r1' })).uses).toBe(3);
    expect((await redeem(token, { ...redeemOpts, redemptionId: 'r1' })).uses).toBe(3);
    const e1 = await audit.append(event('e1'), { idempotencyKey: 'e1' });
    expect((await audit.append(event('e1'), { idempotencyKey: 'e1' })).seq).toBe(e1.seq);
    expect(await counter.used(tokenId)).toBe(3);
    const entries = await readAll(schema);
    expect(verifyAuditLog(entries)).toMatchObject({ ok: true });
    expect(entries.filter((e) => e.kind === 'consent.redeemed')).toHaveLength(2);
    expect(entries.filter((e) => e.records?.[0] === 'e1')).toHaveLength(1);
  });
});

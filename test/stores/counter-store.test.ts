// The shared counter stores and deny list: the conformance suite on memory, SQLite and
// PostgreSQL, then what only a shared store has: bounded tables, hashed items, a database that
// goes away and comes back, and blocks that travel between instances.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditLog, memorySink } from '../../src/audit/index.js';
import {
  type CounterStore,
  createAccessMonitor,
  type MonitorAlert,
  memoryCounterStore,
  memoryDenyList,
} from '../../src/monitor/index.js';
import type { PgPoolLike } from '../../src/stores/index.js';
import { postgresCounterStore, postgresDenyList, sqliteCounterStore } from '../../src/stores/index.js';
import { counterStoreConformance, denyListConformance } from './conformance/counter-store.js';
import { endPool, freshSchema, pool } from './services.js';

const dir = mkdtempSync(join(tmpdir(), 'cpii-counters-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  // pool.end() waits for every checked-out client; the deny-list tests check that none is held.
  await endPool();
});

counterStoreConformance('memory', async () => ({ store: memoryCounterStore(), done: async () => {} }));
counterStoreConformance('SQLite', async () => {
  const store = sqliteCounterStore({ path: join(dir, `c-${Math.random()}.db`), flushMs: 5 });
  return { store, done: () => store.close() };
});
counterStoreConformance('PostgreSQL', async () => {
  const store = postgresCounterStore({ pool: pool(), schema: await freshSchema(), flushMs: 5 });
  return { store, done: () => store.close() };
});
denyListConformance('memory', async () => ({ list: memoryDenyList(), done: async () => {} }));
denyListConformance('PostgreSQL', async () => {
  const list = await postgresDenyList({
    pool: pool(),
    schema: await freshSchema(),
    audit: createAuditLog({ sink: memorySink() }),
  });
  return { list, done: () => list.close() };
});

/** A pool that fails every checkout while `down` is set, as a database that went away. */
function flakyPool(): PgPoolLike & { down: boolean } {
  const real = pool();
  const p = {
    down: false,
    query: (text: string, values?: unknown[]) =>
      p.down
        ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
        : real.query(text, values),
    connect: () =>
      p.down
        ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
        : real.connect(),
  };
  return p as unknown as PgPoolLike & { down: boolean };
}

/** Peer traffic: 15 agents at 40–54 a day from day 0, a hire at 240 a day from day 3. */
async function peerAlerts(store: CounterStore): Promise<MonitorAlert[]> {
  const alerts: MonitorAlert[] = [];
  const m = createAccessMonitor({
    rules: [
      { id: 'peer', type: 'peer', ratio: 3, k: 6, minCount: 20, groupBy: ['actor.stationId'] },
      { id: 'new-account', type: 'peer', newAccountDays: 2, learnDays: 2, ratio: 2.5, k: 6, minCount: 20 },
    ],
    actorAttrs: ['stationId'],
    store,
    onAlert: (a) => alerts.push(a),
  });
  const t0 = Date.UTC(2026, 2, 2, 2);
  for (let d = 0; d < 5; d++) {
    const day: Array<[number, string]> = [];
    for (let i = 0; i < 16; i++) {
      const n = i === 15 ? (d >= 3 ? 240 : 0) : 40 + i;
      for (let j = 0; j < n; j++)
        day.push([t0 + d * 86_400_000 + Math.floor((j * 8 * 3_600_000) / n), `cs-${i}`]);
    }
    day.sort((a, b) => a[0] - b[0]);
    for (const [k, [at, id]] of day.entries()) {
      m.onDecision(
        {
          actor: { id, roles: ['cs'], attrs: { stationId: 'st-1' } },
          purpose: 'support',
          context: { now: at },
        },
        { record: true, fields: { 'recipient.phone': 'mask' } },
      );
      if (k % 20 === 19) await m.flush();
    }
    await m.flush();
  }
  return alerts;
}

describe('peer-group state in a shared store', () => {
  it('the PostgreSQL store holds group profiles and actor states: the same peer alerts as in memory', async () => {
    const schema = await freshSchema();
    const store = postgresCounterStore({ pool: pool(), schema, flushMs: 5 });
    const view = (xs: MonitorAlert[]) =>
      xs
        .map(
          (a) =>
            `${a.rule} ${a.actor} ${a.peer?.group} ${a.threshold} ${Math.floor((Date.parse(a.time) - Date.UTC(2026, 2, 1, 16)) / 86_400_000)}`,
        )
        .sort();
    const memory = await peerAlerts(memoryCounterStore());
    const shared = await peerAlerts(store);
    expect(memory.map((a) => a.actor)).toContain('cs-15');
    expect(view(shared)).toEqual(view(memory));
    // The group profile sits in the store's state table, keyed by role and station.
    const keys = (
      await pool().query(`SELECT ns, key FROM "${schema}".cpii_monitor_states WHERE ns LIKE '%#group'`)
    ).rows;
    expect(keys.map((r: { ns: string; key: string }) => `${r.ns} ${r.key}`).sort()).toEqual([
      'new-account#group cs',
      'peer#group cs',
      'peer#group cs|st-1',
    ]);
    await store.close();
  }, 60_000);
});

describe('postgresCounterStore', () => {
  it('keeps its tables bounded: old buckets, epochs and idle states are pruned', async () => {
    const schema = await freshSchema();
    const store = postgresCounterStore({ pool: pool(), schema, flushMs: 5, stateTtlMs: 60_000 });
    for (let b = 0; b < 60; b++) {
      await Promise.all([
        store.add('ring', 'cs-1', b, 10, 1),
        store.add('ring', 'cs-2', b, 10, 1),
        store.addDistinct('set', 'cs-1', b, `r-${b}`),
      ]);
    }
    await store.update('base', 'cs-1', () => ({ mean: 1 }));
    await pool().query(`UPDATE "${schema}".cpii_monitor_states SET updated_at = 0`);
    const deleted = await store.prune();
    const rows = async (t: string) =>
      Number((await pool().query(`SELECT count(*) AS n FROM "${schema}".${t}`)).rows[0]!.n);
    expect(deleted).toBe(2 * 50 + 58 + 1);
    expect(await rows('cpii_monitor_counts')).toBe(20); // the last 10 buckets of each key
    expect(await rows('cpii_monitor_items')).toBe(2); // the last two epochs
    expect(await rows('cpii_monitor_states')).toBe(0);
    // Counting goes on after pruning.
    expect(await store.add('ring', 'cs-1', 60, 10, 1)).toBe(10);
    await store.close();
  });

  it('never writes the counted ids themselves, only hashes', async () => {
    const schema = await freshSchema();
    const store = postgresCounterStore({ pool: pool(), schema, flushMs: 5 });
    await store.addDistinct('recipients', 'cs-1', 1, 'recipient-13800138000');
    const dump = JSON.stringify((await pool().query(`SELECT * FROM "${schema}".cpii_monitor_items`)).rows);
    expect(dump).not.toContain('13800138000');
    expect(dump).toContain('cs-1');
    await store.close();
  });

  it('answers without a round trip per operation: one batch for many operations', async () => {
    const store = postgresCounterStore({ pool: pool(), schema: await freshSchema(), flushMs: 20 });
    await Promise.all(Array.from({ length: 300 }, (_, i) => store.add('ring', `cs-${i % 7}`, 1, 5, 1)));
    expect(store.stats().flushes).toBeLessThanOrEqual(2);
    expect(store.stats().operations).toBe(300);
    await store.close();
  });

  it('when the database is down: says so with STORE_UNAVAILABLE, keeps the counts and writes them when it is back', async () => {
    const p = flakyPool();
    const store = postgresCounterStore({ pool: p, schema: await freshSchema(), flushMs: 5 });
    const errors: unknown[] = [];
    const alerts: string[] = [];
    const m = createAccessMonitor({
      rules: [{ id: 'lookups', type: 'count', window: '10m', threshold: 5 }],
      store,
      onError: (e) => errors.push(e),
      onAlert: (a) => alerts.push(`${a.actor} ${a.count}`),
    });
    const t = Date.UTC(2026, 2, 2, 3);
    const hit = (i: number) =>
      m.onDecision(
        { actor: { id: 'cs-1', roles: ['cs_agent'] }, purpose: 'support', context: { now: t + i * 1000 } },
        { record: true, fields: {} },
      );
    p.down = true;
    for (let i = 0; i < 4; i++) hit(i);
    await m.flush();
    expect(errors.length).toBe(4);
    expect(errors.every((e) => (e as { code?: string }).code === 'STORE_UNAVAILABLE')).toBe(true);
    expect(String((errors[0] as Error).message)).toMatch(/could not be written; 1 counted rows are held/);
    expect(store.stats().retained).toBe(1);
    p.down = false;
    for (let i = 4; i < 6; i++) hit(i);
    await m.flush();
    // The four counted during the outage were written with the next batch: 6 > 5 alerts.
    expect(alerts).toEqual(['cs-1 6']);
    expect(store.stats().retained).toBe(0);
    await store.close();
  });

  it('a monitor without onError rejects flush() with STORE_UNAVAILABLE while the database is down', async () => {
    const p = flakyPool();
    p.down = true;
    const store = postgresCounterStore({ pool: p, schema: await freshSchema(), flushMs: 5 });
    const m = createAccessMonitor({
      rules: [{ id: 'lookups', type: 'count', window: '10m', threshold: 5 }],
      store,
    });
    m.onDecision(
      { actor: { id: 'cs-1', roles: ['cs_agent'] }, purpose: 'support' },
      { record: true, fields: {} },
    );
    await expect(m.flush()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    p.down = false;
    await store.close();
  });
});

describe('postgresDenyList', () => {
  const until = async (ok: () => boolean, ms = 2_000): Promise<number> => {
    const t0 = Date.now();
    while (!ok()) {
      if (Date.now() - t0 > ms) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 5));
    }
    return Date.now() - t0;
  };

  it('a block on one instance applies on another within a second, so does clearing; each change is audited once', async () => {
    const schema = await freshSchema();
    const sink = memorySink();
    const audit = createAuditLog({ sink });
    const [a, b] = await Promise.all(
      [0, 1].map(() => postgresDenyList({ pool: pool(), schema, audit, refreshMs: 60_000 })),
    );
    try {
      a!.add('cs-9', { rule: 'cs-distinct-recipients-hour', alertId: 'al-1', since: 1000 });
      expect(a!.has('cs-9')).toBe(true);
      expect(await until(() => b!.has('cs-9'))).toBeLessThan(1000);
      expect(b!.get('cs-9')).toEqual({ rule: 'cs-distinct-recipients-hour', alertId: 'al-1', since: 1000 });
      expect(b!.delete('cs-9')).toBe(true);
      expect(await until(() => !a!.has('cs-9'))).toBeLessThan(1000);
      await Promise.all([a!.flush(), b!.flush()]);
      const names = sink.entries.map((e) => `${e.name} ${e.actor}`);
      expect(names).toEqual(['monitor.deny.added cs-9', 'monitor.deny.removed cs-9']);
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });

  it('a lost LISTEN connection is reported as STORE_UNAVAILABLE, re-established, and the list reloaded', async () => {
    const schema = await freshSchema();
    const audit = createAuditLog({ sink: memorySink() });
    const errors: unknown[] = [];
    const a = await postgresDenyList({
      pool: pool(),
      schema,
      audit,
      refreshMs: 100,
      onError: (e) => errors.push(e),
    });
    const b = await postgresDenyList({ pool: pool(), schema, audit, refreshMs: 60_000 });
    await pool().query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN \"cpii_deny_%' AND pid <> pg_backend_pid() AND query LIKE $1",
      [`%${schema}%`],
    );
    await until(() => errors.length > 0);
    expect(errors[0]).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(a.status().listening).toBe(false);
    b.add('cs-3', { rule: 'manual', alertId: 'al-3', since: 5 });
    await until(() => a.has('cs-3'), 5_000);
    await until(() => a.status().listening, 5_000);
    await Promise.all([a.close(), b.close()]);
    await until(() => held() === 0, 5_000); // a reload query may still be finishing; nothing stays held
  });

  /** A pool whose checkouts take 300 ms while `slow` is set, as a database far away. */
  const slowPool = () => {
    const real = pool();
    const p = {
      slow: false,
      slowConnects: 0,
      query: (text: string, values?: unknown[]) => real.query(text, values),
      connect: async () => {
        if (p.slow) {
          p.slowConnects++;
          await new Promise((r) => setTimeout(r, 300));
        }
        return real.connect();
      },
    };
    return p;
  };
  const dropListeners = (schema: string) =>
    pool().query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN \"cpii_deny_%' AND pid <> pg_backend_pid() AND query LIKE $1",
      [`%${schema}%`],
    );
  /** Clients checked out of the file's pool and not given back. */
  const held = () => pool().totalCount - pool().idleCount;
  /**
   * A deny list reloading every 10 ms on a pool that has just turned slow, whose LISTEN
   * connection was terminated and reported lost: its reconnect is on its way.
   */
  const listenerLostOnSlowPool = async () => {
    const schema = await freshSchema();
    const p = slowPool();
    const errors: unknown[] = [];
    const a = await postgresDenyList({
      pool: p as unknown as PgPoolLike,
      schema,
      audit: createAuditLog({ sink: memorySink() }),
      refreshMs: 10,
      onError: (e) => errors.push(e),
    });
    p.slow = true;
    await dropListeners(schema);
    await until(() => errors.length > 0, 5_000);
    return { p, a };
  };

  it('reconnects once however often the reload tick asks while a slow connect is on its way', async () => {
    const { p, a } = await listenerLostOnSlowPool();
    await until(() => a.status().listening, 5_000);
    await new Promise((r) => setTimeout(r, 400)); // any second connect would land by now
    expect(p.slowConnects).toBe(1);
    await a.close();
    await until(() => held() === 0, 5_000);
  });

  it('a close() during a reconnect leaves no connection checked out', async () => {
    const { a } = await listenerLostOnSlowPool();
    await new Promise((r) => setTimeout(r, 50)); // the reconnect is waiting for its connection
    await a.close();
    expect(a.status().listening).toBe(false);
    await new Promise((r) => setTimeout(r, 400)); // the connect it was waiting for has landed
    await until(() => held() === 0, 5_000);
  });

  it('needs an audit log', async () => {
    await expect(postgresDenyList({ pool: pool(), audit: undefined as never })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});

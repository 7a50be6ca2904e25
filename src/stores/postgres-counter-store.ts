// The monitor's counters in PostgreSQL, for several service instances behind a load balancer:
// one batch per flush interval is one transaction of a few array-parameter statements (counts
// upserted and summed, distinct items inserted and counted, states locked, replaced), so the
// hook never waits for the database (docs/monitoring.md, "Several instances").
import type { PgPoolLike } from './drivers.js';
import {
  type BackendBatch,
  type BackendResult,
  batchedCounterStore,
  type CounterBackend,
  type SharedCounterStore,
  type SharedCounterStoreOptions,
} from './counter-batch.js';
import { heldTransaction } from './pg-held.js';
import { checkPool, type PostgresStoreOptions } from './postgres-key-store.js';

/** Options of {@link postgresCounterStore}. */
export interface PostgresCounterStoreOptions extends PostgresStoreOptions, SharedCounterStoreOptions {}

const col = <T, K extends keyof T>(rows: readonly T[], k: K): Array<T[K]> => rows.map((r) => r[k]);

/**
 * The monitor's counter store in PostgreSQL: windowed counts, distinct counts (items kept as
 * 48-bit hashes, never the ids), per-actor baselines and alert cool-downs shared by every
 * instance. Operations are batched (see {@link SharedCounterStoreOptions}); old buckets,
 * epochs and idle states are pruned. Run {@link migratePostgres} once before use.
 *
 * @param options - the pool, schema and batching
 * @returns a store to pass as `store` to `createAccessMonitor`; `close()` does not end the pool
 * @throws PiiError INVALID_ARGUMENT for a missing pool, bad schema name or bad batching option; STORE_UNAVAILABLE (from the operations' promises) when the database fails
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migratePostgres, postgresCounterStore } from 'courier-pii/stores';
 * const pool = new pg.Pool({ connectionString: process.env.COURIER_PII_PG_URL });
 * await migratePostgres(pool);
 * const store = postgresCounterStore({ pool, flushMs: 20 });
 * const ns = `example-${Date.now()}`;
 * await Promise.all([store.add(ns, 'cs-1', 10, 6, 1), store.add(ns, 'cs-1', 11, 6, 2)]);
 * console.log(await store.add(ns, 'cs-1', 12, 6, 1)); // 4
 * await store.close();
 * await pool.end();
 * ```
 */
export function postgresCounterStore(options: PostgresCounterStoreOptions): SharedCounterStore {
  const { pool, s } = checkPool(options, 'postgresCounterStore');
  const what = 'The PostgreSQL counter store';
  const backend: CounterBackend = {
    apply: (b, now) => heldTransaction(pool, what, (c) => applyBatch(c, s, b, now)),
    async prune(h) {
      return heldTransaction(pool, `${what} (pruning)`, async (c) => {
        let n = 0;
        if (h.counts.length > 0)
          n +=
            (
              await c.query(
                `DELETE FROM ${s}.cpii_monitor_counts m USING unnest($1::text[], $2::bigint[]) AS h(ns, below)
                 WHERE m.ns = h.ns AND m.bucket <= h.below`,
                [col(h.counts, 'ns'), col(h.counts, 'below')],
              )
            ).rowCount ?? 0;
        if (h.epochs.length > 0)
          n +=
            (
              await c.query(
                `DELETE FROM ${s}.cpii_monitor_items m USING unnest($1::text[], $2::bigint[]) AS h(ns, below)
                 WHERE m.ns = h.ns AND m.epoch < h.below`,
                [col(h.epochs, 'ns'), col(h.epochs, 'below')],
              )
            ).rowCount ?? 0;
        n +=
          (await c.query(`DELETE FROM ${s}.cpii_monitor_states WHERE updated_at < $1`, [h.statesBefore]))
            .rowCount ?? 0;
        return n;
      });
    },
    async close() {},
  };
  return batchedCounterStore(backend, options, what);
}

async function applyBatch(
  c: { query: PgPoolLike['query'] },
  s: string,
  b: BackendBatch,
  now: number,
): Promise<BackendResult> {
  const out: BackendResult = { sums: [], fresh: [], counts: [] };
  if (b.counts.length > 0) {
    await c.query(
      `INSERT INTO ${s}.cpii_monitor_counts (ns, key, bucket, n)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
       ON CONFLICT (ns, key, bucket) DO UPDATE SET n = ${s}.cpii_monitor_counts.n + EXCLUDED.n`,
      [col(b.counts, 'ns'), col(b.counts, 'key'), col(b.counts, 'bucket'), col(b.counts, 'delta')],
    );
  }
  if (b.sums.length > 0) {
    const r = await c.query(
      `SELECT q.i, (SELECT COALESCE(sum(m.n), 0) FROM ${s}.cpii_monitor_counts m
                    WHERE m.ns = q.ns AND m.key = q.key AND m.bucket > q.bucket - q.span AND m.bucket <= q.bucket) AS n
       FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) WITH ORDINALITY AS q(ns, key, bucket, span, i)`,
      [col(b.sums, 'ns'), col(b.sums, 'key'), col(b.sums, 'bucket'), col(b.sums, 'span')],
    );
    out.sums = new Array<number>(b.sums.length).fill(0);
    for (const row of r.rows) out.sums[Number(row.i) - 1] = Number(row.n);
  }
  if (b.items.length > 0) {
    const r = await c.query(
      `WITH q AS (SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) WITH ORDINALITY AS q(ns, key, epoch, item, i)),
       ins AS (INSERT INTO ${s}.cpii_monitor_items (ns, key, epoch, item)
               SELECT ns, key, epoch, item FROM q ORDER BY i
               ON CONFLICT DO NOTHING RETURNING ns, key, epoch, item)
       SELECT q.i FROM q JOIN ins USING (ns, key, epoch, item)`,
      [col(b.items, 'ns'), col(b.items, 'key'), col(b.items, 'epoch'), col(b.items, 'item')],
    );
    out.fresh = new Array<boolean>(b.items.length).fill(false);
    for (const row of r.rows) out.fresh[Number(row.i) - 1] = true;
  }
  if (b.sets.length > 0) {
    const r = await c.query(
      `SELECT q.i, (SELECT count(*) FROM ${s}.cpii_monitor_items m
                    WHERE m.ns = q.ns AND m.key = q.key AND m.epoch = q.epoch) AS n
       FROM unnest($1::text[], $2::text[], $3::bigint[]) WITH ORDINALITY AS q(ns, key, epoch, i)`,
      [col(b.sets, 'ns'), col(b.sets, 'key'), col(b.sets, 'epoch')],
    );
    out.counts = new Array<number>(b.sets.length).fill(0);
    for (const row of r.rows) out.counts[Number(row.i) - 1] = Number(row.n);
  }
  if (b.states.length > 0) {
    const ns = col(b.states, 'ns');
    const key = col(b.states, 'key');
    // Rows first (so there is something to lock), then locked in sorted order, replaced.
    await c.query(
      `INSERT INTO ${s}.cpii_monitor_states (ns, key, state, updated_at)
       SELECT ns, key, NULL, $3 FROM unnest($1::text[], $2::text[]) AS q(ns, key)
       ON CONFLICT DO NOTHING`,
      [ns, key, now],
    );
    const r = await c.query(
      `SELECT m.ns, m.key, m.state FROM ${s}.cpii_monitor_states m
       JOIN unnest($1::text[], $2::text[]) AS q(ns, key) USING (ns, key)
       ORDER BY m.ns, m.key FOR UPDATE OF m`,
      [ns, key],
    );
    const prev = new Map<string, unknown>();
    for (const row of r.rows)
      prev.set(`${row.ns}\u0000${row.key}`, row.state == null ? undefined : JSON.parse(String(row.state)));
    const next = b.states.map((st) => {
      const v = st.apply(prev.get(`${st.ns}\u0000${st.key}`));
      return v === undefined ? null : JSON.stringify(v);
    });
    await c.query(
      `UPDATE ${s}.cpii_monitor_states m SET state = q.state, updated_at = $4
       FROM unnest($1::text[], $2::text[], $3::text[]) AS q(ns, key, state)
       WHERE m.ns = q.ns AND m.key = q.key`,
      [ns, key, next, now],
    );
  }
  return out;
}

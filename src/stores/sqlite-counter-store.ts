// The monitor's counters in one SQLite file, for several processes on one machine (a
// pre-fork server, a few workers). Same batching front as PostgreSQL: one write transaction per
// flush interval, so the processes take the file's write lock a few times a second, not per
// decision (docs/monitoring.md, "Several instances").
import {
  type BackendResult,
  batchedCounterStore,
  type CounterBackend,
  type SharedCounterStore,
  type SharedCounterStoreOptions,
} from './counter-batch.js';
import { prep, type SqliteStoreOptions, sqliteConnection } from './sqlite-connection.js';

/** Options of {@link sqliteCounterStore}. */
export interface SqliteCounterStoreOptions extends SqliteStoreOptions, SharedCounterStoreOptions {}

/**
 * The monitor's counter store in an SQLite file shared by the processes of one machine. Same
 * behaviour as {@link postgresCounterStore}: batched, items hashed, old rows pruned.
 *
 * @param options - the file (or open database) and batching
 * @returns a store to pass as `store` to `createAccessMonitor`
 * @throws PiiError INVALID_ARGUMENT unless exactly one of `path` / `database` is given, or for a bad batching option; BACKEND_UNAVAILABLE without better-sqlite3; STORE_UNAVAILABLE (from the operations' promises) when the file fails
 * @example
 * ```ts
 * import { sqliteCounterStore } from 'courier-pii/stores';
 * const store = sqliteCounterStore({ path: ':memory:', flushMs: 5 });
 * const first = store.addDistinct('cs-recipients', 'cs-1', 7, 'r-1');
 * const again = store.addDistinct('cs-recipients', 'cs-1', 7, 'r-1');
 * console.log(await first, await again); // 1 1
 * await store.close();
 * ```
 */
export function sqliteCounterStore(options: SqliteCounterStoreOptions): SharedCounterStore {
  const conn = sqliteConnection(options, 'sqliteCounterStore');
  const what = 'The SQLite counter store';
  const backend: CounterBackend = {
    apply: (b, now) =>
      conn.write((db): BackendResult => {
        const out: BackendResult = { sums: [], fresh: [], counts: [] };
        const up = prep(
          db,
          `INSERT INTO cpii_monitor_counts (ns, key, bucket, n) VALUES (?, ?, ?, ?)
           ON CONFLICT (ns, key, bucket) DO UPDATE SET n = n + excluded.n`,
        );
        for (const r of b.counts) up.run(r.ns, r.key, r.bucket, r.delta);
        const sum = prep(
          db,
          'SELECT COALESCE(sum(n), 0) AS n FROM cpii_monitor_counts WHERE ns = ? AND key = ? AND bucket > ? AND bucket <= ?',
        );
        for (const q of b.sums)
          out.sums.push(Number((sum.get(q.ns, q.key, q.bucket - q.span, q.bucket) as { n: number }).n));
        const ins = prep(
          db,
          'INSERT INTO cpii_monitor_items (ns, key, epoch, item) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        );
        for (const r of b.items) out.fresh.push(ins.run(r.ns, r.key, r.epoch, r.item).changes > 0);
        const count = prep(
          db,
          'SELECT count(*) AS n FROM cpii_monitor_items WHERE ns = ? AND key = ? AND epoch = ?',
        );
        for (const q of b.sets) out.counts.push(Number((count.get(q.ns, q.key, q.epoch) as { n: number }).n));
        const get = prep(db, 'SELECT state FROM cpii_monitor_states WHERE ns = ? AND key = ?');
        const put = prep(
          db,
          `INSERT INTO cpii_monitor_states (ns, key, state, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (ns, key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
        );
        for (const st of b.states) {
          const row = get.get(st.ns, st.key) as { state: string | null } | undefined;
          const v = st.apply(row?.state == null ? undefined : JSON.parse(row.state));
          put.run(st.ns, st.key, v === undefined ? null : JSON.stringify(v), now);
        }
        return out;
      }),
    prune: (h) =>
      conn.write((db) => {
        let n = 0;
        const c = prep(db, 'DELETE FROM cpii_monitor_counts WHERE ns = ? AND bucket <= ?');
        for (const x of h.counts) n += c.run(x.ns, x.below).changes;
        const e = prep(db, 'DELETE FROM cpii_monitor_items WHERE ns = ? AND epoch < ?');
        for (const x of h.epochs) n += e.run(x.ns, x.below).changes;
        n += prep(db, 'DELETE FROM cpii_monitor_states WHERE updated_at < ?').run(h.statesBefore).changes;
        return n;
      }),
    close: () => conn.close(),
  };
  return batchedCounterStore(backend, options, what);
}

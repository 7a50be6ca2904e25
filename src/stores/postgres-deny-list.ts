// The deny list shared by every instance. `has()` is on the policy's hot path and must answer
// synchronously, so each instance keeps the whole list in memory: changes are written to one
// table and announced with NOTIFY in the same transaction; every instance LISTENs and reloads
// the changed actor, and reloads everything every `refreshMs` (and after reconnecting) in case
// a notification was missed. A block raised on one instance applies on the others after one
// notification round trip (tested under one second); every change is an audit event, written
// once by the instance that made it.
import { PiiError } from '../errors.js';
import type { DenyEntry, DenyList, MonitorAuditSink } from '../monitor/index.js';
import { quoteSchema, storeError } from './drivers.js';
import { heldTransaction, type PgEventClient } from './pg-held.js';
import { checkPool, type PostgresStoreOptions } from './postgres-key-store.js';

/** Options of {@link postgresDenyList}. */
export interface PostgresDenyListOptions extends PostgresStoreOptions {
  /** Where each block and unblock is recorded (`monitor.deny.added` / `monitor.deny.removed`). */
  audit: MonitorAuditSink;
  /** Full reload interval, the fallback when a notification is missed, ms (default 5,000). */
  refreshMs?: number;
  /** Called with failures (lost LISTEN connection, failed writes or audit appends), as STORE_UNAVAILABLE. */
  onError?: (error: unknown) => void;
}

/** How current a shared deny list is. */
export interface SharedDenyListStatus {
  /** Whether the LISTEN connection is up (changes arrive within a notification round trip). */
  listening: boolean;
  /** When the list was last fully reloaded from the database (ms since the epoch). */
  refreshedAt: number;
  /** Local changes not yet written (kept and retried while the database is unreachable). */
  unsynced: number;
  /** The last failure, if any since the last successful reload. */
  lastError: PiiError | undefined;
}

/** A {@link DenyList} shared through a database, with a local cache. */
export interface SharedDenyList extends DenyList {
  /** Waits until every local change is written (or failed and kept for retry). */
  flush(): Promise<void>;
  /** Reloads the whole list now. */
  refresh(): Promise<void>;
  /** How current the local copy is. */
  status(): SharedDenyListStatus;
  /** Stops listening and refreshing; writes what is pending first. The pool is the caller's. */
  close(): Promise<void>;
}

type Change = { op: 'add'; entry: DenyEntry } | { op: 'delete' };

/**
 * A deny list in PostgreSQL for every instance of a service: `has()` answers from a local copy
 * kept current by LISTEN/NOTIFY plus a periodic reload. Resolves once the list is loaded and
 * the instance is listening. Run {@link migratePostgres} once before use.
 *
 * @param options - the pool, schema, audit log and refresh interval
 * @returns the loaded list; pass it as `denyList` to `createAccessMonitor` (which hands it to the policy)
 * @throws PiiError INVALID_ARGUMENT for a missing pool or audit log, bad schema or interval; STORE_UNAVAILABLE when the first load or LISTEN fails
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { migratePostgres, postgresDenyList } from 'courier-pii/stores';
 * const pool = new pg.Pool({ connectionString: process.env.COURIER_PII_PG_URL });
 * await migratePostgres(pool);
 * const deny = await postgresDenyList({ pool, audit: createAuditLog({ sink: memorySink() }) });
 * const actor = `cs-example-${Date.now()}`;
 * deny.add(actor, { rule: 'manual', alertId: 'a-1', since: Date.now() });
 * console.log(deny.has(actor)); // true
 * deny.delete(actor);
 * await deny.close();
 * await pool.end();
 * ```
 */
export async function postgresDenyList(options: PostgresDenyListOptions): Promise<SharedDenyList> {
  const { pool, s } = checkPool(options, 'postgresDenyList');
  if (!options.audit || typeof options.audit.append !== 'function')
    throw new PiiError(
      'INVALID_ARGUMENT',
      'postgresDenyList needs { audit }: every block and unblock is recorded.',
    );
  const refreshMs = options.refreshMs ?? 5_000;
  if (!Number.isInteger(refreshMs) || refreshMs < 10)
    throw new PiiError('INVALID_ARGUMENT', 'refreshMs must be an integer of at least 10.');
  const t = `${s}.cpii_monitor_deny`;
  // One channel per schema, so two deployments in one database do not hear each other.
  const channel = `cpii_deny_${quoteSchema(options.schema).slice(1, -1)}`;
  const what = 'The PostgreSQL deny list';
  const cache = new Map<string, DenyEntry>();
  const unsynced = new Map<string, Change>();
  const status: SharedDenyListStatus = {
    listening: false,
    refreshedAt: 0,
    unsynced: 0,
    lastError: undefined,
  };
  let closed = false;
  let listener: { client: PgEventClient; detach(): void } | undefined;
  let reconnect: ReturnType<typeof setTimeout> | undefined;
  let syncing: Promise<void> | undefined;

  const fail = (e: unknown): void => {
    const err = e instanceof PiiError ? e : storeError(what, e);
    status.lastError = err;
    options.onError?.(err);
  };
  const fromRow = (r: Record<string, unknown>): DenyEntry => ({
    rule: String(r.rule),
    alertId: String(r.alert_id),
    since: Number(r.since),
  });

  const refresh = async (): Promise<void> => {
    let rows: Array<Record<string, unknown>>;
    try {
      rows = (await pool.query(`SELECT actor_id, rule, alert_id, since FROM ${t}`)).rows;
    } catch (e) {
      throw storeError(`${what} (reload)`, e);
    }
    const next = new Map<string, DenyEntry>();
    for (const r of rows) next.set(String(r.actor_id), fromRow(r));
    // Local changes not yet written win over what the table says.
    for (const [a, c] of unsynced) {
      if (c.op === 'add') next.set(a, next.get(a) ?? c.entry);
      else next.delete(a);
    }
    cache.clear();
    for (const [a, e] of next) cache.set(a, e);
    status.refreshedAt = Date.now();
    status.lastError = undefined;
  };

  const reloadOne = async (actor: string): Promise<void> => {
    if (unsynced.has(actor)) return;
    try {
      const r = await pool.query(`SELECT actor_id, rule, alert_id, since FROM ${t} WHERE actor_id = $1`, [
        actor,
      ]);
      if (unsynced.has(actor)) return;
      const row = r.rows[0];
      if (row) cache.set(actor, fromRow(row));
      else cache.delete(actor);
    } catch (e) {
      fail(e);
    }
  };

  const listen = async (): Promise<void> => {
    let c: PgEventClient;
    try {
      c = (await pool.connect()) as PgEventClient;
    } catch (e) {
      throw storeError(`${what} (LISTEN)`, e);
    }
    const onNotify = (msg: { channel: string; payload?: string }): void => {
      if (msg.channel === channel && typeof msg.payload === 'string') void reloadOne(msg.payload);
    };
    const onError = (e: Error): void => {
      // The connection is gone: stop trusting notifications, say so, reconnect and reload.
      status.listening = false;
      detach();
      c.release(e);
      if (listener?.client === c) listener = undefined;
      fail(
        new PiiError(
          'STORE_UNAVAILABLE',
          `${what} lost its LISTEN connection; blocks from other instances arrive by the periodic reload until it is back.`,
          { cause: e },
        ),
      );
      scheduleReconnect(1_000);
    };
    const detach = (): void => {
      c.removeListener?.('error', onError as (arg: never) => void);
      c.removeListener?.('notification', onNotify as (arg: never) => void);
    };
    c.on?.('error', onError as (arg: never) => void);
    c.on?.('notification', onNotify as (arg: never) => void);
    try {
      await c.query(`LISTEN "${channel}"`);
    } catch (e) {
      detach();
      c.release(true);
      throw storeError(`${what} (LISTEN)`, e);
    }
    if (closed || listener !== undefined) {
      // close() ran, or another connect won, while this one was on its way: nobody would release
      // this client later, and pool.end() would wait for it forever.
      detach();
      let broken = false;
      await c.query(`UNLISTEN "${channel}"`).catch(() => {
        broken = true;
      });
      c.release(broken);
      return;
    }
    listener = { client: c, detach };
    status.listening = true;
  };
  // One reconnect at a time: the reload tick asks for one while a slow connect is still on its way.
  let connecting = false;
  const scheduleReconnect = (delay: number): void => {
    if (closed || reconnect !== undefined || connecting) return;
    reconnect = setTimeout(() => {
      reconnect = undefined;
      connecting = true;
      listen()
        .then(() => {
          connecting = false;
          return refresh();
        })
        .catch((e) => {
          connecting = false;
          fail(e);
          scheduleReconnect(Math.min(delay * 2, 10_000));
        });
    }, delay);
    (reconnect as { unref?: () => void }).unref?.();
  };

  const writeOne = async (actor: string, c: Change): Promise<void> => {
    const changed = await heldTransaction(pool, what, async (cl) => {
      const r =
        c.op === 'add'
          ? await cl.query(
              `INSERT INTO ${t} (actor_id, rule, alert_id, since) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING actor_id`,
              [actor, c.entry.rule, c.entry.alertId, c.entry.since],
            )
          : await cl.query(`DELETE FROM ${t} WHERE actor_id = $1 RETURNING actor_id`, [actor]);
      if ((r.rowCount ?? 0) > 0) await cl.query('SELECT pg_notify($1, $2)', [channel, actor]);
      return (r.rowCount ?? 0) > 0;
    });
    if (unsynced.get(actor) === c) unsynced.delete(actor);
    status.unsynced = unsynced.size;
    if (!changed) {
      // Someone else changed it first: take what the table says.
      await reloadOne(actor);
      return;
    }
    const data: Record<string, string | number> =
      c.op === 'add'
        ? { rule: c.entry.rule, alertId: c.entry.alertId, since: new Date(c.entry.since).toISOString() }
        : {};
    await options.audit
      .append({
        kind: 'custom',
        name: c.op === 'add' ? 'monitor.deny.added' : 'monitor.deny.removed',
        actor,
        purpose: 'security-monitoring',
        data,
      } as Parameters<MonitorAuditSink['append']>[0])
      .catch((e) => fail(e));
  };
  const sync = (): Promise<void> => {
    syncing ??= (async () => {
      try {
        while (unsynced.size > 0) {
          const [actor, c] = unsynced.entries().next().value as [string, Change];
          await writeOne(actor, c);
        }
      } catch (e) {
        fail(e); // kept in `unsynced`; retried on the next reload tick
      } finally {
        syncing = undefined;
      }
    })();
    return syncing;
  };

  await refresh();
  await listen();
  const timer = setInterval(() => {
    void (async () => {
      if (unsynced.size > 0) await sync();
      await refresh().catch((e) => fail(e));
      if (!status.listening) scheduleReconnect(0);
    })();
  }, refreshMs);
  (timer as { unref?: () => void }).unref?.();

  const flush = async (): Promise<void> => {
    while (syncing) await syncing;
    if (unsynced.size > 0) await sync();
  };
  return {
    has: (a) => cache.size > 0 && cache.has(a),
    add(a, e) {
      if (cache.has(a)) return;
      const entry = { rule: e.rule, alertId: e.alertId, since: e.since };
      cache.set(a, entry);
      unsynced.set(a, { op: 'add', entry });
      status.unsynced = unsynced.size;
      void sync();
    },
    delete(a) {
      const was = cache.delete(a);
      unsynced.set(a, { op: 'delete' });
      status.unsynced = unsynced.size;
      void sync();
      return was;
    },
    get(a) {
      const e = cache.get(a);
      return e ? { ...e } : undefined;
    },
    entries: () => [...cache].map(([a, e]) => [a, { ...e }]),
    flush,
    refresh,
    status: () => ({ ...status, unsynced: unsynced.size }),
    async close() {
      if (closed) return;
      await flush();
      closed = true;
      clearInterval(timer);
      if (reconnect !== undefined) clearTimeout(reconnect);
      const l = listener;
      listener = undefined;
      status.listening = false;
      if (l) {
        let broken = false;
        await l.client.query(`UNLISTEN "${channel}"`).catch(() => {
          broken = true;
        });
        l.detach();
        l.client.release(broken);
      }
    },
  };
}

// Checked-out PostgreSQL clients for the monitor's shared stores. A client we hold carries an
// error listener for as long as we hold it: `pg` emits 'error' on a checked-out client whose
// connection drops between queries, and an 'error' event nobody listens to ends the process.
// Any failure, connection loss included, surfaces as STORE_UNAVAILABLE (via storeError).
// (The other PostgreSQL stores get the same discipline separately; this small helper is local to
// the counter store and deny list until the two are unified.)
import { type PgClientLike, type PgPoolLike, storeError } from './drivers.js';

/** A `pg.PoolClient` as an event emitter (its `on` / `removeListener` are optional here). @internal */
export interface PgEventClient extends PgClientLike {
  on?(event: 'error' | 'notification', listener: (arg: never) => void): unknown;
  removeListener?(event: 'error' | 'notification', listener: (arg: never) => void): unknown;
}

/** Codes after which a transaction is simply retried: deadlock, serialization failure. */
const RETRY = new Set(['40P01', '40001']);

/**
 * Checks out a client with an error listener attached, runs `fn`, releases it (discarding the
 * connection when it failed). @internal
 */
export async function withHeldClient<T>(
  pool: PgPoolLike,
  what: string,
  fn: (c: PgEventClient, lost: () => Error | undefined) => Promise<T>,
): Promise<T> {
  let c: PgEventClient;
  try {
    c = (await pool.connect()) as PgEventClient;
  } catch (cause) {
    throw storeError(what, cause);
  }
  let lostWith: Error | undefined;
  const onError = (e: Error): void => {
    lostWith = e;
  };
  c.on?.('error', onError as (arg: never) => void);
  let broken = false;
  try {
    return await fn(c, () => lostWith);
  } catch (e) {
    broken = true;
    throw storeError(what, lostWith ?? e);
  } finally {
    c.removeListener?.('error', onError as (arg: never) => void);
    c.release(broken || lostWith !== undefined ? (lostWith ?? true) : undefined);
  }
}

/** Runs `fn` in one transaction on a held client; retries deadlocks up to three times. @internal */
export async function heldTransaction<T>(
  pool: PgPoolLike,
  what: string,
  fn: (c: PgEventClient) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await withHeldClient(pool, what, async (c) => {
        await c.query('BEGIN');
        try {
          const out = await fn(c);
          await c.query('COMMIT');
          return out;
        } catch (e) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw e;
        }
      });
    } catch (e) {
      const code = ((e as { cause?: { code?: unknown } }).cause?.code ?? '') as string;
      if (attempt < 3 && RETRY.has(code)) continue;
      throw e;
    }
  }
}

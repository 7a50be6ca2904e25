// The PostgreSQL plumbing every store uses, against a scripted client: a connection that dies
// while the library holds it must fail the call, never the process, and every error must say
// whether the write may have happened.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { PiiError } from '../../src/errors.js';
import {
  mayHaveApplied,
  type PgClientLike,
  type PgPoolLike,
  pgQuery,
  pgTransaction,
} from '../../src/stores/drivers.js';

/** What pg throws: server errors carry an SQLSTATE and a severity; socket errors a Node code. */
const serverError = (code: string, severity = 'ERROR') =>
  Object.assign(new Error(`server says ${code}`), { code, severity });
const socketError = (code: string) => Object.assign(new Error(`socket ${code}`), { code });

interface Script {
  /** Failure for the statement starting with this text (BEGIN, COMMIT, INSERT, ...). */
  fail?: Record<string, Error>;
  /** Emit 'error' on the client (as pg does when the socket dies) when this statement runs. */
  dieOn?: string;
}

class FakeClient extends EventEmitter implements PgClientLike {
  sent: string[] = [];
  released: Array<Error | boolean | undefined> = [];
  constructor(private readonly script: Script) {
    super();
  }
  async query(text: string) {
    this.sent.push(text);
    const head = text.split(' ')[0]!;
    if (this.script.dieOn === head) {
      // pg emits 'error' on the client with no other listener: without ours, Node would throw.
      this.emit('error', new Error('Connection terminated unexpectedly'));
      throw new Error('Connection terminated unexpectedly');
    }
    const f = this.script.fail?.[head];
    if (f) throw f;
    return { rows: [], rowCount: 0 };
  }
  release(err?: Error | boolean) {
    this.released.push(err);
  }
}

function poolOf(client: FakeClient): PgPoolLike {
  return {
    query: async () => {
      throw new Error('not used');
    },
    connect: async () => client,
  };
}

async function transaction(script: Script, body = 'INSERT INTO t VALUES (1)') {
  const c = new FakeClient(script);
  const error = await pgTransaction(poolOf(c), 'Writing', async (cl) => cl.query(body)).catch(
    (e: unknown) => e,
  );
  return { c, error: error as PiiError };
}

describe('pgTransaction', () => {
  it('listens for client errors only while it holds the client', async () => {
    const c = new FakeClient({});
    let during = -1;
    await pgTransaction(poolOf(c), 'Writing', async (cl) => {
      during = c.listenerCount('error');
      return cl.query('INSERT INTO t VALUES (1)');
    });
    expect(during).toBe(1);
    expect(c.listenerCount('error')).toBe(0);
    expect(c.released).toEqual([false]);
    expect(c.sent).toEqual(['BEGIN', 'INSERT INTO t VALUES (1)', 'COMMIT']);
  });

  it('turns a connection that dies mid-transaction into STORE_UNAVAILABLE, discards it and sends no ROLLBACK', async () => {
    const { c, error } = await transaction({ dieOn: 'INSERT' });
    expect(error).toBeInstanceOf(PiiError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { maybeApplied: false } });
    expect(c.sent).not.toContain('ROLLBACK');
    expect(c.released[0]).toBeInstanceOf(Error);
    expect(c.listenerCount('error')).toBe(0);
  });

  it('says a write may have been applied only when COMMIT was sent and not answered', async () => {
    expect((await transaction({ dieOn: 'COMMIT' })).error.details).toEqual({ maybeApplied: true });
    expect((await transaction({ fail: { COMMIT: new Error('Query read timeout') } })).error.details).toEqual({
      maybeApplied: true,
    });
    // The server answered the COMMIT with an error: it rolled back.
    expect((await transaction({ fail: { COMMIT: serverError('40001') } })).error.details).toEqual({
      maybeApplied: false,
    });
    expect((await transaction({ fail: { INSERT: new Error('Query read timeout') } })).error.details).toEqual({
      maybeApplied: false,
    });
  });

  it('rolls back and keeps the connection after a statement error the server reported', async () => {
    const { c, error } = await transaction({ fail: { INSERT: serverError('23505') } });
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { maybeApplied: false } });
    expect(c.sent.at(-1)).toBe('ROLLBACK');
    expect(c.released).toEqual([false]);
  });

  it('passes through the PiiError the transaction body throws, after rolling back', async () => {
    const c = new FakeClient({});
    const err = await pgTransaction(poolOf(c), 'Writing', async () => {
      throw new PiiError('STORE_CONFLICT', 'conflict');
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_CONFLICT' });
    expect(c.sent).toEqual(['BEGIN', 'ROLLBACK']);
  });

  it('reports a pool that cannot connect as not applied', async () => {
    const pool: PgPoolLike = {
      query: async () => ({ rows: [], rowCount: 0 }),
      connect: async () => {
        throw socketError('ECONNREFUSED');
      },
    };
    await expect(pgTransaction(pool, 'Writing', async () => 1)).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      details: { maybeApplied: false },
    });
  });
});

describe('pgQuery and mayHaveApplied', () => {
  const failing = (e: Error): PgPoolLike => ({
    query: async () => {
      throw e;
    },
    connect: async () => {
      throw e;
    },
  });

  it('says a write sent over a connection that then died or timed out may be applied; a read never', async () => {
    for (const e of [
      new Error('Connection terminated unexpectedly'),
      new Error('Query read timeout'),
      socketError('ECONNRESET'),
      serverError('57P01', 'FATAL'),
    ]) {
      await expect(pgQuery(failing(e), 'Writing', 'UPDATE t SET a = 1', [])).rejects.toMatchObject({
        details: { maybeApplied: true },
      });
      await expect(pgQuery(failing(e), 'Reading', 'SELECT 1', [])).rejects.toMatchObject({
        details: { maybeApplied: false },
      });
    }
  });

  it('says nothing was applied when no connection was made or the server refused the statement', () => {
    for (const e of [
      socketError('ECONNREFUSED'),
      socketError('ENOTFOUND'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated due to connection timeout'),
      serverError('57P03', 'FATAL'),
      serverError('57014'),
      serverError('23505'),
    ]) {
      expect({ e: e.message, applied: mayHaveApplied(e) }).toEqual({ e: e.message, applied: false });
    }
  });

  it('keeps the missing-tables advice and never puts the statement values in the message', async () => {
    const err = (await pgQuery(failing(serverError('42P01')), 'Reading', 'SELECT 1', ['13812345678']).catch(
      (e: unknown) => e,
    )) as PiiError;
    expect(err.message).toMatch(/migratePostgres/);
    expect(err.message).not.toContain('13812345678');
  });
});

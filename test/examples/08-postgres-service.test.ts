import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createPool, main, poolSettings, retrying } from '../../examples/08-postgres-service.js';
import { PiiError } from '../../src/errors.js';
import { pgUrl } from '../stores/services.js';

describe('example 08: parcel service on PostgreSQL', () => {
  it('serves role-based views of sealed parcels found by recipient phone, against the real server', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const r = await main({ pgUrl: pgUrl() }).finally(() => log.mockRestore());
    // The assigned courier sees its one parcel: address in full, phone and name masked, no sender.
    expect(r.courier.status).toBe(200);
    const courier = r.courier.json as Array<{
      id: string;
      parcel: { recipient: Record<string, string>; sender?: object };
    }>;
    expect(courier.map((p) => p.id)).toEqual(['parcel-SF1000000000001']);
    expect(courier[0]!.parcel.recipient.address).toBe('山东省青岛市市南区香港中路61号');
    expect(courier[0]!.parcel.recipient.phone).not.toContain('1234');
    expect(courier[0]!.parcel.recipient.phone).toContain('5678');
    expect(courier[0]!.parcel.recipient.name).toBe('李*');
    expect(courier[0]!.parcel.sender ?? {}).toEqual({});
    // Customer service finds both parcels by phone, every personal field masked.
    const cs = r.cs.json as Array<{ parcel: { recipient: Record<string, string> } }>;
    expect(cs).toHaveLength(2);
    for (const p of cs) expect(p.parcel.recipient.address).toBe('山东省青岛市市南区****');
    // An unassigned courier sees nothing; the database never held plaintext; every decision was audited.
    expect(r.stranger.json).toEqual([]);
    expect(r.plaintextInDatabase).toBe(false);
    expect(r.audit).toEqual({ size: 6, ok: true });
  });

  it('uses the pool settings docs/operations.md recommends, with an error listener on the pool', async () => {
    const doc = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    for (const [name, value] of Object.entries(poolSettings)) {
      const shown = typeof value === 'number' ? value.toLocaleString('en').replace(/,/g, '_') : String(value);
      expect(doc).toContain(`${name}: ${shown},`);
    }
    const pool = createPool(pgUrl());
    expect(pool.listenerCount('error')).toBe(1);
    expect(pool.options).toMatchObject(poolSettings);
    // An idle connection dying is reported to the listener, not thrown at the process.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    pool.emit('error', Object.assign(new Error('terminating connection'), { code: '57P01' }));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('reconnects'), '57P01');
    warn.mockRestore();
    await pool.end();
  });

  it('retries only while the database is unreachable, and gives up after its attempts', async () => {
    const down = (code: 'STORE_UNAVAILABLE' | 'AUDIT_SINK_FAILED') =>
      new PiiError(code, 'database unreachable', { details: { maybeApplied: false } });
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw down(calls === 1 ? 'STORE_UNAVAILABLE' : 'AUDIT_SINK_FAILED');
      return 'stored';
    };
    expect(await retrying(flaky, { delayMs: 1 })).toBe('stored');
    expect(calls).toBe(3);
    let refusals = 0;
    await expect(
      retrying(
        async () => {
          refusals++;
          throw new PiiError('TOKEN_EXHAUSTED', 'no uses left');
        },
        { delayMs: 1 },
      ),
    ).rejects.toMatchObject({ code: 'TOKEN_EXHAUSTED' });
    expect(refusals).toBe(1);
    let always = 0;
    await expect(
      retrying(
        async () => {
          always++;
          throw down('STORE_UNAVAILABLE');
        },
        { attempts: 3, delayMs: 1 },
      ),
    ).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(always).toBe(3);
  });
});

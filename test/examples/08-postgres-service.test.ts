import { describe, expect, it, vi } from 'vitest';
import { main } from '../../examples/08-postgres-service.js';
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
});

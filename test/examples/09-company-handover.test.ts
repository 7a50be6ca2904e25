import { describe, expect, it, vi } from 'vitest';
import { main } from '../../examples/09-company-handover.js';

describe('example 09: company handover', () => {
  it('moves every key to the buyer, who verifies and countersigns; the seller opens nothing', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const r = await main();
    log.mockRestore();
    expect(r.manifest.subjects).toEqual({ active: 500, erased: 0 });
    expect(r.verification).toMatchObject({ ok: true, verified: 500, sellerWrapped: 0 });
    expect(r.signatures).toEqual({ seller: true, buyer: true });
    expect(r.buyerReads).toBe('张三');
    expect(r.sellerAttempt).toBe('KEY_NOT_FOUND');
    expect(r.notices).toBe(500);
    expect(r.marketing.allowed).toBe(false);
    expect(r.manifest.fields.byKind).toMatchObject({ phone: 500, address: 500, name: 500, waybillNo: 500 });
  });
});

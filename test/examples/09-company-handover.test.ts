import { describe, expect, it, vi } from 'vitest';
import { main } from '../../examples/09-company-handover.js';

describe('example 09: company handover', () => {
  it('plans, notifies each person, leaves two objectors out, moves the rest, freezes purposes', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const r = await main();
    log.mockRestore();
    // 50 customers + 5 shops = 55 people across 50 parcels: 55 notices, not 105.
    expect(r.plan.people).toEqual({ total: 55, byRole: { recipient: 50, sender: 5 } });
    expect(r.notices).toBe(55);
    expect(r.delivery).toEqual({ sent: 55, failed: 0, failedSubjects: [] });
    expect(r.manifest.subjects).toEqual({ active: 53, erased: 0, excluded: { erased: 2, kept: 0 } });
    // The objectors' parcels still name a shop that did not object: the parcel keys move, the
    // objectors' own fields do not (48 recipient addresses, 50 waybills and traces).
    expect(r.manifest.records).toEqual({ active: 50, erased: 0, excluded: 0 });
    expect(r.manifest.fields).toMatchObject({
      basis: 'present',
      byKind: { waybillNo: 50, geo: 50, address: 48 },
    });
    expect(r.verification).toMatchObject({ ok: true, verified: 103, sellerWrapped: 0 });
    expect(r.signatures).toEqual({ seller: true, buyer: true });
    // Everything the buyer inherits was supplied, and the seller's KEK destruction is attested.
    expect(r.inheritance).toEqual({ complete: true, notSupplied: [], kekDestruction: 'attested' });
    expect(r.manifest.inherits?.indexKey).toMatchObject({
      supplied: true,
      to: 'kek',
      keyId: 'xunda-index-2026',
    });
    expect(r.buyerReads).toBe('opened');
    expect(r.objectorRead).toBe('KEY_DESTROYED');
    expect(r.sellerAttempt).toBe('KEY_NOT_FOUND');
    expect(r.marketing).toEqual({ before: 'purpose-frozen', after: 'allow' });
    expect(r.moved).toBe(53);
    expect(r.noticeEvents).toBe(55);
    expect(r.auditOk).toBe(true);
  });
});

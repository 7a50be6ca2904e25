import { describe, expect, it, vi } from 'vitest';
import { main } from '../../examples/10-retention-sweep.js';

describe('example 10: retention sweep', () => {
  it('dry-runs, then shreds what is due, keeps held and recent parcels, and certifies it', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const r = await main();
    log.mockRestore();
    expect(r.dry.certificates).toEqual([]);
    expect(r.dry.shred.map((s) => s.keyId).sort()).toEqual(['cust-1', 'cust-2', 'record:p1', 'record:p2']);
    expect(r.dry.held).toEqual([{ recordId: 'p4', holds: ['claim-2026-118'] }]);
    expect(r.report.keyIdsDestroyed.sort()).toEqual(['cust-1', 'cust-2', 'record:p1', 'record:p2']);
    expect(r.certificateValid).toBe(true);
    expect(r.backupAttempt).toBe('KEY_DESTROYED');
    expect(r.remaining).toEqual(['p3', 'p4']);
    expect(r.report.indexesToDelete.length).toBe(4); // phone and address of p1 and p2
    expect(r.phoneIndexSize).toBe(4); // those of p3 and p4 remain
    // Each key is recorded in the erasure ledger before it is destroyed, then the batch's certificate.
    expect(r.auditKinds).toEqual([...Array(4).fill('key.destroyed'), 'retention.destroyed']);
    const methods = r.report.certificates.flatMap((c) => c.items.map((i) => i.method));
    // cust-1, cust-2 (recipient fields) and record:p1, record:p2 (the sealed GPS trace); the source deleted p1, p2.
    expect(methods.sort()).toEqual([...Array(4).fill('crypto-shred'), 'deleted', 'deleted']);
    expect(r.report.pending).toEqual([]);
  });
});

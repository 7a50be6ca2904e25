import { describe, expect, it, vi } from 'vitest';
import { main } from '../../examples/14-customer-rights.js';

describe("example 14: the customer's side", () => {
  it('consent gates marketing, grants are described and revoked, withdrawal queues erasure, complaints go overdue', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const r = await main();
    log.mockRestore();
    expect([r.marketingBefore, r.marketingAfter]).toEqual([true, false]);
    expect(r.sentences).toEqual([
      '邻居 n-5531 可在 12 月 6 日 18:00 前凭取件码代取运单 SF…5678 的包裹，可见：收件地址（部分隐藏）、收件人姓名（部分隐藏）',
    ]);
    expect(r.tokenLength).toBeLessThanOrEqual(300);
    expect(r.afterRevoke).toBe('TOKEN_REVOKED');
    expect(r.work).toEqual(['purpose-data']);
    expect(r.overdue).toEqual([r.complaintId]);
    expect(r.auditKinds).toEqual([
      'purpose.given',
      'consent.revoked',
      'purpose.withdrawn',
      'rights.transition',
    ]);
    expect(r.verified).toBe(true);
    expect(r.auditText).not.toContain('SF1043212345678');
  });
});

import { describe, expect, it, vi } from 'vitest';
import { main } from '../../examples/07-neighbour-pickup.js';

describe('example 07: neighbour pickup', () => {
  it('grants, narrows to a locker, redeems once, refuses a second use and revokes another grant', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const r = await main();
    log.mockRestore();
    expect(r.tokenLength).toBeLessThanOrEqual(300);
    expect(r.claims).toMatchObject({
      grantee: 'n-5531/locker-SZ0571',
      purpose: 'pickup',
      resource: 'SF1043212345678',
      scope: { pickupCode: 'allow' },
      uses: 1,
      maxUses: 1,
      sealed: true,
    });
    expect(r.visible).toEqual([{ path: 'pickupCode', level: 'allow' }]);
    expect(r.secondRedeem).toBe('TOKEN_EXHAUSTED');
    expect(r.neighbourAfter).toBe('TOKEN_EXHAUSTED');
    expect(r.beforeRevoke).toBe('ok');
    expect(r.afterRevoke).toBe('TOKEN_REVOKED');
    expect(r.auditKinds).toEqual([
      'consent.granted',
      'consent.redeemed',
      'consent.granted',
      'consent.revoked',
    ]);
    for (const t of r.tokens) expect(r.auditText).not.toContain(t.slice(30, 70));
  });
});

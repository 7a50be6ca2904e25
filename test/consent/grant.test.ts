import { describe, expect, it } from 'vitest';
import { type GrantOptions, attenuate, grant } from '../../src/consent/index.js';
import { DAY, T0, codeOf, pickupGrant } from './helpers.js';

describe('grant arguments', () => {
  it('refuses ids that are themselves personal data, since tokens are readable by their holder', async () => {
    for (const over of [
      { subject: '13812345678' },
      { subject: '+86 138 1234 5678' },
      { grantee: 'neighbour@example.com' },
      { grantee: 'n-5531/13812345678' },
      { recordId: '11010519491231002X' },
    ]) {
      expect(await codeOf(grant(pickupGrant(over)))).toBe('INVALID_ARGUMENT');
    }
    expect(await codeOf(grant(pickupGrant({ subject: '1029384756', grantee: '5566778899' })))).toBe('ok');
  });

  it('refuses malformed validity, limits, keys, scopes and randomness', async () => {
    const cases: Array<Partial<GrantOptions>> = [
      { expiresAt: T0 },
      { expiresAt: T0 + 999 },
      { expiresAt: Number.NaN },
      { notBefore: new Date('invalid') },
      { expiresAt: 2 ** 33 * 1000 },
      { maxUses: 0 },
      { maxUses: 1.5 },
      { scope: {} },
      { scope: { pickupCode: 'deny' } as unknown as GrantOptions['scope'] },
      { issuer: { id: 'sf-2026', secretKey: new Uint8Array(31) } },
      { issuer: { id: '', secretKey: new Uint8Array(32) } },
      { purpose: '' },
      { resource: 'x'.repeat(201) },
      { random: (n: number) => new Uint8Array(n - 1) },
    ];
    for (const over of cases) expect(await codeOf(grant(pickupGrant(over)))).toBe('INVALID_ARGUMENT');
  });

  it('stores validity in whole seconds, rounding the expiry down', async () => {
    const { receipt } = await grant(pickupGrant({ expiresAt: T0 + DAY + 999 }));
    expect(receipt.expiresAt).toBe(new Date(T0 + DAY).toISOString());
  });

  it('attenuate refuses a device suffix that is personal data', async () => {
    const { token } = await grant(pickupGrant());
    expect(() => attenuate(token, { grantee: 'n-5531/13812345678' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

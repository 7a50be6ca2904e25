import { describe, expect, it, vi } from 'vitest';
import { main } from '../../examples/03-erase-a-customer.js';

describe('example 03: erase a customer', () => {
  it('destroys one customer key, keeps others readable and certifies without plaintext', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { certificate, attempt, shopView, other, reuse, lookup, lookupRowsLeft, restore, afterRestore } =
      await main();
    log.mockRestore();
    expect(attempt).toBe('KEY_DESTROYED');
    expect(shopView.sender.name).toBe('杭州茶叶店');
    expect(other.recipient.name).toBe('赵六');
    expect(reuse).toBe('KEY_DESTROYED');
    expect(certificate.keyIdsDestroyed).toEqual(['cust-li']);
    expect(certificate.indexesToDelete).toEqual([{ kind: 'phone', index: lookup }]);
    expect(lookupRowsLeft).toBe(0);
    // Per path: the sealed fields are shredded, the waybill number (stored in clear) is not the
    // customer's; the recipient's name, phone and address were all sealed.
    expect(certificate.items).toEqual(
      [
        'sender.name',
        'sender.phone',
        'sender.address',
        'recipient.name',
        'recipient.phone',
        'recipient.address',
      ].map((path) => ({ schema: 'parcel/v1', path, method: 'crypto-shred' })),
    );
    expect(certificate.ledger).toBe('audit');
    // Backup taken before, erasure, restore: still KEY_DESTROYED.
    expect(restore).toMatchObject({ erasuresReplayed: 1 });
    expect(afterRestore).toBe('KEY_DESTROYED');
    expect(JSON.stringify(certificate)).not.toMatch(/13812345678|李四|香港中路/);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { main } from '../../examples/02-seal-a-parcel.js';

describe('example 02: seal a parcel', () => {
  it('seals sensitive fields, finds the parcel by phone and opens only the requested paths', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { record, indexes, found, forDelivery, tamper } = await main();
    log.mockRestore();
    expect(record.waybillNo).toBe('SF1234567890123');
    expect(record.recipient.phone).toMatch(/^cpii1\./);
    expect(record.lastScan).toMatch(/^cpii1\./);
    expect(JSON.stringify(record)).not.toMatch(/13812345678|香港中路|李四/);
    expect(Object.keys(indexes)).toContain('recipient.phone');
    expect(found).toBe(true);
    expect(forDelivery.recipient.phone).toBe('+8613812345678');
    expect(forDelivery.recipient.address).toBe('山东省青岛市市南区香港中路61号');
    expect(forDelivery.recipient.name).toMatch(/^cpii1\./);
    expect(tamper).toBe('CIPHERTEXT_INVALID');
  });
});

import { describe, expect, it, vi } from 'vitest';
import { main } from '../../examples/02-seal-a-parcel.js';

describe('example 02: seal a parcel', () => {
  it('seals sensitive fields, finds the parcel by phone and opens only the requested paths', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { parcel, record, indexes, found, forDelivery, tamper, searchable, noteInClear, noteOpened } =
      await main();
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
    // The delivery note holds a phone, an ID number and an address: sealed by default, nothing in clear.
    const secrets = ['13812345678', '110105199003071239', '建国路'];
    expect(record.deliveryNote).toMatch(/^cpii1\./);
    for (const s of secrets) expect(JSON.stringify(record)).not.toContain(s);
    // onSeal 'redact': only masked values in clear, the original sealed and opened back.
    expect(noteInClear).toBe('放门口，电话138****5678，代收人身份证1****************9，改送北京市朝阳区****');
    expect(searchable.deliveryNote?.sealed).toMatch(/^cpii1\./);
    for (const s of secrets) expect(JSON.stringify(searchable)).not.toContain(s);
    expect(noteOpened).toBe(parcel.deliveryNote);
  });
});

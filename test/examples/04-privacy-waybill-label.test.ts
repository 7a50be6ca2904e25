import { describe, expect, it, vi } from 'vitest';
import { main } from '../../examples/04-privacy-waybill-label.js';

describe('example 04: privacy waybill label', () => {
  it('prints masked name, phone and county-level address and no ID number', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const label = await main();
    const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
    log.mockRestore();
    expect(label.recipient).toEqual({
      name: '欧阳**',
      phone: '+86 138 **** 5678',
      address: '山东省青岛市市南区****',
    });
    expect(label.sender).toEqual({ name: '司马**', phone: '139****5678', address: '广东省东莞市****' });
    expect(label.waybillNo).toBe('SF1381234567890');
    expect(label.note).toBe('白天不在家，放门口快递柜，电话138****5678');
    expect(printed).not.toMatch(/(?<![A-Z\d])13812345678/);
    for (const secret of [
      '110105199003071239',
      '13912345678',
      '1234 5678',
      '香港中路',
      '娜娜',
      '相如',
      '振安中路',
    ]) {
      expect(printed).not.toContain(secret);
    }
    expect(printed).toContain('ID number on the label: no');
  });
});

import { describe, expect, it, vi } from 'vitest';
import { main, note } from '../../examples/05-redact-a-delivery-note.js';

describe('example 05: redact a delivery note', () => {
  it('masks, labels and pseudonymizes the personal data and the pickup code, and leaves the rest', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { findings, masked, labelled, pseudonymized } = await main();
    log.mockRestore();
    expect(findings.map((f) => [f.kind, note.slice(f.start, f.end)])).toEqual([
      ['name', '欧阳娜娜'],
      ['phone', '13812345678'],
      ['address', '山东省青岛市市南区香港中路61号金地广场3号楼1201室'],
      ['pickupCode', '3-2-1234'],
      ['landline', '021-12345678'],
      ['idNumber', '110105199003071239'],
    ]);
    expect(masked).toBe(
      '收件人：欧阳**，电话138****5678，白天不在家放门口。送到山东省青岛市市南区****。' +
        '运单SF1381234567890，取件码*-*-****，有事打座机021-****5678，身份证1****************9。',
    );
    expect(labelled).toContain('收件人：[NAME]，电话[PHONE]');
    expect(labelled).toContain('身份证[ID_NUMBER]');
    expect(pseudonymized).toMatch(/电话phone_[a-z2-7]{26}，/);
    for (const out of [masked, labelled, pseudonymized]) {
      expect(out).not.toMatch(/(?<![A-Z\d])13812345678/);
      expect(out).not.toContain('110105199003071239');
      expect(out).toContain('SF1381234567890');
      expect(out).not.toContain('3-2-1234');
    }
  });
});

import { describe, expect, it, vi } from 'vitest';
import { main } from '../../examples/13-gm-suite.js';

const suite = (v: unknown) => Buffer.from(String(v).slice(6), 'base64url')[1];

describe('example 13: the GM suite', () => {
  it('seals under GM, finds by an HMAC-SM3 index, and moves a default-suite parcel to GM', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const r = await main();
    log.mockRestore();
    expect(suite(r.record.recipient.phone)).toBe(2);
    expect(suite(r.record.recipient.address)).toBe(2);
    expect(r.opened.recipient.name).toBe('李四');
    expect(r.query).toMatch(/^bi2\./);
    expect(r.found).toBe('parcel-1');
    expect(suite(r.earlier.recipient.phone)).toBe(1);
    expect(suite(r.moved.recipient.phone)).toBe(2);
    expect(r.result).toMatchObject({ resealed: 1, oldKeysDestroyed: 1, legacyOnly: 0 });
    expect(r.movedOpened.recipient.phone).toBe('+8613812345678');
    expect(JSON.stringify(r.moved)).not.toContain('13812345678');
  });
});

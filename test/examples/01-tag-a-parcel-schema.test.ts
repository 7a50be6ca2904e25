import { describe, expect, it, vi } from 'vitest';
import { main, sensitivePaths } from '../../examples/01-tag-a-parcel-schema.js';

describe('example 01: tag a parcel schema', () => {
  it('classifies every field and rejects a bad ID without echoing it', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { fields, parcel, rejection } = await main();
    log.mockRestore();
    expect(fields.filter((f) => f.level === 'sensitive').map((f) => f.path)).toEqual(sensitivePaths);
    expect(fields.find((f) => f.path === 'courier.trace[].point')).toEqual({
      path: 'courier.trace[].point',
      level: 'sensitive',
      kind: 'geo',
      subject: 'courier',
    });
    expect(parcel.sender.phone).toBe('+8613912345678');
    expect(rejection?.message).toBe('idNumber: check character does not match');
    expect(rejection?.path).toEqual(['sender', 'idNumber']);
    expect(JSON.stringify(rejection)).not.toContain('110105194912310021');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDuration, parseDuration } from '../../src/lifecycle/duration.js';

describe('ISO 8601 retention durations', () => {
  it('adds days, weeks and times exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4e12 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 48 }),
        (t, d, h) => {
          expect(addDuration(t, parseDuration('x', `P${d}DT${h}H`))).toBe(t + d * 86_400_000 + h * 3_600_000);
          expect(addDuration(t, parseDuration('x', `P${d}W`))).toBe(t + d * 7 * 86_400_000);
        },
      ),
    );
  });

  it('adds calendar months and years, clamping to the month end', () => {
    expect(new Date(addDuration(Date.UTC(2026, 0, 31), parseDuration('x', 'P1M'))).toISOString()).toBe(
      '2026-02-28T00:00:00.000Z',
    );
    expect(new Date(addDuration(Date.UTC(2028, 1, 29), parseDuration('x', 'P1Y'))).toISOString()).toBe(
      '2029-02-28T00:00:00.000Z',
    );
    expect(new Date(addDuration(Date.UTC(2026, 5, 1, 12), parseDuration('x', 'P3Y'))).toISOString()).toBe(
      '2029-06-01T12:00:00.000Z',
    );
  });

  it('refuses what is not an ISO 8601 duration with RETENTION_INVALID', () => {
    for (const bad of ['', 'P', 'PT', '90D', 'P90', 'P-1D', 'P1DT', 'p90d', ' P90D']) {
      expect(() => parseDuration('rule', bad)).toThrow(
        expect.objectContaining({ code: 'RETENTION_INVALID' }),
      );
    }
  });
});

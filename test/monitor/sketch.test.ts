import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistinctSketch, hash32 } from '../../src/monitor/sketch.js';

describe('distinct sketch', () => {
  it('counts exactly up to the exact limit, ignoring repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 120 }), (items) => {
        const s = new DistinctSketch(128);
        let last = 0;
        for (const x of items) last = s.add(hash32(x));
        const want = new Set(items.map(hash32)).size;
        expect(items.length === 0 ? 0 : last).toBe(want);
        expect(s.approximate).toBe(false);
      }),
    );
  });

  it('degrades to a HyperLogLog within a few percent past the limit', () => {
    for (const n of [500, 5_000, 50_000]) {
      const s = new DistinctSketch(64);
      for (let i = 0; i < n; i++) s.add(hash32(`subject-${i}`));
      for (let i = 0; i < n; i += 3) s.add(hash32(`subject-${i}`)); // repeats change nothing
      expect(s.approximate).toBe(true);
      expect(Math.abs(s.count() - n) / n).toBeLessThan(0.1);
    }
  });

  it('never counts down as items are added', () => {
    const s = new DistinctSketch(16);
    let prev = 0;
    for (let i = 0; i < 2_000; i++) {
      const c = s.add(hash32(`r${i}`));
      expect(c).toBeGreaterThanOrEqual(prev - 2); // HLL estimates may wobble by rounding only
      prev = Math.max(prev, c);
    }
  });
});

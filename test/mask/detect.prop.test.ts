import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';
import { courierText } from './arbitraries.js';

const text = courierText;

describe('detect and redact on arbitrary text', () => {
  it('returns sorted, non-overlapping, in-bounds findings and never throws', () => {
    fc.assert(
      fc.property(text, (t) => {
        const fs = detect(t);
        let last = 0;
        for (const f of fs) {
          expect(f.start).toBeGreaterThanOrEqual(last);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(t.length);
          expect(f.confidence).toBeGreaterThan(0);
          expect(f.confidence).toBeLessThanOrEqual(1);
          last = f.end;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('redacting twice changes nothing more', () => {
    fc.assert(
      fc.property(text, (t) => {
        const once = redact(t).text;
        expect(redact(once).text).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('stays fast on a long note (no catastrophic backtracking)', () => {
    const long =
      '收件人：张三，电话13812345678，地址北京市朝阳区建国路88号。'.repeat(300) +
      '1'.repeat(5000) +
      'a'.repeat(5000);
    const t0 = performance.now();
    const fs = detect(long);
    expect(fs.length).toBeGreaterThan(600);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

// The timing inputs are what bench/mask.bench.ts and docs/masking.md say: exact lengths, every
// adversarial unit present as a long unbroken run, ordinary text made of courier notes, and a
// UTF-8 size helper that lands near the size asked for.
import { describe, expect, it } from 'vitest';
import {
  ADVERSARIAL_UNITS,
  adversarialText,
  ofUtf8Bytes,
  ordinaryCourierText,
  repeatTo,
} from './adversarial-inputs.js';

describe('adversarial and ordinary timing inputs', () => {
  it('build texts of exactly the length asked for, deterministically', () => {
    for (const n of [0, 1, 1000, 64_000, 256_000]) {
      expect(adversarialText(n)).toHaveLength(n);
      expect(ordinaryCourierText(n)).toHaveLength(n);
    }
    expect(ordinaryCourierText(5000)).toBe(ordinaryCourierText(5000));
    expect(repeatTo('𝟏', 3)).toBe('𝟏 ');
    expect(() => repeatTo('a', -1)).toThrow(RangeError);
  });

  it('hold every adversarial unit as a run with no punctuation to stop a scan', () => {
    const text = adversarialText(64_000);
    const share = Math.floor(64_000 / Object.keys(ADVERSARIAL_UNITS).length);
    for (const [name, unit] of Object.entries(ADVERSARIAL_UNITS)) {
      const run = unit.repeat(Math.floor((share - unit.length) / unit.length));
      expect(text.includes(run), name).toBe(true);
    }
    expect(text).not.toMatch(/[，。；\n]/);
  });

  it('make ordinary text out of courier notes, one a line', () => {
    const lines = ordinaryCourierText(20_000).split('\n');
    expect(lines.length).toBeGreaterThan(200);
    expect(lines.some((l) => l.startsWith('收件人：'))).toBe(true);
    expect(lines.some((l) => l.startsWith('{"receiverName"'))).toBe(true);
  });

  it('size a text in UTF-8 bytes to within 1 %', () => {
    for (const build of [adversarialText, ordinaryCourierText]) {
      const bytes = Buffer.byteLength(ofUtf8Bytes(build, 2 ** 20), 'utf8');
      expect(Math.abs(bytes - 2 ** 20) / 2 ** 20).toBeLessThan(0.01);
    }
  });
});

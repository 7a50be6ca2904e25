import { describe, expect, it } from 'vitest';
import { isDigitCode, isIdeograph } from '../../src/mask/char-flags.js';

const IDEOGRAPHIC = /^\p{Ideographic}$/u;
const ASSIGNED = /^\p{Assigned}$/u;
const UNIFIED = /^\p{Unified_Ideograph}$/u;

describe('isIdeograph', () => {
  it('holds on the edges of Extension A, the unified block and the compatibility block', () => {
    const inside = [0x3400, 0x4dbf, 0x4e00, 0x9fff, 0xf900, 0xfa0e, 0xfaff];
    const outside = [0x33ff, 0x4dc0, 0x4dff, 0xa000, 0xf8ff, 0xfb00, 0x3000, 0xff10, 0x31, 0x41];
    for (const c of inside) expect(isIdeograph(c), c.toString(16)).toBe(true);
    for (const c of outside) expect(isIdeograph(c), c.toString(16)).toBe(false);
  });

  it('treats the Yijing hexagram symbols between Extension A and the unified block as no ideograph', () => {
    for (let c = 0x4dc0; c <= 0x4dff; c++) expect(isIdeograph(c)).toBe(false);
  });

  it('is exactly the three ranges over every UTF-16 unit', () => {
    let mismatches = 0;
    for (let c = 0; c < 0x10000; c++) {
      const ranges =
        (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
      if (isIdeograph(c) !== ranges) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('accepts every unified ideograph of the BMP, and only ideographs among assigned characters', () => {
    let missed = 0;
    let wrong = 0;
    for (let c = 0; c < 0x10000; c++) {
      const s = String.fromCharCode(c);
      if (UNIFIED.test(s) && !isIdeograph(c)) missed++;
      if (isIdeograph(c) && ASSIGNED.test(s) && !IDEOGRAPHIC.test(s)) wrong++;
    }
    expect(missed).toBe(0);
    expect(wrong).toBe(0);
  });
});

describe('isDigitCode', () => {
  it('holds for ASCII 0-9 only', () => {
    expect([0x2f, 0x30, 0x39, 0x3a, 0xff10, 0x0663].map(isDigitCode)).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

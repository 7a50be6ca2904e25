import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANDLINE, landlineAt } from '../../src/mask/landline-at.js';

// Strings made of what landlines are made of (prefixes, brackets, digit groups, separators,
// extension words), so that matches, near-misses and backtracking are all common.
const piece = fc.oneof(
  fc.stringMatching(/^0\d{0,4}$/),
  fc.stringMatching(/^[1-9]\d{0,8}$/),
  fc.constantFrom('010', '021', '0755', '+86', '0086', '86', '+', '00', '0', '8'),
  fc.constantFrom('(', ')', '（', '）', '(0', '(0)', '+86(0)', '+86 0'),
  fc.constantFrom(' ', '-', '.', '/', '·', '–', '\u3000', '\t', '\u00a0'),
  fc.constantFrom('转', '轉', '分机', '分', 'ext', 'EXT', 'Ext.', 'ext.', 'x', 'X', '#', 'e', '号'),
);
const dense = fc.array(piece, { maxLength: 12 }).map((a) => a.join(''));
const sticky = new RegExp(LANDLINE.source, 'iy');

describe('hand-written landline matcher', () => {
  it('ends exactly where the landline pattern, run sticky on the cut text, ends', () => {
    fc.assert(
      fc.property(dense, fc.nat(), (t, j) => {
        const b = t.length === 0 ? 0 : j % (t.length + 1);
        const cut = t.slice(0, b);
        for (let p = 0; p < b; p++) {
          sticky.lastIndex = p;
          const m = sticky.exec(cut);
          expect(landlineAt(t, p, b), `${JSON.stringify(t)} at ${p} cut ${b}`).toBe(m ? p + m[0].length : -1);
        }
      }),
      { numRuns: 4000 },
    );
  });

  it('reads the common forms as the pattern does', () => {
    const t = '电话010-12345678转123，或（0755）8765432，+86 21 6123 4567 ext. 9，0086(0)10 1234 5678x';
    for (let p = 0; p < t.length; p++) {
      sticky.lastIndex = p;
      const m = sticky.exec(t);
      expect(landlineAt(t, p, t.length)).toBe(m ? p + m[0].length : -1);
    }
    expect(landlineAt(t, 2, t.length)).toBe(18); // 010-12345678转123
  });
});

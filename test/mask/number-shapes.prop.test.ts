import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHAPES, cardAt, hkIdAt, mobileAt, twIdAt } from '../../src/mask/number-shapes.js';

// Strings made of the pieces the shapes are made of (digit groups, separators, prefixes,
// capital letters), so that matches and near-misses are both common.
const piece = fc.oneof(
  fc.stringMatching(/^1[3-9]\d{0,9}$/),
  fc.stringMatching(/^\d{1,9}$/),
  fc.constantFrom('138', '1234', '5678', '12345678', '1381234'),
  fc.constantFrom('+86', '0086', '(+86)', '(86)', '86', '+', '(', ')', 'A', 'AB', 'Z1', 'X2'),
  fc.constantFrom(' ', '-', '\t', '\u3000', '\u00a0', 'x', '号'),
  // the separators accepted inside numbers, and digits spaced one by one
  fc.constantFrom('.', '/', '·', '–', '—', '\u2212', '・', '1.3.8.1', '.2.3.4.5', '1 3 9 ', '0/0/0/'),
);
const dense = fc.array(piece, { maxLength: 12 }).map((a) => a.join(''));

function viaRegex(re: RegExp, t: string, p: number, b: number): number {
  re.lastIndex = p;
  const m = re.exec(t.slice(0, b));
  return m ? p + m[0].length : -1;
}

const cases = [
  ['mobile', SHAPES.mobile, mobileAt],
  ['HK identity card', SHAPES.hkId, hkIdAt],
  ['TW identity card', SHAPES.twId, twIdAt],
  ['bank card', SHAPES.card, cardAt],
] as const;

describe('hand-written number shapes', () => {
  for (const [name, re, at] of cases) {
    it(`match exactly where the ${name} pattern matches, at every offset and cut`, () => {
      fc.assert(
        fc.property(dense, fc.nat(), fc.nat(), (t, i, j) => {
          const b = t.length === 0 ? 0 : j % (t.length + 1);
          for (let p = 0; p < b; p++) {
            // the detectors call the matchers at a character that can begin the shape
            const c = t.charCodeAt(p);
            if (at === hkIdAt || at === twIdAt) {
              if (c < 65 || c > 90) continue;
            } else if (at === cardAt && (c < 48 || c > 57)) continue;
            expect(at(t, p, b), `${JSON.stringify(t)} at ${p} cut ${b} (${i})`).toBe(viaRegex(re, t, p, b));
          }
        }),
        { numRuns: 3000 },
      );
    });
  }
});

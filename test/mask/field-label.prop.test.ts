import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD_LABEL, fieldLabelBefore } from '../../src/mask/field-label.js';

// Texts ending in pieces of field labels, spaces and colons, so that labels, cut labels and
// near-misses all occur in the last eight characters.
const piece = fc.oneof(
  fc.constantFrom(
    '电话',
    '联系电话',
    '银行卡号',
    '卡号',
    '身份证号码',
    '号码',
    '护照',
    'email',
    'E-Mail',
    'TEL',
    'phone',
  ),
  fc.constantFrom(' ', '\u3000', ':', '：', '\t', '张三', '号', '机', 'l', 'x'),
);
const text = fc.array(piece, { maxLength: 6 }).map((a) => a.join(''));

describe('the field label before a number', () => {
  it('is what the label pattern finds on the eight characters before it', () => {
    fc.assert(
      fc.property(text, (t) => {
        for (let p = 0; p <= t.length; p++) {
          const m = FIELD_LABEL.exec(t.slice(Math.max(0, p - 8), p));
          expect(fieldLabelBefore(t, p), `${JSON.stringify(t)} at ${p}`).toBe(m ? m[0].length : 0);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskEmail, maskName } from 'courier-pii/mask';

// The name and email maskers take a direct path when called without options; with an empty
// options object they take the general one. Both must give the same output.
const cjkName = fc
  .array(fc.constantFrom(...'欧阳司马上官诸葛王李张单于娜敏强伟先生女士小姐师傅師傅'), {
    minLength: 1,
    maxLength: 6,
  })
  .map((a) => a.join(''));
const email = fc
  .tuple(
    fc.array(fc.constantFrom(...'az09._%+-'), { minLength: 1, maxLength: 8 }).map((a) => a.join('')),
    fc.constantFrom('@example.com', '@qq.com', '@mail.example.cn'),
  )
  .map(([l, d]) => l + d);

describe('maskers without options', () => {
  it('mask a plain Chinese name as the general path does', () => {
    fc.assert(
      fc.property(cjkName, (v) => {
        expect(maskName(v)).toBe(maskName(v, {}));
      }),
      { numRuns: 3000 },
    );
  });

  it('mask an email as the general path does', () => {
    fc.assert(
      fc.property(email, (v) => {
        expect(maskEmail(v)).toBe(maskEmail(v, {}));
      }),
      { numRuns: 2000 },
    );
  });

  it('keep the compound surname and an honorific after a surname alone', () => {
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('欧阳女士')).toBe('欧阳女士');
    expect(maskName('张伟先生')).toBe('张*先生');
    expect(maskEmail('a@example.com')).toBe('*@example.com');
  });
});

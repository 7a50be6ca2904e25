// Random courier-like text for property tests of detect/redact: free strings mixed with the
// pieces real notes are made of (context words, mobiles, divisions, '@', digits). Shared by
// test/mask/detect.prop.test.ts and the frozen-fixture generator (test/fixtures/make-detect-frozen.ts).
import fc from 'fast-check';

const piece = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '收件人：',
    '电话',
    '13812345678',
    '地址：',
    '北京市朝阳区',
    '建国路88号',
    '，',
    ' ',
    'SF',
    '@',
    '.com',
    '张三',
    '身份证',
  ),
  fc.stringMatching(/^[\u4e00-\u9fa5]{1,6}$/),
  fc.stringMatching(/^\d{1,20}$/),
);

/** Up to 20 pieces glued together. */
export const courierText: fc.Arbitrary<string> = fc.array(piece, { maxLength: 20 }).map((a) => a.join(''));

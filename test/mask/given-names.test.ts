// The name evidence of given-names.ts on its own: runs of a known surname and one or two
// characters more, read as a person's name only by their characters. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { givenNameLikely } from '../../src/mask/given-names.js';
import { surnameLenAt } from '../../src/mask/name-shape.js';

/** Whether the whole of `run` reads as a name (surname length as the detector reads it). */
function likely(run: string): boolean {
  return givenNameLikely(run, 0, surnameLenAt(run, 0), run.length);
}

describe('givenNameLikely', () => {
  it.each([
    '王芳',
    '刘洋',
    '张伟',
    '陈静',
    '李娜',
    '赵磊',
    '周婷婷',
    '孙建华',
    '林佳慧',
    '王子涵',
    '何家豪',
    '司马静怡',
    '欧阳晓峰',
    '陳志豪',
    '黃淑芬',
  ])('%j reads as a name', (run) => {
    expect(likely(run)).toBe(true);
  });

  it.each([
    // words whose second character is no given-name character
    '马上',
    '何时',
    '方便',
    '陈皮',
    '江湖',
    // a first-of-two character alone (王子涵 but not 车子), and a second one that is not common
    '车子',
    '何家',
    '张春花',
    // words, brands and places whose characters read like a name
    '高兴',
    '明明',
    '房东',
    '杨梅',
    '欧美',
    '全文',
    '国宝',
    '方才',
    '李宁',
    '罗森',
    '周大福',
    '黄山',
    '金华',
    '龙华',
    '张江',
    '何文田',
    '陆家嘴',
    '张家口',
  ])('%j does not', (run) => {
    expect(likely(run)).toBe(false);
  });

  it('reads only one or two given characters', () => {
    expect(likely('王')).toBe(false);
    expect(givenNameLikely('王芳芳芳', 0, 1, 4)).toBe(false);
  });
});

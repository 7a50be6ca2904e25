// A department or a team after a name label is no person (收件人：客服部, 运营组, 安保部), nor is the
// desk itself (客服) or everyone (全体员工); a name before a title (李明组长, 王芳部长) ends before
// the title. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found } from '../support/detect-findings.js';

const names = (text: string) => found(text, 'name');

describe('a department or a team after a name label', () => {
  it.each([
    '收件人：客服部',
    '收件人：客服',
    '收件人：安保部',
    '收件人：商务部',
    '联系人：运营组',
    '收件人：陶瓷组',
    '收件人：全体员工',
    '发件人: 郑雅琴\n发送时间: 2026年12月7日\n收件人: 客服部\n主题: 包裹延误',
  ])('%j has no name but a person', (text) => {
    expect(names(text)).toEqual(text.includes('郑雅琴') ? ['郑雅琴'] : []);
  });

  it.each([
    ['收件人：王建华', '王建华'],
    ['请找王芳部长签字', '王芳'],
    ['收件人：李明 组长', '李明'],
    ['联系人：欧阳娜娜', '欧阳娜娜'],
  ])('%j still finds the person', (text, name) => {
    expect(names(text)).toEqual([name]);
  });
});

describe('time', () => {
  it.each(['收件人：客服部，', '组长部长', '收件人：运营组\n'])('grows linearly for repeated %j', (unit) => {
    expectRedactLinear(unit);
  });
});

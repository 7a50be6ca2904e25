// A person label written without its colon (name-context.ts, spaced-labels.ts): a dash, an arrow,
// a slash or a bracket where the colon would be (联系人——魏晨, 收件人->徐小凤, 联系人(方毅)), and a
// label whose characters OCR or a form's layout spread out with spaces (收 件 人 ：蒋红梅, 姓 名：
// 夏琳); the words, places and notes that follow such labels stay text. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found } from '../support/detect-findings.js';

const names = (text: string) => found(text, 'name');

describe('a strong label with a mark where its colon would be', () => {
  it.each([
    ['联系人——魏晨', '魏晨'],
    ['联系人 —— 郑中基', '郑中基'],
    ['收件人 / 贾峰', '贾峰'],
    ['联系人(方毅)', '方毅'],
    ['联系人（方毅）', '方毅'],
    ['收件人->徐小凤', '徐小凤'],
    ['寄件人-韦青-13812345678', '韦青'],
    ['收货人|柴静|浙江', '柴静'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each([
    '收件人(必填)',
    '联系人(姓名)',
    '收件人/寄件人',
    '收件人-电话',
    '联系人/手机',
    '收件人(单位)',
    '联系人（公司名称）',
    '收件人(本人)',
    '收件人——签字',
    '收件人/地址/电话',
    '联系人-华为客服',
    '收件人(门卫代收)',
    '收件人(前台)',
    '收件人/物业',
    '联系人(家人)',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('a person label spread out with spaces', () => {
  it.each([
    ['收 件 人 ：蒋红梅 电话:139****1234', '蒋红梅'],
    ['收 件 人：曾志伟', '曾志伟'],
    ['姓 名：夏琳', '夏琳'],
    ['寄\u3000件\u3000人：卓文', '卓文'],
    ['联 系 人: 邝美', '邝美'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each(['收 件 人：上海市浦东新区', '姓 名：电话', '收 件 人 人民路', '收 件 人：本人'])(
    '%j has no name after a spread-out label',
    (text) => {
      expect(names(text)).toEqual([]);
    },
  );
});

describe('redacting these names', () => {
  it.each(['联系人——魏晨', '收件人->徐小凤', '收 件 人 ：蒋红梅', '姓 名：夏琳'])(
    '%j is masked once and stays as it is when redacted again',
    (text) => {
      const once = redact(text).text;
      expect(once).not.toBe(text);
      expect(redact(once).text).toBe(once);
    },
  );
});

describe('these rules cost time linear in the text', () => {
  const units = ['联系人——魏晨，', '收件人———', '收 件 人 ：蒋红梅 ', '收 件 人 ', '姓 名：', '人 人 人 '];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

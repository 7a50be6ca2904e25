// A full name right before an honorific (honorific-names.ts): 先生 / 女士 / 小姐 after a surname
// and a given name that is not a word, brand or place, 师傅 after one whose given name reads as
// one; a bare surname with its honorific stays (the masker keeps it), and the words, trades and
// places before an honorific stay text. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found } from '../support/detect-findings.js';

const names = (text: string) => found(text, 'name');

describe('a full name before an honorific', () => {
  it.each([
    ['岑志明先生的件放在门卫', '岑志明'],
    ['柯秀英女士来电投诉延误', '柯秀英'],
    ['请詹伟先生核对签收信息', '詹伟'],
    ['阮静怡小姐要求下午送', '阮静怡'],
    ['麻烦通知庞子怡女士到前台', '庞子怡'],
    ['请司徒浩先生出示取件码', '司徒浩'],
    ['上官婉清女士的包裹已到驿站', '上官婉清'],
    ['卞晓雯女士，您的快件已签收', '卞晓雯'],
    ['快递员说罗志强先生不在家', '罗志强'],
    ['黎明辉先生来电，件未收到', '黎明辉'],
    ['吴磊师傅，件放哪', '吴磊'],
    ['麦国栋师傅的车在门口', '麦国栋'],
    ['请甘华先生签收', '甘华'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });
});

describe('a bare surname, a post, a trade or a word before an honorific stays text', () => {
  it.each([
    '王先生的件放在门卫',
    '欧阳女士的件',
    '那位女士说放门口',
    '这位先生请稍等',
    '各位女士先生',
    '安装师傅明天上门',
    '修理师傅来了',
    '司机师傅在楼下',
    '维修师傅电话多少',
    '保安师傅帮忙签收',
    '空调师傅下午到',
    '物业师傅代收',
    '前台小姐签收的',
    '快递小哥放门口了',
    '老先生不会用手机',
    '事先生成的单号',
    '原先生产日期',
    '首先生成运单',
    '女士优先',
    // a bare surname after an address's word (unit 1's Mr Wang)
    '3号楼1单元王先生',
    '2单元王女士收',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('redacting these names', () => {
  it.each(['岑志明先生的件放在门卫', '交给柯秀英女士', '吴磊师傅，件放哪', '黎明辉先生来电'])(
    '%j is masked once and stays as it is when redacted again',
    (text) => {
      const once = redact(text).text;
      expect(once).not.toBe(text);
      expect(redact(once).text).toBe(once);
    },
  );
});

describe('the rule costs time linear in the text', () => {
  const units = ['岑志明先生的件，', '先生先生', '司徒司徒先生', '女士小姐师傅', '王先生'];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

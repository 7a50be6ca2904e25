// Names in call notes and after-sales chat (running-names.ts): the subject before what the person
// did or asked (没接, 反映, 要求, 表示, 称, 来电, a time word) and the person called (致电, 呼叫,
// 回访, 打给, 联系) when the call ends the clause or went unanswered; the same words after
// places, brands, carriers and desks stay text. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found } from '../support/detect-findings.js';

const names = (text: string) => found(text, 'name');

describe('the subject of a call note or a complaint', () => {
  it.each([
    ['今天钟丽没接电话，明天再派', '钟丽'],
    ['唐婉清反映外包装破损', '唐婉清'],
    ['冯涛下午会来自提', '冯涛'],
    ['回访：符雪表示满意', '符雪'],
    ['通话备注：谢宇航要求晚上七点后派送', '谢宇航'],
    ['刘德明投诉快递员态度差', '刘德明'],
    ['韩梅梅今天不在家', '韩梅梅'],
    ['庄秀芹称已收到', '庄秀芹'],
    ['覃佳来电说地址写错了', '覃佳'],
    ['快递员说罗志强已经签收了', '罗志强'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });
});

describe('the person called', () => {
  it.each([
    ['致电彭丽华无人接听，短信已发', '彭丽华'],
    ['呼叫叶丽仪无应答', '叶丽仪'],
    ['联系钱伟未接', '钱伟'],
    ['回访孙婷，表示满意', '孙婷'],
    ['致电黄凯芹，电话关机', '黄凯芹'],
    ['找郭靖签字', '郭靖'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });
});

describe('places, brands, carriers and desks in the same places stay text', () => {
  it.each([
    '黄山明天有雨，晚点派送',
    '华为表示下周补货',
    '李宁要求退货的那单',
    '周一下午送',
    '周日上午不派件',
    '金华明天有雨',
    '方便的话明天送',
    '高明天上午到',
    '马上下午就到',
    '白云下午航班延误',
    '张江今天封路',
    '平安反馈理赔进度',
    '温州来电要求改地址',
    '常州反映延误',
    '顺丰回复说明天到',
    '中通称已发出',
    '天猫表示已退款',
    '百世没发货',
    '致电客服',
    '呼叫中心',
    '回访电话',
    '联系不上',
    '打给客服',
    '致电前台无人接听',
    '联系物业未接',
    '呼叫驿站无应答',
    '回访客户满意',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('redacting these names', () => {
  it.each(['唐婉清反映外包装破损', '致电彭丽华无人接听', '冯涛下午会来自提'])(
    '%j is masked once and stays as it is when redacted again',
    (text) => {
      const once = redact(text).text;
      expect(once).not.toBe(text);
      expect(redact(once).text).toBe(once);
    },
  );
});

describe('the words of this rule cost time linear in the text', () => {
  const units = [
    '唐婉清反映',
    '反映反映',
    '致电彭丽华无人',
    '致电致电',
    '冯涛下午',
    '下午下午',
    '说说罗志强已',
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

// Names in running text with no label (running-names.ts): the subject before a courier verb or
// a parcel, the object after a hand-over or a request, kept only when the run reads as a name by
// its own characters (given-names.ts); and the words, places, brands and shops in the same places
// that must stay text. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found } from '../support/detect-findings.js';

const names = (text: string) => found(text, 'name');

describe('a name as the subject before a courier verb or a parcel', () => {
  it.each([
    ['孙悦的件放哪了？', '孙悦'],
    ['唐亮的件前天就到了', '唐亮'],
    ['陈晓东签收了吗？', '陈晓东'],
    ['杨婷婷代收了两件', '杨婷婷'],
    ['方静说放门口就行', '方静'],
    ['老地方，曹丽说她下午在', '曹丽'],
    ['昨天那单是司徒雅琴签收的', '司徒雅琴'],
    ['上周是欧阳俊杰代收的吧', '欧阳俊杰'],
    ['是林佳慧签的字', '林佳慧'],
    ['下午许嘉怡拿走了', '许嘉怡'],
    ['刚才邓雨萱取走了', '邓雨萱'],
    ['聽陳志豪說放門口', '陳志豪'],
    ['快递——郑海燕说明天到', '郑海燕'],
    ['韦俊峰已签收', '韦俊峰'],
    ['邵美琪在家吗？', '邵美琪'],
    ['请问潘志明在吗', '潘志明'],
    ['汪俊杰的电话打不通', '汪俊杰'],
    ['卢志刚拒收了', '卢志刚'],
    ['吕佳欣不在家', '吕佳欣'],
    ['那位孔德明说放前台', '孔德明'],
    ['程浩然打电话说晚点到', '程浩然'],
    ['贺晓玲电话打不通', '贺晓玲'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });
});

describe('a name as the object of a hand-over or a request', () => {
  it.each([
    ['麻烦把件交给了罗晓燕', '罗晓燕'],
    ['东西已经给了黄志强', '黄志强'],
    ['这单交给谢雨桐处理', '谢雨桐'],
    ['这个件让王芳来取', '王芳'],
    ['找郭俊辉拿一下钥匙', '郭俊辉'],
    ['你问下郑丽娟在不在家', '郑丽娟'],
    ['帮许文涛收一下', '许文涛'],
    ['叫冯明轩下楼拿件', '冯明轩'],
    ['请蒋雪梅到前台领件', '蒋雪梅'],
    ['这件是何建华的。', '何建华'],
    ['件轉給了梁嘉欣', '梁嘉欣'],
    ['转交给了曾子墨', '曾子墨'],
    ['找一下金海波', '金海波'],
    ['今天是韩丽娜值班', '韩丽娜'],
    ['和谭雪莹确认过了', '谭雪莹'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });
});

describe('words, places, brands and shops in the same places stay text', () => {
  it.each([
    // words that start with a surname character
    '马上签收',
    '何时签收？',
    '方便的话放前台',
    '高兴的是件到了',
    '明明说好了放门口',
    '于是说放前台',
    '是房东代收的',
    '是宿管代收的',
    '是孙子签收的',
    '高峰期签收慢',
    '是金色的',
    '这箱是杨梅的',
    '欧美的件还在清关',
    '由于时间关系',
    '由高到低排好',
    '居然说放门口',
    '方才说的那个件到了',
    '明明已签收',
    '余额已退回',
    '房东电话打不通',
    '公司电话打不通',
    '周末不在家',
    '明天在家吗',
    '公司的电话打不通',
    '金山的地址对吗',
    '和物业确认过',
    '和京东确认',
    '是物业值班',
    '那位司机说',
    // couriers, lockers and people by their post
    '由韵达代收',
    '由丰巢代收',
    '交给了前台',
    '把件交给了物业',
    '问一下时间',
    '找不到人',
    '让司机来取',
    // places
    '黄山的件到了',
    '金华的件都到了',
    '龙华的件到了',
    '何文田的件今天派',
    '陆家嘴的件放前台',
    '张家口的件明天到',
    '张江的件放驿站',
    '柏林的件还在路上',
    // brands and shops
    '李宁的件已签收',
    '国美的件明天到',
    '罗森的件放柜子里',
    '张亮麻辣烫的外卖到了',
    '康师傅的件',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe("a parcel's or a takeaway's owner", () => {
  it.each([
    ['周婷的外卖到了', '周婷'],
    ['韩子轩的外卖放门口', '韩子轩'],
    ['殷丹的快递到了', '殷丹'],
    ['蒋晓红的包裹在驿站', '蒋晓红'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each([
    // a takeaway is named by its shop: only a run that reads as a name counts
    '海底捞的外卖到了',
    '杨国福的外卖放门口',
    '麦当劳的外卖',
    '黄焖鸡的外卖凉了',
    // a parcel: brands and places that read like a name
    '周大福的快递到了',
    '潘婷的包裹',
    '李宁的快递今天到',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('a weak context word before a surname and a word', () => {
  it('does not make a name of a surname and a character names are not written with', () => {
    expect(names('叫车来取')).toEqual([]);
    expect(names('给车来了吗')).toEqual([]);
  });

  it('still finds the name after it', () => {
    expect(names('叫车建华来取')).toContain('车建华');
    expect(names('给王芳打电话')).toContain('王芳');
  });
});

describe('redacting these names', () => {
  it.each(['把件交给了欧阳晓峰', '是司马静怡签收的', '刘洋说放前台', '王芳签收了，李娜说放前台，交给了张伟'])(
    '%j is masked once and stays as it is when redacted again',
    (text) => {
      const once = redact(text).text;
      expect(once).not.toBe(text);
      expect(redact(once).text).toBe(once);
    },
  );
});

describe('the rules of this file cost time linear in the text', () => {
  const units = [
    '孙悦的件',
    '的件的件',
    '是司马静怡签收的',
    '交给了罗晓燕，',
    '交给交给了',
    '让王芳来取',
    '让让让让',
    '曹丽说，',
    '说说说说',
    '是是是是',
    '由高洁代收',
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

// Names where a verb says "person", with no label before them: after a verb that passes a job or
// a message on (转告 告诉 安排 改由 交由), between 跟 / 同 and a verb of speaking, after a bare 人
// that is no role (人叫…); names written with 栋 and the surname 傅; the code a same-day courier
// asks for at the door (收件码); and the look-alikes in the same places. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found, phones } from '../support/detect-findings.js';

const names = (text: string) => found(text, 'name');

describe('a name after a verb that passes a job or a message on', () => {
  it.each([
    ['麻烦转告周婷，她的蛋糕改到周六送', '周婷'],
    ['请告诉林涛一声，件放前台了', '林涛'],
    ['下午安排邵子健上门取退货', '邵子健'],
    ['这一片改由蒋文博来派', '蒋文博'],
    ['投诉件交由何静处理', '何静'],
    ['轉告葉嘉欣，件已到', '葉嘉欣'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each([
    '安排好了，明天送',
    '今天改由顺丰配送',
    '今天改由申通来派',
    '安排车辆上门',
    '安排时间上门取件',
    '交由物业处理',
    '告诉大家一声',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('a name between 跟 / 同 and a verb of speaking', () => {
  it.each([
    ['你跟马上飞说一下，件到了', '马上飞'],
    ['麻烦跟王芳讲一声', '王芳'],
    ['我同陈立说好了', '陈立'],
    ['你跟诸葛明远联系一下', '诸葛明远'],
    ['跟欧阳倩确认过地址了', '欧阳倩'],
    // two-character names that are also words, where the frame says person
    ['我跟安然说过了', '安然'],
    ['你跟文静说一下', '文静'],
    ['同宁静讲一声', '宁静'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each([
    '跟平时说的一样',
    '跟高兴说',
    '跟高兴地说',
    '跟单员说一下',
    '你跟马上说一下',
    '跟江湖讲义气',
    '跟进一下',
    // people by their role or group, and a word that is also a company (平安, the insurer)
    '跟大家说一下',
    '跟客服说了',
    '跟领导说',
    '跟对方说',
    '我跟平安说了',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('a name after 叫 that follows a bare 人', () => {
  it.each([
    ['号码忘了，人叫聂海涛', '聂海涛'],
    ['那个人叫孟凡宇，住三楼', '孟凡宇'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each(['这个人叫不醒', '有人叫外卖'])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('names written with 栋 or with the surname 傅, and closings that are no names', () => {
  it.each([
    ['林国栋\t13588120000\t3件', '林国栋'],
    ['收件人：李家棟，电话13812340000', '李家棟'],
    ['收件人：王振栋先生', '王振栋'],
    ['骑手傅宏伟已取餐，正在赶往您的地址', '傅宏伟'],
    ['寄件人：傅佳 13912340000', '傅佳'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each([
    '金地花园5栋 13812340000',
    '万科城3栋 1单元',
    '刘师傅13812340000',
    '麻煩轉交，電話 13912340000，謝謝',
    '电话 13912340000，感谢',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('the code a same-day courier asks the receiver for', () => {
  it.each([
    ['【闪送】闪送员正在为您服务，收件码4817', '4817'],
    ['骑手到门口时请出示收货码：526113', '526113'],
    ['收件验证码 0392，请勿告诉他人', '0392'],
  ])('%j finds the code', (text, code) => {
    expect(found(text, 'pickupCode')).toEqual([code]);
  });

  it('a receiver label before a phone is no code', () => {
    expect(found('收件人电话13812340000', 'pickupCode')).toEqual([]);
    expect(found('收件人电话13812340000', 'phone')).toEqual(['13812340000']);
  });
});

describe('names under the keys nm, fromUser and toUser, and after user / operator in an audit line', () => {
  it.each([
    ['{"waybillNo":"SF1234567890","receiver_nm":"蔡思远","receiver_mob":"13612340000"}', '蔡思远'],
    ['nm=邱晓燕 mb=18712340000', '邱晓燕'],
    ["INSERT INTO t_sender(nm, mb) VALUES ('沈一鸣', '13712340000');", '沈一鸣'],
    ['{"fromUser":"卢静怡","msg":"放门口吧","toUser":"许泽宇"}', '卢静怡'],
    ['{"fromUser":"卢静怡","msg":"放门口吧","toUser":"许泽宇"}', '许泽宇'],
    ['{"cust_nm":"Zhang Wei"}', 'Zhang Wei'],
    ['audit: user 钟明辉 (uid 20481) exported 88 rows', '钟明辉'],
    ['operator 江海波 logged in at 09:12', '江海波'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each([
    '{"op":"DELETE ROW","nm":"Test Item"}',
    'op=update nm=widget fromUser=system',
    '{"toUser":"oAbC123xyz","fromUser":"gh_0a1b2c"}',
    'user Admin logged in',
    'user root failed login',
    'the user interface froze',
    'ts=1762050012345 span=18093312004 parent=18093312001 op=label.print',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('the sender before 寄给 / 寄来, and a parcel asked after by its owner', () => {
  it.each([
    ['这个件是诸葛明远寄给上官婉清的', '诸葛明远'],
    ['王芳寄来的包裹还没到', '王芳'],
    ['是蒋文博寄過來的嗎', '蒋文博'],
    ['帮我查一下龚建平的快递', '龚建平'],
    ['问下孙倩的包裹到哪了', '孙倩'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each([
    '从哈尔滨寄来的',
    '公司寄来的文件',
    '顺丰寄给我的',
    '黄山寄来的茶叶',
    '江湖寄来的',
    '查一下王府井的快递',
    '帮我查一下京东的快递',
    '查下江湖的包裹',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('the speakers of a chat transcript', () => {
  it('finds every speaker of a dialogue where one speaks twice', () => {
    const text = '韩梅：到了吗\n李雷：还没，堵车\n韩梅：好，我在门口等';
    expect(names(text)).toEqual(['韩梅', '李雷', '韩梅']);
  });

  it('reads speakers with Latin words and after carriage returns', () => {
    const text = '周婷: ok 我下楼\r\n邵子健: 在门口\r\n周婷: 来了';
    expect(names(text)).toEqual(['周婷', '邵子健', '周婷']);
  });

  it.each([
    '车型：大众\n颜色：红色\n车型：丰田',
    '黄山：晴\n杭州：雨\n黄山：多云',
    '金额：100\n费用：20\n金额：80',
    // two lines only: no speaker is seen twice
    '江湖：好\n高兴：行',
  ])('%j has no speaker', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('a full name in brackets after the same surname and an honorific', () => {
  it.each([
    ['吴先生（吴国华）要求改派到公司', '吴国华'],
    ['欧阳小姐（欧阳倩）已签收', '欧阳倩'],
    ['请联系何女士（何晓雯），她在前台', '何晓雯'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each(['王先生（周末送）', '张先生（备注：周末）', '张先生（张）', '刘女士（到付）'])(
    '%j has no name',
    (text) => {
      expect(names(text)).toEqual([]);
    },
  );
});

describe('a record row whose status follows a person and a phone', () => {
  it.each([
    ['王小明,13426010000,已签收', '13426010000'],
    ['YT8800112233,黎晓,15912340000,派送中', '15912340000'],
    ['何静\t18612340000\t已揽收', '18612340000'],
    ['欧阳倩|13712340000|已退回', '13712340000'],
  ])('%j keeps the phone', (text, phone) => {
    expect(phones(text)).toEqual([phone]);
  });

  it.each(['13426010000,已签收', '查一下,13426010000,已签收', '顺丰,13426010000,已签收'])(
    '%j is still a parcel number',
    (text) => {
      expect(phones(text)).toEqual([]);
    },
  );
});

describe('a mobile spaced digit by digit inside dash-joined groups', () => {
  it.each([
    ['加V 1 8 7 - 2 0 9 4 - 6 3 1 5 找我', '1 8 7 - 2 0 9 4 - 6 3 1 5'],
    ['电话 1 3 9-1 2 3 4-0 0 0 0', '1 3 9-1 2 3 4-0 0 0 0'],
    ['call 158 - 1234 - 0000 now', '158 - 1234 - 0000'],
  ])('%j is a phone', (text, phone) => {
    expect(phones(text)).toEqual([phone]);
  });

  it.each([
    '第 1 - 2 - 3 页',
    '版本 1 3 - 5 2 - 0 0 1 - 2 3 4',
    '1 8 7 - 2 0 9 4 - 6 3 1 5 5 6',
    '比分 1 - 3 - 8 - 5',
  ])('%j is no phone', (text) => {
    expect(phones(text)).toEqual([]);
  });
});

describe('the rules of this file cost time linear in the text', () => {
  const units = [
    '转告周婷，',
    '安排安排',
    '跟王芳说',
    '跟跟同同',
    '人叫聂海涛',
    '林国栋 ',
    '收件码4817 ',
    '收收收件',
    'nm=邱晓燕 ',
    '"fromUser":"卢静怡",',
    'user 钟明辉 ',
    '吴先生（吴国华）',
    '（（先生（',
    '王小明,13426010000,已签收\n',
    '王,王,1,已签收,',
    '1 8 7 - 2 0 9 4 - 6 3 1 5 ',
    '1 - 1 - ',
    '1 -  - 1 ',
    '是王芳寄给',
    '寄给寄来',
    '查一下王芳的快递',
    '韩梅：到了吗\n',
    '韩梅：到了\n李雷：好\n',
    '：：\n：',
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

// Conversations and colloquial notes: a number that answers the previous turn's request for a
// waybill or order number (请问单号是 → 呃 A), Chinese keys people and warehouses write (定单,
// 原单, 补发单, 退换货申请, 批次, 上架记录, 拦截件, 訂單編號), one parcel pointed at or owned right before
// a number (你这个单 A, 我嘅件 A, 查下張單 A), a denied personal key after a label (是快递单号不是手机号),
// the object of a verb of handling parcels (正在派送A, 扫描 A, 打单打到A), short ids enumerated after
// their label (订单17011、17012和A); phones read out in spoken groups of Chinese numerals, family
// and friends as name context, and 送到/寄往 between two addresses. Every rule is tested the
// other way round: the same structure with a real phone stays found. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found, phones } from '../support/detect-findings.js';

const A = '13812345678';
const B = '13912345678';

const names = (text: string) => found(text, 'name');
const addresses = (text: string) => found(text, 'address');

describe('a number answering a request for a waybill, order or ticket number', () => {
  it.each([
    `客服：请问单号是\n用户：${A}`,
    `坐席：麻烦报一下运单号\n来电：呃 ${A}`,
    `客服：订单号多少？\n买家：嗯，${A}`,
    `客服：工单号发我一下\n用户：${A}`,
    `卖家：亲 快递单号呢？\n我：${A}`,
    `[微信] 2026-01-02 10:01 客服: 你的订单编号是多少\n[微信] 2026-01-02 10:02 用户: ${A}`,
    `张三：售后单号发我\n李四：好的 ${A}`,
    `请问订单号是多少？\n${A}`,
    `客服：你嘅單號係幾多？\n客人：${A}`,
    `客服：单号给一下\n用户：${A}`,
    `客服：订单号多少呀亲\n用户：${A}`,
    `客服：麻烦把运单号发给我\n用户：${A}`,
    `客服：请问订单号是多少？\n用户：我的是 ${A}`,
    // turns pasted on one line
    `客服：订单号呢？用户：${A}`,
    `坐席：请问运单号是？ 来电：嗯 ${A}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    // the request was for a phone, or named one, or the answer says whose it is
    [`客服：请问收件人电话？\n用户：${A}`, [A]],
    [`客服：留个电话吧\n买家：${A}`, [A]],
    [`客服：手机号多少？\n用户：${A}`, [A]],
    [`客服：单号和手机号发我一下\n用户：${A}`, [A]],
    [`客服：订单号多少？\n用户：${A} 这是我电话`, [A]],
    [`客服：订单号多少？\n用户：${A} 打这个就行`, [A]],
    [`客服：单号多少？\n用户：${A} 张三`, [A]],
    // no request: a statement about a waybill
    [`客服：单号已签收\n用户：${A}`, [A]],
    [`运单号：\n${A}　王芳`, [A]],
    // the answer is not alone in its turn
    [`客服：单号是？\n用户：我电话 ${A}`, [A]],
    [`客服：单号是？\n用户：我的手机是 ${A}`, [A]],
    [`客服：电话呢？用户：${A}`, [A]],
    [`客服：订单号呢？用户：${A} 这是我电话`, [A]],
    // a name and a colon after a question are no speaker's turn
    [`订单号呢？张三：${A}`, [A]],
    // two turns back is out of reach
    [`客服：单号是？\n用户：等下\n用户：${A}`, [A]],
  ])('%s stays a phone', (text, want) => {
    expect(phones(text)).toEqual(want);
  });

  it('an order number asked for after a phone: only the phone is found', () => {
    expect(phones(`客服：请问收件人电话？\n用户：${A}\n客服：订单号呢？\n用户：${B}`)).toEqual([A]);
  });
});

describe('phones read out in spoken groups of Chinese numerals', () => {
  it.each([
    ['来电：我电话是 幺五零 三七二八 九四六一', '幺五零 三七二八 九四六一'],
    ['你记一下 一八六 零三二七 五九四一 这个是我手机', '一八六 零三二七 五九四一'],
    ['号码一三八-一二三四-五六七八', '一三八-一二三四-五六七八'],
    ['手机幺三两　一二三四　五六七八', '幺三两　一二三四　五六七八'],
    ['一三八一二三四五六七八', '一三八一二三四五六七八'],
  ])('%s: the whole spoken span', (text, want) => {
    expect(phones(text)).toEqual([want]);
  });

  it('redact masks every group of the spoken span', () => {
    const out = redact('我电话是 幺五零 三七二八 九四六一 谢谢').text;
    for (const group of ['幺五零', '三七二八', '九四六一']) expect(out).not.toContain(group);
    expect(out).toContain('谢谢');
  });

  it('a waybill read out the same way after its label is not a phone', () => {
    expect(phones('我电话是 一五八 二零六三 七四一九 单号是 一五八 二零六三 七九一四')).toEqual([
      '一五八 二零六三 七四一九',
    ]);
  });

  it.each([
    '一三八 一二三四 五六七', // one numeral short
    '一三八 一二三四 五六七八九', // one too many
    '二三八 一二三四 五六七八', // no mobile prefix
  ])('not a mobile: %s', (text) => {
    expect(phones(text)).toEqual([]);
  });
});

describe('keys that people and warehouses write for non-personal numbers', () => {
  it.each([
    `批次${A} 共计138件`,
    `波次号：${A}`,
    `定单${A}到底什么时侯发货`,
    `补发单号：${B}（原单${A}）请查收`,
    `拦截件：${A}、${B}，别派`,
    `异常件 ${A}`,
    `您的退换货申请${A}已通过`,
    `退款申请 ${A}`,
    `上架记录：${A} 2-4-117`,
    `訂單編號：${A}`,
    `貨號 ${A}`,
    `工單號 ${A}`,
    // Cantonese 係 between a label and its number
    `單號係 ${A}`,
    `運單號碼係：${A}`,
    // pinyin-input homophones of 单 and 踪
    `运丹号 ${A}`,
    `订丹号${A}`,
    `跟宗号 ${A}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    [`原单联系人 ${A}`, [A]],
    [`补发单收件人电话：${A}`, [A]],
    [`退款申请人 ${A}`, [A]],
    [`李丹 ${A}`, [A]],
    [`我電話係 ${A}`, [A]],
    [`呢個件係${A}寄嘅`, [A]],
    [`牡丹 ${A}`, [A]],
  ])('a personal key built on them stays a phone: %s', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('one parcel or order pointed at or owned right before the number', () => {
  it.each([
    `亲 你这个单${A} 申请的是仅退款`,
    `那个单 ${A} 尾号5678 的 你看下`,
    `你好，我嘅件 ${A} 去咗邊度？`,
    `唔該幫我查下張單 ${A}`,
    `您的包裹${A}已到驿站`,
    `呢個件 ${A}`,
    `这个号${A}是快递单号不是手机号`,
    `${A}是运单号并非电话`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    [`这个件是${A}寄的`, [A]],
    [`他的件 ${A}`, [A]],
    [`张单 ${A}`, [A]],
    [`这个快递员 ${A}`, [A]],
    [`${A}是手机号不是快递单号`, [A]],
  ])('%s stays a phone', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('a parcel that has arrived where its receiver collects it', () => {
  it.each([`超商取貨 ${A} 已到店 請於七日內取件`, `${A}已入柜`, `取件 ${A} 已到驿站`])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    [`张三 ${A} 已到店`, [A]],
    [`客户 ${A} 已到店`, [A]],
    [`有事打${A}，已到店`, [A]],
  ])('%s stays a phone', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('the object of a verb of handling parcels', () => {
  it.each([
    `快递员韩磊正在派送${A}，请留意`,
    `今天打单打到${A}这里打印机卡纸了`,
    `扫描 ${A}`,
    `拦截${A}`,
    `上架 ${A} 到 2-4-117`,
    `出库 ${A}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    [`已派送 ${A}`, [A]],
    [`被拦截 ${A}`, [A]],
    [`扫描 ${A} 张三`, [A]],
    [`拦截${A}，是我电话`, [A]],
    [`有事打到${A}`, [A]],
    [`快递员正在派送，电话${A}`, [A]],
  ])('%s stays a phone', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('short ids enumerated after their label', () => {
  it.each([`订单17011、17012和${A}合并发货`, `订单17011 、 17012 、 ${A}`])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    [`邮编266071、${A}`, [A]],
    [`订单17011和${A}`, [A]],
    [`订单17011，电话${A}`, [A]],
  ])('%s stays a phone', (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('names and addresses in chat', () => {
  it.each([
    [`收件人是我妈 周秀兰 她电话 ${A}`, ['周秀兰']],
    [`我朋友郑梦瑶帮我代收 她手机${A}`, ['郑梦瑶']],
    ['我老婆王芳会来拿', ['王芳']],
    ['业主李娜帮忙收一下', ['李娜']],
  ])('%s', (text, want) => {
    expect(names(text)).toEqual(want);
  });
  it.each(['我妈说放门口就行', '朋友圈里有人说丢件了', '我朋友帮我拿一下'])('no name: %s', (text) => {
    expect(names(text)).toEqual([]);
  });
  it('送到 between two addresses gives two', () => {
    expect(addresses('从天河区体育西路191号送到越秀区北京路步行街12号')).toEqual([
      '天河区体育西路191号',
      '越秀区北京路步行街12号',
    ]);
  });
});

describe('the rules of this file cost time linear in the text', () => {
  const units = [
    `客服：请问单号是？\n用户：呃 ${A}\n`,
    `客服：订单号呢？用户：${A}`,
    '？客服：？客服：？客服：',
    `超商取貨 ${A} 已到店 `,
    '客服：单号多少？\n用户：嗯，嗯，嗯，',
    '单号是多少？？？？？？？？？\n',
    `你这个单${A} `,
    `正在派送${A}，`,
    '打单打到打单打到',
    '订单17011、17012、',
    '幺五零 三七二八 九四六一 ',
    '一三八 一二三四 ',
    '我朋友郑梦瑶帮我',
    '天河区体育西路191号送到',
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

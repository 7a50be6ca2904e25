// Numbers allocated in blocks (number-blocks.ts): two different mobile-shaped numbers of one text
// that share their first eight digits, or one that shares them with a number a label took away,
// are serials (waybills, orders, tickets, bags, chute ranges), not phones, unless something ties
// that number to someone. Every rule is tested the other way round: a family's consecutive numbers
// written with names, phone words or phone keys stay phones. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { type AuditEvent, createAuditLog, memorySink } from 'courier-pii/audit';
import { redact, redactJson } from 'courier-pii/mask';
import { isPiiError } from '../../src/errors.js';
import { found, phones } from '../support/detect-findings.js';
import { expectRedactLinear, fastest } from '../support/linear-growth.js';

describe('two numbers of one block, tied to no one, are serials', () => {
  it.each([
    // JSON arrays of rows
    '{"rows":[["13612340017","A区",2],["13612340090","B区",1]]}',
    '[{"k":"15533310402"},{"k":"15533310477"}]',
    // key=value ranges and flat records
    'range_start=14701234001 range_end=14701234500 chute=12',
    'seg|from=18800456100|to=18800456199|n=100',
    '{"a1":"15533310402","a2":"15533310477"}',
    'chute=7|first=17711100301|last=17711100388',
    // tables without a phone column
    '格口\t起始\t截止\n3\t17723450001\t17723450200',
    // arrows to shelf slots
    '17611120031 → A-3-07，17611120047 → A-3-08',
    '16619990120 -> B2, 16619990135 -> B3',
    '16600012345 → 3-1-201，16600012377 → 3-1-202',
    // prose: the two ends of a range
    'first bag 19955501201, last bag 19955501260',
    '19955501201 至 19955501260',
    '19955501260 to 19955501201',
    // three different numbers, in prose too
    '13800001234 / 13800001235 / 13800001299',
    // the numbers of the tests below, one per line, with nothing tying them to someone
    '13800001234\n13800001235',
    // written with separators and a country code: read by their digits
    '起 +86 177 2345 0001，止 177-2345-0200',
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it('takes one number that shares its block with a number a label took away', () => {
    expect(phones('ddh=15700012345 dup_of=15700012399')).toEqual([]);
    expect(phones('{"seq":"18266650710","prev":"18266650702","retry":2}')).toEqual([]);
    expect(phones('订单号：15700012345，补发 15700012388')).toEqual([]);
  });

  it('keeps the phone of a block tied to someone, and takes its untied siblings', () => {
    expect(phones('{"mobile":"15922220105","x1":"15922220180","x2":"15922220199"}')).toEqual(['15922220105']);
    // a record that gives its person's phone under a phone key: the other number is something else
    expect(
      phones(
        '[{"x":"13800001234","shr":"王五","shrdh":"13900001111"},{"x":"13800001299","shr":"赵六","shrdh":"13700002222"}]',
      ),
    ).toEqual(['13900001111', '13700002222']);
    const table =
      '收件人\t联系电话\t备注\n王芳\t15922220105\t15922220180 待复核\n周磊\t15966601234\t15922220199 已退回';
    expect(phones(table)).toEqual(['15922220105', '15966601234']);
  });
});

describe('numbers of one block that something ties to someone stay phones', () => {
  it.each([
    // a phone word or key before them, a list it heads
    '电话 13800001234 / 13800001235',
    '家里两个号码：13800001234、13800001235',
    '我和老婆的手机 13800001234 13800001235',
    '我妈的手机是15877790012，我爸的手机是15877790088',
    // an owner's word, a family word, a carrier's words for a main and a second SIM
    '她的：15811112021，15811112022',
    '我 13800001234 我老公 13800001235',
    '13800001234（本人）13800001235（家人）',
    '13800001234、13800001235（都是我的）',
    '主号13800001234 副号13800001235',
    '13800001234 (wife) 13800001235 (me)',
    'A: 13800001234 妈妈: 13800001235',
    'Contact: Mr Li 13800001234, Mrs Li 13800001235',
    '?mob1=13800001234&mob2=13800001235',
    // each its own key
    '{"tel1":"13800001234","tel2":"13800001235"}',
    'mobile_a=14701234001 mobile_b=14701234500',
    // a name beside each
    '张三 13800001234 李四 13800001235',
    '张三-17611120031 李四-17611120047',
    '张三 → 17611120031，李四 → 17611120047',
    'Zhang Wei 13800001234, Li Na 13800001235',
    '13800001234 张三\n13800001235 李四',
    // rows with a name column (with and without a header naming a phone column)
    '姓名,电话,备注\n张三,13800001234,老客户\n李四,13800001235,新客户',
    '张三,13800001234\n李四,13800001235',
    '{"rows":[["张三","13612340017",2],["李四","13612340090",1]]}',
    '姓名\t手机\n张三\t17723450001\n李四\t17723450200',
    // a record (JSON object or row, key=value line) that names its person
    '[{"name":"张三","m":"13800001234"},{"name":"李四","m":"13800001235"}]',
    '[{"m":"13800001234","n":"张三"},{"m":"13800001235","n":"李四"}]',
    '{"contacts":[{"name":"Li Na","v":"13800001234"},{"name":"Wang Fang","v":"13800001235"}]}',
    'name=张三 m=13800001234; name=李四 m=13800001235',
    // a phone word after them, a party's object, an answer to a request for a phone
    '13800001234 13800001235 是我们两口子的电话',
    '{"receiver":{"name":"王五","m":"13800001234"},"sender":{"name":"赵六","m":"13800001235"}}',
    '客服：请问收件人电话？\n用户：13800001234\n客服：备用的呢？\n用户：13800001235',
    // a call verb beside a labelled number of the same block
    '单号 13677702145 显示已签收但没收到，麻烦回电 13677702190',
  ])('%s', (text) => {
    const want = text.match(/1[3-9]\d{9}/g)!.filter((n) => n !== '13677702145');
    expect(phones(text)).toEqual(want);
  });

  it.each([
    '13800001234 / 13800001235',
    '其他 13800001234 13800001235',
    '13800001234 或 13800001235',
    '昨天入库的是15877790012，今天入库的是15877790088',
  ])('keeps two numbers of prose with no range between them (they may be one family): %s', (text) => {
    expect(phones(text)).toEqual(text.match(/1[3-9]\d{9}/g));
  });

  it('keeps one number alone, and one number written twice', () => {
    expect(phones('13800001234')).toEqual(['13800001234']);
    expect(phones('记录 13800001234 备份 13800001234')).toEqual(['13800001234', '13800001234']);
  });

  it('keeps two numbers that share only seven leading digits', () => {
    expect(phones('a=13800001234 b=13800012345')).toEqual(['13800001234', '13800012345']);
  });
});

// the digits of every mobile-shaped number of a text, as found (separators and +86 left out)
const mobiles = (text: string): string[] =>
  [...text.matchAll(/(?<![A-Za-z0-9])(?:\+86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?!\d)/g)].map((m) =>
    m[0].replace(/^\+86/, '').replace(/\D/g, ''),
  );
const phoneDigits = (text: string): string[] =>
  phones(text).map((p) => p.replace(/^\+86/, '').replace(/\D/g, ''));

describe('real phones sharing a block stay phones', () => {
  it.each([
    // a couple's, a family's consecutive SIM numbers, with notes of whose each one is
    '收件人：李梅 13912345678，她老公 13912345679 也可以签收',
    '13912340011 张先生\n13912340012 李女士',
    '13912340011（妈）\n13912340012（爸）',
    '13912340011，本人\n13912340012，家属',
    '13912340011 / 老王\n13912340012 / 小李',
    '老王\t13912340011\n小李\t13912340012',
    '13912340011 张总\n13912340012 李经理',
    '13912340011 | 阿姨\n13912340012 | 保安',
    '13912340011 (Li Lei)\n13912340012 (Han Mei)',
    '13912340011,Mom\n13912340012,Dad',
    '13912340011 | me\n13912340012 | my wife',
    // a number's standing among a person's numbers, its place and time
    '13912340011 备用\n13912340012 常用',
    '备用|13912340011\n常用|13912340012',
    '13912340011（新）\n13912340012（旧）',
    '13912340011\t白天\n13912340012\t晚上',
    '13912340011 - home\n13912340012 - office',
    'backup: 13912340011\nprimary: 13912340012',
    '13912340011(alt)\n13912340012(main)',
    '13912340011，微信\n13912340012，电话',
    '13912340011 前台\n13912340012 公司',
    // one number per line under a line naming people or phones, or over one speaking of them
    '收件人：赵敏\n13800180011\n13800180012',
    '赵敏\n13800180021\n13800180022',
    '联系人\n张先生\n13677120097\n13677120098',
    '13677120093\n13677120094\n这俩都是我的',
    '13620011240\n13620011241\n请任意拨打',
    // rows of an array under a key of people or contacts
    '{"contacts":[{"n":"李","m":"13651230044"},{"n":"王","m":"13651230045"}]}',
    '{"contacts": [ {"m":"13651230046"}, {"m":"13651230047"} ]}',
    // a text message reaches a phone
    '[INFO] notify sms to=13710098841 ok; fallback sms to=13710098842 ok',
    '短信通知 to=13710098843|tpl=arrive\n短信通知 to=13710098844|tpl=arrive',
    // keys of a personal identifier: a WeChat, QQ or Alipay account that is the phone
    '{"wechat":"13922001106","wechat_2":"13922001107"}',
    'wx=13922001108&alipay=13922001109',
    // a record of a call or a text message, which says so before the number
    'ts=1717300000 evt=call_out agent=7781 num=13512340003 result=busy; evt=call_out num=13512340004',
    'sms_log|to=15566778801|tpl=arrive|ok\nsms_log|to=15566778802|tpl=arrive|ok',
    '{"type":"外呼","n":"13512340005"},{"type":"外呼","n":"13512340006"}',
    // pinyin and callback keys of phones
    '{"jtdh":"13922001100","bgdh":"13922001101"}',
    'jjlxrdh=13922001102&zzdh=13922001103',
    '{"callbackNumber":"13922001104","callback_no":"13922001105"}',
    // written twice with other separators, with a relative's
    '打 139 1234 5678 或 139-1234-5670 都行',
    'Primary: +86 139 1667 2230  Secondary: +86 139 1667 2238',
    // three numbers counting in order after a call (a batch otherwise)
    '打 13800170011，13800170012，13800170013 任意一个',
    '不通打13800170021、13800170022、13800170023',
    // what already tied them, in other words: kept as it was
    '联系电话 15088234410，备用 15088234412',
    '新号：17721345502（旧号17721345509不用了）',
    '微信同号 15366218870，备用 15366218871',
    'Please call 15800341128 before delivery; backup number 15800341129.',
    '寄：陈建国 15921339901 上海市浦东新区\n收：陈小雨 15921339902 杭州市西湖区',
    '姓名\t手机\t地址\n赵六\t13344556601\t北京朝阳\n钱七\t13344556602\t北京海淀',
    '{"consignee_mobile":"15900012231","consignee_backup_mobile":"15900012232"}',
    '客服：请问收件人电话是多少？\n用户：13671234410，打不通的话打13671234411',
    '13677120147(白天) 13677120148(晚上)',
    '[{"name":"刘伟","phone":"13677120153"},{"name":"刘洋","phone":"13677120154"}]',
  ])('%s', (text) => {
    expect(phoneDigits(text)).toEqual(mobiles(text));
  });

  it.each([
    // notes of things, not of people: goods, states, a shelf slot, a word the note only begins
    '13912340011 家具\n13912340012 家电',
    '13912340011|新品\n13912340012|新品',
    '13912340011 新疆\n13912340012 新疆',
    '13912340011\t已入库\n13912340012\t已入库',
    // a line above or below that names no one, or names shipments
    '批次\n13912340011\n13912340012',
    '13912340011\n13912340012\n都已发货',
    '13912340011\n13912340012\n请打印',
    // three in order with no call before them, or printing (打印) rather than calling
    '13800170011，13800170012，13800170013',
    '打印 13800170011，13800170012，13800170013',
    // rows of an array under a key of things
    '{"rows":[{"k":"13651230044"},{"k":"13651230045"}]}',
    '{"orders":[{"n":"李","m":"13651230044"},{"n":"王","m":"13651230045"}]}',
    // the same log without a text message; a note word that keys the next value
    '[INFO] notify to=13710098841 ok; fallback to=13710098842 ok',
    'old=13912340011 new=13912340012',
    // records that are no call: no word of one, or a flag after the number
    'evt=scan_out num=13512340003; evt=scan_out num=13512340004',
    'seg|from=18800456100|to=18800456199|sms_sent=0',
    'log|to=15566778801|tpl=arrive|ok\nlog|to=15566778802|tpl=arrive|ok',
    '{"wave":"13922001106","wave_2":"13922001107"}',
    'range_start=14701234001 range_end=14701234500 sms=0',
  ])('still takes serials whose notes name no one: %s', (text) => {
    expect(phones(text)).toEqual([]);
  });
});

describe('what the block rule does not reach (docs/masking.md)', () => {
  it('a sibling glued into a code is no candidate, so it makes no block', () => {
    expect(phones('printer=ZD420-15544410010 no=15544410077')).toEqual(['15544410077']);
  });

  it('a phone whose record names a person but gives a phone under a key is read with its untied block', () => {
    const text = '{"x":"13800001234","name":"张三","tel":"13900001111"} {"y":"13800001299"}';
    expect(phones(text)).toEqual(['13900001111']);
  });
});

describe('through redact(), redactJson and the audit guard', () => {
  it('redact() leaves serials in clear and masks the phone beside them', () => {
    const r = redact('range_start=14701234001 range_end=14701234500 tel=13912345678');
    expect(r.text).toBe('range_start=14701234001 range_end=14701234500 tel=139****5678');
    expect(redact('张三 13800001234 李四 13800001235').text).toBe('张* 138****1234 李* 138****1235');
  });

  it('redactJson reads a block inside one string, and across the values of the JSON', () => {
    const { value } = redactJson({
      msg: 'seg|from=18800456100|to=18800456199|n=100',
      a1: '18800456100',
      a2: 18800456199,
      rows: [
        ['13612340017', 'A区', 2],
        ['13612340090', 'B区', 1],
      ],
      ddh: '15700012345',
      dup_of: '15700012399',
    });
    expect(value).toEqual({
      msg: 'seg|from=18800456100|to=18800456199|n=100',
      a1: '18800456100',
      a2: 18800456199,
      rows: [
        ['13612340017', 'A区', 2],
        ['13612340090', 'B区', 1],
      ],
      ddh: '15700012345',
      dup_of: '15700012399',
    });
  });

  it('redactJson keeps the values that a key, a party or a named record ties to someone', () => {
    const { value } = redactJson({
      tel1: '13800001234',
      tel2: '13800001235',
      receiver: { t: '13800001236' },
      phones: ['13800001237', '13800001238'],
      contacts: [
        { name: '张三', m: '13800001239' },
        { name: '李四', m: '13800001240' },
      ],
      rows: [['王五', '13800001241', 2]],
      lone: '13900009999',
    });
    expect(value).toEqual({
      tel1: '138****1234',
      tel2: '138****1235',
      receiver: { t: '138****1236' },
      phones: ['138****1237', '138****1238'],
      contacts: [
        { name: '张*', m: '138****1239' },
        { name: '李*', m: '138****1240' },
      ],
      // (a bare name in an array row has no context of its own: redactJson leaves it)
      rows: [['王五', '138****1241', 2]],
      lone: '139****9999',
    });
    // a record that gives its person's phone under a phone key: the other number is a serial
    const rec = redactJson([
      { x: '13800001234', shr: '王五', shrdh: '13900001111' },
      { x: '13800001299', shr: '赵六', shrdh: '13700002222' },
    ]).value;
    expect(rec).toEqual([
      { x: '13800001234', shr: '王*', shrdh: '139****1111' },
      { x: '13800001299', shr: '赵*', shrdh: '137****2222' },
    ]);
  });

  it('the audit guard still refuses serials: its own scan refuses every mobile-shaped run', async () => {
    const refused = async (v: string): Promise<string | undefined> => {
      const log = createAuditLog({ sink: memorySink() });
      const event: AuditEvent = { kind: 'field.view', actor: 'cs-1', purpose: 'support', records: [v] };
      try {
        await log.append(event);
      } catch (e) {
        if (isPiiError(e)) return e.code;
        throw e;
      }
      return undefined;
    };
    expect(found('range_start=14701234001 range_end=14701234500', 'phone')).toEqual([]);
    expect(await refused('range_start=14701234001 range_end=14701234500')).toBe('AUDIT_PII_REJECTED');
    expect(await refused('tel1=13800001234 tel2=13800001235')).toBe('AUDIT_PII_REJECTED');
  });
});

describe('the block rule grows linearly', () => {
  it('in redactJson, across 64 times more values', () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ k: `138000${String(10000 + i).slice(1)}`, n: i }));
    const small = rows(64);
    const large = rows(4096);
    expect(JSON.stringify(redactJson(large).value)).toBe(JSON.stringify(large));
    const t1 = fastest(() => redactJson(small), 64);
    const t64 = fastest(() => redactJson(large), 1);
    expect(t64).toBeLessThan(8 * t1 + 250);
  });

  const units = [
    '13800001234 13800001235 ',
    '{"a1":"19900001234","a2":"19900001299"},',
    '电话 13800001234 / 13800001235，',
    '张三 13800001234 李四 13800001235 ',
    '{"receiver":{"t":"13800001234"}},{"x":"13800001299"},',
    'ddh=15700012345 dup=15700012399 ',
    '客服：电话？\n用户：13800001234\n',
    '{"name":"张三","m":"13800001234"},{"n":"李四","m":"13800001235"},',
    'name=张三 m=13800001234 x=13800001299 ',
    '[["13612340017","A区",2],["13612340090",{"k":"B"}]],',
    '13800001234 张先生\n13800001235 老王\n',
    '联系人\n13800001234\n13800001235\n这俩都是我的\n',
    '{"contacts":[{"m":"13800001234"},{"m":"13800001235"}]},',
    '13800001234 家具 13800001235 新疆 backup ',
    'evt=call_out agent=7 num=13800001234 num=13800001235 ',
    'wx=13800001234&wechat_2=13800001235&sms_sent=',
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

describe('a number change told in a sentence', () => {
  // the phone word stands more than 16 characters before the first number: the clause is read
  // 28 characters back, by the block rule and by the batch rule's ranges alike
  it.each([
    'My phone changed from 13800001234 to 13800001299',
    'Phone was changed from 13800001234 to 13800001299',
    '收件人的手机号码已经从 13800001234 改为 13800001299',
  ])('keeps both phones: %s', (text) => {
    expect(phones(text)).toEqual(['13800001234', '13800001299']);
  });

  it.each([
    'the bag range changed from 13800001234 to 13800001299',
    'changed from 13800001234 to 13800001299',
  ])('a range no phone word names is still a block: %s', (text) => {
    expect(phones(text)).toEqual([]);
  });
});

describe('the same number labelled elsewhere is no block', () => {
  // found by the redact-twice property: a bare number was taken as the sibling of itself under
  // 订单号, and found again once the address between them was masked
  it.each(['13812345678 订单号13812345678', '13812345678北京市朝阳区建国路88号mobile订单号13812345678'])(
    'keeps the bare one a phone: %s',
    (text) => {
      expect(phones(text)).toEqual(['13812345678']);
      const once = redact(text).text;
      expect(redact(once).text).toBe(once);
    },
  );

  it('in redactJson too: the same number under an order key leaves the bare value a phone', () => {
    expect(redactJson({ orderNo: '13812345678', x: '13812345678' }).value).toEqual({
      orderNo: '13812345678',
      x: '138****5678',
    });
    expect(redactJson({ orderNo: '13812345678', x: '13812345699' }).value).toEqual({
      orderNo: '13812345678',
      x: '13812345699',
    });
  });

  it('still takes a different number of the block beside a labelled one', () => {
    expect(phones('订单号：15700012345，补发 15700012388，原单 15700012345')).toEqual([]);
  });
});

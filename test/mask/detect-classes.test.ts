// Classes of text the detectors used to miss or misread, each tested in several forms of its own
// (not the corpus texts): bracketed area codes in either width, units and codes in brackets
// between a label and its number, the common surnames, and the places notifications and notes
// put a Chinese name (after a relation word, after Hi, as the one who did a delivery step, after
// the sender's bracket, before 的快递).
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';

/** The findings of `text` as kind:value pairs. */
function found(text: string): string[] {
  return detect(text).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
}

describe('landlines with a bracketed area code', () => {
  it.each([
    ['座机（0757）7255035，找前台', '（0757）7255035'],
    ['电话（010）68381525', '（010）68381525'],
    ['（028）1234-5678 转 12', '（028）1234-5678 转 12'],
    ['办公室（028)12345678', '（028)12345678'],
    ['办公室(028）12345678', '(028）12345678'],
    ['办公室(0755)6494189', '(0755)6494189'],
    ['电话（０２８）１２３４－５６７８', '（０２８）１２３４－５６７８'],
  ])('%s', (text, landline) => {
    expect(found(text)).toEqual([`landline:${landline}`]);
    const masked = redact(text).text;
    // the area code and the last four digits stay, the rest of the local number is hidden
    expect(masked).not.toContain(landline);
    expect(masked).toMatch(/\*{3,}/);
  });

  it('a bracketed zero or a bracket with no area code is not a landline', () => {
    expect(found('备注（0）12345678')).toEqual([]);
    expect(found('电话：（0086）')).toEqual([]);
  });
});

describe('labels with a unit or code in brackets before the colon', () => {
  it.each([
    '商品编码（SKU）：13282339729，库存373件',
    '结算金额（分）：19854604767',
    '金额(元): 13812345678',
    '重量(kg)：13912345678',
    'Weight (kg): 13812345678',
    '构建号 13812345678',
    '{"pdaNo":"19370491876"}',
    'terminal_id=13812345678',
  ])('%s has no personal data', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('a bracket after a personal label does not hide the number', () => {
    expect(found('手机(本人)：13812345678')).toEqual(['phone:13812345678']);
    expect(found('电话（备用）：13812345678')).toEqual(['phone:13812345678']);
  });
});

describe('common surnames', () => {
  it.each(['赖', '洪', '萧', '阎', '凤', '荀', '賴', '閻'])('%s starts a name after a label', (surname) => {
    const text = `收件人：${surname}晓明，电话13812345678`;
    expect(found(text)).toContain(`name:${surname}晓明`);
  });
});

describe('where notes and notifications put a Chinese name', () => {
  it.each([
    ['业主王志伟，电话18195488491', '王志伟'],
    ['请交给我同事郝晓峰，谢谢', '郝晓峰'],
    ['找前台向沐辰签收就行', '向沐辰'],
    ['寄给财务温丽娟，地址另发', '温丽娟'],
    ['驿站登记：令狐思琪，已入库', '令狐思琪'],
    ['放在邻居赵敏那里', '赵敏'],
  ])('after a relation or post: %s', (text, name) => {
    expect(found(text)).toContain(`name:${name}`);
  });

  it.each([
    ['Hi 程秀兰，您的快件已签收', '程秀兰'],
    ['Hello 欧阳帆，包裹到了', '欧阳帆'],
    ['Parcel for 王芳, thanks', '王芳'],
  ])('after an English greeting or for/to: %s', (text, name) => {
    expect(found(text)).toContain(`name:${name}`);
  });

  it.each([
    ['您的退货已由付洋揽收，请留意退款', '付洋'],
    ['快件已被石晶签收。', '石晶'],
    ['包裹已由宇文建军代收', '宇文建军'],
    ['由配送员柯波配送', '柯波'],
  ])('as the one who did a delivery step: %s', (text, name) => {
    expect(found(text)).toContain(`name:${name}`);
  });

  it.each([
    ['【社区团购】汤佳怡，您的商品已到自提点', '汤佳怡'],
    ['【菜鸟驿站】陈晓东：你的包裹已到站', '陈晓东'],
  ])("after the sender's bracket: %s", (text, name) => {
    expect(found(text)).toContain(`name:${name}`);
  });

  it.each([
    ['殷丹的快递到了，在服务点', '殷丹'],
    ['柯俊熙先生的包裹放前台了', '柯俊熙'],
    ['帮我把张伟的快件拿上来', '张伟'],
  ])('before 的快递 / 的包裹: %s', (text, name) => {
    expect(found(text)).toContain(`name:${name}`);
  });

  it.each([
    '前台签收即可',
    '同事帮忙拿一下',
    '公司的快递放前台',
    '韩国的快递到了',
    '我的快递到了吗',
    '明天的包裹多',
    '包裹被退回了',
    '由于天气原因延误',
    '【顺丰速运】您的快件已发出',
  ])('no name in %s', (text) => {
    expect(found(text).filter((f) => f.startsWith('name:'))).toEqual([]);
  });
});

describe('Latin-script street addresses', () => {
  it.each([
    ['Return to: 12 Baker Street, London', '12 Baker Street, London'],
    ['left at Flat 3, 41 Mill Road, Cambridge.', 'Flat 3, 41 Mill Road, Cambridge'],
    [
      'Attn Li Na, 500 Oak Avenue, Suite 210, Austin, TX 78701',
      '500 Oak Avenue, Suite 210, Austin, TX 78701',
    ],
    ['bitte an Gartenweg 7a, 80331 München senden', 'Gartenweg 7a, 80331 München'],
    [
      'Room 801, No. 12 Huaihai Road, Xuhui District, Shanghai 200031, China',
      'Room 801, No. 12 Huaihai Road, Xuhui District, Shanghai',
    ],
  ])('%s', (text, address) => {
    expect(found(text)).toContain(`address:${address}`);
  });

  it('a postcode standing after the city and the country are left out after Address:', () => {
    const text = 'Address: Room 5, Building 2, No. 9 Jianguo Road, Chaoyang District, Beijing, 100022, China';
    expect(found(text)).toEqual([
      'address:Room 5, Building 2, No. 9 Jianguo Road, Chaoyang District, Beijing',
    ]);
  });

  it.each(['Version 2 Way forward', 'Meet me at 5 St. then', 'Road works on the A1 all week'])(
    'no address in %s',
    (text) => {
      expect(found(text).filter((f) => f.startsWith('address:'))).toEqual([]);
    },
  );
});

describe('Latin names where labels and other fields meet them', () => {
  it('a name after "deliver to" and before "at" is a name, and the rest no address', () => {
    expect(found('Please deliver to Li Na at the reception, tracking SF1234567890123.')).toEqual([
      'name:Li Na',
    ]);
  });

  it('a name written after a bilingual label', () => {
    expect(found('收件人 Recipient：Zhao Lei　手机 Mobile：13912345678')).toEqual([
      'name:Zhao Lei',
      'phone:13912345678',
    ]);
  });

  it('a name ends before the next label of a form, and the passport after "Passport No." is found', () => {
    expect(found('Name: LIU Yang  Passport No.: E12345678')).toEqual(['name:LIU Yang', 'passport:E12345678']);
    expect(found('Name: Chen Jie  Nationality: CHN')).toEqual(['name:Chen Jie']);
  });

  it('the same name in the other script in brackets', () => {
    expect(found('Customer Zhou Min (周敏) called')).toEqual(['name:Zhou Min', 'name:周敏']);
    expect(found('收件人：周敏（Zhou Min），电话13812345678')).toEqual([
      'name:周敏',
      'name:Zhou Min',
      'phone:13812345678',
    ]);
    expect(found('收件人：周敏（备注），电话13812345678')).toEqual(['name:周敏', 'phone:13812345678']);
  });

  it('after "neighbour"', () => {
    expect(found('Left with neighbour Emma Wilson')).toEqual(['name:Emma Wilson']);
  });
});

describe('SQL INSERT statements in logs', () => {
  it('values are read with the key of their column, several rows', () => {
    const text =
      "INSERT INTO t_ship (order_no, consignee, consignee_mobile) VALUES ('13812345678', '庞志伟', '13501112222'), ('13912345678', '欧阳帆', '15012345678');";
    expect(found(text)).toEqual(['name:庞志伟', 'phone:13501112222', 'name:欧阳帆', 'phone:15012345678']);
  });

  it('a statement with another number of values than columns is not read as one', () => {
    expect(found("insert into t (receiver_name, order_no) values ('x')")).toEqual([]);
  });
});

describe('pickup codes in brackets', () => {
  it.each([
    ['取件码【9-6-8785】，请尽快领取', '9-6-8785'],
    ['取件码[123456]', '123456'],
    ['提货码：「A12-3456」', 'A12-3456'],
  ])('%s', (text, code) => {
    expect(found(text)).toEqual([`pickupCode:${code}`]);
  });
});

describe('words that start with a surname are not names after a role word', () => {
  it.each(['与收件人关系：同事', '收件人关注：已读'])('%s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('numbers the label or the writing says are not personal', () => {
  it.each([
    '运单号码:13812345678',
    '会员号：13812345678',
    '发票号码：13812345678',
    '箱号：13812345678',
    '托盘号：13812345678',
    '库存：13812345678',
    '积分：13812345678',
    '余额：13812345678',
    '型号：13812345678',
    'QQ群：13812345678',
    'SN:13812345678',
    'uid=13812345678',
    'userId: 13812345678',
    'trace_id=13812345678',
    'ts=13812345678',
    'ref: 13812345678',
    'ISBN 13812345678',
  ])('a labelled number: %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([
    '金额：¥13812345678',
    '￥13812345678',
    '$13812345678',
    'RMB 13812345678',
    '共计13812345678元',
    '共13812345678件',
    '耗时13812345678毫秒',
    '积分变动 13812345678 分',
    '通话时长13812345678秒',
    '第13812345678号',
    '工单 #13812345678',
  ])('an amount, a count or an ordinal: %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([
    ['电话13812345678，谢谢', '13812345678'],
    ['手机13812345678台湾寄来', '13812345678'],
    ['电话13812345678次日送达', '13812345678'],
    ['tel#13812345678', '13812345678'],
  ])('still a phone: %s', (text, phone) => {
    expect(found(text)).toContain(`phone:${phone}`);
  });
});

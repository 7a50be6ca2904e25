// The actor of a system's record under a key that names a role in the system (op=, opUser,
// handler, createdBy, czy, 操作人): a Chinese name of three characters or more is a person there;
// an operation (op=label.print, op=签收, op=封包), a login, a role or a team is not. Every value is
// synthetic.
import { describe, expect, it } from 'vitest';
import { detect, redactJson } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

const names = (text: string): string[] =>
  detect(text)
    .filter((f) => f.kind === 'name')
    .map((f) => text.slice(f.start, f.end));

const shapes = [
  (k: string, v: string) => `2026-11-02 09:01:44 INFO scan.ok ${k}=${v} site=SZ01`,
  (k: string, v: string) => `{"${k}":"${v}","action":"sign"}`,
  (k: string, v: string) => `[trace=a81f] ${k}: "${v}", status: 200`,
];

describe('a Chinese name under an actor key', () => {
  it.each([
    ['op', '骆文杰'],
    ['opUser', '欧阳娜娜'],
    ['oper_by', '邝志远'],
    ['handler', '宁海燕'],
    ['createdBy', '韦嘉怡'],
    ['update_user', '钱雨桐'],
    ['czy', '司马春来'],
    ['操作人', '骆文杰'],
    ['最后操作人', '顾明轩'],
    ['经办人', '施佳琪'],
  ])('is a name under %s in every structure', (k, v) => {
    for (const shape of shapes) expect(names(shape(k, v))).toEqual([v]);
  });

  it('is a name of two characters when its given character is one names use (op=王芳, owner=段鹏)', () => {
    expect(names('op=王芳 act=scan')).toEqual(['王芳']);
    expect(names('device_log owner=段鹏 event=door_open')).toEqual(['段鹏']);
    expect(names('{"createdBy":"刘洋","status":"done"}')).toEqual(['刘洋']);
  });

  it('reads both sides of a hand-over (from=, to=) as people only when they are shaped as names', () => {
    expect(names('handover from=马骏 to=欧阳雪 count=12')).toEqual(['马骏', '欧阳雪']);
    expect(names('transfer from=深圳转运中心 to=广州分拨中心')).toEqual([]);
    expect(names('move from=SZ-HUB to=GZ-HUB')).toEqual([]);
    expect(names('route from=北京 to=上海')).toEqual([]);
  });

  it('is a name before a staff id in brackets or after a slash', () => {
    expect(names('op=骆文杰(8801) act=scan')).toEqual(['骆文杰']);
    expect(names('{"opUser":"顾明轩/SZ0192"}')).toEqual(['顾明轩']);
  });

  it('is a name in redactJson under the same keys', () => {
    const { value } = redactJson({ opUser: '骆文杰', 操作人: '欧阳娜娜', op: 'label.print' }) as {
      value: Record<string, string>;
    };
    expect(value.opUser).toBe('骆**');
    expect(value['操作人']).toBe('欧阳**');
    expect(value.op).toBe('label.print');
  });
});

describe('what an actor key holds that is no person', () => {
  it.each([
    // operations, dotted and Latin
    'label.print',
    'sign',
    'Label Print',
    'admin',
    'u10293',
    // operations and roles in Chinese, two characters led by a surname character among them
    '签收',
    '封包',
    '解车',
    '班组',
    '全员',
    '管理员',
    // titles, teams and things of three characters led by a surname
    '安检员',
    '班组长',
    '应急组',
    '周转箱',
    '龙门吊',
    // cities and bodies written without their suffix, led by a surname
    '张家港',
    '石家庄',
    '龙华站',
    // a name glued to more words (a site, a team)
    '骆文杰分拨中心',
    // a name shape glued to letters (a login)
    '骆文杰abc',
  ])('%s is not a name under op, createdBy or 操作人', (v) => {
    for (const k of ['op', 'createdBy', '操作人'])
      for (const shape of shapes) expect(names(shape(k, v))).toEqual([]);
  });

  it('a key that only ends like an actor key is none (shop=, develop=)', () => {
    expect(names('shop=骆文杰 develop=欧阳娜娜')).toEqual([]);
  });

  it('two-character operations and words are left (封包, 解车, 班组, 高明: a character names never use, or a word)', () => {
    for (const v of ['封包', '解车', '班组', '全员', '封车', '关单', '平台', '高明', '江山'])
      expect(names(`op=${v} act=scan`)).toEqual([]);
  });
});

describe('time', () => {
  it.each(['op=骆文杰 ', '{"opUser":"骆文杰(8801)"},', 'op=op=op=', '操作人=封包 ', 'handler='])(
    'grows linearly for repeated %s',
    (unit) => {
      expectRedactLinear(unit);
    },
  );
});

// Pickup codes where stations, lockers and their staff write them without the code's name: an
// English code / PIN / passcode, 凭, 码 or 货架号 in a clause about collecting a parcel; shelf codes
// opening the rows of a station's register; XML elements named by a pickup key; a key ending in
// pickup and a locker's door event in a device record. Tested the other way round too: error,
// zip and promo codes, login codes, phones, dates, waybill-like numbers, warehouse bins, room
// numbers and bare shelf numbers are not taken as codes. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

function spans(text: string): string[] {
  return detect(text).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
}

function codes(text: string): string[] {
  return spans(text).filter((s) => s.startsWith('pickupCode:'));
}

function expectMasked(text: string, ...values: string[]): void {
  const out = redact(text).text;
  let want = text;
  for (const v of values) want = want.replace(v, v.replace(/[A-Za-z0-9]/g, '*'));
  expect(out).toBe(want);
  expect(redact(out).text).toBe(out);
}

describe('English code, PIN and passcode in a clause about collecting a parcel', () => {
  it.each([
    ['Hi, the courier left your parcel in locker B7, code 3-5-1207.', '3-5-1207'],
    ['Parcel ready for collection at the Post Point. Use PIN 660913 at the kiosk.', '660913'],
    ['Your package is waiting in the parcel locker - passcode: 4420-17', '4420-17'],
    ['Locker pick up: open with code 817264 before Sunday', '817264'],
  ])('finds and masks the code in %s', (text, code) => {
    expect(codes(text)).toEqual([`pickupCode:${code}`]);
    expectMasked(text, code);
  });

  it.each([
    'Locker door 14 jammed, error code 4031, please reset the parcel unit',
    'Ship the parcel to zip code 94107 please',
    'Parcel shop promo code 8810 gives 10% off',
    'Your parcel account login code is 552190',
    'Parcel 2 of 3, code 12',
    'Enter code 552190 to confirm your email',
    'The pinyin 4417 is not a parcel code word',
  ])('takes no code from %s', (text) => {
    expect(codes(text)).toEqual([]);
  });

  it('keeps a mobile after code a phone', () => {
    expect(spans('Your parcel is at the locker; if lost call code 13912345678')).toEqual([
      'phone:13912345678',
    ]);
  });
});

describe('凭, 码 and 货架号 in a station message', () => {
  it.each([
    ['【妈妈驿站】快递已到东门驿站，请凭 5-1-3320 到店领取', '5-1-3320'],
    ['您的包裹已放入智能柜，凭6620 1883开柜取件', '6620 1883'],
    ['菜鸟驿站提醒：凭码 40271 取件，19点关门', '40271'],
    ['亲，包裹在驿站，报码 7-2-0018 就能拿', '7-2-0018'],
    ['快递小哥：你那个码是A5-2-1190，去驿站说一下', 'A5-2-1190'],
    ['包裹在驿站货架号 B2-4-0671，请尽快取件', 'B2-4-0671'],
  ])('finds and masks the code in %s', (text, code) => {
    expect(codes(text)).toEqual([`pickupCode:${code}`]);
    expectMasked(text, code);
  });

  it.each([
    '驿站包裹在3号货架，取件时报姓名',
    '包裹在驿站，货架 12 第二层',
    '驿站通知：请凭2026-12-09前取件',
    '驿站取件，凭12-09当天有效',
    '包裹到驿站，二维码编号 66554433',
    '驿站取件：凭尾号 4417 取件',
    '请凭身份证到驿站取件',
    '驿站扫码 SN码 55667788 设备',
    '请凭 20261209888 到驿站取件',
  ])('takes no code from %s', (text) => {
    expect(codes(text)).toEqual([]);
  });

  it.each([
    ['包裹已到驿站，请凭手机号13687654321取件', '13687654321'],
    ['驿站代收点电话号码 13512345678，包裹请尽快取', '13512345678'],
    ['驿站取件请凭13812345678', '13812345678'],
    ['快递在驿站，你的码是13912345678吗', '13912345678'],
  ])('keeps the phone a phone in %s', (text, phone) => {
    expect(spans(text)).toContain(`phone:${phone}`);
    expect(codes(text)).toEqual([]);
  });
});

describe("shelf codes opening the rows of a station's register", () => {
  it('takes the code of each row under a station heading', () => {
    const text = '妈妈驿站 12月9日 上架\n3-1-204 赵女士 尾号7781\n3-1-205 钱先生 尾号0912\nA2-6-1033 孙 5521';
    expect(codes(text)).toEqual(['pickupCode:3-1-204', 'pickupCode:3-1-205', 'pickupCode:A2-6-1033']);
    expectMasked(text, '3-1-204', '3-1-205', 'A2-6-1033');
  });

  it.each([
    ['Locker bank 7 - pickup list\nC4-2-0871  J. Smith\nC4-2-0872  K. Brown', ['C4-2-0871', 'C4-2-0872']],
    ['丰巢快递柜 待取\n| 08-3-1170 | 周 |\n| 08-3-1171 | 吴 |', ['08-3-1170', '08-3-1171']],
    ['代收点滞留件清单\n\nB7-0415 李\nB7-0416 何', ['B7-0415', 'B7-0416']],
  ])('takes the codes of %s', (text, want) => {
    expect(codes(text)).toEqual(want.map((c) => `pickupCode:${c}`));
  });

  it.each([
    '仓库出库单\nB-02-0311 纸箱\nB-02-0312 胶带',
    '幸福里小区住户\n5-2-1103 王 13812345678',
    '驿站\n2026-12-09 到件 32\n12-09 退件 3\nv1-2-300 版本',
    '驿站送货上门\n王伟 6-1-1402室',
    '驿站 库位表\nA-01-0203 货架\nA-01-0204 货架',
    '今日值班\n3-1-204 赵\n3-1-205 钱',
    '驿站到件\n12-1033 两件',
  ])('takes no code from %s', (text) => {
    expect(codes(text)).toEqual([]);
  });

  it('reads a heading the same once a value in it is masked (redacting twice changes nothing more)', () => {
    const once = redact('取件码sku0571-88889999驿站待取\n8-2-1033').text;
    expect(once).toBe('取件码*******-********驿站待取\n*-*-****');
    expect(redact(once).text).toBe(once);
  });

  it('keeps a phone that opens a row of the register a phone', () => {
    expect(spans('驿站入库\n138-1234-5678 郑\n13912345678 冯')).toEqual([
      'phone:138-1234-5678',
      'phone:13912345678',
    ]);
  });
});

describe('pickup codes in records: XML elements, keys ending in pickup, door events', () => {
  it.each([
    ['<pickup_code>7-3-2208</pickup_code>', '7-3-2208'],
    ['<order><qhm>55127</qhm><note>放门口</note></order>', '55127'],
    ['<取件码>A3-2-5567</取件码>', 'A3-2-5567'],
    ['<parcel><ztm>661203</ztm></parcel>', '661203'],
    ['locker_id=L-19 event=open_door code=8812', '8812'],
    ['cabinet=HB-77 prev_pickup=5-2-1033 ts=1701234567', '5-2-1033'],
    ['{"cabinetId":"FC-0931","lastPickup":"40558812","battery":87}', '40558812'],
    ['{"site":"东湖驿站","货架号":"6-4-2210","note":"易碎"}', '6-4-2210'],
    ['{"shelfCode":"C1-3-0457","stationName":"南门代收点"}', 'C1-3-0457'],
    ['驿站上架 shelf_no=2-2-0871 op=入库', '2-2-0871'],
  ])('finds and masks the code in %s', (text, code) => {
    expect(codes(text)).toEqual([`pickupCode:${code}`]);
    expectMasked(text, code);
  });

  it.each([
    '<code>5521</code>',
    'cabinet=HB-77 last_pickup=20261209',
    '{"warehouse":"WH1","shelfCode":"A-01-0203"}',
    '{"site":"东湖驿站","shelf":"12"}',
    '{"site":"东湖驿站","货架":"3-2"}',
    '{"locker":"L1","shelf_no":"139-1234-5678"}',
    'lastPickup=55667788',
    'app=shop event=login code=552190 locker=L1',
    'locker=L-3 event=door_open code=2024 status=ok msg=done',
  ])('takes no code from %s', (text) => {
    expect(codes(text)).toEqual([]);
  });

  it.each([
    ['<qjm>13812345678</qjm>', '13812345678'],
    ['station=S01 pickup=13912345678', '13912345678'],
  ])('keeps a phone under a pickup key a phone: %s', (text, phone) => {
    expect(spans(text)).toEqual([`phone:${phone}`]);
  });
});

describe('the cue, register and record rules in linear time', () => {
  it.each([
    ['the parcel locker code ', 'an English cue word repeated'],
    ['驿站取件凭码凭码货架货架 ', 'the Chinese cue words repeated'],
    ['驿站取件 你的码是 8-2-1033。', 'a station message repeated'],
    ['驿站待取\n3-1-204 赵 7781\n', 'register rows repeated'],
    ['3-1-204 3-1-205 3-1-206 ', 'shelf codes in one long row'],
    ['<qjm>2-4-1180</qjm>', 'a pickup element repeated'],
    ['locker=L1 lastPickup=40558812 ', 'a device record repeated'],
    ['{"site":"驿站","货架号":"6-4-2210"},', 'a shelf key in a station record repeated'],
  ])('redacts %s (%s) repeated to 64 Ki characters in linear time', (unit) => {
    expectRedactLinear(unit);
  });
});

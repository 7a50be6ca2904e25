// A station's shelf position is its pickup code wherever the station writes it: standing alone in
// a message about collecting a parcel (请凭编号…取件, Show … at the counter), under a shelf column
// of a station's table, under a shelf key such as shelf_pos or 货架位, and retyped with spaces
// after a pickup word (pickup code 9 1 4402). Tested the other way round too: room and flat
// numbers, addresses, dates, warehouse bins, product numbers, dashed phones and a Japanese street
// number are not taken as codes, and a phone beside a code stays a phone. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

function spans(text: string): string[] {
  return detect(text).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
}

function codes(text: string): string[] {
  return spans(text).filter((s) => s.startsWith('pickupCode:'));
}

describe('a shelf position standing alone in a message about collecting a parcel', () => {
  it.each([
    ['【某某驿站】您的快递已到，请凭编号5-2-3318到店取件', '5-2-3318'],
    ['包裹已放驿站，货号 C11-4-0926，请于今晚前领取', 'C11-4-0926'],
    ['你的快递码是 7-1-2045，记得去驿站拿', '7-1-2045'],
    ['Your parcel has reached the community station - show 6-3-7710 at the desk to collect it.', '6-3-7710'],
    ['Parcel waiting at the corner shop, shelf no. 2-4-8853, collect by Sunday.', '2-4-8853'],
    ['Pick-up ready: quote D4-2-519 with your ID at the parcel counter.', 'D4-2-519'],
  ])('finds and masks the position in %s', (text, code) => {
    expect(codes(text)).toEqual([`pickupCode:${code}`]);
    const out = redact(text).text;
    expect(out).toBe(text.replace(code, code.replace(/[A-Za-z0-9]/g, '*')));
    expect(redact(out).text).toBe(out);
  });

  it.each([
    'Parcel delivered to Flat 4-2-1806, Harbour Court.',
    'Please leave the package at Room 11-3-0562.',
    'Parcel for Unit No. 5-1-2203 left with the concierge.',
    'Your parcel arrives 14-08-2026, collect it at the station.',
    'Parcel picked from bin A12-3-4567 in the warehouse.',
    '商品货号 A12-3-4567 的包裹已发出',
    'Order 3-1-0567 shipped, parcel on its way.',
    '库位 B07-2-0413 拣货完成，包裹已出库',
    '登录验证码 3-1-0567，包裹',
    'Tokyo desk: 2-14-503 Jingumae, parcel room',
    '包裹已送到幸福里小区3-2-1103，请查收',
  ])('takes no code in %s', (text) => {
    expect(codes(text)).toEqual([]);
  });

  it.each([
    ['快递员电话 138-1234-5678，包裹已到驿站，凭 4-1-2207 取件', 'phone:138-1234-5678'],
    ['Parcel at the station, collect with 8-2-1033; courier 139 2345 6789', 'phone:139 2345 6789'],
  ])('keeps the phone beside a code a phone: %s', (text, phone) => {
    expect(spans(text)).toContain(phone);
  });
});

describe('a shelf column of a station table and shelf keys', () => {
  it.each([
    ['station,shelf,receiver,mobile\nST01,B07-2-0413,王伟,13800001111', 'B07-2-0413'],
    ['运单号|货架号|手机\nYT1234567890|6-2-3390|13800001111', '6-2-3390'],
    ['驿站入库\n运单号\t货架位\t备注\nYT1234567890\t3-4-1102\t放门口', '3-4-1102'],
    ['station=东门驿站 waybill=YT1234567890 shelf_pos=9-1-4402', '9-1-4402'],
    ['{"stationName":"东门驿站","shelfLocation":"C2-1-0088"}', 'C2-1-0088'],
  ])('finds the code in %s', (text, code) => {
    expect(codes(text)).toEqual([`pickupCode:${code}`]);
  });

  it.each([
    'sku,shelf,qty,remark\nSKU-88120,A12-3-4567,20,补货',
    'warehouse=WH2 shelf_pos=A12-3-4567 qty=20',
    'station,shelf,receiver,mobile\nST01,B07,王伟,13800001111',
  ])('takes no bin and no bare shelf in %s', (text) => {
    expect(codes(text)).toEqual([]);
  });
});

describe('a shelf code retyped with spaces after a pickup word', () => {
  it.each([
    ['pickup code 9 1 4402, see you at the station', '9 1 4402'],
    ['取件码 3 - 1 - 0567 请尽快取件', '3 - 1 - 0567'],
    ['取件码：A2 - 5 - 1190', 'A2 - 5 - 1190'],
  ])('masks the whole code in %s', (text, code) => {
    expect(codes(text)).toEqual([`pickupCode:${code}`]);
  });

  it.each([
    ['取件码 8 2 1033 电话 138 1234 5678', 'pickupCode:8 2 1033', 'phone:138 1234 5678'],
    ['取件码 8-2-1033 13812345678', 'pickupCode:8-2-1033', 'phone:13812345678'],
  ])('keeps the phone after the code a phone: %s', (text, code, phone) => {
    expect(spans(text)).toEqual([code, phone]);
  });
});

describe('the shelf rules in linear time', () => {
  it.each([
    ['包裹已到驿站，请凭编号5-2-3318取件。', 'a station message repeated'],
    ['parcel 1-2-3 4-5-6 7-8-9 ', 'short dashed numbers in a parcel clause repeated'],
    ['Parcel at the station: show 6-3-7710 to collect. ', 'an English message repeated'],
    ['station,shelf,mobile\n', 'a station header repeated'],
    ['ST1,4-2-1180,13800001111\n', 'table rows repeated'],
    ['取件码 3 - 1 - 0567 ', 'spaced codes repeated'],
  ])('redacts %s (%s) repeated to 64 Ki characters in linear time', (unit) => {
    expectRedactLinear(unit);
  });
});

// Mobile-shaped numbers in free-form machine text, English mail and notifications, where no key
// labels them: an operation on parcels right before the number (SCAN A OK, loaded A, 分拣 A,
// 正在派送A), an English commerce noun (the claim A, refund A, your parcel A, Case No. A,
// watermark id A), an after-sales case (售后申请A, 退款A已原路退回), the reader's parcel in a
// notification (您的包裹A已到…), and what a scanner or a station records after it (A 已装车, A was
// scanned, A is ready for pickup). Every rule is tested the other way round: a number that a
// person verb, a role word, a login or a personal label ties to someone stays a phone.
// Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { expectRedactLinear } from '../support/linear-growth.js';
import { phones } from '../support/detect-findings.js';

const A = '13812345678';
const B = '13912345678';

describe('an operation on parcels right before the number makes it an item', () => {
  it.each([
    `[scanner-02] 08:15:22 SN7781 SCAN ${A} OK`,
    `09:01 belt 3 inducted ${A} to chute 12`,
    `loaded ${A} onto trailer T-88`,
    `UNLOAD ${A} door 4`,
    `picked ${A} from bin C-02-11`,
    `DUP ${A} ignored`,
    `reject ${A} reason NO_READ`,
    `weighed ${A} 1.25kg`,
    `reprint ${A} copies 2`,
    `sorter S2 diverted ${A} to lane 5`,
    `07:45:10 分拣 ${A} 格口 23`,
    `【派件通知】快递员正在派送${A}，请留意`,
    `上架${A}到 3-2-15`,
    `称重${A} 2.3kg`,
    `复核 ${A} 通过`,
    `[pda] 10:12:40 SIGN ${A} OK`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it('and the numbers listed after the first one', () => {
    expect(phones(`dock 7: received ${A}, ${B}`)).toEqual([]);
  });
  it.each([
    `SCAN done, call ${A} if missing`,
    `[scanner-02] SCAN ok, operator phone ${A}`,
    `Your parcel is out for delivery; the courier will call ${A}`,
    `Questions? Text ${A}.`,
    `contact ${A} about the pallet`,
    `快递员正在派送，电话${A}`,
    `派送员${A}`,
    `联系派送员 ${A}`,
    `SCAN ${A}（收件人电话）`,
    `您的快递员${A}正在派送`,
    `Pickup: ${A}`,
    `signed by ${A}`,
  ])('a person verb, a role word or a personal label keeps a phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('an English commerce or logistics noun right before the number names it', () => {
  it.each([
    `Your claim ${A} has been received and is under review.`,
    `We issued refund ${A} for your order.`,
    `Hello, your parcel ${A} will arrive tomorrow.`,
    `ASN: ${A}, 4 pallets`,
    `Carton #${A} was short-shipped.`,
    `Case No. ${A} is closed.`,
    `watermark id ${A}, next run 16:00`,
    `job id ${A} finished in 3s`,
    `Staff ID ${A} signed the manifest`,
    `LPN ${A} moved to aisle 4`,
    `customs declaration ${A} cleared`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it('and the numbers listed after the first one', () => {
    expect(phones(`The package ${A} and ${B} were consolidated`)).toEqual([]);
  });
  it.each([
    `Claim filed by phone ${A}`,
    `member ID ${A}`,
    `WeChat ID ${A}`,
    `login id ${A}`,
    `Taobao ID ${A}`,
    `PayPal ID ${A}`,
    `receiver id ${A}`,
    `courier ID ${A}`,
    `Customer ID ${A}. Please reschedule.`,
    `in case ${A} is busy, call the office`,
    `a bag for ${A}`,
    `booking ${A}`,
    `Dear customer, call us at ${A}`,
  ])('a login, a role, a contact or a weak noun without a number word keeps a phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('an after-sales case or the reader’s parcel in a notification', () => {
  it.each([
    `【退货提醒】您的售后申请${A}已受理`,
    `您的退款申请 ${A} 审核通过`,
    `退款${A}已原路退回`,
    `理赔 ${A} 正在处理`,
    `您的包裹${A}已到小区驿站`,
    `你的包裹 ${A} 已放入快递柜`,
    `您的快递${A}已到丰巢柜`,
    `您的投诉${A}已处理`,
    `格口23满，最后一件 ${A}`,
    `上一件${A}重量异常`,
    `您的快件 ${A} 请及时领取`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    `退款${A}`,
    `退款${A}支付宝账户`,
    `您的包裹已到驿站，联系站长${A}`,
    `张三的包裹 ${A}`,
    `快递${A}`,
    `您的快递员${A}`,
    `投诉${A}`,
    `第一时间 ${A}`,
  ])('a bare refund word, a contact or someone else’s parcel keeps a phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('what a scanner or a station records of a number after it', () => {
  it.each([
    `【驿站】${A}已入柜，请凭取件码取件`,
    `10:07:01 ${A} 已装车 车牌 粤B12345`,
    `Good news! ${A} is ready for pickup at Store 12.`,
    `${A} was scanned at Hub SZX`,
    `${A} SCANNED OK`,
    `${A} loaded to truck 7`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it('and the numbers listed before it', () => {
    expect(phones(`${A}, ${B} 已分拣`)).toEqual([]);
  });
  it.each([
    `收件人电话${A}已入柜`,
    `联系人 ${A} 已到店`,
    `call ${A} was scanned`,
    `张三 ${A} 已到店`,
    `SMS ${A} delivered`,
    `${A} received`,
    `手机 ${A} sorted`,
  ])('a number tied to someone stays a phone: %s', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('a pipe between a field name and its value, as a colon', () => {
  it.each([`ORDER|${A}|PAID|2990|CNY`, `WAYBILL|${A}|SIGNED`, `| 运单号 | ${A} |`])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([`CUST|${A}|张三`, `phone|${A}`, `ORDER|${B}|RECV|张三|${A}|`, `| 收件人电话 | ${A} |`])(
    'a field that no key names, or a personal key, keeps a phone: %s',
    (text) => {
      expect(phones(text)).toEqual([A]);
    },
  );
});

describe('a request, a booking or a case settled after its number', () => {
  it.each([
    `System message: your pickup request ${A} is confirmed.`,
    `Case ${A} has been cancelled.`,
    `Task ${A} was approved by the station`,
    `Your return request ${A} is being processed`,
    `case ${A} closed`,
    `Quote ${A} accepted, courier assigned`,
  ])('%s is no phone', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    // a state said of a phone, or none
    `request ${A} is verified`,
    `your request ${A} has been registered`,
    `Booking ${A} is invalid`,
    `booking ${A} is my phone`,
    // a booking or a reservation is often made and looked up under the phone
    `Booking ${A} has been cancelled.`,
    `Reservation ${A} was approved by the station`,
    // a word between the record and the number: the number is whose the record is
    `reservation under ${A} is confirmed`,
    `booking for ${A} confirmed`,
    // a call after it points back at it
    `request ${A} confirmed, call me`,
  ])('%s keeps the phone', (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

describe('the rules of this file cost time linear in the text', () => {
  const units = [
    `request ${A} is being `,
    `case ${A} has been confirmed `,
    `SCAN ${A} `,
    'SCAN ',
    `scanned ${A}, `,
    `Case No. ${A} `,
    'watermark id ',
    `the claim #${A} `,
    `退款${A} 已`,
    `售后申请${A}`,
    `您的包裹${A}已到`,
    `${A} 已装车，`,
    `${A} is ready for pickup. `,
    `ORDER|${A}|`,
    '|'.repeat(7),
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

describe('from/从/自 link a label only when the label names numbers', () => {
  it.each([
    `单号从${A}开始`,
    `运单号从${A}到${B}`,
    `order numbers from ${A} to ${B}`,
    `tracking no. from ${A}`,
  ])('a range of numbers: %s', (text) => {
    expect(phones(text)).toEqual([]);
  });
  it.each([
    `package from ${A}`,
    `parcel from ${A} arrived`,
    `an order from ${A}, please call back`,
    `包裹从${A}那里寄来的`,
  ])("where a thing comes from, the sender's phone: %s", (text) => {
    expect(phones(text)).toEqual([A]);
  });
});

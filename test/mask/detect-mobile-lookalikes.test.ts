// Mobile-shaped numbers that a form, a message or a freight instruction names as something else,
// by class, each tested both ways:
// - an example given for a named field (order number (e.g. A), 运单号（例如：A）): the field's name
//   labels it (src/mask/number-examples.ts); a phone field's example stays a phone;
// - a case, request or job quoted as a message's reference at the head of a clause, its number
//   ending the clause (…; case A.): not "in case A", nor a case number followed by a call;
// - a carrier's booking in a freight instruction (vessel, container, cut-off, ship via, warehouse):
//   a booking alone (a guest house's "Booking A") stays a phone (src/mask/number-events.ts);
// - a way to reach someone (can be reached at, reachable on) ties a mobile to a person, so a
//   labelled order number of the same block does not take it away (number-own-evidence.ts).
// Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { numbers, phones } from '../support/detect-findings.js';

const A = '16711820457';
const P = '13812345678';

describe('an example given for a named field', () => {
  it.each([
    `Please quote your order number (e.g. ${A}) when you write to us`,
    `Enter the waybill no., for example ${A}, in the search box`,
    `Tracking number (such as ${A}) is printed on the label`,
    `运单号（例如：${A}）`,
    `订单编号（如${A}）可在订单详情查看`,
    `请填写快递单号，比如${A}`,
  ])('%s is no phone', (text) => {
    expect(numbers(text)).toEqual([]);
  });

  it.each([
    `Please enter your phone number (e.g. ${P})`,
    `Contact mobile, e.g. ${P}`,
    `手机号（例如：${P}）`,
    `联系电话（如${P}）`,
    // a marker with no field named before it, or 如 that is not an example
    `比如${P}`,
    `订单号如有问题请拨${P}`,
    `Order ex ${P}`,
  ])('%s keeps the phone', (text) => {
    expect(phones(text)).toEqual([P]);
    expect(redact(text).text).not.toContain(P);
  });
});

describe("a case quoted as a message's reference", () => {
  it.each([
    `Please reply with the missing documents; case ${A}.`,
    `Case ${A}: customs documents missing.`,
    `Re: request ${A}, the invoice is attached`,
    `The pallet was re-weighed (job ${A})`,
    `Thank you for your patience. Incident ${A}`,
  ])('%s is no phone', (text) => {
    expect(numbers(text)).toEqual([]);
  });

  it.each([
    `In case ${P} is busy, try the front desk`,
    `Just in case ${P}.`,
    `case ${P}, call me back`,
    // a call asked for later on the line: the number may be the one to call
    `Case ${P}: please call back`,
    `Request ${P} - ring this number after 6pm`,
    `Re: job ${P}; 请回电`,
    `case ${P} 张三`,
    // a booking or an enquiry line ends many a small business's notice with the owner's mobile
    `Sea-view rooms, breakfast included. Booking ${P}.`,
    `Enquiries; ${P}.`,
  ])('%s keeps the phone', (text) => {
    expect(phones(text)).toEqual([P]);
  });
});

describe("a carrier's booking in a freight instruction", () => {
  it.each([
    `Vessel EVER LUCK, ETD 12 Mar, 2 x 40HQ container. Booking: ${A}`,
    `Deliver to the CFS warehouse before the cut-off. Booking ${A}.`,
    `Ship via our forwarder, booking ${A}, 6 pallets`,
  ])('%s is no phone', (text) => {
    expect(numbers(text)).toEqual([]);
  });

  it.each([
    `For bookings call ${P}`,
    `Booking ${P}`,
    `Warehouse contact for the booking: ${P}`,
    `Ship via our forwarder, booking contact Li Wei ${P}`,
  ])('%s keeps the phone', (text) => {
    expect(phones(text)).toEqual([P]);
  });
});

describe('a way to reach someone ties a mobile beside a labelled order of its block', () => {
  it.each([
    [
      'Your courier Chen Hao can be reached at +86 139 1824 0736. Order ref 13918240763.',
      '+86 139 1824 0736',
    ],
    ['Our driver Wang Fang is reachable on 139 1824 0736 today; order 13918240763', '139 1824 0736'],
    ['The rider Zhou Lei, reached at 13918240736, order ref 13918240763.', '13918240736'],
  ])('%s keeps the phone', (text, phone) => {
    expect(phones(text)).toEqual([phone]);
    expect(redact(text).text).not.toContain(phone);
  });

  it('a block of order numbers with no one to reach stays no phone', () => {
    expect(numbers('Order ref 13918240763, order ref 13918240736.')).toEqual([]);
  });
});

describe('the readers cost time linear in the text', () => {
  const units = [
    `order number (e.g. ${A}) `,
    `运单号（例如：${A}）`,
    `（如（如（如 ${P} `,
    `; case ${A}. `,
    `in case case case ${P} `,
    `Booking ${A}. `,
    `vessel container warehouse booking ${A}, `,
    `reached at ${P}. Order ref 13812345670. `,
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

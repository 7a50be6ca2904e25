// Mobile-shaped numbers that the numbers around them call printed labels: a batch of
// consecutive numbers, a list of one number per line under a heading that names shipments or
// beside carrier waybills, the first cell of an order row without a header, and key=value
// keys of amounts and ids with unit suffixes. Each rule has its opposite: real phones that look
// alike stay phones. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { detect } from 'courier-pii/mask';
import { numbers } from '../support/detect-findings.js';

// mobiles of no shared prefix
const A = '13812345678';
const B = '15099887766';
const C = '18655443322';

describe('a batch of consecutive numbers is a print run, not phones', () => {
  it.each([
    '这几个今天能发吗 15811112021 15811112022 15811112023',
    '共3件：15811112021、15811112022、15811112023',
    '15811112021,15811112022,15811112023,15811112024',
    // stepped by a constant, and by varying small steps
    '18630294715 18630294722 18630294729',
    '18630294715 18630294722 18630294739 18630294746',
    // counting down, and a shuffled run of neighbours
    '15811112023 15811112022 15811112021',
    '15811112023 15811112021 15811112022',
    // one per line, without a heading
    '15811112021\n15811112022\n15811112023',
    // grouped
    '158 1111 2021 / 158 1111 2022 / 158 1111 2023',
    // each with its state
    '15811112021 已发，15811112022 已发，15811112023 未发',
    // two ends of a range
    '15811112021 至 15811112030 这10件',
    '15811112021~15811112030',
    // several out of order, or a range counting down: with nothing tying them to someone,
    // numbers sharing eight leading digits are one block (detect-serial-blocks.test.ts)
    '15811112601 15811112688 15811112615',
    '15811112030 至 15811112021',
  ])('%s', (text) => {
    expect(numbers(text)).toEqual([]);
  });

  it('only the run: a phone before it stays a phone', () => {
    const text = `有问题打我电话${A}，共3件：15811112021 15811112022 15811112023`;
    expect(numbers(text)).toEqual([`phone:${A}`]);
    // a phone of the same prefix, but apart from the list, too
    const same = '我手机15811112099，单号附后。15811112021 15811112022 15811112023';
    expect(numbers(same)).toEqual(['phone:15811112099']);
  });

  it.each([
    // two numbers of one family, said to be someone's
    ['我的 15811112021 或者 15811112022', 2],
    // two bare numbers in prose, with no range between them: a sequence of two is not a batch
    ['15811112021 15811112022', 2],
    // three that share only seven digits
    ['13812340001 13812345002 13812349003', 3],
    // labelled as phones, before or after
    ['电话：15811112021、15811112022、15811112023', 3],
    ['15811112021、15811112022、15811112023 是我们的联系电话', 3],
    // names between them: a contact list, not a list of numbers
    ['张三15811112021 李四15811112022 王五15811112023', 3],
    // a range with a name between
    ['15811112021 张三 15811112030', 2],
  ])('stays phones: %s', (text, n) => {
    const found = numbers(text as string);
    expect(found).toHaveLength(n as number);
    for (const f of found) expect(f.startsWith('phone:')).toBe(true);
  });
});

describe('a list of one number per line under a shipment heading or beside waybills', () => {
  it.each([
    `发货清单\n1. ${A} 已发\n2. ${B} 已发\n3. ${C} 退回`,
    `今日退回件\n${A}\n${B}`,
    `快递单号码\n${A}\n${B}`,
    `待揽收：\n- ${A}\n- ${B}`,
    `已发货列表\n${A}（已签收）\n${B}`,
    `Shipment list\n${A} shipped\n${B} pending`,
    `manifest:\r\n${A}\r\n${B}\r\n`,
    `今日退回件\n中通 ${A}\n圆通 ${B}`,
    // a single item under the heading's colon, and one on the heading's line
    `今日退回件：\n${A}`,
    `今日退回件：${A}\n${B}\n${C}`,
    `异常件：\n${A}\n${B} 配送中`,
    // pieces and weights after the items
    `待揽收\n${A} 2件\n${B} 已发 1.5kg\n${C} x3`,
    // no heading, but carrier waybills among the items
    `${A}\nYT2093847561032\n75320948176023\n${B}`,
    `JT3092841756302\n${A}\nSF 1320948176502`,
  ])('%s', (text) => {
    expect(numbers(text)).toEqual([]);
  });

  it.each([
    // a heading that names people or phones
    [`联系人\n${A}\n${B}`, 2],
    [`快递员电话：\n${A}\n${B}`, 2],
    [`Contacts\n${A}\n${B}`, 2],
    [`快递小哥的号码\n${A}\n${B}`, 2],
    [`今天派件的骑手\n${A}\n${B}`, 2],
    // no heading and no waybill beside them
    [`${A}\n${B}`, 2],
    // one waybill and a phone: a customer's waybill and number, one per line
    [`75320948176023\n${A}`, 1],
    // items with a name are people's rows, whatever the heading
    [`发货清单\n1. 张三 ${A}\n2. 李四 ${B}`, 2],
    [`发货清单\n${A} 张三\n${B} 李四`, 2],
    // a blank line ends the list: the heading is not this list's
    [`发货清单\n\n${A}\n${B}`, 2],
    // a number on a personal heading's line
    [`快递员电话：${A}\n${B}`, 2],
    // one number under a heading with no colon: a note naming a thing, then a mobile (a column
    // of two or more is a list)
    [`今日退回件\n${A}`, 1],
    [`my parcel\n${A}`, 1],
    // a label with its own waybill, then one number alone: a field, not a heading
    [`今日退回件：75320948176023\n${A}`, 1],
    // a heading that asks to be called (有事打我, 拨打) names the number under it, whatever
    // shipment word it also holds
    [`单号在下面，有事打我\n${A}`, 1],
    [`发货清单有问题请拨打\n${A}\n${B}`, 2],
  ])('stays phones: %s', (text, n) => {
    const found = numbers(text as string);
    expect(found).toHaveLength(n as number);
    for (const f of found) expect(f.startsWith('phone:')).toBe(true);
  });

  it('a phone below the list, after a blank line, is still found', () => {
    expect(numbers(`今日退回件\n${A}\n${B}\n\n有问题联系 ${C}`)).toEqual([`phone:${C}`]);
  });
});

describe('the first cell of an order row without a header', () => {
  it.each([
    `${A}\tSKU-13827\t2\t278.00\t已发货`,
    `${A},SKU9921,1,59.90,shipped`,
    `| ${A} | SKU-1 | 3 | ¥120 | 已签收 |`,
    `${A}\tSKU-1\t2\t10.00\n${B}\tSKU-2\t1\t8.50`,
    `${A}\tAB-1029\t2023-12-07\t已发货`,
    // the number in another cell
    `2023-12-07,${A},SKU-1,2,278.00`,
    `SKU-7781\t1\t59.90\t${A}`,
    `${A},P-10023,1,交易成功`,
    `${A}\tA1023-BLK\t2\t配送中`,
  ])('%s', (text) => {
    expect(numbers(text)).toEqual([]);
  });

  it.each([
    // a name or an address in the row: someone's line
    [`${A}\t张三\t已签收`, 1],
    [`${A},ZHANG-WEI,1,shipped`, 1],
    [`${A},李四,北京市朝阳区建国路88号,shipped`, 1],
    // a quantity and an amount alone do not say order
    [`${A}\t2\t278.00`, 1],
    // a name in another cell
    [`张三\t${A}\tSKU-1\t2`, 1],
    [`SKU-1\t2\t${A}\t王五`, 1],
    // a header that names the column a phone decides
    [`电话\t商品\t数量\t状态\n${A}\tSKU-1\t2\t已发货`, 1],
  ])('stays a phone: %s', (text, n) => {
    const found = numbers(text as string);
    expect(found).toHaveLength(n as number);
    for (const f of found) expect(f.startsWith('phone:')).toBe(true);
  });

  it('a header that names the column an order id decides too', () => {
    expect(numbers(`订单号\tSKU\t数量\t金额\n${A}\tSKU-1\t2\t10.00`)).toEqual([]);
  });
});

describe('key=value keys of amounts, counts and ids with unit suffixes', () => {
  it.each([
    `settle_amount_fen=${A} merchant=SHOP0091 period=2023-11`,
    `total_fee_cent=${A}`,
    `amountCents=${A}`,
    `"payAmt":"${A}"`,
    `merchant_id=${A}`,
    `settleId=${A}`,
    `store_id=${A} ok`,
    `refund_no=${A}`,
    `settle_batch_no=${A}`,
    `pay_trade_no=${A}`,
    `refundAmountYuan=${A}`,
    `sub_transaction_id=${A}`,
    `total=${A}`,
    `ship_fee=${A}`,
    `out_refund_no=${A}`,
    `sub_mch_id=${A}`,
    `settle_batch_id=${A}`,
    `"orderItemId":"${A}"`,
  ])('%s', (text) => {
    expect(numbers(text)).toEqual([]);
  });

  it.each([
    `mobile=${A}`,
    `contact_tel=${A}`,
    `receiver_phone=${A}`,
    `total_fee_cent=100 tel=${A}`,
    `merchant_mobile=${A}`,
  ])('stays a phone: %s', (text) => {
    expect(numbers(text)).toEqual([`phone:${A}`]);
  });
});

describe('the batch readers cost time in proportion to the text', () => {
  // ratios of time per character, 1k characters (64 calls) against 64k (generous: a shared machine)
  const units = [
    '15811112021 ',
    '发货清单\n',
    `${A}\n`,
    `1. ${A} 已发\n`,
    `${A}\tSKU-1\t2\t1.00\n`,
    `${A}\t`,
    `${A},`,
    `,${A}`,
    '15811112021 已发 ',
    `今日退回件：${A}\n`,
    'x\tx\tx\n',
    'YT2093847561032\n',
  ];
  function perChar(text: string, calls: number): number {
    const t0 = performance.now();
    for (let k = 0; k < calls; k++) detect(text);
    return (performance.now() - t0) / (text.length * calls);
  }
  it.each(units)('repeated %j', (unit) => {
    const small = unit.repeat(Math.ceil(1024 / unit.length));
    const large = unit.repeat(Math.ceil(65536 / unit.length));
    perChar(small, 8); // warm up
    const a = perChar(small, 64);
    // the fastest of three single calls on the large text, so one garbage collection does not decide it
    const b = Math.min(perChar(large, 1), perChar(large, 1), perChar(large, 1));
    expect(b).toBeLessThan(8 * a + 0.002);
  });
});

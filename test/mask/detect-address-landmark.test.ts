// An address with no house number, written as a road, a landmark on it and a position next to the
// landmark, after an address word (and a verb of writing and a quote, as couriers quote a waybill
// back). Tested the other way round too: a landmark with no road, a road with no landmark and
// position, and a sentence about the address that is not one. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

function addresses(text: string): string[] {
  return detect(text)
    .filter((f) => f.kind === 'address')
    .map((f) => text.slice(f.start, f.end));
}

describe('a road, a landmark and a position after an address word', () => {
  it.each([
    ['地址：青年路农贸市场对面', '青年路农贸市场对面'],
    ['收货地址写的是“光明街邮局旁边”，电话打不通', '光明街邮局旁边'],
    ['客户地址填的"建设大道第三小学后门"', '建设大道第三小学后门'],
    ['面单上地址只写了「和平巷公共厕所隔壁」', '和平巷公共厕所隔壁'],
    ['送到解放路人民医院斜对面', '解放路人民医院斜对面'],
  ])('finds the address in %s', (text, address) => {
    expect(addresses(text)).toEqual([address]);
    const out = redact(text).text;
    expect(out).not.toContain(address);
    expect(redact(out).text).toBe(out);
  });

  it.each([
    '地址只写了“东门菜场”',
    '地址写错了，路口右转',
    '地址不详，请联系寄件人',
    '地址：青年路',
    '快递放在青年路农贸市场对面的驿站',
  ])('takes no address from %s', (text) => {
    expect(addresses(text)).toEqual([]);
  });

  it('leaves a numbered address to the street rule', () => {
    expect(addresses('地址：青年路88号农贸市场对面')[0]).toMatch(/^青年路88号/);
  });

  it.each(['地址写的是“青年路', '地址：青年路市场对面，地址：'])(
    'redacts %s repeated to 64 Ki characters in linear time',
    (unit) => {
      expectRedactLinear(unit);
    },
  );
});

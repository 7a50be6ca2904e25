// Romanized and Latin-script names by class (Hokkien, joined pinyin given names, Japanese
// Hepburn, Korean RR), the positions that mark them without a label (from/ask/tell/Attn/c/o/@,
// a romanized name standing in Chinese text), Japanese names in kanji (様, 宛先), and Hong Kong
// address parts before a street. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { detect } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

function kinds(t: string, kind: string): string[] {
  return detect(t)
    .filter((f) => f.kind === kind)
    .map((f) => t.slice(f.start, f.end));
}

describe('romanized names by romanization', () => {
  it.each([
    ['Parcel for Goh Siew Leng, door 4', 'Goh Siew Leng'],
    ['Hi Ong Kah Seng, your box is here', 'Ong Kah Seng'],
    ['call Meihua Xu when you arrive', 'Meihua Xu'],
    ['deliver to Suzuki Haruka please', 'Suzuki Haruka'],
    ['for Kenta Watanabe, gate B', 'Kenta Watanabe'],
    ['Hi Park Ji-hoon, the rider is nearby', 'Park Ji-hoon'],
    ['contact Choi Seo Yeon on arrival', 'Choi Seo Yeon'],
  ])('finds the name in %j', (t, name) => {
    expect(kinds(t, 'name')).toContain(name);
  });
});

describe('names after the words of a note, a mention, or in Chinese text', () => {
  it.each([
    ['Pick the crate up from Teo Boon Kiat at dock 2.', 'Teo Boon Kiat'],
    ['Could you remind Wang Lifang that the box is at reception', 'Wang Lifang'],
    ['Attn Tanaka Yumiko - fragile', 'Tanaka Yumiko'],
    ['c/o Lee Min-jun, unit 5', 'Lee Min-jun'],
    ['@Chen Xiaoyu 快递到了', 'Chen Xiaoyu'],
    ['你的件我放门口了，Huang Jie 会来拿', 'Huang Jie'],
    ['麻烦转告 Sun Hao，明天再送', 'Sun Hao'],
  ])('finds the name in %j', (t, name) => {
    expect(kinds(t, 'name')).toContain(name);
  });

  it.each([
    ['我在Mong Kok等你'],
    ['订单来自Tai Koo分店'],
    ['Li Ning专卖店今天打折'],
    ['送到Sham Shui Po的仓库'],
    ['mail alice.lee@Example.org today'],
    ['the parcel came from Shenzhen Bao An'],
    ['collect from Tsim Sha Tsui branch'],
    ['text March Sale to 10086'],
    ['with SF Express tracking'],
  ])('takes no name from %j', (t) => {
    expect(kinds(t, 'name')).toEqual([]);
  });

  it('keeps the phone next to a name found this way', () => {
    const t = 'ask Zhou Min to call 13812345678';
    expect(kinds(t, 'name')).toEqual(['Zhou Min']);
    expect(kinds(t, 'phone')).toEqual(['13812345678']);
  });

  it('grows linearly', () => {
    expectRedactLinear('@Zhou Yi 你的件，Liu Wei 帮你拿了 ask Jiahui Ni from Tan Ah Huat ');
  });
});

describe('Japanese names in kanji', () => {
  it.each([
    ['宛先：山本美咲 様 TEL 090-1234-5678', '山本美咲'],
    ['小林　大輔様、ご注文ありがとうございます', '小林　大輔'],
    ['お届け先: 中村 陽子', '中村 陽子'],
    ['ご依頼主：佐々木翔', '佐々木翔'],
  ])('finds the name in %j', (t, name) => {
    expect(kinds(t, 'name')).toContain(name);
  });

  it.each([['宫殿的样子'], ['様式第一号'], ['山本様'], ['お客様各位']])('takes no name from %j', (t) => {
    expect(kinds(t, 'name')).toEqual([]);
  });

  it('grows linearly', () => {
    expectRedactLinear('宛先：佐藤健太 様 お届け先：田中　花子 山本様 ');
  });
});

describe('Hong Kong address parts before a street', () => {
  it.each([
    ['Ship to Flat B, 7/F, 15 Portland Street, Yau Ma Tei', 'Flat B, 7/F, 15 Portland Street'],
    [
      'Room 2, 3rd Floor, Hing Wah Mansion, 40 Shanghai Street',
      'Room 2, 3rd Floor, Hing Wah Mansion, 40 Shanghai Street',
    ],
    ['Shop 12, G/F, 9 Queen Victoria Street', 'Shop 12, G/F, 9 Queen Victoria Street'],
  ])('reads the address of %j from its first part', (t, head) => {
    const a = kinds(t, 'address');
    expect(a.some((x) => x.startsWith(head))).toBe(true);
  });

  it('does not take a building alone without a street number', () => {
    expect(kinds(t1, 'address')).toEqual([]);
  });

  it('grows linearly', () => {
    expectRedactLinear('Flat C, 12/F, Sun Hing Building, 88 Nathan Road, Tsim Sha Tsui; ');
  });
});

const t1 = 'meet at Golden Court, 5/F lobby';

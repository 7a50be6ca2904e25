// Latin-script names that nothing around marks, found on the name's own words
// (latin-names.ts ownEvidenceEnd, latin-name-spots.ts): a listed given name and a surname, or a
// romanized Chinese name whose parts are a surname and a given name, as a whole run of
// capitalized words. And what that evidence leaves alone: places, brands and shops written in
// split pinyin, products, places named after people, longer proper names. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

function names(t: string): string[] {
  return detect(t)
    .filter((f) => f.kind === 'name')
    .map((f) => t.slice(f.start, f.end));
}

describe('a name on its own words, where no word marks a person', () => {
  it.each([
    ['Kevin Zhang said the van is late', 'Kevin Zhang'],
    ['per Kevin Zhang in ops', 'Kevin Zhang'],
    ['Jason Wong picked up the box at 3pm', 'Jason Wong'],
    ['Approved: Peter Chan', 'Peter Chan'],
    ['Escalated. Maria Garcia will call back', 'Maria Garcia'],
    ['John Paul Smith signed for it', 'John Paul Smith'],
    ['Zhang Wei will pick it up', 'Zhang Wei'],
    ['ZHANG WEI will pick it up', 'ZHANG WEI'],
    ['Li Jiahui called twice', 'Li Jiahui'],
    ['Chen Xiaoming signed at the gate', 'Chen Xiaoming'],
    ['Xiaoming Chen signed at the gate', 'Xiaoming Chen'],
    ['box left, Jiahui Wang has the key', 'Jiahui Wang'],
    ['麻烦快点Emily Chen收', 'Emily Chen'],
  ])('finds the name in %j', (t, name) => {
    expect(names(t)).toEqual([name]);
    expect(redact(t).text).not.toContain(name);
  });
});

describe('what the evidence of a name alone does not read as a person', () => {
  it.each([
    // places and brands in split pinyin
    'Origin: Wu Xi, dest: Jin Jiang',
    'Ship via Zhong Tong',
    'Shen Tong',
    'Huang Shan tea',
    'We use Cai Niao lockers',
    'Tao Bao order',
    'Tian Mao store',
    'Xiao Mi band',
    'Yi Wu market',
    'Hu Bei',
    'Xinhua Lu',
    'Nanjing Li',
    'Hong Kong',
    // a product's size, places, a surname that is an English word
    'MAX LONG 120CM',
    'Victoria Park',
    'Mark Hill',
    // the tail or the head of a longer proper name, a place's word after it
    'Grace Chan Foundation',
    'Kevin Zhang Trading',
    'Meet at Lincoln Kevin Zhang',
    'Peter Chan Road',
    'Jason Wong Building',
    // glued to a word, a number or a mask
    'ORD-Kevin Zhang',
    '192.168.*.**John Smith',
    'Wang Fangzhang.san@qq.com',
    'Kevin Zhang/ops',
  ])('leaves %j without a name', (t) => {
    expect(names(t)).toEqual([]);
  });
});

describe('redacting twice', () => {
  it.each([
    '192.168.1.10John Smith寄：人民医院',
    '10.0.0.1John Smith到了',
    'Kevin Zhang said, Zhang Wei will pick it up',
    '张伟John Smith 13812345678',
    'Li Na15320261207device Li Na',
    'Room 1203, Tower B, 88 Jianguo Road Zhang Wei',
    'Dear Wang Kevin Zhang',
    'L* N* Kevin Zhang',
  ])('changes nothing more on the second pass of %j', (t) => {
    const once = redact(t).text;
    expect(redact(once).text).toBe(once);
  });
});

describe('linear growth', () => {
  it('reads a long run of capitalized words and names in time linear in the text', () => {
    expectRedactLinear('Kevin Zhang said Grace Chan Foundation Zhang Wei Hu Bei Alpha Beta Gamma Delta ');
  });
});

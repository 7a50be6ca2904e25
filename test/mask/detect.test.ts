import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, loadCorpus } from '../../scripts/eval-detect.js';
import { detect } from 'courier-pii/mask';

const corpus = loadCorpus(fileURLToPath(new URL('../fixtures/detect-corpus.jsonl', import.meta.url)));

function spans(text: string): string[] {
  return detect(text).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
}

describe('labelled corpus', () => {
  const res = evaluate(corpus);
  const f1 = (k: string) => res.kinds.find((x) => x.kind === k)?.f1 ?? 0;

  it('has at least 150 texts with spans and hard negatives', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(corpus.filter((r) => r.negatives.length > 0).length).toBeGreaterThanOrEqual(50);
  });

  it('meets F1 >= 0.97 for phones, IDs, landlines, emails and bank cards', () => {
    for (const k of ['phone', 'idNumber', 'landline', 'email', 'bankCard'])
      expect(f1(k), k).toBeGreaterThanOrEqual(0.97);
  });

  it('meets F1 >= 0.85 for names and addresses', () => {
    expect(f1('name')).toBeGreaterThanOrEqual(0.85);
    expect(f1('address')).toBeGreaterThanOrEqual(0.85);
  });

  it('reports nothing on any hard negative', () => {
    expect(res.negatives).toBeGreaterThan(100);
    expect(res.negativeHits).toEqual([]);
  });
});

describe('detect', () => {
  it('finds mobiles in every written form with UTF-16 offsets', () => {
    const t = '𠮷电话13812345678';
    expect(detect(t)).toEqual([{ kind: 'phone', start: 4, end: 15, confidence: 0.97 }]);
    expect(spans('手机+86 138 1234 5678，备用0086-13912345678')).toEqual([
      'phone:+86 138 1234 5678',
      'phone:0086-13912345678',
    ]);
    expect(spans('张三13812345678')).toEqual(['name:张三', 'phone:13812345678']);
    expect(spans('电话：１３８１２３４５６７８')).toEqual(['phone:１３８１２３４５６７８']);
  });

  it('leaves waybill numbers, order ids, hotlines, dates and postcodes alone', () => {
    for (const t of [
      '运单号SF1381234567890已签收',
      '订单号110105199003071230',
      '客服热线95338，或拨打400-820-1234',
      '2024-05-12 13:45:30 已送达',
      '邮编200120',
      '统一社会信用代码91310000MA1FL5XX7Y',
      '我马上到王府井大街了',
      '时间戳1715485530123',
      '隐私号17012345678转1234',
      'JDX012345678901 YT1381234567890',
    ]) {
      expect(detect(t), t).toEqual([]);
    }
  });

  it('validates resident ID checksums and birth dates', () => {
    expect(spans('身份证110105199003071239')).toEqual(['idNumber:110105199003071239']);
    expect(spans('身份证110105199013071239')).toEqual([]);
    expect(spans('身份证11010519491231002X已核验')).toEqual(['idNumber:11010519491231002X']);
    expect(spans('身份证号 110105 19900307 1239')).toEqual(['idNumber:110105 19900307 1239']);
    expect(spans('身份证 11010519900307123X')).toEqual([]);
  });

  it('needs context or card grouping for bank cards, and a valid Luhn digit', () => {
    expect(spans('银行卡号6222021234567890128')).toEqual(['bankCard:6222021234567890128']);
    expect(spans('编号6222021234567890128')).toEqual([]);
    expect(spans('卡号6222021234567890127')).toEqual([]);
  });

  it('finds HK and TW IDs, passports after a context word, emails, landlines, coordinates', () => {
    expect(spans('香港身份证 A123456(3)，护照 E12345678')).toEqual([
      'idNumber:A123456(3)',
      'passport:E12345678',
    ]);
    expect(spans('身分證字號 A123456789')).toEqual(['idNumber:A123456789']);
    expect(spans('香港身份证 G123456(A)')).toEqual(['idNumber:G123456(A)']);
    expect(spans('邮箱 zhang.san@example.com')).toEqual(['email:zhang.san@example.com']);
    expect(spans('座机(0755)88886666转801')).toEqual(['landline:(0755)88886666转801']);
    expect(spans('位置 30.28751,120.16203')).toEqual(['geo:30.28751,120.16203']);
  });

  it('finds names after context words and keeps honorific-only forms', () => {
    expect(spans('收件人：欧阳娜娜')).toEqual(['name:欧阳娜娜']);
    expect(spans('联系人 阿依古丽·买买提')).toEqual(['name:阿依古丽·买买提']);
    expect(spans('Recipient: John Smith')).toEqual(['name:John Smith']);
    expect(spans('找王先生')).toEqual([]);
  });

  it('finds addresses by division names and context words', () => {
    expect(spans('送到北京市朝阳区建国路88号SOHO现代城3号楼1201室，谢谢')).toEqual([
      'address:北京市朝阳区建国路88号SOHO现代城3号楼1201室',
    ]);
    expect(spans('地址：幸福小区5栋2单元301')).toEqual(['address:幸福小区5栋2单元301']);
    expect(spans('我在北京出差')).toEqual([]);
  });

  it('filters by kind and confidence and rejects a non-string', () => {
    expect(detect('张三13812345678', { kinds: ['phone'] }).map((f) => f.kind)).toEqual(['phone']);
    expect(detect('张三13812345678', { minConfidence: 0.9 }).map((f) => f.kind)).toEqual(['phone']);
    expect(() => detect(1 as never)).toThrow(/string/);
  });
});

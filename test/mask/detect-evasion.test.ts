// Personal data disguised with other code points must be found, and found over the whole
// disguised span of the original text: digits of other scripts and compatibility forms,
// invisible and format characters between the digits, and the separators people put between
// digit groups. Each case goes through detect() (offsets into the original) and redact() (no
// digit of the hidden part survives, and redacting again changes nothing).
import { describe, expect, it } from 'vitest';
import {
  detect,
  maskBirthDate,
  maskDeviceId,
  maskGeo,
  maskIp,
  maskPickupCode,
  normalizeForDetection,
  redact,
} from 'courier-pii/mask';

const MOBILE = '13812345678';

/** The mobile written with each digit replaced by `digit(d)`. */
function spell(digit: (d: number) => string, v = MOBILE): string {
  return [...v].map((c) => digit(Number(c))).join('');
}

// every Unicode decimal digit class people paste, and compatibility forms NFKC folds
const DIGIT_FORMS: Array<[string, (d: number) => string]> = [
  ['full-width', (d) => String.fromCharCode(0xff10 + d)],
  ['Arabic-Indic', (d) => String.fromCharCode(0x660 + d)],
  ['extended Arabic-Indic (Persian)', (d) => String.fromCharCode(0x6f0 + d)],
  ['Devanagari', (d) => String.fromCharCode(0x966 + d)],
  ['Bengali', (d) => String.fromCharCode(0x9e6 + d)],
  ['Thai', (d) => String.fromCharCode(0xe50 + d)],
  ['Myanmar', (d) => String.fromCharCode(0x1040 + d)],
  ['mathematical bold', (d) => String.fromCodePoint(0x1d7ce + d)],
  ['mathematical double-struck', (d) => String.fromCodePoint(0x1d7d8 + d)],
  ['mathematical monospace', (d) => String.fromCodePoint(0x1d7f6 + d)],
  ['segmented (outlined) digits', (d) => String.fromCodePoint(0x1fbf0 + d)],
  ['circled', (d) => (d === 0 ? '\u24ea' : String.fromCharCode(0x2460 + d - 1))],
  ['superscript', (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[d]!],
];

// invisible and format characters (default-ignorable, general category Cf)
const HIDDEN: Array<[string, string]> = [
  ['zero-width space U+200B', '\u200b'],
  ['zero-width non-joiner U+200C', '\u200c'],
  ['zero-width joiner U+200D', '\u200d'],
  ['word joiner U+2060', '\u2060'],
  ['soft hyphen U+00AD', '\u00ad'],
  ['byte order mark U+FEFF', '\ufeff'],
  ['left-to-right mark U+200E', '\u200e'],
  ['right-to-left override U+202E', '\u202e'],
  ['invisible separator U+2063', '\u2063'],
  ['Mongolian vowel separator U+180E', '\u180e'],
  ['variation selector U+FE0F', '\ufe0f'],
  ['tag character U+E0031', '\u{e0031}'],
];

const SEPARATORS: Array<[string, string]> = [
  ['full stop', '.'],
  ['slash', '/'],
  ['en dash', '\u2013'],
  ['em dash', '\u2014'],
  ['middle dot', '\u00b7'],
  ['hyphen U+2010', '\u2010'],
  ['non-breaking hyphen U+2011', '\u2011'],
  ['figure dash', '\u2012'],
  ['horizontal bar', '\u2015'],
  ['minus sign', '\u2212'],
  ['bullet', '\u2022'],
  ['katakana middle dot', '\u30fb'],
  ['full-width full stop', '\uff0e'],
  ['full-width solidus', '\uff0f'],
  ['full-width hyphen-minus', '\uff0d'],
  ['space', ' '],
  ['hyphen-minus', '-'],
];

/** Asserts one phone finding exactly over `value` inside `text`, and a redaction that hides it. */
function expectPhoneOver(text: string, value: string): void {
  const start = text.indexOf(value);
  expect(start).toBeGreaterThanOrEqual(0);
  const found = detect(text).filter((f) => f.kind === 'phone');
  expect(found.map((f) => [f.start, f.end])).toEqual([[start, start + value.length]]);
  const out = redact(text).text;
  // the part of the number between the kept head and tail is hidden, whatever its script
  expect(normalizeForDetection(out)).not.toContain('1234');
  expect(out.startsWith(text.slice(0, start))).toBe(true);
  expect(out.endsWith(text.slice(start + value.length))).toBe(true);
  expect(redact(out).text).toBe(out);
}

describe('digits of other scripts and compatibility forms', () => {
  it.each(DIGIT_FORMS)('finds a mobile written in %s digits over its original span', (_name, digit) => {
    const v = spell(digit);
    expectPhoneOver(`请打电话${v}，谢谢`, v);
    expectPhoneOver(`${v}`, v);
  });

  it('finds a resident ID and a bank card in Arabic-Indic digits', () => {
    const id = spell((d) => String.fromCharCode(0x660 + d), '110105199003071239');
    const t = `身份证${id}已核验`;
    expect(detect(t)).toEqual([{ kind: 'idNumber', start: 3, end: 3 + id.length, confidence: 0.99 }]);
    const card = spell((d) => String.fromCodePoint(0x1d7ce + d), '6222021234567890128');
    const c = `卡号${card}`;
    expect(detect(c).map((f) => [f.kind, f.start, f.end])).toEqual([['bankCard', 2, 2 + card.length]]);
    expect(redact(c).text).toBe(`卡号${'*'.repeat(19)}`);
  });

  // every masker reads digits of other scripts: a pickup code, an IP address or a position written
  // in them was found but passed through redact() and its masker in clear
  const SECRETS: Array<[string, string, string[], (v: string) => string]> = [
    ['取件码 ', '8-2-1033', ['8-2', '1033'], maskPickupCode],
    ['取件码：', '556677', ['556677'], maskPickupCode],
    ['IP ', '192.168.1.20', ['.1.20'], maskIp],
    ['坐标 ', '31.2304,121.4737', ['2304', '4737'], maskGeo],
  ];
  it.each(DIGIT_FORMS)(
    'hides pickup codes, IP addresses and positions written in %s digits',
    (_name, digit) => {
      for (const [label, value, hidden, masker] of SECRETS) {
        const v = value.replace(/[0-9]/g, (c) => digit(Number(c)));
        const t = `${label}${v}`;
        const out = normalizeForDetection(redact(t).text);
        for (const h of hidden) expect(out, label).not.toContain(h);
        expect(redact(redact(t).text).text).toBe(redact(t).text);
        const masked = normalizeForDetection(masker(v));
        for (const h of hidden) expect(masked, label).not.toContain(h);
        // read as the plain value is
        expect(masked).toBe(masker(value));
      }
      const device = normalizeForDetection(maskDeviceId(spell(digit, '490154203237518')));
      expect(device).toBe('***********7518');
      expect(normalizeForDetection(maskBirthDate(spell(digit, '19900307')))).toBe('1990****');
    },
  );
});

describe('invisible and format characters', () => {
  it.each(HIDDEN)('finds a mobile with %s between its digits', (_name, h) => {
    for (const v of [`138${h}1234${h}5678`, [...MOBILE].join(h)]) expectPhoneOver(`电话：${v}。`, v);
    // hidden characters around the number are not part of it
    expectPhoneOver(`电话：${h}${MOBILE}${h}。`, MOBILE);
  });

  it('reports the span from the first to the last real character, hidden ones inside included', () => {
    const t = `电话\u200b138\u200b1234\u200b5678\u200b谢谢`;
    expect(detect(t)).toEqual([{ kind: 'phone', start: 3, end: 16, confidence: 0.97 }]);
    expect(redact(t).text).toBe('电话\u200b***\u200b****\u200b****\u200b谢谢');
  });

  it('finds names, addresses, emails and IDs with hidden characters inside', () => {
    const cases: Array<[string, string, string]> = [
      ['收件人：张\u200b伟，电话', 'name', '张\u200b伟'],
      ['送到北京\u200d市朝阳区建国路88\u2060号，谢谢', 'address', '北京\u200d市朝阳区建国路88\u2060号'],
      ['邮箱 zhang\u00ad.san@exam\u200bple.com 谢谢', 'email', 'zhang\u00ad.san@exam\u200bple.com'],
      ['身份证 110105\ufeff19900307\ufeff1239', 'idNumber', '110105\ufeff19900307\ufeff1239'],
    ];
    for (const [text, kind, value] of cases) {
      const start = text.indexOf(value);
      expect(detect(text).map((f) => [f.kind, f.start, f.end])).toContainEqual([
        kind,
        start,
        start + value.length,
      ]);
      const out = redact(text).text;
      expect(redact(out).text).toBe(out);
    }
    // the address keeps its administrative prefix as written, and hides the rest
    expect(redact('送到北京\u200d市朝阳区建国路88\u2060号，谢谢').text).toBe(
      '送到北京\u200d市朝阳区****，谢谢',
    );
  });
});

describe('separators inside numbers', () => {
  it.each(SEPARATORS)('finds a mobile grouped 3-4-4 with %s', (_name, sep) => {
    const v = `138${sep}1234${sep}5678`;
    expectPhoneOver(`联系电话${v}，谢谢`, v);
    expectPhoneOver(`手机 +86${sep}${v} 找我`, `+86${sep}${v}`);
  });

  it.each(SEPARATORS.filter(([, s]) => s !== '-' && s !== ' '))(
    'finds a mobile spaced digit by digit with %s',
    (_name, sep) => {
      const v = [...MOBILE].join(sep);
      expectPhoneOver(`电话 ${v} 谢谢`, v);
    },
  );

  it('finds landlines, resident IDs and bank cards grouped with the new separators', () => {
    expect(detect('座机0532·8888·6666').map((f) => f.kind)).toEqual(['landline']);
    expect(detect('电话021/12345678').map((f) => f.kind)).toEqual(['landline']);
    expect(detect('身份证110105.19900307.1239').map((f) => f.kind)).toEqual(['idNumber']);
    expect(detect('身份证110105—19900307—1239').map((f) => f.kind)).toEqual(['idNumber']);
    expect(detect('卡号6222·0212·3456·7890·128').map((f) => f.kind)).toEqual(['bankCard']);
    expect(detect('退款到6222–0212–3456–7890–128').map((f) => f.kind)).toEqual(['bankCard']);
  });

  it('does not read decimals, coordinates, IP addresses, dates or versions as numbers', () => {
    for (const t of [
      '经度 139.76712345',
      '位置 35.68123,139.76712345',
      'IP 138.123.45.67',
      '日期 2024.05.12 13:45',
      '日期 2024/05/12',
      '版本 13.8.1234',
      '金额 1381234.56 元',
      '重量 13.81234567 kg',
    ]) {
      expect(
        detect(t).filter((f) => f.kind === 'phone' || f.kind === 'bankCard'),
        t,
      ).toEqual([]);
    }
  });
});

describe('normalizeForDetection', () => {
  it('folds, maps digits and removes hidden characters, and leaves plain text as it is', () => {
    expect(normalizeForDetection('电话١٣٨\u200b１２３４𝟓𝟔𝟕𝟖')).toBe('电话13812345678');
    const plain = '收件人：张三，电话13812345678，送到北京市朝阳区建国路88号…';
    expect(normalizeForDetection(plain)).toBe(plain);
    expect(() => normalizeForDetection(1 as never)).toThrow(/string/);
  });
});

// redactJson: parsed JSON whose schema the caller does not have, redacted string by string with
// each key as context. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { isPiiError } from 'courier-pii';
import { pseudonymize, redactJson } from 'courier-pii/mask';

const log = {
  orderNo: '13800001111',
  skuId: 13900002222,
  receiver: {
    name: 'Zhang Wei',
    phones: ['13812345678', 13912345678],
    address: '星湖街328号创意产业园5-501',
  },
  receiverName: '欧阳娜娜',
  tel: '88886666',
  remark: '放门口，有事打13712345678',
  weightKg: 1.2,
  delivered: false,
  items: [{ sku: 'A1', note: null }],
};

describe('redactJson', () => {
  it('reads each value with its key as context, and leaves what the keys say is not personal', () => {
    const { value, findings } = redactJson(log);
    expect(value).toEqual({
      orderNo: '13800001111',
      skuId: 13900002222,
      receiver: { name: 'Z**** W**', phones: ['138****5678', '139****5678'], address: '****' },
      receiverName: '欧阳**',
      tel: '****6666',
      remark: '放门口，有事打137****5678',
      weightKg: 1.2,
      delivered: false,
      items: [{ sku: 'A1', note: null }],
    });
    expect(findings.map((f) => `${f.path}:${f.kind}`)).toEqual([
      'receiver.name:name',
      'receiver.phones[0]:phone',
      'receiver.phones[1]:phone',
      'receiver.address:address',
      'receiverName:name',
      'tel:phone',
      'remark:phone',
    ]);
    // offsets are into the string at that path
    expect(findings.find((f) => f.path === 'remark')).toMatchObject({ start: 7, end: 18 });
  });

  it('does not modify the input', () => {
    const copy = structuredClone(log);
    redactJson(log);
    expect(log).toEqual(copy);
  });

  it('redacts keys too, and never puts what a key held in a path', () => {
    const { value, findings } = redactJson({ '13812345678': { n: 1 }, '138****5678': 2, '13912345678': 3 });
    expect(Object.keys(value as object)).toEqual(['138****5678', '138****5678~2', '139****5678']);
    expect(findings.map((f) => [f.path, f.inKey])).toEqual([
      ['$["138****5678"]', true],
      ['$["139****5678"]', true],
    ]);
    expect(JSON.stringify(findings)).not.toContain('12345678');
  });

  it('supports label and pseudonym modes', () => {
    expect(redactJson({ mobile: '13812345678', remark: '收件人：张三' }, { mode: 'label' }).value).toEqual({
      mobile: '[PHONE]',
      remark: '收件人：[NAME]',
    });
    const key = new Uint8Array(32).fill(5);
    const { value } = redactJson({ mobile: '138.1234.5678' }, { mode: 'pseudonym', key });
    expect((value as { mobile: string }).mobile).toMatch(/^phone_[a-z2-7]{26}$/);
    expect(redactJson({ mobile: '13812345678' }, { mode: 'pseudonym', key }).value).toEqual({
      mobile: pseudonymize('13812345678', key, 'phone'),
    });
  });

  it('refuses what is not parsed JSON, and over-deep nesting', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isPiiError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => redactJson({ at: new Date() }))).toBe('INVALID_ARGUMENT');
    expect(code(() => redactJson({ f: () => 1 }))).toBe('INVALID_ARGUMENT');
    expect(code(() => redactJson(new Map()))).toBe('INVALID_ARGUMENT');
    let deep: unknown = 'x';
    for (let i = 0; i < 70; i++) deep = { a: deep };
    expect(code(() => redactJson(deep))).toBe('INVALID_ARGUMENT');
    expect(code(() => redactJson({}, { mode: 'nope' as never }))).toBe('INVALID_ARGUMENT');
    expect(code(() => redactJson({}, { mode: 'pseudonym' }))).toBe('INVALID_ARGUMENT');
  });

  it('redacts a string at the root like redact', () => {
    expect(redactJson('电话13812345678').value).toBe('电话138****5678');
    expect(redactJson(null).value).toBeNull();
  });
});

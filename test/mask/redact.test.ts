import { describe, expect, it } from 'vitest';
import { isPiiError } from '../../src/errors.js';
import { pseudonymize, redact } from 'courier-pii/mask';

const note =
  '收件人：欧阳娜娜，电话13812345678，送到山东省青岛市市南区香港中路61号，身份证110105199003071239';
const key = new Uint8Array(32).fill(3);

describe('redact', () => {
  it('masks by the convention table by default', () => {
    expect(redact(note).text).toBe(
      '收件人：欧阳**，电话138****5678，送到山东省青岛市市南区****，身份证1****************9',
    );
  });

  it('replaces with kind labels', () => {
    expect(redact(note, { mode: 'label' }).text).toBe(
      '收件人：[NAME]，电话[PHONE]，送到[ADDRESS]，身份证[ID_NUMBER]',
    );
  });

  it('replaces with stable keyed pseudonyms', () => {
    const a = redact(note, { mode: 'pseudonym', key });
    expect(a.text).toContain(pseudonymize('13812345678', key, 'phone'));
    expect(a.text).not.toContain('13812345678');
    expect(redact(note, { mode: 'pseudonym', key }).text).toBe(a.text);
  });

  it('returns findings with offsets into the input and the input unchanged when nothing is found', () => {
    const r = redact(note);
    expect(r.findings.map((f) => note.slice(f.start, f.end))).toEqual([
      '欧阳娜娜',
      '13812345678',
      '山东省青岛市市南区香港中路61号',
      '110105199003071239',
    ]);
    expect(redact('运单号SF1381234567890')).toEqual({ text: '运单号SF1381234567890', findings: [] });
  });

  it('passes mask options and kind filters through', () => {
    expect(redact('电话13812345678', { mask: { maskChar: '•' } }).text).toBe('电话138••••5678');
    expect(redact(note, { kinds: ['phone'] }).text).toContain('欧阳娜娜');
  });

  it('rejects pseudonym mode without a key and an unknown mode, without echoing the text', () => {
    for (const opts of [{ mode: 'pseudonym' as const }, { mode: 'shred' as never }]) {
      try {
        redact(note, opts);
        expect.unreachable();
      } catch (e) {
        expect(isPiiError(e) && e.code).toBe('INVALID_ARGUMENT');
        expect((e as Error).message).not.toContain('13812345678');
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';

// The one pass over a text keeps its offset buffers between calls; they grow for a long text
// and shrink again after it. Results must not depend on what was detected before.
const note = '收件人：欧阳娜娜，电话13812345678，送到山东省青岛市市南区香港中路61号金地广场3号楼1201室';

describe('detection buffers reused across calls', () => {
  it('give the same findings for a short note before and after a very long text', () => {
    const before = detect(note);
    const long = `${'收件人：张三，电话13812345678，地址北京市朝阳区建国路88号。'.repeat(2000)}1`.repeat(2);
    expect(detect(long).length).toBeGreaterThan(8000);
    expect(detect(note)).toEqual(before);
    expect(before.map((f) => f.kind)).toEqual(['name', 'phone', 'address']);
  });

  it('find numbers written with full-width digits at their offsets in the original text', () => {
    const text = '电话１３８１２３４５６７８，谢谢';
    const [f] = detect(text);
    expect(f).toMatchObject({ kind: 'phone', start: 2, end: 13 });
    // full-width digits are not a phone shape for the masker, so every digit is hidden
    expect(redact(text).text).toBe('电话***********，谢谢');
  });
});

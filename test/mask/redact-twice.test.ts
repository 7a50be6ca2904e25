import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';

describe('redacting an already redacted text', () => {
  it('does not read the kept head of a masked mobile as a house number after a district', () => {
    const once = redact('北京市朝阳区13812345678').text;
    expect(once).toBe('北京市朝阳区138****5678');
    expect(redact(once).text).toBe(once);
  });

  it('still reports an address whose house number is written in full', () => {
    const r = redact('送到北京市朝阳区建国路88号，电话13812345678');
    expect(r.findings.map((f) => f.kind)).toEqual(['address', 'phone']);
    expect(redact(r.text).text).toBe(r.text);
  });
});

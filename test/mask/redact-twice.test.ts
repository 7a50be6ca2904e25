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

  it('finds an address it already masked again, so a name glued before it stays as it was', () => {
    // the name candidate 张三北 overlaps the address 北京市朝阳区..., which wins on the first pass
    const once = redact('收件人：张三北京市朝阳区0776300757').text;
    expect(once).toBe('收件人：张三北京市朝阳区****');
    expect(redact(once).findings.map((f) => f.kind)).toEqual(['address']);
    expect(redact(once).text).toBe(once);
  });

  it('does not add a second tail to a masked region field', () => {
    const once = redact('所在地区：甘肃省嘉峪关市新华中路33号').text;
    expect(once).toBe('所在地区：甘肃省嘉峪关市****');
    expect(redact(once).text).toBe(once);
  });
});

import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';

describe('redacting an already redacted text', () => {
  it('does not read digits after a masked code and a space as a list number before a name', () => {
    // (found by the random redact-twice property: 3456 went on from the code's digits on the first pass)
    const once = redact('取件码0571-8888999912 3456、张伟').text;
    expect(once).toBe('取件码****-********** 3456、张伟');
    expect(redact(once).text).toBe(once);
    // a list number after a word and a space still numbers its item
    expect(redact('已处理 3、王芳未接').text).toBe('已处理 3、王*未接');
  });

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
    // the name stops before the division name (张三, not 张三北), so both are masked on the first
    // pass; the second finds the masked address again and leaves the masked name as it is
    const once = redact('收件人：张三北京市朝阳区建国路88号').text;
    expect(once).toBe('收件人：张*北京市朝阳区****');
    expect(redact(once).findings.map((f) => f.kind)).toEqual(['address']);
    expect(redact(once).text).toBe(once);
  });

  it('does not add a second tail to a masked region field', () => {
    const once = redact('所在地区：甘肃省嘉峪关市新华中路33号').text;
    expect(once).toBe('所在地区：甘肃省嘉峪关市****');
    expect(redact(once).text).toBe(once);
  });

  it('finds an email it already masked again, so digits in its domain are not read as a phone', () => {
    const once = redact('0@13812345678.com').text;
    expect(once).toBe('*@13812345678.com');
    expect(redact(once).findings.map((f) => f.kind)).toEqual(['email']);
    expect(redact(once).text).toBe(once);
    // the masked shapes the masker writes: no kept character, one kept character
    for (const masked of ['**@example.com', 'z********@example.com'])
      expect(redact(masked).text).toBe(masked);
  });

  it('does not read a masked address as a column name, so the row under it is read as before', () => {
    // the address's house number kept its line from being a header; the masked one has no digit
    const text = 'receiverName; 北京市朝阳区建国路88号\n张伟; ';
    const once = redact(text).text;
    expect(once).toBe('receiverName; 北京市朝阳区****\n张伟; ');
    expect(redact(once).text).toBe(once);
    // a header line without digits still heads its rows
    expect(redact('mobile; 张伟\n13812345678; ').text).toBe('mobile; 张*\n138****5678; ');
  });

  it('reads a masked name in a clause as the word it was, so the clause labels as before', () => {
    const text = '您好张伟orderNo for :13812345678';
    const once = redact(text).text;
    expect(once).toBe('您好张*orderNo for :13812345678');
    expect(redact(once).text).toBe(once);
    // a digit in the clause still ends it, and the number is a phone
    expect(redact('您好张伟7orderNo for :13812345678').text).toContain('138****5678');
  });

  it('does not read a line with a masked value before a key as a column heading', () => {
    // the code's digits kept the line from heading the number under it; its masked form must too
    // (the number of 16 digits right after the second 取件码 is masked as a code of its own, on
    // both passes)
    const text = '取件码8-2-1033取件码\n8893882166350041';
    const once = redact(text).text;
    expect(once).toBe('取件码*-*-****取件码\n****************');
    expect(redact(once).text).toBe(once);
    // a key alone on its line still heads the value under it
    expect(redact('取件码\n8893882166350041').text).toBe('取件码\n****************');
    // and a lone '*' marking a required field is no masked value: the heading keeps its numbers
    expect(redact('*手机号：\n13812345678\n13812345679\n13812345680').text).toBe(
      '*手机号：\n138****5678\n138****5679\n138****5680',
    );
  });

  it('ends an address before a Latin word glued to its house number, so the name after it is masked', () => {
    // the address took Zhang as a unit code and left Wei in clear on the first pass
    const text = '北京市朝阳区建国路88号Zhang Wei';
    const once = redact(text).text;
    expect(once).toBe('北京市朝阳区****Z**** W**');
    expect(redact(once).text).toBe(once);
    // and a Latin name after a room number is found as the next field's
    expect(redact('香港中路61号金地广场3号楼1201室Emily Chen我在').text).toBe('香港****E**** C***我在');
    // unit codes in capitals or a letter and digits stay the address's
    expect(redact('北京市朝阳区建国路88号SOHO现代城B座1203').text).toBe('北京市朝阳区****');
    expect(redact('上海市浦东新区世纪大道100号T1 1201').text).toBe('上海市浦东新区****');
  });

  it('does not turn masked digits glued to a separator into the edge of a new number', () => {
    const once = redact('北京市朝阳区 0/13812345678').text;
    expect(redact(once).text).toBe(once);
    const plus = redact('北京市朝阳区SF0+90000000').text;
    expect(redact(plus).text).toBe(plus);
  });
});

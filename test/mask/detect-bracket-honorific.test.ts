// A full name in brackets after the same surname and an honorific, as staff and customers write
// it with either bracket: 王先生(王建华), 林女士 (林晓雯), 欧阳小姐（欧阳倩）. Not taken: another
// surname, a place or a body that starts with the surname, a remark, a bare surname. Every value
// is synthetic.
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

const names = (text: string): string[] =>
  detect(text)
    .filter((f) => f.kind === 'name')
    .map((f) => text.slice(f.start, f.end));

describe('a full name in ASCII brackets after an honorific', () => {
  it.each([
    ['王先生(王建华)', '王建华'],
    ['请联系吴先生(吴国华)，他下午在', '吴国华'],
    ['欧阳小姐(欧阳倩)来取件', '欧阳倩'],
    ['林女士 (林晓雯) 已签收', '林晓雯'],
    ['林女士 （林晓雯） 已签收', '林晓雯'],
    ['交给周师傅(周建军)了', '周建军'],
  ])('%s gives %s', (text, name) => {
    expect(names(text)).toEqual([name]);
    expect(redact(text).text).not.toContain(name);
  });

  it.each([
    ['another surname', '王先生(李建华)'],
    ['a shop that starts with the surname', '王先生(王府井店)'],
    ['a city that starts with the surname', '张师傅(张家口)'],
    ['a remark', '王先生(已签收)'],
    ['the bare surname', '王先生(王)'],
    ['no honorific', '王建(王建华)'],
    ['two spaces', '林女士  (林晓雯)'],
  ])('does not take %s', (_what, text) => {
    expect(names(text)).toEqual([]);
  });

  it('keeps a list number in brackets a list number, its subject read as before', () => {
    expect(names('(3) 王芳拒收')).toEqual(['王芳']);
  });
});

describe('time', () => {
  it.each(['王先生(王建华)', '先生(', '林女士 (', '王先生(王府井店)'])(
    'grows linearly for repeated %s',
    (unit) => {
      expectRedactLinear(unit);
    },
  );
});

// Two places where a mobile-shaped number has no word of what it is, decided for privacy: the key
// of a failed lookup in a traceback (Python's KeyError: '1381…', a map keyed by phone as often as
// by waybill) and the value of a site word without a number word (揽收网点, 派件网点, 站点: the
// site's name or its contact, often a franchisee's own mobile). Both stay phones; a site's number
// word (网点编码, 站点编号, siteCode) still makes a code of it. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { phones } from '../support/detect-findings.js';

const A = '13556001234';

describe('the key of a failed lookup', () => {
  it.each([
    `KeyError: '${A}'`,
    `Traceback (most recent call last):\n  File "sync.py", line 12, in <module>\nKeyError: '${A}'`,
    `raise KeyError("${A}")`,
  ])('stays a phone in %j', (text) => {
    expect(phones(text)).toEqual([A]);
    expect(redact(text).text).not.toContain(A);
  });
});

describe('a site word without a number word', () => {
  it.each([`揽收网点 ${A}`, `{"揽收网点":"${A}"}`, `派件网点(${A})`, `站点 ${A} 请联系`])(
    'keeps the mobile a phone in %j',
    (text) => {
      expect(phones(text)).toEqual([A]);
    },
  );

  it.each([`揽收网点编码 ${A}`, `网点编号:${A}`, `{"siteCode":"${A}"}`, `站点编号 ${A}`])(
    'a site number word makes a code of it: %j',
    (text) => {
      expect(phones(text)).toEqual([]);
    },
  );
});

// Emails written out so that filters miss them: a bracketed or spaced "at", a spaced '@', a dot
// written as a word or as 。, a '#' before a mail provider. A spaced "at" counts before a mail
// provider's domain, a written-out dot or after a mail word; never after a pronoun or a verb
// (email us at help.example.com, look at qq.com name a site). Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found } from '../support/detect-findings.js';

const emails = (text: string) => found(text, 'email');

describe('emails written out', () => {
  it.each([
    ['我邮箱 chen.yu88 at 126 dot com', 'chen.yu88 at 126 dot com'],
    ['mail: wang_lei [at] outlook [dot] com', 'wang_lei [at] outlook [dot] com'],
    ['发票发到 liuf(at)sohu.com 谢谢', 'liuf(at)sohu.com'],
    ['发票邮箱 kaiyuan（at）corp-mail.cn', 'kaiyuan（at）corp-mail.cn'],
    ['Email - tom.h92 AT yahoo DOT co DOT uk', 'tom.h92 AT yahoo DOT co DOT uk'],
    ['reach me: jiali @ foxmail.com', 'jiali @ foxmail.com'],
    ['邮箱：88765432@qq。com', '88765432@qq。com'],
    ['QQ邮箱 87654321#qq.com', '87654321#qq.com'],
    ['please send to meiling at gmail.com', 'meiling at gmail.com'],
    ['e-mail ops-team at shipper.example.org', 'ops-team at shipper.example.org'],
  ])('%j has the email %j', (text, email) => {
    expect(emails(text)).toEqual([email]);
    const out = redact(text).text;
    expect(out).not.toContain(email.slice(0, 4));
    expect(redact(out).text).toBe(out);
  });

  it.each([
    ['a site to log in at', 'log in at sf-express.com to track'],
    ['a site after a pronoun', 'email us at support.example.com'],
    ['a page to look at', 'look at qq.com'],
    ['a place name with a dot', 'arrived at Shenzhen.Hub today'],
    ['a time with a written dot', 'please call at 9 dot 30'],
    ['an amount after a hash', 'order #163.00 paid'],
    ['a weight after a hash', 'SKU#126.5kg'],
    ['a mention', '@wangfang 你好'],
    ['a hash before a domain no provider runs', 'issue #12 at github.com'],
  ])('leaves %s alone', (_what, text) => {
    expect(emails(text)).toEqual([]);
  });

  it('keeps a plain email as the email pattern finds it', () => {
    expect(emails('contact: ops@example.com or chen at 126 dot com')).toEqual([
      'ops@example.com',
      'chen at 126 dot com',
    ]);
  });

  it('grows linearly with repeated written-out ats and dots', () => {
    expectRedactLinear('li at qq dot com a [at] b (at) c # d @ e 。 f at ');
  });
});

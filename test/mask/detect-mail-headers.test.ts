// The person of a mail header line written without an address, in a block of header lines as
// mail clients quote a message (From: / Sent: / To: / Subject:, 发件人 / 发送时间 / 主题): a
// person's capitalized words or a Chinese name filling the value. Not taken: a team, a desk, a
// hub or a company; a From/To/Date block of a shipment's route; a lone From: line. Every value is
// synthetic.
import { describe, expect, it } from 'vitest';
import { detect, redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

const names = (text: string): string[] =>
  detect(text)
    .filter((f) => f.kind === 'name')
    .map((f) => text.slice(f.start, f.end));

describe('a person on a mail header line without an address', () => {
  it.each([
    [
      'From: Kwame Mensah\nSent: Monday, 7 December 2026 09:12\nTo: ops@example.com\nSubject: claim',
      ['Kwame Mensah'],
    ],
    [
      'From: Tanvir Hossain\nTo: Olusegun Obasanjo\nSubject: RE: SF1234567890',
      ['Tanvir Hossain', 'Olusegun Obasanjo'],
    ],
    [
      '> From: Ines Duarte\n> Sent: Tuesday\n> To: Kwame Mensah; Ops Team\n> Subject: RE: claim',
      ['Ines Duarte', 'Kwame Mensah'],
    ],
    ['From: 郑雅琴\nSent: 2026-12-07 09:12\nSubject: 包裹延误', ['郑雅琴']],
    ['From: Kwame Mensah\nDate: Mon, 7 Dec 2026\nTo: ops@example.com\nSubject: claim', ['Kwame Mensah']],
    ['From: Ines Duarte [mailto:ines.d@example.com]\nSent: Monday', ['Ines Duarte']],
    ['Cc: 司马春来\r\nSubject: 回复：投诉', ['司马春来']],
  ])('finds the person in %j', (text, expected) => {
    expect(names(text)).toEqual(expected);
    for (const n of expected) expect(redact(text).text).not.toContain(n);
  });

  it.each([
    ['a hub', 'From: Shenzhen Hub\nSent: Monday\nSubject: manifest'],
    ['a desk', 'From: Customer Service\nSent: Monday\nSubject: claim'],
    ['a company', 'From: Lazada Express\nSent: Monday\nSubject: pickup'],
    ['a role', 'From: Shift Supervisor\nSent: Monday\nSubject: roster'],
    ['a no-reply sender', 'From: Mailer Daemon\nSubject: delivery failure'],
    ['a hub in Chinese', 'From: 深圳转运中心\n发送时间: 今天\n主题: 到件'],
    ['a city led by a surname', 'From: 张家港\n主题: 到货'],
    ['a lone From line', 'From: Kwame Mensah'],
    ['a label that only ends in from', 'Moved from: Kwame Mensah\nSubject: bay'],
    ["a shipment's route", 'Shipment\nFrom: Kwame Mensah\nDate: Monday\nWeight: 2 kg'],
    ['a value with more than a name', 'From: Kwame Mensah and Ops\nSent: Monday'],
  ])('does not take %s', (_what, text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('a Latin label before a team, a desk, a company or a place', () => {
  it.each([
    'To: Ops',
    'Attn: Sales Team',
    'To: Warehouse',
    'To: Shenzhen',
    'Ship to: Hong Kong',
    'To: Marketing',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });

  it.each([
    ['To: Li Na', 'Li Na'],
    ['Attn: Kwame Mensah', 'Kwame Mensah'],
    ['Recipient: Zhang Wei, Tel 13812345678', 'Zhang Wei'],
    ['To: Wong', 'Wong'],
  ])('%j still finds the person', (text, name) => {
    expect(names(text)).toEqual([name]);
  });
});

describe('time', () => {
  it.each([
    'To: Ops ',
    'Attn: Hong Kong\n',
    'From: Kwame Mensah\nSent: Monday\n',
    'From:\nTo:\n',
    'Subject: x\n',
    '> From: Ines Duarte; ',
  ])('grows linearly for repeated %j', (unit) => {
    expectRedactLinear(unit);
  });
});

// A company's or a shop's line is not a person's phone: a number the text presents as an
// organisation's line (hotline, customer service, 客服热线) or a toll-free number nothing ties to
// a person, right after the line's word. Tested both ways: a person's number after call me on, the courier's number, a driver's
// or my mobile, and a mainland mobile given as a shop's 客服, stay phones. And Singapore street
// addresses keep their unit (#12-05) and postal line (Singapore 068898). Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { detect } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';

function spans(text: string): string[] {
  return detect(text).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
}

describe("an organisation's line is not a phone", () => {
  it.each([
    'For import duties please call UPS at 1 888 555 0143.',
    'Questions about your refund? Our customer service is on 1-800-555-0177.',
    'Customer care hotline: +1 877 555 0110 (Mon-Fri 9-6)',
    'Our Hanoi office hotline +84 24 3933 0021 answers from 8am.',
    'Hotline: +65 6311 2040',
    'Switchboard +44 20 7946 0321, ask for the returns team',
    '如需改约请致电客服热线 +852 2311 4050',
  ])('reports no phone in %s', (text) => {
    expect(spans(text).filter((s) => s.startsWith('phone:'))).toEqual([]);
  });
});

describe("a person's number stays a phone", () => {
  it.each([
    ['Call me on +1 888 555 0143 when you land.', 'phone:1 888 555 0143'],
    ["The courier's number is +1 877 555 0110.", 'phone:1 877 555 0110'],
    ['Driver: 1 888 555 0143', 'phone:1 888 555 0143'],
    ['Office closed today, call my mobile +44 7700 900321 instead', 'phone:+44 7700 900321'],
    ['Customer service: +1 888 555 0143. My mobile is +1 415 555 0162.', 'phone:1 415 555 0162'],
    ['Hotline +1 800 555 0101, driver mobile +1 415 555 0188', 'phone:1 415 555 0188'],
    ['店铺客服 13812345678', 'phone:13812345678'],
    ['客服热线 139 1234 5678（店主本人）', 'phone:139 1234 5678'],
    ['Customer service: 188 8555 0172', 'phone:188 8555 0172'],
    ['Call the courier on +1 415 555 0172 if you miss him.', 'phone:1 415 555 0172'],
    // a place of work is no line: people give their own number after it
    ['Branch manager John Smith +44 7700 900123', 'phone:+44 7700 900123'],
    ['Front desk: Amy Wong +852 6123 4567', 'phone:+852 6123 4567'],
    ['Office: ring Mrs Lee on +852 9123 4567', 'phone:+852 9123 4567'],
    ['Reception will sign. Jane +1 415 555 0134', 'phone:1 415 555 0134'],
    ['office tel 0755-88889999, Tom +65 9123 4567', 'phone:+65 9123 4567'],
    ['Lost parcels: ask our Da Nang branch, +84 236 382 2010.', 'phone:+84 236 382 2010'],
    // a name or a role between the line's word and the number makes it that person's
    ['客服小王 +852 9123 4567', 'phone:+852 9123 4567'],
    ['Customer service agent Lily Chan +852 6234 5678', 'phone:+852 6234 5678'],
    ['Hotline staff on duty tonight: Peter +44 7700 900456', 'phone:+44 7700 900456'],
  ])('keeps the phone in %s', (text, phone) => {
    expect(spans(text)).toContain(phone);
  });
});

describe('Singapore street addresses', () => {
  it.each([
    ['Delivered to 80 Marina Road, Singapore 068898.', '80 Marina Road, Singapore 068898'],
    ['Please deliver to 10 Anson Road #12-05, Singapore 079903.', '10 Anson Road #12-05, Singapore 079903'],
    [
      'Consignee office: 1 Raffles Place #20-61, Singapore 048616, tel +65 6123 4567',
      '1 Raffles Place #20-61, Singapore 048616',
    ],
  ])('takes the unit and the postal line in %s', (text, address) => {
    expect(spans(text)).toContain(`address:${address}`);
  });

  it('leaves the country out when no postcode follows it', () => {
    expect(spans('Sent from 80 Marina Road, Singapore, to Beijing')).toEqual(['address:80 Marina Road']);
  });
});

describe('the service-line and Singapore rules in linear time', () => {
  it.each([
    ['Customer service hotline: +1 888 555 0172. ', 'a hotline repeated'],
    ['hotline hotline customer service 客服热线 ', 'the line words repeated'],
    ['call 1 800 555 0101 ', 'toll-free numbers repeated'],
    ['10 Anson Road #12-05, Singapore 079903. ', 'a Singapore address repeated'],
  ])('redacts %s (%s) repeated to 64 Ki characters in linear time', (unit) => {
    expectRedactLinear(unit);
  });
});

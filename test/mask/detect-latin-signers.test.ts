// Latin-script names where a proof of delivery, a greeting or a form writes them (latin-names.ts,
// name-context.ts): a surname's particle after a greeting (Hi Pieter van Dijk) and a patronymic
// anywhere a weak word stands (for Ahmad bin Ismail), a surname and an initial (POD signed by
// ZHOU J., Received by J. Smith), who signed (Signed:, POD:, per), a Vietnamese name in its own
// order (Tran Thi Lan); and the places, streets, companies and codes in the same places that
// stay text. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { redact } from 'courier-pii/mask';
import { expectRedactLinear } from '../support/linear-growth.js';
import { found } from '../support/detect-findings.js';

const names = (text: string) => found(text, 'name');

describe('a name with a particle', () => {
  it.each([
    ['Hi Pieter van Dijk, your parcel is on its way', 'Pieter van Dijk'],
    ['Hello Jan de Vries', 'Jan de Vries'],
    ['Hi Sander van der Berg,', 'Sander van der Berg'],
    ['Parcel for Ahmad bin Ismail', 'Ahmad bin Ismail'],
    ['deliver to Siti binti Rahman', 'Siti binti Rahman'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each([
    'Ship to Rio de Janeiro',
    'for Costa del Sol resort',
    'to Van der Valk Hotel',
    'to Universidad de Chile',
    'Hi, meet at Plaza de Armas',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('a surname and an initial, as a proof of delivery is signed', () => {
  it.each([
    // (the initial's dot stays outside the span: the masker keeps an initial as it is)
    ['POD signed by ZHOU J.', 'ZHOU J'],
    ['Signed: WANG J.', 'WANG J'],
    ['Signed: HUANG Q', 'HUANG Q'],
    ['POD: LI M.', 'LI M'],
    ['Received by J. Smith', 'J. Smith'],
    ['collected by Chen X. at 10:02', 'Chen X'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each([
    'Signed: Hall A',
    'Signed: Wood B',
    'Delivered to Block B',
    'Left at Gate A',
    'by Route C',
    'per Plan B',
    'Signed: Yes',
    'POD: Front Door',
    'POD: Photo',
    'POD: Do Not Bend',
    'Per Item Fee: 5 USD',
  ])('%j has no name', (text) => {
    expect(names(text)).toEqual([]);
  });
});

describe('who signed, and a Vietnamese name', () => {
  it.each([
    ['per Emily Davis, the box was damaged', 'Emily Davis'],
    ['POD: Li Na 14:32', 'Li Na'],
    ['Please contact Tran Thi Lan', 'Tran Thi Lan'],
    ['Delivered to Pham Minh Tuan', 'Pham Minh Tuan'],
    ['Signed by Le Van Hung', 'Le Van Hung'],
  ])('%j finds the name', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each([
    'to Ho Chi Minh City',
    'to Vo Van Kiet Street',
    'to Le Van Sy Street',
    'Deliver to Zhang Wei Road',
    'Deliver to Sun Yat Sen Road',
  ])('%j has no name (a street or a city named after a person)', (text) => {
    expect(names(text)).toEqual([]);
  });

  // a place's word that is a surname too stays a person's last name; a lower-case one is the sentence's
  it.each([
    ['call Grace Park at 13812345678', 'Grace Park'],
    ['for Mark Lane', 'Mark Lane'],
    ['for Sarah Hall', 'Sarah Hall'],
    ['tell Zhang Wei park at the gate', 'Zhang Wei'],
  ])('%j keeps the name', (text, name) => {
    expect(names(text)).toContain(name);
  });
});

describe('redacting these names', () => {
  it.each([
    'Hi Pieter van Dijk, your parcel',
    'POD signed by ZHOU J.',
    'Received by J. Smith',
    'per Emily Davis',
  ])('%j is masked once and stays as it is when redacted again', (text) => {
    const once = redact(text).text;
    expect(once).not.toBe(text);
    expect(redact(once).text).toBe(once);
  });
});

describe('these rules cost time linear in the text', () => {
  const units = [
    'Hi Pieter van Dijk, ',
    'Hi van van van ',
    'POD signed by ZHOU J. ',
    'by J. by J. ',
    'per Emily Davis ',
    'to Tran Thi Lan Street ',
  ];
  it.each(units.map((u) => [JSON.stringify(u), u] as const))('for repeated %s', (_name, unit) => {
    expectRedactLinear(unit);
  });
});

// EDI segments whose elements are references by the standard: X12 beginning segments (B10, B2,
// BSN, BIG, BEG, PRF) and L11, and UN/EDIFACT RFF, BGM, CNI and UNH. Their mobile-shaped numbers
// are a message's own references, not phones; a contact's phone in X12 PER or EDIFACT COM, and
// an X12 L11 with the SY (social security) qualifier, stay. Every value is synthetic.
import { describe, expect, it } from 'vitest';
import { phones } from '../support/detect-findings.js';
import { expectRedactLinear } from '../support/linear-growth.js';

const A = '13556000072';
const B = '15846027716';
const P = '13812345678';

describe('X12 beginning and reference segments hold references', () => {
  it.each([
    `ISA*00~ST*214*0001~B10*${A}*${B}*ABCD~`,
    `ST*204*0007~B2**ABCD**${A}**PP~`,
    `BSN*00*${A}*20261207*1200~`,
    `BIG*20261207*${A}**${B}~`,
    `BEG*00*SA*${A}**20261207~`,
    `L11*${A}*BM~L11*${B}*CN~`,
    // one segment a line, as a log writes them
    `ST*214*0001\nB10*${A}*${B}*ABCD\nSE*3*0001`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    [`B10*${A}*${B}*ABCD~PER*IC*Li Na*TE*${P}~`, [P]],
    [`ST*214*0001\nB10*${A}*SHIP7*ABCD\nPER*IC*Li Na*CP*${P}`, [P]],
    [`L11*${P}*SY~`, [P]],
    // not a segment: B10 inside a word, or without its '*'
    [`AB10*${P}~`, [P]],
    [`B10 ${P}`, [P]],
  ])("a contact's phone, and L11*SY, stay: %s", (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('EDIFACT reference segments hold references', () => {
  it.each([
    `UNH+1+IFTSTA:D:01B:UN'RFF+CN:${A}'`,
    `RFF+ON:${A}'RFF+AAO:${B}'`,
    `BGM+340+${A}+9'CNI+1+${B}'`,
    `UNH+${A}+IFTMIN:D:04A:UN'`,
    `RFF+BM:${A}\nRFF+CU:${B}`,
  ])('%s', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    [`RFF+CN:${A}'NAD+CN+++Wang Fang'COM+${P}:TE'`, [P]],
    [`CTA+IC+:Li Na'COM+${P}:TE'`, [P]],
    [`UNH+1+IFTSTA:D:01B:UN\nRFF+CN:${A}\nCOM+${P}:TE`, [P]],
    // a '+' after other letters is not a segment (a phone in international form)
    [`call DRFF+${P}`, [P]],
  ])("a contact's phone stays: %s", (text, want) => {
    expect(phones(text)).toEqual(want);
  });
});

describe('grows linearly', () => {
  it.each([`B10*${A}*${B}*ABCD~`, 'B10*', `RFF+CN:${A}'`, 'RFF+', `L11*${P}*SY~`])(
    'redacts %s repeated to 64 Ki characters in linear time',
    (unit) => {
      expectRedactLinear(unit);
    },
  );
});

// ANSI X12 EDI (856 ship notices, 214 status messages, 204 load tenders) as carriers exchange and
// log it: segments end in '~' and their elements are split by '*', and each element's place in
// its segment says what it is, like a column under its header. REF*<qualifier>*<value> is a
// reference number (bill of lading, PRO, order, shipment: REF*BM*…, REF*CN*…), not anyone's
// phone; N1*<party>*<name> and PER*<function>*<name> carry a party's or a contact's name, read
// as a name under a key that only says "name" (a company is not taken for a person). A contact's
// phone sits in PER after its own qualifier (TE, CP) and is found as a number. The qualifier SY
// (a social security number) keeps its REF value for the detectors.
// Cost: one regular-expression pass over a text that has a '~' and a '*'; each element is bounded.
import type { Candidate } from './detect-numbers.js';
import { valueFindings } from './structured-values.js';

// a segment's id after a segment terminator, a space or the text's start (a log line's prefix),
// its first element (a qualifier or an entity code) and its second
const SEGMENT = /(?<![^~\s])(REF|N1|PER)\*([A-Z0-9]{1,3})\*([^*~\n]{1,80})/g;

/** @internal References in X12 REF segments go to `negatives`; names in N1 and PER segments to `out`. */
export function x12Segments(t: string, out: Candidate[], negatives: number[]): void {
  SEGMENT.lastIndex = 0;
  for (let m = SEGMENT.exec(t); m; m = SEGMENT.exec(t)) {
    const e = m.index + m[0].length;
    const s = e - m[3]!.length;
    if (m[1] === 'REF') {
      if (m[2] !== 'SY') negatives.push(s, e);
    } else valueFindings(t, s, e, 'name', 'generic', out);
  }
}

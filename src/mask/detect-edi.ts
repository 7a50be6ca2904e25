// ANSI X12 EDI (856 ship notices, 214 status messages, 204 load tenders) as carriers exchange and
// log it: segments end in '~' and their elements are split by '*', and each element's place in
// its segment says what it is, like a column under its header. REF*<qualifier>*<value> is a
// reference number (bill of lading, PRO, order, shipment: REF*BM*…, REF*CN*…), not anyone's
// phone; N1*<party>*<name> and PER*<function>*<name> carry a party's or a contact's name, read
// as a name under a key that only says "name" (a company is not taken for a person). A contact's
// phone sits in PER after its own qualifier (TE, CP) and is found as a number. The qualifier SY
// (a social security number) keeps its REF value for the detectors.
// Beginning segments carry only a message's own numbers and dates, by the X12 standard: B10 (214:
// reference id, shipment id, SCAC), B2 (204: SCAC, shipment id), BSN (856: purpose, shipment id,
// date, time), BIG (810: dates, invoice and order numbers), BEG (850: order number), PRF (order
// reference) and L11 (a reference and its qualifier): the whole segment is references.
// UN/EDIFACT (IFTMIN, IFTSTA, DESADV) writes segments ending in an apostrophe, elements split by
// '+' and components by ':'. RFF+<qualifier>:<reference> is a reference by code list 1153 (ON
// order, CN carrier's consignment, BM bill of lading, AAO consignee's reference ...), BGM holds
// the document's number, CNI a consignment's and UNH the message's; a party's name and address
// are in NAD and CTA, a phone in COM (COM+<number>:TE), and these are left to the detectors.
// Cost: one regular-expression pass over a text that has a '~' and a '*' (X12) or a '+' after one
// of the EDIFACT segment ids; each segment is bounded.
import type { Candidate } from './detect-numbers.js';
import { valueFindings } from './structured-values.js';

// a segment's id after a segment terminator, a space or the text's start (a log line's prefix),
// its first element (a qualifier or an entity code) and its second
const SEGMENT = /(?<![^~\s])(REF|N1|PER)\*([A-Z0-9]{1,3})\*([^*~\n]{1,80})/g;

// an X12 beginning or reference segment, whole (up to its terminator, at most 160 characters)
const REFERENCE_SEGMENT = /(?<![^~\s])(?:B10|B2|B2A|BSN|BIG|BEG|PRF|L11)\*[^~\n]{1,160}/g;
const L11_SY = /^L11\*[^*]*\*SY(?:\*|$)/;
// an EDIFACT segment of references, whole (up to its apostrophe, at most 160 characters)
const EDIFACT_REFERENCE = /(?<![^'\s])(?:RFF|BGM|CNI|UNH)\+[^'\n]{1,160}/g;

/** @internal The spans of X12 beginning and reference segments (B10, BSN, L11 ...), to `negatives`. */
export function x12References(t: string, negatives: number[]): void {
  REFERENCE_SEGMENT.lastIndex = 0;
  for (let m = REFERENCE_SEGMENT.exec(t); m; m = REFERENCE_SEGMENT.exec(t)) {
    // (L11's qualifier comes after its value; SY, a social security number, is a person's)
    if (m[0].startsWith('L11*') && L11_SY.test(m[0])) continue;
    negatives.push(m.index, m.index + m[0].length);
  }
}

/** @internal The spans of EDIFACT reference segments (RFF, BGM, CNI, UNH), to `negatives`. */
export function edifactReferences(t: string, negatives: number[]): void {
  EDIFACT_REFERENCE.lastIndex = 0;
  for (let m = EDIFACT_REFERENCE.exec(t); m; m = EDIFACT_REFERENCE.exec(t))
    negatives.push(m.index, m.index + m[0].length);
}

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

// What every name pass does with a name it finds: it keeps it only where the span is free (no
// number, address or name there already), and records it both as a finding and in the cover, so
// the passes after it, and the other detectors, see it taken.
import {
  ADDRESS as $ADDRESS,
  ANCHOR as $ANCHOR,
  NAME as $NAME,
  NOT_PERSONAL as $NOT_PERSONAL,
  covered as $covered,
  markCover as $markCover,
} from './cover.js';
import type { Candidate } from './detect-numbers.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const ADDRESS = $ADDRESS;
const ANCHOR = $ANCHOR;
const NAME = $NAME;
const NOT_PERSONAL = $NOT_PERSONAL;
const covered = $covered;
const markCover = $markCover;

/** @internal Whether t[s, e) touches a finding already made (a number, an address, a name). */
export function taken(s: number, e: number): boolean {
  return covered(s, e, ANCHOR | ADDRESS | NAME | NOT_PERSONAL);
}

/** @internal Appends a name found to `out` and marks it {@link NAME} in the cover. */
export function pushName(out: Candidate[], start: number, end: number, confidence: number): void {
  out.push({ kind: 'name', start, end, confidence });
  markCover(start, end, NAME);
}

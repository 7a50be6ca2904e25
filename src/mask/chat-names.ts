// The speakers of a chat transcript: a name that starts a line and ends at a colon, with the words
// said after it (刘洋：我到小区门口了 / 孙丽娜：好的我下来 / 刘洋：打了没人接). A form's labels have the
// same shape (车型：…, 颜色：…), so a speaker counts only in a dialogue: one of the line-start labels
// speaks twice, and what follows each colon is words, not a number. Read from the colons the scan
// lists (scan.ts), a name's length back and one character on.
import { isIdeograph as $isIdeograph } from './char-flags.js';
import { chineseNameEnd as $chineseNameEnd, surnameLenAt as $surnameLenAt } from './name-shape.js';
import { personLike as $personLike } from './addressed-names.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import type { Candidate } from './detect-numbers.js';
import type { Scan } from './scan.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isCjk = $isIdeograph;
const chineseNameEnd = $chineseNameEnd;
const surnameLenAt = $surnameLenAt;
const personLike = $personLike;
const pushName = $pushName;
const taken = $taken;

/** Start of the speaker's name that fills the line up to the colon at `colon`, or -1. */
function speakerAt(t: string, colon: number): number {
  let q = colon;
  while (q > 0 && colon - q < 5 && isCjk(t.charCodeAt(q - 1))) q--;
  const n = colon - q;
  if (n < 2 || n > 4 || (q > 0 && t.charCodeAt(q - 1) !== 10 && t.charCodeAt(q - 1) !== 13)) return -1;
  if (surnameLenAt(t, q) === 0 || chineseNameEnd(t, q, true) !== colon || !personLike(t, q, colon)) return -1;
  // words said after it, not a value (车型：A3, 金额：100)
  let v = colon + 1;
  if (t.charCodeAt(v) === 32) v++;
  const c = t.charCodeAt(v);
  return isCjk(c) || ((c | 32) >= 97 && (c | 32) <= 122) ? q : -1;
}

/** @internal Speakers of a dialogue: see the file comment. */
export function speakersIn(t: string, sc: Scan, out: Candidate[]): void {
  let starts: number[] | undefined;
  let ends: number[] | undefined;
  for (let k = 0; k < sc.kv.n; k++) {
    const p = sc.kv.buf[k]!;
    const c = t.charCodeAt(p);
    if (c !== 0xff1a && c !== 58) continue;
    const s = speakerAt(t, p);
    if (s === -1) continue;
    starts ??= [];
    ends ??= [];
    starts.push(s);
    ends.push(p);
  }
  if (starts === undefined || ends === undefined || starts.length < 3) return;
  const seen = new Set<string>();
  let twice = false;
  for (let k = 0; k < starts.length && !twice; k++) {
    const label = t.slice(starts[k], ends[k]);
    if (seen.has(label)) twice = true;
    seen.add(label);
  }
  if (!twice || seen.size < 2) return;
  for (let k = 0; k < starts.length; k++) {
    const s = starts[k]!;
    const e = ends[k]!;
    if (!taken(s, e)) pushName(out, s, e, 0.75);
  }
}

// The writer's name in a mail's or a message's signature block: alone on its line after a
// closing (谢谢, 此致, 祝好, a line of dashes —— or --, Best regards,) and before the lines that
// sign it (a title or a company, 客服主管 ｜ 顺达物流, a contact line, 电话：, Tel:, Email:) or the
// end of the text. The scan lists the closings' first characters; each is read once, and a
// closing reads at most its own line, the next two lines and the signature's first line after.
import { isIdeograph as $isIdeograph, isReSpace as $isReSpace, startsAt as $startsAt } from './char-flags.js';
import { firstAt as $firstAt } from './context-at.js';
import { charBeforeSpaces as $charBeforeSpaces } from './line-window.js';
import { chineseNameEnd as $chineseNameEnd } from './name-shape.js';
import { personWords as $personWords } from './mail-names.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import type { Candidate } from './detect-numbers.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isCjk = $isIdeograph;
const isReSpace = $isReSpace;
const startsAt = $startsAt;
const firstAt = $firstAt;
const charBeforeSpaces = $charBeforeSpaces;
const chineseNameEnd = $chineseNameEnd;
const personWords = $personWords;
const pushName = $pushName;
const taken = $taken;

/** @internal the Chinese closings of a letter or a message (the scan lists their first characters) */
export const CLOSINGS = ['谢谢', '謝謝', '感谢', '感謝', '此致', '祝好'];
// what may follow a closing on its line: its object or a wish (谢谢配合！, 感谢您的支持)
const MAX_CLOSING_LINE = 12;
// the words of a signature's title or company line (客服主管 ｜ 顺达物流, Operations Lead)
const TITLE_LINE =
  /主管|经理|經理|专员|專員|客服|总监|總監|主任|组长|組長|部门|部|组|組|中心|公司|物流|快递|快遞|速运|站长|站長|网点|網點|manager|lead|officer|director|supervisor|team|support|operations|customer|care|logistics|express|ltd|inc|co\./i;

/** End of the line that starts at `s` (its '\n' or the text's end), at most `max` on. */
function lineEnd(t: string, s: number, max: number): number {
  const cap = Math.min(t.length, s + max);
  let q = s;
  while (q < cap && t.charCodeAt(q) !== 10 && t.charCodeAt(q) !== 13) q++;
  return q;
}

/** Start of the next non-blank line after the line end `e` (past at most one blank line), or -1. */
function nextLine(t: string, e: number): number {
  let q = e;
  let breaks = 0;
  while (q < t.length && (isReSpace(t.charCodeAt(q)) || t.charCodeAt(q) === 13)) {
    if (t.charCodeAt(q) === 10 && ++breaks > 2) return -1;
    q++;
  }
  return breaks === 0 || q >= t.length ? -1 : q;
}

/** Whether a closing at `p` stands at its line's start or ends a sentence (…请查收，谢谢！). */
function closingPlace(t: string, p: number): boolean {
  const c = charBeforeSpaces(t, p);
  return (
    c === -1 ||
    c === 10 ||
    c === 13 ||
    c === 0xff0c ||
    c === 0x3002 ||
    c === 0xff01 ||
    c === 44 ||
    c === 46 ||
    c === 33
  );
}

/**
 * @internal The signature name after a Chinese closing at `p` (谢谢, 此致 …) or a line of dashes
 * (—— or --) that starts there.
 */
export function signatureAt(t: string, p: number, out: Candidate[]): void {
  const c = t.charCodeAt(p);
  let e: number;
  if (c === 0x2014 || c === 45) {
    // a line of dashes alone: —— or -- (a mail's signature separator "-- ")
    if (t.charCodeAt(p + 1) !== c || !closingPlaceAtLineStart(t, p)) return;
    e = lineEnd(t, p, 8);
    for (let q = p; q < e; q++) if (t.charCodeAt(q) !== c && !isReSpace(t.charCodeAt(q))) return;
  } else {
    if (firstAt(t, p, CLOSINGS) === undefined || !closingPlace(t, p)) return;
    e = lineEnd(t, p, MAX_CLOSING_LINE + 1);
    if (e - p > MAX_CLOSING_LINE || (e < t.length && t.charCodeAt(e) !== 10 && t.charCodeAt(e) !== 13))
      return;
    for (let q = p; q < e; q++) if (t.charCodeAt(q) >= 48 && t.charCodeAt(q) <= 57) return;
  }
  let s = nextLine(t, e);
  // 此致 goes on with 敬礼 on a line of its own
  if (s !== -1 && (startsAt(t, s, '敬礼') || startsAt(t, s, '敬禮'))) s = nextLine(t, lineEnd(t, s, 8));
  if (s !== -1) signatureNameAt(t, s, out);
}

/** Whether `p` is at its line's start (past spaces). */
function closingPlaceAtLineStart(t: string, p: number): boolean {
  const c = charBeforeSpaces(t, p);
  return c === -1 || c === 10 || c === 13;
}

/**
 * @internal A name alone on the line at `s` (a Chinese name, or Latin words that may be a
 * person's) that the lines after it sign (a title, a company, a contact) or that ends the text.
 */
export function signatureNameAt(t: string, s: number, out: Candidate[]): void {
  let e = lineEnd(t, s, 40);
  if (e < t.length && t.charCodeAt(e) !== 10 && t.charCodeAt(e) !== 13) return;
  const lineStop = e;
  while (e > s && isReSpace(t.charCodeAt(e - 1))) e--;
  if (e - s < 2 || taken(s, e)) return;
  if (isCjk(t.charCodeAt(s))) {
    if (chineseNameEnd(t, s, true) !== e) return;
  } else {
    const words = t.slice(s, e).split(/ +/);
    if (words.length < 2 || !personWords(words)) return;
  }
  if (!signedAfter(t, lineStop)) return;
  pushName(out, s, e, 0.75);
}

/** Whether the line after `e` (a name's line end) signs it, or the text ends there. */
function signedAfter(t: string, e: number): boolean {
  const s = nextLine(t, e);
  if (s === -1) {
    // the end of the text, past spaces only
    for (let q = e; q < t.length; q++)
      if (!isReSpace(t.charCodeAt(q)) && t.charCodeAt(q) !== 13) return false;
    return true;
  }
  const f = lineEnd(t, s, 80);
  for (let q = s; q < f; q++) {
    const c = t.charCodeAt(q);
    // a label's colon, a title's bar, an address, a number
    if (c === 58 || c === 0xff1a || c === 124 || c === 0xff5c || c === 64 || (c >= 48 && c <= 57))
      return true;
  }
  return TITLE_LINE.test(t.slice(s, f));
}

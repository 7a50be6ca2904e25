// The display name of a mailbox: the words before an address in angle brackets, as mail headers
// (From: Priya Nair <priya.nair@...>, Cc: 王芳 <...>), commit trailers and address books write a
// person (RFC 5322 §3.4, name-addr). The brackets say the words name the mailbox's owner, so any
// capitalized words count, not only the ones latin-names.ts knows; a team or a service
// (Ops Team <ops@...>, Swift Parcels Support <...>) is not a person.
import { isIdeograph as $isIdeograph, isReSpace as $isReSpace } from './char-flags.js';
import { chineseNameEnd as $chineseNameEnd } from './name-shape.js';
import {
  isGivenName as $isGivenName,
  isLatinPlace as $isLatinPlace,
  isOrganization as $isOrganization,
} from './latin-names.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import type { Candidate } from './detect-numbers.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isCjk = $isIdeograph;
const isReSpace = $isReSpace;
const chineseNameEnd = $chineseNameEnd;
const isGivenName = $isGivenName;
const isOrganization = $isOrganization;
const isLatinPlace = $isLatinPlace;
const pushName = $pushName;
const taken = $taken;

// a display name is short: at most 48 characters are read back from the bracket
const MAX_DISPLAY = 48;
// one word of a person's display name (Priya, O'Brien, Jean-Luc, NAIR)
const NAME_WORD = /^[A-Z][A-Za-z\u00c0-\u024f'’-]{0,23}$/;
// words of a role, a team, a desk or a no-reply sender, not of a person (Shift Supervisor,
// Claims Desk, Mailer Daemon)
const NOT_PERSON =
  /^(?:the|team|ops|operations|support|service|services|customer|customers|care|help|desk|admin|noreply|no-reply|donotreply|do-not-reply|info|notifications?|alerts?|system|billing|sales|hr|it|dept|department|group|center|centre|hub|office|staff|all|dear|and|manager|supervisor|dispatcher|dispatch|coordinator|agent|officer|assistant|bot|robot|daemon|mailer|postmaster|scheduler|automated|auto|shipping|receiving|returns|claims|accounts|finance|logistics|procurement|purchasing|tracking|updates|newsletter|marketing|reception|security|warehouse|station)$/i;

/**
 * @internal The display name right before the email at `at` when an angle bracket opens it
 * (`Priya Nair <priya.nair@...>`, `"Li, Na" <...>` is read only up to the comma): Latin words
 * that read as a person's, or a Chinese name. Reads at most {@link MAX_DISPLAY} characters back.
 */
export function displayNameBefore(t: string, at: number, out: Candidate[]): void {
  if (at < 2 || t.charCodeAt(at - 1) !== 60) return; // '<'
  let e = at - 1;
  while (e > 0 && isReSpace(t.charCodeAt(e - 1)) && t.charCodeAt(e - 1) !== 10) e--;
  if (e > 0 && t.charCodeAt(e - 1) === 34) e--; // a closing quote
  const lo = Math.max(0, e - MAX_DISPLAY);
  let s = e;
  // back to what opens the name: a header's colon, a comma between addresses, a quote, a line
  while (s > lo) {
    const c = t.charCodeAt(s - 1);
    if (c === 58 || c === 0xff1a || c === 44 || c === 34 || c === 10 || c === 13 || c === 59) break;
    s--;
  }
  if (s === lo && lo > 0) return;
  while (s < e && isReSpace(t.charCodeAt(s))) s++;
  while (e > s && isReSpace(t.charCodeAt(e - 1))) e--;
  if (e - s < 2 || taken(s, e)) return;
  if (isCjk(t.charCodeAt(s))) {
    if (chineseNameEnd(t, s, true) === e) pushName(out, s, e, 0.85);
    return;
  }
  if (personWords(t.slice(s, e).split(/ +/))) pushName(out, s, e, 0.85);
}

/**
 * @internal Whether capitalized Latin `words` read as a team, a desk, a role, a company or a
 * place (Ops, Sales Team, Warehouse, Shenzhen, Hong Kong), not as a person: what a label before
 * them (To:, Attn:) does not make a name.
 */
export function notPersonWords(words: readonly string[]): boolean {
  for (const w of words) if (NOT_PERSON.test(w)) return true;
  return isOrganization(words) || isLatinPlace(words);
}

/**
 * @internal Whether capitalized Latin `words` (one to four) may be a person's name where the
 * structure says a person stands (a display name, a signature): no team, desk or company word,
 * and one word only when it is a known given name.
 */
export function personWords(words: readonly string[]): boolean {
  if (words.length > 4) return false;
  for (const w of words) if (!NAME_WORD.test(w) || NOT_PERSON.test(w)) return false;
  return !isOrganization(words) && (words.length > 1 || isGivenName(words[0]!));
}

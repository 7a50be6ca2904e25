// A full name in brackets (full-width or ASCII, with at most one space before it) right after the
// same surname with an honorific: 吴先生（吴国华）, 王先生(王建华), 林女士 (林晓雯), 欧阳小姐（欧阳倩）. The surname and honorific already say "person"; the bracket gives
// the whole name, which must start with that surname. Looked at once per opening bracket the scan
// lists, a name's length ahead.
import {
  chineseNameEnd as $chineseNameEnd,
  honorificAt as $honorificAt,
  surnameLenAt as $surnameLenAt,
} from './name-shape.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import { personLike as $personLike } from './addressed-names.js';
import type { Candidate } from './detect-numbers.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const chineseNameEnd = $chineseNameEnd;
const honorificAt = $honorificAt;
const surnameLenAt = $surnameLenAt;
const pushName = $pushName;
const taken = $taken;
const personLike = $personLike;

/** Whether the surname t[a, a + n) is written again at `b`. */
function sameSurname(t: string, a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (t.charCodeAt(a + k) !== t.charCodeAt(b + k)) return false;
  return true;
}

/**
 * @internal The name in the bracket opened at `at` ( `(` or `（` ) after a surname and an
 * honorific (吴先生（吴国华）): the same surname starts it and the bracket closes right after it.
 */
export function bracketNameAt(t: string, at: number, out: Candidate[]): void {
  // the honorific ends right before the bracket or one space before it (林女士 (林晓雯))
  const h = at > 0 && t.charCodeAt(at - 1) === 32 ? at - 1 : at;
  if (h < 3 || !honorificAt(t, h - 2)) return;
  const s = at + 1;
  // the surname before the honorific: a compound one (欧阳小姐) or a single one (吴先生)
  const sl = h >= 4 && surnameLenAt(t, h - 4) === 2 ? 2 : surnameLenAt(t, h - 3) === 1 ? 1 : 0;
  if (sl === 0 || !sameSurname(t, h - 2 - sl, s, sl)) return;
  const e = chineseNameEnd(t, s, true);
  // (not a city or a body that starts with the surname: 张师傅(张家口))
  if (e === -1 || e - s <= sl || !personLike(t, s, e)) return;
  const close = t.charCodeAt(e);
  if ((close === 41 || close === 0xff09) && !taken(s, e)) pushName(out, s, e, 0.8);
}

// A full name right before an honorific (何志明先生的件, 请蔡伟先生核对, 交给林秀英女士, 吴磊师傅，件放哪):
// the honorific says "person" as a label would, and the masker keeps a bare surname with its
// honorific (王先生), so only a surname with a given name is read. The run before the honorific
// has no start of its own in Chinese text, so the name must start where a clause starts, after a
// stop character (的 了 说 给 请 ...) or after a word that leads a subject (请 让 通知 今天 ...);
// the longest such reading wins (说罗志强先生 reads 罗志强, not 说罗志强). 师傅 follows trades as
// often as names (安装师傅, 修理师傅), so before it the given name must read as one by its own
// characters (given-names.ts); before 先生 / 女士 / 小姐 no character names are rarely written
// with, and no word, brand or place. One look back of four characters per honorific: linear.
import {
  FLAGS as $FLAGS,
  NAME_CTX_FIRST,
  NAME_STOP as $NAME_STOP,
  isIdeograph as $isIdeograph,
  markScanFirst as $markScanFirst,
} from './char-flags.js';
import {
  chineseNameEnd as $chineseNameEnd,
  honorificAt as $honorificAt,
  surnameLenAt as $surnameLenAt,
  wordLedNameEnd as $wordLedNameEnd,
} from './name-shape.js';
import {
  givenNameLikely as $givenNameLikely,
  givenUnlikely as $givenUnlikely,
  lookalike as $lookalike,
} from './given-names.js';
import { functionSurnameAt as $functionSurnameAt, subjectLedAt as $subjectLedAt } from './running-names.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import type { Candidate } from './detect-numbers.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const FLAGS = $FLAGS;
const NAME_STOP = $NAME_STOP;
const isCjk = $isIdeograph;
const chineseNameEnd = $chineseNameEnd;
const honorificAt = $honorificAt;
const surnameLenAt = $surnameLenAt;
const wordLedNameEnd = $wordLedNameEnd;
const givenNameLikely = $givenNameLikely;
const givenUnlikely = $givenUnlikely;
const lookalike = $lookalike;
const functionSurnameAt = $functionSurnameAt;
const subjectLedAt = $subjectLedAt;
const pushName = $pushName;
const taken = $taken;

// the scan lists the first characters of the honorifics (name-shape.ts's list)
$markScanFirst(NAME_CTX_FIRST, ['先生', '女士', '小姐', '师傅', '師傅']);

/** 师 師: the first character of 师傅, after which a trade is as likely as a name. */
function isMaster(c: number): boolean {
  return c === 0x5e08 || c === 0x5e2b;
}

/**
 * Whether a name of `g` given characters may start at `s`: a clause's start or a subject's lead
 * word before it, or a stop character, unless the one given character is a surname itself and
 * so more likely the person's only name after a word (1单元王先生 is Mr Wang of unit 1).
 */
function startsName(t: string, s: number, g: number, p: number): boolean {
  if (s === 0) return true;
  const b = t.charCodeAt(s - 1);
  if (!isCjk(b) || subjectLedAt(t, s)) return true;
  return (FLAGS[b]! & NAME_STOP) !== 0 && (g > 1 || surnameLenAt(t, p - 1) === 0);
}

/**
 * @internal The full name that ends at `p`, where the scan listed a character that may begin an
 * honorific (先 女 小 师 師): the longest reading of a known surname and one or two given
 * characters that starts where a name may start and ends right at the honorific.
 */
export function honorificNameAt(t: string, p: number, out: Candidate[]): void {
  if (p < 2 || !honorificAt(t, p) || !isCjk(t.charCodeAt(p - 1))) return;
  const master = isMaster(t.charCodeAt(p));
  for (let len = 4; len >= 2; len--) {
    const s = p - len;
    if (s < 0) continue;
    const sl = surnameLenAt(t, s);
    const g = len - sl;
    if (sl === 0 || g < 1 || g > 2 || functionSurnameAt(t, s)) continue;
    // a reading that starts with a function word's character (那位女士, 将王芳女士) gives way to
    // a shorter one (the rare surnames among them, 路 楼 那, are given up before an honorific)
    if ((FLAGS[t.charCodeAt(s)]! & NAME_STOP) !== 0) continue;
    if (!startsName(t, s, g, p)) continue;
    // (a name led by a common word, 黎明辉先生, is not refused for that word: the honorific
    // insists as a label does)
    const likely = master
      ? givenNameLikely(t, s, sl, p)
      : !givenUnlikely(t, s, sl, p) && !lookalike(t, s, p, false);
    if (!likely || (chineseNameEnd(t, s, true) !== p && wordLedNameEnd(t, s) !== p)) continue;
    if (!taken(s, p)) pushName(out, s, p, 0.8);
    return;
  }
}

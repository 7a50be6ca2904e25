// Name detection in free text. A name is reported only where the text says it is one: after a
// context word (收件人, 联系人, 姓名, Recipient ...), or next to a phone number or an address in a
// record line ("张三 13812345678"). Its first character must be a known surname (a compound
// surname counts whole), so words that start with a surname (马上, 王府井) are not names unless
// the context insists, and then place words and common words still reject them.
// The passes live by the kind of evidence they read: name-context.ts (a context word),
// record-line-names.ts (next to a number or an address), notification-names.ts (notification
// phrasing); this file runs them in order and adds a name's other-script form in brackets.
import { isIdeograph as $isIdeograph } from './char-flags.js';
import { chineseNameEnd as $chineseNameEnd } from './name-shape.js';
import { latinNameEnd as $latinNameEnd } from './latin-names.js';
import { namesAfterContext as $namesAfterContext } from './name-context.js';
import { nextTo as $nextTo } from './record-line-names.js';
import {
  agentAt as $agentAt,
  greetings as $greetings,
  openerAt as $openerAt,
  possessiveAt as $possessiveAt,
} from './notification-names.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import {
  askedNameAt as $askedNameAt,
  listItemAt as $listItemAt,
  senderAt as $senderAt,
  vocativeAt as $vocativeAt,
} from './addressed-names.js';
import { CLOSINGS, signatureAt as $signatureAt } from './signature-names.js';
import { mailHeaderNames as $mailHeaderNames } from './mail-header-names.js';
import { latinNameSpots as $latinNameSpots } from './latin-name-spots.js';
import { japaneseNames as $japaneseNames } from './japanese-names.js';
import { toldAt as $toldAt } from './told-names.js';
import { bracketNameAt as $bracketNameAt } from './bracket-names.js';
import { speakersIn as $speakersIn } from './chat-names.js';
import { runningNames as $runningNames } from './running-names.js';
import { honorificNameAt as $honorificNameAt } from './honorific-names.js';
import type { Candidate } from './detect-numbers.js';
import type { Scan } from './scan.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const chineseNameEnd = $chineseNameEnd;
const isCjk = $isIdeograph;
const latinNameEnd = $latinNameEnd;
const namesAfterContext = $namesAfterContext;
const nextTo = $nextTo;
const agentAt = $agentAt;
const greetings = $greetings;
const openerAt = $openerAt;
const possessiveAt = $possessiveAt;
const pushName = $pushName;
const taken = $taken;
const askedNameAt = $askedNameAt;
const listItemAt = $listItemAt;
const vocativeAt = $vocativeAt;
const senderAt = $senderAt;
const signatureAt = $signatureAt;
const toldAt = $toldAt;
const bracketNameAt = $bracketNameAt;
const speakersIn = $speakersIn;
const runningNames = $runningNames;
const honorificNameAt = $honorificNameAt;
const latinNameSpots = $latinNameSpots;
const japaneseNames = $japaneseNames;
const mailHeaderNames = $mailHeaderNames;

// the first characters of the closings a signature follows (谢谢 謝謝 感谢 此致 祝好 ——)
const CLOSING_FIRST = new Set([...CLOSINGS.map((w) => w.charCodeAt(0)), 0x2014]);

/**
 * @internal Names after context words and next to the findings in `anchors` (numbers) and in
 * `out` as it is on entry (addresses), which the cover already marks; the names found are
 * appended to `out` and marked {@link NAME}.
 */
export function detectNames(t: string, sc: Scan, anchors: readonly Candidate[], out: Candidate[]): void {
  // the addresses: what `out` holds before any name is added (read in place, not copied)
  const nFound = out.length;
  if (sc.nameCtx.n > 0) namesAfterContext(t, sc, out);
  for (let k = 0; k < anchors.length; k++) nextTo(t, anchors[k]!, out);
  for (let k = 0; k < nFound; k++) nextTo(t, out[k]!, out);
  greetings(t, sc, out);
  if (sc.kv.n >= 3) speakersIn(t, sc, out);
  for (let k = 0; k < sc.nameCtx.n; k++) {
    const p = sc.nameCtx.buf[k]!;
    const c = t.charCodeAt(p);
    if (c === 0x7531 || c === 0x88ab)
      agentAt(t, p, out); // 由 被
    else if (c === 0x3011)
      openerAt(t, p, out); // 】
    else if (c === 0x7684)
      possessiveAt(t, p, out); // 的
    else if (c < 128) {
      const next = t.charCodeAt(p + 1);
      if ((c >= 48 && c <= 57) || (c === 40 && next >= 48 && next <= 57)) listItemAt(t, p, out);
      if (c === 40) bracketNameAt(t, p, out);
      else if (c === 45) signatureAt(t, p, out); // --
    } else if (c === 0x4f60 || c === 0x60a8)
      vocativeAt(t, p, out); // 你 您
    else if (c === 0x5417 || c === 0x55ce)
      askedNameAt(t, p, out); // 吗 嗎
    else if (c === 0xff08)
      bracketNameAt(t, p, out); // （
    else if (c === 0x5bc4)
      senderAt(t, p, out); // 寄
    else if (c === 0x8ddf || c === 0x540c)
      toldAt(t, p, out); // 跟 同
    else if (CLOSING_FIRST.has(c)) signatureAt(t, p, out);
    else if (c === 0x5148 || c === 0x5973 || c === 0x5c0f || c === 0x5e08 || c === 0x5e2b)
      honorificNameAt(t, p, out); // 先 女 小 师 師
  }
  if (sc.lines > 1 && sc.kv.n > 0) mailHeaderNames(t, sc, out);
  // last of the Chinese passes: a name's own characters with a sentence's weak evidence
  if (sc.nameCtx.n > 0) runningNames(t, sc, out);
  latinNameSpots(t, sc, out);
  japaneseNames(t, sc, out);
  otherScript(t, out);
}

/**
 * The same person's name in the other script, in brackets right after a name found: Wang Fang
 * (王芳), 王芳（Wang Fang）.
 */
function otherScript(t: string, out: Candidate[]): void {
  const n = out.length;
  for (let k = 0; k < n; k++) {
    const c = out[k]!;
    if (c.kind !== 'name') continue;
    let p = c.end;
    if (t.charCodeAt(p) === 32) p++;
    const open = t.charCodeAt(p);
    if (open !== 40 && open !== 0xff08) continue;
    const s = p + 1;
    const cjk = isCjk(t.charCodeAt(s));
    const e = cjk ? chineseNameEnd(t, s, true) : latinNameEnd(t, s);
    // a Latin name of two words or more (not a one-word remark such as "(Note)")
    if (e < 0 || (!cjk && t.slice(s, e).indexOf(' ') === -1)) continue;
    const close = t.charCodeAt(e);
    if ((close === 41 || close === 0xff09) && !taken(s, e)) pushName(out, s, e, c.confidence);
  }
}

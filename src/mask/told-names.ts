// A name between 跟 / 同 and a verb of speaking: the person a message is for (你跟马上飞说一下, 跟王芳讲
// 一声, 同陈立说好了). Both sides of the frame say "person", so a name that begins with a common
// word (马上飞) counts here when three characters long; a two-character common word (跟平时说的一样,
// 跟高兴说) does not. Looked at once per 跟 / 同 the scan lists, a name's length ahead.
import { firstAt as $firstAt } from './context-at.js';
import { chineseNameEnd as $chineseNameEnd, wordLedNameEnd as $wordLedNameEnd } from './name-shape.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import type { Candidate } from './detect-numbers.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const firstAt = $firstAt;
const chineseNameEnd = $chineseNameEnd;
const wordLedNameEnd = $wordLedNameEnd;
const pushName = $pushName;
const taken = $taken;

/** @internal The markers this pass starts at: 跟 and 同. */
export const TOLD_MARKERS = ['跟', '同'];

// what is said to the person (说 講 讲 說), or how they are reached (联系 打个电话)
const SPEAK_AFTER = [
  '说',
  '說',
  '讲',
  '講',
  '联系',
  '聯繫',
  '打个电话',
  '打個電話',
  '确认',
  '確認',
  '沟通',
  '溝通',
];

// a role noun's last character (跟单员说: 单员 is no name) and the adverb markers that end a
// common word used as one (跟高兴地说)
const NOT_LAST = new Set([...'员員人者地得的着著'].map((c) => c.charCodeAt(0)));

/** Whether a verb of speaking starts at `e`. */
function speakAt(t: string, e: number): boolean {
  return firstAt(t, e, SPEAK_AFTER) !== undefined;
}

/** @internal A name between 跟 / 同 at `at` and a verb of speaking (跟马上飞说一下, 同陈立讲好了). */
export function toldAt(t: string, at: number, out: Candidate[]): void {
  const s = at + 1;
  let e = chineseNameEnd(t, s, true);
  // a two-character name glued to the verb (跟王芳讲一声 read as 王芳讲)
  if (e - s >= 3 && !speakAt(t, e) && speakAt(t, e - 1)) e--;
  if (e === -1 || !speakAt(t, e)) e = wordLedNameEnd(t, s, true);
  if (e === -1 || e - s < 2 || !speakAt(t, e) || NOT_LAST.has(t.charCodeAt(e - 1)) || taken(s, e)) return;
  pushName(out, s, e, 0.75);
}

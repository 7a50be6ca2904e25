// Names in running text, where no label, key or honorific says "person" but the sentence gives
// a name's place: the subject before a courier verb or a parcel (王芳签收了, 孙悦的件放哪了, 曹丽说
// 放门口, 是司徒雅琴代收的) and the object after a hand-over or a request (把件交给了罗晓燕, 由韩磊代收,
// 让王芳来取, 叫冯明轩下楼拿件). Such places are weak evidence alone (马上签收, 方便的话, 交给了前台),
// so a name is kept only when the run also reads as one by its own characters (given-names.ts):
// a known surname, given-name characters common in names, not a word, brand or place.
// The scan lists the markers (the first characters of the words below); each is looked at once,
// a name's length (four characters) back or ahead, so the pass is linear.
import {
  isIdeograph as $isIdeograph,
  markScanFirst as $markScanFirst,
  NAME_CTX_FIRST,
} from './char-flags.js';
import { chineseNameEnd as $chineseNameEnd, surnameLenAt as $surnameLenAt } from './name-shape.js';
import { givenNameLikely as $givenNameLikely } from './given-names.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import type { Candidate } from './detect-numbers.js';
import type { Scan } from './scan.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isCjk = $isIdeograph;
const chineseNameEnd = $chineseNameEnd;
const surnameLenAt = $surnameLenAt;
const givenNameLikely = $givenNameLikely;
const pushName = $pushName;
const taken = $taken;

// What the person named right before does or owns: signs for, takes in, collects, says; their
// parcel (X的件). Listed by the scan: a name is read back from each.
const DONE_AFTER = [
  '签收',
  '簽收',
  '签了',
  '簽了',
  '签的',
  '簽的',
  '签字',
  '簽字',
  '代收',
  '代签',
  '代簽',
  '代取',
  '代领',
  '代領',
  '代拿',
  '收了',
  '收的',
  '收到',
  '收下',
  '取走',
  '取了',
  '拿走',
  '拿了',
  '领走',
  '領走',
  '领了',
  '領了',
  '说',
  '說',
  '讲',
  '講',
  '的件',
  '的货',
  '的貨',
  '的单',
  '的單',
  '的东西',
  '的東西',
  '的快递',
  '的快遞',
  '的包裹',
  '的快件',
  '的电话',
  '的電話',
  '的手机',
  '的手機',
  '的地址',
  // where the person is (王芳在家吗, 王芳在吗？)
  '在家',
  '在不在',
  '在吗',
  '在嗎',
  // an adverb or a refusal right after the subject (韦俊峰已签收, 卢志刚拒收了, 吕佳欣不在家, 贺晓玲电话
  // 打不通, 程浩然打电话说 ...)
  '已',
  '拒收',
  '拒签',
  '拒簽',
  '不在',
  '电话',
  '電話',
  '打电话',
  '打電話',
  // what call notes and after-sales chat say the person did or asked (钟丽没接电话, 唐婉清反映破损,
  // 薛凯琪要求改为自提, 林子祥表示不需要, 陈百强称已收到, 梅艳芳来电说 ...)
  '没',
  '沒',
  '反映',
  '反馈',
  '反饋',
  '投诉',
  '投訴',
  '要求',
  '表示',
  '称',
  '稱',
  '来电',
  '來電',
  '回复',
  '回覆',
  // and when: a time word right after the subject (冯涛下午会来自提, 张学友明天上午在家)
  '今天',
  '明天',
  '后天',
  '後天',
  '上午',
  '下午',
  '晚上',
];
// What a person named after a hand-over or a request goes on to do (让王芳来取, 找郭俊辉拿一下,
// 请蒋雪梅到前台领件, 问下郑丽娟在不在家): checked only after a word of HANDED_TO.
const GOES_ON = [
  ...DONE_AFTER,
  '来',
  '來',
  '去',
  '取',
  '拿',
  '领',
  '領',
  '到',
  '收',
  '签',
  '簽',
  '下楼',
  '下樓',
  '过来',
  '過來',
  '处理',
  '處理',
  '负责',
  '負責',
  '联系',
  '聯繫',
  '打电话',
  '打電話',
  '确认',
  '確認',
  '在家',
  '在不在',
  '不在',
  '帮忙',
  '幫忙',
  '帮我',
  '幫我',
  '一下',
  '值班',
  '上班',
  // a call that was not answered (致电彭丽华无人接听, 呼叫叶丽仪无应答, 联系黄凯芹未接)
  '无人',
  '無人',
  '无应答',
  '無應答',
  '未接',
  '没接',
  '沒接',
  '不接',
  '关机',
  '關機',
];
// handing a parcel over (交给了, 转给, 给) and asking (问一下, 问)
const HAND_OVER = [
  '交给了',
  '交給了',
  '交给',
  '交給',
  '转给了',
  '轉給了',
  '转给',
  '轉給',
  '递给',
  '遞給',
  '给了',
  '給了',
  '给',
  '給',
];
// calling someone, as call notes log it (致电彭丽华, 呼叫叶丽仪, 回访高雪, 打给甄妮)
const CALL = ['致电', '致電', '呼叫', '回访', '回訪', '打给', '打給', '联系', '聯繫'];
const ASK = ['问一下', '問一下', '问下', '問下', '问', '問'];
// Words after which a name is the object of a hand-over, a request or a question, or the subject
// of what follows (是司马静怡签收的, 由高洁代收).
const HANDED_TO = [
  ...HAND_OVER,
  ...CALL,
  '由',
  '是',
  '找',
  '让',
  '讓',
  '叫',
  ...ASK,
  '找一下',
  '找下',
  '叫一下',
  '帮',
  '幫',
  '请',
  '請',
  '通知',
  '提醒',
  '等',
  // with someone (和谭雪莹确认过了): only before what the person does
  '和',
  '与',
  '與',
];
// Of HANDED_TO, the words whose object may close the clause (把件交给了欧阳晓峰。, 问一下王芳吧).
const OBJECT_ENDS = new Set([...HAND_OVER, ...CALL, '找', ...ASK, '找一下', '找下', '通知', '提醒']);
// Besides HANDED_TO, what may stand right before a subject read back from DONE_AFTER: time words
// and 听 (听王芳说). A clause start (punctuation, a space, the text's start) always may.
const BEFORE_SUBJECT = [
  ...HANDED_TO,
  '今天',
  '昨天',
  '前天',
  '刚才',
  '剛才',
  '刚刚',
  '剛剛',
  '早上',
  '上午',
  '中午',
  '下午',
  '晚上',
  '后来',
  '後來',
  '然后',
  '然後',
  '听',
  '聽',
  // a report of what someone did (快递员说罗志强已经签收了)
  '说',
  '說',
  '那位',
  '这位',
  '這位',
];

/** Words by their first UTF-16 unit, the longest first (找一下 before 找). */
function byFirst(words: readonly string[]): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const w of words) {
    const list = m.get(w.charCodeAt(0));
    if (list) list.push(w);
    else m.set(w.charCodeAt(0), [w]);
  }
  for (const list of m.values()) list.sort((a, b) => b.length - a.length);
  return m;
}
const DONE_BY_FIRST = byFirst(DONE_AFTER);
const GOES_BY_FIRST = byFirst(GOES_ON);
const HANDED_BY_FIRST = byFirst(HANDED_TO);
const BEFORE_SUBJECT_SET = new Set(BEFORE_SUBJECT);
// surnames that are far more often function words (由韵达代收, 于是说, 和他说, 但都说): a run read back
// from a verb does not start with one
const FUNCTION_SURNAMES = new Set([...'由于於和向但都'].map((c) => c.charCodeAt(0)));

/** @internal Whether the surname at `s` is one far more often a function word (由 于 和 向 ...). */
export function functionSurnameAt(t: string, s: number): boolean {
  return FUNCTION_SURNAMES.has(t.charCodeAt(s));
}

// what each scanned marker starts: 1 a word of DONE_AFTER, 2 a word of HANDED_TO (both for 给)
// (one byte per character of the main CJK block, where every marker is)
const CJK_BASE = 0x4e00;
const KIND = new Uint8Array(0xa000 - CJK_BASE);
for (const w of DONE_AFTER) KIND[w.charCodeAt(0) - CJK_BASE]! |= 1;
for (const w of HANDED_TO) KIND[w.charCodeAt(0) - CJK_BASE]! |= 2;
$markScanFirst(NAME_CTX_FIRST, [...DONE_AFTER, ...HANDED_TO]);

/** The first word of `by` that starts at `q`, or undefined. */
function wordAt(t: string, q: number, by: Map<number, string[]>): string | undefined {
  const list = by.get(t.charCodeAt(q));
  if (list === undefined) return undefined;
  for (const w of list) if (t.startsWith(w, q)) return w;
  return undefined;
}

/** Whether a clause may start at `s`: the text's start, or no ideograph before it. */
function clauseStart(t: string, s: number): boolean {
  return s === 0 || !isCjk(t.charCodeAt(s - 1));
}

/** @internal Whether a word of BEFORE_SUBJECT ends at `s` (one to three characters). */
export function subjectLedAt(t: string, s: number): boolean {
  for (let n = 1; n <= 3 && n <= s; n++) if (BEFORE_SUBJECT_SET.has(t.slice(s - n, s))) return true;
  return false;
}

/** Whether the clause ends at `e`: the text's end, a character that is not an ideograph, or 了 吧 吗 呢. */
function clauseEnd(t: string, e: number): boolean {
  if (e >= t.length) return true;
  const c = t.charCodeAt(e);
  if (!isCjk(c)) return true;
  // 了 吧 吗 嗎 呢, then the clause's end
  return (
    (c === 0x4e86 || c === 0x5427 || c === 0x5417 || c === 0x55ce || c === 0x5462) &&
    !isCjk(t.charCodeAt(e + 1))
  );
}

/**
 * @internal Names read in running text from the markers the scan listed (after the other name
 * passes, so a name they found is not read again).
 */
export function runningNames(t: string, sc: Scan, out: Candidate[]): void {
  for (let k = 0; k < sc.nameCtx.n; k++) {
    const p = sc.nameCtx.buf[k]!;
    const c = t.charCodeAt(p) - CJK_BASE;
    const kind = c >= 0 && c < KIND.length ? KIND[c]! : 0;
    if (kind === 0) continue;
    if ((kind & 1) !== 0 && p >= 2) subjectBefore(t, p, out);
    if ((kind & 2) !== 0) objectAfter(t, p, out);
  }
}

/** A subject name that ends at `p`, where a word of DONE_AFTER starts (孙悦的件, 曹丽说). */
function subjectBefore(t: string, p: number, out: Candidate[]): void {
  // cheap checks first: an ideograph before the marker, then the word itself
  if (!isCjk(t.charCodeAt(p - 1)) || wordAt(t, p, DONE_BY_FIRST) === undefined) return;
  for (let len = 4; len >= 2; len--) {
    const s = p - len;
    if (s < 0) continue;
    const sl = surnameLenAt(t, s);
    if (sl === 0 || len - sl < 1 || len - sl > 2 || FUNCTION_SURNAMES.has(t.charCodeAt(s))) continue;
    // (the cheap checks before the name's shape: each is a plain test of t, so their order does
    // not change what is found)
    if (!clauseStart(t, s) && !subjectLedAt(t, s)) continue;
    if (!givenNameLikely(t, s, sl, p)) continue;
    // the name's shape (stop words, common words, a place after it) as the other passes read it;
    // a run that goes one character into the verb (王芳拿 of 王芳拿走) is read back to the verb
    const r = chineseNameEnd(t, s, true);
    if (r !== p && !(r === p + 1 && len === 2 && sl === 1)) continue;
    if (!taken(s, p)) pushName(out, s, p, 0.7);
    return;
  }
}

/** An object name right after the word of HANDED_TO at `p` (交给了罗晓燕, 让王芳来取). */
function objectAfter(t: string, p: number, out: Candidate[]): void {
  const w = wordAt(t, p, HANDED_BY_FIRST);
  if (w === undefined) return;
  const s = p + w.length;
  const sl = surnameLenAt(t, s);
  if (sl === 0) return;
  const r = chineseNameEnd(t, s, true);
  if (r === -1) return;
  // the name as read, or one character shorter when the last one begins what follows (王芳来取)
  for (let e = r; e >= r - 1 && e - s > sl; e--) {
    const goesOn = wordAt(t, e, GOES_BY_FIRST) !== undefined;
    const ends = goesOn || (OBJECT_ENDS.has(w) && clauseEnd(t, e)) || (w === '是' && possessedEnd(t, e));
    if (!ends || !givenNameLikely(t, s, sl, e)) continue;
    if (!taken(s, e)) pushName(out, s, e, 0.7);
    return;
  }
}

/** Whether 的 and the clause's end follow at `e` (这件是何建华的。). */
function possessedEnd(t: string, e: number): boolean {
  return t.charCodeAt(e) === 0x7684 && clauseEnd(t, e + 1);
}

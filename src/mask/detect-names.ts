// Name detection in free text. A name is reported only where the text says it is one: after a
// context word (收件人, 联系人, 姓名, Recipient ...), or next to a phone number or an address in a
// record line ("张三 13812345678"). Its first character must be a known surname (a compound
// surname counts whole), so words that start with a surname (马上, 王府井) are not names unless
// the context insists, and then place words and common words still reject them.
import {
  CTX_TAIL_FIRST as $CTX_TAIL_FIRST,
  FIELD_LABEL_LAST as $FIELD_LABEL_LAST,
  FLAGS as $FLAGS,
  NAME_CTX_FIRST as $NAME_CTX_FIRST,
  NAME_CTX_LATIN as $NAME_CTX_LATIN,
  NOT_ROLE_BEFORE as $NOT_ROLE_BEFORE,
  SEP as $SEP,
  headAt as $headAt,
  isAsciiAlnum as $isAsciiAlnum,
  isAsciiLetter as $isAsciiLetter,
  isReSpace as $isReSpace,
  mark as $mark,
  markScanFirst as $markScanFirst,
  wordHeads as $wordHeads,
} from './char-flags.js';
import {
  ADDRESS as $ADDRESS,
  ANCHOR as $ANCHOR,
  NAME as $NAME,
  NOT_PERSONAL as $NOT_PERSONAL,
  covered as $covered,
  markCover as $markCover,
} from './cover.js';
import {
  colonFrom as $colonFrom,
  firstAt as $firstAt,
  spacesFrom as $spacesFrom,
  wordEnd as $wordEnd,
  wordsByFirst as $wordsByFirst,
} from './context-at.js';
import type { Candidate } from './detect-numbers.js';
import {
  chineseNameEnd as $chineseNameEnd,
  honorificAt as $honorificAt,
  honorificBefore as $honorificBefore,
  isCjk as $isCjk,
  latinNameEnd as $latinNameEnd,
  stopAt as $stopAt,
  surnameLenAt as $surnameLenAt,
  wordLedNameEnd as $wordLedNameEnd,
} from './name-shape.js';
import {
  isPlausibleLatinName as $isPlausibleLatinName,
  plausibleLatinEnd as $plausibleLatinEnd,
} from './latin-names.js';
import type { Scan } from './scan.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const CTX_TAIL_FIRST = $CTX_TAIL_FIRST;
const FIELD_LABEL_LAST = $FIELD_LABEL_LAST;
const FLAGS = $FLAGS;
const NAME_CTX_FIRST = $NAME_CTX_FIRST;
const NAME_CTX_LATIN = $NAME_CTX_LATIN;
const NOT_ROLE_BEFORE = $NOT_ROLE_BEFORE;
const SEP = $SEP;
const headAt = $headAt;
const isAsciiAlnum = $isAsciiAlnum;
const isAsciiLetter = $isAsciiLetter;
const isReSpace = $isReSpace;
const mark = $mark;
const markScanFirst = $markScanFirst;
const wordHeads = $wordHeads;
const ADDRESS = $ADDRESS;
const ANCHOR = $ANCHOR;
const NAME = $NAME;
const NOT_PERSONAL = $NOT_PERSONAL;
const covered = $covered;
const markCover = $markCover;
const chineseNameEnd = $chineseNameEnd;
const honorificAt = $honorificAt;
const honorificBefore = $honorificBefore;
const isCjk = $isCjk;
const latinNameEnd = $latinNameEnd;
const stopAt = $stopAt;
const surnameLenAt = $surnameLenAt;
const wordLedNameEnd = $wordLedNameEnd;
const isPlausibleLatinName = $isPlausibleLatinName;
const plausibleLatinEnd = $plausibleLatinEnd;
const colonFrom = $colonFrom;
const firstAt = $firstAt;
const spacesFrom = $spacesFrom;
const wordEnd = $wordEnd;
const wordsByFirst = $wordsByFirst;

const ROLE_WORDS =
  '用户|用戶|会员|會員|户名|戶名|客户|客戶|顾客|顧客|买家|買家|卖家|賣家|店主|姓名|名字|快递小哥|小哥|骑手|騎手|司机|司機|收方|寄方|收件|寄件';
const ROLE = `[\u4e00-\u9fff]{0,3}(?:人|员|員|者)|${ROLE_WORDS}`;
// The scanner starts a context at the role suffix itself (人, 员 ...): the same positions as the
// generic pattern above at a fraction of the cost.
mark(NOT_ROLE_BEFORE, ['有个個别別他她我你家大老小好本此该該的了是人两兩几幾每某众眾行路病工商军軍']);
const KNOWN_ROLE =
  /(?:收件|收货|收貨|寄件|发件|發件|联系|聯繫|聯絡|签收|簽收|取件|代收|收款|持卡|申请|申請|投诉|投訴|举报|舉報|负责|負責|经办|經辦|对接|對接|快递|快遞|配送|派送|派件|投递|投遞|送货|送貨|业务|業務|驾驶|駕駛)[人员員]$/;
const VERB = '(?:是|为|為|改为|改為|改成|变更为|變更為|写|寫|填|叫)?';
const CTX_STRONG = new RegExp(
  `(?:${ROLE}|开户名|開戶名|收|寄)\\s*(?:姓名|名称|名稱)?\\s*${VERB}\\s*[:：]?\\s*$`,
);
// people named by their relation or post right before the name (业主王志伟, 交给同事郝晓峰, 找前台向沐辰,
// 驿站登记：令狐思琪): weak context, so only a known surname and a clean end count
const RELATION_WORDS = '业主|業主|同事|前台|财务|財務|登记|登記|邻居|鄰居|室友|家属|家屬|舍友';
const CTX_WEAK = new RegExp(
  `(?:我叫|我是|叫|交给|交給|转交|轉交|找|本人|代收|麻烦|联系|聯繫|给|給|${RELATION_WORDS})\\s*$`,
);
const CTX_LATIN =
  /(?:(?:recipient|receiver|sender|consignee|shipper|contact|name|attn|customer|courier|rider|driver|to)\s*(?:name\s*)?[:：]|my name is|name is|i am|i'm|this is|recipient|dear|mr\.?|ms\.?|mrs\.?)\s*$/i;
// Latin words after which only a name that reads as one counts (latin-names.ts): Parcel for
// Zhang Wei, deliver to Li Na, call Sarah Lee, Hi Sarah, customer Wang Fang, signed by: LIU YANG
const CTX_LATIN_WEAK = /^(?:hi|hello|for|to|call|contact|customer|neighbou?r|by)[:：]?\s+$/i;

// (尊敬的 / 亲爱的 open notification templates: 尊敬的王小明，您的包裹 ...)
const CTX_WORDS_CJK = `[人员員者]|${ROLE_WORDS}|${RELATION_WORDS}|开户名|開戶名|我叫|我是|叫|交给|交給|转交|轉交|找|本人|代收|麻烦|联系|聯繫|给|給|收|寄|尊敬的|亲爱的|親愛的`;
const CTX_LATIN_1 =
  'recipient|receiver|sender|consignee|shipper|contact|name|attn|customer|courier|rider|driver|to';
const CTX_LATIN_2 =
  "my name is|name is|i am|i'm|this is|customer|recipient|dear|mr\\.?|ms\\.?|mrs\\.?|hi|hello|for|to|call|contact|neighbour|neighbor|by";
// A context word before a name, matched in place at the positions where one can begin.
const CTX_AT = new RegExp(
  `(?:${CTX_WORDS_CJK})\\s*(?:姓名|名称|名稱)?\\s*${VERB}\\s*[:：]?\\s*|(?<![A-Za-z])(?:${CTX_LATIN_1})\\s*(?:name\\s*)?[:：]\\s*|(?<![A-Za-z])(?:${CTX_LATIN_2})[:：]?\\s+`,
  'iy',
);
const CTX_CJK_LIST = CTX_WORDS_CJK.replace('[人员員者]', '人|员|員|者').split('|');
// the Chinese context words by first character, in the pattern's order (context-at.ts)
const CTX_CJK_BY_FIRST = wordsByFirst(CTX_CJK_LIST);
const FIELD_WORDS = ['姓名', '名称', '名稱'];
const VERBS = VERB.slice(3, -2).split('|');
// a byte read decides whether either list needs a look (most context words are followed by
// the name or a colon)
mark(
  CTX_TAIL_FIRST,
  [...FIELD_WORDS, ...VERBS].map((w) => w[0]!),
);

/**
 * End of what CTX_AT matches at `p`, or -1. A Chinese context word is matched by hand: the
 * pattern's first word that starts there, then its optional tail (spaces, 姓名, a verb, a
 * colon), each part taken when present (the tail always matches, so its greedy reading is the
 * match); Latin words go to the pattern.
 */
function contextEnd(t: string, p: number): number {
  const c = t.charCodeAt(p);
  if (c < 128) {
    CTX_AT.lastIndex = p;
    const m = CTX_AT.exec(t);
    return m === null ? -1 : p + m[0].length;
  }
  const w = wordEnd(t, p, CTX_CJK_BY_FIRST);
  if (w === -1) return -1;
  let q = spacesFrom(t, w);
  if (q < t.length && (FLAGS[t.charCodeAt(q)]! & CTX_TAIL_FIRST) !== 0) {
    q = spacesFrom(t, q + (firstAt(t, q, FIELD_WORDS)?.length ?? 0));
    q = spacesFrom(t, q + (firstAt(t, q, VERBS)?.length ?? 0));
  }
  return colonFrom(t, q);
}
markScanFirst(NAME_CTX_FIRST, CTX_CJK_LIST);
// the markers the notification passes below start at (由 被 】 的, and 您 你 of 您好 你好): the scan
// lists them with the context words, so no pass of its own looks for them
markScanFirst(NAME_CTX_FIRST, ['由', '被', '】', '的', '您', '你']);
const CTX_HEADS = wordHeads([...CTX_CJK_LIST, ...`${CTX_LATIN_1}|${CTX_LATIN_2}`.split('|')], true);
for (const w of `${CTX_LATIN_1}|${CTX_LATIN_2}`.split('|')) {
  markScanFirst(NAME_CTX_LATIN, [w.toLowerCase(), w.toUpperCase()]);
}

/** Whether `ctx` = t[a, b) ends with a colon and optional spaces. */
function endsWithColon(t: string, a: number, b: number): boolean {
  let k = b;
  while (k > a && isReSpace(t.charCodeAt(k - 1))) k--;
  if (k === a) return false;
  const c = t.charCodeAt(k - 1);
  return c === 58 || c === 0xff1a;
}

function isBareRole(c: number): boolean {
  return c === 0x4eba || c === 0x5458 || c === 0x54e1 || c === 0x8005; // 人 员 員 者
}

/** A name ends at punctuation, a space, a digit, the end, an honorific or a stop word. */
function endsCleanly(t: string, e: number): boolean {
  if (e >= t.length) return true;
  return !isCjk(t.charCodeAt(e)) || honorificAt(t, e) || stopAt(t, e);
}

/** Whether t[a, b) is all spaces (what `\s*` matches), or empty. */
function onlySpaces(t: string, a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (!isReSpace(t.charCodeAt(k))) return false;
  return true;
}

/** Whether t[s, e) touches a finding already made (a number, an address, a name). */
function taken(s: number, e: number): boolean {
  return covered(s, e, ANCHOR | ADDRESS | NAME | NOT_PERSONAL);
}

function pushName(out: Candidate[], start: number, end: number, confidence: number): void {
  out.push({ kind: 'name', start, end, confidence });
  markCover(start, end, NAME);
}

/** Names after a context word (收件人：, Recipient: ...). */
function namesAfterContext(t: string, sc: Scan, out: Candidate[]): void {
  let from = 0;
  for (let k = 0; k < sc.nameCtx.n; k++) {
    const p = sc.nameCtx.buf[k]!;
    if (p < from || !headAt(CTX_HEADS, t, p)) continue;
    const i = contextEnd(t, p);
    if (i === -1) continue;
    from = i;
    if (i >= t.length) break;
    const ctx = t.slice(p, i);
    const colon = endsWithColon(t, p, i);
    // a bare 人/员/者 is a role only after a word (收件人, 申请人, 快递员), not after 有/个/的
    const bare = isBareRole(t.charCodeAt(p));
    if (
      bare &&
      (p === 0 || !isCjk(t.charCodeAt(p - 1)) || (FLAGS[t.charCodeAt(p - 1)]! & NOT_ROLE_BEFORE) !== 0)
    )
      continue;
    // a role word the list does not know counts as strong only with a colon after it
    // a Latin context word contains no CJK role and a Chinese one no Latin word, so each is
    // tested only against its own patterns
    const c0 = t.charCodeAt(p);
    const latinCtx = c0 < 128;
    // a role word the list does not know counts as strong only with a colon after it
    const strong =
      !latinCtx &&
      CTX_STRONG.test(ctx) &&
      (!bare || colon || KNOWN_ROLE.test(t.slice(Math.max(0, p - 3), p + 1)));
    const latin = latinCtx && CTX_LATIN.test(ctx);
    if (latinCtx && !latin && CTX_LATIN_WEAK.test(ctx)) {
      if (isCjk(t.charCodeAt(i))) {
        // Hi 程秀兰，您的... / for 王芳: a Chinese name after an English word, known surname only
        const e = chineseNameEnd(t, i, true);
        if (e !== -1 && endsCleanly(t, e) && !(e - i === 1 && honorificAt(t, e)) && !taken(i, e))
          pushName(out, i, e, 0.8);
        if (e !== -1) from = Math.max(from, e);
        continue;
      }
      // a weak Latin context: only words that read as a name
      const e = plausibleLatinEnd(t, i, /^h/i.test(ctx));
      if (e !== -1 && !taken(i, e)) pushName(out, i, e, 0.75);
      if (e !== -1) from = Math.max(from, e);
      continue;
    }
    // single-character contexts (收 / 寄) need a colon to count
    if ((c0 === 0x6536 || c0 === 0x5bc4) && onlySpaces(t, p + 1, i)) continue;
    let e = -1;
    let conf = 0.9;
    const ci = t.charCodeAt(i);
    // a bilingual label (收件人 Recipient：Peng Bo): the name is after the second label
    if (ci < 128 && !latin) {
      CTX_AT.lastIndex = i;
      const l = CTX_AT.exec(t);
      if (l !== null && endsWithColon(t, i, i + l[0].length)) {
        from = i;
        continue;
      }
    }
    if (latin || (ci >= 65 && ci <= 90)) {
      if (latin || strong) e = latinNameEnd(t, i);
      if (e === -2) {
        from = i + 4;
        continue;
      }
      conf = 0.85;
    } else {
      e = chineseNameEnd(t, i, true);
      if (e === -1 && strong && colon) {
        // an unlisted surname right after "收件人：" counts only when the name ends cleanly
        e = chineseNameEnd(t, i, false);
        if (e !== -1 && e < t.length && !/[\s,，。;；、!！?？)）]/.test(t[e]!) && !honorificAt(t, e)) e = -1;
        conf = 0.7;
      } else if (e !== -1 && !strong) {
        if (!endsCleanly(t, e)) e = -1;
        conf = 0.8;
      }
      // a name that begins with a common word (孔子墨): only where the context insists
      if (e === -1 && strong) e = wordLedNameEnd(t, i);
    }
    if (e === -1) continue;
    // a bare surname with an honorific (王先生) is not masked by the convention: skip it
    if (e - i === 1 && honorificAt(t, e)) continue;
    if (!taken(i, e)) pushName(out, i, e, conf);
    from = Math.max(from, e);
  }
}

/**
 * @internal Names after context words and next to the findings in `anchors` (numbers) and in
 * `out` as it is on entry (addresses), which the cover already marks; the names found are
 * appended to `out` and marked {@link NAME}.
 */
export function detectNames(t: string, sc: Scan, anchors: readonly Candidate[], out: Candidate[]): void {
  // the addresses: what `out` holds before any name is added (read in place, not copied)
  const nFound = out.length;
  if (sc.nameCtx.n > 0) namesAfterContext(t, sc, out);
  for (const a of anchors) nextTo(t, a, out);
  for (let k = 0; k < nFound; k++) nextTo(t, out[k]!, out);
  greetings(t, sc, out);
  for (let k = 0; k < sc.nameCtx.n; k++) {
    const p = sc.nameCtx.buf[k]!;
    const c = t.charCodeAt(p);
    if (c === 0x7531 || c === 0x88ab)
      agentAt(t, p, out); // 由 被
    else if (c === 0x3011)
      openerAt(t, p, out); // 】
    else if (c === 0x7684) possessiveAt(t, p, out); // 的
  }
  otherScript(t, out);
}

/** Names right before a finding, and right after a phone or landline. */
function nextTo(t: string, a: Candidate, out: Candidate[]): void {
  if (a.kind === 'geo' || a.kind === 'ip' || a.kind === 'name' || a.kind === 'pickupCode') return;
  nameLeftOf(t, a.start, out);
  if (a.kind === 'phone' || a.kind === 'landline') nameRightOf(t, a.end, out);
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

// the steps of a delivery someone does (已由付洋揽收, 已被石晶签收, 由配送员柯波配送)
const AGENT_VERBS = [
  '揽收',
  '攬收',
  '签收',
  '簽收',
  '代收',
  '代签',
  '取走',
  '领取',
  '領取',
  '配送',
  '派送',
  '收取',
];

/** Whether one of `words` starts at `j`. */
function oneOfAt(t: string, j: number, words: readonly string[]): boolean {
  for (const w of words) if (t.startsWith(w, j)) return true;
  return false;
}

/**
 * The person a notification says did a step: 由 / 被 + name + 揽收, 签收, 配送 ... (您的退货已由付洋
 * 揽收, 快件已被石晶签收). Each 由 and 被 is looked at once, a name's length ahead.
 */
function agentAt(t: string, at: number, out: Candidate[]): void {
  const s = at + 1;
  const e = chineseNameEnd(t, s, true);
  if (e === -1 || e - s < 2 || !oneOfAt(t, e, AGENT_VERBS)) return;
  if (!taken(s, e)) pushName(out, s, e, 0.8);
}

/**
 * A name that opens a notification after the sender's bracket: 【社区团购】汤佳怡，您的商品 ... (the
 * name, a comma or colon, then 您 or 你).
 */
function openerAt(t: string, at: number, out: Candidate[]): void {
  const s = at + 1;
  const e = chineseNameEnd(t, s, true);
  if (e === -1 || e - s < 2) return;
  const sep = t.charCodeAt(e);
  if (sep !== 0xff0c && sep !== 44 && sep !== 0xff1a && sep !== 58 && sep !== 32) return;
  const you = t.charCodeAt(e + 1);
  if (you !== 0x60a8 && you !== 0x4f60) return; // 您 你
  if (!taken(s, e)) pushName(out, s, e, 0.8);
}

// what a person's parcel is called (殷丹的快递到了, 柯俊熙先生的包裹)
const PARCEL_WORDS = ['快递', '快遞', '包裹', '快件', '外卖', '外賣'];

/** A name before 的快递 / 的包裹 (read like a name before a phone number). */
function possessiveAt(t: string, at: number, out: Candidate[]): void {
  if (at > 0 && isCjk(t.charCodeAt(at - 1)) && oneOfAt(t, at + 1, PARCEL_WORDS)) nameLeftOf(t, at, out);
}

/**
 * Names next to a greeting in a notification: before 您好 / 你好 (【顺丰速运】张三您好，...),
 * or right after it (您好，张伟，您的包裹 ...).
 */
function greetings(t: string, sc: Scan, out: Candidate[]): void {
  // every 您好 in text order, then every 你好 (found where the scan listed 您 and 你)
  greetingsWith(t, sc, 0x60a8, out);
  greetingsWith(t, sc, 0x4f60, out);
}

/** Names next to each `you` + 好 the scan listed. */
function greetingsWith(t: string, sc: Scan, you: number, out: Candidate[]): void {
  for (let k = 0; k < sc.nameCtx.n; k++) {
    const at = sc.nameCtx.buf[k]!;
    if (t.charCodeAt(at) !== you || t.charCodeAt(at + 1) !== 0x597d) continue;
    nameLeftOf(t, at, out);
    nameRightOf(t, at + 2, out);
  }
}

mark(SEP, [':：,，/|()（）-、;；', ' \t\n\v\f\r\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff']);
for (let c = 0x2000; c <= 0x200a; c++) FLAGS[c]! |= SEP;

function isSep(t: string, j: number): boolean {
  return (FLAGS[t.charCodeAt(j)]! & SEP) !== 0;
}

// The label of the field that follows a name in a record line: "张三，身份证 1101...". The
// pattern (run on the eight characters before the field) is the reference; fieldLabelBefore
// finds the same match without running it.
/** @internal */
export const FIELD_LABEL =
  /(?:联系电话|聯繫電話|联系方式|電話號碼|电话号码|手机号码|手機號碼|手机号|电话|電話|手机|手機|座机|固话|身份证号码|身份证号|身份證號碼|身份证|身份證|证件号码|证件号|护照号码|护照|護照|港澳通行证|通行证|台胞证|邮箱|郵箱|电子邮箱|email|e-mail|tel|phone|mobile|卡号|银行卡号|银行卡)\s*[:：]?\s*$/i;
// the labels by their last character, longest first; the class bit is read first (a byte per
// finding instead of a Map lookup where no label can end)
const LABELS_BY_LAST = new Map<number, string[]>();
for (const w of FIELD_LABEL.source.slice(3, FIELD_LABEL.source.indexOf(')')).split('|')) {
  const k = w.charCodeAt(w.length - 1);
  const list = LABELS_BY_LAST.get(k) ?? [];
  list.push(w);
  list.sort((x, y) => y.length - x.length);
  LABELS_BY_LAST.set(k, list);
  mark(FIELD_LABEL_LAST, [w.slice(-1), w.slice(-1).toUpperCase()]);
}

function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/** `w` (lower-case) at `s`, ASCII letters compared without case. */
function labelAt(t: string, s: number, w: string): boolean {
  for (let k = 0; k < w.length; k++) if (lowerAscii(t.charCodeAt(s + k)) !== w.charCodeAt(k)) return false;
  return true;
}

/**
 * @internal Length of the field label (and the spaces and colon after it) that ends at `p`,
 * looking at most eight characters back, or 0: what FIELD_LABEL matches on those characters.
 * The label must end where the trailing spaces and colon begin, so the match the pattern finds
 * first (the leftmost) is the longest label ending there.
 */
export function fieldLabelBefore(t: string, p: number): number {
  const lo = Math.max(0, p - 8);
  let m = p;
  while (m > lo && isReSpace(t.charCodeAt(m - 1))) m--;
  if (m > lo && (t.charCodeAt(m - 1) === 58 || t.charCodeAt(m - 1) === 0xff1a)) {
    m--;
    while (m > lo && isReSpace(t.charCodeAt(m - 1))) m--;
  }
  if (m === lo) return 0;
  const last = t.charCodeAt(m - 1);
  if ((FLAGS[last]! & FIELD_LABEL_LAST) === 0) return 0;
  const words = LABELS_BY_LAST.get(lowerAscii(last));
  if (words === undefined) return 0;
  for (const w of words) {
    const s = m - w.length;
    if (s >= lo && labelAt(t, s, w)) return p - s;
  }
  return 0;
}

function nameLeftOf(t: string, at: number, out: Candidate[]): void {
  let p = at;
  let skipped = 0;
  while (p > 0 && skipped < 3 && isSep(t, p - 1)) {
    p--;
    skipped++;
  }
  const label = fieldLabelBefore(t, p);
  if (label > 0) {
    p -= label;
    skipped = 0;
    while (p > 0 && skipped < 3 && isSep(t, p - 1)) {
      p--;
      skipped++;
    }
  }
  if (p > 0 && isAsciiLetter(t.charCodeAt(p - 1))) {
    latinNameLeftOf(t, p, out);
    return;
  }
  let runStart = p;
  while (runStart > 0 && p - runStart < 8 && isCjk(t.charCodeAt(runStart - 1))) runStart--;
  // the run goes on from a name this library masked (张**阳娜娜): the first pass saw one longer
  // run there and found no name at its end, so redacting again must not find one either
  if (runStart > 0 && t.charCodeAt(runStart - 1) === 42) return;
  const end = p - honorificBefore(t, runStart, p);
  // every name this could find ends at `end`: when the character before it is already taken
  // (the name after 收件人： that this phone follows), none of them would be kept
  if (end > 0 && taken(end - 1, end)) return;
  for (let len = 4; len >= 2; len--) {
    const s = end - len;
    if (s < runStart) continue;
    const sl = surnameLenAt(t, s);
    if (sl === 0 || (len === 4 && sl !== 2)) continue;
    if (chineseNameEnd(t, s, true) !== end) continue;
    if (s > runStart) {
      // inside a longer run: what precedes must be a context word or a stop character
      if (!stopAt(t, s - 1)) {
        const head = t.slice(runStart, s);
        if (!CTX_WEAK.test(head) && !CTX_STRONG.test(head)) continue;
      }
    }
    if (end - s === 1) return;
    if (!taken(s, end)) pushName(out, s, end, 0.8);
    return;
  }
}

/**
 * A Latin-script name that ends at `end` next to a number (ZHANG WEI 13812345678, Sarah Lee /
 * +86 ...): up to four capitalized words read back, the longest tail that reads as a name.
 */
function latinNameLeftOf(t: string, end: number, out: Candidate[]): void {
  const starts: number[] = [];
  let q = end;
  const lo = Math.max(0, end - 64);
  while (starts.length < 4 && q > lo) {
    let s = q;
    while (
      s > lo &&
      (isAsciiLetter(t.charCodeAt(s - 1)) || t.charCodeAt(s - 1) === 39 || t.charCodeAt(s - 1) === 45)
    )
      s--;
    const c = t.charCodeAt(s);
    if (s === q || c < 65 || c > 90 || (s > 0 && isAsciiAlnum(t.charCodeAt(s - 1)))) break;
    starts.push(s);
    if (s < 2 || t.charCodeAt(s - 1) !== 32) break;
    q = s - 1;
  }
  for (let k = starts.length - 1; k >= 1; k--) {
    const s = starts[k]!;
    if (isPlausibleLatinName(t.slice(s, end).split(' '))) {
      if (!taken(s, end)) pushName(out, s, end, 0.75);
      return;
    }
  }
}

function nameRightOf(t: string, at: number, out: Candidate[]): void {
  let p = at;
  let skipped = 0;
  while (p < t.length && skipped < 3 && isSep(t, p)) {
    p++;
    skipped++;
  }
  const c = t.charCodeAt(p);
  if (c >= 65 && c <= 90) {
    const e = plausibleLatinEnd(t, p, false);
    if (e !== -1 && !taken(p, e)) pushName(out, p, e, 0.75);
    return;
  }
  const e = chineseNameEnd(t, p, true);
  if (e === -1) return;
  if (e < t.length && isCjk(t.charCodeAt(e)) && !honorificAt(t, e)) return;
  if (!taken(p, e)) pushName(out, p, e, 0.75);
}

// Names after a context word: a role (收件人, 联系人, 快递员 ...), a relation (业主, 同事 ...), a verb
// of naming (我叫, 交给 ...) or a Latin label (Recipient:, Hi, call ...). The words and their
// strength live here, so a name is reported only where the text says it is one; the record-line
// passes reuse the strong and weak patterns to judge what precedes a name inside a longer run.
import {
  CTX_TAIL_FIRST as $CTX_TAIL_FIRST,
  FLAGS as $FLAGS,
  NAME_CTX_FIRST as $NAME_CTX_FIRST,
  NAME_CTX_LATIN as $NAME_CTX_LATIN,
  NOT_ROLE_BEFORE as $NOT_ROLE_BEFORE,
  asciiFolded as $asciiFolded,
  headAt as $headAt,
  isReSpace as $isReSpace,
  mark as $mark,
  markScanFirst as $markScanFirst,
  wordHeads as $wordHeads,
  isIdeograph as $isIdeograph,
} from './char-flags.js';
import {
  colonFrom as $colonFrom,
  firstAt as $firstAt,
  spacesFrom as $spacesFrom,
  wordEnd as $wordEnd,
  wordsByFirst as $wordsByFirst,
} from './context-at.js';
import {
  chineseNameEnd as $chineseNameEnd,
  honorificAt as $honorificAt,
  stopAt as $stopAt,
  surnameLenAt as $surnameLenAt,
  wordLedNameEnd as $wordLedNameEnd,
} from './name-shape.js';
import { plausibleLatinEnd as $plausibleLatinEnd, latinNameEnd as $latinNameEnd } from './latin-names.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import { notPersonWords as $notPersonWords } from './mail-names.js';
import { givenUnlikely as $givenUnlikely, lookalike as $lookalike } from './given-names.js';
import { CLOSINGS, signatureNameAt as $signatureNameAt } from './signature-names.js';
import { TOLD_MARKERS } from './told-names.js';
import { siteRefAt as $siteRefAt } from './site-words.js';
import { spacedLabelEnd as $spacedLabelEnd } from './spaced-labels.js';
import type { Candidate } from './detect-numbers.js';
import type { Scan } from './scan.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const CTX_TAIL_FIRST = $CTX_TAIL_FIRST;
const FLAGS = $FLAGS;
const NAME_CTX_FIRST = $NAME_CTX_FIRST;
const NAME_CTX_LATIN = $NAME_CTX_LATIN;
const NOT_ROLE_BEFORE = $NOT_ROLE_BEFORE;
const headAt = $headAt;
const asciiFolded = $asciiFolded;
const isReSpace = $isReSpace;
const mark = $mark;
const markScanFirst = $markScanFirst;
const wordHeads = $wordHeads;
const colonFrom = $colonFrom;
const firstAt = $firstAt;
const spacesFrom = $spacesFrom;
const wordEnd = $wordEnd;
const wordsByFirst = $wordsByFirst;
const chineseNameEnd = $chineseNameEnd;
const honorificAt = $honorificAt;
const isCjk = $isIdeograph;
const latinNameEnd = $latinNameEnd;
const notPersonWords = $notPersonWords;
const stopAt = $stopAt;
const wordLedNameEnd = $wordLedNameEnd;
const plausibleLatinEnd = $plausibleLatinEnd;
const pushName = $pushName;
const taken = $taken;
const givenUnlikely = $givenUnlikely;
const lookalike = $lookalike;
const surnameLenAt = $surnameLenAt;
const signatureNameAt = $signatureNameAt;
const siteRefAt = $siteRefAt;
const spacedLabelEnd = $spacedLabelEnd;

/** End of the run of ASCII letters at `i`. */
function wordEndAt(t: string, i: number): number {
  let k = i;
  while (k < t.length && (t.charCodeAt(k) | 32) >= 97 && (t.charCodeAt(k) | 32) <= 122) k++;
  return k;
}

// the parties of a shipment's terms (寄件方, 收货方): a label before a name only with a colon, a
// space or 名称 after it (寄件方：张三丰, 收件方 李四光); glued to a verb they are a clause's subject
// (由寄件方付款, 收件方支付运费), and what follows is no name
// (and the buyer and seller of an invoice or a contract: 购买方名称 詹子豪, 买方：刘德明)
const PARTY_WORDS =
  '寄件方|收件方|发件方|發件方|收货方|收貨方|发货方|發貨方|购买方|購買方|销售方|銷售方|买方|買方|卖方|賣方|托运方|託運方|付款方|收款方';
const PARTY_SET = new Set(PARTY_WORDS.split('|'));
const ROLE_WORDS =
  '用户|用戶|会员|會員|户名|戶名|客户|客戶|顾客|顧客|买家|買家|卖家|賣家|店主|姓名|名字|快递小哥|小哥|骑手|騎手|司机|司機|' +
  PARTY_WORDS +
  '|收方|寄方|收件|寄件';
const ROLE = `[\u4e00-\u9fff]{0,3}(?:人|员|員|者)|${ROLE_WORDS}`;
const ROLE_WORD_SET = new Set(ROLE_WORDS.split('|'));
// A role word glued to one of these is the head of a longer noun, not a context: 寄件单 (the
// waybill slip), 客户端 (the app), 会员卡, 收件箱, 用户群, 司机端, 用户量 ... 单 only after 收件 and
// 寄件, where the slip is meant (用户单丽华 stays a name).
const COMPOUND_TAIL = new Set(
  [...'端卡群箱号號码碼量数數类類型页頁券库庫栏欄表框区區'].map((c) => c.charCodeAt(0)),
);
const SLIP_ROLES = new Set(['收件', '寄件', '收方', '寄方']);

/** Whether the role word `ctx`, glued to t[i], is the head of a compound noun (寄件单, 客户端). */
function compoundHead(t: string, ctx: string, i: number): boolean {
  if (!ROLE_WORD_SET.has(ctx)) return false;
  const c = t.charCodeAt(i);
  return COMPOUND_TAIL.has(c) || ((c === 0x5355 || c === 0x55ae) && SLIP_ROLES.has(ctx));
}
// The scanner starts a context at the role suffix itself (人, 员 ...): the same positions as the
// generic pattern above at a fraction of the cost.
mark(NOT_ROLE_BEFORE, ['有个個别別他她我你家大老小好本此该該的了是人两兩几幾每某众眾行路病工商军軍']);
const KNOWN_ROLE =
  /(?:收件|收货|收貨|寄件|发件|發件|联系|聯繫|聯絡|签收|簽收|取件|代收|收款|持卡|申请|申請|投诉|投訴|举报|舉報|负责|負責|经办|經辦|对接|對接|快递|快遞|配送|派送|派件|投递|投遞|送货|送貨|业务|業務|驾驶|駕駛)[人员員]$/;
// (and what a form or a slip was found to say: 收件人写的宋可欣, 联系人填的是…, 寄件人留的周敏; the
// longer words first, as the first word that starts there is taken)
const VERB =
  '(?:是|为|為|改为|改為|改成|变更为|變更為|写的是|寫的是|填的是|留的是|写的|寫的|写着|寫著|填的|留的|写|寫|填|叫)?';
/** @internal */
export const CTX_STRONG = new RegExp(
  `(?:${ROLE}|开户名|開戶名|收|寄)\\s*(?:姓名|名称|名稱)?\\s*${VERB}\\s*[:：]?\\s*$`,
);
// people named by their relation or post right before the name (业主王志伟, 交给同事郝晓峰, 找前台向沐辰,
// 驿站登记：令狐思琪): weak context, so only a known surname and a clean end count
// and family and friends named in a chat (收件人是我妈 周秀兰, 我朋友郑梦瑶帮我代收, 交俾我老婆陈慧)
// verbs that pass a message or a job on to a person named right after them (麻烦转告周婷，…;
// 告诉林涛一声; 明天安排罗志明上门; 今天改由张卫东来派; 交由何静处理)
const TELL_WORDS = '转告|轉告|告诉|告訴|安排|改由|交由';
// asking after someone's parcel (帮我查一下王建平的快递, 问下孙倩的件): read only before 的快递 / 的包裹
// and a phone (record-line-names.ts reads CTX_WEAK there), not as a context of their own
const QUERY_WORDS = '查一下|查一查|查下|帮我查|幫我查|问一下|問一下|问下|問下';
const TELL_SET = new Set(TELL_WORDS.split('|'));
// what the person named after a tell word goes on to do (改由张卫东来派, 安排罗志明上门, 告诉林涛一声,
// 交由何静处理): a name glued to one of these still ends there
const JOB_AFTER = [
  '来',
  '來',
  '去',
  '上门',
  '上門',
  '处理',
  '處理',
  '一声',
  '一聲',
  '一下',
  '负责',
  '負責',
  '跟进',
  '跟進',
  '派',
];

/**
 * End of the name read at t[i, e) after a tell word when what follows is what the person does
 * (one of JOB_AFTER), taking back a third character that starts it (林涛一声 read as 林涛一): e,
 * e - 1 or -1.
 */
function jobNameEnd(t: string, i: number, e: number): number {
  if (firstAt(t, e, JOB_AFTER) !== undefined) return e;
  if (e - i === 3 && firstAt(t, e - 1, JOB_AFTER) !== undefined) return e - 1;
  return -1;
}
// (and a shop's owner or a landlord named before the name: 超市老板冉冬梅, 房东周敏)
const RELATION_WORDS =
  '老板|老闆|房东|房東|业主|業主|同事|前台|财务|財務|登记|登記|邻居|鄰居|室友|家属|家屬|舍友|朋友|我妈|我媽|我爸|妈妈|媽媽|爸爸|老公|老婆|爱人|愛人|媳妇|媳婦|家人|亲戚|親戚|哥哥|姐姐|妹妹|弟弟|女儿|女兒|儿子|兒子|同学|同學|闺蜜|閨蜜|表哥|表姐|表妹|表弟|婆婆|岳母|外婆|奶奶|爷爷|爺爺|老豆|老母';
/** @internal */
export const CTX_WEAK = new RegExp(
  `(?:我叫|我是|叫|交给|交給|转交|轉交|${TELL_WORDS}|${QUERY_WORDS}|找|本人|代收|麻烦|联系|聯繫|给|給|${RELATION_WORDS})\\s*$`,
);
// the Latin labels before a person: a shipment's and a chat's roles, and the consignor and the
// addressee of a waybill
const CTX_LATIN_LABELS =
  'recipient|receiver|sender|consignee|consignor|shipper|contact|name|attn|customer|courier|rider|driver|addressee|to';
// weak Latin contexts added to the sign-offs and roles above, where only words that read as a
// name count (a company, a place or a word after them is none): the parties of an air waybill
// or a customs declaration, as often a company as a person (Importer of record:, Exporter:,
// Declarant:, Notify party:, Buyer:, Payer:, Cardholder:, Attention:), a letter's greeting
// (Greetings Feng Lin,), who a step was done for (on behalf of Situ Hao) and the people a chat
// names by relation (my mom Xie Hong, my neighbour Tom Baker)
// (and the closings of a mail written without their comma: Regards\nZHAO LEI, Thanks Li Na)
// (and how English chat and call notes name the person spoken to or about: a greeting (Hey Tom
// Baker, Good morning Li Na), a question of who answers (is this Sarah Lee?, am I speaking with
// Wang Fang, are you Chen Jie?), a call or a message logged (Called Mark Evans re: refund,
// texted Zhou Lin, spoke with Amy Clark) and a self-introduction without its verb (my name Zheng
// Yiran): only words that read as a name count after them)
const LATIN_WEAK_CHAT =
  'hey|hiya|good morning|good afternoon|good evening|morning|evening|is this|is that|are you|speaking (?:to|with)|called|calling|phoned|rang|texted|messaged|emailed|spoke (?:to|with)|talked (?:to|with)|reached|my name';
const LATIN_WEAK_MORE =
  LATIN_WEAK_CHAT +
  // (and how a proof of delivery names who signed: Signed: ZHOU J., POD: Li Na, per Emily Davis)
  '|signed for|signed|pod|per|regards|rgds,|rgds|thanks|thank you|cheers|sincerely|importer of record|importer|exporter|declarant|notify party|buyer|purchaser|payer|cardholder|attention|greetings|on behalf of|my (?:mom|mum|mother|dad|father|wife|husband|son|daughter|brother|sister|friend|colleague|coworker|co-worker|neighbou?r|roommate|flatmate|boss|cousin|aunt|uncle|partner|landlord|tenant|assistant)';
// what a label may say between its role and its colon: a field's word (Contact person:, Consignee
// name:), or where the person was listed or is met (Consignee listed:, Contact on site:, Receiver
// on file:, Shipper as declared:)
const LABEL_QUALIFIER =
  '(?:name|person|listed|shown|named|given|on file|on record|on site|on-site|at site|as declared)';
const CTX_LATIN = new RegExp(
  `(?:(?:${CTX_LATIN_LABELS})\\s*(?:${LABEL_QUALIFIER}\\s*)?[:：]|my name is|name is|i am|i'm|this is|recipient|dear|mr\\.?|ms\\.?|mrs\\.?)\\s*$`,
  'i',
);
// Latin words after which only a name that reads as one counts (latin-names.ts): Parcel for
// Zhang Wei, deliver to Li Na, call Sarah Lee, Hi Sarah, customer Wang Fang, signed by: LIU YANG,
// an audit line's actor (user 钟伟明 exported…, operator Li Na)
// and a mail's sign-off before its writer (Thanks, Grace Wong; Best regards,\nLi Na)
const CTX_LATIN_WEAK = new RegExp(
  `^(?:hi|hello|for|to|call|contact|customer|neighbou?r|by|courier|rider|driver|receiver|consignee|sender|shipper|user|operator|thanks,|thank you,|regards,|cheers,|sincerely,|best,|${LATIN_WEAK_MORE})[:：]?\\s+$`,
  'i',
);

// (尊敬的 / 亲爱的 open notification templates: 尊敬的王小明，您的包裹 ...)
const CTX_WORDS_CJK = `[人员員者]|${ROLE_WORDS}|${RELATION_WORDS}|开户名|開戶名|我叫|我是|叫|交给|交給|转交|轉交|${TELL_WORDS}|找|本人|代收|麻烦|联系|聯繫|给|給|收|寄|尊敬的|亲爱的|親愛的`;
const CTX_LATIN_1 = CTX_LATIN_LABELS;
// (a role before a romanized name in a system's sentence: Courier Zhou Bin will call you)
const CTX_LATIN_2 = `my name is|name is|i am|i'm|this is|customer|recipient|dear|mr\\.?|ms\\.?|mrs\\.?|hi|hello|for|to|call|contact|neighbour|neighbor|by|courier|rider|driver|receiver|consignee|sender|shipper|user|operator|thanks,|thank you,|regards,|cheers,|sincerely,|best,|${LATIN_WEAK_MORE}`;
// A context word before a name, matched in place at the positions where one can begin.
const CTX_AT = new RegExp(
  `(?:${CTX_WORDS_CJK})\\s*(?:姓名|名称|名稱)?\\s*${VERB}\\s*[:：]?\\s*|(?<![A-Za-z])(?:${CTX_LATIN_1})\\s*(?:${LABEL_QUALIFIER}\\s*)?[:：]\\s*|(?<![A-Za-z])(?:${CTX_LATIN_2})[:：]?\\s+`,
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
// and the markers of addressed-names.ts and signature-names.ts: 吗 嗎 (是施文斌吗), the closings
// of a letter (谢谢 感谢 此致 祝好) and a line of dashes (—— or --) before a signature
markScanFirst(NAME_CTX_FIRST, ['吗', '嗎', ...CLOSINGS, '—']);
// and told-names.ts's 跟 / 同 (你跟马上飞说一下), bracket-names.ts's （ (吴先生（吴国华）; '(' is
// listed with a list item's number)
markScanFirst(NAME_CTX_FIRST, [...TOLD_MARKERS, '（']);
markScanFirst(NAME_CTX_LATIN, ['-']);
const CTX_HEADS = wordHeads([...CTX_CJK_LIST, ...`${CTX_LATIN_1}|${CTX_LATIN_2}`.split('|')], true);
// the literal first characters of every Latin context word, in lower case (mr of mr\.?, neighbo of
// neighbou?r): a Latin marker whose first three characters begin none (the com and example of an
// e-mail, consignment) is no context, without the pattern's look
const CTX_LATIN_STARTS = `${CTX_LATIN_1}|${CTX_LATIN_2}`.split('|').map(literalStart);
const CTX_LATIN_3 = new Set(CTX_LATIN_STARTS.filter((w) => w.length >= 3).map((w) => asciiFolded(w, 0, 3)));
const CTX_LATIN_SHORT = new Set(
  CTX_LATIN_STARTS.filter((w) => w.length < 3).map((w) => asciiFolded(w, 0, w.length)),
);

/** The characters of a pattern's alternative up to its first operator or optional character. */
function literalStart(alt: string): string {
  let k = 0;
  while (
    k < alt.length &&
    !'\\()[]{}*+?.^$'.includes(alt[k]!) &&
    !(k + 1 < alt.length && '?*{'.includes(alt[k + 1]!))
  )
    k++;
  return alt.slice(0, k).toLowerCase();
}

/** Whether a Latin context word may begin at `p` (its literal start is there; see above). */
function latinContextAt(t: string, p: number): boolean {
  if (CTX_LATIN_SHORT.has(asciiFolded(t, p, 1)) || CTX_LATIN_SHORT.has(asciiFolded(t, p, 2))) return true;
  return CTX_LATIN_3.has(asciiFolded(t, p, 3));
}
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

/**
 * After a weak Latin context word (Hi, for, call ...) at `i`: a Chinese name with a known
 * surname (Hi 程秀兰，您的... / for 王芳) or Latin words that read as a name. Returns the end of
 * the name read (found or taken), or -1. Rare, so kept out of the loop below (inlining budget).
 */
function afterWeakLatin(t: string, i: number, ctx: string, out: Candidate[]): number {
  if (isCjk(t.charCodeAt(i))) {
    const e = chineseNameEnd(t, i, true);
    if (e !== -1 && endsCleanly(t, e) && !(e - i === 1 && honorificAt(t, e)) && !taken(i, e)) {
      pushName(out, i, e, 0.8);
      return e;
    }
    // a run read but not taken is not skipped: a context word inside it (call 张伟尊敬的张伟) is
    // read as it would be once the Latin word before it is masked
    return -1;
  }
  // a weak Latin context: only words that read as a name
  const e = plausibleLatinEnd(t, i, /^h/i.test(ctx));
  if (e !== -1 && !taken(i, e)) pushName(out, i, e, 0.75);
  // or, after a closing on a line of its own (Best regards,\nKwabena Mensah\nOperations Lead),
  // any words of a person's name that the lines after them sign
  else if (e === -1 && ctx.indexOf(',') !== -1 && ctx.indexOf('\n') !== -1) signatureNameAt(t, i, out);
  return e;
}

/** Whether a second context word ending in a colon starts at `i` (收件人 Recipient：Peng Bo). */
function secondLabelAt(t: string, i: number): boolean {
  CTX_AT.lastIndex = i;
  const l = CTX_AT.exec(t);
  return l !== null && endsWithColon(t, i, i + l[0].length);
}

/**
 * An unlisted surname right after "收件人：" at `i`: the end of the name when it ends cleanly
 * (punctuation, a space, the end or an honorific), else -1.
 */
function unlistedAfterStrong(t: string, i: number): number {
  const e = chineseNameEnd(t, i, false);
  if (e !== -1 && e < t.length && !/[\s,，。;；、!！?？)）]/.test(t[e]!) && !honorificAt(t, e)) return -1;
  return e;
}

/** Whether a space stands right before or after `p` (where a spread-out label may be). */
function isSpaced(t: string, p: number): boolean {
  const b = t.charCodeAt(p - 1);
  const a = t.charCodeAt(p + 1);
  return b === 32 || b === 0x3000 || a === 32 || a === 0x3000;
}

/** — – - > / ｜ | ( （: what may stand for a label's colon, in runs of at most three. */
function isLabelMark(c: number): boolean {
  return (
    c === 0x2014 ||
    c === 0x2013 ||
    c === 45 ||
    c === 62 ||
    c === 47 ||
    c === 124 ||
    c === 0xff5c ||
    c === 40 ||
    c === 0xff08
  );
}

/**
 * `i` past one to three label marks and the spaces after them when a Chinese ideograph follows
 * (the name's first character), else `i` unchanged.
 */
function afterLabelMark(t: string, i: number): number {
  let q = i;
  while (q < t.length && q - i < 3 && isLabelMark(t.charCodeAt(q))) q++;
  if (q === i) return i;
  q = spacesFrom(t, q);
  return isCjk(t.charCodeAt(q)) ? q : i;
}

/** @internal Names after a context word (收件人：, Recipient: ...). */
export function namesAfterContext(t: string, sc: Scan, out: Candidate[]): void {
  let from = 0;
  for (let k = 0; k < sc.nameCtx.n; k++) {
    const p = sc.nameCtx.buf[k]!;
    if (p < from) continue;
    // a label spread out with spaces (收 件 人 ：, 姓 名：): the scan lists its 人 or 姓
    if (isSpaced(t, p)) {
      const i = spacedLabelEnd(t, p);
      if (i !== -1) {
        const e = chineseNameEnd(t, i, true);
        if (e !== -1 && !(e - i === 1 && honorificAt(t, e)) && !taken(i, e)) pushName(out, i, e, 0.9);
        from = Math.max(i, e);
        continue;
      }
    }
    if (!headAt(CTX_HEADS, t, p)) continue;
    if (t.charCodeAt(p) < 128 && !latinContextAt(t, p)) continue;
    let i = contextEnd(t, p);
    if (i === -1) continue;
    // a bare 人/员/者 is a role only after a word (收件人, 申请人, 快递员), not after 有/个/的; when
    // it is none, the words it swallowed are read again (人叫聂海涛: 叫 is the context)
    const bare = isBareRole(t.charCodeAt(p));
    if (
      bare &&
      (p === 0 || !isCjk(t.charCodeAt(p - 1)) || (FLAGS[t.charCodeAt(p - 1)]! & NOT_ROLE_BEFORE) !== 0)
    )
      continue;
    from = i;
    if (i >= t.length) break;
    const ctx = t.slice(p, i);
    if (compoundHead(t, ctx, i)) continue;
    const colon = endsWithColon(t, p, i);
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
      const e = afterWeakLatin(t, i, ctx, out);
      if (e !== -1) from = Math.max(from, e);
      continue;
    }
    // single-character contexts (收 / 寄) need a colon to count
    if ((c0 === 0x6536 || c0 === 0x5bc4) && onlySpaces(t, p + 1, i)) continue;
    // a party word (寄件方) needs a colon, a space or 名称 after it
    if (PARTY_SET.has(ctx)) continue;
    let e = -1;
    let conf = 0.9;
    // a strong label written with a dash, an arrow, a slash or a bracket where a colon would be
    // (联系人——魏晨, 收件人->徐小凤, 收件人 / 贾峰, 联系人(方毅)): the name is read after the mark
    if (strong && !colon) i = afterLabelMark(t, i);
    const ci = t.charCodeAt(i);
    // a bilingual label (收件人 Recipient：Peng Bo): the name is after the second label
    if (ci < 128 && !latin && secondLabelAt(t, i)) {
      from = i;
      continue;
    }
    // a Latin label before a Chinese name (Name: 张伟, Recipient: 欧阳娜娜) reads it as a
    // Chinese context word's would, on weak evidence (the name must end cleanly)
    if ((latin && ci < 128) || (ci >= 65 && ci <= 90)) {
      if (latin || strong) e = latinNameEnd(t, i);
      if (e === -2) {
        from = i + 4;
        continue;
      }
      // a label before a team, a desk, a company or a place (To: Ops, Attn: Sales Team, To:
      // Shenzhen) does not make a person of it
      if (e > i && notPersonWords(t.slice(i, e).split(/ +/))) continue;
      // nor before a bay, a dock or a gate with its number (To: Bay 3, Attn: Dock 12)
      if (e > i && siteRefAt(t, i, wordEndAt(t, i))) continue;
      conf = 0.85;
    } else {
      e = chineseNameEnd(t, i, true);
      if (e === -1 && strong && colon) {
        e = unlistedAfterStrong(t, i);
        conf = 0.7;
      } else if (e !== -1 && !strong) {
        if (!endsCleanly(t, e)) e = TELL_SET.has(ctx.trim()) ? jobNameEnd(t, i, e) : -1;
        // a weak context does not make a name of a surname and a word's character (叫车来取)
        if (e !== -1 && givenUnlikely(t, i, surnameLenAt(t, i), e)) e = -1;
        // after a Latin label, no brand, place or word that reads like a name (To: 李宁)
        if (e !== -1 && latin && lookalike(t, i, e)) e = -1;
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

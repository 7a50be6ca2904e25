// Name detection in free text. A name is reported only where the text says it is one: after a
// context word (收件人, 联系人, 姓名, Recipient ...), or next to a phone number or an address in a
// record line ("张三 13812345678"). Its first character must be a known surname (a compound
// surname counts whole), so words that start with a surname (马上, 王府井) are not names unless
// the context insists, and then place words and common words still reject them.
import {
  COMPOUND_FIRST,
  FLAGS,
  NAME_CTX_FIRST,
  NAME_CTX_LATIN,
  NAME_DOT,
  NAME_STOP,
  NAME_STOP_WORD_FIRST,
  NOT_ROLE_BEFORE,
  SEP,
  SURNAME,
  isReSpace,
  mark,
  markFirst,
  startsAt,
} from './char-flags.js';
import type { Candidate } from './detect-numbers.js';
import type { Scan } from './scan.js';
import { COMPOUND_SURNAMES, SINGLE_SURNAMES } from './surnames.js';

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
const CTX_WEAK = /(?:我叫|我是|叫|交给|交給|转交|轉交|找|本人|代收|麻烦|联系|聯繫|给|給)\s*$/;
const CTX_LATIN =
  /(?:(?:recipient|receiver|sender|consignee|shipper|contact|name|attn|customer|courier|rider|driver|to)\s*(?:name)?\s*[:：]|my name is|name is|i am|i'm|this is|customer|recipient|dear|mr\.?|ms\.?|mrs\.?)\s*$/i;

const STOP_WORDS = [
  '先生',
  '女士',
  '小姐',
  '师傅',
  '師傅',
  '老师',
  '老師',
  '同学',
  '电话',
  '電話',
  '手机',
  '手機',
  '号码',
  '地址',
  '身份',
  '联系',
  '聯繫',
  '聯絡',
  '收件',
  '寄件',
  '签收',
  '簽收',
  '明天',
  '今天',
  '后天',
  '昨天',
  '上午',
  '下午',
  '晚上',
  '中午',
  '早上',
  '现在',
  '马上',
  '派送',
  '派件',
  '配送',
  '揽收',
  '攬收',
  '送达',
  '送達',
  '信息',
  '信用',
  '信箱',
  '经理',
  '老板',
  '主任',
  '总监',
  '阿姨',
  '大爷',
  '大哥',
  '大姐',
  '已经',
  '一下',
  '快递',
  '快遞',
  '包裹',
  '谢谢',
  '麻烦',
  '您好',
  '你好',
  '这边',
  '那边',
  '自己',
];
mark(NAME_STOP, [
  '的了在是已说請请把给給与與或您你他她我将將要会會能这這那到送取寄收打電电号號路街市省区區县縣镇鎮村楼樓栋棟室店等去放吗嗎呢吧啊呀哦嗯也就还還又再被让讓跟对對从從往而且因为所以如果没有不很太最更非常经總总哥姐叔爷妈爸称稱',
]);
// 阿依古丽·买买提, 扎西·多吉: parts joined by a middle dot
const DOT_NAME = /[\u4e00-\u9fff]{1,6}[·•・‧][\u4e00-\u9fff]{1,8}(?:[·•・‧][\u4e00-\u9fff]{1,8})?/y;
mark(NAME_DOT, ['·•・‧']);
const HONORIFICS = ['先生', '女士', '小姐', '师傅', '師傅'];
// Words that begin with a surname character but are not names.
const NOT_NAMES = new Set(
  '本人 家人 他人 个人 大家 保安 物业 邻居 同事 朋友 位置 位于 定位 轨迹 银行 银行卡 快递柜 物业 门卫 金地 华府 时间 高新 高新区 开发区 万科 龙湖 保利 马上 马路 王府 王府井 高速 高铁 高层 周末 周一 周二 周三 周四 周五 周六 周日 明天 黄金 金额 张贴 李子 江边 白天 白色 黑色 安全 安装 安排 东西 东门 西门 南门 北门 方便 方向 文件 包裹 包装 付款 关门 关于 夏天 钱包 孔子 司机 程序 时间 时候 温度 龙头 石头 花园 常温 苏州 杭州 上海 北京 广州 深圳 武汉 成都 重庆 天津 南京 西安 长沙 郑州 宁波 无锡 海口 贵阳 昆明 全部 全家 全国 任何 陆续 邮件 邮政 和平 平安 平台 万达 华为 国际 国内 国家 宋体 章节 顾问 戴上 应该 申请 都是 都市 原来 原因 来自 向前 江苏 浙江 湖南 湖北 河南 河北 山东 山西 广东 广西 海南 云南 贵州 四川 福建 江西 安徽 甘肃 宁夏 新疆 西藏 青海 吉林 辽宁 台湾 香港 澳门 蒙古 朝阳 海淀 丰台 福田 南山 宝安 龙岗 金山 和美 管理 管家 柯桥 邱园 龚家 车库 车站 门口 门卫 姜汤 季度 严重 于是 查询 查看 查收 查到 解决 解释 简单 宁愿 宁可 尚未 左边 右边 左右 上面 下面 前台 项目 费用 卫生 时效 钟点 伍佰 万一 万元 成功 成本 成都 安心 高兴 毕业 应当 方法 方式 单位 单元 单号 尤其 齐全 鲍鱼 蒲公英 席位 柏油 容易 敬请 谈话 苗木 游戏 路口 路上 路过 明白 明确 明显 宫殿 景区 常用 常见 常规 司法 谷歌 喻义 殷勤 雷雨 龙井 贺卡 冷冻 冷藏 祝福 包邮 甘蔗 包子 伏天 邓小平'.split(
    ' ',
  ),
);
// A name is not followed by these (it was the start of a place or shop name); no word is longer
// than two characters, so matching in place is the same as matching the next two characters.
const PLACE_AFTER_WORDS =
  '路|街|道|巷|弄|店|号|號|市|区|區|县|縣|镇|鎮|村|庄|莊|楼|樓|大厦|大廈|广场|廣場|小区|小區|公司|超市|银行|銀行|中心|大学|大學|学院|醫院|医院|酒店|饭店|饭馆|餐厅|站|港|湾|灣|桥|橋|门|門|园|園|城|府|山|湖|江|河|井|里|坊|苑|厂|廠|场|場'.split(
    '|',
  );
const PLACE_AFTER = new RegExp(`(?:${PLACE_AFTER_WORDS.join('|')})`, 'y');
const PLACE_AFTER_FIRST = new Set(PLACE_AFTER_WORDS.map((w) => w.charCodeAt(0)));

function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

/** Two UTF-16 units as one number: a key for sets of two-character words, built without slicing. */
function pairKey(c1: number, c2: number): number {
  return c1 * 65536 + c2;
}

// stop words by their first character, so a position is checked against a handful at most
const STOP_BY_FIRST = new Map<number, string[]>();
for (const w of STOP_WORDS) {
  const list = STOP_BY_FIRST.get(w.charCodeAt(0));
  if (list) list.push(w);
  else STOP_BY_FIRST.set(w.charCodeAt(0), [w]);
}
markFirst(NAME_STOP_WORD_FIRST, STOP_WORDS);

function stopWordAt(t: string, j: number): boolean {
  if (j >= t.length || (FLAGS[t.charCodeAt(j)]! & NAME_STOP_WORD_FIRST) === 0) return false;
  for (const w of STOP_BY_FIRST.get(t.charCodeAt(j))!) if (startsAt(t, j, w)) return true;
  return false;
}

function stopAt(t: string, j: number): boolean {
  return (j < t.length && (FLAGS[t.charCodeAt(j)]! & NAME_STOP) !== 0) || stopWordAt(t, j);
}

/** Whether an honorific (先生, 女士 ...) starts at `j`. */
function honorificAt(t: string, j: number): boolean {
  for (const h of HONORIFICS) if (startsAt(t, j, h)) return true;
  return false;
}

// compound surnames as pair keys; single surnames as a class bit
const COMPOUND_KEYS = new Set<number>();
for (const s of COMPOUND_SURNAMES) COMPOUND_KEYS.add(pairKey(s.charCodeAt(0), s.charCodeAt(1)));
markFirst(COMPOUND_FIRST, COMPOUND_SURNAMES);
mark(SURNAME, SINGLE_SURNAMES);

function surnameLenAt(t: string, i: number): number {
  if (i >= t.length) return 0;
  const c = t.charCodeAt(i);
  const f = FLAGS[c]!;
  if ((f & COMPOUND_FIRST) !== 0 && i + 1 < t.length && COMPOUND_KEYS.has(pairKey(c, t.charCodeAt(i + 1))))
    return 2;
  return (f & SURNAME) !== 0 ? 1 : 0;
}

// NOT_NAMES by length: two-character words as pair keys, longer ones behind their first pair
const NOT_NAME_PAIRS = new Set<number>();
const NOT_NAME_LONG_HEADS = new Set<number>();
for (const w of NOT_NAMES) {
  const k = pairKey(w.charCodeAt(0), w.charCodeAt(1));
  if (w.length === 2) NOT_NAME_PAIRS.add(k);
  else NOT_NAME_LONG_HEADS.add(k);
}

/** Whether some prefix (two characters or more) of t[i, j) is a word that is not a name. */
function notNamePrefix(t: string, i: number, j: number): boolean {
  if (j - i < 2) return false;
  const k = pairKey(t.charCodeAt(i), t.charCodeAt(i + 1));
  if (NOT_NAME_PAIRS.has(k)) return true;
  if (!NOT_NAME_LONG_HEADS.has(k)) return false;
  for (let e = i + 3; e <= j; e++) if (NOT_NAMES.has(t.slice(i, e))) return true;
  return false;
}

/** Whether a dotted name can start at `i`: a middle dot after one to six CJK characters. */
function mayBeDotName(t: string, i: number): boolean {
  let q = i;
  while (q < t.length && q - i < 7) {
    const c = t.charCodeAt(q);
    if (c < 0x4e00 || c > 0x9fff) break;
    q++;
  }
  return q > i && q - i <= 6 && q < t.length && (FLAGS[t.charCodeAt(q)]! & NAME_DOT) !== 0;
}

/**
 * End of a Chinese name starting at `i`, or -1. `strict`: the surname must be known.
 * @internal
 */
export function chineseNameEnd(t: string, i: number, strict: boolean): number {
  if (i >= t.length || !isCjk(t.charCodeAt(i))) return -1;
  if (mayBeDotName(t, i)) {
    DOT_NAME.lastIndex = i;
    const dm = DOT_NAME.exec(t);
    if (dm) return i + dm[0].length;
  }
  let sl = surnameLenAt(t, i);
  // a known surname may also be a function word (向, 于, 和); only stop words reject it
  if (sl === 0 ? stopAt(t, i) : stopWordAt(t, i)) return -1;
  if (sl === 0) {
    if (strict) return -1;
    sl = 1;
  }
  let j = i + sl;
  let given = 0;
  while (j < t.length && given < 2 && isCjk(t.charCodeAt(j)) && !stopAt(t, j)) {
    j++;
    given++;
  }
  if (given === 0) return -1;
  // a third given character only when the text clearly ends the name there
  if (notNamePrefix(t, i, j)) return -1;
  if (j < t.length && PLACE_AFTER_FIRST.has(t.charCodeAt(j))) {
    PLACE_AFTER.lastIndex = j;
    if (PLACE_AFTER.test(t)) return -1;
  }
  return j;
}

const LATIN_NAME =
  /[A-Z][a-zA-Z\u00c0-\u024f'’-]*\.?(?![0-9A-Za-z])(?:[ \t]+[A-Z][a-zA-Z\u00c0-\u024f'’-]*(?![0-9A-Za-z]))*/y;
const NOT_LATIN_WORDS =
  /^(?:tel|phone|mobile|address|addr|room|rd|road|st|street|no|id|email|please|thanks|thank|the|and|to|at|in|on|from|for|is|of)$/i;

function latinNameEnd(t: string, i: number): number {
  LATIN_NAME.lastIndex = i;
  const m = LATIN_NAME.exec(t);
  if (!m) return -1;
  const words = m[0].split(/[ \t]+/);
  let keep = 0;
  for (const w of words) {
    if (NOT_LATIN_WORDS.test(w.replace(/[.’']/g, ''))) break;
    keep++;
  }
  if (keep === 0) return -1;
  const kept = words.slice(0, keep);
  // "Mr. Wang" shows only a surname, like 王先生: not reported
  if (kept.length <= 2 && /^(?:mr|mrs|ms|miss|dr)\.?$/i.test(kept[0]!)) return kept.length === 2 ? -2 : -1;
  return i + kept.join(' ').length;
}

const CTX_WORDS_CJK = `[人员員者]|${ROLE_WORDS}|开户名|開戶名|我叫|我是|叫|交给|交給|转交|轉交|找|本人|代收|麻烦|联系|聯繫|给|給|收|寄`;
const CTX_LATIN_1 =
  'recipient|receiver|sender|consignee|shipper|contact|name|attn|customer|courier|rider|driver|to';
const CTX_LATIN_2 = "my name is|name is|i am|i'm|this is|customer|recipient|dear|mr\\.?|ms\\.?|mrs\\.?";
// A context word before a name, matched in place at the positions where one can begin.
const CTX_AT = new RegExp(
  `(?:${CTX_WORDS_CJK})\\s*(?:姓名|名称|名稱)?\\s*${VERB}\\s*[:：]?\\s*|(?<![A-Za-z])(?:${CTX_LATIN_1})\\s*(?:name)?\\s*[:：]\\s*|(?<![A-Za-z])(?:${CTX_LATIN_2})\\s+`,
  'iy',
);
markFirst(NAME_CTX_FIRST, CTX_WORDS_CJK.replace('[人员員者]', '人|员|員|者').split('|'));
for (const w of `${CTX_LATIN_1}|${CTX_LATIN_2}`.split('|')) {
  markFirst(NAME_CTX_LATIN, [w.toLowerCase(), w.toUpperCase()]);
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

function overlaps(c: readonly Candidate[], s: number, e: number): boolean {
  for (const x of c) if (x.start < e && s < x.end) return true;
  return false;
}

/** Names after a context word (收件人：, Recipient: ...). */
function namesAfterContext(t: string, sc: Scan, anchors: readonly Candidate[], out: Candidate[]): void {
  let from = 0;
  for (let k = 0; k < sc.nameCtx.n; k++) {
    const p = sc.nameCtx.buf[k]!;
    if (p < from) continue;
    CTX_AT.lastIndex = p;
    const m = CTX_AT.exec(t);
    if (!m) continue;
    const i = p + m[0].length;
    from = i;
    if (i >= t.length) break;
    const ctx = m[0];
    const colon = endsWithColon(t, p, i);
    // a bare 人/员/者 is a role only after a word (收件人, 申请人, 快递员), not after 有/个/的
    const bare = isBareRole(t.charCodeAt(p));
    if (
      bare &&
      (p === 0 || !isCjk(t.charCodeAt(p - 1)) || (FLAGS[t.charCodeAt(p - 1)]! & NOT_ROLE_BEFORE) !== 0)
    )
      continue;
    // a role word the list does not know counts as strong only with a colon after it
    const strong =
      CTX_STRONG.test(ctx) && (!bare || colon || KNOWN_ROLE.test(t.slice(Math.max(0, p - 3), p + 1)));
    const latin = CTX_LATIN.test(ctx);
    // single-character contexts (收 / 寄) need a colon to count
    if (/^[收寄]\s*$/.test(ctx)) continue;
    let e = -1;
    let conf = 0.9;
    const ci = t.charCodeAt(i);
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
    }
    if (e === -1) continue;
    // a bare surname with an honorific (王先生) is not masked by the convention: skip it
    if (e - i === 1 && honorificAt(t, e)) continue;
    if (!overlaps(anchors, i, e) && !overlaps(out, i, e))
      out.push({ kind: 'name', start: i, end: e, confidence: conf });
    from = Math.max(from, e);
  }
}

/** @internal names after context words and next to phone numbers and addresses */
export function detectNames(t: string, sc: Scan, anchors: readonly Candidate[], out: Candidate[]): void {
  if (sc.nameCtx.n > 0) namesAfterContext(t, sc, anchors, out);
  for (const a of anchors) {
    if (a.kind === 'geo' || a.kind === 'ip' || a.kind === 'name') continue;
    nameLeftOf(t, a.start, anchors, out);
    if (a.kind === 'phone' || a.kind === 'landline') nameRightOf(t, a.end, anchors, out);
  }
}

mark(SEP, [':：,，/|()（）-、;；', ' \t\n\v\f\r\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff']);
for (let c = 0x2000; c <= 0x200a; c++) FLAGS[c]! |= SEP;

function isSep(t: string, j: number): boolean {
  return (FLAGS[t.charCodeAt(j)]! & SEP) !== 0;
}

// The label of the field that follows a name in a record line: "张三，身份证 1101..."
const FIELD_LABEL =
  /(?:联系电话|聯繫電話|联系方式|電話號碼|电话号码|手机号码|手機號碼|手机号|电话|電話|手机|手機|座机|固话|身份证号码|身份证号|身份證號碼|身份证|身份證|证件号码|证件号|护照号码|护照|護照|港澳通行证|通行证|台胞证|邮箱|郵箱|电子邮箱|email|e-mail|tel|phone|mobile|卡号|银行卡号|银行卡)\s*[:：]?\s*$/i;
// last characters of the labels: a label can end before `p` only after one of these (or spaces
// and a colon)
const LABEL_LAST = new Set([...'话話式碼码号號机機證证照箱卡lLeE'].map((c) => c.charCodeAt(0)));

function fieldLabelBefore(t: string, p: number): number {
  if (p === 0) return 0;
  const c = t.charCodeAt(p - 1);
  if (!LABEL_LAST.has(c) && c !== 58 && c !== 0xff1a && !isReSpace(c)) return 0;
  const label = FIELD_LABEL.exec(t.slice(Math.max(0, p - 8), p));
  return label ? label[0].length : 0;
}

/** Length of an honorific ending at `end` (not before `from`), or 0. */
function honorificBefore(t: string, from: number, end: number): number {
  if (end - from < 2) return 0;
  for (const h of HONORIFICS) if (startsAt(t, end - 2, h)) return 2;
  return 0;
}

function nameLeftOf(t: string, at: number, anchors: readonly Candidate[], out: Candidate[]): void {
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
  let runStart = p;
  while (runStart > 0 && p - runStart < 8 && isCjk(t.charCodeAt(runStart - 1))) runStart--;
  const end = p - honorificBefore(t, runStart, p);
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
    if (!overlaps(anchors, s, end) && !overlaps(out, s, end))
      out.push({ kind: 'name', start: s, end, confidence: 0.8 });
    return;
  }
}

function nameRightOf(t: string, at: number, anchors: readonly Candidate[], out: Candidate[]): void {
  let p = at;
  let skipped = 0;
  while (p < t.length && skipped < 3 && isSep(t, p)) {
    p++;
    skipped++;
  }
  const e = chineseNameEnd(t, p, true);
  if (e === -1) return;
  if (e < t.length && isCjk(t.charCodeAt(e)) && !honorificAt(t, e)) return;
  if (!overlaps(anchors, p, e) && !overlaps(out, p, e))
    out.push({ kind: 'name', start: p, end: e, confidence: 0.75 });
}

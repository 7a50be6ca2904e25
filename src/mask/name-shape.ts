// The shape of a personal name in free text, without its context: where a Chinese name that
// starts at a given offset ends (known surname, one or two given-name characters, not a common
// word or the start of a place name), where a Latin-script name ends, and the stop words and
// honorifics around names. Used by detect-names.ts.
import {
  COMPOUND_FIRST as $COMPOUND_FIRST,
  FLAGS as $FLAGS,
  HONORIFIC_FIRST as $HONORIFIC_FIRST,
  NAME_DOT as $NAME_DOT,
  NAME_STOP as $NAME_STOP,
  NAME_STOP_WORD_FIRST as $NAME_STOP_WORD_FIRST,
  SEP as $SEP,
  SURNAME as $SURNAME,
  mark as $mark,
  markFirst as $markFirst,
  isIdeograph as $isIdeograph,
  startsAt as $startsAt,
} from './char-flags.js';
import { matchDivisions as $matchDivisions, mayStartDivision as $mayStartDivision } from './divisions.js';
import { COMPOUND_SURNAMES, SINGLE_SURNAMES } from './surnames.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const COMPOUND_FIRST = $COMPOUND_FIRST;
const FLAGS = $FLAGS;
const isCjk = $isIdeograph;
const HONORIFIC_FIRST = $HONORIFIC_FIRST;
const NAME_DOT = $NAME_DOT;
const NAME_STOP = $NAME_STOP;
const NAME_STOP_WORD_FIRST = $NAME_STOP_WORD_FIRST;
const SEP = $SEP;
const SURNAME = $SURNAME;
const mark = $mark;
const markFirst = $markFirst;
const startsAt = $startsAt;
const matchDivisions = $matchDivisions;
const mayStartDivision = $mayStartDivision;

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
  // someone asked to take a parcel for the writer (我朋友郑梦瑶帮我代收, 李娜代签)
  '帮我',
  '帮忙',
  '幫我',
  '幫忙',
  '代收',
  '代签',
  '代簽',
  // the words a notification goes on with after a name (投递员何平正在派送, 骑手高峰目前 ...)
  '正在',
  '刚刚',
  '剛剛',
  '目前',
  '预计',
  '預計',
  '稍后',
  '稍後',
  // 联系 typed with a surname-led homophone (连系人, 连系电话)
  '连系',
  '連繫',
  '练系',
  '練系',
  // the labels of the number that often follows a name (交给程伟运单 …): the name ends before them
  '运单',
  '運單',
  '订单',
  '訂單',
  '面单',
  '面單',
];
mark(NAME_STOP, [
  '的了在是已说請请把给給与與或您你他她我将將要会會能这這那到送取寄收打電电号號路街市省区區县縣镇鎮乡鄉村楼樓栋棟室店等去放吗嗎呢吧啊呀哦嗯也就还還又再被让讓跟对對从從往而且因为所以如果没有不很太最更非常经總总哥姐叔爷妈爸称稱',
  // the second halves of courier and shop words that begin with a surname (单件, 单据, 付费,
  // 全额, 车次, 包码, 冷链, 花呗 ...): characters no given name is written with
  '件单單款费費额額价價票码碼据據税稅袋链鏈泡呗唄赔賠购購次量细細控牌队隊巢过過个個线線仓倉',
]);
// 阿依古丽·买买提, 扎西·多吉: parts joined by a middle dot
const DOT_NAME = /[\u4e00-\u9fff]{1,6}[·•・‧][\u4e00-\u9fff]{1,8}(?:[·•・‧][\u4e00-\u9fff]{1,8})?/y;
mark(NAME_DOT, ['·•・‧']);
// the honorifics (先生 女士 小姐 师傅 師傅), all two characters long, as pair keys
const HONORIFICS_2 = ['先生', '女士', '小姐', '师傅', '師傅'];
const HONORIFIC_KEYS = new Set(HONORIFICS_2.map((h) => pairKey(h.charCodeAt(0), h.charCodeAt(1))));
markFirst(HONORIFIC_FIRST, HONORIFICS_2);
// Words that begin with a surname character but are not names.
const NOT_NAMES = new Set(
  '本人 家人 他人 个人 大家 保安 物业 邻居 同事 朋友 位置 位于 定位 轨迹 银行 银行卡 快递柜 物业 门卫 金地 华府 时间 高新 高新区 开发区 万科 龙湖 保利 马上 马路 王府 王府井 高速 高铁 高层 周末 周一 周二 周三 周四 周五 周六 周日 明天 黄金 金额 张贴 李子 江边 白天 白色 黑色 安全 安装 安排 东西 东门 西门 南门 北门 方便 方向 文件 包裹 包装 付款 关门 关于 夏天 钱包 孔子 司机 程序 时间 时候 温度 龙头 石头 花园 常温 苏州 杭州 上海 北京 广州 深圳 武汉 成都 重庆 天津 南京 西安 长沙 郑州 宁波 无锡 海口 贵阳 昆明 全部 全家 全国 任何 陆续 邮件 邮政 和平 平安 平台 万达 华为 国际 国内 国家 宋体 章节 顾问 戴上 应该 申请 都是 都市 原来 原因 来自 向前 江苏 浙江 湖南 湖北 河南 河北 山东 山西 广东 广西 海南 云南 贵州 四川 福建 江西 安徽 甘肃 宁夏 新疆 西藏 青海 吉林 辽宁 台湾 香港 澳门 蒙古 朝阳 海淀 丰台 福田 南山 宝安 龙岗 金山 和美 管理 管家 柯桥 邱园 龚家 车库 车站 门口 门卫 姜汤 季度 严重 于是 查询 查看 查收 查到 解决 解释 简单 宁愿 宁可 尚未 左边 右边 左右 上面 下面 前台 项目 费用 卫生 时效 钟点 伍佰 万一 万元 成功 成本 成都 安心 高兴 毕业 应当 方法 方式 单位 单元 单号 尤其 齐全 鲍鱼 蒲公英 席位 柏油 容易 敬请 谈话 苗木 游戏 路口 路上 路过 明白 明确 明显 宫殿 景区 常用 常见 常规 司法 谷歌 喻义 殷勤 雷雨 龙井 贺卡 冷冻 冷藏 祝福 包邮 甘蔗 包子 伏天 邓小平 由于 顾客 温馨 余额 余下 全程 高效 车辆 江湖 时效性 宁波 齐鲁 苏宁 华润 章程 易拉罐 范围 程度 公司 公园 公寓 公众 韩国 美国 英国 法国 德国 俄国 泰国 越南 关系 关注 关闭 关联 关键 关心 关怀 任务 任意 任性 方面 方案 高度 高级 金融 金牌 程序员 华丽 申通 丰巢 丰网 国通 易购 支付 支付宝 路由 车位 车厢 包运 包好 时段 计重 明早 应付 商品 单品 单张 单独 查下 原件 关单 易碎 易燃 普快 衣服 原材料 成品 盘点 满减 官方 颜色 海关 查验 海外 海运 陆运 危险 单边 单程 来回 楼道 楼下 楼上 花坛 官网 白条 毛重 公斤 公里 修改 修复 解析 管制 何时 何時 商家 封发 明日 巴枪 原地 单发 单手'.split(
    ' ',
  ),
);
// Words that are not names alone but begin given names (单子 the slip, 单子涵 a name): refused
// only as the whole two-character candidate.
const NOT_NAME_EXACT = new Set(['单子', '單子'].map((w) => pairKey(w.charCodeAt(0), w.charCodeAt(1))));
// A name is not followed by these (it was the start of a place or shop name); no word is longer
// than two characters, so matching in place is the same as matching the next two characters.
const PLACE_AFTER_WORDS =
  '路|街|道|巷|弄|店|号|號|市|区|區|县|縣|镇|鎮|村|庄|莊|楼|樓|大厦|大廈|广场|廣場|小区|小區|公司|超市|银行|銀行|中心|大学|大學|学院|醫院|医院|酒店|饭店|饭馆|餐厅|站|港|湾|灣|桥|橋|门|門|园|園|城|府|山|湖|江|河|井|里|坊|苑|厂|廠|场|場'.split(
    '|',
  );
const PLACE_AFTER = new RegExp(`(?:${PLACE_AFTER_WORDS.join('|')})`, 'y');
const PLACE_AFTER_FIRST = new Set(PLACE_AFTER_WORDS.map((w) => w.charCodeAt(0)));

/**
 * Two UTF-16 units as one number: a key for sets of two-character words, built without slicing
 * (an int32, so a small integer for the Set rather than a boxed double).
 */
function pairKey(c1: number, c2: number): number {
  return (c1 << 16) | c2;
}

// stop words by their first character, so a position is checked against a handful at most
const STOP_BY_FIRST = new Map<number, string[]>();
for (const w of STOP_WORDS) {
  const list = STOP_BY_FIRST.get(w.charCodeAt(0));
  if (list) list.push(w);
  else STOP_BY_FIRST.set(w.charCodeAt(0), [w]);
}
markFirst(NAME_STOP_WORD_FIRST, STOP_WORDS);

/** @internal whether a stop word (先生, 电话, 明天 ...) starts at `j` */
export function stopWordAt(t: string, j: number): boolean {
  if (j >= t.length || (FLAGS[t.charCodeAt(j)]! & NAME_STOP_WORD_FIRST) === 0) return false;
  for (const w of STOP_BY_FIRST.get(t.charCodeAt(j))!) if (startsAt(t, j, w)) return true;
  return false;
}

/** @internal whether a stop character or a stop word is at `j` (a name does not run over it) */
export function stopAt(t: string, j: number): boolean {
  return (j < t.length && (FLAGS[t.charCodeAt(j)]! & NAME_STOP) !== 0) || stopWordAt(t, j);
}

/** @internal whether an honorific (先生, 女士 ...) starts at `j` */
export function honorificAt(t: string, j: number): boolean {
  if (j < 0 || j + 1 >= t.length) return false;
  const c = t.charCodeAt(j);
  return (FLAGS[c]! & HONORIFIC_FIRST) !== 0 && HONORIFIC_KEYS.has(pairKey(c, t.charCodeAt(j + 1)));
}

// compound surnames as pair keys; single surnames as a class bit
const COMPOUND_KEYS = new Set<number>();
for (const s of COMPOUND_SURNAMES) COMPOUND_KEYS.add(pairKey(s.charCodeAt(0), s.charCodeAt(1)));
markFirst(COMPOUND_FIRST, COMPOUND_SURNAMES);
mark(SURNAME, SINGLE_SURNAMES);

/** @internal length of the known surname at `i` (2 for a compound surname), or 0 */
export function surnameLenAt(t: string, i: number): number {
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

// A label that ends in 号 or 码 (单号, 包号, 车号, 房号, 楼号, 房间号, 门牌号; 单码, 包码) typed with
// a homophone of its last character (单好, 包吗, 房间好): the surname-led heads of such labels,
// and the homophones that are not written in given names (号 and 码 are stop characters).
const LABEL_HEADS = new Set('单 單 包 车 車 房 位 楼 樓 门 門 房间 房間 门牌 門牌 车牌 車牌'.split(' '));
const HAO_MA_TYPOS = new Set([...'好耗毫嚎吗嗎嘛妈媽蚂螞'].map((c) => c.charCodeAt(0)));

/**
 * @internal Whether t[i, j) is the head of a number label and a homophone of 号 or 码 (单好,
 * 单吗, 房间好), whatever follows it: the number detectors read 运单好 A as a labelled waybill.
 */
export function mistypedLabel(t: string, i: number, j: number): boolean {
  return i >= 0 && HAO_MA_TYPOS.has(t.charCodeAt(j - 1)) && LABEL_HEADS.has(t.slice(i, j - 1));
}

/**
 * Whether t[i, j) (two or three characters) is a mistyped number label (单好 for 单号, 房间好 for
 * 房间号) and a number follows it: after at most three separators (spaces, a colon, `|` ...),
 * a digit.
 */
function labelTypoAt(t: string, i: number, j: number): boolean {
  if (!mistypedLabel(t, i, j)) return false;
  let q = j;
  const cap = Math.min(t.length, q + 3);
  while (q < cap && (FLAGS[t.charCodeAt(q)]! & SEP) !== 0) q++;
  const d = t.charCodeAt(q);
  return d >= 48 && d <= 57;
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
    const d = dotNameEnd(t, i);
    if (d !== -1) return d;
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
  // a name glued before a division name does not take its first character (张三北京市 gives 张三)
  if (given === 2 && mayStartDivision(t, j - 1) && matchDivisions(t, j - 1) !== undefined) j--;
  // a third given character only when the text clearly ends the name there
  if (notNamePrefix(t, i, j)) return -1;
  if (labelTypoAt(t, i, j)) return -1;
  if (j - i === 2 && NOT_NAME_EXACT.has(pairKey(t.charCodeAt(i), t.charCodeAt(i + 1)))) return -1;
  if (j < t.length && PLACE_AFTER_FIRST.has(t.charCodeAt(j)) && placeAfter(t, j)) return -1;
  return j;
}

/** End of the dotted name (a transliterated one) DOT_NAME matches at `i`, or -1. */
function dotNameEnd(t: string, i: number): number {
  DOT_NAME.lastIndex = i;
  const dm = DOT_NAME.exec(t);
  return dm ? i + dm[0].length : -1;
}

/** Whether PLACE_AFTER matches at `j` (the run goes on as a place word). */
function placeAfter(t: string, j: number): boolean {
  PLACE_AFTER.lastIndex = j;
  return PLACE_AFTER.test(t);
}

/**
 * @internal End of a three-character name at `i` whose first two characters are a common word
 * (孔子墨, 安心怡, 高新民), or -1: for a strong context only (快递员孔子墨电话, 收件人：安心怡，),
 * where {@link chineseNameEnd} refuses it for that word. The name must end at punctuation, a
 * space, a digit, the end, an honorific or a stop word (not a stop character such as 取 or 到,
 * which would make a clause of it: 周末来取).
 */
export function wordLedNameEnd(t: string, i: number): number {
  const j = i + 3;
  if (j > t.length || surnameLenAt(t, i) !== 1) return -1;
  if (!NOT_NAME_PAIRS.has(pairKey(t.charCodeAt(i), t.charCodeAt(i + 1)))) return -1;
  const c = t.charCodeAt(i + 2);
  if (!isCjk(c) || stopAt(t, i + 1) || stopAt(t, i + 2) || NOT_NAMES.has(t.slice(i, j))) return -1;
  if (j === t.length || !isCjk(t.charCodeAt(j)) || honorificAt(t, j) || stopWordAt(t, j)) return j;
  return -1;
}

// at most six words of at most 24 letters, separated by at most four spaces: a name is short,
// and the pattern must not read a long run of capitalized words from every context word. A tab
// separates fields (a TSV row: Li Na<tab>Zhang Wei are two names), never the words of one name.
const LATIN_NAME =
  /[A-Z][a-zA-Z\u00c0-\u024f'’-]{0,23}\.?(?![0-9A-Za-z])(?: {1,4}[A-Z][a-zA-Z\u00c0-\u024f'’-]{0,23}(?![0-9A-Za-z])){0,5}/y;
// (and the generic words of a salutation: Dear Customer, Dear Valued Member; and the roles a
// marketplace, a carrier or a claims desk writes to: Dear Seller, Dear Merchant, Dear Shipper)
const NOT_LATIN_WORDS =
  /^(?:tel|phone|mobile|address|addr|room|rd|road|st|street|no|id|email|please|thanks|thank|the|and|to|at|in|on|from|for|is|of|passport|nationality|gender|sex|dob|tracking|waybill|order|parcel|package|flight|customers?|sir|madam|users?|members?|friends?|valued|clients?|colleagues?|team|all|partners?|guests?|shoppers?|buyers?|service|support|sellers?|merchants?|vendors?|suppliers?|retailers?|shippers?|consignees?|consignors?|recipients?|receivers?|senders?|couriers?|applicants?|claimants?|subscribers?|operators?|employees?)$/i;

/**
 * @internal End of a Latin-script name at `i`, -1 when there is none, -2 for a title with a
 * surname only (Mr. Wang).
 */
export function latinNameEnd(t: string, i: number): number {
  LATIN_NAME.lastIndex = i;
  const m = LATIN_NAME.exec(t);
  if (!m) return -1;
  const words = m[0].split(/ +/);
  let keep = 0;
  // end of the kept words in the text (the spaces between them may be more than one)
  let end = i;
  for (const w of words) {
    if (NOT_LATIN_WORDS.test(w.replace(/[.’']/g, ''))) break;
    end = t.indexOf(w, end) + w.length;
    keep++;
  }
  if (keep === 0) return -1;
  const kept = words.slice(0, keep);
  // "Mr. Wang" shows only a surname, like 王先生: not reported
  if (kept.length <= 2 && /^(?:mr|mrs|ms|miss|dr)\.?$/i.test(kept[0]!)) return kept.length === 2 ? -2 : -1;
  return end;
}

/** @internal Length of an honorific ending at `end` (not before `from`), or 0. */
export function honorificBefore(t: string, from: number, end: number): number {
  return end - from >= 2 && honorificAt(t, end - 2) ? 2 : 0;
}

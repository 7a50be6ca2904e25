// Evidence from a name itself: how likely a short run that starts with a known surname is a
// person's name rather than a word, a place or a brand. Used only where the surrounding words
// say little (running-names.ts: a subject before 签收 / 说 / 的件, an object after 交给 / 让 / 找),
// so it is strict: every given-name character must be one that names are commonly written with.
//
// Where the knowledge comes from: general knowledge of Chinese naming, the characters that head
// published given-name frequency lists (male and female, older and recent generations: 伟 芳 娜
// 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 ... 梓 涵 轩 睿 萱 诺 ...). It is not fitted to any
// corpus. Limits: a given name written with a rarer character (李想, 张春花 where 花 is not
// listed) is not found by this evidence; a name that is also a common word, a brand or a place
// (高峰, 李宁, 黄山) is refused on purpose; single-character given names must be listed here.
import { matchDivisions as $matchDivisions, isDivisionName as $isDivisionName } from './divisions.js';
import { NOT_NAMES as $NOT_NAMES } from './name-stop-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const matchDivisions = $matchDivisions;
const isDivisionName = $isDivisionName;
const NOT_NAMES = $NOT_NAMES;

// Characters common in given names, in either position and alone (a one-character given name).
const COMMON_GIVEN =
  // older and male-leaning
  '伟刚勇毅俊峰强军平东辉力明永健志义兴良海仁波宁贵福龙元国胜学祥才武新利清飞彬富顺信杰涛昌成康星光达岩茂进林坚彪靖博诚敬震振壮思群豪邦承乐绍功松善厚庆磊民友裕哲超浩亮政谦奇翰朗伯宏鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士建德泰盛雄琛钧冠策腾楠航弘宇轩皓昊宸熙铭睿煜炜烨昕昱峻洋帆鑫淼森凯锋剑洪兵春秋冬阳晓华卫荣立彦治耀晖骏驰尧恒毓瑞锦钰嘉佳铮晟坤乾宗钦汉渊源滨澄湘沛霖霆屹巍峥岳柏桦楷梓桐骁鸿鹤麟彤璋墨沐奕煊璟栩翊珩瀚熠泓彧文远佑宝恩琪瑜琳璐瑶珂珊琦玮璇瑾瑛玲珍珠琴碧玥涵轩逸凡' +
  // female-leaning
  '秀娟英慧巧美娜静淑惠翠雅芝玉萍红娥芬芳燕彩菊兰凤洁梅素云莲真雪爱霞香月莺芹媛艳瑞琼勤贞莉桂娣晶妍茜莎黛青倩婷婉娴颖露怡婵雁蓓仪丹蓉君蕊薇菁梦岚婕馨韵艺咏卿聪澜悦冰爽琬茗羽希欣滢筠柔凝欢枫芸菲伊宜舒丽妮萱雯雨曼紫蝶菡诗语诺依婧莹蕾芮萌嫣姝晴茹敏潇沁汐溪淳盈晗曦菱琰芊筱霏然' +
  // traditional forms of the above that differ
  '偉剛俊強軍東輝明義興貴龍國勝學傑濤誠豪樂紹慶磊亮謙鳴鵬澤晨輝耀曉華衛榮駿馳堯錦鈺嘉崢嶽樺驍鴻鶴彤瑋鈞銘燁鑫凱鋒潔梅雲蓮愛豔艷瓊貞瑩倩嬋雁儀藺嵐夢韻藝詠聰瀾歡楓蕓麗雯詩語諾婧瑩蕾嫣';

// Characters common as the first of two given characters but not alone (王子涵 yet 车子, 何家 yet
// 何家豪, 王小明 yet 陈小): a one-character given name with one is refused.
const FIRST_OF_TWO = '子小家一大天心以安金玉世永志建国秀春晓思梓宇若雨佳嘉欣可诗语俊' + '國曉詩語';

// Characters rarely or never written in given names: function words, common verbs and courier
// nouns. A run with one of these is not read as a name by this evidence (the table is what the
// cheap first check looks at).
const NEVER_GIVEN =
  '的了是在不有和就也都而及与或被把给让叫对从向往到说讲问找取拿送寄收签放件单号码路街区市省县店楼层室门口块毛个只些这那哪什么吗呢吧啊呀哦嗯哈呵嘛啦喂我你他她它们自己您没无非很太最更又再还已经将要会能应该得地着过来去上下里外前后左右内今昨年日时分秒点钟周期次回趟遍车站机场厂库柜箱袋包盒瓶罐斤米吨台部辆架张条本份批套副货物菜饭酒茶肉蛋奶鱼皮骨头脚手嘴眼鼻耳脸身体病药医院校班组队员工者主客户商厅馆所局司处科网线';

const COMMON = 1;
const FIRST_ONLY = 2;
const NEVER = 4;
// one byte per character of the main CJK block (U+4E00..U+9FFF), so a look-up is an index
const BASE = 0x4e00;
const CLASS = new Uint8Array(0xa000 - BASE);
function markClass(chars: string, bit: number): void {
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i) - BASE;
    if (c >= 0 && c < CLASS.length) CLASS[c]! |= bit;
  }
}
markClass(COMMON_GIVEN, COMMON);
markClass(FIRST_OF_TWO, FIRST_ONLY);
markClass(NEVER_GIVEN, NEVER);

function classOf(c: number): number {
  const k = c - BASE;
  return k >= 0 && k < CLASS.length ? CLASS[k]! : 0;
}

// Runs that start with a surname and whose other characters are common in given names, but that
// are words, brands, shops or places (general knowledge, not a corpus): refused by this evidence
// (the place names of the division table are refused through divisions.ts).
const LOOKALIKES = new Set(
  // words
  (
    '明明 平静 宁静 安静 文明 明星 明亮 黎明 吉祥 吉利 成立 高中 初中 华中 华南 华东 华北 华西 江东 江山 高山 黄河 黄海 ' +
    '欧美 欧亚 华侨 华人 华裔 黄梅 黄莺 白云 白雪 白玉 金秋 金玉 金星 钟爱 石英 常青 雷霆 龙凤 龙飞 龙腾 林海 柏林 房东 房子 车子 孙子 叶子 ' +
    '花生 杜鹃 丁香 杨梅 海洋 海燕 康乐 平和 和顺 任意 任性 关爱 关怀 方正 高明 高超 高尚 高雅 秦岭 ' +
    // brands and chains whose names read like a person's
    '李宁 罗森 国美 卫龙 伊利 康佳 潘婷 海信 海澜 荣威 华晨 雷诺 高露洁 范思哲 周大福 周生生 谢瑞麟 王致和 王守义 ' +
    '马应龙 戴春林 张小泉 杨国福 金龙 蓝月亮 夏士莲 易捷 万和 ' +
    // adverbs in 然 and words in 才
    '居然 安然 公然 全然 陶然 索然 井然 赫然 卓然 蔚然 方才 全才 高才 ' +
    // writings and treasures
    '全文 原文 公文 韩文 蒙文 满文 古文 明文 范文 来文 国文 华文 国宝 元宝 万宝 易宝 ' +
    // places that are not division names
    '华山 张江 何文田 陆家嘴 徐家汇 华强北 钱塘'
  ).split(' '),
);

/**
 * @internal Whether t[s, e), a known surname of `sl` characters and one or two characters more,
 * reads as a person's name by its own characters: every given character common in names (the
 * first of two may be one that begins given names), and the run not a word, brand or place.
 */
export function givenNameLikely(t: string, s: number, sl: number, e: number): boolean {
  const g = e - s - sl;
  if (g < 1 || g > 2) return false;
  const c1 = classOf(t.charCodeAt(s + sl));
  // the cheap check first: a character names are not written with ends it
  if ((c1 & NEVER) !== 0 && (c1 & (COMMON | FIRST_ONLY)) === 0) return false;
  if (g === 1) {
    if ((c1 & COMMON) === 0) return false;
  } else {
    if ((c1 & (COMMON | FIRST_ONLY)) === 0) return false;
    if ((classOf(t.charCodeAt(s + sl + 1)) & COMMON) === 0) return false;
  }
  return !lookalike(t, s, e);
}

/**
 * @internal Whether a given character of t[s, e) (after a surname `sl` long) is one that names
 * are rarely or never written with (车来 of 叫车来取, 陈皮): for contexts that are weak, where a
 * name is still read without {@link givenNameLikely}.
 */
export function givenUnlikely(t: string, s: number, sl: number, e: number): boolean {
  // a surname and one or two characters (not a transliterated name: 阿依古丽·吐尔逊)
  if (e - s - sl > 2) return false;
  for (let k = s + sl; k < e; k++) if (classOf(t.charCodeAt(k)) === NEVER) return true;
  return false;
}

/**
 * @internal Whether t[s, e) or its first two characters is a word, brand or place that reads
 * like a name (李宁, 周大福, 黄山, 马上 ...). `head`: false where the context insists on a name
 * (an honorific after it), so a name led by a word (黎明辉先生) is not refused for that word.
 */
export function lookalike(t: string, s: number, e: number, head = true): boolean {
  const run = t.slice(s, e);
  if (LOOKALIKES.has(run) || NOT_NAMES.has(run) || isDivisionName(run)) return true;
  if (head && e - s === 3) {
    const head = run.slice(0, 2);
    if (LOOKALIKES.has(head) || NOT_NAMES.has(head) || isDivisionName(head)) return true;
  }
  return matchDivisions(t, s) !== undefined;
}

// Chinese surnames: the compound surnames (复姓) that the name masker keeps whole, in simplified
// and traditional forms, and the common single surnames the text detector anchors names on.
// Pairs of single surnames that the 百家姓 rhyme happens to list together (仉督, 岳帅, 况后 ...)
// are not compound surnames and are left out: keeping them would reveal a given-name character.

const COMPOUND_SIMPLIFIED = [
  // 百家姓
  '万俟',
  '司马',
  '上官',
  '欧阳',
  '夏侯',
  '诸葛',
  '闻人',
  '东方',
  '赫连',
  '皇甫',
  '尉迟',
  '公羊',
  '澹台',
  '公冶',
  '宗政',
  '濮阳',
  '淳于',
  '单于',
  '太叔',
  '申屠',
  '公孙',
  '仲孙',
  '轩辕',
  '令狐',
  '钟离',
  '宇文',
  '长孙',
  '慕容',
  '鲜于',
  '闾丘',
  '司徒',
  '司空',
  '亓官',
  '司寇',
  '子车',
  '颛孙',
  '端木',
  '巫马',
  '公西',
  '漆雕',
  '乐正',
  '壤驷',
  '公良',
  '拓跋',
  '夹谷',
  '宰父',
  '谷梁',
  '段干',
  '百里',
  '东郭',
  '南门',
  '呼延',
  '归海',
  '羊舌',
  '微生',
  '梁丘',
  '左丘',
  '东门',
  '西门',
  '南宫',
  '第五',
  // other attested compound surnames
  '公仪',
  '公乘',
  '太史',
  '仲长',
  '叔孙',
  '屈突',
  '尔朱',
  '东乡',
  '相里',
  '胡母',
  '司城',
  '张廖',
  '雍门',
  '毋丘',
  '贺兰',
  '綦毋',
  '屋庐',
  '独孤',
  '南郭',
  '北宫',
  '王孙',
  '纳兰',
  '完颜',
  '富察',
  '达奚',
  '斛律',
  '乞伏',
  '秃发',
  '沮渠',
  '吐谷',
  '贺拔',
  '长鱼',
  '即墨',
  '闻喜',
  '青阳',
  '东野',
  '公伯',
  '公门',
  '公山',
  '公坚',
  '公祖',
  '公玉',
  '公户',
  '公析',
  '公父',
  '左人',
  '伯赏',
  '钟吾',
  '白马',
];

/** Four-character Manchu clan names still used as surnames. */
const LONG_SIMPLIFIED = ['爱新觉罗', '叶赫那拉', '钮祜禄', '乌拉那拉'];

// Simplified → traditional for the characters above that differ.
const TRADITIONAL: Record<string, string> = {
  欧: '歐',
  万: '萬',
  马: '馬',
  阳: '陽',
  诸: '諸',
  闻: '聞',
  东: '東',
  连: '連',
  迟: '遲',
  台: '臺',
  单: '單',
  孙: '孫',
  轩: '軒',
  辕: '轅',
  钟: '鍾',
  离: '離',
  长: '長',
  鲜: '鮮',
  闾: '閭',
  颛: '顓',
  乐: '樂',
  驷: '駟',
  夹: '夾',
  谷: '穀',
  门: '門',
  归: '歸',
  宫: '宮',
  车: '車',
  仪: '儀',
  贺: '賀',
  兰: '蘭',
  独: '獨',
  纳: '納',
  颜: '顏',
  达: '達',
  庐: '廬',
  乡: '鄉',
  觉: '覺',
  罗: '羅',
  叶: '葉',
  钮: '鈕',
  禄: '祿',
  乌: '烏',
  秃: '禿',
  发: '髮',
  鱼: '魚',
  张: '張',
  尔: '爾',
  赏: '賞',
  户: '戶',
  坚: '堅',
};

function toTraditional(s: string): string {
  let out = '';
  for (const c of s) out += TRADITIONAL[c] ?? c;
  return out;
}

function withTraditional(list: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const s of list) {
    set.add(s);
    set.add(toTraditional(s));
  }
  set.add('鐘離'); // both 鍾 and 鐘 are used for 钟离
  set.add('谷梁');
  set.add('夾谷');
  return set;
}

/** Two-character compound surnames, simplified and traditional. */
export const COMPOUND_SURNAMES: ReadonlySet<string> = withTraditional(COMPOUND_SIMPLIFIED);

/** Three- and four-character clan surnames, simplified and traditional. */
export const LONG_SURNAMES: ReadonlySet<string> = withTraditional(LONG_SIMPLIFIED);

// The common single surnames (about 98% of the population), simplified then traditional forms
// of those that differ. Used by the detector, never by the masker (which keeps the first
// character whatever it is).
const SINGLE =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由赖洪萧阎凤郦荀竺桓濮邴钮蓟郗逄璩郏蒯訾钭贲麴贝' +
  '陳楊黃趙吳週孫馬鄭羅許韓馮鄧彭曾蕭葉蘇魏呂丁盧薑鍾譚陸範賈韋鄒邱閆雷龍陶賀顧龔萬錢嚴覃戴湯溫齊喬龐顏莊聶魯嶽翟殷詹歐關蘭焦寧紀畢單裴塗駱藍遊靳鮑華滕饒謝沈蔣劉張楊孫曹董袁潘餘杜程蘇姚盧崔鐘譚汪範金賴侯龍史陶黎賀毛郝邵萬錢嚴覃武莫孔湯溫康施文牛樊葛邢安齊易喬伍龐顏倪莊聶章魯嶽翟殷詹申歐耿關蘭焦俞左柳甘祝包寧尚符舒阮柯紀梅童凌畢單季裴霍塗成苗谷盛曲翁冉駱藍路遊辛靳管柴蒙鮑華喻祁蒲房滕屈饒解牟艾尤陽時穆農司卓古吉繆簡車項連蘆麥褚婁竇戚岑景黨宮費卜冷晏席衛米柏宗瞿桂全佟應臧閔苟鄔邊卞姬師和仇欒隋商刁沙榮巫寇桑郎甄叢仲虞敖鞏明佘池查麻苑遲鄺官封談匡鞠惠荊樂冀鬱胥南班儲原栗燕楚鄢勞諶奚皮粟冼藺樓盤滿聞位厲伊仝區郜海闞花權強帥屠豆樸蓋練廉禹井祖漆巴豐支卿國狄平計索宣晉相初門雲容敬來扈晁芮都普闕浦戈伏鹿薄邸雍辜羊阿烏母裘亓修邰赫杭況那宿鮮印逯隆茹諸戰慕危玉銀亢嵇公哈湛賓戎勾茅利於呼居揭幹但尉冶斯元束檀衣信展陰昝智幸奉植衡富堯閉由賴閻鳳酈鈕薊貝';

/** Common single surnames (simplified and traditional). */
export const SINGLE_SURNAMES: ReadonlySet<string> = new Set(SINGLE);

/**
 * The first two UTF-16 units as one int32 (for a shorter string, a key with a zero unit, which no
 * key has).
 */
function firstPair(s: string): number {
  return (s.charCodeAt(0) << 16) | s.charCodeAt(1);
}
// every compound surname is two units long, so a pair key tells one exactly; the long
// surnames are looked up only behind their first pair
const COMPOUND_PAIRS = new Set([...COMPOUND_SURNAMES].map(firstPair));
const LONG_HEADS = new Set([...LONG_SURNAMES].map(firstPair));

/**
 * Length in UTF-16 units of the surname at the start of a Chinese name of `length` characters.
 * A compound surname counts only when a given name follows it (so 欧阳 alone is surname 欧).
 */
export function surnameLength(name: string, length: number): number {
  const head = firstPair(name);
  if (length >= 4 && LONG_HEADS.has(head)) {
    if (length >= 5 && LONG_SURNAMES.has(name.slice(0, 4))) return 4;
    if (LONG_SURNAMES.has(name.slice(0, 3))) return 3;
  }
  if (length >= 3 && COMPOUND_PAIRS.has(head)) return 2;
  return 1;
}

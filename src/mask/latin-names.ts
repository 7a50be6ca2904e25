// Whether capitalized Latin words are a person's name when nothing but weak context says so
// (after "for", "to", "call", "Hi", next to a phone number, under a generic "name" key): a
// romanized Chinese name (a surname and pinyin syllables, in either order: Zhang Wei, ZHANG
// XIAOMING, Wei Zhang, Chan Tai Man), or a common given name or surname of English-speaking
// countries (Sarah Lee, John Smith). Place names that look like names (Hong Kong, Xi An) are
// not. With a label (Recipient:, receiverName=) any capitalized words count: latinNameEnd, the
// shape of a Latin-script name whatever its words, is here too.
import { isAsciiLetter as $isAsciiLetter } from './char-flags.js';
import { isUpper as $isUpper } from './number-shapes.js';

// imports as local bindings, read per character (see detect-number-context.ts)
const isAsciiLetter = $isAsciiLetter;
const isUpper = $isUpper;

// at most six words of at most 24 letters, separated by at most four spaces: a name is short,
// and the pattern must not read a long run of capitalized words from every context word. A tab
// separates fields (a TSV row: Li Na<tab>Zhang Wei are two names), never the words of one name.
// A later word may run straight into digits when it is written Smith or SMITH (John Smith4367
// Main St, ZHANG WEI13812345678: a form's fields pasted without their separator); the first
// word may not (SF1234567890 is a number), nor a word of mixed case (SmithA123456789).
// A surname's lower-case particle (Pieter van Dijk, Ana de la Cruz, Ludwig von Mises, Ahmad bin
// Ismail, Rui dos Santos) counts as a word of the name only between capitalized words, and at
// most two in a row. Letters with diacritics, Vietnamese ones included (Nguyễn Văn An), are a
// name's letters.
const LATIN_NAME =
  /[A-Z\u00c0-\u00de][a-zA-Z\u00c0-\u024f\u1e00-\u1eff'’-]{0,23}\.?(?![0-9A-Za-z])(?: {1,4}(?:(?:(?:van|von|der|den|de|da|di|del|della|dos|das|du|la|le|bin|binti|ibn|al|ter|ten|y) {1,4}){0,2}[A-Z\u00c0-\u00de][a-zA-Z\u00c0-\u024f\u1e00-\u1eff'’-]{0,23}(?![0-9A-Za-z])|[A-Z](?:[a-z]{1,23}|[A-Z]{1,23})(?=[0-9]))){0,5}/y;
// (and the generic words of a salutation: Dear Customer, Dear Valued Member; and the roles a
// marketplace, a carrier or a claims desk writes to: Dear Seller, Dear Merchant, Dear Shipper)
const NOT_LATIN_WORDS =
  /^(?:tel|phone|mobile|address|addr|room|rd|road|st|street|no|id|email|please|thanks|thank|the|and|to|at|in|on|from|for|is|of|passport|nationality|gender|sex|dob|tracking|waybill|order|parcel|package|flight|customers?|sir|madam|users?|members?|friends?|valued|clients?|colleagues?|team|all|partners?|guests?|shoppers?|buyers?|service|support|sellers?|merchants?|vendors?|suppliers?|retailers?|shippers?|consignees?|consignors?|recipients?|receivers?|senders?|couriers?|applicants?|claimants?|subscribers?|operators?|employees?)$/i;

// the nouns of a group of people or a service desk that end a team's name
const GROUP_NOUN =
  /^(?:team|service|support|customers|members|colleagues|partners|clients|users|guests|all)$/i;

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
    if (NOT_LATIN_WORDS.test(w.replace(/[.’']/g, ''))) {
      // the words before a team's or a desk's noun qualify it (To: Ops Team, Dear Claims
      // Service): a group, not a person
      if (keep > 0 && GROUP_NOUN.test(w)) return -1;
      break;
    }
    end = t.indexOf(w, end) + w.length;
    keep++;
  }
  if (keep === 0) return -1;
  // a last word run into digits stays the name's only when the number is read as starting
  // there too (nameGluedBefore): otherwise masking the name would free the number on a second pass
  if (keep >= 2 && end < t.length && t.charCodeAt(end) >= 48 && t.charCodeAt(end) <= 57) {
    const ws = end - words[keep - 1]!.length;
    if (!nameGluedBefore(t, ws, end)) {
      keep--;
      end = t.lastIndexOf(words[keep - 1]!, ws) + words[keep - 1]!.length;
    }
  }
  const kept = words.slice(0, keep);
  // "Mr. Wang" shows only a surname, like 王先生: not reported
  if (kept.length <= 2 && /^(?:mr|mrs|ms|miss|dr)\.?$/i.test(kept[0]!)) return kept.length === 2 ? -2 : -1;
  return end;
}

const SYLLABLES = new Set(
  `a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce
   cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun
   chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu
   dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge
   gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou
   hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka
   kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei
   leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve lyu ma mai man mang mao
   me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian
   niang niao nie nin ning niu nong nou nu nuan nun nuo nv nve nyu o ou pa pai pan pang pao pei pen peng
   pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran
   rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan
   shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan
   sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan
   wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao
   ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang
   zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu
   zuan zui zun zuo`.split(/\s+/),
);

// the syllables of Hong Kong and Macao romanized given names (Cantonese, as the registries
// write them: Ho Ka Wai, Wong Siu Ming, Leung Chun Ying) that pinyin spells otherwise
const CANTONESE = new Set(
  `ka kai kei kin kit kwok kwai kwan kwong wai wing wah wun siu sze tsz tsun tsui tze ming ho hoi hei
   hing hon hung yee yin yan yat yau yeung yip yiu yuen yuk ying fai fook fung chun chung chuen cheuk
   chiu choi chi pui pak po suet shing sing shun sum tak tat ting tin tung lok lap lun lung nga ngai oi
   sau sheung sik yam wo mo nam kam kuen keung hang man mei shan san long to on`.split(/\s+/),
);

// romanized surnames: pinyin, and the Cantonese, Wade-Giles and Hokkien spellings of Hong Kong,
// Macao, Taiwan and the diaspora
const SURNAMES = new Set(
  `wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie
   song tang han feng deng cao peng zeng xiao tian dong yuan pan jiang cai yu du ye cheng su wei lv lu
   ding ren shen yao cui zhong tan fan jin shi liao jia xia fu fang bai zou meng xiong qin qiu hou
   jiang yin xue yan duan lei long shi tao mao hao gu qian wan qi kong xiang tang ou ouyang sima zhuge
   shangguan murong situ xiahou dongfang linghu yuwen huangfu weichi gongsun zhangsun ning mo bao lan
   geng guan hong ke kang mu nie niu pang pu qiao rao shao shu tong wen xing yi you zhan zhuo zuo bi bian
   chang chi dai di ji lang lian ling ma mi ming qu ruan sha shan sheng tu wei xin yue zang zhai zhen zhuang
   chan cheung chung wong lee lam ng ho chow chau chu leung kwok tsang yip lau tse fung choi hui kwan siu
   mak chiu lo yeung tam au ip so man ko kong hung poon chung ma chang hsu tsai chou lin huang liao hsieh
   kuo yeh tseng lai hsiao tsao chien chiang chuang tsui sze szeto kam kan kwong lui mok pun tong wan wai
   woo yau yuen yiu cheong leong kok lim tan teo goh ong ang koh chua tay yap ni neo seah sim toh quek
   phua yeo chia loh khoo liew ooi oei soh kwek tee lye`.split(/\s+/),
);

// the syllables of Hokkien and Teochew romanized given names, as Singapore and Malaysia register
// them (Tan Ah Huat, Lim Boon Hock, Goh Siew Leng) where pinyin spells otherwise
const HOKKIEN = new Set(
  `ah boon hock huat seng kiat keng beng leng soon teck hwee guan eng chye swee kee hin kok siew lay
   choo geok bee hoon poh lian huay gek kheng thiam joo khoon liat lip siang soo suan tuan yeow yew
   yoke ngee boey choon hiang kian kwee leok tiong chai kah hiap kwang kuan khim liak peck sok thye`.split(
    /\s+/,
  ),
);

// Japanese family names in Hepburn (Yamada Hanako, Hanako Yamada), and Korean family names in
// the Revised Romanization and its common spellings (Kim Min-jun, Park Ji-hoon)
const JP_FAMILY = new Set(
  `sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki
   yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki mori abe ikeda hashimoto ishikawa ogawa
   okada goto hasegawa murakami kondo ishii saito sakamoto endo aoki fujita nishimura fukuda ota miura
   fujii okamoto matsuda nakagawa nakano harada ono tamura takeuchi kaneko wada nakayama ishida ueda
   morita hara shibata sakai kudo yokoyama miyazaki miyamoto uchida takagi ando taniguchi maruyama
   imai takada fujiwara murata kikuchi sugiyama noguchi kojima nomura arai kubo matsui chiba iwasaki
   sakurai kinoshita sano`.split(/\s+/),
);
const KR_FAMILY = new Set(
  `kim lee yi park pak choi choe jung jeong chung kang cho jo yoon yun jang chang lim im han oh seo suh
   shin sin kwon hwang ahn an song yoo yu ryu hong jeon chun ko go moon mun yang son sohn bae baek paek
   heo huh nam noh roh ha kwak seong sung cha joo ju woo`.split(/\s+/),
);
// the syllables of Korean given names as the Revised Romanization and the older spellings write
// them (Min-jun, Ji-hoon, Seo-yeon, Hyun Woo)
const KR_SYLLABLES = new Set(
  `min jun joon seo ji hoon woo hyun soo su jin young yeong eun hye sung seong jae won ho hee yoon yun
   na kyung kyeong bin chan hwan sik seok cheol chul gyu jeong jung mi ah a yu hun gun geon ha da in il
   ju seung tae dong sang kyu hyuk sun ok ja rin yeon yong sook suk hyo jun hae han byung byeong do
   gi ki mo nam na ri ra re ye yi wook uk`.split(/\s+/),
);

// cities and provinces in pinyin written as one word: a romanized place, not a name's syllables
const JOINED_PLACES = new Set(
  `beijing shanghai guangzhou shenzhen hangzhou nanjing tianjin wuhan chengdu chongqing suzhou qingdao
   dalian xiamen ningbo hefei fuzhou changsha zhengzhou jinan kunming nanning haikou sanya lanzhou
   xining lhasa taipei taibei dongguan foshan zhuhai wuxi changzhou wenzhou jiaxing shaoxing yiwu
   zhongshan huizhou shantou guangdong guangxi hainan yunnan guizhou sichuan fujian jiangxi jiangsu
   zhejiang jilin liaoning gansu ningxia xinjiang qinghai hunan hubei henan hebei shandong shanxi
   shaanxi anhui heilongjiang xizang taiwan macau macao kowloon`.split(/\s+/),
);

// one Hepburn syllable run: a consonant (or ky sh ch ts ...) and a vowel, a syllabic n, the first
// half of a doubled consonant (Hattori, Ikki): what a Japanese given name is written with
const HEPBURN = /^(?:(?:[kgsztdnhbpmr]y?|sh|ch|ts|j|f|w|y)?[aiueo]|n(?![aiueoy])|[kstp](?=[kstpc]))+$/;

// common given names and surnames of English-speaking countries
const GIVEN = new Set(
  `james john robert michael william david richard joseph thomas charles christopher daniel matthew
   anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason
   jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel
   gregory alexander frank patrick raymond jack dennis jerry tyler aaron adam nathan henry peter zachary
   douglas harold kyle noah carl arthur lawrence dylan jesse jordan bryan billy bruce gabriel logan albert
   alan wayne vincent ralph eugene russell bobby mason philip louis tom tony sam ben alex max leo oliver
   lucas ethan liam mike jim bob bill dan ken ray jay jeff sean ian neil colin martin simon jackie jimmy
   johnny terry vivian mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy
   betty margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah
   stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole
   helen samantha katherine christine rachel carolyn janet catherine maria heather diane ruth julie olivia
   joyce virginia victoria kelly lauren christina joan evelyn judith megan andrea cheryl hannah jacqueline
   martha gloria teresa ann sara madison frances kathryn janice jean abigail alice judy sophia grace denise
   amber doris danielle beverly isabella theresa diana natalie brittany charlotte marie kayla alexis lori
   lucy lily chloe mia ava ella zoe sophie jane kate amelia ivy coco cindy tina jenny wendy fiona iris ada
   eva nina rose ruby sally stella tracy winnie yvonne zoey peggy cathy karen angel crystal joy
   hiroshi takeshi kenji akira haruto yuki yuto sota ren kaito daiki shota taro ichiro yumi yuko keiko
   akiko sakura haruka aiko naoko emi minjun seojun jihoon minji seoyeon jiwoo hyun jisoo ivan dmitri
   dmitry sergei sergey alexei alexey andrei andrey mikhail nikolai vladimir yuri pavel boris olga
   tatiana natalia natasha irina svetlana elena ekaterina anastasia sofia sofiya oksana yulia marina
   pierre jacques francois antoine camille manon juliette hans klaus jurgen stefan lukas
   felix jonas lena hanna leonie marco luca matteo giuseppe giovanni alessandro francesca giulia chiara
   carlos jose juan luis miguel javier alejandro diego pablo sergio antonio manuel lucia carmen
   isabel valentina camila joao pedro tiago rafael ana beatriz mariana raj rahul amit arjun vikram
   sanjay anil sunil priya ananya pooja neha deepa kavya ahmed ahmad mohammed muhammad mohamed ali omar
   hassan hussein yusuf ibrahim khalid fatima aisha layla zainab maryam nguyen minh anh linh thanh tuan
   huong somchai siriporn budi siti nur putri dewi agus`.split(/\s+/),
);
const FAMILY = new Set(
  `smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez
   wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark
   ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams
   nelson baker hall rivera campbell mitchell carter roberts phillips evans turner parker collins edwards
   stewart morris murphy cook rogers morgan cooper peterson reed bailey bell kelly howard ward cox richardson
   wood watson brooks bennett gray james hughes price sanders myers long ross foster muller schmidt
   schneider fischer weber meyer wagner becker schulz hoffmann kim park choi jung kang cho yoon tanaka
   suzuki sato takahashi watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki yamaguchi
   matsumoto inoue kimura hayashi shimizu saito lim choi jang shin han seo kwon hwang ahn song
   ivanov ivanova petrov petrova smirnov smirnova kuznetsov kuznetsova popov popova sokolov sokolova
   volkov volkova novikov novikova morozov morozova lebedev kozlov pavlov fedorov orlov dubois durand
   lefebvre moreau laurent bernard petit leroy rossi russo ferrari esposito bianchi romano colombo
   ricci silva santos oliveira souza pereira costa ferreira almeida fernandez gomez diaz alvarez
   romero ruiz moreno jimenez sharma patel singh kumar gupta verma reddy rao iyer khan hussain rahman
   ahmed hassan tran pham hoang phan vu dang bui ngo duong`.split(/\s+/),
);

// romanized place and brand names that read like names
const NOT_NAMES = new Set(
  `hong kong|xi an|bei jing|shang hai|guang zhou|shen zhen|hang zhou|nan jing|tian jin|wu han|cheng du|
   chong qing|su zhou|qing dao|da lian|xia men|ning bo|he fei|fu zhou|chang sha|zheng zhou|ji nan|kun ming|
   nan ning|hai kou|san ya|lan zhou|yin chuan|xi ning|la sa|tai bei|tai pei|tai chi|kung fu|feng shui|
   yin yang|mah jong|dim sum|bok choy|li ning|wa haha|chang an|an hui|he nan|he bei|shan dong|shan xi|
   guang dong|guang xi|hai nan|yun nan|gui zhou|si chuan|fu jian|jiang xi|jiang su|zhe jiang|ji lin|
   liao ning|gan su|ning xia|xin jiang|xi zang|qing hai|nei menggu|hu nan|hu bei|tai wan|ao men|jiu long|
   sha tin|tsim sha|wan chai|mong kok|kwun tong|tuen mun|yuen long|tai po|sai kung|tin shui|tung chung|
   lok fu|wong tai sin|tai wai|kowloon tong|ho man tin|to kwa wan|sheung wan|sheung shui|fo tan|
   ma on shan|tai koo|siu sai wan|chai wan|shek kip mei|kwai chung|tsuen wan|tai wo|lai chi kok|
   yau ma tei|yau tong|lam tin|tin hau|hung hom|kwai fong|tai kok tsui|sham shui po|tsing yi|tai hang|
   lo wu|fan ling|ma wan|tai o|mui wo|kai tak|lok ma chau|tin shui wai|wong chuk hang|ma tau wai|
   lu jia zui|wang fu jing|san li tun|xin tian di|tian an men|gu lou|hou hai|jin an|xu hui|pu dong|
   hong qiao|nan shan|fu tian|luo hu|bao an|long gang|hai dian|chao yang|dong cheng|xi cheng|
   kota kinabalu|kuala lumpur|johor bahru|ang mo kio|bukit timah|toa payoh|pasir ris|tiong bahru|
   jurong east|jurong west|bukit batok|choa chu kang|ang mo|bukit merah|boon lay|tai seng`
    .split('|')
    .map((s) => s.trim()),
);

const WORD = /^(?:[A-Z][a-z\u00e0-\u00ff’'-]*|[A-Z’'-]+)\.?$/;

/** Splits a lower-case word into pinyin syllables (at most four), or false when it is not pinyin. */
function isPinyin(w: string): boolean {
  const word = w.replace(/['’-]/g, '');
  if (word.length === 0 || word.length > 24) return false;
  // syllables are at most six letters; try the longest first, at most four syllables
  const go = (i: number, left: number): boolean => {
    if (i === word.length) return true;
    if (left === 0) return false;
    for (let l = Math.min(6, word.length - i); l >= 1; l--) {
      if (SYLLABLES.has(word.slice(i, i + l)) && go(i + l, left - 1)) return true;
    }
    return false;
  };
  return go(0, 4);
}

/**
 * Whether a lower-case word is pinyin, a romanized surname (Wong, Cheung) or one Cantonese
 * syllable of a romanized given name (Siu, Kwok).
 */
function isRomanSyllables(w: string): boolean {
  return isPinyin(w) || CANTONESE.has(w) || SURNAMES.has(w) || HOKKIEN.has(w);
}

/** Whether a lower-case word is a Korean given name: one or two Korean syllables (Minjun, min-jun). */
function isKoreanGiven(w: string): boolean {
  const h = w.indexOf('-');
  if (h !== -1) return KR_SYLLABLES.has(w.slice(0, h)) && KR_SYLLABLES.has(w.slice(h + 1));
  if (KR_SYLLABLES.has(w)) return true;
  for (let k = 1; k < w.length; k++)
    if (KR_SYLLABLES.has(w.slice(0, k)) && KR_SYLLABLES.has(w.slice(k))) return true;
  return false;
}

/**
 * @internal Whether lower-case words (two to four) are a romanized East Asian name: a Chinese
 * surname at one end and every word pinyin, Cantonese or Hokkien (Zhang Wei, Chan Tai Man, Tan Ah
 * Huat, Jiahui Ni), a Japanese family name and a Hepburn given name in either order (Yamada
 * Hanako), or a Korean family name and a Korean given name (Kim Min-jun, Park Ji Hoon).
 */
export function isRomanAsian(lower: readonly string[]): boolean {
  // (a city or a province written as one word is a place: Shenzhen Bao An, Beijing Chao Yang)
  for (const w of lower) if (JOINED_PLACES.has(w)) return false;
  const first = lower[0]!;
  const last = lower[lower.length - 1]!;
  if ((SURNAMES.has(first) || SURNAMES.has(last)) && lower.every(isRomanSyllables)) return true;
  if (lower.length === 2) {
    if (JP_FAMILY.has(first) && last.length >= 3 && HEPBURN.test(last) && !JP_FAMILY.has(last)) return true;
    if (JP_FAMILY.has(last) && first.length >= 3 && HEPBURN.test(first) && !JP_FAMILY.has(first)) return true;
  }
  if (KR_FAMILY.has(first) && lower.length <= 3) {
    const given = lower.length === 3 ? `${lower[1]}-${lower[2]}` : last;
    if (isKoreanGiven(given)) return true;
  }
  return false;
}

/**
 * @internal Whether Latin `words` (two to four, each capitalized or upper case) are a person's
 * name on weak context: a romanized Chinese name (a surname at one end, every word pinyin:
 * Zhang Wei, Wei Zhang, Chan Tai Man), or a common given name first (Sarah Lee, John Smith).
 */
export function isPlausibleLatinName(words: readonly string[]): boolean {
  if (words.length < 2 || words.length > 4) return false;
  // each word capitalized or all capitals (not ChenRecipient, iPhone)
  for (const w of words) if (!WORD.test(w)) return false;
  const lower = words.map((w) => w.toLowerCase().replace(/[.’']/g, ''));
  // (nor a brand or a service that starts with a given name: Ali Express)
  if (NOT_NAMES.has(lower.join(' ')) || isOrganization(words)) return false;
  if (isRomanAsian(lower) || isVietnamese(lower)) return true;
  const first = lower[0]!;
  const last = lower[lower.length - 1]!;
  return GIVEN.has(first) && (words.length === 2 || FAMILY.has(last) || SURNAMES.has(last));
}

const ORGANIZATION = new Set(
  `inc ltd llc co corp corporation company limited store shop logistics express group trading tech
   technology technologies international service services center centre warehouse station hub office
   department dept team official mall market supermarket hotel restaurant bank university school
   hospital delivery courier post holdings holding enterprises enterprise industries industrial imports
   exports import export solutions systems pte pty gmbh ag plc llp sarl bv kk partners associates
   agency brokerage brokers freight forwarding forwarders shipping cargo airlines airways motors foods
   pharma pharmaceuticals textiles electronics manufacturing`.split(/\s+/),
);

/** @internal Whether Latin words name a company, a shop or a service (Apple Inc, SF Express). */
export function isOrganization(words: readonly string[]): boolean {
  for (const w of words) if (ORGANIZATION.has(w.toLowerCase().replace(/[.,]/g, ''))) return true;
  return false;
}

/**
 * @internal Whether capitalized Latin `words` name a place in pinyin or a romanized place name
 * (Shenzhen, Hong Kong, Bei Jing), not a person.
 */
export function isLatinPlace(words: readonly string[]): boolean {
  const lower = words.map((w) => w.toLowerCase());
  if (lower.length === 1) return JOINED_PLACES.has(lower[0]!);
  return NOT_NAMES.has(lower.join(' '));
}

/** @internal Whether one word is a common given name (Sarah, Kevin). */
export function isGivenName(word: string): boolean {
  return GIVEN.has(word.toLowerCase());
}

/**
 * @internal End of the longest run of capitalized words at `i` (two or more, or one given name when
 * `single`) that reads as a person's name on weak context (latin-names.ts), or -1.
 */
export function plausibleLatinEnd(t: string, i: number, single: boolean): number {
  const c = t.charCodeAt(i);
  if (c < 65 || c > 90) return -1;
  const e = latinNameEnd(t, i);
  if (e < 0) return -1;
  const words = t.slice(i, e).split(/[ \t]+/);
  // the words of a company's name (Grace Bay Holdings, Tom Ford Trading Co) are not a person's
  // however its first words read
  if (isOrganization(words)) return -1;
  // nor a street's, a city's or a building's, named after a person or not (to Ho Chi Minh City,
  // to Vo Van Kiet Street, Deliver to Zhang Wei Road)
  // (a word that is also a surname, Park, Hall, Lane, Court, is a person's there: call Grace Park)
  for (let k = 1; k < words.length; k++) if (placeWordInside(words[k]!)) return -1;
  if (placeFollows(t, e)) return -1;
  if (particleName(words, single)) return e;
  const initial = initialNameEnd(t, i, words);
  if (initial !== -1) return initial;
  for (let n = words.length; n >= 2; n--) {
    const w = words.slice(0, n);
    if (isPlausibleLatinName(w)) return i + w.join(' ').length;
  }
  return single && isGivenName(words[0]!.replace(/[.,]$/, '')) ? i + words[0]!.length : -1;
}

// Vietnamese family names and the middle names that follow them (Nguyen Van An, Tran Thi Lan,
// Pham Minh Tuan), written without their diacritics as forms and labels do
const VN_FAMILY = new Set(
  'nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly'.split(' '),
);
const VN_MIDDLE = new Set('van thi duc minh ngoc thanh huu quang xuan hong kim anh thu dinh cong'.split(' '));

/** Whether lower-case words are a Vietnamese name: three or four, a family name, then a middle name. */
function isVietnamese(lower: readonly string[]): boolean {
  return lower.length >= 3 && VN_FAMILY.has(lower[0]!) && VN_MIDDLE.has(lower[1]!);
}

// a surname's particles (latinNameEnd reads them between capitalized words), and of them the
// patronymics (Ahmad bin Ismail, Siti binti Abdullah, Omar ibn Said) that only a person's name has
const PARTICLES = new Set(
  'van von der den de da di del della dos das du la le bin binti bint ibn al ter ten y'.split(' '),
);
const PATRONYMICS = new Set(['bin', 'binti', 'bint', 'ibn']);

/**
 * Whether `words` (latinNameEnd's reading, so each particle stands between capitalized words)
 * are a name with a particle: after a greeting (`greeted`: Hi Pieter van Dijk, Hello Jan de
 * Vries) any such run, a salutation being said to a person; elsewhere only with a patronymic
 * (for Ahmad bin Ismail). Never a place or a company (to Rio de Janeiro has no greeting, Van der
 * Valk Hotel is a company).
 */
function particleName(words: readonly string[], greeted: boolean): boolean {
  if (words.length < 3) return false;
  let particle = false;
  let patronymic = false;
  for (const w of words) {
    if (!PARTICLES.has(w)) continue;
    particle = true;
    if (PATRONYMICS.has(w)) patronymic = true;
  }
  if (!particle) return false;
  const caps = words.filter((w) => !PARTICLES.has(w));
  if (caps.length < 2 || !caps.every((w) => WORD.test(w)) || isLatinPlace(caps)) return false;
  return greeted || patronymic;
}

/**
 * Whether a capitalized place's word (Road, Street, City, Hall ...) follows `e` after spaces on
 * its line (a lower-case word is the sentence's: tell Zhang Wei park at the gate).
 */
function placeFollows(t: string, e: number): boolean {
  let a = e;
  while (t.charCodeAt(a) === 32) a++;
  return a > e && isUpper(t.charCodeAt(a)) && PLACE_AFTER.test(t.slice(a, a + 12));
}

/** Whether a later word of a name is a place's word that is no surname too (Road, not Park). */
function placeWordInside(w: string): boolean {
  if (!PLACE_AFTER.test(w)) return false;
  const l = w.toLowerCase();
  return !(FAMILY.has(l) || KR_FAMILY.has(l) || SURNAME_PLACE_WORDS.has(l));
}

// place words that are surnames too, in no list of surnames above
const SURNAME_PLACE_WORDS = new Set(['lane', 'court', 'drive', 'church']);

/**
 * End of a surname and an initial at `i` (ZHOU J., Wang J, J. Smith, LI M.): two words, one a
 * single capital letter with or without its dot, the other a listed surname (romanized Chinese or
 * English-speaking), or -1. A proof of delivery is signed so.
 */
function initialNameEnd(t: string, i: number, words: readonly string[]): number {
  if (words.length < 2) return -1;
  const a = words[0]!;
  const b = words[1]!;
  // (the initial with its dot, or a romanized Chinese surname in capitals: WANG J; an English
  // surname that is also a word before a bare letter is a place's, Hall A, Wood B)
  const dotted = (w: string) => /^[A-Z]\.$/.test(w);
  const bare = (w: string) => /^[A-Z]$/.test(w);
  const surname = (w: string) => {
    const l = w.toLowerCase();
    return WORD.test(w) && w.length >= 2 && (SURNAMES.has(l) || FAMILY.has(l));
  };
  const capsChinese = (w: string) => w.length >= 2 && w === w.toUpperCase() && SURNAMES.has(w.toLowerCase());
  const end = t.indexOf(b, i + a.length) + b.length;
  // (latinNameEnd leaves a later word's dot out: it is read here)
  const bDotted = bare(b) && t.charCodeAt(end) === 46;
  const ok = (surname(a) && (bDotted || (bare(b) && capsChinese(a)))) || (dotted(a) && surname(b));
  return ok ? end : -1;
}

/**
 * @internal End of the longest run of two to four capitalized words at `i` that is a romanized
 * East Asian name ({@link isRomanAsian}) and no place or organization, or -1: the stricter
 * reading where nothing but the surrounding script marks the words (Liu Wei 帮你拿了).
 */
export function romanAsianEnd(t: string, i: number): number {
  const e = latinNameEnd(t, i);
  if (e < 0) return -1;
  const words = t.slice(i, e).split(/[ \t]+/);
  if (isOrganization(words)) return -1;
  for (let n = Math.min(4, words.length); n >= 2; n--) {
    const w = words.slice(0, n);
    let ok = true;
    for (const x of w) if (!WORD.test(x)) ok = false;
    if (!ok) continue;
    const lower = w.map((x) => x.toLowerCase().replace(/[.’']/g, ''));
    if (NOT_NAMES.has(lower.join(' ')) || isOrganization(w)) continue;
    if (isRomanAsian(lower)) return i + w.join(' ').length;
  }
  return -1;
}

// words after a run of capitalized words that make it a place's or a building's name
const PLACE_AFTER =
  /^(?:road|rd|street|st|avenue|ave|lane|drive|district|lu|jie|qu|park|plaza|square|tower|building|bldg|center|centre|mall|station|airport|hotel|bridge|village|town|city|province|zone|highway|expressway|campus|hall|gardens?|court|estate)\b/i;

// the commonest Chinese surnames in pinyin, and the syllables most often given as a one-character
// given name (伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 华 慧 英 兰 …)
const TOP_SURNAMES = new Set(
  'wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang'.split(' '),
);
const GIVEN_SYLLABLES = new Set(
  `wei fang na min jing li qiang lei jun yong yan jie juan tao ming chao xia ping gang hua hui ying lan
   hong xin bin bo fei hao jian kai lin mei ning peng qing rui ting wen xiu yun zhen feng dan qian jia`.split(
    /\s+/,
  ),
);

// surnames that are also English words
const WORD_SURNAMES = new Set(
  'young king hill green hall baker bell cook gray long ward wood white brown price park reed bailey cooper turner parker wright'.split(
    ' ',
  ),
);

/** Whether every word is capitalized and the rest of it lower case (Kevin, not KEVIN). */
function isTitleCase(words: readonly string[]): boolean {
  for (const w of words) if (w.length > 1 && w.slice(1) !== w.slice(1).toLowerCase()) return false;
  return true;
}

/**
 * @internal End of a person's name at `i` read on the name's own evidence, where no word around
 * it says a person is meant (Kevin Zhang said…, Approved: Peter Chan): the whole run of
 * capitalized words at `i` is two or three words, a common given name and a surname (Jason Wong,
 * Sarah Lee, John Paul Smith) or a romanized Chinese surname and a pinyin given name (Zhang Wei),
 * no place, brand or organization, and no place's word follows. -1 otherwise.
 */
export function ownEvidenceEnd(t: string, i: number): number {
  const e = latinNameEnd(t, i);
  if (e < 0) return -1;
  // the run goes on: a longer proper name (Grace Chan Foundation, Kevin Zhang Trading)
  const words = t.slice(i, e).split(/[ \t]+/);
  if (words.length < 2 || words.length > 3) return -1;
  let a = e;
  while (t.charCodeAt(a) === 32) a++;
  if (a > e && isUpper(t.charCodeAt(a))) return -1;
  if (a > e && PLACE_AFTER.test(t.slice(a, a + 12))) return -1;
  for (const w of words) if (!WORD.test(w) || w.endsWith('.')) return -1;
  const lower = words.map((w) => w.toLowerCase().replace(/[’']/g, ''));
  if (NOT_NAMES.has(lower.join(' ')) || isOrganization(words)) return -1;
  const first = lower[0]!;
  const last = lower[lower.length - 1]!;
  // a given name and a surname in title case (MAX LONG is a product's size, Victoria Park a
  // place: a surname that is also an English word needs a context word)
  const surname = (FAMILY.has(last) || SURNAMES.has(last)) && !WORD_SURNAMES.has(last);
  if (
    GIVEN.has(first) &&
    surname &&
    isTitleCase(words) &&
    (lower.length === 2 || GIVEN.has(lower[1]!) || lower[1]!.length === 1)
  )
    return e;
  // a romanized Chinese name: a given name of two syllables written as one word (Zhang Xiaoming,
  // Li Jiahui), or one of the commonest surnames and a syllable names are commonly given (Zhang
  // Wei, Wang Fang); split syllables of places and brands (Wu Xi, Cai Niao, Tao Bao) are neither
  // and in the order of English text, the given name first (Xiaoming Chen, Jiahui Wang), with
  // one of the commonest surnames that is no place's last syllable (Xinhua Lu is a road)
  if (lower.length !== 2 || JOINED_PLACES.has(first) || JOINED_PLACES.has(last)) return -1;
  if (SURNAMES.has(first)) {
    if (!SYLLABLES.has(last) && isPinyin(last)) return e;
    return TOP_SURNAMES.has(first) && GIVEN_SYLLABLES.has(last) ? e : -1;
  }
  return TOP_SURNAMES.has(last) && last !== 'he' && last !== 'hu' && !SYLLABLES.has(first) && isPinyin(first)
    ? e
    : -1;
}

/**
 * @internal Whether the ASCII letters t[i, end), right before a digit at `end`, are the last
 * word of a Latin name pasted onto a number (ZHANG WEI13812345678, Li Na13912345678): a
 * capitalized word after one space and another capitalized word, the two reading as a person's
 * name ({@link isPlausibleLatinName}). Reads back at most one word of 24 letters. The number
 * then starts at `end` (name-glued-number.ts) and the name ends there ({@link latinNameEnd}).
 */
export function nameGluedBefore(t: string, i: number, end: number): boolean {
  if (end - i < 2 || i < 3 || t.charCodeAt(i - 1) !== 32 || !isUpper(t.charCodeAt(i))) return false;
  const e = i - 1;
  let s = e;
  while (s > 0 && e - s < 24 && isAsciiLetter(t.charCodeAt(s - 1))) s--;
  if (s === e || !isUpper(t.charCodeAt(s)) || (s > 0 && isAsciiLetter(t.charCodeAt(s - 1)))) return false;
  return isPlausibleLatinName([t.slice(s, e), t.slice(i, end)]);
}

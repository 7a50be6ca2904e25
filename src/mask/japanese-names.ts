// Japanese names written in kanji (佐藤健太, 渡辺 美咲): a Japanese family name of one to three
// characters and a given name of one to three, where Japanese mail and waybills mark a person:
// before the honorific 様 or 殿 (佐藤健太 様), or after the label of the addressee or the sender
// (宛先：, お届け先：, ご依頼主：). Chinese surname tables miss most of these family names (佐藤
// 鈴木 高橋 田中 ...). Korean names in hanja take Chinese surnames (金 李 朴) and are read there.
// Each check reads at most a dozen characters around one position the scan listed.
import {
  NAME_CTX_FIRST as $NAME_CTX_FIRST,
  isIdeograph as $isIdeograph,
  markScanFirst as $markScanFirst,
} from './char-flags.js';
import { firstAt as $firstAt } from './context-at.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import type { Candidate } from './detect-numbers.js';
import type { Scan } from './scan.js';

const isIdeograph = $isIdeograph;
const firstAt = $firstAt;
// an ideograph or the repetition mark 々 (佐々木)
function isCjk(c: number): boolean {
  return c === 0x3005 || isIdeograph(c);
}
const pushName = $pushName;
const taken = $taken;

// the commonest Japanese family names (of the about two hundred that cover most people)
const JP_SURNAMES = new Set(
  `佐藤 鈴木 高橋 田中 伊藤 渡辺 渡邊 渡部 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 清水
   山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 斉藤
   斎藤 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 中川 松田 竹内 小野 田村 中山 和田 石田 森田 上田
   原 内田 柴田 酒井 宮崎 横山 高木 安藤 宮本 大野 小島 谷口 今井 工藤 高田 増田 丸山 杉山 村田 大塚 新井
   小山 平野 藤本 河野 上野 野口 武田 松井 千葉 岩崎 菅原 木下 久保 佐野 野村 松尾 菊地 菊池 杉本 市川 古川
   大西 島田 水野 桜井 高野 渡邉 吉川 山内 西田 飯田 菅野 西川 服部 北村 堀 永井 関 中田 秋山 本田 片山
   早川 荒木 大橋 安田 星野 土屋 岩田 黒田 山中 浅野 小松 熊谷 辻 平田 望月 宮田 大石 須藤 川口 内藤 松下`.split(
    /\s+/,
  ),
);
// the labels before an addressee or a sender on a Japanese waybill or letter
const LABELS = ['宛先', '宛名', 'お届け先', '届け先', 'ご依頼主', '依頼主', '受取人'];
$markScanFirst($NAME_CTX_FIRST, ['様', '殿', ...LABELS]);

function isKana(c: number): boolean {
  return c >= 0x3041 && c <= 0x30ff && c !== 0x30fb;
}

/** Whether t[s, e) is a Japanese family name followed by a given name of one to three characters. */
function isJapaneseName(t: string, s: number, e: number): boolean {
  for (let l = 3; l >= 1; l--) {
    const g = e - s - l;
    if (g >= 1 && g <= 3 && JP_SURNAMES.has(t.slice(s, s + l))) return true;
  }
  return false;
}

/** @internal Japanese names in kanji before 様/殿 and after an addressee's label. */
export function japaneseNames(t: string, sc: Scan, out: Candidate[]): void {
  for (let k = 0; k < sc.nameCtx.n; k++) {
    const p = sc.nameCtx.buf[k]!;
    const c = t.charCodeAt(p);
    if (c === 0x69d8 || c === 0x6bbf) beforeHonorific(t, p, out);
    else if (c === 0x5b9b || c === 0x304a || c === 0x5c4a || c === 0x3054 || c === 0x4f9d || c === 0x53d7)
      afterLabel(t, p, out);
  }
}

/** The name right before 様 or 殿 at `p` (佐藤健太 様, 田中　花子様). */
function beforeHonorific(t: string, p: number, out: Candidate[]): void {
  let e = p;
  while (e > 0 && p - e < 2 && (t.charCodeAt(e - 1) === 32 || t.charCodeAt(e - 1) === 0x3000)) e--;
  let s = e;
  while (s > 0 && e - s < 7 && (isCjk(t.charCodeAt(s - 1)) || isGap(t, s - 1, e))) s--;
  if (s > 0 && isCjk(t.charCodeAt(s - 1))) return;
  while (s < e && !isCjk(t.charCodeAt(s))) s++;
  nameIn(t, s, e, out);
}

/** The name after an addressee's label at `p` (宛先：佐藤健太). */
function afterLabel(t: string, p: number, out: Candidate[]): void {
  const l = firstAt(t, p, LABELS);
  if (l === undefined) return;
  let i = p + l.length;
  const c = t.charCodeAt(i);
  if (c === 58 || c === 0xff1a) i++;
  while (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 0x3000) i++;
  let e = i;
  while (e < t.length && e - i < 7 && (isCjk(t.charCodeAt(e)) || isGap(t, e, i))) e++;
  if (e < t.length && (isCjk(t.charCodeAt(e)) || isKana(t.charCodeAt(e)))) return;
  while (e > i && !isCjk(t.charCodeAt(e - 1))) e--;
  // (a honorific glued to the name ends it: 佐藤健太様)
  if (e > i && (t.charCodeAt(e - 1) === 0x69d8 || t.charCodeAt(e - 1) === 0x6bbf)) e--;
  nameIn(t, i, e, out);
}

/**
 * Whether t[k] is a space between a family and a given name: one space or ideographic space with
 * an ideograph on both sides (not the second in the window that starts or ends at `from`).
 */
function isGap(t: string, k: number, from: number): boolean {
  const c = t.charCodeAt(k);
  if (c !== 32 && c !== 0x3000) return false;
  if (!isCjk(t.charCodeAt(k - 1)) || !isCjk(t.charCodeAt(k + 1))) return false;
  const a = Math.min(k, from);
  const b = Math.max(k, from);
  for (let j = a; j < b; j++)
    if (j !== k && (t.charCodeAt(j) === 32 || t.charCodeAt(j) === 0x3000)) return false;
  return true;
}

/** Reports t[s, e) (a family name, perhaps an ideographic space, a given name) when it is one. */
function nameIn(t: string, s: number, e: number, out: Candidate[]): void {
  let gap = -1;
  for (let k = s; k < e; k++) if (t.charCodeAt(k) === 32 || t.charCodeAt(k) === 0x3000) gap = k;
  const ok =
    gap !== -1 && gap < e
      ? JP_SURNAMES.has(t.slice(s, gap)) && e - gap - 1 >= 1 && e - gap - 1 <= 3
      : isJapaneseName(t, s, e);
  if (ok && !taken(s, e)) pushName(out, s, e, 0.8);
}

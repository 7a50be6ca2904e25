// A residential compound and a building number are an address even with no division name and no
// context word: 翠苑一区12栋, 阳光花园3幢, 锦绣家园8号楼2单元 say where someone lives (or receives
// parcels), as people write it in chat to a courier who knows the city. The compound's name ends
// in a compound word (小区, 花园, 家园, 新村, 公寓, 苑, 园, 府, 城, 湾, 庭, 里, 村 ..., or a numbered
// or cardinal 区: 一区, 东区), and a building number (12栋, 3幢, 8号楼) follows right after it;
// the name runs back over at most six ideographs to a verb or a particle (放, 送到, 在, 住 ...).
// A warehouse's zone (库区3栋) or a numbered area alone (A区) has no compound word and is left.
// Only the building words (栋 棟 幢 号楼) are searched for; each is read a dozen characters around.
import { isDigitCode as $isDigitCode, isIdeograph as $isIdeograph } from './char-flags.js';
import { ADDRESS_FOUND as $ADDRESS_FOUND, ANCHOR as $ANCHOR, covered as $covered } from './cover.js';
import { honorificAt as $honorificAt, stopWordAt as $stopWordAt } from './name-shape.js';
import { keyEndingAt as $keyEndingAt } from './structured-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const ADDRESS_FOUND = $ADDRESS_FOUND;
const ANCHOR = $ANCHOR;
const covered = $covered;
const honorificAt = $honorificAt;
const stopWordAt = $stopWordAt;
const keyEndingAt = $keyEndingAt;
const isCjk = $isIdeograph;
const isDigit = $isDigitCode;

const BUILDINGS = ['栋', '棟', '幢', '号楼', '號樓'];
// the last character of a compound's name, and the two-character words that end one
const COMPOUND_ONE: ReadonlySet<number> = new Set(
  [...'苑园園府城湾灣庭里坊村邸墅居庄莊寓'].map((c) => c.charCodeAt(0)),
);
const COMPOUND_TWO = new Set([
  '小区',
  '小區',
  '新村',
  '公寓',
  '宿舍',
  '公馆',
  '公館',
  '山庄',
  '山莊',
  '大院',
  '社区',
  '社區',
]);
// what numbers or orients a 区 of a compound (一区, 东区)
const AREA_MARKS: ReadonlySet<number> = new Set(
  [...'一二三四五六七八九十东南西北中東'].map((c) => c.charCodeAt(0)),
);
const QU: ReadonlySet<number> = new Set([0x533a, 0x5340]); // 区 區
// what stands before a compound's name in a sentence: verbs of placing and living, particles
const LEADS: ReadonlySet<number> = new Set(
  [...'放在到送至住去来來回是的了往于於从從寄收我你他她您就还還请請帮幫给給和与與或'].map((c) =>
    c.charCodeAt(0),
  ),
);
const NAME_MAX = 6;
// the last characters of the units of an address before it (…2单元, …5栋, …88号)
const UNIT_ENDS: ReadonlySet<number> = new Set([...'元栋棟幢号號室楼樓层層'].map((c) => c.charCodeAt(0)));
// units after the building number (2单元502室, 3层)
const AFTER_UNITS = ['单元', '單元', '室', '层', '層', '楼', '樓', '号', '號'];

/** Start of the compound name whose compound word ends at `e`, or -1. */
function compoundStart(t: string, e: number): number {
  let k = e;
  const c = t.charCodeAt(e - 1);
  if (QU.has(c)) {
    const m = t.charCodeAt(e - 2);
    if (!AREA_MARKS.has(m)) {
      // 小区, 社区
      if (!COMPOUND_TWO.has(t.slice(e - 2, e))) return -1;
    }
    k = e - 2;
  } else if (COMPOUND_TWO.has(t.slice(e - 2, e))) k = e - 2;
  else if (COMPOUND_ONE.has(c)) k = e - 1;
  else return -1;
  // the name before the compound word (at least one ideograph)
  // (and stops after a key, an honorific, a stop word or an address unit glued before it:
  // 电话阳光小区, 王先生阳光小区, 谢谢阳光小区, 2单元阳光小区)
  let s = k;
  while (s > 0 && k - s < NAME_MAX && isCjk(t.charCodeAt(s - 1)) && !LEADS.has(t.charCodeAt(s - 1))) {
    if (UNIT_ENDS.has(t.charCodeAt(s - 1))) break;
    if (
      s < k &&
      (keyEndingAt(t, s) !== undefined || (s >= 2 && (honorificAt(t, s - 2) || stopWordAt(t, s - 2))))
    )
      break;
    s--;
  }
  return s < k ? s : -1;
}

/** End of the units after a building word ending at `e` (2单元502室, 2单元301), or `e`. */
function unitsAfter(t: string, e: number): number {
  let end = e;
  for (let n = 0; n < 3; n++) {
    let k = end;
    while (k < t.length && k - end < 6 && isDigit(t.charCodeAt(k))) k++;
    if (k === end) return end;
    let unit = -1;
    for (const u of AFTER_UNITS) if (t.startsWith(u, k)) unit = k + u.length;
    // a room number written bare at the end (2单元301): three or four digits, no more
    // (not the kept head of a masked number: 2单元1381****)
    if (unit === -1)
      return k - end >= 3 && k - end <= 4 && !isDigit(t.charCodeAt(k)) && t.charCodeAt(k) !== 42 ? k : end;
    end = unit;
  }
  return end;
}

/**
 * @internal Compounds with a building number (see the file comment) that overlap no address or
 * finding yet, passed to `add` as start, end.
 */
export function compoundAddresses(t: string, add: (s: number, e: number) => void): void {
  for (const b of BUILDINGS) {
    for (let at = t.indexOf(b); at !== -1; at = t.indexOf(b, at + 1)) {
      // the building number right before the word (12栋; 8号楼's 号 is the word's own)
      let d = at;
      while (d > 0 && at - d < 4 && isDigit(t.charCodeAt(d - 1))) d--;
      if (d === at || d === 0) continue;
      const s = compoundStart(t, d);
      if (s === -1) continue;
      const e = unitsAfter(t, at + b.length);
      if (covered(s, e, ADDRESS_FOUND | ANCHOR)) continue;
      add(s, e);
      at = e - 1;
    }
  }
}

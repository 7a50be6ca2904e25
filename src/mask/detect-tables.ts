// Tables in text: a header line whose cells name their columns (姓名 | 电话 | 地址, name,phone,
// address), then rows whose cells are read with their column's key. A blank line or a line with
// another number of cells ends the table; each line is split once.
import type { Candidate } from './detect-numbers.js';
import { type KeyKind, keyKind } from './structured-keys.js';
import { valueFindings } from './structured-values.js';
import { namesPersonalIdentifier } from './key-words.js';
import { genericNameKey } from './latin-keys.js';
import { longValue, shortValuedKey } from './number-headings.js';
import { shelfCell, shelfHeader, stationWords } from './pickup-record-codes.js';
import { bankCardProblem, hkIdProblem, residentIdProblem, twIdProblem } from '../schema/index.js';

// a SELECT whose result rows follow it (a database client's output pasted into a log or a
// ticket): its column list names the cells of the '|' rows below, like a header line
const SELECT =
  /\bselect\s+((?:[\w.`"]+(?:\s+as\s+[\w`"]+)?\s*,\s*){1,15}[\w.`"]+(?:\s+as\s+[\w`"]+)?)\s+from\b/i;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0x3000 || c === 0xa0;
}

const DELIMITERS = [9, 124, 44, 0xff0c, 59]; // tab | , ， ; (a CSV export of a European locale)

/**
 * @internal The cells of line t[a, b) split at `d`, as start, end pairs (trimmed; outer | dropped);
 * the order-row rule (number-batches.ts) reads rows the same way.
 */
export function cells(t: string, a: number, b: number, d: number): number[] {
  const out: number[] = [];
  let s = a;
  for (let i = a; i <= b; i++) {
    if (i === b || t.charCodeAt(i) === d) {
      let x = s;
      let y = i;
      while (x < y && isSpace(t.charCodeAt(x))) x++;
      while (y > x && isSpace(t.charCodeAt(y - 1))) y--;
      out.push(x, y);
      s = i + 1;
    }
  }
  // a markdown row | a | b | has an empty first and last cell
  if (d === 124 && out.length >= 4 && out[0] === out[1] && out[out.length - 2] === out[out.length - 1])
    return out.slice(2, -2);
  return out;
}

interface Header {
  d: number;
  kinds: Array<KeyKind | undefined>;
  // columns of non-personal numbers whose name says whose identifier they hold (consignee_id,
  // Importer ID, customer no): an identity or card number in them is still that person's
  owned: boolean[];
  // columns whose real values are short (shelf_no, 格口, qty: number-headings.ts): a cell of ten
  // digits or more in one is no shelf or slot, and is read as what it is
  slot?: boolean[];
}

/**
 * Whether cell t[s, e) is a whole resident ID, HK/TW ID or bank card number that checks: under a
 * column of someone's identifier it is that person's, however the column reads for a phone.
 */
function checkedIdentity(t: string, s: number, e: number): boolean {
  if (e - s < 8 || e - s > 23) return false;
  const v = t.slice(s, e).replace(/[\s-]/g, '');
  return (
    residentIdProblem(v) === undefined ||
    hkIdProblem(v) === undefined ||
    twIdProblem(v) === undefined ||
    (/^\d{13,19}$/.test(v) && bankCardProblem(v) === undefined)
  );
}

/**
 * Whether a line with a column of waybills, orders or amounts is a header even without two
 * columns of personal data (运单号,快递公司,状态; | 快递单号 | 快递公司 |): its cells are short
 * and have no digit, and it is split at tabs or '|', or at ',' into at least three cells (prose
 * has commas, not pipes).
 */
function waybillHeader(t: string, cs: readonly number[], d: number): boolean {
  if (d === 0xff0c || ((d === 44 || d === 59) && cs.length < 6 && !allQuoted(t, cs) && !tightCells(t, cs)))
    return false;
  for (let i = 0; i < cs.length; i += 2) {
    if (cs[i + 1]! - cs[i]! > 20 || cs[i + 1] === cs[i]) return false;
    for (let k = cs[i]!; k < cs[i + 1]!; k++) {
      const c = t.charCodeAt(k);
      if ((c >= 48 && c <= 57) || c === 0x3002 || c === 0xff1f || c === 0xff01) return false;
    }
  }
  return true;
}

/**
 * The kind of personal data line t[a, b) heads when it is a key alone (手机号：, Mobile:, 收件人电话),
 * the heading of a list of numbers one a line: each number under it is that key's value, as the
 * first one is (手机号：\nA\nB\nC keeps B and C phones, however close their digits).
 */
function columnHeading(t: string, a: number, b: number): KeyKind | undefined {
  let e = b;
  while (
    e > a &&
    (isSpace(t.charCodeAt(e - 1)) || t.charCodeAt(e - 1) === 58 || t.charCodeAt(e - 1) === 0xff1a)
  )
    e--;
  if (e - a < 1 || e - a > 16) return undefined;
  for (let k = a; k < e; k++) {
    const c = t.charCodeAt(k);
    // (a digit, or a masked value: *-*-****取件码 reads as the 8-2-1033取件码 it was; a lone '*'
    // marks a required field, *手机号：)
    if ((c >= 48 && c <= 57) || maskedAt(t, k) || c === 44 || c === 0xff0c || c === 9 || c === 124)
      return undefined;
  }
  const k = keyKind(t.slice(a, e));
  return k === 'negative' || k === 'email' || k === 'name' || k === 'address' ? undefined : k;
}

/** Whether line t[a, b) is one number alone (digits, spaces, + - ( ) between them; 7 to 24 characters). */
function bareNumberLine(t: string, a: number, b: number): boolean {
  let x = a;
  let y = b;
  while (x < y && isSpace(t.charCodeAt(x))) x++;
  while (y > x && isSpace(t.charCodeAt(y - 1))) y--;
  if (y - x < 7 || y - x > 24) return false;
  for (let k = x; k < y; k++) {
    const c = t.charCodeAt(k);
    if (!((c >= 48 && c <= 57) || c === 32 || c === 43 || c === 45 || c === 40 || c === 41)) return false;
  }
  return true;
}

/** Whether a masked value's run of '*' (two or more, as redact writes them) starts at `k`. */
function maskedAt(t: string, k: number): boolean {
  return t.charCodeAt(k) === 42 && t.charCodeAt(k + 1) === 42;
}

/**
 * Whether every cell is a short name without a digit (1-16 characters): the cells of a header
 * line. A run of '*' is a masked value (北京市朝阳区****, as redact writes an address whose house
 * number it hid), no name: redacting the text again must read it as the first pass read the value.
 */
function namesOnly(t: string, cs: readonly number[]): boolean {
  for (let i = 0; i < cs.length; i += 2) {
    const s = cs[i]!;
    const e = cs[i + 1]!;
    if (e - s < 1 || e - s > 16) return false;
    for (let k = s; k < e; k++) {
      const c = t.charCodeAt(k);
      if ((c >= 48 && c <= 57) || maskedAt(t, k)) return false;
    }
  }
  return true;
}

/**
 * Whether a short line split at ',' or ';' is a file's header (waybill_no,status; tracking
 * number,carrier; 运单号,状态): every cell after the first starts right at its delimiter (a person
 * writing prose puts a space after a comma), and every cell is a known key, a column name in
 * Latin letters, or a common Chinese column name (a chat line, 运单,麻烦查一下, is none of these).
 */
function tightCells(t: string, cs: readonly number[]): boolean {
  let spaced = false;
  let code = false;
  for (let i = 0; i < cs.length; i += 2) {
    const s = cs[i]!;
    const e = cs[i + 1]!;
    if (e === s) return false;
    if (i > 0 && t.charCodeAt(s - 1) === 32) spaced = true;
    const cell = t.slice(s, e);
    if (CODE_COLUMN.test(cell)) code = true;
    else if (!LATIN_COLUMN.test(cell) && !CJK_COLUMNS.has(cell) && keyKind(cell) === undefined) return false;
  }
  // (after ", " only when a column is named as code is: waybill_no, status)
  return !spaced || code;
}
// a column named as code names it: with an underscore or an inner capital (waybill_no, orderId)
const CODE_COLUMN = /^[A-Za-z][a-z0-9]*(?:_[A-Za-z0-9]+|[A-Z][a-z0-9]+)+$/;
const LATIN_COLUMN = /^[A-Za-z][A-Za-z0-9_ .]{0,23}$/;
// columns beside a waybill or order column in Chinese exports: state, remark, carrier, times
const CJK_COLUMNS: ReadonlySet<string> = new Set(
  '状态 备注 快递公司 物流公司 承运商 快递 时间 日期 创建时间 更新时间 签收时间 发货时间 结果 原因 类型 渠道 来源 操作 操作时间'.split(
    ' ',
  ),
);

/**
 * The cells `cs` with the double quotes around a cell dropped ("卢梓涵" → 卢梓涵): `cs` itself when
 * no cell is quoted, else a copy.
 */
function unquoted(t: string, cs: readonly number[]): readonly number[] {
  let out: number[] | undefined;
  for (let i = 0; i < cs.length; i += 2) {
    const s = cs[i]!;
    const e = cs[i + 1]!;
    if (e - s >= 2 && t.charCodeAt(s) === 34 && t.charCodeAt(e - 1) === 34) {
      out ??= cs.slice();
      out[i] = s + 1;
      out[i + 1] = e - 1;
    }
  }
  return out ?? cs;
}

// the columns of a product list or a stock sheet (sku, price, stock, 库存): beside them a bare
// "name" column names the product (Li Ning 跑鞋 42码), not a person
const PRODUCT_COLUMNS: ReadonlySet<string> = new Set(
  `sku skuid skuno skucode spu spuid price unitprice saleprice pricefen pricecent stock inventory qty
   quantity brand model spec specs category barcode ean upc itemid itemno productid goodsid goodsno
   价格 单价 售价 库存 品牌 规格 型号 类目 条码 商品编码 商品id`.split(/\s+/),
);

/**
 * Drops the kind of a bare name column (name, 名称) from `kinds` when another column of the
 * header `qs` is a product's (sku, price, stock) and none holds personal data: the names in that
 * table are products'. Whether it did.
 */
function productNames(t: string, qs: readonly number[], kinds: Array<KeyKind | undefined>): boolean {
  let generic = -1;
  let product = false;
  for (let i = 0; i < qs.length; i += 2) {
    if (qs[i + 1]! - qs[i]! > 24) continue;
    const cell = t.slice(qs[i]!, qs[i + 1]!);
    if (kinds[i / 2] === 'name' && genericNameKey(cell)) generic = i / 2;
    else if (PRODUCT_COLUMNS.has(cell.toLowerCase().replace(/[_\-\s]/g, ''))) product = true;
  }
  if (generic === -1 || !product) return false;
  // a column of personal data (phone, address …) makes the list an order list: its name is the
  // buyer's (order_id,name,sku,qty,address)
  for (let j = 0; j < kinds.length; j++) {
    const k = kinds[j];
    if (j !== generic && k !== undefined && k !== 'negative') return false;
  }
  kinds[generic] = undefined;
  return true;
}

/** Whether every cell is in double quotes: a CSV file's header, not prose with commas. */
function allQuoted(t: string, cs: readonly number[]): boolean {
  for (let i = 0; i < cs.length; i += 2)
    if (cs[i + 1]! - cs[i]! < 3 || t.charCodeAt(cs[i]!) !== 34 || t.charCodeAt(cs[i + 1]! - 1) !== 34)
      return false;
  return true;
}

/**
 * The header that line t[a, b) is: most cells keys, at least two naming personal data; or one naming
 * personal data among short names; or see waybillHeader.
 */
function headerOf(t: string, a: number, b: number): Header | undefined {
  if (b - a > 400) return undefined;
  for (const d of DELIMITERS) {
    const cs = cells(t, a, b, d);
    if (cs.length < 4) continue;
    const kinds: Array<KeyKind | undefined> = [];
    const owned: boolean[] = [];
    let slot: boolean[] | undefined;
    let named = 0;
    let keys = 0;
    // a CSV export quotes every cell ("buyerName","buyerTel"): the column's name is inside
    const qs = unquoted(t, cs);
    for (let i = 0; i < cs.length; i += 2) {
      const k = qs[i + 1]! - qs[i]! <= 24 ? keyKind(t.slice(qs[i]!, qs[i + 1]!)) : undefined;
      kinds.push(k);
      owned.push(k === 'negative' && namesPersonalIdentifier(t, qs[i]!, qs[i + 1]!));
      if (k === 'negative' && slotColumn(t, qs[i]!, qs[i + 1]!)) {
        slot ??= [];
        slot[i / 2] = true;
      }
      if (k !== undefined) {
        keys++;
        if (k !== 'negative') named++;
      }
    }
    // (a product list stays a table: its sku and price columns are still not personal)
    const products = named > 0 && productNames(t, qs, kinds);
    if (products) named--;
    if (named >= 2 && 2 * keys >= kinds.length) return { d, kinds, owned, slot };
    // one column of personal data beside column names the key reader does not know (手机号 | 状态,
    // mobile\tremark): a line of short cells without a digit is a header, and the cells under that
    // column are still personal data, whatever the other columns say about the row
    if ((named === 1 || products) && namesOnly(t, cs)) return { d, kinds, owned, slot };
    if (named < keys && waybillHeader(t, cs, d)) return { d, kinds, owned, slot };
  }
  return undefined;
}

/** Whether the header cell t[s, e) names a column whose real values are short (shelf_no, 格口). */
function slotColumn(t: string, s: number, e: number): boolean {
  // (asked with a long value: the key's words decide)
  return e - s <= 24 && shortValuedKey(t, s, e, -1);
}

/** Whether the cell t[s, e) holds a number of ten digits or more (after a quote). */
function longCell(t: string, s: number, e: number): boolean {
  const q = t.charCodeAt(s);
  return longValue(t, q === 34 || q === 39 ? s + 1 : s) && e - s <= 28;
}

/** The header that the SELECT statement on line t[a, b) makes for the '|' rows of its result. */
function selectHeader(t: string, a: number, b: number): Header | undefined {
  if (b - a > 400) return undefined;
  const line = t.slice(a, b);
  if (line.indexOf('select') === -1 && line.indexOf('SELECT') === -1) return undefined;
  const m = SELECT.exec(line);
  if (m === null) return undefined;
  const kinds: Array<KeyKind | undefined> = [];
  const owned: boolean[] = [];
  let keys = 0;
  for (const col of m[1]!.split(',')) {
    // the name a column is shown under: its alias, or its name without the table (w.waybill_no)
    const c = col.trim().replace(/[`"]/g, '');
    const as = c.search(/\s+as\s+/i);
    const name = as === -1 ? c.slice(c.lastIndexOf('.') + 1) : c.slice(c.lastIndexOf(' ') + 1);
    const k = keyKind(name);
    if (k !== undefined) keys++;
    kinds.push(k);
    owned.push(k === 'negative' && namesPersonalIdentifier(name, 0, name.length));
  }
  return keys > 0 ? { d: 124, kinds, owned } : undefined;
}

/**
 * @internal Cells under a header that names them; cells of columns of orders, amounts ... go to
 * `negatives` (start, end pairs).
 */
export function tables(t: string, out: Candidate[], negatives: number[]): void {
  let header: Header | undefined;
  // the shelf columns of the header (shelfColumns), and where the line before this one starts
  let shelves: boolean[] | undefined;
  let prev = 0;
  // the kind of a heading of one column (手机号：) while the lines under it are bare numbers
  let column: KeyKind | undefined;
  let a = 0;
  while (a < t.length) {
    let b = t.indexOf('\n', a);
    if (b === -1) b = t.length;
    const lineEnd = b > a && t.charCodeAt(b - 1) === 13 ? b - 1 : b;
    if (column !== undefined) {
      if (bareNumberLine(t, a, lineEnd)) {
        valueFindings(t, a, lineEnd, column, 'role', out);
        a = b + 1;
        continue;
      }
      column = undefined;
    }
    if (lineEnd === a) header = undefined;
    else if (header === undefined) {
      header = headerOf(t, a, lineEnd) ?? selectHeader(t, a, lineEnd);
      if (header === undefined) column = columnHeading(t, a, lineEnd);
      else shelves = shelfColumns(t, header, prev, a, lineEnd);
    } else if (!/^[\s|:\-+]+$/.test(t.slice(a, Math.min(lineEnd, a + 200)))) {
      const cs = unquoted(t, cells(t, a, lineEnd, header.d));
      if (cs.length / 2 !== header.kinds.length) {
        header = headerOf(t, a, lineEnd);
        shelves = header === undefined ? undefined : shelfColumns(t, header, prev, a, lineEnd);
      } else {
        for (let i = 0; i < header.kinds.length; i++) {
          const k = header.kinds[i];
          if (shelves?.[i] && shelfCell(t, cs[2 * i]!, cs[2 * i + 1]!)) {
            out.push({ kind: 'pickupCode', start: cs[2 * i]!, end: cs[2 * i + 1]!, confidence: 0.85 });
            continue;
          }
          if (k === 'negative') {
            if (header.slot?.[i] === true && longCell(t, cs[2 * i]!, cs[2 * i + 1]!)) continue;
            if (!(header.owned[i] && checkedIdentity(t, cs[2 * i]!, cs[2 * i + 1]!)))
              negatives.push(cs[2 * i]!, cs[2 * i + 1]!);
          } else if (k !== undefined && k !== 'email')
            valueFindings(t, cs[2 * i]!, cs[2 * i + 1]!, k, 'role', out);
        }
      }
    }
    prev = a;
    a = b + 1;
  }
}

/**
 * The shelf columns of a header (shelf, 货架号: pickup-record-codes.ts) of a station's table: one
 * whose header or the line above it names a station, a locker or collecting, or whose header names
 * a person's data (a shelf position beside a receiver's phone is where their parcel waits). A
 * warehouse's bin column (库位, bin) is no shelf header. Undefined when there is none.
 */
function shelfColumns(t: string, h: Header, prev: number, a: number, b: number): boolean[] | undefined {
  const cs = cells(t, a, b, h.d);
  let out: boolean[] | undefined;
  for (let i = 0; i < cs.length; i += 2) {
    if (!shelfHeader(t, cs[i]!, cs[i + 1]!)) continue;
    out ??= [];
    out[i / 2] = true;
  }
  if (out === undefined) return undefined;
  const personal = h.kinds.some((k) => k !== undefined && k !== 'negative');
  return personal || stationWords(t, prev, b) ? out : undefined;
}

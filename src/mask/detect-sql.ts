// SQL written into logs: INSERT INTO t (receiver_name, receiver_mobile, order_no) VALUES
// ('张三', '138...', '2024...'): each value is read with the key of its column, like the cells of
// a table under its header (detect-tables.ts); and `waybill_no IN (A, B, C)`: the list is read
// with the key of the column before IN. The column list and each row are read once, with
// bounded lengths, so a text costs one pass.
import type { Candidate } from './detect-numbers.js';
import { keyKind } from './structured-keys.js';
import { genericNameKey } from './latin-keys.js';
import { valueFindings } from './structured-values.js';

const INSERT = /\binsert\s+into\s+[\w.`"[\]]{1,64}\s*\(([^()]{1,600})\)\s*values\s*/giy;
const INSERT_HEAD = /\binsert\s+into\b/gi;
const MAX_ROWS = 100;
const MAX_CELL = 400;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * The cells of the row whose '(' is at `p`, as start, end pairs of the values without quotes,
 * and the offset after its ')'; undefined when the row is not one.
 */
function row(t: string, p: number): { cells: number[]; end: number } | undefined {
  const cells: number[] = [];
  let q = p + 1;
  for (;;) {
    while (q < t.length && isSpace(t.charCodeAt(q))) q++;
    const c = t.charCodeAt(q);
    let s: number;
    let e: number;
    if (c === 39 || c === 34) {
      // a quoted value; a doubled quote is a quote inside it
      s = q + 1;
      e = s;
      const cap = Math.min(t.length, s + MAX_CELL);
      while (e < cap && !(t.charCodeAt(e) === c && t.charCodeAt(e + 1) !== c))
        e += t.charCodeAt(e) === c ? 2 : 1;
      if (e >= cap) return undefined;
      q = e + 1;
    } else {
      s = q;
      const cap = Math.min(t.length, s + MAX_CELL);
      while (q < cap && t.charCodeAt(q) !== 44 && t.charCodeAt(q) !== 41) q++;
      e = q;
      while (e > s && isSpace(t.charCodeAt(e - 1))) e--;
    }
    cells.push(s, e);
    while (q < t.length && isSpace(t.charCodeAt(q))) q++;
    const d = t.charCodeAt(q);
    if (d === 41) return { cells, end: q + 1 };
    if (d !== 44) return undefined;
    q++;
  }
}

/**
 * @internal Values of INSERT statements read with their column's key; values of columns that
 * hold orders, amounts ... go to `negatives` (start, end pairs).
 */
export function sqlInserts(t: string, out: Candidate[], negatives: number[]): void {
  INSERT_HEAD.lastIndex = 0;
  for (let h = INSERT_HEAD.exec(t); h; h = INSERT_HEAD.exec(t)) {
    INSERT.lastIndex = h.index;
    const m = INSERT.exec(t);
    if (m === null) continue;
    const columns = m[1]!.split(',').map((c) => c.replace(/[`"[\]\s]/g, ''));
    const kinds = columns.map(keyKind);
    let q = h.index + m[0].length;
    for (let r = 0; r < MAX_ROWS && t.charCodeAt(q) === 40; r++) {
      const got = row(t, q);
      if (got === undefined || got.cells.length !== 2 * kinds.length) break;
      for (let i = 0; i < kinds.length; i++) {
        const k = kinds[i];
        const s = got.cells[2 * i]!;
        const e = got.cells[2 * i + 1]!;
        if (k === 'negative') negatives.push(s, e);
        else if (k !== undefined && k !== 'email' && e > s) {
          // a column called only "name" vouches for a name less than receiver_name does
          const generic = genericNameKey(columns[i]!);
          valueFindings(t, s, e, k, generic ? 'generic' : 'role', out);
        }
      }
      q = got.end;
      while (q < t.length && (isSpace(t.charCodeAt(q)) || t.charCodeAt(q) === 44)) q++;
    }
    INSERT_HEAD.lastIndex = Math.max(INSERT_HEAD.lastIndex, q);
  }
}

// a column compared with a list: its name (a table or alias before a dot allowed), NOT, IN, '('
const IN_LIST = /([A-Za-z_][\w]{0,63})[`"\]]?\s+(?:not\s+)?in\s*\(/giy;
const IN_HEAD = /\sin\s*\(/gi;
const IN_MAX = 600;
// how far back from IN a column and NOT are read
const IN_BACK = 80;

/**
 * @internal The values of `column IN (…)` lists whose column holds numbers that are not personal
 * data (waybill_no IN (A, B)) go to `negatives` (start, end pairs); other lists are left to the
 * detectors.
 */
export function sqlInLists(t: string, negatives: number[]): void {
  IN_HEAD.lastIndex = 0;
  for (let h = IN_HEAD.exec(t); h; h = IN_HEAD.exec(t)) {
    const open = h.index + h[0].length - 1;
    // the column before IN (and NOT), read back over at most IN_BACK characters
    let b = h.index;
    const lo = Math.max(0, h.index - IN_BACK);
    let words = 0;
    while (b > lo && words < 3) {
      while (b > lo && isSpace(t.charCodeAt(b - 1))) b--;
      const e = b;
      while (b > lo && /[\w`"\]]/.test(t[b - 1]!)) b--;
      if (b === e) break;
      words++;
      if (!/^not$/i.test(t.slice(b, e))) break;
    }
    IN_LIST.lastIndex = b;
    const m = IN_LIST.exec(t);
    if (m === null || IN_LIST.lastIndex !== open + 1) continue;
    if (!afterConnective(t, b) || keyKind(m[1]!) !== 'negative') continue;
    // the list's ')' within IN_MAX characters (not searched further: a text of unclosed lists
    // costs IN_MAX per list at most)
    let close = open + 1;
    const cap = Math.min(t.length, open + IN_MAX);
    while (close < cap && t.charCodeAt(close) !== 41) close++;
    if (close >= cap) continue;
    negatives.push(open + 1, close);
    IN_HEAD.lastIndex = close;
  }
}

// the words a condition on a column follows in SQL (WHERE w.waybill_no IN, AND sku_id NOT IN)
const CONNECTIVE = /(?:^|[^\w])(?:where|and|or|on|having|when)\s*\(?\s*$/i;

/**
 * Whether the column at `b` (perhaps after a table's alias and a dot) follows a word that starts
 * a condition in SQL: `sign in (A)` in prose is no query, `where sign in (A)` is.
 */
function afterConnective(t: string, b: number): boolean {
  let p = b;
  if (p > 0 && t.charCodeAt(p - 1) === 46) {
    p--;
    while (p > 0 && p > b - 64 && /\w/.test(t[p - 1]!)) p--;
  }
  return CONNECTIVE.test(t.slice(Math.max(0, p - 12), p));
}

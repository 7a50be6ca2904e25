// The label of the field that follows a name in a record line (张三，身份证 1101...): the name pass
// steps over it to reach the name. Kept apart because other code and a property test read the
// pattern and its hand-written matcher as a pair.
import {
  FIELD_LABEL_LAST as $FIELD_LABEL_LAST,
  FLAGS as $FLAGS,
  isReSpace as $isReSpace,
  mark as $mark,
} from './char-flags.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const FIELD_LABEL_LAST = $FIELD_LABEL_LAST;
const FLAGS = $FLAGS;
const isReSpace = $isReSpace;
const mark = $mark;

// The label of the field that follows a name in a record line: "张三，身份证 1101...". The
// pattern (run on the eight characters before the field) is the reference; fieldLabelBefore
// finds the same match without running it.
/** @internal */
export const FIELD_LABEL =
  /(?:联系电话|聯繫電話|联系方式|電話號碼|电话号码|手机号码|手機號碼|手机号|电话|電話|手机|手機|座机|固话|身份证号码|身份证号|身份證號碼|身份证|身份證|证件号码|证件号|护照号码|护照|護照|港澳通行证|通行证|台胞证|邮箱|郵箱|电子邮箱|email|e-mail|tel|phone|mobile|卡号|银行卡号|银行卡)\s*[:：]?\s*$/i;
// the labels by their last character, longest first; the class bit is read first (a byte per
// finding instead of a Map lookup where no label can end)
const LABELS_BY_LAST = new Map<number, string[]>();
for (const w of FIELD_LABEL.source.slice(3, FIELD_LABEL.source.indexOf(')')).split('|')) {
  const k = w.charCodeAt(w.length - 1);
  const list = LABELS_BY_LAST.get(k) ?? [];
  list.push(w);
  list.sort((x, y) => y.length - x.length);
  LABELS_BY_LAST.set(k, list);
  mark(FIELD_LABEL_LAST, [w.slice(-1), w.slice(-1).toUpperCase()]);
}

function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/** `w` (lower-case) at `s`, ASCII letters compared without case. */
function labelAt(t: string, s: number, w: string): boolean {
  for (let k = 0; k < w.length; k++) if (lowerAscii(t.charCodeAt(s + k)) !== w.charCodeAt(k)) return false;
  return true;
}

/**
 * @internal Length of the field label (and the spaces and colon after it) that ends at `p`,
 * looking at most eight characters back, or 0: what FIELD_LABEL matches on those characters.
 * The label must end where the trailing spaces and colon begin, so the match the pattern finds
 * first (the leftmost) is the longest label ending there.
 */
export function fieldLabelBefore(t: string, p: number): number {
  const lo = Math.max(0, p - 8);
  let m = p;
  while (m > lo && isReSpace(t.charCodeAt(m - 1))) m--;
  if (m > lo && (t.charCodeAt(m - 1) === 58 || t.charCodeAt(m - 1) === 0xff1a)) {
    m--;
    while (m > lo && isReSpace(t.charCodeAt(m - 1))) m--;
  }
  if (m === lo) return 0;
  const last = t.charCodeAt(m - 1);
  if ((FLAGS[last]! & FIELD_LABEL_LAST) === 0) return 0;
  return labelEndingAt(t, p, m, lo, last);
}

/**
 * The longest label ending at `m` (its last character `last`) and starting at `lo` or after, as
 * the length to `p`, or 0. Apart from the class-bit test above, so that test stays small enough
 * to inline into the name passes.
 */
function labelEndingAt(t: string, p: number, m: number, lo: number, last: number): number {
  const words = LABELS_BY_LAST.get(lowerAscii(last));
  if (words === undefined) return 0;
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    const s = m - w.length;
    if (s >= lo && labelAt(t, s, w)) return p - s;
  }
  return 0;
}

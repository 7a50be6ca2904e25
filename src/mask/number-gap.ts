// The gap between a label and its number (运单号：A, "orderNo":"A", Order # A, 运单号：\nA): what
// may stand between them, read back from the number, for the readers of the label before a
// number (number-labels.ts, number-after.ts).
import { isLetter as $isLetter } from './number-words.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isLetter = $isLetter;

// what may stand between a label and its number: spaces : ： = " ' # ＃ 为 為 是 係 (Cantonese), the '>' of
// "=>", "->" and an XML tag, '-' of "Order Number - ...", an opening bracket or quote
// ([ 【 ( （ 「 『 《), the backslash of JSON quoted inside a log line (\"orderNo\":\"...) and,
// after a letter, a dot (No.); the '|' of a flat-file record or a wiki table (ORDER|A, | 运单号 |
// A |); the comparisons of a query (mail_no >= A, order_no <= A, waybill_no != A, bag_no <> A)
const GAP: ReadonlySet<number> = new Set(
  [...' \t\u3000\u00a0:：="\'#＃为為是係<>!-[【(（「『《“‘\\|'].map((c) => c.charCodeAt(0)),
);
const MAX_GAP = 8;
// 系, the simplified form of Cantonese 係 (单号就系A, 我电话系A), only after a key's last character
// or a link word: 联系, 关系 and 体系 are words, and 联系 A is a call
const XI = 0x7cfb;
const XI_AFTER: ReadonlySet<number> = new Set(
  [...'号號码碼单單话話机機就都也即'].map((c) => c.charCodeAt(0)),
);

/**
 * @internal Start of the gap (see GAP) that ends at `q`, at most MAX_GAP characters long: where
 * the label of the number at `q` ends, if one does.
 */
export function gapStart(t: string, q: number): number {
  for (let k = 0; q > 0 && k < MAX_GAP; k++) {
    const c = t.charCodeAt(q - 1);
    // a label ending its line with a colon labels the next line (运单号：\n1381...)
    if ((c === 10 || c === 13) && k < 3 && (colonBefore(t, q - 1) || headingBefore(t, q - 1))) {
      q--;
      continue;
    }
    if (
      !(
        GAP.has(c) ||
        (c === 46 && q >= 2 && isLetter(t.charCodeAt(q - 2))) ||
        (c === XI && q >= 2 && XI_AFTER.has(t.charCodeAt(q - 2)))
      )
    )
      break;
    q--;
  }
  return q;
}

/** Whether the line that ends at `q` is a short heading ending in a word (运单号\n1381...). */
function headingBefore(t: string, q: number): boolean {
  if (q > 0 && t.charCodeAt(q - 1) === 13) q--;
  const c = t.charCodeAt(q - 1);
  if (!(isLetter(c) || (c >= 0x3400 && c <= 0x9fff))) return false;
  for (let k = q - 1; k >= 0 && q - k <= 16; k--) if (t.charCodeAt(k) === 10 || k === 0) return true;
  return false;
}

/** Whether a colon ends the text before `q`, after spaces and a carriage return. */
function colonBefore(t: string, q: number): boolean {
  while (q > 0 && (t.charCodeAt(q - 1) === 13 || t.charCodeAt(q - 1) === 32)) q--;
  const c = t.charCodeAt(q - 1);
  return c === 58 || c === 0xff1a;
}

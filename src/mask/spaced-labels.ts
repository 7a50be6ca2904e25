// Labels whose characters OCR or a form's layout spread out with spaces (收 件 人 ：蒋红梅, 姓 名：夏琳):
// read as the label itself when a colon follows, and the name after it as after that label. Only
// the field labels of a waybill's or a form's person are read so (a spaced label is a layout,
// not a sentence), at the 人 or 姓 the scan already lists, so each is one look of a few
// characters.
import { isIdeograph as $isIdeograph, isReSpace as $isReSpace } from './char-flags.js';
import { colonFrom as $colonFrom, spacesFrom as $spacesFrom } from './context-at.js';

// imports as local bindings: where modules are loaded as CommonJS (tsx from a CommonJS script)
// or by vitest, an imported binding is read through an accessor call
const isCjk = $isIdeograph;
const isReSpace = $isReSpace;
const colonFrom = $colonFrom;
const spacesFrom = $spacesFrom;

// the first two characters of the person labels of a waybill, a pickup slip or a form (…人)
const ROLE_HEADS = new Set(
  '收件 寄件 发件 發件 收货 收貨 发货 發貨 联系 聯繫 聯絡 签收 簽收 取件 提货 提貨 代收 托运 託運 经办 經辦'.split(
    ' ',
  ),
);

/** A space between the characters of a spread-out label: one U+0020 or U+3000. */
function gap(c: number): boolean {
  return c === 32 || c === 0x3000;
}

/**
 * @internal Where the name after a spread-out person label at `p` starts (收 件 人 ： with `p` at
 * 人, 姓 名： with `p` at 姓), past its colon and spaces; -1 when no such label with a colon is
 * there.
 */
export function spacedLabelEnd(t: string, p: number): number {
  const c = t.charCodeAt(p);
  let q: number;
  if (c === 0x4eba) {
    // 人, two characters before it, each followed by one space
    if (p < 4 || !gap(t.charCodeAt(p - 1)) || !gap(t.charCodeAt(p - 3))) return -1;
    if (!ROLE_HEADS.has(t[p - 4]! + t[p - 2]!)) return -1;
    q = p + 1;
  } else if (c === 0x59d3) {
    // 姓, one space, 名
    if (!gap(t.charCodeAt(p + 1)) || t.charCodeAt(p + 2) !== 0x540d) return -1;
    q = p + 3;
  } else return -1;
  const s = spacesFrom(t, q);
  const colon = t.charCodeAt(s);
  if (colon !== 58 && colon !== 0xff1a) return -1;
  const i = colonFrom(t, s);
  return i < t.length && isCjk(t.charCodeAt(i)) && !isReSpace(t.charCodeAt(i)) ? i : -1;
}

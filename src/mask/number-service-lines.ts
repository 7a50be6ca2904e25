// A company's or a shop's line, not a person's phone: a number the text presents as an
// organisation's line (Customer service hotline: +1 888 555 0172, our office hotline +84 28 3822
// 4107, 客服热线 +852 2123 4567, Switchboard +44 20 …), or a toll-free number (North American
// 800/833/844/855/866/877/888, UK 0800/0808, Australian 1800/1300) that nothing ties to a person
// (for duties call FedEx at 1 888 555 0172). The line's word must stand right before the number,
// with nothing between them but a colon, a bracket or a few words that lead to a number (number,
// tel, is, on, at, call, 电话, 是 …): a name, a role or any other word between (Front desk: Amy
// Wong +852 …, 客服小王 …) makes the number that person's. Words that name a place of work and
// not a line (office, branch, reception, front desk, 客服 alone) are no such word: people give
// their own number after them. A mainland mobile is never taken (a small shop's 客服 is often the
// owner's own phone) unless it is written as a North American number, nor a number with a
// person's word before it (call me on, the courier's number, my mobile). Reads at most 64
// characters before the number, on its line.

/** How far before the number its line's word may be. */
const BACK = 64;

// the words that name an organisation's line (lower-cased text): its hotline, its customer
// service line, its switchboard
const LINE_WORD =
  /hotline|(?<![a-z])switchboard(?![a-z])|help ?line|help ?desk|customer (?:service|care|support|hotline|cent(?:re|er))|service (?:line|hotline|desk|cent(?:re|er))|support (?:line|desk|team)|call cent(?:re|er)|contact cent(?:re|er)|toll[- ]?free|freephone|客服热线|客服熱線|客服电话|客服電話|客服专线|客服專線|热线|熱線|服务电话|服務電話|服务专线|服務專線|售后电话|售後電話|全国统一|全國統一/g;
// what may stand between the line's word and its number (lower-cased): marks, and words that
// lead to a number (Customer service is on …, hotline number: …, 客服热线电话是 …)
const LINE_GAP =
  /^(?:[\s:：,，.()（）#+-]|number|no|tel|phone|line|is|on|at|call|us|dial|电话|電話|号码|號碼|是|为|為|请拨打|請撥打|拨打|撥打)*$/;
// a person's word before the number: the number is theirs
const PERSON_WORD =
  /(?<![a-z])(?:me|my|i|his|her|courier|courier's|driver|driver's|rider|agent|mobile|cell|whatsapp|personal|direct)(?![a-z])|快递员|快遞員|小哥|师傅|師傅|本人|我|手机|手機|个人|個人/;

/**
 * Whether the digits of t[s, e) (its + and separators dropped, at most 16 read) are a mainland
 * mobile, after 0086 or 86 or none. Read in place: every phone found comes here.
 */
function mainlandMobile(t: string, s: number, e: number): boolean {
  // the first six digits, and how many there are
  let n = 0;
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let d4 = 0;
  let d5 = 0;
  for (let k = s; k < e && n < 16; k++) {
    const c = t.charCodeAt(k);
    if (c < 48 || c > 57) continue;
    if (n === 0) d0 = c;
    else if (n === 1) d1 = c;
    else if (n === 2) d2 = c;
    else if (n === 3) d3 = c;
    else if (n === 4) d4 = c;
    else if (n === 5) d5 = c;
    n++;
  }
  // (0 is 48, 1 is 49, 3 is 51, 6 is 54, 8 is 56)
  if (n === 15 && d0 === 48 && d1 === 48 && d2 === 56 && d3 === 54) return d4 === 49 && d5 >= 51;
  if (n === 13 && d0 === 56 && d1 === 54) return d2 === 49 && d3 >= 51;
  return n === 11 && d0 === 49 && d1 >= 51;
}

/** Whether the digits `d` (with their country code) are a toll-free number. */
function tollFree(d: string): boolean {
  const nanp = d.length === 11 && d.charCodeAt(0) === 49 ? d.slice(1) : d.length === 10 ? d : '';
  if (nanp !== '' && nanp.charCodeAt(0) === 56 && /^8(?:00|33|44|55|66|77|88)/.test(nanp)) return true;
  if (/^(?:44|0)80[08]\d{6,7}$/.test(d)) return true;
  return /^(?:61)?1[38]00\d{6}$/.test(d);
}

// the digit groups of a North American number written in groups (1 800 555 0199)
const NANP_GROUPS = [1, 3, 3, 4];

/**
 * Whether t[s, e) is written as a North American number: after +1 (the '+' may stand before the
 * span) or in its groups, 1 800 555 0199 or 1-800-555-0199 (a mainland mobile is grouped 3-4-4).
 */
function northAmerican(t: string, s: number, e: number): boolean {
  const p = t.charCodeAt(s) === 43 ? s + 1 : s;
  if (p > 0 && t.charCodeAt(p - 1) === 43) return t.charCodeAt(p) === 49;
  // the digit groups must be 1, 3, 3 and 4 long, in that order, and no more
  let g = 0;
  let n = 0;
  for (let k = s; k <= e; k++) {
    const c = k < e ? t.charCodeAt(k) : 32;
    if (c >= 48 && c <= 57) n++;
    else if (n > 0) {
      if (g > 3 || n !== NANP_GROUPS[g]) return false;
      g++;
      n = 0;
    }
  }
  return g === 4;
}

/** @internal Whether the phone t[s, e) is an organisation's line (see the file's head). */
export function serviceLine(t: string, s: number, e: number): boolean {
  if (mainlandMobile(t, s, e) && !northAmerican(t, s, e)) return false;
  let d = '';
  for (let k = s; k < e && d.length < 16; k++) {
    const c = t.charCodeAt(k);
    if (c >= 48 && c <= 57) d += String.fromCharCode(c);
  }
  let a = s;
  while (a > 0 && s - a < BACK && t.charCodeAt(a - 1) !== 10) a--;
  const before = t.slice(a, s).toLowerCase();
  // the last line word before the number: what stands between it and the number decides
  let end = -1;
  LINE_WORD.lastIndex = 0;
  for (let m = LINE_WORD.exec(before); m !== null; m = LINE_WORD.exec(before)) end = m.index + m[0].length;
  if (end !== -1) return LINE_GAP.test(before.slice(end)) && !PERSON_WORD.test(before.slice(end));
  return tollFree(d) && !PERSON_WORD.test(before);
}

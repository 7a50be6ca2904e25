// Emails written so that a filter or a crawler does not see them: zhangwei at 163 dot com,
// li.ming [at] gmail [dot] com, wang(at)qq.com, ops（at）corp.example.cn, chen @ outlook.com,
// 12345678@qq。com, ming#163.com. Found at each written-out "at" (a bracketed at, a spaced at or
// '@', a '#' before a mail provider), with a bounded read of the local part before it (64
// characters) and of the domain after it (at most five labels), so the text is read once.
import { isAsciiAlnum as $isAsciiAlnum, isAsciiLetter as $isAsciiLetter } from './char-flags.js';
import type { Candidate } from './detect-numbers.js';
import { isLocalChar as $isLocalChar } from './number-bounds.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isAlnum = $isAsciiAlnum;
const isLetter = $isAsciiLetter;
const isLocalChar = $isLocalChar;

// mail providers people give an address at (the first label of the domain): with these, a bare
// "at" or a '#' for '@' is an email; with another domain, "at" is a place (log in at example.com)
const PROVIDERS = new Set(
  'qq 163 126 139 189 yeah sina sohu foxmail aliyun gmail googlemail outlook hotmail live msn yahoo icloud me mac proton protonmail yandex naver hanmail'.split(
    ' ',
  ),
);
// words before a spaced "at" that are no local part (email us at help.example.com names a site,
// look at qq.com a page)
const NOT_LOCAL = new Set(
  'us me him her them it we you i is am are was were be or and the this that home work office site www here there look looking see check visit log sign find found buy bought shop order ordered sold pay paid arrived arrive meet stay live available'.split(
    ' ',
  ),
);
// what says a mail address follows (email me at …, 邮箱 …)
const MAIL_CUE = /(?:e-?mail|mail|邮箱|郵箱|电邮|電郵|邮件|郵件)/i;

// the written-out '@' forms that a text is searched for (each as written, and in capitals)
const AT_FORMS = [
  '[at]',
  '(at)',
  '（at）',
  '（AT）',
  '{at}',
  '<at>',
  ' at ',
  '[AT]',
  '(AT)',
  '{AT}',
  '<AT>',
  ' AT ',
  '#',
];

const AT_SEARCH = new RegExp(AT_FORMS.map((f) => f.replace(/[[\](){}]/g, '\\$&')).join('|'), 'g');

/** A dot written out at `k`: its end, or -1 ('.', '。', ' dot ', '[dot]', '(dot)', ' . '). */
function dotAt(t: string, k: number): { end: number; odd: boolean } | undefined {
  const c = t.charCodeAt(k);
  if (c === 46) return { end: k + 1, odd: false };
  if (c === 0x3002 || c === 0xff0e || c === 0xff61) return { end: k + 1, odd: true };
  let q = k;
  if (c === 32) q++;
  const d = t.charCodeAt(q);
  if (d === 46 && t.charCodeAt(q + 1) === 32) return { end: q + 2, odd: true };
  const word = t.slice(q, q + 5).toLowerCase();
  if (word === '[dot]' || word === '(dot)' || word === '{dot}') {
    const e = q + 5;
    return { end: t.charCodeAt(e) === 32 ? e + 1 : e, odd: true };
  }
  if (c === 32 && word.startsWith('dot ')) return { end: q + 4, odd: true };
  return undefined;
}

/** The domain read from `k`: [end, whether a dot was written out, first label], or undefined. */
function domainFrom(t: string, k: number): [number, boolean, string] | undefined {
  let odd = false;
  let first = '';
  let labels = 0;
  let lastStart = k;
  let q = k;
  let end = -1;
  while (labels < 5) {
    const s = q;
    while (q < t.length && q - s < 63 && (isAlnum(t.charCodeAt(q)) || t.charCodeAt(q) === 45)) q++;
    if (q === s || t.charCodeAt(s) === 45 || t.charCodeAt(q - 1) === 45) return undefined;
    if (labels === 0) first = t.slice(s, q).toLowerCase();
    labels++;
    lastStart = s;
    if (labels >= 2) end = q;
    const dot = dotAt(t, q);
    // a dot ends the domain where no label follows it (… qq.com. Thanks)
    if (dot === undefined || !isAlnum(t.charCodeAt(dot.end))) break;
    odd ||= dot.odd;
    q = dot.end;
  }
  if (end === -1 || isAlnum(t.charCodeAt(end)) || t.charCodeAt(end) === 64) return undefined;
  // the top-level label: letters only, 2-10 of them
  if (end - lastStart < 2 || end - lastStart > 10) return undefined;
  for (let k2 = lastStart; k2 < end; k2++) if (!isLetter(t.charCodeAt(k2))) return undefined;
  return [end, odd, first];
}

/** The start of the local part that ends at `e`, or -1 (1-64 characters, not starting with a dot). */
function localStart(t: string, e: number): number {
  let s = e;
  const lo = Math.max(0, e - 65);
  while (s > lo && isLocalChar(t.charCodeAt(s - 1))) s--;
  if (s === e || e - s > 64 || !isAlnum(t.charCodeAt(s)) || t.charCodeAt(e - 1) === 46) return -1;
  // a local part glued to a '@' or a star (an address already masked) is not one
  const b = t.charCodeAt(s - 1);
  return b === 64 || b === 42 ? -1 : s;
}

/** Whether a mail word is in the 24 characters before `s`. */
function mailCueBefore(t: string, s: number): boolean {
  return MAIL_CUE.test(t.slice(Math.max(0, s - 24), s));
}

/** Adds the email whose '@' is written as t[a, b) (`form` as searched), if one is there. */
function emailAround(t: string, a: number, b: number, form: string, out: Candidate[]): void {
  let le = a;
  // a bracketed at may have a space on either side (li.ming [at] gmail [dot] com)
  if (form.length === 4 && t.charCodeAt(le - 1) === 32) le--;
  let ds = b;
  if (form.length === 4 && t.charCodeAt(ds) === 32) ds++;
  const s = localStart(t, le);
  if (s === -1) return;
  const domain = domainFrom(t, ds);
  if (domain === undefined) return;
  const [e, odd, first] = domain;
  const provider = PROVIDERS.has(first);
  if (form === '#') {
    if (!provider) return;
  } else if (form.trim().length === 2) {
    // a spaced at: an address where the domain is a mail provider's, the dot is written out too,
    // or a mail word comes before it; never after a pronoun (email us at help.example.com)
    if (NOT_LOCAL.has(t.slice(s, le).toLowerCase())) return;
    if (!provider && !odd && !mailCueBefore(t, s)) return;
  }
  out.push({ kind: 'email', start: s, end: e, confidence: 0.85 });
}

/** Whether the run of letters, digits, '.' and '-' from `k` ends where a written-out dot may start. */
function oddDotAfter(t: string, k: number): boolean {
  let q = k;
  while (q < t.length && q - k < 320) {
    const c = t.charCodeAt(q);
    if (!(isAlnum(c) || c === 45 || c === 46)) break;
    q++;
  }
  const c = t.charCodeAt(q);
  return c === 32 || c === 91 || c === 40 || c === 123 || c === 0x3002 || c === 0xff0e || c === 0xff61;
}

/** '@' at `p` with a space on either side, or a domain whose dot is written out (… @163。com). */
function spacedAt(t: string, p: number, out: Candidate[]): void {
  const before = t.charCodeAt(p - 1) === 32;
  const after = t.charCodeAt(p + 1) === 32;
  // a plain address (no space at the '@') is this reader's only with a dot written out, which
  // stands where the run of the domain's letters, digits, '.' and '-' ends
  if (!before && !after && !oddDotAfter(t, p + 1)) return;
  const s = localStart(t, before ? p - 1 : p);
  if (s === -1) return;
  const domain = domainFrom(t, after ? p + 2 : p + 1);
  if (domain === undefined) return;
  // a plain address is the email pattern's (emails in detect-number-context.ts)
  if (!before && !after && !domain[1]) return;
  out.push({ kind: 'email', start: s, end: domain[0], confidence: 0.85 });
}

/**
 * @internal Emails written out (at, [at], (at), a spaced '@', dot, [dot], 。), at the '@'s the scan
 * listed (`at`, `nAt`) and at each written-out at the text has.
 */
export function obfuscatedEmails(t: string, at: Int32Array, nAt: number, out: Candidate[]): void {
  for (let k = 0; k < nAt; k++) spacedAt(t, at[k]!, out);
  // one search for every form (a text with none is read once, natively); each match is read
  // from its start, and the search goes on one character later, as forms may share a space
  // (most texts have no "at" in either case and no '#': three native searches settle it)
  if (t.indexOf('at') === -1 && t.indexOf('AT') === -1 && t.indexOf('#') === -1) return;
  AT_SEARCH.lastIndex = 0;
  for (let m = AT_SEARCH.exec(t); m !== null; m = AT_SEARCH.exec(t)) {
    const p = m.index;
    emailAround(t, p, p + m[0].length, m[0], out);
    AT_SEARCH.lastIndex = p + 1;
  }
}

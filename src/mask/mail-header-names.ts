// The person of a mail header line written without an address: `From: Priya Nair`, `To: 郑雅琴`,
// as mail clients quote a message (Outlook's "From: / Sent: / To: / Subject:", 发件人 / 发送时间 /
// 收件人 / 主题) and people paste it into a ticket. A header's value is a person, a team or a
// service; what says "header" is the block: the line starts with From, To, Cc, Bcc, Reply-To
// (发件人, 收件人, 抄送, 密送) and its colon, and the header lines next to it (at most three either
// side) include one only a mail has (Sent, Subject, Cc, 发送时间, 主题 …; a shipment's From, To and
// Date are a route's, not a mail's). The whole value (or one of its `;`-separated parts) must
// read as a person: capitalized words with no team, desk or company word (mail-names.ts's
// personWords: not `From: Shenzhen Hub`, `From: Customer Service`), or a Chinese name filling
// it. A display name before `<address>` is mail-names.ts's. Each colon the scan lists costs a
// label check; only a header label's line and its neighbours (at most MAX_LINE characters each)
// are read.
import { isIdeograph as $isIdeograph } from './char-flags.js';
import type { Candidate } from './detect-numbers.js';
import { personWords as $personWords } from './mail-names.js';
import { personLike as $personLike } from './addressed-names.js';
import { chineseNameEnd as $chineseNameEnd } from './name-shape.js';
import { pushName as $pushName, taken as $taken } from './name-findings.js';
import type { Scan } from './scan.js';

// imports as local bindings, read per character (see detect-number-context.ts)
const isCjk = $isIdeograph;
const personWords = $personWords;
const personLike = $personLike;
const chineseNameEnd = $chineseNameEnd;
const pushName = $pushName;
const taken = $taken;

/** the longest header line read */
const MAX_LINE = 200;

// labels whose value is a mailbox (a person, a team, a service), lower-cased
const ADDRESS_LABELS: ReadonlySet<string> = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'sender',
  '发件人',
  '收件人',
  '抄送',
  '密送',
  '寄件者',
  '收件者',
  '副本',
]);
// the labels only a mail's header has (a shipment's record has From, To and Date too: a route
// `From: Shenzhen / To: Hong Kong / Date: …` is no mail)
const MAIL_LABELS: ReadonlySet<string> = new Set([
  'sent',
  'subject',
  'cc',
  'bcc',
  'reply-to',
  'importance',
  '发送时间',
  '发件时间',
  '主题',
  '主旨',
  '抄送',
  '密送',
  '傳送時間',
  '寄件日期',
  '副本',
]);
// the other labels of a header block
const OTHER_LABELS: ReadonlySet<string> = new Set(['date', 'time', '时间', '日期']);
/** how many header lines either side of an address line are looked at for a mail's label */
const BLOCK_REACH = 3;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0x3000;
}

/** Start of the line that holds `p` (after a quote's `>` and spaces), or -1 if longer than MAX_LINE. */
function lineStart(t: string, p: number): number {
  let s = p;
  while (s > 0 && p - s < MAX_LINE && t.charCodeAt(s - 1) !== 10) s--;
  if (s > 0 && t.charCodeAt(s - 1) !== 10) return -1;
  while (s < p && (isSpace(t.charCodeAt(s)) || t.charCodeAt(s) === 62)) s++;
  return s;
}

/** The label from `s` up to the colon at `p`, lower-cased, when it is short (a header's label). */
function labelOf(t: string, s: number, p: number): string | undefined {
  let e = p;
  while (e > s && isSpace(t.charCodeAt(e - 1))) e--;
  if (e - s < 2 || e - s > 12) return undefined;
  return t.slice(s, e).toLowerCase();
}

/**
 * What the line starting at `s` (after `>` and spaces) is: 2 a header line with a mail's own label
 * (Sent:, Subject:, 主题：), 1 another header line (From:, To:, Date:), 0 no header line.
 */
function headerLineAt(t: string, s: number): number {
  while (s < t.length && (isSpace(t.charCodeAt(s)) || t.charCodeAt(s) === 62)) s++;
  const cap = Math.min(t.length, s + 14);
  for (let q = s; q < cap; q++) {
    const c = t.charCodeAt(q);
    if (c === 58 || c === 0xff1a) {
      const label = labelOf(t, s, q);
      if (label === undefined) return 0;
      if (MAIL_LABELS.has(label)) return 2;
      return ADDRESS_LABELS.has(label) || OTHER_LABELS.has(label) ? 1 : 0;
    }
    if (c === 10) return 0;
  }
  return 0;
}

/** End of the line that starts at `s` (its '\n' or the text's end), or -1 past MAX_LINE. */
function lineEnd(t: string, s: number): number {
  const cap = Math.min(t.length, s + MAX_LINE);
  let e = s;
  while (e < cap && t.charCodeAt(e) !== 10) e++;
  return e === cap && e < t.length ? -1 : e;
}

/**
 * Whether the header lines next to the line t[s, e) (contiguous, at most BLOCK_REACH either side)
 * include one with a mail's own label.
 */
function inMailBlock(t: string, s: number, e: number): boolean {
  let q = e;
  for (let k = 0; k < BLOCK_REACH && q < t.length; k++) {
    const kind = headerLineAt(t, q + 1);
    if (kind === 2) return true;
    if (kind === 0) break;
    q = lineEnd(t, q + 1);
    if (q === -1) break;
  }
  let b = s;
  for (let k = 0; k < BLOCK_REACH; k++) {
    while (b > 0 && t.charCodeAt(b - 1) !== 10) b--;
    if (b === 0) return false;
    b = lineStart(t, b - 1);
    if (b === -1) return false;
    const kind = headerLineAt(t, b);
    if (kind === 2) return true;
    if (kind === 0) return false;
  }
  return false;
}

/** A person filling t[s, e) (spaces trimmed): a Chinese name or capitalized words of a person. */
function personIn(t: string, s: number, e: number, out: Candidate[]): void {
  while (s < e && isSpace(t.charCodeAt(s))) s++;
  while (e > s && isSpace(t.charCodeAt(e - 1))) e--;
  // an address with it is the display name's rule (mail-names.ts); an address alone is no name
  const m = t.indexOf(' [mailto:', s);
  if (m !== -1 && m < e) e = m;
  if (e - s < 2 || taken(s, e)) return;
  for (let k = s; k < e; k++) {
    const c = t.charCodeAt(k);
    if (c === 60 || c === 64 || c === 42) return; // < @ and a masked value's *
  }
  if (isCjk(t.charCodeAt(s))) {
    if (chineseNameEnd(t, s, true) === e && personLike(t, s, e)) pushName(out, s, e, 0.8);
    return;
  }
  if (personWords(t.slice(s, e).split(/ +/))) pushName(out, s, e, 0.8);
}

/**
 * @internal The persons of the mail header lines (From:, To:, Cc:, 发件人：…) whose colons the
 * scan listed, where the line is in a header block (see the file's comment).
 */
export function mailHeaderNames(t: string, sc: Scan, out: Candidate[]): void {
  if (sc.lines < 2) return;
  for (let k = 0; k < sc.kv.n; k++) {
    const p = sc.kv.buf[k]!;
    const c = t.charCodeAt(p);
    if (c !== 58 && c !== 0xff1a) continue;
    const s = lineStart(t, p);
    if (s === -1 || p - s > 12) continue;
    const label = labelOf(t, s, p);
    if (label === undefined || !ADDRESS_LABELS.has(label)) continue;
    let e = p + 1;
    const cap = Math.min(t.length, p + MAX_LINE);
    while (e < cap && t.charCodeAt(e) !== 10) e++;
    if (e === cap && e < t.length) continue;
    const end = e > p + 1 && t.charCodeAt(e - 1) === 13 ? e - 1 : e;
    if (!inMailBlock(t, s, e)) continue;
    // the value's parts: addresses are separated by ';'
    let a = p + 1;
    for (let q = a; q <= end; q++) {
      if (q === end || t.charCodeAt(q) === 59 || t.charCodeAt(q) === 0xff1b) {
        personIn(t, a, q, out);
        a = q + 1;
      }
    }
  }
}

// Digits a caller keyed in on an IVR (a voice menu): call-centre transcripts and IVR logs write
// the prompt, then what the keypad sent (请输入您的运单号，以井号键结束。按键记录：A#, 收号：A,
// DTMF: A). The digits are what the prompt asked for: a waybill, an order or a ticket when it
// asked for one of those and named no personal data anywhere between the prompt and the digits
// (请输入运单号或手机号 … keeps the phone), a phone when it asked for a phone (every unlabelled
// number is one already). Each check reads one label back from the number and at most
// PROMPT_REACH characters before it.
import {
  isSpace as $isSpace,
  personalEndingAt as $personalEndingAt,
  personalSoonAfter as $personalSoonAfter,
  wordBefore as $wordBefore,
  words,
} from './number-words.js';
import { keyEndingAt as $keyEndingAt } from './structured-keys.js';

// imports as local bindings, read per character: where modules are loaded as CommonJS (tsx from
// a CommonJS script) or by vitest, an imported binding is read through an accessor call
const isSpace = $isSpace;
const personalEndingAt = $personalEndingAt;
const personalSoonAfter = $personalSoonAfter;
const wordBefore = $wordBefore;
const keyEndingAt = $keyEndingAt;

// what an IVR log or a transcript writes before the digits a caller keyed in (longest first)
const KEYPAD = words([
  '按键记录',
  '按键输入',
  '用户按键',
  '客户按键',
  '来电按键',
  '按鍵記錄',
  '按鍵輸入',
  '输入记录',
  '收号结果',
  '收号',
  'keypad input',
  'keys pressed',
  'digits entered',
  'dtmf input',
  'dtmf',
]);
// the prompt that asks a caller to key something in
const PROMPTS = words(['请输入', '請輸入', '请键入', '请按键输入', 'please enter', 'enter your']);
// what ends the prompt's request: the key it asks for stands right before one of these
const PROMPT_STOPS: ReadonlySet<number> = new Set([...'，,。.；;！!？?\n#＃'].map((c) => c.charCodeAt(0)));
const PROMPT_REACH = 80;
const ASK_MAX = 24;

/** Start of the keypad label (按键记录, DTMF …) before the number at `s`, over `:` and spaces, or -1. */
function keypadBefore(t: string, s: number): number {
  let q = s;
  while (q > 0 && s - q < 3) {
    const c = t.charCodeAt(q - 1);
    if (!isSpace(c) && c !== 58 && c !== 0xff1a && c !== 61) break;
    q--;
  }
  return q === s ? -1 : wordBefore(t, q, KEYPAD);
}

/** End of the first prompt word that starts within PROMPT_REACH before `end`, or -1. */
function promptBefore(t: string, end: number): number {
  for (let k = end - 1; k >= 0 && end - k <= PROMPT_REACH; k--) {
    const c0 = t.charCodeAt(k);
    const c = c0 === 0x8bf7 || c0 === 0x8acb ? c0 : c0 | 32;
    // (请, 請, p, e: the first characters of the prompts)
    if (c !== 0x8bf7 && c !== 0x8acb && c !== 112 && c !== 101) continue;
    for (const w of PROMPTS.first.get(c) ?? []) {
      const e = k + w.length;
      if (e <= end && wordBefore(t, e, PROMPTS) === k) return e;
    }
  }
  return -1;
}

/**
 * @internal Where the evidence starts when the number at `s` is what an IVR prompt asked to key
 * in and the prompt asked for a waybill, an order or another thing's number (see the file
 * comment), else -1.
 */
export function keypadLabel(t: string, s: number): number {
  const label = keypadBefore(t, s);
  if (label === -1) return -1;
  const p = promptBefore(t, label);
  if (p === -1) return -1;
  // the key the prompt asks for, before the first stop after the prompt word (请输入订单号后按#)
  let thing = false;
  for (let a = p + 1; a <= label && a - p <= ASK_MAX && !PROMPT_STOPS.has(t.charCodeAt(a - 1)); a++) {
    const key = keyEndingAt(t, a);
    if (key !== undefined && key.kind === 'negative' && key.start >= p) thing = true;
  }
  if (!thing) return -1;
  // nothing from the prompt to the digits names personal data or someone to call
  for (let k = p + 1; k <= label; k++) if (personalEndingAt(t, k, p)) return -1;
  let e = s;
  while (e < t.length && e - s < 20 && t.charCodeAt(e) >= 48 && t.charCodeAt(e) <= 57) e++;
  return personalSoonAfter(t, e) ? -1 : p;
}

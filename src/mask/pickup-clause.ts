// A verification code or a password is a pickup code when its clause is about collecting a
// parcel: Taiwanese and Hong Kong store-pickup and locker notices (7-ELEVEN, 全家, 萊爾富, 順豐
// lockers) name the code only 驗證碼 or 密碼 (您的包裹已到信義門市，驗證碼 386204；已存入快遞櫃，
// 密碼 1234), while the same word in a login or payment message is not one (登入驗證碼 123456).
// Read in a bounded window around the word: the clause up to a sentence end, at most 96
// characters before the word and 40 after the code.
import { isAsciiLetter as $isAsciiLetter } from './char-flags.js';

const isAsciiLetter = $isAsciiLetter;

/** @internal the words that name a pickup code only in a pickup clause */
export const CLAUSE_WORDS = ['验证码', '驗證碼', '驗証碼', '密码', '密碼'];

const BACK = 96;
const AHEAD = 40;

// what a clause about collecting a parcel says: collecting, the store or locker it waits in,
// its arrival (case is ignored for the Latin words)
const PICKUP_CLAUSE =
  /取件|取貨|取货|提货|提貨|領取|领取|領件|领件|領貨|领货|自提|門市|门市|驿站|驛站|快递柜|快遞櫃|快递箱|智能柜|智能櫃|丰巢|豐巢|店到店|超商|便利店|便利商店|包裹|快递|快遞|速遞|pick-?up|locker|parcel|package|collect/i;
// what a login, sign-up, payment or account message says: its code is not a pickup code
const ACCOUNT_CLAUSE =
  /登录|登入|登錄|登陆|登陸|注册|註冊|支付|付款|转账|轉帳|绑定|綁定|修改|重置|找回|实名|實名|身份验证|身份驗證|验证身份|驗證身分|账号|帳號|账户|帳戶|login|log in|sign in|sign-in|signin|sign up|register|password reset/i;

function isSentenceEnd(c: number): boolean {
  return c === 10 || c === 13 || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 33 || c === 63;
}

/**
 * @internal Whether the word at t[w, we) before a code ending at `ce` is in a clause about
 * collecting a parcel and in none about an account: the text from the sentence start (at most
 * 96 characters back) to the sentence end (at most 40 characters after the code). With `masks`,
 * a masked value ('*') ends the clause too: a value masked shorter than it was brings words from
 * beyond it into the window, and redacting the text again must not find more.
 */
export function inPickupClause(t: string, w: number, ce: number, masks = false): boolean {
  let a = w;
  while (
    a > 0 &&
    w - a < BACK &&
    !isSentenceEnd(t.charCodeAt(a - 1)) &&
    !(masks && t.charCodeAt(a - 1) === 42)
  )
    a--;
  let b = ce;
  const cap = Math.min(t.length, ce + AHEAD);
  while (b < cap && !isSentenceEnd(t.charCodeAt(b)) && !(masks && t.charCodeAt(b) === 42)) b++;
  // a Latin word cut by the window is not read
  while (a < w && isAsciiLetter(t.charCodeAt(a)) && a > 0 && isAsciiLetter(t.charCodeAt(a - 1))) a++;
  const clause = t.slice(a, b);
  return PICKUP_CLAUSE.test(clause) && !ACCOUNT_CLAUSE.test(clause);
}

// Email: the first character of the local part stays, the rest of the local part is hidden,
// the domain stays (it names a provider or employer, not the person).
import { assertString } from '../_internal/assert.js';
import { type MaskOptions, keepOf, maskCharOf } from './options.js';
import { hideAll } from './phone.js';

function hasSurrogate(v: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/**
 * Masks an email address: first character of the local part, the rest of the local part
 * hidden, the domain kept (zhang.san@example.com → z********@example.com).
 *
 * @param value - the address
 * @param opts - mask character; `keepStart`/`keepEnd` count local-part characters
 * @returns the masked address, same length as the input
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string or an option is invalid
 * @example
 * ```ts
 * import { maskEmail } from 'courier-pii/mask';
 * console.log(maskEmail('zhang.san@example.com')); // z********@example.com
 * ```
 */
export function maskEmail(value: string, opts?: MaskOptions): string {
  assertString('value', value);
  const ch = maskCharOf(opts);
  const at = value.lastIndexOf('@');
  if (at <= 0) return hideAll(value, ch);
  // the common case, default options and a local part without surrogate pairs: keep its first
  // character (none when it has only one)
  if (opts === undefined && !hasSurrogate(value, at)) {
    return at === 1 ? `*${value.slice(1)}` : value[0] + '*'.repeat(at - 1) + value.slice(at);
  }
  const local = [...value.slice(0, at)];
  let keepStart = keepOf('keepStart', opts, 1);
  let keepEnd = keepOf('keepEnd', opts, 0);
  const n = local.length;
  if (keepStart + keepEnd >= n) {
    keepEnd = Math.max(0, Math.min(keepEnd, n - keepStart - 1));
    keepStart = Math.max(0, Math.min(keepStart, n - 1 - keepEnd));
  }
  let out = '';
  for (let i = 0; i < n; i++) out += i >= keepStart && i < n - keepEnd ? ch : local[i];
  return out + value.slice(at);
}

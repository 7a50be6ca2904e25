// Bank cards: first six (the issuer BIN) and last four digits, spaces kept.
import { assertString } from '../_internal/assert.js';
import { type MaskOptions, isDigitUnit, keepOf, maskCharOf, maskUnits } from './options.js';
import { hideAll } from './phone.js';

/**
 * Masks a bank card number: the first six and last four digits stay, spaces and dashes stay
 * (6222021234567890128 → 622202*********0128). Numbers of 12-14 digits keep four and four,
 * shorter ones only the last four (fewer than eight digits: nothing).
 *
 * @param value - the card number as written
 * @param opts - mask character; `keepStart`/`keepEnd` count digits
 * @returns the masked number, same length as the input
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string or an option is invalid
 * @example
 * ```ts
 * import { maskBankCard } from 'courier-pii/mask';
 * console.log(maskBankCard('6222 0212 3456 7890 128')); // 6222 02** **** ***0 128
 * ```
 */
export function maskBankCard(value: string, opts?: MaskOptions): string {
  assertString('value', value);
  const ch = maskCharOf(opts);
  if (!/^[\s\d*-]+$/.test(value)) return hideAll(value, ch);
  let n = 0;
  for (let i = 0; i < value.length; i++) if (isDigitUnit(value.charCodeAt(i))) n++;
  const ds = n >= 15 ? 6 : n >= 12 ? 4 : 0;
  const de = n >= 8 ? 4 : 0;
  return maskUnits(value, isDigitUnit, keepOf('keepStart', opts, ds), keepOf('keepEnd', opts, de), ch);
}

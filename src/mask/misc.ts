// Maskers for the kinds the convention table does not list: birth dates keep the year, IP
// addresses their network half, device ids their last four characters, pickup codes nothing;
// waybill numbers are not personal data and stay.
import { assertString } from '../_internal/assert.js';
import { type MaskOptions, isAlnumUnit, isDigitUnit, keepOf, maskCharOf, maskUnits } from './options.js';
import { hideAll } from './phone.js';
import { normalizeForDetection } from './normalize-text.js';

// digits of other scripts and hidden characters are read as detection reads them
// (normalizeForDetection): a masker that counts ASCII digits must not pass 取件码８-２-１０３３ or
// １９２.１６８.１.２０ through in clear
const readable = normalizeForDetection;

/**
 * Masks a birth date, keeping the year (1990-03-07 → 1990-**-**).
 *
 * @param value - the date as written (digits of the year first)
 * @param opts - mask character; `keepStart` counts digits (default 4)
 * @returns the masked date, a character for each of the input's (digits of other scripts are
 *   read, and written, as ASCII digits; hidden characters are dropped)
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string or an option is invalid
 * @example
 * ```ts
 * import { maskBirthDate } from 'courier-pii/mask';
 * console.log(maskBirthDate('1990-03-07')); // 1990-**-**
 * ```
 */
export function maskBirthDate(value: string, opts?: MaskOptions): string {
  assertString('value', value);
  const ch = maskCharOf(opts);
  value = readable(value);
  if (!/^\d{4}/.test(value)) return hideAll(value, ch);
  return maskUnits(value, isDigitUnit, keepOf('keepStart', opts, 4), keepOf('keepEnd', opts, 0), ch);
}

/**
 * Masks an IP address, keeping the first two octets of IPv4 (192.168.1.23 → 192.168.*.**) or
 * the first two groups of IPv6; one mask character per hidden digit.
 *
 * @param value - the address
 * @param opts - mask character
 * @returns the masked address, a character for each of the input's (digits of other scripts
 *   are read, and written, as ASCII digits; hidden characters are dropped)
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string or an option is invalid
 * @example
 * ```ts
 * import { maskIp } from 'courier-pii/mask';
 * console.log(maskIp('192.168.1.23')); // 192.168.*.**
 * ```
 */
export function maskIp(value: string, opts?: MaskOptions): string {
  assertString('value', value);
  const ch = maskCharOf(opts);
  value = readable(value);
  const sep = value.includes(':') ? ':' : '.';
  const parts = value.split(sep);
  if (parts.length < 3) return hideAll(value, ch);
  return parts.map((p, i) => (i < 2 ? p : p.replace(/[0-9a-zA-Z]/g, ch))).join(sep);
}

/**
 * Masks a device identifier (IMEI, IDFA, Android id), keeping its last four letters or digits.
 *
 * @param value - the identifier
 * @param opts - mask character; `keepStart`/`keepEnd` count letters and digits
 * @returns the masked identifier, a character for each of the input's (digits of other scripts
 *   are read, and written, as ASCII digits; hidden characters are dropped)
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string or an option is invalid
 * @example
 * ```ts
 * import { maskDeviceId } from 'courier-pii/mask';
 * console.log(maskDeviceId('490154203237518')); // ***********7518
 * ```
 */
export function maskDeviceId(value: string, opts?: MaskOptions): string {
  return maskAlnum(value, opts, 4);
}

/**
 * Masks a pickup code completely, keeping its separators (3-2-1234 → *-*-****): the code opens
 * a locker or shelf, so no part of it is shown.
 *
 * @param value - the code
 * @param opts - mask character; `keepStart`/`keepEnd` count letters and digits (default 0)
 * @returns the masked code, a character for each of the input's (digits of other scripts are
 *   read as ASCII digits, so ８-２-１０３３ is *-*-****; hidden characters are dropped)
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string or an option is invalid
 * @example
 * ```ts
 * import { maskPickupCode } from 'courier-pii/mask';
 * console.log(maskPickupCode('3-2-1234')); // *-*-****
 * ```
 */
export function maskPickupCode(value: string, opts?: MaskOptions): string {
  return maskAlnum(value, opts, 0);
}

/** `value`'s letters and digits hidden but `keepStart` (default 0) and `keepEnd` (default `keepEnd`) of them. */
function maskAlnum(value: string, opts: MaskOptions | undefined, keepEnd: number): string {
  assertString('value', value);
  const ch = maskCharOf(opts);
  return maskUnits(
    readable(value),
    isAlnumUnit,
    keepOf('keepStart', opts, 0),
    keepOf('keepEnd', opts, keepEnd),
    ch,
  );
}

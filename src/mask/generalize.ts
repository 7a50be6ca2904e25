// Generalization for analytics (GB/T 37964 de-identification by coarsening): keep what a report
// needs (year, age band, district, ~1 km grid) and nothing finer.
import { assertString } from '../_internal/assert.js';
import { PiiError } from '../errors.js';
import { residentIdProblem } from '../schema/index.js';
import { maskAddress } from './address.js';
import { truncateCoordinate } from './geo.js';
import { checkOptions } from '../_internal/options.js';
import { AGE_BAND_OPTIONS } from './option-names.js';

/** Options for {@link ageBand}. */
export interface AgeBandOptions {
  /** The date ages are computed at (default: now). */
  today?: Date;
  /** Band width in years (default 10: 20-29, 30-39 ...). */
  width?: number;
  /** Ages at or above this are one open band, e.g. `80+` (default 80). */
  cap?: number;
}

function birthParts(value: string): [number, number, number] | undefined {
  const s = value.trim().toUpperCase();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  if (residentIdProblem(s) === undefined) {
    m = s.length === 18 ? /^\d{6}(\d{4})(\d{2})(\d{2})/.exec(s) : /^\d{6}(\d{2})(\d{2})(\d{2})/.exec(s);
    if (m) return [s.length === 18 ? Number(m[1]) : 1900 + Number(m[1]), Number(m[2]), Number(m[3])];
  }
  return undefined;
}

/**
 * The birth year of an ISO birth date or a valid resident ID number.
 *
 * @param value - `YYYY-MM-DD` or a resident ID
 * @returns the year as four digits
 * @throws PiiError INVALID_ARGUMENT when `value` is neither
 * @example
 * ```ts
 * import { birthYear } from 'courier-pii/mask';
 * console.log(birthYear('1990-03-07')); // 1990
 * ```
 */
export function birthYear(value: string): string {
  assertString('value', value);
  const p = birthParts(value);
  if (!p)
    throw new PiiError('INVALID_ARGUMENT', 'value must be an ISO birth date or a valid resident ID number.');
  return String(p[0]);
}

/**
 * The age band (`30-39`, `80+`) of an ISO birth date or a valid resident ID number.
 *
 * @param value - `YYYY-MM-DD` or a resident ID
 * @param opts - reference date, band width, open upper band
 * @returns the band label
 * @throws PiiError INVALID_ARGUMENT when `value` is neither, or an option is invalid
 * @example
 * ```ts
 * import { ageBand } from 'courier-pii/mask';
 * console.log(ageBand('1990-03-07', { today: new Date('2026-01-01') })); // 30-39
 * ```
 */
export function ageBand(value: string, opts: AgeBandOptions = {}): string {
  assertString('value', value);
  checkOptions('ageBand', opts, AGE_BAND_OPTIONS);
  const width = opts.width ?? 10;
  const cap = opts.cap ?? 80;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(cap) || cap < width) {
    throw new PiiError('INVALID_ARGUMENT', 'width must be a positive integer and cap an integer >= width.');
  }
  const p = birthParts(value);
  if (!p)
    throw new PiiError('INVALID_ARGUMENT', 'value must be an ISO birth date or a valid resident ID number.');
  const today = opts.today ?? new Date();
  let age = today.getUTCFullYear() - p[0];
  if (today.getUTCMonth() + 1 < p[1] || (today.getUTCMonth() + 1 === p[1] && today.getUTCDate() < p[2]))
    age--;
  if (age < 0) throw new PiiError('INVALID_ARGUMENT', 'the birth date is after the reference date.');
  if (age >= cap) return `${cap}+`;
  const lo = Math.floor(age / width) * width;
  return `${lo}-${lo + width - 1}`;
}

/**
 * The district (province, city and county-level prefix) of an address, without the street
 * part; an empty string when no administrative division is recognised.
 *
 * @param address - the address
 * @returns e.g. `山东省青岛市市南区`
 * @throws PiiError INVALID_ARGUMENT when `address` is not a string
 * @example
 * ```ts
 * import { district } from 'courier-pii/mask';
 * console.log(district('山东省青岛市市南区香港中路61号')); // 山东省青岛市市南区
 * ```
 */
export function district(address: string): string {
  return maskAddress(address, { addressTail: '' });
}

/** A point in degrees, as `pii.geo()` describes it. */
export interface GeoPoint {
  lat: number;
  lng: number;
}

/**
 * Truncates a point to `decimals` places (default 2, about 1 km).
 *
 * @param point - `{ lat, lng }`
 * @param decimals - places kept (default 2)
 * @returns a new point
 * @throws PiiError INVALID_ARGUMENT when the point has no finite lat and lng
 * @example
 * ```ts
 * import { generalizeGeo } from 'courier-pii/mask';
 * console.log(generalizeGeo({ lat: 30.2875, lng: 120.162 })); // { lat: 30.28, lng: 120.16 }
 * ```
 */
export function generalizeGeo(point: GeoPoint, decimals = 2): GeoPoint {
  if (typeof point !== 'object' || point === null) {
    throw new PiiError('INVALID_ARGUMENT', 'point must be an object with lat and lng.');
  }
  return { lat: truncateCoordinate(point.lat, decimals), lng: truncateCoordinate(point.lng, decimals) };
}

// ISO 8601 durations (PnYnMnWnDTnHnMnS), added in UTC with calendar months and years.
import { PiiError } from '../errors.js';

const RE =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** A parsed ISO 8601 duration. @internal */
export interface Duration {
  years: number;
  months: number;
  days: number;
  ms: number;
}

/** Parses an ISO 8601 duration; throws RETENTION_INVALID naming `name`. @internal */
export function parseDuration(name: string, s: unknown): Duration {
  const m = typeof s === 'string' ? RE.exec(s) : null;
  if (!m)
    throw new PiiError(
      'RETENTION_INVALID',
      `${name} must be an ISO 8601 duration such as P90D, P3Y or PT12H.`,
    );
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  return { years: n(1), months: n(2), days: n(3) * 7 + n(4), ms: ((n(5) * 60 + n(6)) * 60 + n(7)) * 1000 };
}

/** `t` plus the duration, in UTC; month ends clamp (31 Jan + P1M = 28/29 Feb). @internal */
export function addDuration(t: number, d: Duration): number {
  const x = new Date(t);
  const day = x.getUTCDate();
  x.setUTCDate(1);
  x.setUTCFullYear(x.getUTCFullYear() + d.years);
  x.setUTCMonth(x.getUTCMonth() + d.months);
  const last = new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + 1, 0)).getUTCDate();
  x.setUTCDate(Math.min(day, last));
  return x.getTime() + d.days * 86_400_000 + d.ms;
}

/** A time as ms since epoch, or undefined when absent; throws RETENTION_INVALID when unparseable. @internal */
export function timeOf(name: string, v: Date | string | number | undefined | null): number | undefined {
  if (v === undefined || v === null) return undefined;
  const t = v instanceof Date ? v.getTime() : new Date(v).getTime();
  if (!Number.isFinite(t)) throw new PiiError('RETENTION_INVALID', `${name} is not a valid time.`);
  return t;
}

// Reading times and ids out of loosely typed requests and audit entries.

/** Milliseconds of a date, epoch number or ISO string; `fallback()` when missing or invalid. */
export function toMs(v: Date | number | string | undefined, fallback: () => number): number {
  if (v === undefined) return fallback();
  const n = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(v);
  return Number.isFinite(n) ? n : fallback();
}

/** ISO 8601 of epoch milliseconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A non-empty string, or a number as a string; otherwise undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;
}

/** A record or subject reference of an audit entry: the string itself, or its `blind` form. */
export function ref(r: unknown): string | undefined {
  if (typeof r === 'string') return r;
  if (typeof r === 'object' && r !== null && typeof (r as { blind?: unknown }).blind === 'string')
    return (r as { blind: string }).blind;
  return undefined;
}

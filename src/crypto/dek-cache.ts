// Bounded LRU of unwrapped DEK contexts with a time-to-live, in two parts: subject keys
// (customers, couriers), reused across many records, and `record:` keys, each used by one record.
// A listing opens each record key once, so sharing one LRU let a page of record keys push the
// subject keys out and unwrap them again; apart, record keys only ever evict record keys
// (docs/performance.md, "Cold keys"). Evicted contexts are wiped (best effort in JS) once no
// operation holds them.
import { PiiError } from '../errors.js';
import { type DekContext, wipeContext } from './dek-context.js';

/** Options of the unwrapped-key cache of a vault. */
export interface DekCacheOptions {
  /**
   * Most subject keys (named subjects: customers, couriers) kept unwrapped (default 10,000); the
   * least recently used (to within a second) go first. About 1.1 KiB each (docs/operations.md).
   */
  maxEntries?: number;
  /**
   * Most record keys (fields with no named subject, key id `record:<recordId>`) kept unwrapped
   * (default 1,024), apart from the subject keys so a long listing never evicts those.
   */
  maxRecordEntries?: number;
  /** Milliseconds an unwrapped key stays cached (default 300,000 = 5 minutes). */
  ttlMs?: number;
}

const OPTION_NAMES = new Set(['maxEntries', 'maxRecordEntries', 'ttlMs']);
const RECORD_PREFIX = 'record:';

interface Entry {
  ctx: DekContext;
  expires: number;
  /** When the entry last moved to the most-recent end (recency is refreshed at most once a second). */
  touched: number;
}

function bound(name: string, v: unknown, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min)
    throw new PiiError('INVALID_ARGUMENT', `cache.${name} must be a number >= ${min}.`);
  return Math.floor(v);
}

/** @internal */
export class DekCache {
  private readonly subjects = new Map<string, Entry>();
  private readonly records = new Map<string, Entry>();
  private readonly maxSubjects: number;
  private readonly maxRecords: number;
  private readonly ttl: number;
  constructor(
    o: DekCacheOptions,
    private readonly now: () => number,
  ) {
    if (typeof o !== 'object' || o === null)
      throw new PiiError('INVALID_ARGUMENT', 'cache must be an object of cache options.');
    for (const k of Object.keys(o))
      if (!OPTION_NAMES.has(k))
        throw new PiiError(
          'INVALID_ARGUMENT',
          `Unknown cache option "${k.slice(0, 40)}"; use maxEntries, maxRecordEntries or ttlMs.`,
        );
    this.maxSubjects = bound('maxEntries', o.maxEntries, 10_000, 1);
    this.maxRecords = bound('maxRecordEntries', o.maxRecordEntries, 1_024, 1);
    this.ttl = bound('ttlMs', o.ttlMs, 300_000, 0);
  }

  private part(id: string): Map<string, Entry> {
    return id.startsWith(RECORD_PREFIX) ? this.records : this.subjects;
  }

  /** A live context, refreshed as most recently used; undefined when absent or expired. */
  get(id: string): DekContext | undefined {
    const m = this.part(id);
    const e = m.get(id);
    if (!e) return undefined;
    const t = this.now();
    if (e.expires <= t) {
      this.delete(id);
      return undefined;
    }
    if (t - e.touched > 1000) {
      e.touched = t;
      m.delete(id);
      m.set(id, e);
    }
    return e.ctx;
  }

  set(id: string, ctx: DekContext): void {
    this.delete(id);
    const m = this.part(id);
    const max = m === this.records ? this.maxRecords : this.maxSubjects;
    const t = this.now();
    m.set(id, { ctx, expires: t + this.ttl, touched: t });
    while (m.size > max) this.delete(m.keys().next().value as string);
  }

  delete(id: string): void {
    const m = this.part(id);
    const e = m.get(id);
    if (!e) return;
    m.delete(id);
    e.ctx.evicted = true;
    if (e.ctx.pins === 0) wipeContext(e.ctx);
  }

  clear(): void {
    for (const id of [...this.subjects.keys(), ...this.records.keys()]) this.delete(id);
  }

  get size(): number {
    return this.subjects.size + this.records.size;
  }
}

/** Marks a context in use so eviction defers its wipe. @internal */
export function pin(ctx: DekContext): void {
  ctx.pins++;
}

/** Releases a pinned context; wipes it when it was evicted meanwhile. @internal */
export function unpin(ctx: DekContext): void {
  ctx.pins--;
  if (ctx.pins === 0 && ctx.evicted) wipeContext(ctx);
}

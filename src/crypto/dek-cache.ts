// Bounded LRU of unwrapped DEK contexts with a time-to-live. Evicted contexts are wiped (best
// effort in JS) once no operation holds them.
import { type DekContext, wipeContext } from './dek-context.js';

/** Options of the unwrapped-key cache of a vault. */
export interface DekCacheOptions {
  /** Most subject keys kept unwrapped (default 10,000); the least recently used (to within a second) go first. */
  maxEntries?: number;
  /** Milliseconds an unwrapped key stays cached (default 300,000 = 5 minutes). */
  ttlMs?: number;
}

interface Entry {
  ctx: DekContext;
  expires: number;
  /** When the entry last moved to the most-recent end (recency is refreshed at most once a second). */
  touched: number;
}

/** @internal */
export class DekCache {
  private readonly map = new Map<string, Entry>();
  private readonly max: number;
  private readonly ttl: number;
  constructor(
    o: DekCacheOptions,
    private readonly now: () => number,
  ) {
    this.max = Math.max(1, Math.floor(o.maxEntries ?? 10_000));
    this.ttl = Math.max(0, o.ttlMs ?? 300_000);
  }

  /** A live context, refreshed as most recently used; undefined when absent or expired. */
  get(id: string): DekContext | undefined {
    const e = this.map.get(id);
    if (!e) return undefined;
    const t = this.now();
    if (e.expires <= t) {
      this.delete(id);
      return undefined;
    }
    if (t - e.touched > 1000) {
      e.touched = t;
      this.map.delete(id);
      this.map.set(id, e);
    }
    return e.ctx;
  }

  set(id: string, ctx: DekContext): void {
    this.delete(id);
    const t = this.now();
    this.map.set(id, { ctx, expires: t + this.ttl, touched: t });
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next().value as string;
      this.delete(oldest);
    }
  }

  delete(id: string): void {
    const e = this.map.get(id);
    if (!e) return;
    this.map.delete(id);
    e.ctx.evicted = true;
    if (e.ctx.pins === 0) wipeContext(e.ctx);
  }

  clear(): void {
    for (const id of [...this.map.keys()]) this.delete(id);
  }

  get size(): number {
    return this.map.size;
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

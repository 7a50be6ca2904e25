// Where the monitor keeps its counters. The memory store is the default; a shared store
// (PostgreSQL, Redis …) implements the same interface so several service instances see one
// view. Every method may answer synchronously or with a promise.
import { PiiError } from '../errors.js';
import { mod } from './rows.js';
import { DistinctSketch, hash32 } from './sketch.js';
import { checkOptions } from '../_internal/options.js';
import { COUNTER_STORE_OPTIONS } from './option-names.js';

const DIRECT: unique symbol = Symbol('courier-pii.monitor.directStore');

/** A value now, or later. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Counter storage for {@link createAccessMonitor}, a documented extension point.
 *
 * `ns` is a rule id, `key` the counted thing (an actor id, a role …). Implementations must make
 * `add`, `addDistinct` and `update` atomic per (ns, key); they may forget keys that have been
 * idle for longer than any window (memory bound), and must say so.
 */
export interface CounterStore {
  /**
   * Adds `delta` to bucket `bucket` of the counter and returns the sum of buckets
   * `bucket - span + 1 … bucket`. Buckets older than that may be dropped.
   */
  add(ns: string, key: string, bucket: number, span: number, delta: number): MaybePromise<number>;
  /**
   * Adds `item` to the distinct set of `(ns, key)` for `epoch` (a new epoch starts empty) and
   * returns the number of distinct items seen in that epoch (exact or estimated).
   */
  addDistinct(ns: string, key: string, epoch: number, item: string): MaybePromise<number>;
  /**
   * Atomically replaces the small JSON state of `(ns, key)` with `fn(previous)` and returns it.
   * `fn` may modify `previous` in place and return it; a shared store passes a fresh copy.
   */
  update<T>(ns: string, key: string, fn: (prev: T | undefined) => T): MaybePromise<T>;
  /**
   * Optional: writes operations the store holds back for a batch now. A shared store that
   * batches implements it so that the monitor's `flush()` does not wait for the next interval.
   */
  flush?(): MaybePromise<void>;
}

/** Options of {@link memoryCounterStore}. */
export interface MemoryCounterStoreOptions {
  /** Most keys (actor ids, roles …) kept (default 1,000,000); the least recently used go first. */
  maxKeys?: number;
  /** Distinct items kept exactly before a counter degrades to a HyperLogLog (default 128). */
  exactLimit?: number;
}

/** The memory store, with a view of its size for tests and dashboards. */
export interface MemoryCounterStore extends CounterStore {
  /** Keys currently held (each with the state of every rule for it). */
  size(): number;
}

/** A bucketed sliding-window count (general path). */
interface Ring {
  epoch?: undefined;
  sketch?: undefined;
  head: number; // newest bucket number
  sum: number;
  cells: number[];
}

/** A distinct set for one epoch (general path). */
interface Distinct {
  cells?: undefined;
  epoch: number;
  sketch: DistinctSketch;
}

/**
 * Everything the memory store holds for one key, in one array: `[0]` the general counters by
 * namespace number (or null), `[1]` the general states (or null), then the fixed-layout row of
 * the monitor's per-actor fast path (rows.ts), so that path reaches all of an actor's state
 * through one map lookup and one array. @internal
 */
export type StoreSlot = unknown[];

/**
 * Direct access to the memory store's per-key rows, for the monitor's per-actor fast path.
 * @internal
 */
export interface DirectStore {
  /**
   * The offset of a section in every row, reserved on first call for `key` (a kind, namespace
   * and size, e.g. `ring:rule-1:10`) with `init` as the values of a fresh section.
   */
  section(key: string, init: readonly unknown[]): number;
  /** The slot of a key with its row at full length, created when missing (a use for eviction). */
  row(key: string): StoreSlot;
  /** Distinct items kept exactly before a set degrades to a HyperLogLog. */
  readonly exactLimit: number;
}

/** The direct handle of a memory store; undefined for any other store. @internal */
export function directStore(store: CounterStore): DirectStore | undefined {
  return (store as { [DIRECT]?: DirectStore })[DIRECT];
}

/** `add` on one slot's counters: the ring at `i`. */
function ringAdd(
  c: Array<Ring | Distinct | undefined>,
  i: number,
  bucket: number,
  span: number,
  delta: number,
): number {
  let r = c[i] as Ring | undefined;
  if (r === undefined || r.cells === undefined || r.cells.length !== span) {
    r = { head: bucket, sum: 0, cells: new Array<number>(span).fill(0) };
    while (c.length < i) c.push(undefined);
    c[i] = r;
  }
  if (bucket > r.head) {
    // Clear the buckets that fell out of the window: at most `span` steps, O(1) per event.
    const steps = Math.min(bucket - r.head, span);
    for (let k = 1; k <= steps; k++) {
      const j = mod(r.head + k, span);
      r.sum -= r.cells[j] as number;
      r.cells[j] = 0;
    }
    r.head = bucket;
  } else if (bucket <= r.head - span) {
    return r.sum; // older than the window: nothing to count
  }
  const j = mod(bucket, span);
  r.cells[j] = (r.cells[j] as number) + delta;
  r.sum += delta;
  return r.sum;
}

/** `addDistinct` on one slot's counters, with the item already hashed by {@link hash32}. */
function distinctAdd(
  c: Array<Ring | Distinct | undefined>,
  i: number,
  epoch: number,
  h: number,
  exactLimit: number,
): number {
  let d = c[i] as Distinct | undefined;
  if (d === undefined || d.sketch === undefined) {
    d = { epoch, sketch: new DistinctSketch(exactLimit) };
    while (c.length < i) c.push(undefined);
    c[i] = d;
  } else if (d.epoch < epoch) {
    d.epoch = epoch;
    d.sketch.reset(); // reuse: no allocation when a window rolls over
  } else if (d.epoch > epoch) {
    return d.sketch.count(); // late event for a finished epoch
  }
  return d.sketch.add(h);
}

/**
 * Two generations of maps: lookups promote from old to young; when young reaches half the
 * budget, old is dropped and young becomes old. O(1) per operation, never more than `max`
 * keys, and a key touched within the last max/2 distinct keys is never dropped.
 */
class Generations<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  constructor(private readonly half: number) {}

  get(k: string): V | undefined {
    const v = this.young.get(k);
    if (v !== undefined) return v;
    const o = this.old.get(k);
    if (o !== undefined) {
      this.old.delete(k);
      this.set(k, o);
    }
    return o;
  }

  set(k: string, v: V): void {
    if (this.young.size >= this.half && !this.young.has(k)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(k, v);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}

/**
 * The in-process counter store: bucketed rings for counts, exact-then-HyperLogLog sets for
 * distinct counts, bounded to `maxKeys` keys.
 *
 * @param options - key budget and exact-set size
 * @returns a store to pass as `store` to {@link createAccessMonitor}
 * @throws PiiError INVALID_ARGUMENT for a bad budget
 * @example
 * ```ts
 * import { memoryCounterStore } from 'courier-pii/monitor';
 * const store = memoryCounterStore({ maxKeys: 100_000 });
 * console.log(store.add('rule', 'actor-1', 5, 3, 1)); // 1
 * ```
 */
export function memoryCounterStore(options: MemoryCounterStoreOptions = {}): MemoryCounterStore {
  checkOptions('memoryCounterStore', options, COUNTER_STORE_OPTIONS);
  const maxKeys = options.maxKeys ?? 1_000_000;
  const exactLimit = options.exactLimit ?? 128;
  if (!Number.isInteger(maxKeys) || maxKeys < 2)
    throw new PiiError('INVALID_ARGUMENT', 'maxKeys must be an integer of at least 2.');
  if (!Number.isInteger(exactLimit) || exactLimit < 1 || exactLimit > 65_536)
    throw new PiiError('INVALID_ARGUMENT', 'exactLimit must be an integer between 1 and 65536.');
  // One slot per key (an actor id, a role …) holding every rule's state for it, so the several
  // rules that look at one decision cost one map lookup together (the last slot is remembered).
  // General states are kept in arrays indexed by namespace number: property names per namespace
  // would give every slot its own hidden class and make each access a slow megamorphic lookup.
  const nsIndex = new Map<string, number>();
  const indexOf = (ns: string): number => {
    let i = nsIndex.get(ns);
    if (i === undefined) {
      i = nsIndex.size;
      nsIndex.set(ns, i);
    }
    return i;
  };
  const slots = new Generations<StoreSlot>(Math.max(1, maxKeys >> 1));
  let lastKey: string | undefined;
  let lastSlot: StoreSlot | undefined;
  const slot = (key: string): StoreSlot => {
    if (key === lastKey && lastSlot !== undefined) return lastSlot;
    let sl = slots.get(key);
    if (sl === undefined) {
      // `null` (not 0) first, so every slot array holds tagged values from the start and the
      // fast path's element accesses stay monomorphic.
      sl = [null, null];
      slots.set(key, sl);
    }
    lastKey = key;
    lastSlot = sl;
    return sl;
  };
  const counters = (sl: StoreSlot): Array<Ring | Distinct | undefined> => {
    if (sl[0] === null) sl[0] = [];
    return sl[0] as Array<Ring | Distinct | undefined>;
  };
  const states = (sl: StoreSlot): unknown[] => {
    if (sl[1] === null) sl[1] = [];
    return sl[1] as unknown[];
  };

  // The fast path's row layout, shared by every monitor on this store (same rule, same section).
  const sections = new Map<string, number>();
  const rowInit: unknown[] = [null, null];
  const row = (key: string): StoreSlot => {
    const sl = slot(key);
    if (sl.length < rowInit.length) for (let k = sl.length; k < rowInit.length; k++) sl.push(rowInit[k]);
    return sl;
  };
  const section = (key: string, init: readonly unknown[]): number => {
    let at = sections.get(key);
    if (at === undefined) {
      at = rowInit.length;
      rowInit.push(...init);
      sections.set(key, at);
    }
    return at;
  };

  const store: MemoryCounterStore & { [DIRECT]: DirectStore } = {
    [DIRECT]: { section, row, exactLimit },
    add(ns, key, bucket, span, delta) {
      return ringAdd(counters(slot(key)), indexOf(ns), bucket, span, delta);
    },
    addDistinct(ns, key, epoch, item) {
      return distinctAdd(counters(slot(key)), indexOf(ns), epoch, hash32(item), exactLimit);
    },
    update<T>(ns: string, key: string, fn: (prev: T | undefined) => T): T {
      const st = states(slot(key));
      const i = indexOf(ns);
      const next = fn(st[i] as T | undefined);
      while (st.length < i) st.push(undefined);
      st[i] = next;
      return next;
    },
    size() {
      return slots.size;
    },
  };
  return store;
}

// The batching front of the shared counter stores (PostgreSQL, SQLite). The monitor's hook must
// not wait for a database: every `add`, `addDistinct` and `update` joins the current batch and
// returns a promise; a batch is written every `flushMs` (or sooner when it reaches `maxBatch`
// operations) in one transaction, and each promise then resolves with what a one-at-a-time
// store would have answered at that point (the batch applied after everything committed
// before it). So per decision there is no round trip, and counts from other instances are
// at most one flush interval plus one transaction old (docs/monitoring.md, "Several instances").
import { sha256 } from '@noble/hashes/sha2.js';
import { PiiError } from '../errors.js';
import type { CounterStore } from '../monitor/index.js';

/** Options of the shared counter stores ({@link postgresCounterStore}, {@link sqliteCounterStore}). */
export interface SharedCounterStoreOptions {
  /** Longest time an operation waits before its batch is written, ms (default 50). */
  flushMs?: number;
  /** Operations that make a batch write at once (default 512). */
  maxBatch?: number;
  /** How often rows outside every window are deleted, ms (default 60,000). */
  pruneEveryMs?: number;
  /** Per-key states (baselines, cool-downs) untouched this long are deleted, ms (default 40 days). */
  stateTtlMs?: number;
  /** Count rows kept for retry while the database is unreachable (default 100,000). */
  maxRetained?: number;
  /** Called with failures that no operation's promise carries (pruning). */
  onError?: (error: unknown) => void;
}

/** What a shared counter store has done, for dashboards and tests. */
export interface SharedCounterStoreStats {
  /** Batches written. */
  flushes: number;
  /** Operations answered. */
  operations: number;
  /** Batches that failed (their operations rejected with STORE_UNAVAILABLE). */
  failures: number;
  /** Count and distinct rows held for the next batch after a failure. */
  retained: number;
  /** Rows dropped because more than `maxRetained` were held. */
  dropped: number;
  /** Operations waiting for the next batch. */
  queued: number;
}

/** A {@link CounterStore} shared through a database, written in batches. */
export interface SharedCounterStore extends CounterStore {
  /** Writes every queued operation now; resolves when done (failures reach the operations' promises). */
  flush(): Promise<void>;
  /** Deletes rows outside every window seen and states idle past `stateTtlMs`; returns rows deleted. */
  prune(): Promise<number>;
  /** What the store has done so far. */
  stats(): SharedCounterStoreStats;
  /** Writes what is queued and stops the timers; the pool or file is the caller's (SQLite path: closed). */
  close(): Promise<void>;
}

/** One batch as a backend writes it. @internal */
export interface BackendBatch {
  /** Deltas to add, one per (ns, key, bucket), sorted. */
  counts: Array<{ ns: string; key: string; bucket: number; delta: number }>;
  /** Windows to sum after adding. */
  sums: Array<{ ns: string; key: string; bucket: number; span: number }>;
  /** Items to insert, one per (ns, key, epoch, item hash), sorted. */
  items: Array<{ ns: string; key: string; epoch: number; item: number }>;
  /** Distinct sets to count after inserting. */
  sets: Array<{ ns: string; key: string; epoch: number }>;
  /** States to replace, sorted by (ns, key): `apply(previous)` returns the new state. */
  states: Array<{ ns: string; key: string; apply(prev: unknown): unknown }>;
}

/** What a backend answers. @internal */
export interface BackendResult {
  /** Per `sums` entry. */
  sums: number[];
  /** Per `items` entry: whether it was new. */
  fresh: boolean[];
  /** Per `sets` entry. */
  counts: number[];
}

/** What {@link batchedCounterStore} deletes. @internal */
export interface PruneHorizon {
  /** Per namespace: delete count buckets <= this. */
  counts: Array<{ ns: string; below: number }>;
  /** Per namespace: delete distinct epochs < this. */
  epochs: Array<{ ns: string; below: number }>;
  /** Delete states last written before this (ms since the epoch). */
  statesBefore: number;
}

/** A database under the batching front. @internal */
export interface CounterBackend {
  apply(batch: BackendBatch, now: number): Promise<BackendResult>;
  prune(h: PruneHorizon): Promise<number>;
  close(): Promise<void>;
}

/** An item as stored: 48 bits of SHA-256, so no recipient id is ever written to the database. */
export function itemHash(item: string): number {
  const h = sha256(new TextEncoder().encode(`cpii-monitor-item:${item}`));
  return ((h[0]! * 256 + h[1]!) * 256 + h[2]!) * 16_777_216 + ((h[3]! << 16) | (h[4]! << 8) | h[5]!);
}

type Op =
  | {
      t: 0;
      ns: string;
      key: string;
      bucket: number;
      span: number;
      delta: number;
      res(n: number): void;
      rej(e: unknown): void;
    }
  | {
      t: 1;
      ns: string;
      key: string;
      epoch: number;
      item: string;
      res(n: number): void;
      rej(e: unknown): void;
    }
  | {
      t: 2;
      ns: string;
      key: string;
      fn(prev: unknown): unknown;
      res(v: unknown): void;
      rej(e: unknown): void;
    };

const SEP = '\u0000';
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const clone = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

function positiveInt(v: number | undefined, def: number, name: string, min = 1): number {
  const n = v ?? def;
  if (!Number.isInteger(n) || n < min)
    throw new PiiError('INVALID_ARGUMENT', `${name} must be an integer of at least ${min}.`);
  return n;
}

/** Builds a shared store from a backend. @internal */
export function batchedCounterStore(
  backend: CounterBackend,
  options: SharedCounterStoreOptions,
  what: string,
): SharedCounterStore {
  const o = options ?? {};
  const flushMs = positiveInt(o.flushMs, 50, 'flushMs');
  const maxBatch = positiveInt(o.maxBatch, 512, 'maxBatch');
  const pruneEveryMs = positiveInt(o.pruneEveryMs, 60_000, 'pruneEveryMs');
  const stateTtlMs = positiveInt(o.stateTtlMs, 40 * 86_400_000, 'stateTtlMs');
  const maxRetained = positiveInt(o.maxRetained, 100_000, 'maxRetained', 0);
  const stats: SharedCounterStoreStats = {
    flushes: 0,
    operations: 0,
    failures: 0,
    retained: 0,
    dropped: 0,
    queued: 0,
  };
  let ops: Op[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let closed = false;
  let lastPrune = Date.now();
  // Newest bucket / epoch seen per namespace, for pruning.
  const horizons = new Map<string, { bucket: number; span: number }>();
  const epochs = new Map<string, number>();
  // Rows of failed batches, written with the next one (counts merged by cell).
  let keptCounts = new Map<string, BackendBatch['counts'][number]>();
  let keptItems = new Map<string, BackendBatch['items'][number]>();

  const enqueue = <T>(make: (res: (v: T) => void, rej: (e: unknown) => void) => Op): Promise<T> => {
    if (closed)
      return Promise.reject(new PiiError('STORE_UNAVAILABLE', `${what} was closed; create a new one.`));
    return new Promise<T>((res, rej) => {
      ops.push(make(res, rej));
      if (ops.length >= maxBatch) kick(0);
      else if (timer === undefined) kick(flushMs);
    });
  };
  const kick = (delay: number): void => {
    if (running) return; // the running batch schedules the next one when it ends
    if (timer !== undefined) {
      if (delay > 0) return;
      clearTimeout(timer);
    }
    timer = setTimeout(() => {
      timer = undefined;
      running = runBatch().finally(() => {
        running = undefined;
        if (ops.length > 0) kick(ops.length >= maxBatch ? 0 : flushMs);
      });
    }, delay);
    (timer as { unref?: () => void }).unref?.();
  };

  const runBatch = async (): Promise<void> => {
    const batchOps = ops;
    ops = [];
    const counts = keptCounts;
    const items = keptItems;
    keptCounts = new Map();
    keptItems = new Map();
    const sums = new Map<string, number>();
    const sets = new Map<string, number>();
    const sumList: BackendBatch['sums'] = [];
    const setList: BackendBatch['sets'] = [];
    const states = new Map<string, { ns: string; key: string; ops: Array<Extract<Op, { t: 2 }>> }>();
    const hashes: number[] = [];
    for (const op of batchOps) {
      if (op.t === 0) {
        const cell = `${op.ns}${SEP}${op.key}${SEP}${op.bucket}`;
        const c = counts.get(cell);
        if (c) c.delta += op.delta;
        else counts.set(cell, { ns: op.ns, key: op.key, bucket: op.bucket, delta: op.delta });
        const w = `${cell}${SEP}${op.span}`;
        if (!sums.has(w)) {
          sums.set(w, sumList.length);
          sumList.push({ ns: op.ns, key: op.key, bucket: op.bucket, span: op.span });
        }
        const h = horizons.get(op.ns);
        if (!h || h.bucket < op.bucket || h.span < op.span)
          horizons.set(op.ns, {
            bucket: Math.max(op.bucket, h?.bucket ?? op.bucket),
            span: Math.max(op.span, h?.span ?? 0),
          });
      } else if (op.t === 1) {
        const hash = itemHash(op.item);
        hashes.push(hash);
        const set = `${op.ns}${SEP}${op.key}${SEP}${op.epoch}`;
        const cell = `${set}${SEP}${hash}`;
        if (!items.has(cell)) items.set(cell, { ns: op.ns, key: op.key, epoch: op.epoch, item: hash });
        if (!sets.has(set)) {
          sets.set(set, setList.length);
          setList.push({ ns: op.ns, key: op.key, epoch: op.epoch });
        }
        if ((epochs.get(op.ns) ?? -Infinity) < op.epoch) epochs.set(op.ns, op.epoch);
      } else {
        const k = `${op.ns}${SEP}${op.key}`;
        let s = states.get(k);
        if (!s) {
          s = { ns: op.ns, key: op.key, ops: [] };
          states.set(k, s);
        }
        s.ops.push(op);
      }
    }
    // Sorted, so two instances lock rows in the same order (no deadlock between them).
    const countRows = [...counts.values()].sort(
      (a, b) => cmp(a.ns, b.ns) || cmp(a.key, b.key) || a.bucket - b.bucket,
    );
    const itemKeys = [...items.keys()];
    const itemRows = [...items.values()];
    const order = itemRows
      .map((_, i) => i)
      .sort((x, y) => {
        const a = itemRows[x]!;
        const b = itemRows[y]!;
        return cmp(a.ns, b.ns) || cmp(a.key, b.key) || a.epoch - b.epoch || a.item - b.item;
      });
    const stateResults = new Map<Op, { ok: boolean; v: unknown }>();
    const stateRows = [...states.values()]
      .sort((a, b) => cmp(a.ns, b.ns) || cmp(a.key, b.key))
      .map((s) => ({
        ns: s.ns,
        key: s.key,
        apply(prev: unknown): unknown {
          let cur = prev;
          for (const op of s.ops) {
            try {
              const next = op.fn(clone(cur));
              cur = clone(next);
              stateResults.set(op, { ok: true, v: next });
            } catch (e) {
              stateResults.set(op, { ok: false, v: e });
            }
          }
          return cur;
        },
      }));
    const batch: BackendBatch = {
      counts: countRows,
      sums: sumList,
      items: order.map((i) => itemRows[i]!),
      sets: setList,
      states: stateRows,
    };
    let result: BackendResult;
    try {
      stateResults.clear();
      result = await backend.apply(batch, Date.now());
    } catch (cause) {
      stats.failures++;
      // Keep the counted rows for the next batch (up to maxRetained), so a short outage delays
      // counts instead of losing them; state updates are closures and cannot be kept.
      let room = maxRetained;
      for (const [k, v] of counts) {
        if (room-- <= 0) {
          stats.dropped++;
          continue;
        }
        const c = keptCounts.get(k);
        if (c) c.delta += v.delta;
        else keptCounts.set(k, v);
      }
      for (const [k, v] of items) {
        if (room-- <= 0) {
          stats.dropped++;
          continue;
        }
        keptItems.set(k, v);
      }
      stats.retained = keptCounts.size + keptItems.size;
      const err = new PiiError(
        'STORE_UNAVAILABLE',
        `${what}: a batch of ${batchOps.length} monitor operations could not be written; ${stats.retained} counted rows are held for the next batch. Check the database.`,
        { cause },
      );
      for (const op of batchOps) op.rej(err);
      return;
    }
    stats.flushes++;
    stats.operations += batchOps.length;
    stats.retained = 0;
    // Each operation's answer, as if the batch had been applied one operation at a time.
    const fresh = new Map<string, boolean>();
    for (let j = 0; j < order.length; j++) fresh.set(itemKeys[order[j]!]!, result.fresh[j] === true);
    const later = new Map<string, Map<number, number>>(); // (ns,key) -> bucket -> delta after this op
    const countAnswers = new Map<Op, number>();
    for (let i = batchOps.length - 1; i >= 0; i--) {
      const op = batchOps[i]!;
      if (op.t !== 0) continue;
      const nk = `${op.ns}${SEP}${op.key}`;
      let m = later.get(nk);
      if (!m) {
        m = new Map();
        later.set(nk, m);
      }
      let after = 0;
      for (const [b, d] of m) if (b > op.bucket - op.span && b <= op.bucket) after += d;
      const total = result.sums[sums.get(`${nk}${SEP}${op.bucket}${SEP}${op.span}`)!] ?? 0;
      countAnswers.set(op, total - after);
      m.set(op.bucket, (m.get(op.bucket) ?? 0) + op.delta);
    }
    // Distinct: the set's count minus the new items first seen after this operation.
    const freshTotal = new Map<string, number>();
    const seen = new Set<string>();
    let hi = 0;
    const firstFresh: boolean[] = [];
    for (const op of batchOps) {
      if (op.t !== 1) continue;
      const set = `${op.ns}${SEP}${op.key}${SEP}${op.epoch}`;
      const cell = `${set}${SEP}${hashes[hi++]}`;
      const isNew = !seen.has(cell) && fresh.get(cell) === true;
      seen.add(cell);
      firstFresh.push(isNew);
      if (isNew) freshTotal.set(set, (freshTotal.get(set) ?? 0) + 1);
    }
    const freshSoFar = new Map<string, number>();
    let f = 0;
    for (const op of batchOps) {
      if (op.t === 0) op.res(countAnswers.get(op)!);
      else if (op.t === 1) {
        const set = `${op.ns}${SEP}${op.key}${SEP}${op.epoch}`;
        if (firstFresh[f++]) freshSoFar.set(set, (freshSoFar.get(set) ?? 0) + 1);
        const total = result.counts[sets.get(set)!] ?? 0;
        op.res(total - (freshTotal.get(set) ?? 0) + (freshSoFar.get(set) ?? 0));
      } else {
        const r = stateResults.get(op);
        if (r?.ok) op.res(r.v);
        else op.rej(r ? r.v : new PiiError('STORE_UNAVAILABLE', `${what}: a state update was not applied.`));
      }
    }
    if (Date.now() - lastPrune >= pruneEveryMs) {
      lastPrune = Date.now();
      await prune().catch((e) => o.onError?.(e));
    }
  };

  const prune = async (): Promise<number> => {
    const h: PruneHorizon = {
      counts: [...horizons].map(([ns, x]) => ({ ns, below: x.bucket - x.span })),
      epochs: [...epochs].map(([ns, e]) => ({ ns, below: e - 1 })),
      statesBefore: Date.now() - stateTtlMs,
    };
    return backend.prune(h);
  };

  const flush = async (): Promise<void> => {
    for (let guard = 0; guard < 1000; guard++) {
      if (running) await running;
      else if (ops.length > 0 || keptCounts.size + keptItems.size > 0) {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        running = runBatch().finally(() => {
          running = undefined;
        });
        await running;
        if (stats.retained > 0 && ops.length === 0) return; // still failing: do not spin
      } else return;
    }
  };

  return {
    add(ns, key, bucket, span, delta) {
      return enqueue<number>((res, rej) => ({ t: 0, ns, key, bucket, span, delta, res, rej }));
    },
    addDistinct(ns, key, epoch, item) {
      return enqueue<number>((res, rej) => ({ t: 1, ns, key, epoch, item, res, rej }));
    },
    update<T>(ns: string, key: string, fn: (prev: T | undefined) => T): Promise<T> {
      return enqueue<T>((res, rej) => ({
        t: 2,
        ns,
        key,
        fn: fn as (prev: unknown) => unknown,
        res: res as (v: unknown) => void,
        rej,
      }));
    },
    flush,
    prune,
    stats: () => ({ ...stats, queued: ops.length }),
    async close() {
      if (closed) return;
      await flush();
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      await backend.close();
    },
  };
}

// Benchmark harness: every figure is a ratio against a peer measured in the same process,
// interleaved round by round so machine noise hits both sides alike.

export interface BenchRow {
  /** Table group, e.g. 'crypto'. */
  group: string;
  /** What is measured, e.g. 'seal small field (cached DEK)'. */
  name: string;
  /** Our operations per second (median of rounds). */
  opsPerSec: number;
  /** Peer label, e.g. 'node:crypto AES-256-GCM'. */
  peer?: string;
  peerOpsPerSec?: number;
  /** opsPerSec / peerOpsPerSec. */
  ratio?: number;
  /** Human-readable target, e.g. '>= 0.8'. */
  target?: string;
  /** Minimum ratio (or ops/s when no peer) the target asks for. */
  targetMin?: number;
  /** Extra unit note, e.g. 'MiB/s'. */
  note?: string;
}

export type Fn = () => unknown | Promise<unknown>;

function now(): number {
  return performance.now();
}

/** Calls fn until about `ms` milliseconds pass; returns ops/s. Handles sync and async fns. */
async function runFor(fn: Fn, ms: number, batch: number): Promise<number> {
  let ops = 0;
  const start = now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < batch; i++) {
      const r = fn();
      if (r instanceof Promise) await r;
    }
    ops += batch;
    elapsed = now() - start;
  }
  return (ops * 1000) / elapsed;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface CompareOptions {
  group: string;
  name: string;
  ours: Fn;
  peer?: { name: string; fn: Fn };
  target?: string;
  targetMin?: number;
  note?: string;
  /** Rounds of interleaved measurement (default 7). */
  rounds?: number;
  /** Milliseconds per side per round (default 150). */
  ms?: number;
  /** Calls per timing check (default 16). */
  batch?: number;
}

/** Measures ours (and the peer, interleaved) and returns one table row. */
export async function compare(o: CompareOptions): Promise<BenchRow> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? o.rounds ?? 7);
  const ms = Number(process.env.BENCH_MS ?? o.ms ?? 150);
  const batch = o.batch ?? 16;
  // warm-up
  await runFor(o.ours, ms / 2, batch);
  if (o.peer) await runFor(o.peer.fn, ms / 2, batch);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    a.push(await runFor(o.ours, ms, batch));
    if (o.peer) b.push(await runFor(o.peer.fn, ms, batch));
  }
  const row: BenchRow = { group: o.group, name: o.name, opsPerSec: median(a) };
  if (o.peer) {
    row.peer = o.peer.name;
    row.peerOpsPerSec = median(b);
    row.ratio = row.opsPerSec / row.peerOpsPerSec;
  }
  if (o.target) row.target = o.target;
  if (o.targetMin !== undefined) row.targetMin = o.targetMin;
  if (o.note) row.note = o.note;
  return row;
}

/** Whether a row meets its target (undefined when it has none). */
export function meets(row: BenchRow): boolean | undefined {
  if (row.targetMin === undefined) return undefined;
  const v = row.ratio ?? row.opsPerSec;
  return v >= row.targetMin;
}

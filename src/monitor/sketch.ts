// Distinct counting in bounded memory: an exact set of 32-bit hashes that degrades to a
// HyperLogLog when it grows past `exactLimit` (docs/monitoring.md, "Approximate counting").

/** 32-bit FNV-1a over UTF-16 code units, finished with the murmur3 mixer for an even spread. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function pow2(n: number): number {
  let p = 8;
  while (p < n) p *= 2;
  return p;
}

const SMALL = 16;
const P = 10; // 1024 registers: standard error 1.04 / sqrt(1024) ≈ 3.3 %
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

/**
 * Distinct counter: exact up to `exactLimit` items (an open-addressing table of hashes, so
 * only 32-bit hash collisions can merge two items), then a HyperLogLog with 1024 one-byte
 * registers. Memory never exceeds max(16 × exactLimit, 1024) bytes.
 */
export class DistinctSketch {
  // Up to SMALL items live in a plain array (scanned linearly): allocating typed arrays for the
  // many counters that only ever see a few items costs more than the scan.
  private small: number[] | undefined = [];
  private table: Uint32Array | undefined;
  private regs: Uint8Array | undefined;
  private n = 0;
  private readonly limit: number;
  // Kept incrementally so an estimate costs O(1): sum of 2^-register and the zero registers.
  private sum = M;
  private zeros = M;

  constructor(exactLimit = 128) {
    this.limit = exactLimit;
  }

  /** Empties the sketch for reuse (a new window). */
  reset(): void {
    if (this.small) this.small.length = 0;
    else this.small = [];
    this.table = undefined;
    this.regs = undefined;
    this.n = 0;
    this.sum = M;
    this.zeros = M;
  }

  /** Adds an item's hash; returns the current estimate. */
  add(h: number): number {
    const small = this.small;
    if (small) {
      // Stored as int32 so they stay small integers (a uint32 above 2^31 would be a heap number).
      const v = h | 0;
      if (small.includes(v)) return this.n;
      small.push(v);
      this.n++;
      if (this.n > this.limit) {
        this.small = undefined;
        this.table = new Uint32Array(pow2(this.n * 2));
        for (const x of small) this.insert(this.table, x === 0 ? 1 : x >>> 0);
        this.toHll();
        return this.count();
      }
      if (small.length > SMALL) {
        this.small = undefined;
        this.table = new Uint32Array(pow2(Math.min(this.limit, SMALL * 2) * 2));
        for (const x of small) this.insert(this.table, x === 0 ? 1 : x >>> 0);
      }
      return this.n;
    }
    if (this.table) {
      if (this.insert(this.table, h === 0 ? 1 : h)) {
        this.n++;
        if (this.n * 2 > this.table.length && this.n <= this.limit) this.grow();
      }
      if (this.n <= this.limit) return this.n;
      this.toHll();
      return this.count();
    }
    this.addHll(h);
    return this.count();
  }

  /** The current estimate. */
  count(): number {
    if (this.small || this.table) return this.n;
    const zeros = this.zeros;
    const est = (ALPHA * M * M) / this.sum;
    // Small-range correction (linear counting), as in Flajolet et al. 2007.
    if (est <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
    return Math.round(est);
  }

  /** Whether the sketch has degraded to an estimate. */
  get approximate(): boolean {
    return this.small === undefined && this.table === undefined;
  }

  // Open addressing with linear probing; the table is a power of two at most half full.
  private insert(t: Uint32Array, h: number): boolean {
    const mask = t.length - 1;
    let i = h & mask;
    for (;;) {
      const v = t[i] as number;
      if (v === 0) {
        t[i] = h;
        return true;
      }
      if (v === h) return false;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table as Uint32Array;
    const t = new Uint32Array(old.length * 2);
    for (const h of old) if (h !== 0) this.insert(t, h);
    this.table = t;
  }

  private toHll(): void {
    const t = this.table as Uint32Array;
    this.table = undefined;
    this.regs = new Uint8Array(M);
    for (const h of t) if (h !== 0) this.addHll(h);
  }

  private addHll(h: number): void {
    const regs = this.regs as Uint8Array;
    const idx = h >>> (32 - P);
    const rest = (h << P) >>> 0;
    const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
    const old = regs[idx] as number;
    if (rank > old) {
      regs[idx] = rank;
      this.sum += 2 ** -rank - 2 ** -old;
      if (old === 0) this.zeros--;
    }
  }
}

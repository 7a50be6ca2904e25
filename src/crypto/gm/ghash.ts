// GHASH (NIST SP 800-38D §6.4) by the table method of McGrew & Viega, "The Galois/Counter Mode of
// Operation (GCM)" (2005), §4.1, after Shoup: GHASH multiplies by the fixed hash key H only, and
// multiplication by H is linear over GF(2), so X·H is the XOR over X's w-bit windows of
// (window · x^position)·H. Those products are precomputed per H, fully reduced, so a block costs
// one table lookup and four word XORs per window and no per-bit shift or reduction:
// - 8-bit windows: 16 tables × 256 entries × 4 words (64 KiB per H), 16 lookups per block;
//   for blob streams, where a 64 KiB chunk amortises the table.
// - 4-bit windows: 32 tables × 16 entries × 4 words (8 KiB per H), 32 lookups per block; for
//   field keys, which stay cached per DEK (memory) and hash a few blocks per value.
// Elements are four big-endian 32-bit words, bit 0 of the block (the MSB of byte 0) being the
// coefficient of x^0, as in SP 800-38D §6.3. Checked against @noble/ciphers' GHASH and native
// AES-GCM in test/crypto/gm/ghash.test.ts.

/** Per-hash-key GHASH tables. @internal */
export interface GhashKey {
  /** Window width in bits: 8 (64 KiB of tables) or 4 (8 KiB). */
  readonly bits: 4 | 8;
  /** (128 / bits) tables of 2^bits entries, each 4 words: entry v of table p is (v·x^(p·bits))·H. */
  readonly t: Int32Array;
}

/** Precomputes the tables of hash key `h` (16 bytes). @internal */
export function ghashKey(h: Uint8Array, bits: 4 | 8): GhashKey {
  if (h.length !== 16) throw new RangeError('GHASH key must be 16 bytes');
  const size = 1 << bits;
  const t = new Int32Array((128 / bits) * size * 4);
  let v0 = be32(h, 0);
  let v1 = be32(h, 4);
  let v2 = be32(h, 8);
  let v3 = be32(h, 12);
  for (let p = 0; p < 128 / bits; p++) {
    const base = p * size * 4;
    // single bits first: the top bit of a window is x^(p·bits), the next x^(p·bits+1), …
    for (let j = 0; j < bits; j++) {
      const at = base + (size >>> (j + 1)) * 4;
      t[at] = v0;
      t[at + 1] = v1;
      t[at + 2] = v2;
      t[at + 3] = v3;
      // V·x (SP 800-38D §6.3 step 3): shift right one bit, reduce by R = 0xe1 || 0^120
      const lsb = v3 & 1;
      v3 = (v3 >>> 1) | (v2 << 31);
      v2 = (v2 >>> 1) | (v1 << 31);
      v1 = (v1 >>> 1) | (v0 << 31);
      v0 = (v0 >>> 1) ^ (0xe1000000 & -lsb);
    }
    // every other window value v = top + rest (rest < top): its top bit's entry XOR rest's
    for (let top = 2; top < size; top <<= 1) {
      const a = base + top * 4;
      for (let rest = 1; rest < top; rest++) {
        const b = base + rest * 4;
        const at = a + rest * 4;
        t[at] = t[a]! ^ t[b]!;
        t[at + 1] = t[a + 1]! ^ t[b + 1]!;
        t[at + 2] = t[a + 2]! ^ t[b + 2]!;
        t[at + 3] = t[a + 3]! ^ t[b + 3]!;
      }
    }
  }
  return { bits, t };
}

function be32(b: Uint8Array, o: number): number {
  return (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
}

// The running state Y of the one GHASH in progress. GHASH calls are synchronous and never
// interleave (JavaScript runs one at a time), so one module-level state serves them all.
const Y = new Int32Array(4);

// Whole blocks as four aligned words, byte-swapped on little-endian hosts (the usual case; data
// this library allocates, and node's cipher output, start word-aligned).
const LE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// Y = (Y XOR block)·H for each block of data[from, to), the last one zero-padded.
function absorb(k: GhashKey, data: Uint8Array, from: number, to: number): void {
  const whole = from + ((to - from) & ~15);
  const mul = k.bits === 8 ? mul8 : mul4;
  const t = k.t;
  const at = data.byteOffset + from;
  if (LE && (at & 3) === 0 && whole > from) {
    words(mul, t, new Int32Array(data.buffer, at, (whole - from) >>> 2));
  } else if (LE && whole - from >= 256) {
    // unaligned (a chunk inside a larger read): a copy into aligned scratch costs far less than
    // the byte-wise loads it saves
    for (let o = from; o < whole; o += SCRATCH.length) {
      const n = Math.min(SCRATCH.length, whole - o);
      SCRATCH.set(data.subarray(o, o + n));
      words(mul, t, SCRATCH_WORDS.subarray(0, n >>> 2));
    }
  } else {
    for (let o = from; o < whole; o += 16) {
      mul(
        t,
        Y[0]! ^ be32(data, o),
        Y[1]! ^ be32(data, o + 4),
        Y[2]! ^ be32(data, o + 8),
        Y[3]! ^ be32(data, o + 12),
      );
    }
  }
  if (whole < to) {
    // the last partial block, zero-padded, read straight into words
    const x = [0, 0, 0, 0];
    for (let i = whole; i < to; i++) x[(i - whole) >>> 2]! |= data[i]! << (24 - 8 * ((i - whole) & 3));
    mul(t, Y[0]! ^ x[0]!, Y[1]! ^ x[1]!, Y[2]! ^ x[2]!, Y[3]! ^ x[3]!);
  }
}

const SCRATCH = new Uint8Array(16 * 1024);
const SCRATCH_WORDS = new Int32Array(SCRATCH.buffer);

function words(mul: typeof mul8, t: Int32Array, w: Int32Array): void {
  for (let o = 0; o < w.length; o += 4) {
    mul(
      t,
      Y[0]! ^ bswap(w[o]!),
      Y[1]! ^ bswap(w[o + 1]!),
      Y[2]! ^ bswap(w[o + 2]!),
      Y[3]! ^ bswap(w[o + 3]!),
    );
  }
}

function bswap(x: number): number {
  return (x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

// Y = X·H with 8-bit windows: byte n of X indexes table n (1,024 words apart).
function mul8(t: Int32Array, x0: number, x1: number, x2: number, x3: number): void {
  let y0 = 0;
  let y1 = 0;
  let y2 = 0;
  let y3 = 0;
  for (let q = 0; q < 4; q++) {
    const w = q === 0 ? x0 : q === 1 ? x1 : q === 2 ? x2 : x3;
    const p = q * 4096;
    let i = p + ((w >>> 22) & 0x3fc);
    y0 ^= t[i]!;
    y1 ^= t[i + 1]!;
    y2 ^= t[i + 2]!;
    y3 ^= t[i + 3]!;
    i = p + 1024 + ((w >>> 14) & 0x3fc);
    y0 ^= t[i]!;
    y1 ^= t[i + 1]!;
    y2 ^= t[i + 2]!;
    y3 ^= t[i + 3]!;
    i = p + 2048 + ((w >>> 6) & 0x3fc);
    y0 ^= t[i]!;
    y1 ^= t[i + 1]!;
    y2 ^= t[i + 2]!;
    y3 ^= t[i + 3]!;
    i = p + 3072 + ((w << 2) & 0x3fc);
    y0 ^= t[i]!;
    y1 ^= t[i + 1]!;
    y2 ^= t[i + 2]!;
    y3 ^= t[i + 3]!;
  }
  Y[0] = y0;
  Y[1] = y1;
  Y[2] = y2;
  Y[3] = y3;
}

// Y = X·H with 4-bit windows: nibble n of X indexes table n (64 words apart).
function mul4(t: Int32Array, x0: number, x1: number, x2: number, x3: number): void {
  let y0 = 0;
  let y1 = 0;
  let y2 = 0;
  let y3 = 0;
  for (let q = 0; q < 4; q++) {
    const w = q === 0 ? x0 : q === 1 ? x1 : q === 2 ? x2 : x3;
    for (let s = 28, p = q * 512; s >= 0; s -= 4, p += 64) {
      const i = p + (((w >>> s) & 15) << 2);
      y0 ^= t[i]!;
      y1 ^= t[i + 1]!;
      y2 ^= t[i + 2]!;
      y3 ^= t[i + 3]!;
    }
  }
  Y[0] = y0;
  Y[1] = y1;
  Y[2] = y2;
  Y[3] = y3;
}

/**
 * GHASH_H(A, C) of SP 800-38D §7.1 step 5 (A and C each zero-padded to a block, then the block
 * len(A)·8 || len(C)·8), XORed with `mask` (E(K, J0): the result is the GCM tag). Offsets select
 * C as ct[ctFrom, ctTo) without a copy. @internal
 */
export function ghashTag(
  k: GhashKey,
  aad: Uint8Array,
  ct: Uint8Array,
  mask: Uint8Array,
  ctFrom = 0,
  ctTo = ct.length,
): Uint8Array {
  Y.fill(0);
  if (aad.length) absorb(k, aad, 0, aad.length);
  if (ctTo > ctFrom) absorb(k, ct, ctFrom, ctTo);
  // the length block len(A)·8 || len(C)·8 as 64-bit big-endian words (lengths are far below 2^53)
  const a = aad.length * 8;
  const c = (ctTo - ctFrom) * 8;
  const mul = k.bits === 8 ? mul8 : mul4;
  mul(
    k.t,
    Y[0]! ^ Math.floor(a / 2 ** 32),
    Y[1]! ^ (a >>> 0),
    Y[2]! ^ Math.floor(c / 2 ** 32),
    Y[3]! ^ (c >>> 0),
  );
  const out = new Uint8Array(16);
  for (let i = 0; i < 4; i++) {
    const y = Y[i]!;
    out[4 * i] = (y >>> 24) ^ mask[4 * i]!;
    out[4 * i + 1] = ((y >>> 16) & 255) ^ mask[4 * i + 1]!;
    out[4 * i + 2] = ((y >>> 8) & 255) ^ mask[4 * i + 2]!;
    out[4 * i + 3] = (y & 255) ^ mask[4 * i + 3]!;
  }
  Y.fill(0);
  return out;
}

// SM4-GCM: the GCM mode of NIST SP 800-38D over the SM4 block cipher, as RFC 8998 §3 specifies
// for TLS 1.3 (12-byte IV, 16-byte tag; GB/T 36624 lists the same mode). Both backends share
// this code and differ only in the block cipher: a native OpenSSL SM4 (ECB for H and E(K, J0),
// CTR for the keystream, since OpenSSL 3.0 has no sm4-gcm) or the pure-JS SM4 of ./sm4.ts.
// GHASH is the table GHASH of ./ghash.ts on both, so the tag bytes cannot differ between them.
import { equalBytes } from '../../_internal/bytes.js';
import { PiiError } from '../../errors.js';
import { type GhashKey, ghashKey, ghashTag } from './ghash.js';

/** The block-cipher operations GCM needs from a backend. @internal */
export interface Sm4Core {
  /** E(K, b) for each 16-byte block of `blocks` (ECB, no padding). */
  ecb(key: Uint8Array, blocks: Uint8Array): Uint8Array;
  /** `data` XOR the CTR keystream starting at `counter16` (128-bit big-endian increment). */
  ctr(key: Uint8Array, counter16: Uint8Array, data: Uint8Array): Uint8Array;
}

// SP 800-38D §5.2.1.1: at most 2^39 - 256 bits of plaintext per invocation. The 128-bit CTR
// increment equals GCM's inc32 as long as the low word (starting at 2) does not wrap, which
// this bound also guarantees (2^32 - 2 blocks).
const MAX_PT = 2 ** 36 - 32;

function checkSizes(key: Uint8Array, nonce12: Uint8Array): void {
  if (key.length !== 16 || nonce12.length !== 12) {
    throw new PiiError('INVALID_ARGUMENT', 'SM4-GCM needs a 16-byte key and a 12-byte nonce.');
  }
}

// H = E(K, 0^128) and E(K, J0) with J0 = IV || 0^31 || 1 (SP 800-38D §7.1 step 2), in one call.
function hashKeyAndMask(core: Sm4Core, key: Uint8Array, nonce12: Uint8Array): [Uint8Array, Uint8Array] {
  const blocks = new Uint8Array(32);
  blocks.set(nonce12, 16);
  blocks[31] = 1;
  const out = core.ecb(key, blocks);
  return [out.subarray(0, 16), out.subarray(16, 32)];
}

// one-off keys (KEK wrapping, transfer packages): the small 4-bit tables, built per call
function tag(h: Uint8Array, ej0: Uint8Array, aad: Uint8Array, ct: Uint8Array): Uint8Array {
  return ghashTag(ghashKey(h, 4), aad, ct, ej0);
}

function counter2(nonce12: Uint8Array): Uint8Array {
  const c = new Uint8Array(16);
  c.set(nonce12);
  c[15] = 2;
  return c;
}

/** SM4-GCM seal: returns `prefix || ct || tag`. @internal */
export function sm4GcmSeal(
  core: Sm4Core,
  key: Uint8Array,
  nonce12: Uint8Array,
  aad: Uint8Array,
  pt: Uint8Array,
  prefix?: Uint8Array,
): Uint8Array {
  checkSizes(key, nonce12);
  if (pt.length > MAX_PT) throw new PiiError('INVALID_ARGUMENT', 'SM4-GCM input too long; split it.');
  const [h, ej0] = hashKeyAndMask(core, key, nonce12);
  const ct = pt.length ? core.ctr(key, counter2(nonce12), pt) : new Uint8Array(0);
  const p = prefix?.length ?? 0;
  const out = new Uint8Array(p + ct.length + 16);
  if (prefix) out.set(prefix);
  out.set(ct, p);
  out.set(tag(h, ej0, aad, ct), p + ct.length);
  return out;
}

/** SM4-GCM open of `ct || tag` (from offset `from`); undefined when authentication fails. @internal */
export function sm4GcmOpen(
  core: Sm4Core,
  key: Uint8Array,
  nonce12: Uint8Array,
  aad: Uint8Array,
  ctTag: Uint8Array,
  from = 0,
): Uint8Array | undefined {
  const end = ctTag.length - 16;
  if (end < from || key.length !== 16 || nonce12.length !== 12 || end - from > MAX_PT) return undefined;
  const ct = ctTag.subarray(from, end);
  const [h, ej0] = hashKeyAndMask(core, key, nonce12);
  // The tag is checked before any plaintext exists (SP 800-38D §7.2 step 8 order is free).
  if (!equalBytes(tag(h, ej0, aad, ct), ctTag.subarray(end))) return undefined;
  return ct.length ? core.ctr(key, counter2(nonce12), ct) : new Uint8Array(0);
}

/** SM4-GCM under one key, set up once: H computed once, the block cipher object reused. @internal */
export interface Sm4GcmKeyed {
  seal(nonce12: Uint8Array, aad: Uint8Array, pt: Uint8Array, prefix?: Uint8Array): Uint8Array;
  open(nonce12: Uint8Array, aad: Uint8Array, ctTag: Uint8Array, from?: number): Uint8Array | undefined;
}

/**
 * The same SM4-GCM as {@link sm4GcmSeal} with the key set up once: `ecb` is the keyed block
 * cipher; E(K, J0) and the keystream come from one ECB call over J0, inc32(J0), inc32²(J0), …
 * (SP 800-38D §6.5, §7.1), so a value costs one native call and no cipher object. With `ctr` (a
 * native CTR: `data` XOR the keystream from the counter block `counter16`), blob chunks of 4 KiB
 * or more take the keystream and its XOR from it, and no counter blocks are built; the counter
 * starts at inc32(J0) = nonce ‖ 2 and a chunk is far below 2^32 blocks, so a full-width CTR
 * counter and GCM's inc32 give the same blocks. GHASH tables are built once per key: 4-bit
 * windows (8 KiB; fields, cached per DEK), and with `bulk` (blob streams) 8-bit windows (64 KiB)
 * from the first input of 4 KiB or more, which pays their cost back. @internal
 */
export function sm4GcmKeyed(
  ecb: (blocks: Uint8Array) => Uint8Array,
  bulk = false,
  ctr?: (counter16: Uint8Array, data: Uint8Array) => Uint8Array,
): Sm4GcmKeyed {
  const h = new Uint8Array(ecb(new Uint8Array(16)));
  const small: GhashKey = ghashKey(h, 4);
  let wide: GhashKey | undefined;
  // the 64 KiB table of a stream key is built on its first chunk large enough to pay it back
  const tables = (n: number): GhashKey => {
    if (!bulk || n < 4096) return small;
    wide ??= ghashKey(h, 8);
    return wide;
  };
  // the native keystream pays for its cipher object on blob chunks
  const native = (n: number): boolean => ctr !== undefined && bulk && n >= 4096;
  // E(K, J0), the tag mask, and the counter block the keystream starts from (inc32(J0))
  const j0Mask = (nonce12: Uint8Array): Uint8Array => {
    const j0 = new Uint8Array(16);
    j0.set(nonce12);
    j0[15] = 1;
    return ecb(j0);
  };
  const counter2 = (nonce12: Uint8Array): Uint8Array => {
    const c = new Uint8Array(16);
    c.set(nonce12);
    c[15] = 2;
    return c;
  };
  return {
    seal(nonce12, aad, pt, prefix) {
      if (nonce12.length !== 12) throw new PiiError('INVALID_ARGUMENT', 'SM4-GCM needs a 12-byte nonce.');
      if (pt.length > MAX_PT) throw new PiiError('INVALID_ARGUMENT', 'SM4-GCM input too long; split it.');
      if (native(pt.length)) {
        const p = prefix?.length ?? 0;
        const ct = ctr!(counter2(nonce12), pt);
        const out = new Uint8Array(p + pt.length + 16);
        if (prefix) out.set(prefix);
        out.set(ct, p);
        out.set(ghashTag(tables(pt.length), aad, out, j0Mask(nonce12), p, p + pt.length), p + pt.length);
        return out;
      }
      const e = ecb(counterBlocks(nonce12, pt.length));
      const p = prefix?.length ?? 0;
      const out = new Uint8Array(p + pt.length + 16);
      if (prefix) out.set(prefix);
      xorInto(pt, 0, e, out, p, pt.length);
      out.set(ghashTag(tables(pt.length), aad, out, e.subarray(0, 16), p, p + pt.length), p + pt.length);
      return out;
    },
    open(nonce12, aad, ctTag, from = 0) {
      const end = ctTag.length - 16;
      if (end < from || nonce12.length !== 12 || end - from > MAX_PT) return undefined;
      const n = end - from;
      if (native(n)) {
        if (!equalBytes(ghashTag(tables(n), aad, ctTag, j0Mask(nonce12), from, end), ctTag.subarray(end)))
          return undefined;
        return ctr!(counter2(nonce12), ctTag.subarray(from, end));
      }
      const e = ecb(counterBlocks(nonce12, n));
      if (!equalBytes(ghashTag(tables(n), aad, ctTag, e.subarray(0, 16), from, end), ctTag.subarray(end)))
        return undefined;
      const pt = new Uint8Array(n);
      xorInto(ctTag, from, e, pt, 0, n);
      return pt;
    },
  };
}

const LE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// J0 = nonce || 1, then nonce || 2, … for n bytes of keystream: word writes on little-endian hosts
function counterBlocks(nonce12: Uint8Array, n: number): Uint8Array {
  const count = 1 + Math.ceil(n / 16);
  const blocks = new Uint8Array(16 * count);
  if (LE) {
    const w = new Int32Array(blocks.buffer);
    const nv = new Int32Array(new Uint8Array(nonce12).buffer);
    const [n0, n1, n2] = [nv[0]!, nv[1]!, nv[2]!];
    for (let i = 1, o = 0; i <= count; i++, o += 4) {
      w[o] = n0;
      w[o + 1] = n1;
      w[o + 2] = n2;
      w[o + 3] = (i << 24) | ((i & 0xff00) << 8) | ((i >>> 8) & 0xff00) | (i >>> 24);
    }
    return blocks;
  }
  for (let o = 0, i = 1; o < blocks.length; o += 16, i++) {
    blocks.set(nonce12, o);
    blocks[o + 12] = i >>> 24;
    blocks[o + 13] = (i >>> 16) & 255;
    blocks[o + 14] = (i >>> 8) & 255;
    blocks[o + 15] = i & 255;
  }
  return blocks;
}

// out[at, at + n) = data[from, from + n) XOR keystream (ks from byte 16: after E(K, J0)); four
// bytes at a time when all three start word-aligned, as they do for blob chunks
function xorInto(
  data: Uint8Array,
  from: number,
  ks: Uint8Array,
  out: Uint8Array,
  at: number,
  n: number,
): void {
  let i = 0;
  const d = data.byteOffset + from;
  const k = ks.byteOffset + 16;
  const o = out.byteOffset + at;
  if (n >= 64 && ((d | k | o) & 3) === 0) {
    const words = n >>> 2;
    const dw = new Int32Array(data.buffer, d, words);
    const kw = new Int32Array(ks.buffer, k, words);
    const ow = new Int32Array(out.buffer, o, words);
    for (let j = 0; j < words; j++) ow[j] = dw[j]! ^ kw[j]!;
    i = words << 2;
  }
  for (; i < n; i++) out[at + i] = data[from + i]! ^ ks[16 + i]!;
}

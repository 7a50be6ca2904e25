// SM4-GCM: the GCM mode of NIST SP 800-38D over the SM4 block cipher, as RFC 8998 §3 specifies
// for TLS 1.3 (12-byte IV, 16-byte tag; GB/T 36624 lists the same mode). Both backends share
// this code and differ only in the block cipher: a native OpenSSL SM4 (ECB for H and E(K, J0),
// CTR for the keystream, since OpenSSL 3.0 has no sm4-gcm) or the pure-JS SM4 of ./sm4.ts.
// GHASH is @noble/ciphers' GHASH on both, so the tag bytes cannot differ between them.
import { GHASH, ghash } from '@noble/ciphers/_polyval.js';
import { equalBytes } from '../../_internal/bytes.js';
import { PiiError } from '../../errors.js';

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

function lengths(aadLen: number, ctLen: number): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt(aadLen) * 8n, false);
  v.setBigUint64(8, BigInt(ctLen) * 8n, false);
  return b;
}

// H = E(K, 0^128) and E(K, J0) with J0 = IV || 0^31 || 1 (SP 800-38D §7.1 step 2), in one call.
function hashKeyAndMask(core: Sm4Core, key: Uint8Array, nonce12: Uint8Array): [Uint8Array, Uint8Array] {
  const blocks = new Uint8Array(32);
  blocks.set(nonce12, 16);
  blocks[31] = 1;
  const out = core.ecb(key, blocks);
  return [out.subarray(0, 16), out.subarray(16, 32)];
}

function tag(h: Uint8Array, ej0: Uint8Array, aad: Uint8Array, ct: Uint8Array): Uint8Array {
  const g = ghash.create(h, aad.length + ct.length);
  if (aad.length) g.update(aad);
  if (ct.length) g.update(ct);
  g.update(lengths(aad.length, ct.length));
  const t = g.digest();
  for (let i = 0; i < 16; i++) t[i]! ^= ej0[i]!;
  return t;
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

// GHASH under one H, its table built once and reused: a field costs a few table lookups per
// block instead of a fresh 256-entry table per value. Same @noble code, so the same tags.
class KeyedGhash extends GHASH {
  tag(ej0: Uint8Array, aad: Uint8Array, ct: Uint8Array): Uint8Array {
    this.s0 = this.s1 = this.s2 = this.s3 = 0;
    this.finished = false;
    if (ct.length > 1024) {
      // large chunks: no extra copy of the ciphertext (blob streams keep memory flat)
      if (aad.length) this.update(aad);
      this.update(ct);
      this.update(lengths(aad.length, ct.length));
      return this.finish(ej0);
    }
    // one update over A || 0-pad || C || 0-pad || len(A) || len(C): update() zero-pads each call
    // to a block, so this is the same GHASH input as three calls, with one copy instead of three
    const pa = (aad.length + 15) & ~15;
    const pc = (ct.length + 15) & ~15;
    const buf = new Uint8Array(pa + pc + 16);
    buf.set(aad);
    buf.set(ct, pa);
    const v = new DataView(buf.buffer);
    v.setUint32(pa + pc + 4, aad.length * 8, false);
    v.setUint32(pa + pc + 12, ct.length * 8, false);
    if (aad.length >= 2 ** 29 || ct.length >= 2 ** 29) buf.set(lengths(aad.length, ct.length), pa + pc);
    this.update(buf);
    return this.finish(ej0);
  }

  private finish(ej0: Uint8Array): Uint8Array {
    const t = new Uint8Array(16);
    this.digestInto(t);
    for (let i = 0; i < 16; i++) t[i]! ^= ej0[i]!;
    return t;
  }
}

/** SM4-GCM under one key, set up once: H computed once, the block cipher object reused. @internal */
export interface Sm4GcmKeyed {
  seal(nonce12: Uint8Array, aad: Uint8Array, pt: Uint8Array, prefix?: Uint8Array): Uint8Array;
  open(nonce12: Uint8Array, aad: Uint8Array, ctTag: Uint8Array, from?: number): Uint8Array | undefined;
}

/**
 * The same SM4-GCM as {@link sm4GcmSeal} with the key set up once: `ecb` is the keyed block
 * cipher; E(K, J0) and the keystream come from one ECB call over J0, inc32(J0), inc32²(J0), …
 * (SP 800-38D §6.5, §7.1), so a field costs one native call and no cipher object. @internal
 */
export function sm4GcmKeyed(ecb: (blocks: Uint8Array) => Uint8Array, bulk = false): Sm4GcmKeyed {
  const h = new Uint8Array(ecb(new Uint8Array(16)));
  // GHASH table windows: 4 bits for fields (32 lookups per block, a 512-entry table per key),
  // 8 bits for blob streams (16 lookups per block; the 4,096-entry table pays off over a chunk)
  const g = new KeyedGhash(h, bulk ? 128 * 1024 : 2048);
  const stream = (nonce12: Uint8Array, n: number): Uint8Array => {
    const blocks = new Uint8Array(16 * (1 + Math.ceil(n / 16)));
    const v = new DataView(blocks.buffer);
    for (let o = 0, i = 1; o < blocks.length; o += 16, i++) {
      blocks.set(nonce12, o);
      v.setUint32(o + 12, i >>> 0, false);
    }
    return ecb(blocks);
  };
  const xor = (data: Uint8Array, ks: Uint8Array, out: Uint8Array, at: number): void => {
    for (let i = 0; i < data.length; i++) out[at + i] = data[i]! ^ ks[16 + i]!;
  };
  return {
    seal(nonce12, aad, pt, prefix) {
      if (nonce12.length !== 12) throw new PiiError('INVALID_ARGUMENT', 'SM4-GCM needs a 12-byte nonce.');
      if (pt.length > MAX_PT) throw new PiiError('INVALID_ARGUMENT', 'SM4-GCM input too long; split it.');
      const e = stream(nonce12, pt.length);
      const p = prefix?.length ?? 0;
      const out = new Uint8Array(p + pt.length + 16);
      if (prefix) out.set(prefix);
      xor(pt, e, out, p);
      out.set(g.tag(e.subarray(0, 16), aad, out.subarray(p, p + pt.length)), p + pt.length);
      return out;
    },
    open(nonce12, aad, ctTag, from = 0) {
      const end = ctTag.length - 16;
      if (end < from || nonce12.length !== 12 || end - from > MAX_PT) return undefined;
      const ct = ctTag.subarray(from, end);
      const e = stream(nonce12, ct.length);
      if (!equalBytes(g.tag(e.subarray(0, 16), aad, ct), ctTag.subarray(end))) return undefined;
      const pt = new Uint8Array(ct.length);
      xor(ct, e, pt, 0);
      return pt;
    },
  };
}

// SM2 digital signatures (GB/T 32918.2-2016) on @noble/curves' short-Weierstrass arithmetic,
// with the recommended 256-bit curve of GB/T 32918.5-2017. The signer's identity enters the
// signed digest through Z_A (GB/T 32918.2 §5.5); courier-pii always uses the default
// distinguishing identifier "1234567812345678" of GB/T 35276-2017, so a signature made here
// verifies in any SM2 implementation left at its default (docs/formats.md, SM2 signatures).
import { type WeierstrassPointCons, weierstrass } from '@noble/curves/abstract/weierstrass.js';
import type { CHash } from '@noble/hashes/utils.js';
import { concatBytes } from '../../_internal/bytes.js';
import { PiiError } from '../../errors.js';
import { sm3 } from './sm3.js';

/** The curve parameters SM2 works over (affine generator, prime order, cofactor 1). @internal */
export interface Sm2Curve {
  readonly Point: WeierstrassPointCons<bigint>;
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  readonly n: bigint;
  readonly Gx: bigint;
  readonly Gy: bigint;
}

/** Builds a curve from its parameters (tests use the example curve of GB/T 32918.2 Annex A). @internal */
export function sm2Curve(c: Omit<Sm2Curve, 'Point'>): Sm2Curve {
  return { ...c, Point: weierstrass({ p: c.p, n: c.n, h: 1n, a: c.a, b: c.b, Gx: c.Gx, Gy: c.Gy }) };
}

const hex = (s: string): bigint => BigInt(`0x${s.replace(/\s+/g, '')}`);

/** The recommended curve of GB/T 32918.5-2017. @internal */
export const SM2_P256: Sm2Curve = sm2Curve({
  p: hex('FFFFFFFE FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 00000000 FFFFFFFF FFFFFFFF'),
  a: hex('FFFFFFFE FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 00000000 FFFFFFFF FFFFFFFC'),
  b: hex('28E9FA9E 9D9F5E34 4D5A9E4B CF6509A7 F39789F5 15AB8F92 DDBCBD41 4D940E93'),
  n: hex('FFFFFFFE FFFFFFFF FFFFFFFF FFFFFFFF 7203DF6B 21C6052B 53BBF409 39D54123'),
  Gx: hex('32C4AE2C 1F198119 5F990446 6A39C994 8FE30BBF F2660BE1 715A4589 334C74C7'),
  Gy: hex('BC3736A2 F4F6779C 59BDCEE3 6B692153 D0A9877C C62A4740 02DF32E5 2139F0A0'),
});

/** The default distinguishing identifier of GB/T 35276-2017, as bytes. @internal */
export const SM2_DEFAULT_ID = new TextEncoder().encode('1234567812345678');

/** A scalar or coordinate as 32 big-endian bytes. @internal */
export function toBytes32(x: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = x;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Big-endian bytes as an integer. @internal */
export function toBig(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

const mod = (x: bigint, n: bigint): bigint => ((x % n) + n) % n;

function invert(x: bigint, n: bigint): bigint {
  // extended Euclid; n is prime and 0 < x < n here
  let [a, b, u, v] = [mod(x, n), n, 1n, 0n];
  while (a !== 0n) {
    const q = b / a;
    [a, b, u, v] = [b - q * a, a, v - q * u, u];
  }
  return mod(v, n);
}

/** Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A) (GB/T 32918.2 §5.5). @internal */
export function sm2Za(
  curve: Sm2Curve,
  publicKey: Uint8Array,
  id: Uint8Array = SM2_DEFAULT_ID,
  hash: CHash = sm3,
): Uint8Array {
  if (id.length > 8191) throw new PiiError('INVALID_ARGUMENT', 'SM2 identifier too long.');
  const entl = new Uint8Array([(id.length * 8) >>> 8, (id.length * 8) & 0xff]);
  const pt = publicPoint(curve, publicKey);
  const { x, y } = pt.toAffine();
  return hash(
    concatBytes(
      entl,
      id,
      toBytes32(curve.a),
      toBytes32(curve.b),
      toBytes32(curve.Gx),
      toBytes32(curve.Gy),
      toBytes32(x),
      toBytes32(y),
    ),
  );
}

function publicPoint(curve: Sm2Curve, publicKey: Uint8Array) {
  if (publicKey.length !== 65 || publicKey[0] !== 4) {
    throw new PiiError('INVALID_ARGUMENT', 'An SM2 public key is 65 bytes: 0x04 || x || y.');
  }
  const p = new curve.Point(toBig(publicKey.subarray(1, 33)), toBig(publicKey.subarray(33, 65)), 1n);
  p.assertValidity();
  return p;
}

function scalar(curve: Sm2Curve, secretKey: Uint8Array): bigint {
  const d = secretKey.length === 32 ? toBig(secretKey) : 0n;
  // d in [1, n - 2]: (1 + d) must be invertible mod n (GB/T 32918.1 §6.1)
  if (d < 1n || d > curve.n - 2n)
    throw new PiiError('INVALID_ARGUMENT', 'An SM2 secret key is 32 bytes in [1, n-2].');
  return d;
}

/** The 65-byte uncompressed public key of a 32-byte SM2 secret key. @internal */
export function sm2PublicKey(secretKey: Uint8Array, curve: Sm2Curve = SM2_P256): Uint8Array {
  const { x, y } = curve.Point.BASE.multiply(scalar(curve, secretKey)).toAffine();
  return concatBytes(new Uint8Array([4]), toBytes32(x), toBytes32(y));
}

/** A fresh SM2 secret key from `random` (rejection sampling into [1, n - 2]). @internal */
export function sm2SecretKey(random: (n: number) => Uint8Array, curve: Sm2Curve = SM2_P256): Uint8Array {
  for (;;) {
    const k = random(32);
    const d = toBig(k);
    if (d >= 1n && d <= curve.n - 2n) return k;
  }
}

/**
 * SM2 signature `r || s` (64 bytes) of `msg` (GB/T 32918.2 §6.1). `nonce` supplies k and is
 * only replaced in known-answer tests; in use it draws from a CSPRNG, retried as the standard says.
 * @internal
 */
export function sm2Sign(
  secretKey: Uint8Array,
  msg: Uint8Array,
  random: (n: number) => Uint8Array,
  opts: { curve?: Sm2Curve; id?: Uint8Array; publicKey?: Uint8Array } = {},
): Uint8Array {
  const curve = opts.curve ?? SM2_P256;
  const d = scalar(curve, secretKey);
  const pub = opts.publicKey ?? sm2PublicKey(secretKey, curve);
  const e = toBig(sm3(concatBytes(verifierKey(curve, pub, opts.id).za, msg)));
  const { n } = curve;
  const dInv = invert(1n + d, n);
  for (;;) {
    const k = toBig(random(32));
    if (k === 0n || k >= n) continue;
    const x1 = curve.Point.BASE.multiply(k).toAffine().x;
    const r = mod(e + x1, n);
    if (r === 0n || r + k === n) continue;
    const s = mod(dInv * (k - r * d), n);
    if (s === 0n) continue;
    return concatBytes(toBytes32(r), toBytes32(s));
  }
}

/** Verifies an SM2 `r || s` signature (GB/T 32918.2 §7.1); false (never throws) for malformed input. @internal */
// Verifiers check many signatures of few keys (an issuer's tokens, a log's checkpoints): the
// validated point and Z_A of the last keys seen under the default id are kept. Public values only.
const VERIFIER_KEYS = 64;
const verifierKeys = new WeakMap<
  Sm2Curve,
  Map<string, { pa: ReturnType<typeof publicPoint>; za: Uint8Array }>
>();

function verifierKey(curve: Sm2Curve, publicKey: Uint8Array, id: Uint8Array | undefined) {
  if (id) return { pa: publicPoint(curve, publicKey), za: sm2Za(curve, publicKey, id) };
  let byKey = verifierKeys.get(curve);
  if (!byKey) {
    byKey = new Map();
    verifierKeys.set(curve, byKey);
  }
  const k = String.fromCharCode(...publicKey);
  let hit = byKey.get(k);
  if (!hit) {
    hit = { pa: publicPoint(curve, publicKey), za: sm2Za(curve, publicKey) };
    if (byKey.size >= VERIFIER_KEYS) byKey.delete(byKey.keys().next().value!);
    byKey.set(k, hit);
  }
  return hit;
}

export function sm2Verify(
  publicKey: Uint8Array,
  msg: Uint8Array,
  sig: Uint8Array,
  opts: { curve?: Sm2Curve; id?: Uint8Array } = {},
): boolean {
  const curve = opts.curve ?? SM2_P256;
  const { n } = curve;
  if (sig.length !== 64) return false;
  try {
    const { pa, za } = verifierKey(curve, publicKey, opts.id);
    const r = toBig(sig.subarray(0, 32));
    const s = toBig(sig.subarray(32));
    if (r < 1n || r >= n || s < 1n || s >= n) return false;
    const t = mod(r + s, n);
    if (t === 0n) return false;
    const e = toBig(sm3(concatBytes(za, msg)));
    // Only public values here (s, t, P_A), so the faster variable-time multiplication is safe:
    // s*G + t*P_A on one doubling chain (Strauss-Shamir), as ECDSA verification does.
    const x1 = curve.Point.BASE.mulAddUnsafe(s, pa, t).toAffine().x;
    return mod(e + x1, n) === r;
  } catch {
    return false;
  }
}

// XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03 §2.3) as HChaCha20 + ChaCha20-Poly1305, so the
// subkey can be computed once per nonce prefix and each message costs one native AEAD call.
import type { Backend } from './backend.js';

/** The 12-byte ChaCha20-Poly1305 nonce for the last 8 bytes of a 24-byte XChaCha nonce. */
export function innerNonce(nonce24: Uint8Array): Uint8Array {
  const n = new Uint8Array(12);
  n.set(nonce24.subarray(16, 24), 4);
  return n;
}

/** XChaCha20-Poly1305 seal: returns `prefix || ct || tag`. */
export function xchachaSeal(
  b: Backend,
  key: Uint8Array,
  nonce24: Uint8Array,
  aad: Uint8Array,
  pt: Uint8Array,
  prefix?: Uint8Array,
): Uint8Array {
  return b.chachaSeal(b.hchacha(key, nonce24.subarray(0, 16)), innerNonce(nonce24), aad, pt, prefix);
}

/** XChaCha20-Poly1305 open of `ct || tag`; undefined when authentication fails. */
export function xchachaOpen(
  b: Backend,
  key: Uint8Array,
  nonce24: Uint8Array,
  aad: Uint8Array,
  ctTag: Uint8Array,
): Uint8Array | undefined {
  if (nonce24.length !== 24) return undefined;
  return b.chachaOpen(b.hchacha(key, nonce24.subarray(0, 16)), innerNonce(nonce24), aad, ctTag);
}

// Encrypting an outgoing dataset to a recipient's SM2 public key, the GM counterpart of the HPKE
// seal (./recipient-seal.ts). A fresh 16-byte SM4 key is encrypted with SM2 public-key
// encryption as GB/T 32918.4-2016 §6 defines it (C1 || C3 || C2 order of GB/T 35276-2017, KDF of
// §5.4.3 over SM3), and the dataset with SM4-GCM (GB/T 36624, RFC 8998) under that key, the
// context string as AAD. The container is `cpii-sm2e1.` + base64url(C1(65) || C3(32) ||
// C2(16) || nonce(12) || ciphertext || tag(16)) (docs/formats.md, "SM2 transfer package").
// test/lifecycle/recipient-seal-sm2.test.ts opens the key block with sm-crypto-v2.
import { assertBytes } from '../_internal/assert.js';
import { concatBytes, fromBase64url, toBase64url, utf8 } from '../_internal/bytes.js';
import { selectGmBackend } from '../crypto/gm/gm-backend.js';
import { SM2_P256, sm2PublicKey, sm2SecretKey, toBig, toBytes32 } from '../crypto/gm/sm2.js';
import { PiiError } from '../errors.js';

const PREFIX = 'cpii-sm2e1.';
const KEY_BLOCK = 65 + 32 + 16;
const gm = selectGmBackend('auto');

/** An SM2 key pair of a transfer recipient. */
export interface Sm2RecipientKeyPair {
  /** 32-byte SM2 secret key; stays with the recipient. */
  secretKey: Uint8Array;
  /** 65-byte SM2 public key (0x04 || x || y); given to the sender. */
  publicKey: Uint8Array;
}

const random = (n: number): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(n));

function point(b: Uint8Array) {
  if (b.length !== 65 || b[0] !== 4) throw new RangeError('not an uncompressed SM2 point');
  const p = new SM2_P256.Point(toBig(b.subarray(1, 33)), toBig(b.subarray(33)), 1n);
  p.assertValidity();
  return p;
}

/** KDF of GB/T 32918.4 §5.4.3: SM3(Z || ct) for ct = 1, 2, ... (32-bit big-endian). */
function kdf(z: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let ct = 1, off = 0; off < len; ct++, off += 32) {
    const h = gm.sm3(
      concatBytes(z, new Uint8Array([ct >>> 24, (ct >>> 16) & 255, (ct >>> 8) & 255, ct & 255])),
    );
    out.set(h.subarray(0, Math.min(32, len - off)), off);
  }
  return out;
}

/** SM2 encryption (GB/T 32918.4 §6.1) of a short message, C1 || C3 || C2; `k` only for tests. @internal */
export function sm2Encrypt(publicKey: Uint8Array, msg: Uint8Array, k?: bigint): Uint8Array {
  const pb = point(publicKey);
  for (;;) {
    const kk = k ?? toBig(sm2SecretKey(random));
    const c1 = SM2_P256.Point.BASE.multiply(kk).toAffine();
    const s = pb.multiply(kk).toAffine();
    const x2 = toBytes32(s.x);
    const y2 = toBytes32(s.y);
    const t = kdf(concatBytes(x2, y2), msg.length);
    if (t.every((v) => v === 0)) continue; // §6.1 A5: all-zero t, pick another k
    const c2 = msg.map((v, i) => v ^ t[i]!);
    const c3 = gm.sm3(concatBytes(x2, msg, y2));
    return concatBytes(new Uint8Array([4]), toBytes32(c1.x), toBytes32(c1.y), c3, c2);
  }
}

/** SM2 decryption (GB/T 32918.4 §7.1) of C1 || C3 || C2; undefined when it does not check. @internal */
export function sm2Decrypt(secretKey: Uint8Array, c: Uint8Array): Uint8Array | undefined {
  if (c.length < 65 + 32 + 1 || secretKey.length !== 32) return undefined;
  try {
    const d = toBig(secretKey);
    if (d < 1n || d > SM2_P256.n - 2n) return undefined;
    const s = point(c.subarray(0, 65)).multiply(d).toAffine();
    const x2 = toBytes32(s.x);
    const y2 = toBytes32(s.y);
    const c2 = c.subarray(97);
    const t = kdf(concatBytes(x2, y2), c2.length);
    if (t.every((v) => v === 0)) return undefined;
    const m = c2.map((v, i) => v ^ t[i]!);
    const u = gm.sm3(concatBytes(x2, m, y2));
    let diff = 0;
    for (let i = 0; i < 32; i++) diff |= u[i]! ^ c[65 + i]!;
    return diff === 0 ? m : undefined;
  } catch {
    return undefined;
  }
}

function failed(): PiiError {
  return new PiiError(
    'CIPHERTEXT_INVALID',
    'The transfer package could not be opened: it is damaged, or not meant for this key and context.',
  );
}

/**
 * Creates an SM2 key pair for a transfer recipient (GB/T 32918, recommended curve).
 *
 * @returns a fresh key pair; give `publicKey` to the sender
 * @example
 * ```ts
 * import { generateSm2RecipientKey } from 'courier-pii/lifecycle';
 * const { publicKey } = generateSm2RecipientKey();
 * console.log(publicKey.length); // 65
 * ```
 */
export function generateSm2RecipientKey(): Sm2RecipientKeyPair {
  const secretKey = sm2SecretKey(random);
  return { secretKey, publicKey: sm2PublicKey(secretKey) };
}

/**
 * Encrypts a dataset to a recipient's SM2 public key: SM2 encryption (GB/T 32918.4) of a fresh
 * SM4 key, SM4-GCM of the data with `info` bound as associated data (docs/lifecycle.md,
 * "Transfer packages").
 *
 * @param recipientPublicKey - the recipient's 65-byte SM2 public key
 * @param plaintext - the bytes to send
 * @param info - context bound to the package (the transfer record id)
 * @returns a `cpii-sm2e1.` string
 * @throws PiiError INVALID_ARGUMENT when the key is not a point of the SM2 curve or an input is malformed
 * @example
 * ```ts
 * import { generateSm2RecipientKey, openFromSm2Sender, sealForSm2Recipient } from 'courier-pii/lifecycle';
 * const r = generateSm2RecipientKey();
 * const box = sealForSm2Recipient(r.publicKey, new TextEncoder().encode('[]'), 'transfer-1');
 * console.log(new TextDecoder().decode(openFromSm2Sender(r.secretKey, box, 'transfer-1'))); // []
 * ```
 */
export function sealForSm2Recipient(
  recipientPublicKey: Uint8Array,
  plaintext: Uint8Array,
  info: string,
): string {
  assertBytes('recipientPublicKey', recipientPublicKey, 65);
  assertBytes('plaintext', plaintext);
  if (typeof info !== 'string') throw new PiiError('INVALID_ARGUMENT', 'info must be a string.');
  const key = random(16);
  let block: Uint8Array;
  try {
    block = sm2Encrypt(recipientPublicKey, key);
  } catch (cause) {
    throw new PiiError('INVALID_ARGUMENT', 'recipientPublicKey is not a usable SM2 public key.', { cause });
  }
  const nonce = random(12);
  const sealed = gm.sm4GcmSeal(key, nonce, utf8(info), plaintext, concatBytes(block, nonce));
  return PREFIX + toBase64url(sealed);
}

/**
 * Opens a package made by {@link sealForSm2Recipient}.
 *
 * @param recipientSecretKey - the recipient's 32-byte SM2 secret key
 * @param sealed - the `cpii-sm2e1.` string
 * @param info - the same context string the sender used
 * @returns the plaintext bytes
 * @throws PiiError CIPHERTEXT_INVALID when the package is damaged or for another key or context
 * @example
 * ```ts
 * import { generateSm2RecipientKey, openFromSm2Sender, sealForSm2Recipient } from 'courier-pii/lifecycle';
 * const r = generateSm2RecipientKey();
 * const box = sealForSm2Recipient(r.publicKey, new Uint8Array([1, 2]), 'transfer-2');
 * console.log(openFromSm2Sender(r.secretKey, box, 'transfer-2').length); // 2
 * ```
 */
export function openFromSm2Sender(recipientSecretKey: Uint8Array, sealed: string, info: string): Uint8Array {
  assertBytes('recipientSecretKey', recipientSecretKey, 32);
  if (typeof sealed !== 'string' || !sealed.startsWith(PREFIX) || typeof info !== 'string') throw failed();
  const raw = fromBase64url(sealed.slice(PREFIX.length));
  if (!raw || raw.length < KEY_BLOCK + 12 + 16) throw failed();
  const key = sm2Decrypt(recipientSecretKey, raw.subarray(0, KEY_BLOCK));
  if (!key) throw failed();
  const out = gm.sm4GcmOpen(key, raw.subarray(KEY_BLOCK, KEY_BLOCK + 12), utf8(info), raw, KEY_BLOCK + 12);
  if (!out) throw failed();
  // the native backend hands back a Buffer; callers get a plain Uint8Array
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

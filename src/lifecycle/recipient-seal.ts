// Encrypting an outgoing dataset to a recipient's X25519 public key. The construction follows
// the base mode of RFC 9180 (HPKE) with DHKEM(X25519, HKDF-SHA256) (§4.1), HKDF-SHA256 and
// ChaCha20-Poly1305 (suite 0x0020/0x0001/0x0003), single-shot (§6.1), sequence number 0, empty
// AAD. test/lifecycle/recipient-seal.test.ts checks the key schedule and the first encryption
// against the RFC's known-answer values for this suite. The container is
// `cpii-hpke1.` + base64url(enc(32) || ciphertext).
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { assertBytes } from '../_internal/assert.js';
import { concatBytes, fromBase64url, toBase64url, utf8 } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';

const PREFIX = 'cpii-hpke1.';
const KEM_ID = new Uint8Array([0x00, 0x20]);
const SUITE_KEM = concatBytes(utf8('KEM'), KEM_ID);
const SUITE_HPKE = concatBytes(utf8('HPKE'), KEM_ID, new Uint8Array([0x00, 0x01, 0x00, 0x03]));
const V1 = utf8('HPKE-v1');
const EMPTY = new Uint8Array(0);

/** An X25519 key pair of a transfer recipient. */
export interface RecipientKeyPair {
  /** 32-byte X25519 secret key; stays with the recipient. */
  secretKey: Uint8Array;
  /** 32-byte X25519 public key; given to the sender. */
  publicKey: Uint8Array;
}

function i2osp2(n: number): Uint8Array {
  return new Uint8Array([(n >>> 8) & 0xff, n & 0xff]);
}

function labeledExtract(suite: Uint8Array, salt: Uint8Array, label: string, ikm: Uint8Array): Uint8Array {
  return extract(sha256, concatBytes(V1, suite, utf8(label), ikm), salt);
}

function labeledExpand(
  suite: Uint8Array,
  prk: Uint8Array,
  label: string,
  info: Uint8Array,
  len: number,
): Uint8Array {
  return expand(sha256, prk, concatBytes(i2osp2(len), V1, suite, utf8(label), info), len);
}

function kemShared(dh: Uint8Array, enc: Uint8Array, pkR: Uint8Array): Uint8Array {
  const prk = labeledExtract(SUITE_KEM, EMPTY, 'eae_prk', dh);
  return labeledExpand(SUITE_KEM, prk, 'shared_secret', concatBytes(enc, pkR), 32);
}

function schedule(shared: Uint8Array, info: Uint8Array): { key: Uint8Array; nonce: Uint8Array } {
  const pskIdHash = labeledExtract(SUITE_HPKE, EMPTY, 'psk_id_hash', EMPTY);
  const infoHash = labeledExtract(SUITE_HPKE, EMPTY, 'info_hash', info);
  const ctx = concatBytes(new Uint8Array([0x00]), pskIdHash, infoHash);
  const secret = labeledExtract(SUITE_HPKE, shared, 'secret', EMPTY);
  return {
    key: labeledExpand(SUITE_HPKE, secret, 'key', ctx, 32),
    nonce: labeledExpand(SUITE_HPKE, secret, 'base_nonce', ctx, 12),
  };
}

function failed(): PiiError {
  return new PiiError(
    'CIPHERTEXT_INVALID',
    'The transfer package could not be opened: it is damaged, or not meant for this key and context.',
  );
}

/**
 * Creates an X25519 key pair for a transfer recipient.
 *
 * @returns a fresh key pair; give `publicKey` to the sender
 * @example
 * ```ts
 * import { generateRecipientKey } from 'courier-pii/lifecycle';
 * const { publicKey } = generateRecipientKey();
 * console.log(publicKey.length); // 32
 * ```
 */
export function generateRecipientKey(): RecipientKeyPair {
  const { secretKey, publicKey } = x25519.keygen();
  return { secretKey, publicKey };
}

/**
 * Encrypts a dataset to a recipient's X25519 public key (RFC 9180 base mode, single shot,
 * see docs/lifecycle.md "Transfer packages"). `info` binds the context, e.g. the transfer id.
 *
 * @param recipientPublicKey - the recipient's 32-byte X25519 public key
 * @param plaintext - the bytes to send
 * @param info - context bound into the key schedule (the transfer record id)
 * @returns a `cpii-hpke1.` string
 * @throws PiiError INVALID_ARGUMENT when a key or input is malformed
 * @example
 * ```ts
 * import { generateRecipientKey, openFromSender, sealForRecipient } from 'courier-pii/lifecycle';
 * const r = generateRecipientKey();
 * const box = sealForRecipient(r.publicKey, new TextEncoder().encode('[]'), 'transfer-1');
 * console.log(new TextDecoder().decode(openFromSender(r.secretKey, box, 'transfer-1'))); // []
 * ```
 */
export function sealForRecipient(
  recipientPublicKey: Uint8Array,
  plaintext: Uint8Array,
  info: string,
): string {
  assertBytes('recipientPublicKey', recipientPublicKey, 32);
  assertBytes('plaintext', plaintext);
  const eph = x25519.keygen();
  const { enc, ct } = sealBase(eph.secretKey, recipientPublicKey, plaintext, utf8(info), EMPTY);
  return PREFIX + toBase64url(concatBytes(enc, ct));
}

/** RFC 9180 base-mode single-shot seal with a given ephemeral secret (known-answer tests). @internal */
export function sealBase(
  skE: Uint8Array,
  pkR: Uint8Array,
  pt: Uint8Array,
  info: Uint8Array,
  aad: Uint8Array,
): { enc: Uint8Array; ct: Uint8Array; shared: Uint8Array; key: Uint8Array; nonce: Uint8Array } {
  const enc = x25519.getPublicKey(skE);
  let dh: Uint8Array;
  try {
    dh = x25519.getSharedSecret(skE, pkR);
  } catch (cause) {
    throw new PiiError('INVALID_ARGUMENT', 'recipientPublicKey is not a usable X25519 public key.', {
      cause,
    });
  }
  const shared = kemShared(dh, enc, pkR);
  const { key, nonce } = schedule(shared, info);
  return { enc, ct: chacha20poly1305(key, nonce, aad).encrypt(pt), shared, key, nonce };
}

/**
 * Opens a package made by {@link sealForRecipient}.
 *
 * @param recipientSecretKey - the recipient's 32-byte X25519 secret key
 * @param sealed - the `cpii-hpke1.` string
 * @param info - the same context string the sender used
 * @returns the plaintext bytes
 * @throws PiiError CIPHERTEXT_INVALID when the package is damaged or for another key or context
 * @example
 * ```ts
 * import { generateRecipientKey, openFromSender, sealForRecipient } from 'courier-pii/lifecycle';
 * const r = generateRecipientKey();
 * const box = sealForRecipient(r.publicKey, new Uint8Array([1, 2]), 'transfer-2');
 * console.log(openFromSender(r.secretKey, box, 'transfer-2').length); // 2
 * ```
 */
export function openFromSender(recipientSecretKey: Uint8Array, sealed: string, info: string): Uint8Array {
  assertBytes('recipientSecretKey', recipientSecretKey, 32);
  if (typeof sealed !== 'string' || !sealed.startsWith(PREFIX)) throw failed();
  const raw = fromBase64url(sealed.slice(PREFIX.length));
  if (!raw || raw.length < 32 + 16) throw failed();
  const enc = raw.subarray(0, 32);
  try {
    const pkR = x25519.getPublicKey(recipientSecretKey);
    const dh = x25519.getSharedSecret(recipientSecretKey, enc);
    const { key, nonce } = schedule(kemShared(dh, enc, pkR), utf8(info));
    return chacha20poly1305(key, nonce, EMPTY).decrypt(raw.subarray(32));
  } catch {
    throw failed();
  }
}

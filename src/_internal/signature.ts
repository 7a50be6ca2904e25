// The one signer of the library: every signed format (audit checkpoints, consent tokens,
// destruction certificates, handover manifests, transfer records) signs and verifies through
// here, and each names its algorithm in the bytes it writes (docs/formats.md, "Signature
// algorithms"). The verifier reads the algorithm from the format and refuses a key of the other
// kind, so an SM2 public key never checks an Ed25519-marked signature and vice versa.
//
// Key kinds are told apart by the public key alone: Ed25519 public keys are 32 bytes, SM2 ones
// 65 (0x04 || x || y). A bare 32-byte secret key is Ed25519 (as before this module existed); an
// SM2 secret key travels with `alg: 'sm2'` or its 65-byte public key.
//
// SM2 here is GB/T 32918.2 with the default signer id "1234567812345678" of GB/T 35276 in Z_A
// (src/crypto/gm/sm2.ts); it signs with a fresh random k, so SM2 signatures are not
// deterministic (verification is).
import { PiiError } from '../errors.js';
import { sm2PublicKey, sm2SecretKey, sm2Sign, sm2Verify } from '../crypto/gm/sm2.js';
import { sm3 } from '../crypto/gm/sm3.js';
import { type Ed25519Backend, selectEd25519, verifyIssuer } from './ed25519.js';

/** A signature algorithm courier-pii signs with. */
export type SignatureAlg = 'ed25519' | 'sm2';

/** The algorithms, for tests and option checks. */
export const SIGNATURE_ALGS: readonly SignatureAlg[] = ['ed25519', 'sm2'];

/** A secret key with its algorithm (absent = Ed25519) and optional public key. */
export interface AlgKeyPair {
  alg?: SignatureAlg;
  secretKey: Uint8Array;
  publicKey?: Uint8Array;
}

const ed: Ed25519Backend = selectEd25519('auto');

function random(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** Public-key length of each algorithm. */
export const PUBLIC_KEY_LENGTH: Readonly<Record<SignatureAlg, number>> = { ed25519: 32, sm2: 65 };

/** The algorithm a public key belongs to, or undefined when it is neither kind. */
export function publicKeyAlg(pk: unknown): SignatureAlg | undefined {
  if (!(pk instanceof Uint8Array)) return undefined;
  if (pk.length === 32) return 'ed25519';
  if (pk.length === 65 && pk[0] === 4) return 'sm2';
  return undefined;
}

/** Checks `alg` is one we know; throws INVALID_ARGUMENT naming `where`. */
export function checkAlg(where: string, alg: unknown): SignatureAlg {
  if (alg === 'ed25519' || alg === 'sm2') return alg;
  throw new PiiError('INVALID_ARGUMENT', `${where} must be 'ed25519' or 'sm2'.`);
}

/**
 * The algorithm of a key pair: its `alg`, else the kind of its public key, else Ed25519.
 * @throws PiiError KEY_INVALID for an unknown alg, a malformed secret key or a public key of the other kind
 */
export function keyPairAlg(key: AlgKeyPair, what = 'signingKey'): SignatureAlg {
  if (typeof key !== 'object' || key === null) throw badKey(what);
  const { alg, publicKey } = key;
  if (alg !== undefined && alg !== 'ed25519' && alg !== 'sm2') {
    throw new PiiError('KEY_INVALID', `${what}.alg must be 'ed25519' or 'sm2'.`);
  }
  const fromPk = publicKey === undefined ? undefined : publicKeyAlg(publicKey);
  if (publicKey !== undefined && fromPk === undefined) throw badKey(what);
  if (alg !== undefined && fromPk !== undefined && alg !== fromPk) {
    throw new PiiError('KEY_INVALID', `${what}: its publicKey is not an ${alg} public key.`);
  }
  if (!(key.secretKey instanceof Uint8Array) || key.secretKey.length !== 32) throw badKey(what);
  return alg ?? fromPk ?? 'ed25519';
}

function badKey(what: string): PiiError {
  return new PiiError(
    'KEY_INVALID',
    `${what} must be { secretKey } with a 32-byte Ed25519 secret key, or { alg: 'sm2', secretKey } with a 32-byte SM2 secret key.`,
  );
}

/** The public key of a secret key. @throws PiiError INVALID_ARGUMENT for an SM2 scalar out of range */
export function derivePublicKey(alg: SignatureAlg, secretKey: Uint8Array): Uint8Array {
  return alg === 'sm2' ? sm2PublicKey(secretKey) : ed.publicKey(secretKey);
}

/** A fresh key pair of `alg`; `rand` replaces the CSPRNG in tests. */
export function generateKeyPair(
  alg: SignatureAlg,
  rand: (n: number) => Uint8Array = random,
): { alg: SignatureAlg; secretKey: Uint8Array; publicKey: Uint8Array } {
  const secretKey = alg === 'sm2' ? sm2SecretKey(rand) : rand(32);
  return { alg, secretKey, publicKey: derivePublicKey(alg, secretKey) };
}

/** Signs `msg` (64-byte signature for both algorithms). */
export function signWith(alg: SignatureAlg, secretKey: Uint8Array, msg: Uint8Array, publicKey?: Uint8Array) {
  if (alg === 'sm2') return sm2Sign(secretKey, msg, random, publicKey ? { publicKey } : {});
  return ed.sign(secretKey, msg);
}

/**
 * Verifies a signature made with `alg` (read from the format, never guessed). False, never a
 * throw, for a key of the other kind, a malformed key or a bad signature.
 */
export function verifyWith(alg: SignatureAlg, publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array) {
  if (publicKeyAlg(publicKey) !== alg || sig.length !== 64) return false;
  return alg === 'sm2' ? sm2Verify(publicKey, msg, sig) : verifyIssuer(ed, publicKey, msg, sig);
}

/** A key pair resolved for signing: its algorithm, public key and a signing function. */
export interface Signer {
  alg: SignatureAlg;
  publicKey: Uint8Array;
  sign(msg: Uint8Array): Uint8Array;
}

/** Resolves a key pair into a {@link Signer}. @throws PiiError KEY_INVALID */
export function signerOf(key: AlgKeyPair, what = 'signingKey'): Signer {
  const alg = keyPairAlg(key, what);
  let publicKey: Uint8Array;
  try {
    publicKey = key.publicKey ?? derivePublicKey(alg, key.secretKey);
  } catch {
    throw badKey(what);
  }
  const sk = key.secretKey;
  return { alg, publicKey, sign: (msg) => signWith(alg, sk, msg, publicKey) };
}

/**
 * SM2 and SM3 as the consent token's SM2 suite uses them (ephemeral block keys, SM3
 * commitments and revocation ids); `random` supplies k and fresh secrets.
 */
export const sm2Primitives = {
  publicKey: (sk: Uint8Array): Uint8Array => sm2PublicKey(sk),
  sign: (sk: Uint8Array, msg: Uint8Array, rand: (n: number) => Uint8Array = random): Uint8Array =>
    sm2Sign(sk, msg, rand),
  verify: (pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean =>
    publicKeyAlg(pk) === 'sm2' && sig.length === 64 && sm2Verify(pk, msg, sig),
  secretKey: (rand: (n: number) => Uint8Array): Uint8Array => sm2SecretKey(rand),
  hash: (msg: Uint8Array): Uint8Array => sm3(msg),
};

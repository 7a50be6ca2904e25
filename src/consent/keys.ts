// Issuer signing keys: Ed25519, or SM2 for deployments assessed against the GM suite.
import { checkOptions } from '../_internal/options.js';
import { generateKeyPair } from '../_internal/signature.js';
import { PiiError } from '../errors.js';
import { selectEd25519 } from './ed25519.js';
import { GENERATE_SIGNING_KEY_OPTIONS } from './option-names.js';
import { randomOf } from './runtime.js';
import type { GenerateSigningKeyOptions, SigningKey } from './types.js';

/**
 * Creates a key pair for a consent issuer (also accepted as an audit checkpoint key and a
 * lifecycle signing key): Ed25519 by default, SM2 with `alg: 'sm2'` (GB/T 32918.2; signatures
 * use the default signer id `1234567812345678` of GB/T 35276).
 *
 * @param options - `alg` for SM2; `backend` to force an Ed25519 implementation; `random` for a deterministic seed in tests
 * @returns the 32-byte secret key and the public key (32 bytes Ed25519, 65 bytes SM2); `alg` is set for SM2 keys
 * @throws PiiError BACKEND_UNAVAILABLE when `backend: 'node'` is forced outside Node
 * @throws PiiError INVALID_ARGUMENT for an unknown option name or `alg`
 * @example
 * ```ts
 * import { generateSigningKey } from 'courier-pii/consent';
 * const { secretKey, publicKey } = generateSigningKey();
 * const sm2 = generateSigningKey({ alg: 'sm2' });
 * console.log(secretKey.length, publicKey.length, sm2.publicKey.length); // 32 32 65
 * ```
 */
export function generateSigningKey(options: GenerateSigningKeyOptions = {}): SigningKey {
  checkOptions('generateSigningKey', options, GENERATE_SIGNING_KEY_OPTIONS);
  const b = selectEd25519(options.backend);
  const alg = options.alg ?? 'ed25519';
  if (alg !== 'ed25519' && alg !== 'sm2') {
    throw new PiiError('INVALID_ARGUMENT', "generateSigningKey: alg must be 'ed25519' or 'sm2'.");
  }
  const random = randomOf(b, options.random);
  if (alg === 'sm2') return generateKeyPair('sm2', random);
  // Ed25519 keys keep their shape of before SM2 support ({ secretKey, publicKey }).
  const secretKey = random(32);
  return { secretKey, publicKey: b.publicKey(secretKey) };
}

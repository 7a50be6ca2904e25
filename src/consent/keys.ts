// Issuer signing keys.
import { type ConsentBackendChoice, selectEd25519 } from './ed25519.js';
import type { SigningKey } from './types.js';

/**
 * Creates an Ed25519 key pair for a consent issuer.
 *
 * @param options - `backend` to force an implementation; `random` for a deterministic seed in tests
 * @returns the 32-byte secret and public keys
 * @throws PiiError BACKEND_UNAVAILABLE when `backend: 'node'` is forced outside Node
 * @example
 * ```ts
 * import { generateSigningKey } from 'courier-pii/consent';
 * const { secretKey, publicKey } = generateSigningKey();
 * console.log(secretKey.length, publicKey.length); // 32 32
 * ```
 */
export function generateSigningKey(
  options: { backend?: ConsentBackendChoice; random?: (n: number) => Uint8Array } = {},
): SigningKey {
  const b = selectEd25519(options.backend);
  const secretKey = (options.random ?? b.randomBytes)(32);
  return { secretKey, publicKey: b.publicKey(secretKey) };
}

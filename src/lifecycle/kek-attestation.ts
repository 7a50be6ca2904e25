// After a handover the seller destroys its KEKs (an HSM's key deletion, the key file shredded) and
// says so in a signed statement bound to the manifest's digest, so the buyer can show later that
// the old controller kept no way to open the data. It is the seller's signed word, not a proof:
// docs/lifecycle.md, "What the buyer inherits". Signed through signing.ts like every lifecycle document.
import { assertNonEmptyString } from '../_internal/assert.js';
import { toHex } from '../_internal/bytes.js';
import { publicKeyAlg } from '../_internal/signature.js';
import { checkOptions } from '../_internal/options.js';
import { PiiError } from '../errors.js';
import { notSuppliedOf } from './handover-inheritance.js';
import { type HandoverManifest, manifestHash } from './manifest.js';
import { KEK_DESTRUCTION_OPTIONS } from './option-names.js';
import { type LifecycleSigningKey, publicKeyOf, signDoc, verifyDoc } from './signing.js';

const DOMAIN = 'courier-pii/lifecycle/kek-destruction/v1';

/** The seller's signed statement that its KEKs are destroyed. */
export interface KekDestructionAttestation {
  v: 1;
  handoverId: string;
  /** `manifestHash` of the handover manifest it follows. */
  manifestHash: string;
  /** The seller KEK ids destroyed (every one the manifest names). */
  kekIds: string[];
  /** How (`hsm-key-deleted`, `key-file-shredded`, …; no personal data). */
  method: string;
  /** When (ISO 8601). */
  destroyedAt: string;
  /** Hex of the seller's public key, Ed25519 or SM2 (informative; verify against a key you trust). */
  sellerPublicKey: string;
  /** The seller's signature over every other member (base64url; `sm2:` + base64url for SM2). */
  signature: string;
}

/** Options of {@link attestKekDestruction}. */
export interface KekDestructionOptions {
  /** The seller's signing key (the one that signed the manifest). */
  signingKey: LifecycleSigningKey;
  /** How the KEKs were destroyed. */
  method: string;
  /** When (default now). */
  destroyedAt?: Date;
}

/**
 * Signs, as the seller, that every seller KEK the manifest names was destroyed, bound to the
 * manifest's digest. Call it after destroying them; hand the statement to the buyer.
 *
 * @param manifest - the handover manifest
 * @param options - the seller's signing key, the method, the time
 * @returns the signed attestation
 * @throws PiiError INVALID_ARGUMENT when `method` is empty or an option is unknown
 * @throws PiiError KEY_INVALID when the signing key is malformed
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createKeyring, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { attestKekDestruction, handover, verifyKekDestruction } from 'courier-pii/lifecycle';
 * const from = createKeyring({ keks: [{ id: 'seller-kek', key: generateKey() }], active: 'seller-kek' });
 * const to = createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });
 * const sellerKey = ed25519.keygen();
 * const { manifest } = await handover({
 *   id: 'h-1', from: { keyring: from, keyStore: memoryKeyStore() }, to, purposes: ['delivery'],
 *   seller: { id: 'a', name: 'Seller Express Co.', contact: 'privacy@seller.example', signingKey: sellerKey },
 *   buyer: { id: 'b', name: 'Buyer Logistics Co.', contact: 'privacy@buyer.example' },
 * });
 * const att = attestKekDestruction(manifest, { signingKey: sellerKey, method: 'hsm-key-deleted' });
 * console.log(verifyKekDestruction(att, manifest, sellerKey.publicKey)); // true
 * ```
 */
export function attestKekDestruction(
  manifest: HandoverManifest,
  options: KekDestructionOptions,
): KekDestructionAttestation {
  checkOptions('attestKekDestruction', options, KEK_DESTRUCTION_OPTIONS);
  assertNonEmptyString('method', options?.method);
  const body: Omit<KekDestructionAttestation, 'signature'> = {
    v: 1,
    handoverId: manifest.handoverId,
    manifestHash: manifestHash(manifest),
    kekIds: [...manifest.keys.sellerKekIds].sort(),
    method: options.method,
    destroyedAt: (options.destroyedAt ?? new Date()).toISOString(),
    sellerPublicKey: toHex(publicKeyOf(options.signingKey)),
  };
  return { ...body, signature: signDoc(DOMAIN, body, options.signingKey) };
}

/**
 * Checks a KEK destruction attestation: the seller's signature (against a key you trust), the
 * manifest it names (its digest), and that it covers every seller KEK of that manifest.
 *
 * @param attestation - the seller's statement
 * @param manifest - the handover manifest it must follow
 * @param sellerPublicKey - the seller's public key (32-byte Ed25519 or 65-byte SM2), from a source you trust
 * @returns true only when all three hold
 * @throws PiiError KEY_INVALID when the public key is neither a 32-byte Ed25519 nor a 65-byte SM2 public key
 * @example
 * ```ts
 * import { verifyKekDestruction } from 'courier-pii/lifecycle';
 * const m = { handoverId: 'h', keys: { sellerKekIds: ['k'] } } as never;
 * console.log(verifyKekDestruction({} as never, m, new Uint8Array(32))); // false
 * ```
 */
export function verifyKekDestruction(
  attestation: KekDestructionAttestation,
  manifest: HandoverManifest,
  sellerPublicKey: Uint8Array,
): boolean {
  // either key kind the seller may sign with; the signature string names its algorithm
  if (publicKeyAlg(sellerPublicKey) === undefined)
    throw new PiiError(
      'KEY_INVALID',
      'sellerPublicKey must be a 32-byte Ed25519 or a 65-byte SM2 (0x04 || x || y) public key.',
    );
  if (typeof attestation !== 'object' || attestation === null || attestation.v !== 1) return false;
  const { signature, ...body } = attestation;
  let hash: string;
  try {
    hash = manifestHash(manifest);
  } catch {
    return false;
  }
  if (body.handoverId !== manifest.handoverId || body.manifestHash !== hash) return false;
  const named = new Set(Array.isArray(body.kekIds) ? body.kekIds : []);
  if (!manifest.keys.sellerKekIds.every((k) => named.has(k))) return false;
  try {
    return verifyDoc(DOMAIN, body, signature, sellerPublicKey);
  } catch {
    return false;
  }
}

/** Result of {@link inheritanceReport}. */
export interface InheritanceReport {
  /** True when every inherited item was supplied and the KEK destruction is attested. */
  complete: boolean;
  /** Items the manifest records as not supplied (all of them for a v1 manifest, which predates them). */
  notSupplied: string[];
  /** `attested` (valid statement), `missing` (none given) or `invalid` (does not verify). */
  kekDestruction: 'attested' | 'missing' | 'invalid';
}

/**
 * What a manifest says the buyer inherited, and what is missing: the items recorded as not
 * supplied, and whether the seller's KEK destruction is attested. Check the manifest's signature
 * with `verifyManifest` first.
 *
 * @param manifest - the handover manifest
 * @param options - the seller's attestation and its trusted public key, when there is one
 * @returns the report
 * @throws PiiError KEY_INVALID when the public key is neither a 32-byte Ed25519 nor a 65-byte SM2 public key
 * @example
 * ```ts
 * import { inheritanceReport } from 'courier-pii/lifecycle';
 * const m = { v: 1, handoverId: 'h', keys: { sellerKekIds: ['k'] } } as never;
 * console.log(inheritanceReport(m).notSupplied.length); // 8
 * ```
 */
export function inheritanceReport(
  manifest: HandoverManifest,
  options: { attestation?: KekDestructionAttestation; sellerPublicKey?: Uint8Array } = {},
): InheritanceReport {
  const notSupplied = notSuppliedOf(manifest.inherits);
  let kekDestruction: InheritanceReport['kekDestruction'] = 'missing';
  if (options.attestation !== undefined) {
    if (!options.sellerPublicKey)
      throw new PiiError('KEY_INVALID', "Give sellerPublicKey (trusted) to check the seller's attestation.");
    kekDestruction = verifyKekDestruction(options.attestation, manifest, options.sellerPublicKey)
      ? 'attested'
      : 'invalid';
  }
  return { complete: notSupplied.length === 0 && kekDestruction === 'attested', notSupplied, kekDestruction };
}

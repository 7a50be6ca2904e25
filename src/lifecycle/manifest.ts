// The handover manifest (PIPL Art. 22; GB/T 35273-2020 §9.3): what changes hands, signed by the
// seller and countersigned by the buyer after the buyer has verified that every DEK opens.
import { toHex } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import type { InheritedItems } from './handover-inheritance.js';
import type { HandoverRewrap } from './handover-rewrap.js';
import type { ScopeStatement } from './handover-scope.js';
import { digest, type LifecycleSigningKey, publicKeyOf, signDoc, verifyDoc } from './signing.js';

const SELLER_DOMAIN = 'courier-pii/lifecycle/handover-manifest/v1/seller';
const BUYER_DOMAIN = 'courier-pii/lifecycle/handover-manifest/v1/buyer';

/** A company in a handover. */
export interface HandoverPartyInfo {
  /** Stable company id. */
  id: string;
  /** Legal name, as individuals must be told it (PIPL Art. 22). */
  name: string;
  /** Contact individuals can use (a public company address or hotline, not a person's data). */
  contact: string;
}

/** What the manifest states; both signatures cover it. */
export interface HandoverManifestBody {
  /**
   * 2 for manifests made by this version (they carry `inherits` and `rewrap`, and `scope` for a
   * partial handover); 1 for earlier ones, which still verify (docs/formats.md, "Handover manifest").
   */
  v: 1 | 2;
  handoverId: string;
  /** The kind of transfer, when stated: `asset`, `merger`, `division` (PIPL Art. 22) or `equity`. */
  kind?: 'asset' | 'merger' | 'division' | 'equity';
  seller: HandoverPartyInfo;
  buyer: HandoverPartyInfo;
  /** When the rewrap finished (ISO 8601). */
  completedAt: string;
  /**
   * Subject keys: `active`, live ones now under the buyer's KEK; `erased`, subjects erased before
   * the handover (tombstones, handed over as tombstones); `sellerCopiesDestroyed`, with a separate
   * buyer store, the seller's copies of the active keys that the handover destroyed (each recorded
   * as `key.destroyed` in the erasure ledger). `excluded`: people left out of the handover (they
   * objected or withdrew consent), `erased` (crypto-shredded) or `kept` (under the seller's KEK and
   * retention); counts only, never who. All of these count people (data subjects' keys), never a
   * record's own `record:<id>` key: those are in `records`. Counted from the stores, never estimated.
   */
  subjects: {
    active: number;
    erased: number;
    sellerCopiesDestroyed?: number;
    excluded?: { erased: number; kept: number };
  };
  /**
   * Records' own keys (`record:<id>`, fields outside any subject such as a GPS trace): `active`
   * moved to the buyer, `erased` tombstones, `excluded` left out with the people they belong to.
   */
  records?: { active: number; erased: number; excluded: number };
  /**
   * Field counts per kind and level. `basis`: `present` counts fields actually present in the
   * records handed over (one per record and field); `records` multiplies definitions by record
   * counts, an upper bound (`upperBound: true`: optional fields never filled count too);
   * `definitions` counts each schema definition once.
   */
  fields: {
    basis: 'definitions' | 'records' | 'present';
    upperBound?: boolean;
    byKind: Record<string, number>;
    byLevel: Record<string, number>;
  };
  /** Per schema id: SHA-256 of its classification (paths, levels, kinds, subjects, retention). */
  schemaHashes: Record<string, string>;
  /** Per policy id: the policy hash in force. */
  policyHashes: Record<string, string>;
  /** KEK ids: the seller's (no longer wrapping anything) and the buyer's (wrapping every DEK). */
  keys: { sellerKekIds: string[]; buyerKekId: string };
  /** The purposes in force; any other purpose needs fresh consent (PIPL Art. 22). */
  purposes: string[];
  /** Hex of the seller's public key (Ed25519 or SM2) (informative; verify against a key you trust). */
  sellerPublicKey: string;
  /**
   * v2: what the buyer inherits besides the keys, each item as a digest and a count, or
   * `{ supplied: false }` when the seller did not give it (never left out silently).
   */
  inherits?: InheritedItems;
  /** v2: how the DEKs reached the buyer: under its KEK, or wrapped to its public key (HPKE). */
  rewrap?: HandoverRewrap;
  /** v2, partial handovers: the schemas, roles, purposes that moved, and counts of keys left out. */
  scope?: ScopeStatement;
}

/** The buyer's verification, as countersigned. */
export interface HandoverVerificationSummary {
  /** DEKs that unwrapped under the buyer's keyring. */
  verified: number;
  /** When (ISO 8601). */
  at: string;
}

/** A signed handover manifest. */
export interface HandoverManifest extends HandoverManifestBody {
  /** Seller's signature over the body (Ed25519 base64url, or `sm2:` + base64url for SM2). */
  sellerSignature: string;
  /** Present once the buyer countersigned. */
  buyerVerification?: HandoverVerificationSummary;
  /** Hex of the buyer's public key (Ed25519 or SM2) (informative). */
  buyerPublicKey?: string;
  /** Buyer's signature (Ed25519, or `sm2:`-prefixed SM2) over body, seller signature and verification. */
  buyerSignature?: string;
}

/** The manifest body of a manifest (every member the seller signs). @internal */
export function manifestBody(m: HandoverManifest): HandoverManifestBody {
  const { sellerSignature: _s, buyerVerification: _v, buyerPublicKey: _p, buyerSignature: _b, ...body } = m;
  return body;
}

/** Signs a body as the seller. @internal */
export function signManifest(body: HandoverManifestBody, key: LifecycleSigningKey): HandoverManifest {
  return { ...body, sellerSignature: signDoc(SELLER_DOMAIN, body, key) };
}

/** Live DEKs a manifest says the buyer holds: people's and records' own. @internal */
export function liveKeys(m: Pick<HandoverManifestBody, 'subjects' | 'records'>): number {
  return m.subjects.active + (m.records?.active ?? 0);
}

/** What the buyer's signature covers. */
function buyerPayload(m: HandoverManifest, v: HandoverVerificationSummary, buyerPublicKey: string): unknown {
  return { body: manifestBody(m), sellerSignature: m.sellerSignature, verification: v, buyerPublicKey };
}

/**
 * The SHA-256 of a manifest's body (what the audit log records as `manifestHash`).
 *
 * @param manifest - a manifest
 * @returns lower-case hex
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createKeyring, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { handover, manifestHash, verifyHandover } from 'courier-pii/lifecycle';
 * const keyStore = memoryKeyStore();
 * const from = createKeyring({ keks: [{ id: 'seller-kek', key: generateKey() }], active: 'seller-kek' });
 * const to = createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });
 * const { kekId, wrapped } = await from.wrap('subj-1', generateKey());
 * await keyStore.create({ subjectId: 'subj-1', state: 'active', kekId, wrapped, createdAt: 0, revision: 1 });
 * const sellerKey = ed25519.keygen();
 * const buyerKey = ed25519.keygen();
 * const { manifest } = await handover({
 *   id: 'h-1', from: { keyring: from, keyStore }, to, purposes: ['delivery'],
 *   seller: { id: 'a', name: 'Seller Express Co.', contact: 'privacy@seller.example', signingKey: sellerKey },
 *   buyer: { id: 'b', name: 'Buyer Logistics Co.', contact: 'privacy@buyer.example' },
 * });
 * const verification = await verifyHandover({ keyStore, keyring: to, manifest });
 * console.log(manifestHash(manifest).length, verification.ok); // 64 true
 * ```
 */
export function manifestHash(manifest: HandoverManifest): string {
  return digest(manifestBody(manifest));
}

/**
 * Countersigns a manifest as the buyer, only after {@link verifyHandover} proved that every
 * live DEK the manifest counts opens under the buyer's keyring.
 *
 * @param manifest - the seller-signed manifest
 * @param options - the buyer's Ed25519 or SM2 key, the seller's trusted public key, the verification result
 * @returns the manifest with `buyerSignature`
 * @throws PiiError HANDOVER_INVALID when the seller's signature fails or the verification does not match the manifest
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createKeyring, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { countersignManifest, handover, verifyHandover, verifyManifest } from 'courier-pii/lifecycle';
 * const keyStore = memoryKeyStore();
 * const from = createKeyring({ keks: [{ id: 'seller-kek', key: generateKey() }], active: 'seller-kek' });
 * const to = createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });
 * const { kekId, wrapped } = await from.wrap('subj-1', generateKey());
 * await keyStore.create({ subjectId: 'subj-1', state: 'active', kekId, wrapped, createdAt: 0, revision: 1 });
 * const sellerKey = ed25519.keygen();
 * const buyerKey = ed25519.keygen();
 * const { manifest } = await handover({
 *   id: 'h-1', from: { keyring: from, keyStore }, to, purposes: ['delivery'],
 *   seller: { id: 'a', name: 'Seller Express Co.', contact: 'privacy@seller.example', signingKey: sellerKey },
 *   buyer: { id: 'b', name: 'Buyer Logistics Co.', contact: 'privacy@buyer.example' },
 * });
 * const verification = await verifyHandover({ keyStore, keyring: to, manifest });
 * const signed = countersignManifest(manifest, { signingKey: buyerKey, sellerPublicKey: sellerKey.publicKey, verification });
 * console.log(signed.buyerVerification?.verified); // 1
 * ```
 */
export function countersignManifest(
  manifest: HandoverManifest,
  options: {
    signingKey: LifecycleSigningKey;
    sellerPublicKey: Uint8Array;
    verification: { ok: boolean; verified: number };
    now?: Date;
  },
): HandoverManifest {
  if (!verifyDoc(SELLER_DOMAIN, manifestBody(manifest), manifest.sellerSignature, options.sellerPublicKey)) {
    throw new PiiError(
      'HANDOVER_INVALID',
      "The seller's signature on the manifest does not verify; do not accept this handover.",
    );
  }
  const live = liveKeys(manifest);
  if (!options.verification?.ok || options.verification.verified !== live) {
    throw new PiiError(
      'HANDOVER_INVALID',
      `The buyer verified ${options.verification?.verified ?? 0} DEKs but the manifest counts ${live} (people and records); resolve the difference before countersigning.`,
    );
  }
  const v: HandoverVerificationSummary = {
    verified: options.verification.verified,
    at: (options.now ?? new Date()).toISOString(),
  };
  const pk = toHex(publicKeyOf(options.signingKey));
  return {
    ...manifest,
    buyerVerification: v,
    buyerPublicKey: pk,
    buyerSignature: signDoc(BUYER_DOMAIN, buyerPayload(manifest, v, pk), options.signingKey),
  };
}

/**
 * Verifies a manifest's signatures against public keys you trust (not the ones it names).
 *
 * @param manifest - a manifest
 * @param keys - the seller's and (to check the countersignature) the buyer's public keys (Ed25519 or SM2; the signatures name their algorithm)
 * @returns which signatures hold
 * @throws PiiError KEY_INVALID when a public key is neither a 32-byte Ed25519 nor a 65-byte SM2 key
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createKeyring, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { countersignManifest, handover, verifyHandover, verifyManifest } from 'courier-pii/lifecycle';
 * const keyStore = memoryKeyStore();
 * const from = createKeyring({ keks: [{ id: 'seller-kek', key: generateKey() }], active: 'seller-kek' });
 * const to = createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });
 * const { kekId, wrapped } = await from.wrap('subj-1', generateKey());
 * await keyStore.create({ subjectId: 'subj-1', state: 'active', kekId, wrapped, createdAt: 0, revision: 1 });
 * const sellerKey = ed25519.keygen();
 * const buyerKey = ed25519.keygen();
 * const { manifest } = await handover({
 *   id: 'h-1', from: { keyring: from, keyStore }, to, purposes: ['delivery'],
 *   seller: { id: 'a', name: 'Seller Express Co.', contact: 'privacy@seller.example', signingKey: sellerKey },
 *   buyer: { id: 'b', name: 'Buyer Logistics Co.', contact: 'privacy@buyer.example' },
 * });
 * const verification = await verifyHandover({ keyStore, keyring: to, manifest });
 * const signed = countersignManifest(manifest, { signingKey: buyerKey, sellerPublicKey: sellerKey.publicKey, verification });
 * const check = verifyManifest(signed, { sellerPublicKey: sellerKey.publicKey, buyerPublicKey: buyerKey.publicKey });
 * console.log(check.seller, check.buyer); // true true
 * ```
 */
export function verifyManifest(
  manifest: HandoverManifest,
  keys: { sellerPublicKey: Uint8Array; buyerPublicKey?: Uint8Array },
): { seller: boolean; buyer: boolean } {
  const seller = verifyDoc(
    SELLER_DOMAIN,
    manifestBody(manifest),
    manifest.sellerSignature,
    keys.sellerPublicKey,
  );
  let buyer = false;
  if (keys.buyerPublicKey && manifest.buyerVerification && manifest.buyerPublicKey !== undefined) {
    buyer = verifyDoc(
      BUYER_DOMAIN,
      buyerPayload(manifest, manifest.buyerVerification, manifest.buyerPublicKey),
      manifest.buyerSignature,
      keys.buyerPublicKey,
    );
  }
  return { seller, buyer };
}

/**
 * The purpose freeze after a handover: a purpose listed in the manifest may continue; any other
 * needs fresh consent from the individual (PIPL Art. 22).
 *
 * @param manifest - the handover manifest
 * @param purpose - the purpose the buyer wants to process for
 * @param options - `consented: true` when fresh consent for this purpose was obtained
 * @returns whether processing may go ahead, and why
 * @example
 * ```ts
 * import { checkPurpose } from 'courier-pii/lifecycle';
 * const m = { purposes: ['delivery'] } as Parameters<typeof checkPurpose>[0];
 * console.log(checkPurpose(m, 'marketing').allowed); // false
 * ```
 */
export function checkPurpose(
  manifest: Pick<HandoverManifestBody, 'purposes'>,
  purpose: string,
  options: { consented?: boolean } = {},
): { allowed: boolean; reason: string } {
  if (manifest.purposes.includes(purpose))
    return { allowed: true, reason: 'The purpose was in force at the handover (PIPL Art. 22).' };
  if (options.consented)
    return { allowed: true, reason: 'A new purpose with fresh consent (PIPL Art. 22, 14).' };
  return {
    allowed: false,
    reason: `Purpose "${purpose}" was not in force at the handover: obtain fresh consent first (PIPL Art. 22).`,
  };
}

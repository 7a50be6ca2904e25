// Destruction certificates: a signed statement of what a retention sweep destroyed, when, why
// (which rule, with its label and basis) and which keys — ids and paths only, never plaintext.
import { PiiError } from '../errors.js';
import type { RetentionLabel } from './retention-rules.js';
import { digest, signDoc, verifyDoc } from './signing.js';

const DOMAIN = 'courier-pii/lifecycle/destruction-certificate/v1';

/** One thing a certificate says was destroyed. */
export interface DestroyedItem {
  /** The record, when the item is about one record. */
  recordId?: string;
  /** The key (subject id or `record:<id>`) when its DEK was shredded. */
  keyId?: string;
  /** `crypto-shred`: the DEK was destroyed; `delete`: the caller deleted the fields. */
  method: 'crypto-shred' | 'delete';
  /** Field paths covered. */
  paths: string[];
  /** Rules that expired. */
  rules: string[];
}

/** A signed destruction certificate for one batch of a sweep. */
export interface DestructionCertificate {
  v: 1;
  /** Certificate id (the SHA-256 of its body, shortened). */
  id: string;
  /** The sweep run and the batch number within it. */
  sweepId: string;
  batch: number;
  /** When the batch was destroyed (ISO 8601). */
  issuedAt: string;
  /** The `now` the sweep evaluated rules at (ISO 8601). */
  evaluatedAt: string;
  /** Who ran it. */
  issuer: string;
  /** The rules applied in this batch, with their honest labels and bases. */
  rules: Array<{ id: string; label: RetentionLabel; basis: string; keep: string; from: string }>;
  /** What was destroyed. */
  items: DestroyedItem[];
  /** Every key id destroyed in this batch. */
  keyIdsDestroyed: string[];
  /** Number of blind-index entries handed to the source for deletion. */
  indexesDeleted: number;
  /** Ed25519 signature (base64url) over every other member. */
  signature: string;
}

/** @internal */
export function makeCertificate(
  body: Omit<DestructionCertificate, 'id' | 'signature'>,
  key: { secretKey: Uint8Array; publicKey?: Uint8Array },
): DestructionCertificate {
  const id = `dc-${digest(body).slice(0, 24)}`;
  const unsigned = { ...body, id };
  return { ...unsigned, signature: signDoc(DOMAIN, unsigned, key) };
}

/**
 * Verifies a destruction certificate's Ed25519 signature with a public key you trust.
 *
 * @param certificate - a certificate from a sweep report
 * @param publicKey - the 32-byte Ed25519 public key of the sweep's signing key
 * @returns true when the certificate is intact and signed by that key
 * @throws PiiError KEY_INVALID when publicKey is not 32 bytes
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { sweep, verifyDestructionCertificate } from 'courier-pii/lifecycle';
 * import { pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const Parcel = pii.id('parcel/v1', z.object({ recipient: pii.subject('recipient', z.object({ phone: pii.phone() })) }));
 * const vault = createVault({
 *   keyring: createKeyring({ keks: [{ id: 'kek-1', key: generateKey() }], active: 'kek-1' }),
 *   keyStore: memoryKeyStore(), indexKey: generateKey(),
 * });
 * const { record } = await vault.seal(Parcel, { recipient: { phone: '13812345678' } }, { recordId: 'p1', subjects: { recipient: 'cust-1' } });
 * const key = ed25519.keygen();
 * const report = await sweep({
 *   now: '2026-12-01', vault, signingKey: key,
 *   rules: [{ id: 'waybill-data', label: 'practice', basis: 'company policy', keep: 'P90D', from: 'deliveredAt' }],
 *   source: { async *records() { yield { id: 'p1', schema: Parcel, subjects: { recipient: 'cust-1' }, events: { deliveredAt: '2026-08-01' }, data: record }; } },
 * });
 * console.log(verifyDestructionCertificate(report.certificates[0]!, key.publicKey)); // true
 * ```
 */
export function verifyDestructionCertificate(
  certificate: DestructionCertificate,
  publicKey: Uint8Array,
): boolean {
  if (typeof certificate !== 'object' || certificate === null)
    throw new PiiError('INVALID_ARGUMENT', 'certificate must be an object.');
  const { signature, ...unsigned } = certificate;
  return verifyDoc(DOMAIN, unsigned, signature, publicKey);
}

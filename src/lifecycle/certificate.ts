// Destruction certificates: a signed statement of what a retention sweep destroyed, when, why
// (which rule, with its label and basis) and which keys — ids and paths only, never plaintext.
// Each item says how each path went, and only what the sweep saw happen: `crypto-shred` when the
// key was confirmed destroyed and the path was sealed, `deleted` when the record source confirmed
// the deletion, `pending` when the data is still held (docs/lifecycle.md, "Certificates").
import { PiiError } from '../errors.js';
import type { RetentionLabel } from './retention-rules.js';
import { digest, type LifecycleSigningKey, signDoc, verifyDoc } from './signing.js';

const DOMAIN = 'courier-pii/lifecycle/destruction-certificate/v1';

/** What became of the paths of one certificate item. */
export type DestructionMethod = 'crypto-shred' | 'deleted' | 'pending';

/** One thing a certificate reports: a set of paths and what became of them. */
export interface DestroyedItem {
  /** The record, when the item is about one record. */
  recordId?: string;
  /** The key (subject id or `record:<id>`) when its DEK was shredded. */
  keyId?: string;
  /**
   * `crypto-shred`: the paths were sealed under this key and the key is destroyed, so every copy
   * is unreadable; `deleted`: the record source confirmed it deleted them; `pending`: they are
   * still held (stored in clear, or under a key that lives on) and the caller must delete them.
   * Certificates of version 1 said `delete` for what is now `deleted`.
   */
  method: DestructionMethod | 'delete';
  /** Field paths covered. */
  paths: string[];
  /** Rules that expired. */
  rules: string[];
}

/** A signed destruction certificate for one batch of a sweep. */
export interface DestructionCertificate {
  /** 2 since items say `deleted` / `pending`; version 1 certificates still verify. */
  v: 1 | 2;
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
  /** Number of blind-index entries the source confirmed deleting. */
  indexesDeleted: number;
  /** Number of blind-index entries still to delete (the source has no `destroy`); version 2. */
  indexesPending?: number;
  /** Signature over every other member: Ed25519 as base64url, or SM2 as `sm2:` + base64url. */
  signature: string;
}

/** @internal */
export function makeCertificate(
  body: Omit<DestructionCertificate, 'id' | 'signature'>,
  key: LifecycleSigningKey,
): DestructionCertificate {
  const id = `dc-${digest(body).slice(0, 24)}`;
  const unsigned = { ...body, id };
  return { ...unsigned, signature: signDoc(DOMAIN, unsigned, key) };
}

/**
 * Verifies a destruction certificate's signature (Ed25519 or SM2, as the signature names it) with a public key you trust.
 *
 * @param certificate - a certificate from a sweep report
 * @param publicKey - the public key of the sweep's signing key (32-byte Ed25519 or 65-byte SM2)
 * @returns true when the certificate is intact and signed by that key
 * @throws PiiError KEY_INVALID when publicKey is neither a 32-byte Ed25519 nor a 65-byte SM2 public key
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { sweep, verifyDestructionCertificate } from 'courier-pii/lifecycle';
 * import { pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const Parcel = pii.id('parcel/v1', z.object({ recipient: pii.subject('recipient', z.object({ phone: pii.phone() })) }));
 * const vault = createVault({
 *   keyring: createKeyring({ keks: [{ id: 'kek-1', key: generateKey() }], active: 'kek-1' }),
 *   keyStore: memoryKeyStore(), indexKey: generateKey(), audit: createAuditLog({ sink: memorySink() }),
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

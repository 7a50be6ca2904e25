// The buyer's side of a handover: prove every live DEK opens under the buyer's keyring and none
// is still wrapped by a seller KEK; then stream the notices individuals must get (PIPL Art. 22).
import { wipe } from '../_internal/bytes.js';
import type { Keyring, SubjectKeyRecord, SubjectKeyStore } from '../crypto/index.js';
import { type HandoverManifestBody, liveKeys } from './manifest.js';
import { isRecordKey } from './people.js';
import { notSuppliedOf } from './handover-inheritance.js';

/** Result of {@link verifyHandover}. */
export interface HandoverVerification {
  /** True when every live DEK unwrapped, none is under a seller KEK, and the count matches the manifest. */
  ok: boolean;
  /** DEKs that unwrapped under the buyer's keyring. */
  verified: number;
  /** Live DEKs that did not unwrap (first 20 subject ids in `failedSubjects`). */
  failed: number;
  /** Up to 20 subject ids whose DEK failed. */
  failedSubjects: string[];
  /** Live DEKs still wrapped by a KEK the manifest names as the seller's. */
  sellerWrapped: number;
  /** Erased subjects (tombstones). */
  erased: number;
  /**
   * Inherited items the manifest records as not supplied (consent issuer keys, revocations, …;
   * every item for a v1 manifest). `ok` does not depend on it: see `inheritanceReport`.
   */
  notSupplied: string[];
}

/**
 * Buyer-side check after a handover: unwraps every live DEK with the buyer's keyring (and wipes
 * it), counts failures and any record still under a seller KEK, and compares with the manifest.
 *
 * @param options - the key store now holding the DEKs, the buyer's keyring, the manifest
 * @returns the verification, to pass to `countersignManifest`
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createKeyring, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { handover, verifyHandover } from 'courier-pii/lifecycle';
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
 * console.log(verification.ok, verification.verified); // true 1
 * ```
 */
export async function verifyHandover(options: {
  keyStore: SubjectKeyStore;
  keyring: Keyring;
  manifest: Pick<HandoverManifestBody, 'subjects' | 'keys' | 'records' | 'inherits'>;
  concurrency?: number;
}): Promise<HandoverVerification> {
  const seller = new Set(options.manifest.keys.sellerKekIds);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 256));
  const out: HandoverVerification = {
    ok: false,
    verified: 0,
    failed: 0,
    failedSubjects: [],
    sellerWrapped: 0,
    erased: 0,
    notSupplied: notSuppliedOf(options.manifest.inherits),
  };
  const one = async (r: SubjectKeyRecord): Promise<void> => {
    if (r.state === 'destroyed') {
      out.erased++;
      return;
    }
    if (seller.has(r.kekId)) out.sellerWrapped++;
    try {
      wipe(await options.keyring.unwrap(r.kekId, r.subjectId, r.wrapped));
      out.verified++;
    } catch {
      out.failed++;
      if (out.failedSubjects.length < 20) out.failedSubjects.push(r.subjectId);
    }
  };
  let window: Promise<void>[] = [];
  for await (const r of options.keyStore.list()) {
    window.push(one(r));
    if (window.length >= concurrency) {
      await Promise.all(window);
      window = [];
    }
  }
  await Promise.all(window);
  out.ok = out.failed === 0 && out.sellerWrapped === 0 && out.verified === liveKeys(options.manifest);
  return out;
}

/** One notice owed to an individual after a handover (PIPL Art. 22). */
export interface HandoverNotice {
  /** The subject to notify (look up how to reach them in your own systems). */
  subjectId: string;
  /** The recipient's name and contact, which the law says individuals must be told. */
  recipient: { name: string; contact: string };
  /** The previous controller. */
  previous: { name: string; contact: string };
  /** The purposes in force; processing for anything else needs fresh consent. */
  purposes: string[];
  /** The handover id. */
  handoverId: string;
  /** A ready-to-send text in Chinese and English (no personal data). */
  text: { zh: string; en: string };
}

/**
 * Streams the notices owed to every individual whose data changed hands: one per live data
 * subject key in the store; records' own keys (`record:<id>`) are not people and erased subjects
 * hold no data, so neither gets one. Memory stays flat.
 *
 * @param manifest - the handover manifest
 * @param keyStore - the key store now holding the DEKs
 * @returns an async iterable of notices
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createKeyring, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { handover, handoverNotices } from 'courier-pii/lifecycle';
 * const keyStore = memoryKeyStore();
 * const from = createKeyring({ keks: [{ id: 'seller-kek', key: generateKey() }], active: 'seller-kek' });
 * const to = createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });
 * const { kekId, wrapped } = await from.wrap('subj-1', generateKey());
 * await keyStore.create({ subjectId: 'subj-1', state: 'active', kekId, wrapped, createdAt: 0, revision: 1 });
 * const sellerKey = ed25519.keygen();
 * const { manifest } = await handover({
 *   id: 'h-1', from: { keyring: from, keyStore }, to, purposes: ['delivery'],
 *   seller: { id: 'a', name: 'Seller Express Co.', contact: 'privacy@seller.example', signingKey: sellerKey },
 *   buyer: { id: 'b', name: 'Buyer Logistics Co.', contact: 'privacy@buyer.example' },
 * });
 * for await (const n of handoverNotices(manifest, keyStore)) console.log(n.subjectId, n.recipient.name); // subj-1 Buyer Logistics Co.
 * ```
 */
export async function* handoverNotices(
  manifest: Pick<HandoverManifestBody, 'handoverId' | 'seller' | 'buyer' | 'purposes'>,
  keyStore: SubjectKeyStore,
): AsyncGenerator<HandoverNotice> {
  const recipient = { name: manifest.buyer.name, contact: manifest.buyer.contact };
  const previous = { name: manifest.seller.name, contact: manifest.seller.contact };
  const purposes = [...manifest.purposes];
  const text = {
    zh: `您的个人信息已因企业合并/转让由${previous.name}转移至${recipient.name}（联系方式：${recipient.contact}）。接收方继续履行个人信息处理者义务，处理目的仅限于：${purposes.join('、')}；如变更处理目的，将重新取得您的同意。`,
    en: `Because of a merger or transfer, your personal information held by ${previous.name} has been transferred to ${recipient.name} (contact: ${recipient.contact}). The recipient takes over the duties of the personal information processor and will process it only for: ${purposes.join(', ')}; any other purpose requires your fresh consent.`,
  };
  for await (const r of keyStore.list()) {
    // A record's own key (`record:<id>`) is a parcel, not a person: it gets no notice.
    if (r.state !== 'active' || isRecordKey(r.subjectId)) continue;
    yield { subjectId: r.subjectId, recipient, previous, purposes, handoverId: manifest.handoverId, text };
  }
}

// The buyer's side of a public-key handover: check the seller's signature on the manifest, open
// each run's package key with the buyer's secret key (X25519 or SM2, as the manifest's `rewrap.mode`
// says), and rewrap every packaged DEK (of either suite, each keeping its suite) under
// the buyer's own KEK (compare-and-set per record, so an interrupted import is simply run again).
// A record that does not open (moved to another subject, copied from another handover, or made by
// anyone but the seller) is refused and counted; the import then fails as a whole.
import { assertBytes } from '../_internal/assert.js';
import { fromBase64url, wipe } from '../_internal/bytes.js';
import { checkOptions } from '../_internal/options.js';
import { type Keyring, type SubjectKeyRecord, type SubjectKeyStore, wrapAll } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { type HandoverManifest, manifestBody, verifyManifest } from './manifest.js';
import { sm2PublicKey } from '../crypto/gm/sm2.js';
import type { PackageKind } from './handover-package.js';
import { hpkeSection, indexKeyInfo, openPackagedDeks, packageInfo, runOf } from './handover-rewrap.js';
import { ACCEPT_HANDOVER_OPTIONS } from './option-names.js';
import { openFromSender } from './recipient-seal.js';
import { openFromSm2Sender } from './recipient-seal-sm2.js';
import { keyIdOf } from './signing.js';
import { x25519 } from '@noble/curves/ed25519.js';

/** The public key of the buyer's secret key for a package kind; undefined when it is not one. */
function recipientPublicOf(kind: PackageKind, secretKey: Uint8Array): Uint8Array | undefined {
  try {
    return kind === 'sm2' ? sm2PublicKey(secretKey) : x25519.getPublicKey(secretKey);
  } catch {
    return undefined;
  }
}

/** Opens a secret sealed to the buyer with the seal of the package's kind. */
function openSealed(kind: PackageKind, secretKey: Uint8Array, sealed: string, info: string): Uint8Array {
  return kind === 'sm2'
    ? openFromSm2Sender(secretKey, sealed, info)
    : openFromSender(secretKey, sealed, info);
}

/** Options of {@link acceptHandover}. */
export interface AcceptHandoverOptions {
  /** The seller-signed manifest (v2, `rewrap.mode` `'hpke'` or `'sm2'`). */
  manifest: HandoverManifest;
  /** The seller's Ed25519 public key, from a source you trust (not the one the manifest names). */
  sellerPublicKey: Uint8Array;
  /**
   * The buyer's 32-byte secret key whose public key was given to `handover` as
   * `to.recipientPublicKey`: X25519 for an `hpke` package, SM2 for an `sm2` one (the manifest says which).
   */
  recipientSecretKey: Uint8Array;
  /** The key store holding the packaged DEKs (the buyer's store given to `handover`). */
  keyStore: SubjectKeyStore;
  /** The buyer's keyring: its active KEK wraps the imported DEKs. */
  keyring: Keyring;
  /** Records imported in parallel (default 256). */
  concurrency?: number;
}

/** Result of {@link acceptHandover}. */
export interface AcceptHandoverResult {
  /** DEKs rewrapped under the buyer's KEK by this call. */
  imported: number;
  /** Packaged DEKs already imported by an earlier call. */
  alreadyImported: number;
  /** The blind-index key, when the manifest hands one over (keep it like a KEK). */
  indexKey?: { keyId: string; key: Uint8Array };
}

function refused(n: number): PiiError {
  return new PiiError(
    'HANDOVER_INVALID',
    `${n} packaged key records did not open under this manifest's package keys (moved to another subject, taken from another handover, or not made by the seller); they were not imported. Do not countersign; ask the seller to run the handover again.`,
    { details: { refused: n } },
  );
}

/**
 * Imports a handover made to the buyer's public key (`handover` with `to: { recipientPublicKey,
 * keyStore }`): verifies the seller's signature on the manifest first, opens each run's package
 * key with the buyer's secret key (X25519 for `rewrap.mode: 'hpke'`, SM2 for `'sm2'`), and rewraps
 * every packaged DEK, GM ones included, under the buyer's active KEK. Run it again after an interruption; imported records are skipped. Then run
 * `verifyHandover` and countersign as after any handover.
 *
 * @param options - manifest, the seller's trusted public key, the buyer's secret key, store, keyring
 * @returns counters, and the blind-index key when the manifest hands one over
 * @throws PiiError HANDOVER_INVALID when the seller's signature fails, the manifest is not a
 * public-key handover or is for another recipient key, or packaged records do not open
 * @throws PiiError CIPHERTEXT_INVALID when a sealed package key or index key does not open
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { createKeyring, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { acceptHandover, generateRecipientKey, handover, verifyHandover } from 'courier-pii/lifecycle';
 * const sellerStore = memoryKeyStore();
 * const buyerStore = memoryKeyStore();
 * const from = createKeyring({ keks: [{ id: 'seller-kek', key: generateKey() }], active: 'seller-kek' });
 * const { kekId, wrapped } = await from.wrap('subj-1', generateKey());
 * await sellerStore.create({ subjectId: 'subj-1', state: 'active', kekId, wrapped, createdAt: 0, revision: 1 });
 * const buyerHpke = generateRecipientKey();
 * const sellerKey = ed25519.keygen();
 * const { manifest } = await handover({
 *   id: 'h-1', from: { keyring: from, keyStore: sellerStore }, purposes: ['delivery'],
 *   to: { recipientPublicKey: buyerHpke.publicKey, keyStore: buyerStore },
 *   audit: createAuditLog({ sink: memorySink() }),
 *   seller: { id: 'a', name: 'Seller Express Co.', contact: 'privacy@seller.example', signingKey: sellerKey },
 *   buyer: { id: 'b', name: 'Buyer Logistics Co.', contact: 'privacy@buyer.example' },
 * });
 * const keyring = createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });
 * const r = await acceptHandover({ manifest, sellerPublicKey: sellerKey.publicKey,
 *   recipientSecretKey: buyerHpke.secretKey, keyStore: buyerStore, keyring });
 * const v = await verifyHandover({ keyStore: buyerStore, keyring, manifest });
 * console.log(r.imported, v.ok); // 1 true
 * ```
 */
export async function acceptHandover(options: AcceptHandoverOptions): Promise<AcceptHandoverResult> {
  checkOptions('acceptHandover', options, ACCEPT_HANDOVER_OPTIONS);
  const { manifest } = options;
  assertBytes('recipientSecretKey', options.recipientSecretKey, 32);
  if (!verifyManifest(manifest, { sellerPublicKey: options.sellerPublicKey }).seller)
    throw new PiiError(
      'HANDOVER_INVALID',
      "The seller's signature on the manifest does not verify against the key you trust; import nothing.",
    );
  const rewrap = hpkeSection(manifestBody(manifest).rewrap);
  const kind = rewrap.mode;
  const recipientPublic = recipientPublicOf(kind, options.recipientSecretKey);
  const recipientKeyId = recipientPublic && keyIdOf(recipientPublic);
  if (recipientKeyId === undefined || recipientKeyId !== rewrap.recipientKeyId)
    throw new PiiError(
      'HANDOVER_INVALID',
      "This handover was wrapped to another public key than the buyer's; use the matching secret key.",
    );
  const keys = new Map<number, Uint8Array>();
  for (const p of rewrap.packageKeys)
    keys.set(
      p.run,
      openSealed(kind, options.recipientSecretKey, p.sealed, packageInfo(manifest.handoverId, p.run)),
    );
  const target = options.keyring.activeId;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 256));
  const out: AcceptHandoverResult = { imported: 0, alreadyImported: 0 };
  let bad = 0;
  const one = async (first: SubjectKeyRecord): Promise<void> => {
    let cur: SubjectKeyRecord | undefined = first;
    for (let attempt = 0; attempt < 16 && cur; attempt++) {
      if (cur.state !== 'active') return;
      if (cur.kekId === target) {
        if (attempt === 0) out.alreadyImported++;
        return;
      }
      const run = runOf(cur.kekId, recipientKeyId, kind);
      if (run === undefined) return; // not part of this package (verifyHandover reports it)
      const key = keys.get(run);
      const deks = key && openPackagedDeks(kind, key, manifest.handoverId, cur.subjectId, cur.wrapped);
      if (!deks) {
        bad++;
        return;
      }
      // every DEK keeps its suite: a GM DEK is wrapped as a suite-2 record value again
      let wrapped: Uint8Array;
      try {
        wrapped = await wrapAll(options.keyring, target, cur.subjectId, deks);
      } finally {
        if (deks.legacy) wipe(deks.legacy);
        if (deks.gm) wipe(deks.gm);
      }
      const kekId = target;
      if (
        await options.keyStore.compareAndSet(cur.subjectId, cur.revision, {
          ...cur,
          kekId,
          wrapped,
          revision: cur.revision + 1,
        })
      ) {
        out.imported++;
        return;
      }
      cur = await options.keyStore.get(cur.subjectId);
    }
    if (cur?.state === 'active' && cur.kekId !== target)
      throw new PiiError(
        'STORE_CONFLICT',
        'A key record kept changing during the import; stop other writers and run it again.',
      );
  };
  try {
    let window: Promise<void>[] = [];
    for await (const r of options.keyStore.list()) {
      window.push(one(r));
      if (window.length >= concurrency) {
        await Promise.all(window);
        window = [];
      }
    }
    await Promise.all(window);
  } finally {
    for (const k of keys.values()) wipe(k);
  }
  if (bad > 0) throw refused(bad);
  const ik = manifest.inherits?.indexKey;
  if (ik?.supplied && ik.to !== 'kek') {
    if (ik.to !== kind)
      throw new PiiError(
        'HANDOVER_INVALID',
        'The manifest seals its blind-index key with another kind of key than its DEKs; do not countersign.',
      );
    out.indexKey = {
      keyId: ik.keyId,
      key: openSealed(
        kind,
        options.recipientSecretKey,
        ik.sealed,
        indexKeyInfo(manifest.handoverId, ik.keyId),
      ),
    };
  }
  return out;
}

/**
 * Opens the blind-index key a manifest hands over under the buyer's KEK (`to` a keyring); for a
 * public-key handover, {@link acceptHandover} returns it.
 *
 * @param manifest - the manifest (check its signature with `verifyManifest` first)
 * @param keyring - the buyer's keyring
 * @returns the key id and the 32-byte index key
 * @throws PiiError HANDOVER_INVALID when the manifest hands over no index key under a KEK
 * @throws PiiError KEY_INVALID when it does not unwrap under the buyer's keyring
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createKeyring, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { handover, openInheritedIndexKey } from 'courier-pii/lifecycle';
 * const keyStore = memoryKeyStore();
 * const from = createKeyring({ keks: [{ id: 'seller-kek', key: generateKey() }], active: 'seller-kek' });
 * const to = createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });
 * const { manifest } = await handover({
 *   id: 'h-1', from: { keyring: from, keyStore }, to, purposes: ['delivery'],
 *   inherit: { indexKey: { keyId: 'bi-2026', key: generateKey() } },
 *   seller: { id: 'a', name: 'Seller Express Co.', contact: 'privacy@seller.example', signingKey: ed25519.keygen() },
 *   buyer: { id: 'b', name: 'Buyer Logistics Co.', contact: 'privacy@buyer.example' },
 * });
 * const { keyId, key } = await openInheritedIndexKey(manifest, to);
 * console.log(keyId, key.length); // bi-2026 32
 * ```
 */
export async function openInheritedIndexKey(
  manifest: Pick<HandoverManifest, 'inherits'>,
  keyring: Keyring,
): Promise<{ keyId: string; key: Uint8Array }> {
  const ik = manifest.inherits?.indexKey;
  if (!ik?.supplied || ik.to !== 'kek')
    throw new PiiError(
      'HANDOVER_INVALID',
      'This manifest hands over no blind-index key under a KEK; for a public-key handover, acceptHandover returns it.',
    );
  const wrapped = fromBase64url(ik.wrapped);
  if (!wrapped) throw new PiiError('KEY_INVALID', 'The wrapped index key in the manifest is damaged.');
  return { keyId: ik.keyId, key: await keyring.unwrap(ik.kekId, `index-key:${ik.keyId}`, wrapped) };
}

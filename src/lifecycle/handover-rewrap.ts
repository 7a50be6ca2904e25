// Where a handover wraps each DEK: under the buyer's KEK (a keyring in the seller's process), or to
// the buyer's X25519 public key, so the seller never holds a buyer secret (docs/lifecycle.md,
// "Rewrap to the buyer's public key"). The public-key path is a KEM-DEM: each run draws a random
// package key, seals it to the buyer with HPKE (recipient-seal.ts, info naming the handover and the
// run) and wraps every DEK under it with XChaCha20-Poly1305, the additional data naming the
// handover and the subject, so a key record moved to another subject or taken from another
// handover does not open. HPKE base mode does not say who sealed: the sealed package keys are
// listed in the seller-signed manifest, and the buyer opens nothing before checking that
// signature (acceptHandover), so nobody but the seller can add a DEK to the package.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { assertBytes } from '../_internal/assert.js';
import { concatBytes, toBase64url, utf8, wipe } from '../_internal/bytes.js';
import type { Keyring } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import type { InheritedIndexKey } from './handover-inheritance.js';
import { sealForRecipient } from './recipient-seal.js';
import { keyIdOf } from './signing.js';

/** The manifest's `rewrap` section (manifest v2): how the DEKs reach the buyer. */
export type HandoverRewrap =
  | { mode: 'kek'; buyerKekId: string }
  | {
      mode: 'hpke';
      /** `keyIdOf` the buyer's X25519 public key (first 16 hex of its SHA-256). */
      recipientKeyId: string;
      /** One package key per run, sealed to the buyer (`cpii-hpke1.`). */
      packageKeys: Array<{ run: number; sealed: string }>;
    };

/** One wrapping target for a handover run. @internal */
export interface Rewrapper {
  /** The id stored as the buyer KEK in progress and manifest. */
  readonly targetId: string;
  /** Whether a key record is already wrapped for the buyer (moved by this or an earlier run). */
  owns(kekId: string): boolean;
  wrap(subjectId: string, dek: Uint8Array): Promise<{ kekId: string; wrapped: Uint8Array }>;
  wrapIndexKey(keyId: string, key: Uint8Array): Promise<InheritedIndexKey>;
  /** The manifest's `rewrap` section. */
  section(): HandoverRewrap;
  /** Wipes any secret it holds. */
  close(): void;
}

const NONCE = 24;

/** The HPKE `info` of a run's package key. @internal */
export function packageInfo(handoverId: string, run: number): string {
  return `courier-pii/handover-package/v1|${handoverId}|${run}`;
}

/** The AEAD additional data of a DEK in a package. @internal */
export function dekAad(handoverId: string, subjectId: string): Uint8Array {
  return utf8(`courier-pii/handover-dek/v1|${handoverId}|${subjectId}`);
}

/** The HPKE `info` of the sealed index key. @internal */
export function indexKeyInfo(handoverId: string, keyId: string): string {
  return `courier-pii/handover-index-key/v1|${handoverId}|${keyId}`;
}

/** The KEK id prefix of records wrapped for a recipient. @internal */
export function hpkePrefix(recipientKeyId: string): string {
  return `hpke:${recipientKeyId}/`;
}

/** Wraps under the buyer's active KEK. @internal */
export function keyringRewrapper(ring: Keyring): Rewrapper {
  const targetId = ring.activeId;
  return {
    targetId,
    owns: (kekId) => kekId === targetId,
    wrap: (subjectId, dek) => ring.wrap(subjectId, dek, targetId),
    async wrapIndexKey(keyId, key) {
      const { kekId, wrapped } = await ring.wrap(`index-key:${keyId}`, key, targetId);
      return { supplied: true, keyId, to: 'kek', kekId, wrapped: toBase64url(wrapped) };
    },
    section: () => ({ mode: 'kek', buyerKekId: targetId }),
    close() {},
  };
}

/**
 * Wraps to the buyer's public key. `packageKeys` holds the sealed keys of earlier runs (from the
 * progress checkpoint); this run's key is drawn here and appended. @internal
 */
export function hpkeRewrapper(
  handoverId: string,
  recipientPublicKey: Uint8Array,
  packageKeys: ReadonlyArray<{ run: number; sealed: string }>,
  run: number,
): { rewrapper: Rewrapper; packageKeys: Array<{ run: number; sealed: string }> } {
  assertBytes('to.recipientPublicKey', recipientPublicKey, 32);
  const recipientKeyId = keyIdOf(recipientPublicKey);
  const key = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const sealed = sealForRecipient(recipientPublicKey, key, packageInfo(handoverId, run));
  const all = [...packageKeys.filter((p) => p.run !== run), { run, sealed }];
  const prefix = hpkePrefix(recipientKeyId);
  const kekId = `${prefix}${run}`;
  return {
    packageKeys: all,
    rewrapper: {
      targetId: `hpke:${recipientKeyId}`,
      owns: (id) => id.startsWith(prefix),
      async wrap(subjectId, dek) {
        const nonce = globalThis.crypto.getRandomValues(new Uint8Array(NONCE));
        const ct = xchacha20poly1305(key, nonce, dekAad(handoverId, subjectId)).encrypt(dek);
        return { kekId, wrapped: concatBytes(nonce, ct) };
      },
      async wrapIndexKey(keyId, indexKey) {
        const s = sealForRecipient(recipientPublicKey, indexKey, indexKeyInfo(handoverId, keyId));
        return { supplied: true, keyId, to: 'hpke', sealed: s };
      },
      section: () => ({ mode: 'hpke', recipientKeyId, packageKeys: all.map((p) => ({ ...p })) }),
      close: () => wipe(key),
    },
  };
}

/** Opens one packaged DEK; undefined when it does not authenticate. @internal */
export function openPackagedDek(
  key: Uint8Array,
  handoverId: string,
  subjectId: string,
  wrapped: Uint8Array,
): Uint8Array | undefined {
  if (wrapped.length < NONCE + 16) return undefined;
  try {
    return xchacha20poly1305(key, wrapped.subarray(0, NONCE), dekAad(handoverId, subjectId)).decrypt(
      wrapped.subarray(NONCE),
    );
  } catch {
    return undefined;
  }
}

/** The run number of a packaged record's KEK id, or undefined. @internal */
export function runOf(kekId: string, recipientKeyId: string): number | undefined {
  const prefix = hpkePrefix(recipientKeyId);
  if (!kekId.startsWith(prefix)) return undefined;
  const n = Number(kekId.slice(prefix.length));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Refuses a manifest whose DEKs were not wrapped to a public key. @internal */
export function hpkeSection(rewrap: HandoverRewrap | undefined): Extract<HandoverRewrap, { mode: 'hpke' }> {
  if (rewrap?.mode !== 'hpke')
    throw new PiiError(
      'HANDOVER_INVALID',
      "This manifest's DEKs were not wrapped to a public key; the buyer's keyring opens them directly (verifyHandover).",
    );
  return rewrap;
}

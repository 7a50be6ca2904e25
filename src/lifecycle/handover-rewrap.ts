// Where a handover wraps each DEK: under the buyer's KEK (a keyring in the seller's process), or to
// the buyer's public key, so the seller never holds a buyer secret (docs/lifecycle.md,
// "Rewrap to the buyer's public key"). The public-key path is a KEM-DEM: each run draws a random
// package key, seals it to the buyer (HPKE for an X25519 key, recipient-seal.ts; SM2 encryption
// for an SM2 key, recipient-seal-sm2.ts; info naming the handover and the run) and wraps every
// DEK of each record under it (handover-package.ts), the additional data naming the handover
// and the subject, so a key record moved to another subject or taken from another handover does
// not open. Neither seal says who sealed: the sealed package keys are listed in the
// seller-signed manifest, and the buyer opens nothing before checking that signature
// (acceptHandover), so nobody but the seller can add a DEK to the package.
import { assertBytes } from '../_internal/assert.js';
import { toBase64url, wipe } from '../_internal/bytes.js';
import { publicKeyAlg } from '../_internal/signature.js';
import { type Keyring, wrapAll } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import type { InheritedIndexKey } from './handover-inheritance.js';
import {
  openPackagedDeks,
  PACKAGE_KEY_LENGTH,
  type PackageKind,
  packageDeks,
  type RecordDeks,
} from './handover-package.js';
import { sealForRecipient } from './recipient-seal.js';
import { sealForSm2Recipient } from './recipient-seal-sm2.js';
import { keyIdOf } from './signing.js';

/** The manifest's `rewrap` section (manifest v2): how the DEKs reach the buyer. */
export type HandoverRewrap =
  | { mode: 'kek'; buyerKekId: string }
  | {
      /** `hpke`: to an X25519 key (`cpii-hpke1.`); `sm2`: to an SM2 key (`cpii-sm2e1.`, SM4-GCM parts). */
      mode: 'hpke' | 'sm2';
      /** `keyIdOf` the buyer's public key (first 16 hex of its SHA-256). */
      recipientKeyId: string;
      /** One package key per run, sealed to the buyer. */
      packageKeys: Array<{ run: number; sealed: string }>;
    };

/** One wrapping target for a handover run. @internal */
export interface Rewrapper {
  /** The id stored as the buyer KEK in progress and manifest. */
  readonly targetId: string;
  /** Whether a key record is already wrapped for the buyer (moved by this or an earlier run). */
  owns(kekId: string): boolean;
  /** Wraps every DEK of a record (either suite), keeping each DEK's suite. */
  wrap(subjectId: string, deks: RecordDeks): Promise<{ kekId: string; wrapped: Uint8Array }>;
  wrapIndexKey(keyId: string, key: Uint8Array): Promise<InheritedIndexKey>;
  /** The manifest's `rewrap` section. */
  section(): HandoverRewrap;
  /** Wipes any secret it holds. */
  close(): void;
}

/** The HPKE `info` of a run's package key. @internal */
export function packageInfo(handoverId: string, run: number): string {
  return `courier-pii/handover-package/v1|${handoverId}|${run}`;
}

/** The HPKE `info` of the sealed index key. @internal */
export function indexKeyInfo(handoverId: string, keyId: string): string {
  return `courier-pii/handover-index-key/v1|${handoverId}|${keyId}`;
}

/** The target id of a recipient (`hpke:` or `sm2e:` + key id), the buyer KEK id of the manifest. @internal */
export function recipientTargetId(kind: PackageKind, recipientKeyId: string): string {
  return `${kind === 'sm2' ? 'sm2e' : 'hpke'}:${recipientKeyId}`;
}

/** The KEK id prefix of records wrapped for a recipient. @internal */
export function hpkePrefix(recipientKeyId: string, kind: PackageKind = 'hpke'): string {
  return `${recipientTargetId(kind, recipientKeyId)}/`;
}

/**
 * The package kind a recipient public key calls for: a 32-byte X25519 key is HPKE, a 65-byte
 * uncompressed SM2 point is SM2. @throws PiiError INVALID_ARGUMENT for anything else @internal
 */
export function packageKindOf(recipientPublicKey: Uint8Array): PackageKind {
  assertBytes('to.recipientPublicKey', recipientPublicKey);
  if (recipientPublicKey.length === 32) return 'hpke';
  if (publicKeyAlg(recipientPublicKey) === 'sm2') return 'sm2';
  throw new PiiError(
    'INVALID_ARGUMENT',
    'to.recipientPublicKey must be a 32-byte X25519 key (generateRecipientKey) or a 65-byte SM2 key (generateSm2RecipientKey).',
  );
}

/** Wraps under the buyer's active KEK. @internal */
export function keyringRewrapper(ring: Keyring): Rewrapper {
  const targetId = ring.activeId;
  return {
    targetId,
    owns: (kekId) => kekId === targetId,
    wrap: async (subjectId, deks) => ({
      kekId: targetId,
      wrapped: await wrapAll(ring, targetId, subjectId, deks),
    }),
    async wrapIndexKey(keyId, key) {
      const { kekId, wrapped } = await ring.wrap(`index-key:${keyId}`, key, targetId);
      return { supplied: true, keyId, to: 'kek', kekId, wrapped: toBase64url(wrapped) };
    },
    section: () => ({ mode: 'kek', buyerKekId: targetId }),
    close() {},
  };
}

/** Seals a secret to the recipient with the seal of its key kind. @internal */
export function sealTo(
  kind: PackageKind,
  recipientPublicKey: Uint8Array,
  secret: Uint8Array,
  info: string,
): string {
  return kind === 'sm2'
    ? sealForSm2Recipient(recipientPublicKey, secret, info)
    : sealForRecipient(recipientPublicKey, secret, info);
}

/**
 * Wraps to the buyer's public key (X25519: HPKE; SM2: SM2 encryption and SM4-GCM, chosen from
 * the key). `packageKeys` holds the sealed keys of earlier runs (from the progress checkpoint);
 * this run's key is drawn here and appended. @internal
 */
export function hpkeRewrapper(
  handoverId: string,
  recipientPublicKey: Uint8Array,
  packageKeys: ReadonlyArray<{ run: number; sealed: string }>,
  run: number,
): { rewrapper: Rewrapper; packageKeys: Array<{ run: number; sealed: string }> } {
  const kind = packageKindOf(recipientPublicKey);
  const recipientKeyId = keyIdOf(recipientPublicKey);
  const key = globalThis.crypto.getRandomValues(new Uint8Array(PACKAGE_KEY_LENGTH[kind]));
  const sealed = sealTo(kind, recipientPublicKey, key, packageInfo(handoverId, run));
  const all = [...packageKeys.filter((p) => p.run !== run), { run, sealed }];
  const prefix = hpkePrefix(recipientKeyId, kind);
  const kekId = `${prefix}${run}`;
  return {
    packageKeys: all,
    rewrapper: {
      targetId: recipientTargetId(kind, recipientKeyId),
      owns: (id) => id.startsWith(prefix),
      async wrap(subjectId, deks) {
        return { kekId, wrapped: packageDeks(kind, key, handoverId, subjectId, deks) };
      },
      async wrapIndexKey(keyId, indexKey) {
        const s = sealTo(kind, recipientPublicKey, indexKey, indexKeyInfo(handoverId, keyId));
        return { supplied: true, keyId, to: kind, sealed: s };
      },
      section: () => ({ mode: kind, recipientKeyId, packageKeys: all.map((p) => ({ ...p })) }),
      close: () => wipe(key),
    },
  };
}

export { openPackagedDeks };

/** The run number of a packaged record's KEK id, or undefined. @internal */
export function runOf(kekId: string, recipientKeyId: string, kind: PackageKind = 'hpke'): number | undefined {
  const prefix = hpkePrefix(recipientKeyId, kind);
  if (!kekId.startsWith(prefix)) return undefined;
  const n = Number(kekId.slice(prefix.length));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Refuses a manifest whose DEKs were not wrapped to a public key. @internal */
export function hpkeSection(
  rewrap: HandoverRewrap | undefined,
): Extract<HandoverRewrap, { mode: PackageKind }> {
  if (rewrap?.mode !== 'hpke' && rewrap?.mode !== 'sm2')
    throw new PiiError(
      'HANDOVER_INVALID',
      "This manifest's DEKs were not wrapped to a public key; the buyer's keyring opens them directly (verifyHandover).",
    );
  return rewrap;
}

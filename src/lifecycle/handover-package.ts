// The per-record bytes of a public-key handover (docs/formats.md, "Handover package"): every DEK
// of a key record, of either suite, wrapped under the run's package key with an AEAD whose
// additional data names the handover, the subject, which suites the record holds and which one
// this part is. So a part moved to another subject or handover, a part dropped or added, or the
// two parts swapped does not open.
//
// Two package kinds, chosen from the recipient's key, never from a caller's flag:
// - `hpke` (X25519 recipient): 32-byte package key sealed with HPKE, parts XChaCha20-Poly1305.
//   A record holding only a suite-1 DEK keeps the version 1 bytes (nonce || ciphertext, AAD
//   `courier-pii/handover-dek/v1|id|subject`), so packages made before GM support open as before.
// - `sm2` (SM2 recipient): 16-byte package key sealed with SM2 encryption (recipient-seal-sm2.ts),
//   parts SM4-GCM, so a GM vault's keys travel under state-approved algorithms only.
// A record with a GM DEK (or any record of an `sm2` package) is version 2: its parts are
// framed as a suite-2 key record value (key-record-suite.ts), a suite-1-only record of an `sm2`
// package is its one part alone.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { concatBytes, utf8 } from '../_internal/bytes.js';
import { selectGmBackend } from '../crypto/gm/gm-backend.js';
import { decodeWrapped, encodeWrapped } from '../crypto/key-record-suite.js';

/** How DEKs reach a recipient: HPKE to an X25519 key, or SM2 + SM4-GCM to an SM2 key. */
export type PackageKind = 'hpke' | 'sm2';

/** The DEKs of one key record: its suite-1 DEK and its suite-2 (GM) DEK, where present. @internal */
export interface RecordDeks {
  legacy?: Uint8Array;
  gm?: Uint8Array;
}

const gmb = selectGmBackend('auto');

/** Package key length of each kind. @internal */
export const PACKAGE_KEY_LENGTH: Readonly<Record<PackageKind, number>> = { hpke: 32, sm2: 16 };

const NONCE: Readonly<Record<PackageKind, number>> = { hpke: 24, sm2: 12 };

/** The AEAD additional data of a version 1 packaged DEK. @internal */
export function dekAad(handoverId: string, subjectId: string): Uint8Array {
  return utf8(`courier-pii/handover-dek/v1|${handoverId}|${subjectId}`);
}

/** The AEAD additional data of one part of a version 2 packaged record. @internal */
export function dekAadV2(
  handoverId: string,
  subjectId: string,
  parts: string,
  part: 'gm' | 'default',
): Uint8Array {
  return utf8(`courier-pii/handover-dek/v2|${handoverId}|${subjectId}|${parts}|${part}`);
}

function partsOf(deks: RecordDeks): string {
  return deks.gm ? (deks.legacy ? 'gm+default' : 'gm') : 'default';
}

function seal(kind: PackageKind, key: Uint8Array, aad: Uint8Array, dek: Uint8Array): Uint8Array {
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(NONCE[kind]));
  if (kind === 'sm2') return new Uint8Array(gmb.sm4GcmSeal(key, nonce, aad, dek, nonce));
  return concatBytes(nonce, xchacha20poly1305(key, nonce, aad).encrypt(dek));
}

function open(kind: PackageKind, key: Uint8Array, aad: Uint8Array, part: Uint8Array): Uint8Array | undefined {
  const n = NONCE[kind];
  if (part.length < n + 16) return undefined;
  try {
    if (kind === 'sm2') {
      const out = gmb.sm4GcmOpen(key, part.subarray(0, n), aad, part, n);
      return out && Uint8Array.from(out);
    }
    return xchacha20poly1305(key, part.subarray(0, n), aad).decrypt(part.subarray(n));
  } catch {
    return undefined;
  }
}

/** Wraps every DEK of a record under a package key. @internal */
export function packageDeks(
  kind: PackageKind,
  key: Uint8Array,
  handoverId: string,
  subjectId: string,
  deks: RecordDeks,
): Uint8Array {
  if (kind === 'hpke' && !deks.gm) return seal(kind, key, dekAad(handoverId, subjectId), deks.legacy!);
  const parts = partsOf(deks);
  const legacy =
    deks.legacy && seal(kind, key, dekAadV2(handoverId, subjectId, parts, 'default'), deks.legacy);
  if (!deks.gm) return legacy!;
  return encodeWrapped(seal(kind, key, dekAadV2(handoverId, subjectId, parts, 'gm'), deks.gm), legacy);
}

/** Opens every DEK of a packaged record; undefined when any part does not authenticate. @internal */
export function openPackagedDeks(
  kind: PackageKind,
  key: Uint8Array,
  handoverId: string,
  subjectId: string,
  wrapped: Uint8Array,
): RecordDeks | undefined {
  let framed: { gm?: Uint8Array; legacy?: Uint8Array };
  try {
    framed = decodeWrapped(wrapped);
  } catch {
    return undefined;
  }
  if (kind === 'hpke' && !framed.gm) {
    const legacy = open(kind, key, dekAad(handoverId, subjectId), framed.legacy!);
    return legacy && { legacy };
  }
  const parts = partsOf(framed);
  const out: RecordDeks = {};
  if (framed.gm) {
    out.gm = open(kind, key, dekAadV2(handoverId, subjectId, parts, 'gm'), framed.gm);
    if (!out.gm) return undefined;
  }
  if (framed.legacy) {
    out.legacy = open(kind, key, dekAadV2(handoverId, subjectId, parts, 'default'), framed.legacy);
    if (!out.legacy) {
      out.gm?.fill(0);
      return undefined;
    }
  }
  return out;
}

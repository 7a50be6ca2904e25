// Frozen handover manifests (test/vectors/handover): the v1 manifest made before manifest v2 and
// a v2 manifest, and a v2 manifest signed with SM2 keys, keep verifying byte for byte; any change
// to a signed member fails.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/_internal/bytes.js';
import {
  type HandoverManifest,
  INHERITED_ITEMS,
  inheritanceReport,
  type KekDestructionAttestation,
  manifestHash,
  verifyKekDestruction,
  verifyManifest,
} from '../../src/lifecycle/index.js';

interface Frozen {
  sellerPublicKey: string;
  buyerPublicKey: string;
  v1?: { manifest: HandoverManifest; manifestHash: string };
  v2: { manifest: HandoverManifest; manifestHash: string; kekDestruction: KekDestructionAttestation };
}
const read = (file: string) =>
  JSON.parse(readFileSync(new URL(`../vectors/handover/${file}`, import.meta.url), 'utf8')) as Frozen;
const keysOf = (d: Frozen) => ({
  sellerPublicKey: fromHex(d.sellerPublicKey),
  buyerPublicKey: fromHex(d.buyerPublicKey),
});
// Ed25519 (v1 and v2), and SM2 seller and buyer keys over GM-suite DEKs (v2; made by
// test/lifecycle/sm2-manifest-vectors.gen.ts).
const ED = read('manifests.json');
const SM2 = read('sm2-manifests.json');
const FROZEN = [
  { name: 'ed25519', doc: ED, other: SM2 },
  { name: 'sm2', doc: SM2, other: ED },
];

/** Both signatures and the hash verify; any change to a signed member fails both. */
function verifiesFrozen(manifest: HandoverManifest, hash: string, d: Frozen, v: 1 | 2) {
  const keys = keysOf(d);
  expect(manifest.v).toBe(v);
  expect(verifyManifest(manifest, keys)).toEqual({ seller: true, buyer: true });
  expect(manifestHash(manifest)).toBe(hash);
  for (const change of [
    { purposes: ['delivery', 'marketing'] },
    { subjects: { ...manifest.subjects, active: manifest.subjects.active + 1 } },
    { v: v === 1 ? 2 : 1 },
  ]) {
    expect(verifyManifest({ ...manifest, ...change } as HandoverManifest, keys)).toEqual({
      seller: false,
      buyer: false,
    });
  }
}

describe('frozen handover manifests, v1 (Ed25519, before manifest v2)', () => {
  it('v1: both signatures and the manifest hash still verify; a changed member fails', () => {
    verifiesFrozen(ED.v1!.manifest, ED.v1!.manifestHash, ED, 1);
  });

  it('v1 predates inherited items: every item reads as not supplied', () => {
    expect(inheritanceReport(ED.v1!.manifest).notSupplied).toEqual([...INHERITED_ITEMS]);
  });
});

describe.each(FROZEN)('frozen handover manifests, v2 ($name keys)', ({ doc, other }) => {
  it('v2: both signatures and the manifest hash still verify; a changed member fails', () => {
    verifiesFrozen(doc.v2.manifest, doc.v2.manifestHash, doc, 2);
  });

  it('v2 states what was supplied, and its KEK destruction attestation verifies', () => {
    const keys = keysOf(doc);
    const r = inheritanceReport(doc.v2.manifest, {
      attestation: doc.v2.kekDestruction,
      sellerPublicKey: keys.sellerPublicKey,
    });
    expect(r).toEqual({
      complete: false,
      notSupplied: ['auditHead', 'indexKey'],
      kekDestruction: 'attested',
    });
    // not for another manifest, nor under the other algorithm's seller key
    expect(verifyKekDestruction(doc.v2.kekDestruction, other.v2.manifest, keys.sellerPublicKey)).toBe(false);
    expect(verifyKekDestruction(doc.v2.kekDestruction, doc.v2.manifest, keysOf(other).sellerPublicKey)).toBe(
      false,
    );
  });
});

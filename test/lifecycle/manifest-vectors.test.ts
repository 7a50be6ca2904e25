// Frozen handover manifests (test/vectors/handover): the v1 manifest made before manifest v2 and
// a v2 manifest both keep verifying byte for byte; any change to a signed member fails.
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

const doc = JSON.parse(
  readFileSync(new URL('../vectors/handover/manifests.json', import.meta.url), 'utf8'),
) as {
  sellerPublicKey: string;
  buyerPublicKey: string;
  v1: { manifest: HandoverManifest; manifestHash: string };
  v2: { manifest: HandoverManifest; manifestHash: string; kekDestruction: KekDestructionAttestation };
};
const keys = { sellerPublicKey: fromHex(doc.sellerPublicKey), buyerPublicKey: fromHex(doc.buyerPublicKey) };

describe('frozen handover manifests', () => {
  for (const v of ['v1', 'v2'] as const) {
    it(`${v}: both signatures and the manifest hash still verify; a changed member fails`, () => {
      const { manifest, manifestHash: hash } = doc[v];
      expect(manifest.v).toBe(v === 'v1' ? 1 : 2);
      expect(verifyManifest(manifest, keys)).toEqual({ seller: true, buyer: true });
      expect(manifestHash(manifest)).toBe(hash);
      for (const change of [
        { purposes: ['delivery', 'marketing'] },
        { subjects: { ...manifest.subjects, active: manifest.subjects.active + 1 } },
        { v: v === 'v1' ? 2 : 1 },
      ]) {
        expect(verifyManifest({ ...manifest, ...change } as HandoverManifest, keys)).toEqual({
          seller: false,
          buyer: false,
        });
      }
    });
  }

  it('v1 predates inherited items: every item reads as not supplied', () => {
    expect(inheritanceReport(doc.v1.manifest).notSupplied).toEqual([...INHERITED_ITEMS]);
  });

  it('v2 states what was supplied, and its KEK destruction attestation verifies', () => {
    const r = inheritanceReport(doc.v2.manifest, {
      attestation: doc.v2.kekDestruction,
      sellerPublicKey: keys.sellerPublicKey,
    });
    expect(r).toEqual({
      complete: false,
      notSupplied: ['auditHead', 'indexKey'],
      kekDestruction: 'attested',
    });
    expect(verifyKekDestruction(doc.v2.kekDestruction, doc.v1.manifest, keys.sellerPublicKey)).toBe(false);
  });
});

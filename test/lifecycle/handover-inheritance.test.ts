// What the buyer inherits is bound into the signed manifest: every item supplied is a digest and
// a count (the index key wrapped, never in the clear), every item not supplied says so, a checker
// reports the gaps, changing any bound field breaks the seller's signature, and the seller's KEK
// destruction statement verifies only for its own manifest and key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog, memorySink } from '../../src/audit/index.js';
import { generateKey, type VaultSuite } from '../../src/crypto/index.js';
import { toBase64url, toHex } from '../../src/_internal/bytes.js';
import { isPiiError } from '../../src/errors.js';
import {
  attestKekDestruction,
  countersignManifest,
  DEFAULT_RETENTION_RULES,
  type HandoverManifest,
  handover,
  INHERITED_ITEMS,
  inheritanceReport,
  manifestHash,
  openInheritedIndexKey,
  verifyHandover,
  verifyKekDestruction,
  verifyManifest,
} from '../../src/lifecycle/index.js';
import { keyFor, type TestAlg } from '../support/signing-algs.js';
import { DEPLOYMENTS, type Deployment } from '../support/suites.js';
import { handoverParties } from './fixtures/handover-parties.js';
import { deskWithRequests } from './fixtures/rights-requests.js';
import { seededStore } from './fixtures/seeded-store.js';

// Every family runs as a suite-1 deployment (Ed25519 keys) and as a GM one (SM4-wrapped DEKs,
// SM2 seller, buyer, audit and consent-issuer keys); set per describe below.
let alg: TestAlg = 'ed25519';
let suite: VaultSuite = 'default';
function useDeployment(d: Deployment) {
  beforeAll(() => {
    alg = d.alg;
    suite = d.suite;
  });
  afterAll(() => {
    alg = 'ed25519';
    suite = 'default';
  });
}

async function fullHandover() {
  const { keyStore, from, to } = await seededStore(3, suite);
  const { sellerInfo, buyerInfo, purposes } = handoverParties();
  const sellerKey = keyFor(alg);
  const issuer = keyFor(alg);
  const audit = createAuditLog({ sink: memorySink(), signingKey: keyFor(alg) });
  await audit.append({ kind: 'custom', name: 'test.event', actor: 'a', purpose: 'p' });
  const indexKey = generateKey();
  const { store } = await deskWithRequests();
  const { manifest } = await handover({
    id: 'h-inherit',
    from: { keyring: from, keyStore },
    to,
    seller: { ...sellerInfo, signingKey: sellerKey },
    buyer: buyerInfo,
    purposes,
    inherit: {
      consentIssuerKeys: [{ keyId: 'issuer-2026', publicKey: issuer.publicKey }],
      revocations: ['tok-b', 'tok-a', 'tok-c', 'tok-a'],
      useCounters: { 'tok-a': 2, 'tok-d': 1 },
      retentionRules: DEFAULT_RETENTION_RULES,
      legalHolds: [{ id: 'case-7', reason: 'court order', subjects: ['c-1'], until: new Date('2027-01-01') }],
      openRequests: store,
      audit,
      indexKey: { keyId: 'bi-2026', key: indexKey },
    },
  });
  return { manifest, keyStore, from, to, sellerKey, audit, indexKey, issuer };
}

/** Every leaf path of a JSON value. */
function leaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (v !== null && typeof v === 'object')
    return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) =>
      leaves(x, [...path, Array.isArray(v) ? Number(k) : k]),
    );
  return [path];
}

function mutate(m: HandoverManifest, path: (string | number)[]): HandoverManifest {
  const copy = structuredClone(m) as unknown as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const v = o[last];
  o[last] =
    typeof v === 'number' ? v + 1 : typeof v === 'boolean' ? !v : typeof v === 'string' ? `${v}x` : 'changed';
  return copy as unknown as HandoverManifest;
}

describe.each(DEPLOYMENTS)('what the buyer inherits, in the manifest ($suite suite, $alg keys)', (d) => {
  useDeployment(d);

  it('binds every supplied item as a digest and a count; the index key only wrapped', async () => {
    const { manifest, to, audit, indexKey, issuer, sellerKey } = await fullHandover();
    expect(manifest.v).toBe(2);
    const i = manifest.inherits!;
    for (const k of INHERITED_ITEMS) expect(i[k].supplied, k).toBe(true);
    expect(i.consentIssuerKeys).toEqual({
      supplied: true,
      keys: [{ keyId: 'issuer-2026', publicKey: toHex(issuer.publicKey) }],
    });
    expect(i.revocations).toMatchObject({ count: 3 });
    expect(i.useCounters).toMatchObject({ count: 2 });
    expect(i.retentionRules).toMatchObject({ count: DEFAULT_RETENTION_RULES.length });
    expect(i.legalHolds).toMatchObject({ count: 1 });
    // Two requests are open; the answered and the refused ones are not inherited as open.
    expect(i.openRequests).toMatchObject({ count: 2 });
    const head = await audit.head();
    expect(i.auditHead).toMatchObject({ supplied: true, size: head.size, head: head.hash });
    expect(typeof (i.auditHead as { sig?: string }).sig).toBe('string');
    // The index key reaches the buyer wrapped by its KEK; its bytes appear nowhere in the manifest.
    const json = JSON.stringify(manifest);
    expect(json).not.toContain(toHex(indexKey));
    expect(json).not.toContain(toBase64url(indexKey));
    const opened = await openInheritedIndexKey(manifest, to);
    expect(opened.keyId).toBe('bi-2026');
    expect(toHex(opened.key)).toBe(toHex(indexKey));
    expect(verifyManifest(manifest, { sellerPublicKey: sellerKey.publicKey }).seller).toBe(true);
  });

  it('digests do not depend on the order entries are given in, and change with the content', async () => {
    const run = async (revocations: string[]) => {
      const { keyStore, from, to } = await seededStore(1, suite);
      const { sellerInfo, buyerInfo, purposes } = handoverParties();
      const { manifest } = await handover({
        id: 'h-order',
        from: { keyring: from, keyStore },
        to,
        seller: { ...sellerInfo, signingKey: keyFor(alg) },
        buyer: buyerInfo,
        purposes,
        inherit: { revocations },
      });
      return manifest.inherits!.revocations as { digest: string; count: number };
    };
    const a = await run(['x', 'y', 'z']);
    const b = await run(['z', 'x', 'y']);
    const c = await run(['x', 'y', 'w']);
    expect(a.digest).toBe(b.digest);
    expect(a.digest).not.toBe(c.digest);
  });

  it('records each item not supplied, and verifyHandover and inheritanceReport name them', async () => {
    const { keyStore, from, to } = await seededStore(2, suite);
    const { sellerInfo, buyerInfo, purposes } = handoverParties();
    const { manifest } = await handover({
      id: 'h-bare',
      from: { keyring: from, keyStore },
      to,
      seller: { ...sellerInfo, signingKey: keyFor(alg) },
      buyer: buyerInfo,
      purposes,
      inherit: { revocations: { ref: 'deny-list-2026-12.jsonl', digest: 'a'.repeat(64), count: 40 } },
    });
    for (const k of INHERITED_ITEMS)
      if (k !== 'revocations') expect(manifest.inherits![k], k).toEqual({ supplied: false });
    expect(manifest.inherits!.revocations).toEqual({
      supplied: true,
      ref: 'deny-list-2026-12.jsonl',
      digest: 'a'.repeat(64),
      count: 40,
    });
    const v = await verifyHandover({ keyStore, keyring: to, manifest });
    expect(v.ok).toBe(true);
    expect(v.notSupplied).toEqual(INHERITED_ITEMS.filter((k) => k !== 'revocations'));
    const r = inheritanceReport(manifest);
    expect(r.complete).toBe(false);
    expect(r.kekDestruction).toBe('missing');
    expect(r.notSupplied).toHaveLength(7);
  });

  it('a handover without `inherit` still states all eight items as not supplied', async () => {
    const { keyStore, from, to } = await seededStore(1, suite);
    const { sellerInfo, buyerInfo, purposes } = handoverParties();
    const { manifest } = await handover({
      id: 'h-none',
      from: { keyring: from, keyStore },
      to,
      seller: { ...sellerInfo, signingKey: keyFor(alg) },
      buyer: buyerInfo,
      purposes,
    });
    expect(Object.keys(manifest.inherits!).sort()).toEqual([...INHERITED_ITEMS].sort());
    expect(inheritanceReport(manifest).notSupplied).toEqual([...INHERITED_ITEMS]);
  });

  it('changing any bound field breaks the seller signature and the countersignature', async () => {
    const { manifest, keyStore, to, sellerKey } = await fullHandover();
    const buyerKey = keyFor(alg);
    const verification = await verifyHandover({ keyStore, keyring: to, manifest });
    const signed = countersignManifest(manifest, {
      signingKey: buyerKey,
      sellerPublicKey: sellerKey.publicKey,
      verification,
    });
    const keys = { sellerPublicKey: sellerKey.publicKey, buyerPublicKey: buyerKey.publicKey };
    expect(verifyManifest(signed, keys)).toEqual({ seller: true, buyer: true });
    const paths = [...leaves(signed.inherits, ['inherits']), ...leaves(signed.rewrap, ['rewrap']), ['v']];
    expect(paths.length).toBeGreaterThan(25);
    for (const p of paths) {
      const r = verifyManifest(mutate(signed, p), keys);
      expect(r, p.join('.')).toEqual({ seller: false, buyer: false });
    }
    // Dropping an item (a silent omission after signing) breaks it too.
    for (const k of INHERITED_ITEMS) {
      const copy = structuredClone(signed);
      delete (copy.inherits as unknown as Record<string, unknown>)[k];
      expect(verifyManifest(copy, keys).seller, k).toBe(false);
    }
  });

  it('refuses malformed items with HANDOVER_INVALID and unknown names with INVALID_ARGUMENT', async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ revocations: { digest: 'nothex', count: 1 } }, 'HANDOVER_INVALID'],
      [{ revocations: { digest: 'a'.repeat(64), count: -1 } }, 'HANDOVER_INVALID'],
      [{ useCounters: { t: 1.5 } }, 'HANDOVER_INVALID'],
      [{ consentIssuerKeys: [{ keyId: 'k', publicKey: new Uint8Array(31) }] }, 'HANDOVER_INVALID'],
      [{ indexKey: { keyId: 'bi', key: new Uint8Array(16) } }, 'HANDOVER_INVALID'],
      [{ openRequests: 'rr-1' }, 'HANDOVER_INVALID'],
      [{ audit: { size: 1 } }, 'HANDOVER_INVALID'],
      [{ revocations: { digest: 'a'.repeat(64), count: 1, zzUnknown: 1 } }, 'INVALID_ARGUMENT'],
      [{ zzUnknownItem: [] }, 'INVALID_ARGUMENT'],
    ];
    for (const [inherit, code] of bad) {
      const { keyStore, from, to } = await seededStore(1, suite);
      const { sellerInfo, buyerInfo, purposes } = handoverParties();
      const err = await handover({
        id: 'h-bad',
        from: { keyring: from, keyStore },
        to,
        seller: { ...sellerInfo, signingKey: keyFor(alg) },
        buyer: buyerInfo,
        purposes,
        inherit: inherit as never,
      }).catch((e: unknown) => e);
      expect(isPiiError(err) && err.code, JSON.stringify(Object.keys(inherit))).toBe(code);
      // Refused before the first key moved.
      for await (const r of keyStore.list()) expect(r.state === 'active' && r.kekId).toBe('seller-kek');
    }
  });
});

describe.each(DEPLOYMENTS)("the seller's KEK destruction attestation ($suite suite, $alg keys)", (d) => {
  useDeployment(d);

  it('verifies for its manifest and seller key only; any change fails', async () => {
    const { manifest, sellerKey } = await fullHandover();
    const att = attestKekDestruction(manifest, {
      signingKey: sellerKey,
      method: 'hsm-key-deleted',
      destroyedAt: new Date('2026-12-07T00:00:00Z'),
    });
    expect(att.manifestHash).toBe(manifestHash(manifest));
    expect(att.kekIds).toEqual(['seller-kek']);
    expect(verifyKekDestruction(att, manifest, sellerKey.publicKey)).toBe(true);
    const report = inheritanceReport(manifest, { attestation: att, sellerPublicKey: sellerKey.publicKey });
    expect(report).toEqual({ complete: true, notSupplied: [], kekDestruction: 'attested' });

    expect(verifyKekDestruction(att, manifest, keyFor(alg).publicKey)).toBe(false);
    for (const k of [
      'handoverId',
      'manifestHash',
      'method',
      'destroyedAt',
      'sellerPublicKey',
      'signature',
    ] as const) {
      expect(verifyKekDestruction({ ...att, [k]: `${att[k]}0` }, manifest, sellerKey.publicKey), k).toBe(
        false,
      );
    }
    expect(verifyKekDestruction({ ...att, kekIds: [] }, manifest, sellerKey.publicKey)).toBe(false);
    expect(verifyKekDestruction({ ...att, v: 2 as never }, manifest, sellerKey.publicKey)).toBe(false);
    // Bound to the manifest digest: a statement about another handover does not carry over.
    const other = await fullHandover();
    const otherAtt = attestKekDestruction(other.manifest, {
      signingKey: sellerKey,
      method: 'hsm-key-deleted',
    });
    expect(verifyKekDestruction(otherAtt, manifest, sellerKey.publicKey)).toBe(false);
    expect(
      inheritanceReport(manifest, { attestation: otherAtt, sellerPublicKey: sellerKey.publicKey })
        .kekDestruction,
    ).toBe('invalid');
  });

  it('refuses an empty method and an unknown option', async () => {
    const { manifest, sellerKey } = await fullHandover();
    for (const o of [
      { signingKey: sellerKey, method: '' },
      { signingKey: sellerKey, method: 'm', zzUnknown: 1 },
    ]) {
      const err = (() => {
        try {
          attestKekDestruction(manifest, o as never);
        } catch (e) {
          return e;
        }
      })();
      expect(isPiiError(err) && err.code).toBe('INVALID_ARGUMENT');
    }
  });
});

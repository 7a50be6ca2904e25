// End-to-end handover of 100 000 subjects (10 000 in the GM deployment) in a crash-safe file key store: the handover is
// SIGKILLed twice mid-way, resumed, and finished; the buyer verifies every DEK, the seller's
// keys open nothing, the manifest signatures verify, and the notification list is complete.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/_internal/bytes.js';
import { createKeyring, fileKeyStore, generateKey } from '../../src/crypto/index.js';
import { isGmWrapped } from '../../src/crypto/key-record-suite.js';
import {
  countersignManifest,
  handover,
  handoverNotices,
  INHERITED_ITEMS,
  verifyHandover,
  verifyManifest,
} from '../../src/lifecycle/index.js';
import { fileProgressStore } from '../../src/stores/index.js';
import { handoverParties } from './fixtures/handover-parties.js';
import { scratchDir } from '../support/scratch.js';
import { keyFor } from '../support/signing-algs.js';
import { bundleWorker, lastRewrapped, runUntilKilled } from '../support/sigkill.js';
import { DEPLOYMENTS } from '../support/suites.js';

// The GM deployment (SM4-GCM-wrapped DEKs, SM2 manifest signatures) hands over 10 000 subjects:
// its pure-JS paths are slower, and the crash and resume steps are the same at any size.
const SIZES = { default: 100_000, gm: 10_000 };
const source = fileURLToPath(new URL('./fixtures/handover-worker.ts', import.meta.url));

/** Runs one handover in a child and SIGKILLs it once this run has rewrapped `killAt` DEKs. */
async function runAndKill(worker: string[], config: string, killAt: number): Promise<number> {
  const lines = await runUntilKilled(worker, [config], (l, kill) => {
    if (lastRewrapped(l) >= killAt) kill();
  });
  return lastRewrapped(lines);
}

async function countByKek(path: string): Promise<Map<string, number>> {
  const s = fileKeyStore(path);
  const m = new Map<string, number>();
  for await (const r of s.list()) {
    const k = r.state === 'active' ? r.kekId : 'destroyed';
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  await s.close();
  return m;
}

describe.each(DEPLOYMENTS)('handover of many subjects ($suite suite, $alg keys)', ({ suite, alg }) => {
  const N = SIZES[suite];
  const ERASED = N / 400; // every 400th subject was erased before the handover
  it(`survives two crashes (${N} subjects), then the buyer verifies every DEK and the seller opens nothing`, async () => {
    const t0 = performance.now();
    const dir = scratchDir('cpii-handover-');
    const storePath = join(dir, 'keys.journal');
    const progressPath = join(dir, 'handover.json');
    const sellerKeks = [
      { id: 'seller-kek-2026', key: generateKey() },
      { id: 'seller-kek-2024', key: generateKey() },
    ];
    const buyerKek = { id: 'buyer-kek-1', key: generateKey() };
    const sellerSign = keyFor(alg);
    const buyerSign = keyFor(alg);
    const sellerRing = () =>
      createKeyring({ keks: sellerKeks.map((k) => ({ ...k })), active: 'seller-kek-2026' });
    const buyerRing = () => createKeyring({ keks: [{ ...buyerKek }], active: buyerKek.id });

    // Seller's data: 100 000 subject DEKs under two seller KEKs (one retired-to-decrypt), 250 erased.
    const seed = fileKeyStore(storePath);
    const ring = sellerRing();
    const expectedActive = new Set<string>();
    for (let base = 0; base < N; base += 2000) {
      await Promise.all(
        Array.from({ length: Math.min(2000, N - base) }, async (_, k) => {
          const i = base + k;
          const subjectId = `cust-${i}`;
          if (i % 400 === 7) {
            await seed.create({ subjectId, state: 'destroyed', createdAt: 1, destroyedAt: 2, revision: 1 });
            return;
          }
          const dek = generateKey();
          const { kekId, wrapped } = await ring.wrap(
            subjectId,
            dek,
            i % 5 === 0 ? 'seller-kek-2024' : 'seller-kek-2026',
            suite,
          );
          await seed.create({ subjectId, state: 'active', kekId, wrapped, createdAt: 1, revision: 1 });
          expectedActive.add(subjectId);
        }),
      );
    }
    await seed.close();
    expect(expectedActive.size).toBe(N - ERASED);
    const tSeed = performance.now();

    const config = join(dir, 'worker.json');
    writeFileSync(
      config,
      JSON.stringify({
        store: storePath,
        progress: progressPath,
        sellerKeks: sellerKeks.map((k) => ({ id: k.id, key: toHex(k.key) })),
        buyerKek: { id: buyerKek.id, key: toHex(buyerKek.key) },
        signingKey: toHex(sellerSign.secretKey),
        signingAlg: alg,
      }),
    );
    const child = await bundleWorker(source, 'cpii-ho-worker-');

    // Crash 1 and crash 2, each mid-way; every acknowledged rewrap stays durable.
    await runAndKill(child, config, N / 5);
    const after1 = await countByKek(storePath);
    const buyer1 = after1.get(buyerKek.id) ?? 0;
    expect(buyer1).toBeGreaterThanOrEqual(N / 5);
    expect(buyer1).toBeLessThan(N - ERASED);
    await runAndKill(child, config, (3 * N) / 10);
    const buyer2 = (await countByKek(storePath)).get(buyerKek.id) ?? 0;
    expect(buyer2).toBeGreaterThanOrEqual(buyer1 + (3 * N) / 10);
    expect(buyer2).toBeLessThan(N - ERASED);

    // Resume in this process and finish.
    const keyStore = fileKeyStore(storePath);
    const { sellerInfo, buyerInfo, purposes } = handoverParties();
    const seller = sellerRing();
    const progressSeen: number[] = [];
    const { manifest, rewrapped, runs } = await handover({
      id: 'handover-e2e',
      from: { keyring: seller, keyStore },
      to: buyerRing(),
      seller: { ...sellerInfo, signingKey: sellerSign },
      buyer: buyerInfo,
      purposes,
      progress: fileProgressStore(progressPath),
      onProgress: (p) => progressSeen.push(p.done),
    });
    const tHandover = performance.now();
    expect(runs).toBe(3);
    expect(rewrapped).toBe(N - ERASED - buyer2);
    expect(progressSeen.at(-1)).toBe(N);
    expect(manifest.subjects).toEqual({ active: N - ERASED, erased: ERASED });
    expect(manifest.keys).toEqual({
      sellerKekIds: ['seller-kek-2024', 'seller-kek-2026'],
      buyerKekId: buyerKek.id,
    });

    // Buyer: every DEK opens under the buyer's keyring; none is left under a seller KEK.
    const verification = await verifyHandover({ keyStore, keyring: buyerRing(), manifest });
    expect(verification).toEqual({
      ok: true,
      verified: N - ERASED,
      failed: 0,
      failedSubjects: [],
      sellerWrapped: 0,
      erased: ERASED,
      // Nothing inherited besides the keys was given to this handover, and the verification says so.
      notSupplied: [...INHERITED_ITEMS],
    });

    // Seller: its keyring unwraps nothing, neither under the record's KEK id nor under its own.
    let sellerOpened = 0;
    for await (const r of keyStore.list()) {
      if (r.state !== 'active') continue;
      for (const kekId of [r.kekId, ...seller.ids()]) {
        try {
          await seller.unwrap(kekId, r.subjectId, r.wrapped);
          sellerOpened++;
        } catch {
          // expected: KEY_NOT_FOUND (buyer KEK) or KEY_INVALID (seller KEK)
        }
      }
    }
    expect(sellerOpened).toBe(0);

    // Signatures: seller signs, buyer countersigns after verifying; both verify, tampering fails.
    const signed = countersignManifest(manifest, {
      signingKey: buyerSign,
      sellerPublicKey: sellerSign.publicKey,
      verification,
    });
    expect(
      verifyManifest(signed, { sellerPublicKey: sellerSign.publicKey, buyerPublicKey: buyerSign.publicKey }),
    ).toEqual({ seller: true, buyer: true });
    const forged = { ...signed, subjects: { active: N, erased: 0 } };
    expect(
      verifyManifest(forged, { sellerPublicKey: sellerSign.publicKey, buyerPublicKey: buyerSign.publicKey }),
    ).toEqual({ seller: false, buyer: false });

    // Notification list: every live subject exactly once, with the recipient's name and contact.
    const notified = new Set<string>();
    let notices = 0;
    for await (const n of handoverNotices(signed, keyStore)) {
      notices++;
      notified.add(n.subjectId);
      if (notices === 1) {
        expect(n.recipient).toEqual({ name: buyerInfo.name, contact: buyerInfo.contact });
        expect(n.text.zh).toContain(buyerInfo.name);
        expect(n.text.en).toContain(buyerInfo.contact);
      }
    }
    expect(notices).toBe(N - ERASED);
    expect([...expectedActive].every((id) => notified.has(id))).toBe(true);
    // Every DEK kept its suite through the crashes and the rewrap.
    for await (const r of keyStore.list())
      if (r.state === 'active') expect(isGmWrapped(r.wrapped)).toBe(suite === 'gm');
    await keyStore.close();
    const tEnd = performance.now();
    console.log(
      `handover e2e (${suite}, ${N}): seed ${((tSeed - t0) / 1000).toFixed(1)} s, 2 crashed runs + final run ${((tHandover - tSeed) / 1000).toFixed(1)} s, verify + checks ${((tEnd - tHandover) / 1000).toFixed(1)} s`,
    );
  }, 900_000); // a hang guard: on a loaded 2-core machine the 100 000-subject run took up to ~10 minutes
});

// A partial handover with an exclusion set, SIGKILLed mid-way in a child process and resumed here:
// the resume must honour the same exclusion set and scope (the checkpoint keeps their digests),
// refuse different ones before any key moves, and finish with only in-scope, non-excluded people
// in the buyer's store.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/_internal/bytes.js';
import { createAuditLog, fileSink } from '../../src/audit/index.js';
import { createKeyring, fileKeyStore, generateKey } from '../../src/crypto/index.js';
import { isGmWrapped } from '../../src/crypto/key-record-suite.js';
import { isPiiError } from '../../src/errors.js';
import { handover, verifyHandover } from '../../src/lifecycle/index.js';
import { fileProgressStore } from '../../src/stores/index.js';
import { scratchDir } from '../support/scratch.js';
import { keyFor } from '../support/signing-algs.js';
import { bundleWorker, lastRewrapped, runUntilKilled } from '../support/sigkill.js';
import { activeKeyRecord, DEPLOYMENTS } from '../support/suites.js';
import { handoverParties } from './fixtures/handover-parties.js';
import { scopeRecords } from './fixtures/scope-records.js';

const PEOPLE = 1200;
const EXCLUDED = ['c-0', 'c-2', 'c-4'];
const source = fileURLToPath(new URL('./fixtures/handover-scope-worker.ts', import.meta.url));

/** Runs the partial handover in a child; SIGKILLs it once this run has rewrapped `killAt` DEKs. */
async function runAndKill(worker: string[], config: string, killAt: number): Promise<number> {
  let killedAt = -1;
  await runUntilKilled(worker, [config], (l, kill) => {
    if (lastRewrapped(l) < killAt) return;
    killedAt = lastRewrapped(l);
    kill();
  });
  return killedAt;
}

describe.each(DEPLOYMENTS)(
  'a killed partial handover with objectors ($suite suite, $alg keys)',
  ({ suite, alg }) => {
    it('resumes only with the same exclusion set and scope, and moves only who it should', async () => {
      const dir = scratchDir('cpii-ho-scope-');
      const paths = {
        sellerStore: join(dir, 'seller.journal'),
        buyerStore: join(dir, 'buyer.journal'),
        progress: join(dir, 'progress.json'),
        audit: join(dir, 'audit.jsonl'),
      };
      const sellerKek = { id: 'seller-kek', key: generateKey() };
      const buyerKek = { id: 'buyer-kek', key: generateKey() };
      const ring = (k: typeof sellerKek) => createKeyring({ keks: [{ ...k }], active: k.id });
      const seed = fileKeyStore(paths.sellerStore);
      const ids = [
        ...Array.from({ length: PEOPLE }, (_, i) => `c-${i}`),
        ...Array.from({ length: 10 }, (_, i) => `s-${i}`),
      ];
      const s = ring(sellerKek);
      await Promise.all(
        ids.map(async (subjectId) => seed.create(await activeKeyRecord(s, subjectId, suite))),
      );
      await seed.close();
      const signing = keyFor(alg);
      const config = join(dir, 'worker.json');
      writeFileSync(
        config,
        JSON.stringify({
          ...paths,
          people: PEOPLE,
          sellerKek: { id: sellerKek.id, key: toHex(sellerKek.key) },
          buyerKek: { id: buyerKek.id, key: toHex(buyerKek.key) },
          signingKey: toHex(signing.secretKey),
          signingAlg: alg,
          excluded: EXCLUDED,
          scopePurposes: ['delivery'],
        }),
      );
      const killedAt = await runAndKill(await bundleWorker(source, 'cpii-ho-scope-worker-'), config, 150);
      expect(killedAt).toBeGreaterThanOrEqual(150);

      const sellerStore = fileKeyStore(paths.sellerStore);
      const buyerStore = fileKeyStore(paths.buyerStore);
      const audit = createAuditLog({ sink: fileSink(paths.audit, { recover: 'truncate' }) });
      const progress = fileProgressStore(paths.progress);
      const { sellerInfo, buyerInfo, purposes } = handoverParties();
      const base = {
        id: 'handover-scope-kill',
        from: { keyring: ring(sellerKek), keyStore: sellerStore },
        to: { keyring: ring(buyerKek), keyStore: buyerStore },
        seller: { ...sellerInfo, signingKey: signing },
        buyer: buyerInfo,
        purposes,
        records: scopeRecords(PEOPLE),
        audit,
        progress,
      };
      const count = async () => {
        let n = 0;
        for await (const r of buyerStore.list()) if (r.state === 'active') n++;
        return n;
      };
      const before = await count();
      expect(before).toBeGreaterThanOrEqual(150);
      expect(before).toBeLessThan(PEOPLE / 2);
      const exclude = { subjects: EXCLUDED, action: 'keep' as const };
      for (const over of [
        {
          exclude: { subjects: EXCLUDED.slice(1), action: 'keep' as const },
          scope: { purposes: ['delivery'] },
        },
        { scope: { purposes: ['delivery'] } },
        { exclude, scope: { purposes: ['delivery', 'claims'] } },
        { exclude },
      ]) {
        const err = await handover({ ...base, ...over }).catch((e: unknown) => e);
        expect(isPiiError(err) && err.code, JSON.stringify(over)).toBe('HANDOVER_INVALID');
        expect(await count()).toBe(before); // refused before any key moved
      }
      const { manifest, runs } = await handover({ ...base, exclude, scope: { purposes: ['delivery'] } });
      expect(runs).toBe(2);
      const moved = new Set<string>();
      for await (const r of buyerStore.list()) {
        if (r.state !== 'active') continue;
        moved.add(r.subjectId);
        expect(isGmWrapped(r.wrapped)).toBe(suite === 'gm'); // the moved DEK kept its suite
      }
      // In scope: even parcels' recipients and senders s-0, s-2, …, s-8; the three objectors stay out.
      const expected = new Set([
        ...Array.from({ length: PEOPLE / 2 }, (_, i) => `c-${2 * i}`).filter((id) => !EXCLUDED.includes(id)),
        ...[0, 2, 4, 6, 8].map((i) => `s-${i}`),
      ]);
      expect(moved).toEqual(expected);
      for (const id of EXCLUDED) {
        const r = await sellerStore.get(id);
        expect(r?.state === 'active' && r.kekId).toBe('seller-kek');
      }
      expect(manifest.subjects).toMatchObject({ active: expected.size, excluded: { erased: 0, kept: 3 } });
      expect(manifest.scope?.outOfScope).toEqual({ people: PEOPLE / 2 + 5, records: 0 });
      expect((await verifyHandover({ keyStore: buyerStore, keyring: ring(buyerKek), manifest })).ok).toBe(
        true,
      );
      expect((await audit.verify()).ok).toBe(true);
      await sellerStore.close();
      await buyerStore.close();
      await audit.close();
      await progress.close();
    }, 120_000);
  },
);

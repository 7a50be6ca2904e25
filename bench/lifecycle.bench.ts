// Lifecycle benchmarks. (1) Handover throughput against the bare rewrap loop it wraps
// (keyring.unwrap + keyring.wrap + compareAndSet per DEK, no progress, audit or manifest): the
// ratio is the price of resumability and the signed manifest. (2) A full handover of 20 000 and
// 100 000 subjects in the crash-safe file key store: time, and the heap the handover itself adds
// (peak heap during the run minus the heap after the store is loaded), which must stay flat.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  createKeyring,
  fileKeyStore,
  generateKey,
  type Keyring,
  memoryKeyStore,
  type SubjectKeyStore,
} from '../src/crypto/index.js';
import { handover } from '../src/lifecycle/index.js';
import { sqliteKeyStore } from '../src/stores/index.js';
import { type BenchRow, compare } from './lib.js';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const seller = {
  id: 's',
  name: 'Seller Express Co.',
  contact: 'privacy@seller.example',
  signingKey: ed25519.keygen(),
};
const buyer = { id: 'b', name: 'Buyer Logistics Co.', contact: 'privacy@buyer.example' };

async function seed(store: SubjectKeyStore, ring: Keyring, n: number): Promise<void> {
  for (let base = 0; base < n; base += 2000) {
    await Promise.all(
      Array.from({ length: Math.min(2000, n - base) }, async (_, k) => {
        const subjectId = `cust-${base + k}`;
        const { kekId, wrapped } = await ring.wrap(subjectId, generateKey());
        await store.create({ subjectId, state: 'active', kekId, wrapped, createdAt: 1, revision: 1 });
      }),
    );
  }
}

async function throughput(): Promise<BenchRow> {
  const N = 1000;
  const a = createKeyring({ keks: [{ id: 'kek-a', key: generateKey() }], active: 'kek-a' });
  const b = createKeyring({ keks: [{ id: 'kek-b', key: generateKey() }], active: 'kek-b' });
  const both = createKeyring({ keks: [{ id: 'kek-a', key: generateKey() }], active: 'kek-a' });
  const ours = memoryKeyStore();
  await seed(ours, a, N);
  let flip = false;
  let id = 0;
  const peerStore = memoryKeyStore();
  await seed(peerStore, both, N);
  both.add({ id: 'kek-c', key: generateKey() });
  let peerFlip = false;
  const row = await compare({
    group: 'lifecycle',
    name: `handover, ${N} DEKs per call (memory key store)`,
    ours: async () => {
      flip = !flip;
      await handover({
        id: `h${id++}`,
        from: { keyring: flip ? a : b, keyStore: ours },
        to: flip ? b : a,
        seller,
        buyer,
        purposes: ['delivery'],
      });
    },
    peer: {
      name: 'bare unwrap + wrap + compareAndSet loop',
      fn: async () => {
        peerFlip = !peerFlip;
        const to = peerFlip ? 'kek-c' : 'kek-a';
        let window: Promise<unknown>[] = [];
        for await (const r of peerStore.list()) {
          if (r.state !== 'active') continue;
          window.push(
            (async () => {
              const dek = await both.unwrap(r.kekId, r.subjectId, r.wrapped);
              const w = await both.wrap(r.subjectId, dek, to);
              await peerStore.compareAndSet(r.subjectId, r.revision, {
                ...r,
                kekId: w.kekId,
                wrapped: w.wrapped,
                revision: r.revision + 1,
              });
            })(),
          );
          if (window.length >= 256) {
            await Promise.all(window);
            window = [];
          }
        }
        await Promise.all(window);
      },
    },
    target: '>= 0.7',
    targetMin: 0.7,
    batch: 1,
    ms: 800,
    rounds: 5,
  });
  return {
    ...row,
    opsPerSec: row.opsPerSec * N,
    peerOpsPerSec: (row.peerOpsPerSec ?? 0) * N,
    note: 'DEKs/s',
  };
}

async function fullRun(
  n: number,
  kind: 'file' | 'sqlite' = 'file',
): Promise<{
  seconds: number;
  extraHeapMiB: number;
  rawHeapMiB: number;
  retainedMiB: number;
  baseHeapMiB: number;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'cpii-bench-ho-'));
  try {
    const path = join(dir, kind === 'file' ? 'keys.journal' : 'keys.sqlite');
    const open = (): SubjectKeyStore => (kind === 'file' ? fileKeyStore(path) : sqliteKeyStore({ path }));
    const ring = createKeyring({ keks: [{ id: 'kek-s', key: generateKey() }], active: 'kek-s' });
    const seedStore = open();
    await seed(seedStore, ring, n);
    await seedStore.close?.();
    const store = open();
    await store.get('cust-0'); // load the file
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    let peakRaw = base;
    let reports = 0;
    const to = createKeyring({ keks: [{ id: 'kek-b', key: generateKey() }], active: 'kek-b' });
    const t = performance.now();
    await handover({
      id: 'bench',
      from: { keyring: ring, keyStore: store },
      to,
      seller,
      buyer,
      purposes: ['delivery'],
      progressEvery: 1000,
      onProgress: () => {
        peakRaw = Math.max(peakRaw, process.memoryUsage().heapUsed);
        // Live heap: collect garbage first (every 10th report, to keep the run short).
        if (++reports % 10 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        }
      },
    });
    const seconds = (performance.now() - t) / 1000;
    gc();
    const after = process.memoryUsage().heapUsed;
    await store.close?.();
    return {
      seconds,
      extraHeapMiB: (peak - base) / 2 ** 20,
      rawHeapMiB: (peakRaw - base) / 2 ** 20,
      retainedMiB: (after - base) / 2 ** 20,
      baseHeapMiB: base / 2 ** 20,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [await throughput()];
  const small = await fullRun(20_000);
  const large = await fullRun(100_000);
  rows.push({
    group: 'lifecycle',
    name: 'handover of 100 000 subjects (file key store, fsync per batch)',
    opsPerSec: 100_000 / large.seconds,
    note: `${large.seconds.toFixed(1)} s (20k: ${small.seconds.toFixed(1)} s); live heap added by the handover (after GC): ${large.extraHeapMiB.toFixed(1)} MiB at 100k vs ${small.extraHeapMiB.toFixed(1)} MiB at 20k, retained after: ${large.retainedMiB.toFixed(1)} vs ${small.retainedMiB.toFixed(1)} MiB; peak incl. garbage ${large.rawHeapMiB.toFixed(0)} vs ${small.rawHeapMiB.toFixed(0)} MiB; the file store itself holds ${large.baseHeapMiB.toFixed(0)} vs ${small.baseHeapMiB.toFixed(0)} MiB`,
  });
  // SQLite pages its list() (keyset pagination), so what the handover itself holds shows alone.
  const s1 = await fullRun(2_000, 'sqlite');
  const s2 = await fullRun(10_000, 'sqlite');
  rows.push({
    group: 'lifecycle',
    name: 'handover of 10 000 subjects (SQLite key store)',
    opsPerSec: 10_000 / s2.seconds,
    note: `${s2.seconds.toFixed(1)} s; live heap added by the handover (after GC): ${s2.extraHeapMiB.toFixed(1)} MiB at 10k vs ${s1.extraHeapMiB.toFixed(1)} MiB at 2k (flat: the store streams)`,
  });
  return rows;
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from '../../src/cli/main.js';
import { readKeyFile } from '../../src/cli/files.js';
import { createKeyring, createVault, fileKeyStore } from '../../src/crypto/index.js';
import { Parcel } from './fixtures/parcel-module.js';
import { bundleForNode } from '../support/bundle.js';
import { scratchDir } from '../support/scratch.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, capturing what it writes to stdout and stderr. */
export async function run(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const ow = process.stdout.write;
  const ew = process.stderr.write;
  process.stdout.write = ((c: string | Uint8Array) => {
    stdout += String(c);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => {
    stderr += String(c);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await cli(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}

/**
 * Bundles src/cli/main.ts into `<dir>/main.js`, which runs like dist/cli/main.js (one ESM file,
 * the shebang kept, native peers external), for tests that run the CLI as a separate process.
 * `dir` must be inside the repository so the bundle's imports resolve from node_modules.
 */
export async function buildCliBundle(dir: string): Promise<string> {
  return bundleForNode(
    fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url)),
    join(dir, 'main.js'),
  );
}

export function tmp(): string {
  return scratchDir('cpii-cli-');
}

/** Every base64url key value in a keys folder, to assert that no output contains one. */
export function secretsOf(dir: string): string[] {
  const k = readKeyFile(join(dir, 'kek.json'), 'kek');
  const i = readKeyFile(join(dir, 'index.json'), 'index');
  const s = readKeyFile(join(dir, 'signing.json'), 'signing');
  return [k.key, i.key, s.key].map((b) => Buffer.from(b).toString('base64url'));
}

/** A file key store with `n` subject keys (cust-0..), sealed under the KEK of `keysDir`. */
export async function seedStore(keysDir: string, path: string, n: number): Promise<void> {
  const kek = readKeyFile(join(keysDir, 'kek.json'), 'kek');
  const index = readKeyFile(join(keysDir, 'index.json'), 'index');
  const keyStore = fileKeyStore(path);
  const vault = createVault({
    keyring: createKeyring({ keks: [{ id: kek.id, key: kek.key }], active: kek.id }),
    keyStore,
    indexKey: index.key,
  });
  for (let i = 0; i < n; i++) {
    await vault.seal(
      Parcel,
      { waybillNo: `SF${1_000_000_000_000 + i}`, recipient: { name: '张三', phone: `138${10_000_000 + i}` } },
      { recordId: `p${i}`, subjects: { recipient: `cust-${i}` } },
    );
  }
  await keyStore.close();
}

/** The module the sweep tests load with `--source`: the Parcel schema and five delivered parcels. */
export const PARCEL_MODULE = join(import.meta.dirname, 'fixtures', 'parcel-module.ts');

/** Where a real (not dry-run) sweep reads its keys and writes its tombstones, certificates and log. */
export interface SweepOutputs {
  keys: string;
  store: string;
  certificates: string;
  audit: string;
}

/**
 * `courier-pii sweep` with `rules` over {@link PARCEL_MODULE} at noon on 2026-11-01 (three of the
 * five parcels due under a 90-day rule): a dry run, or a real one with `outputs`; then `extra`.
 */
export function sweepArgs(rules: string, outputs: 'dry-run' | SweepOutputs, ...extra: string[]): string[] {
  return [
    'sweep',
    ...(outputs === 'dry-run' ? ['--dry-run'] : []),
    '--rules',
    rules,
    '--source',
    PARCEL_MODULE,
    '--now',
    '2026-11-01T12:00:00Z',
    ...(outputs === 'dry-run'
      ? []
      : [
          '--keys',
          outputs.keys,
          '--store',
          outputs.store,
          '--certificates',
          outputs.certificates,
          '--audit',
          outputs.audit,
        ]),
    ...extra,
  ];
}

export function writeJson(path: string, v: unknown): string {
  writeFileSync(path, JSON.stringify(v));
  return path;
}

/** The seller and buyer of the handover CLI tests (companies, not people: no personal data). */
export const SELLER = { id: 'xunda', name: 'Xunda Express Co.', contact: 'privacy@xunda.example' };
export const BUYER = { id: 'feiyun', name: 'Feiyun Logistics Co.', contact: 'privacy@feiyun.example' };

/** What {@link handoverFixture} sets up in a fresh scratch folder. */
export interface HandoverFixture {
  /** The scratch folder holding everything below. */
  dir: string;
  /** Key folders made by `keygen`: KEK `seller-kek` and KEK `buyer-kek`. */
  sellerKeys: string;
  buyerKeys: string;
  /** A file key store with the seeded subject keys (cust-0..) under the seller's KEK. */
  store: string;
  /** `courier-pii handover` from seller to buyer over `store`, output in `<dir>/out`, then `extra`. */
  args(purposes: string, ...extra: string[]): string[];
}

/**
 * The set-up every handover CLI test shares: seller and buyer key folders (with the default
 * signing algorithm, or `algs`), a file store with `people` subject keys under the seller's KEK,
 * the parties' JSON files, and the command line.
 */
export async function handoverFixture(
  people: number,
  algs?: { seller: string; buyer: string },
): Promise<HandoverFixture> {
  const dir = tmp();
  const sellerKeys = join(dir, 'seller');
  const buyerKeys = join(dir, 'buyer');
  for (const [out, id, alg] of [
    [sellerKeys, 'seller-kek', algs?.seller],
    [buyerKeys, 'buyer-kek', algs?.buyer],
  ] as const) {
    const r = await run('keygen', '--out', out, '--id', id, ...(alg ? ['--alg', alg] : []));
    if (r.code !== 0) throw new Error(`keygen for the handover fixture failed: ${r.stderr}`);
  }
  const store = join(dir, 'keys.store');
  await seedStore(sellerKeys, store, people);
  const seller = writeJson(join(dir, 'seller.json'), SELLER);
  const buyer = writeJson(join(dir, 'buyer.json'), BUYER);
  const args = (purposes: string, ...extra: string[]) => [
    'handover',
    '--store',
    store,
    '--from-keys',
    sellerKeys,
    '--to-keys',
    buyerKeys,
    '--seller',
    seller,
    '--buyer',
    buyer,
    '--purposes',
    purposes,
    '--out',
    join(dir, 'out'),
    ...extra,
  ];
  return { dir, sellerKeys, buyerKeys, store, args };
}

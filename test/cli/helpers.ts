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
 * Bundles src/cli/main.ts into `<dir>/main.js` as tsup does for dist/cli/main.js (one ESM file,
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

export function writeJson(path: string, v: unknown): string {
  writeFileSync(path, JSON.stringify(v));
  return path;
}

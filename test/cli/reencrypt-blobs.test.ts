// `courier-pii reencrypt --blobs`: a module's blobBindingOf maps its own file layout, the blobs
// end GM and open to the same bytes; a blob that does not open exits 1 and stays as it was; a
// missing blob folder is refused before any work.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyring, createVault, fileKeyStore } from '../../src/crypto/index.js';
import { readKeyFile } from '../../src/cli/files.js';
import { scratchDir } from '../support/scratch.js';
import { blobSuite, openBlob, sealBlob } from '../crypto/fixtures/blobs.js';
import { run } from './helpers.js';

const MODULE = join(import.meta.dirname, 'fixtures', 'reencrypt-bound-source.ts');

async function world() {
  const dir = scratchDir('cpii-cli-blobs-');
  expect((await run('keygen', '--out', join(dir, 'keys'), '--id', 'kek-1')).code).toBe(0);
  const k = readKeyFile(join(dir, 'keys', 'kek.json'), 'kek');
  const indexKey = readKeyFile(join(dir, 'keys', 'index.json'), 'index').key;
  const keyring = createKeyring({ keks: [{ id: k.id, key: k.key }], active: k.id });
  const storePath = join(dir, 'store');
  const blobs = join(dir, 'blobs');
  const data = join(dir, 'data');
  mkdirSync(blobs);
  mkdirSync(data);
  const store = fileKeyStore(storePath);
  const d = createVault({ keyring, keyStore: store, indexKey, audit: 'none' });
  const plain = randomBytes(90_000);
  writeFileSync(
    join(blobs, 'R1.bin'),
    await sealBlob(d, { recordId: 'R1', name: 'scan', subjectId: 'c1' }, plain),
  );
  await store.close();
  const args = (module: string) => [
    'reencrypt',
    '--keys',
    join(dir, 'keys'),
    '--store',
    storePath,
    '--module',
    module,
    '--progress',
    join(dir, 'progress.json'),
    '--blobs',
    blobs,
  ];
  return { keyring, indexKey, storePath, blobs, data, plain, args };
}

describe('courier-pii reencrypt --blobs', () => {
  it("moves blobs laid out as the module's blobBindingOf says, and they open to the same bytes", async () => {
    const w = await world();
    process.env.CPII_REENCRYPT_DIR = w.data;
    try {
      const r = await run(...w.args(MODULE));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(
        '1 blobs sealed again (0 already gm, 0 of erased subjects left as they are); 1 old keys destroyed',
      );
    } finally {
      delete process.env.CPII_REENCRYPT_DIR;
    }
    const now = readFileSync(join(w.blobs, 'R1.bin'));
    expect(blobSuite(now)).toBe(2);
    const store = fileKeyStore(w.storePath);
    try {
      const g = createVault({
        keyring: w.keyring,
        keyStore: store,
        indexKey: w.indexKey,
        suite: 'gm',
        audit: 'none',
      });
      expect(
        Buffer.from(await openBlob(g, { recordId: 'R1', name: 'scan', subjectId: 'c1' }, now)).equals(
          w.plain,
        ),
      ).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('exits 1 on a blob that does not open and leaves it as it was', async () => {
    const w = await world();
    const path = join(w.blobs, 'R1.bin');
    const bad = readFileSync(path);
    bad[bad.length - 1]! ^= 1;
    writeFileSync(path, bad);
    process.env.CPII_REENCRYPT_DIR = w.data;
    try {
      const r = await run(...w.args(MODULE));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('A blob does not open');
    } finally {
      delete process.env.CPII_REENCRYPT_DIR;
    }
    expect(readFileSync(path).equals(bad)).toBe(true);
  });

  it('refuses a missing blob folder before any work', async () => {
    const w = await world();
    const args = w.args(MODULE);
    args[args.length - 1] = join(w.blobs, 'missing');
    const r = await run(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Blob folder');
    expect(existsSync(args[args.indexOf('--progress') + 1]!)).toBe(false);
    expect(readFileSync(join(w.blobs, 'R1.bin'))[3]).toBe(1);
  });
});

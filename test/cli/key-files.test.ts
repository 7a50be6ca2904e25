// An application and the CLI on the same keys (docs/cli.md, "Keys shared with your
// application"): the CLI writes the key files, the application loads them through the library
// and seals records into a file key store, the CLI rotates that store to a KEK made with
// `keygen --kek-only`, and the application opens every record again with the new KEK and the
// blind-index key it always had.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPiiError } from 'courier-pii';
import { createKeyring, createVault, fileKeyStore, loadKeyFile, loadKeyFolder } from 'courier-pii/crypto';
import { Parcel } from './fixtures/parcel-module.js';
import { buildCliBundle, tmp } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN_DIR = join(ROOT, '.tmp', `cli-keyfiles-${process.pid}`);
let BUILT = '';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BUILT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  BUILT = await buildCliBundle(BIN_DIR);
});
afterAll(() => rmSync(BIN_DIR, { recursive: true, force: true }));

describe('the CLI’s key files in an application', () => {
  it('loads them through the library and opens a store the CLI rotated', async () => {
    const dir = tmp();
    const keysDir = join(dir, 'keys');
    const storePath = join(dir, 'subject-keys.journal');
    expect(cli('keygen', '--out', keysDir, '--id', 'kek-2026').code).toBe(0);

    // The application: keys from the folder the CLI wrote, a file key store, 20 sealed parcels.
    const keys = loadKeyFolder(keysDir);
    expect(keys.kek.id).toBe('kek-2026');
    const ring = createKeyring({ keks: [keys.kek], active: keys.kek.id });
    let store = fileKeyStore(storePath);
    const app = createVault({ keyring: ring, keyStore: store, indexKey: keys.indexKey! });
    const parcels = Array.from({ length: 20 }, (_, i) => ({
      waybillNo: `SF${1_000_000_000_000 + i}`,
      recipient: { name: '张三', phone: `138${10_000_000 + i}` },
    }));
    const sealed = [];
    for (const [i, p] of parcels.entries()) {
      sealed.push(await app.seal(Parcel, p, { recordId: `p${i}`, subjects: { recipient: `cust-${i}` } }));
    }
    await store.close();

    // The operator: a new KEK alone, then the rotation.
    const kekOnly = cli('keygen', '--out', join(dir, 'keys-2027'), '--id', 'kek-2027', '--kek-only');
    expect(kekOnly.code).toBe(0);
    expect(kekOnly.stdout).toContain('wrote kek.json to');
    expect(readdirSync(join(dir, 'keys-2027'))).toEqual(['kek.json']);
    const rotated = cli(
      'rotate',
      '--keys',
      keysDir,
      '--store',
      storePath,
      '--new-kek',
      join(dir, 'keys-2027', 'kek.json'),
    );
    expect(rotated.stdout).toContain('OK: 20 of 20 subject keys rewrapped from KEK kek-2026 to kek-2027');
    expect(rotated.code).toBe(0);

    // The application after the rotation: the new KEK, the same blind-index key.
    const next = loadKeyFolder(join(dir, 'keys-2027'));
    expect(next.indexKey).toBeUndefined();
    expect(next.signingKey).toBeUndefined();
    store = fileKeyStore(storePath);
    const after = createVault({
      keyring: createKeyring({ keks: [next.kek], active: next.kek.id }),
      keyStore: store,
      indexKey: keys.indexKey!,
    });
    for (const [i, s] of sealed.entries()) {
      const opened = await after.open(Parcel, s.record, { recordId: `p${i}` });
      expect(opened.recipient.phone).toBe(`+86${parcels[i]!.recipient.phone}`);
      // Blind indexes stored before the rotation still find the parcel.
      expect(after.blindIndex('phone', parcels[i]!.recipient.phone)).toBe(s.indexes['recipient.phone']);
    }
    // The old KEK alone no longer opens anything: every key was rewrapped.
    const old = createVault({ keyring: ring, keyStore: store, indexKey: keys.indexKey! });
    const failed = await old.open(Parcel, sealed[0]!.record, { recordId: 'p0' }).then(
      () => 'opened',
      (e: unknown) => (isPiiError(e) ? e.code : 'other'),
    );
    expect(failed).toBe('KEY_NOT_FOUND');
    await store.close();
  });

  it('the public key file the CLI writes is what the library reads as signing-public', () => {
    const dir = join(tmp(), 'keys');
    expect(cli('keygen', '--out', dir).code).toBe(0);
    const pub = loadKeyFile(join(dir, 'signing.pub.json'), 'signing-public');
    expect(pub.publicKey).toEqual(loadKeyFolder(dir).signingKey!.publicKey);
    expect(existsSync(join(dir, 'index.json'))).toBe(true);
  });

  it('keygen --kek-only refuses to replace an existing kek.json without --force', () => {
    const dir = join(tmp(), 'keys');
    expect(cli('keygen', '--out', dir, '--kek-only', '--id', 'a').code).toBe(0);
    const again = cli('keygen', '--out', dir, '--kek-only', '--id', 'b');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists; pass --force');
    expect(cli('keygen', '--out', dir, '--kek-only', '--id', 'b', '--force').code).toBe(0);
    expect(loadKeyFolder(dir).kek.id).toBe('b');
  });
});

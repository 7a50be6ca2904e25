// `courier-pii reencrypt` killed with SIGKILL part-way (in the records phase, or in the middle of
// writing a blob's replacement), then run again: it finishes, every record and blob opens with
// the same plaintext under GM, no key record keeps a suite-1 DEK, no blob keeps a suite-1 header,
// a blob moved before the kill is not moved twice and a half-written one is redone.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKeyring, createVault, fileKeyStore, type StreamOptions } from '../../src/crypto/index.js';
import { run } from '../cli/helpers.js';
import { scratchDir } from '../support/scratch.js';
import { blobSuite, openBlob, sealBlob } from './fixtures/blobs.js';
import { checkMoved, killWhen, seal } from './fixtures/gm-reencrypt.js';

const child = fileURLToPath(new URL('./fixtures/reencrypt-child.ts', import.meta.url));
const sourceModule = fileURLToPath(new URL('./fixtures/reencrypt-source.ts', import.meta.url));
const pad = (i: number) => String(i).padStart(3, '0');

/** Blob i of the test store: a named blob of a customer, a record-key blob, or a courier's blob. */
function blobAt(i: number): { id: string; opts: StreamOptions } {
  if (i % 3 === 0)
    return {
      id: `R${pad(i)}/photo`,
      opts: { recordId: `R${pad(i)}`, name: 'photo', subjectId: `c${i % 20}` },
    };
  if (i % 3 === 1) return { id: `R${pad(i)}`, opts: { recordId: `R${pad(i)}` } };
  return { id: `P${pad(i)}/pod`, opts: { recordId: `P${pad(i)}`, name: 'pod', subjectId: `courier-${i}` } };
}

/** Every file under `dir`, one folder deep, as id -> bytes; dot files (temp files) apart. */
function files(dir: string): { blobs: Map<string, Uint8Array>; temps: string[] } {
  const blobs = new Map<string, Uint8Array>();
  const temps: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const rel = join(e.parentPath, e.name).slice(dir.length + 1);
    if (e.name.startsWith('.')) temps.push(rel);
    else blobs.set(rel, readFileSync(join(dir, rel)));
  }
  return { blobs, temps };
}

const CASES = [
  { name: 'records only, killed in the records phase', blobs: 0, stall: 0, marker: 'w ', count: 15 },
  { name: 'records and blobs, killed in the records phase', blobs: 12, stall: 0, marker: 'w ', count: 15 },
  { name: 'records and blobs, killed while writing a blob', blobs: 12, stall: 5, marker: 'mid', count: 1 },
] as const;

describe('courier-pii reencrypt under SIGKILL', () => {
  it.each(CASES)(
    '$name: resumes and leaves nothing under the old suite',
    async (c) => {
      const dir = scratchDir('cpii-reenc-');
      await run('keygen', '--out', join(dir, 'keys'), '--id', 'kek-1');
      const { readKeyFile } = await import('../../src/cli/files.js');
      const k = readKeyFile(join(dir, 'keys', 'kek.json'), 'kek');
      const indexKey = readKeyFile(join(dir, 'keys', 'index.json'), 'index').key;
      const keyring = createKeyring({ keks: [{ id: k.id, key: k.key }], active: k.id });
      const storePath = join(dir, 'store');
      const store = fileKeyStore(storePath);
      const d = createVault({ keyring, keyStore: store, indexKey, audit: 'none' });
      const data = join(dir, 'data');
      const blobDir = join(dir, 'blobs');
      mkdirSync(data);
      mkdirSync(blobDir);
      const old: Array<[string, unknown]> = [];
      for (let i = 0; i < 60; i++) {
        const id = `R${pad(i)}`;
        const { record } = await seal(d, id, `c${i % 20}`);
        old.push([id, record]);
        writeFileSync(
          join(data, `${id}.json`),
          JSON.stringify({ record, subjects: { recipient: `c${i % 20}` }, recordKeyFor: ['sender'] }),
        );
      }
      const plain = new Map<string, { opts: StreamOptions; plain: Uint8Array; sealed: Uint8Array }>();
      for (let i = 0; i < c.blobs; i++) {
        const { id, opts } = blobAt(i);
        const p = randomBytes(150_000 + i * 1000); // three chunks and more
        const sealed = await sealBlob(d, opts, p);
        if (id.includes('/')) mkdirSync(join(blobDir, id.split('/')[0]!), { recursive: true });
        writeFileSync(join(blobDir, id), sealed);
        plain.set(id, { opts, plain: p, sealed });
      }
      await store.close();
      const progress = join(dir, 'progress.json');
      const args = ['reencrypt', '--keys', join(dir, 'keys'), '--store', storePath, '--module', sourceModule];
      args.push('--progress', progress, ...(c.blobs ? ['--blobs', blobDir] : []));
      const env = { CPII_REENCRYPT_DIR: data, CPII_BLOB_DIR: blobDir, CPII_STALL_BLOB: String(c.stall) };
      const seen = await killWhen(child, args, env, c.marker, c.count);
      expect(seen).toBeGreaterThanOrEqual(c.count);
      const mid = JSON.parse(readFileSync(progress, 'utf8'));
      const before = files(blobDir);
      if (c.stall) {
        // killed while the fifth blob's replacement was half written: the four before it are GM (and
        // past the checkpoint, so the rerun does not list them again),
        // the fifth is still its old self beside a partial temp file
        expect(mid.phase).toBe('blobs');
        const ids = [...before.blobs.keys()].sort();
        expect(ids.map((id) => blobSuite(before.blobs.get(id)!))).toEqual([2, 2, 2, 2, ...Array(8).fill(1)]);
        expect(Buffer.from(before.blobs.get(ids[4]!)!).equals(plain.get(ids[4]!)!.sealed)).toBe(true);
        expect(before.temps).toHaveLength(1);
      } else expect(mid.phase).toBe('records');
      process.env.CPII_REENCRYPT_DIR = data;
      try {
        const r = await run(...args);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/OK: \d+ records sealed again under suite gm/);
        // 20 customers + 60 record keys, plus the 4 couriers only blobs use
        expect(r.stdout).toContain(`${c.blobs ? 84 : 80} old keys destroyed`);
        if (c.blobs)
          expect(r.stdout).toContain(
            c.stall
              ? '8 blobs sealed again (0 already gm, 0 of erased'
              : '12 blobs sealed again (0 already gm',
          );
        expect(r.stdout).not.toContain('hold only a default-suite key');
      } finally {
        delete process.env.CPII_REENCRYPT_DIR;
      }
      const rows = readdirSync(data)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map(
          (f) =>
            [f.slice(0, -5), JSON.parse(readFileSync(join(data, f), 'utf8')).record] as [string, unknown],
        );
      expect(rows).toHaveLength(60);
      const store2 = fileKeyStore(storePath);
      try {
        await checkMoved(store2, keyring, indexKey, rows, old);
        const g = createVault({ keyring, keyStore: store2, indexKey, suite: 'gm', audit: 'none' });
        const after = files(blobDir);
        expect(after.temps).toEqual([]);
        expect([...after.blobs.keys()].sort()).toEqual([...plain.keys()].sort());
        for (const [id, b] of plain) {
          const now = after.blobs.get(id)!;
          expect(blobSuite(now), id).toBe(2);
          expect(Buffer.from(await openBlob(g, b.opts, now)).equals(b.plain), id).toBe(true);
          // the blob as it was before the move no longer opens: its DEK is gone
          await expect(openBlob(g, b.opts, b.sealed)).rejects.toMatchObject({ code: 'CIPHERTEXT_INVALID' });
        }
      } finally {
        await store2.close();
      }
    },
    120_000,
  );
});

import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ActiveKeyRecord,
  fileKeyStore,
  memoryKeyStore,
  type SubjectKeyStore,
} from '../../src/crypto/index.js';
import { scratchDir } from '../support/scratch.js';

const dir = (): string => scratchDir('cpii-ks-');
const rec = (subjectId: string, byte = 1, revision = 1): ActiveKeyRecord => ({
  subjectId,
  state: 'active',
  kekId: 'kek-a',
  wrapped: new Uint8Array(72).fill(byte),
  createdAt: 1_700_000_000_000,
  revision,
});

const stores: Array<[string, () => SubjectKeyStore]> = [
  ['memoryKeyStore', () => memoryKeyStore()],
  ['fileKeyStore', () => fileKeyStore(join(dir(), 'keys.journal'))],
];

describe.each(stores)('%s', (_name, make) => {
  it('creates a record only once and returns the existing one to a second writer', async () => {
    const s = make();
    expect(await s.get('a')).toBeUndefined();
    const [x, y] = await Promise.all([s.create(rec('a', 1)), s.create(rec('a', 2))]);
    expect(x).toEqual(rec('a', 1));
    expect(y).toEqual(rec('a', 1));
    expect(await s.get('a')).toEqual(rec('a', 1));
  });

  it('replaces a record only when the expected revision matches', async () => {
    const s = make();
    await s.create(rec('a'));
    expect(await s.compareAndSet('a', 2, rec('a', 5, 3))).toBe(false);
    expect(await s.compareAndSet('a', 1, rec('a', 5, 2))).toBe(true);
    expect(await s.compareAndSet('a', 1, rec('a', 6, 2))).toBe(false);
    expect(await s.compareAndSet('missing', 0, rec('missing', 6, 1))).toBe(false);
    expect((await s.get('a'))?.revision).toBe(2);
  });

  it('keeps a tombstone after destruction and lists every record once', async () => {
    const s = make();
    await s.create(rec('a'));
    await s.create(rec('b'));
    await s.compareAndSet('a', 1, {
      subjectId: 'a',
      state: 'destroyed',
      createdAt: 1,
      destroyedAt: 2,
      revision: 2,
    });
    expect(await s.get('a')).toEqual({
      subjectId: 'a',
      state: 'destroyed',
      createdAt: 1,
      destroyedAt: 2,
      revision: 2,
    });
    const all = [];
    for await (const r of s.list()) all.push(r.subjectId);
    expect(all.sort()).toEqual(['a', 'b']);
  });

  it('returns copies, so callers cannot change stored bytes', async () => {
    const s = make();
    const r = await s.create(rec('a', 7));
    if (r.state === 'active') r.wrapped.fill(0);
    const again = await s.get('a');
    expect(again?.state === 'active' && again.wrapped[0]).toBe(7);
  });
});

describe('fileKeyStore on disk', () => {
  it('reopens with every record and no wrapped bytes of a destroyed key left in the file', async () => {
    const p = join(dir(), 'k');
    const s = fileKeyStore(p);
    await s.create(rec('a', 0xab));
    await s.create(rec('b', 0xcd));
    await s.compareAndSet('a', 1, {
      subjectId: 'a',
      state: 'destroyed',
      createdAt: 1,
      destroyedAt: 2,
      revision: 2,
    });
    await s.close();
    const text = readFileSync(p, 'utf8');
    expect(text).not.toContain(Buffer.from(new Uint8Array(72).fill(0xab)).toString('base64url'));
    const t = fileKeyStore(p);
    expect((await t.get('a'))?.state).toBe('destroyed');
    expect(await t.get('b')).toEqual(rec('b', 0xcd));
    await t.close();
  });

  it('drops a torn last line from a crash and keeps every earlier key', async () => {
    const p = join(dir(), 'k');
    const s = fileKeyStore(p);
    await s.create(rec('a'));
    await s.create(rec('b'));
    await s.close();
    appendFileSync(p, '0123456789abcdef {"s":"c","t":"a","k":"ke');
    const t = fileKeyStore(p);
    expect(await t.get('a')).toEqual(rec('a'));
    expect(await t.get('b')).toEqual(rec('b'));
    expect(await t.get('c')).toBeUndefined();
    await t.create(rec('c'));
    await t.close();
    const u = fileKeyStore(p);
    expect(await u.get('c')).toEqual(rec('c'));
    await u.close();
  });

  it('refuses a damaged file with KEYSTORE_CORRUPT and says to restore from a backup', async () => {
    const p = join(dir(), 'k');
    const s = fileKeyStore(p);
    await s.create(rec('a'));
    await s.create(rec('b'));
    await s.close();
    const text = readFileSync(p, 'utf8').split('\n');
    text[1] = text[1]!.replace('"kek-a"', '"kek-b"');
    writeFileSync(p, text.join('\n'));
    const err = await fileKeyStore(p)
      .get('a')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'KEYSTORE_CORRUPT' });
    expect(String((err as Error).message)).toMatch(/restore it from a backup/);
    writeFileSync(p, 'not a key store\n');
    await expect(fileKeyStore(p).get('a')).rejects.toMatchObject({ code: 'KEYSTORE_CORRUPT' });
  });

  it('creates and rewraps 100,000 records quickly with group commit', async () => {
    const p = join(dir(), 'k');
    const s = fileKeyStore(p);
    const t0 = performance.now();
    const N = 100_000;
    for (let i = 0; i < N; i += 1000) {
      await Promise.all(Array.from({ length: 1000 }, (_, j) => s.create(rec(`s${i + j}`))));
    }
    for (let i = 0; i < N; i += 1000) {
      await Promise.all(
        Array.from({ length: 1000 }, (_, j) =>
          s.compareAndSet(`s${i + j}`, 1, { ...rec(`s${i + j}`, 2, 2), kekId: 'kek-b' }),
        ),
      );
    }
    await s.close();
    const ms = performance.now() - t0;
    const t = fileKeyStore(p);
    let n = 0;
    for await (const r of t.list()) if (r.state === 'active' && r.kekId === 'kek-b' && r.revision === 2) n++;
    expect(n).toBe(N);
    await t.close();
    expect(ms).toBeLessThan(60_000); // about 4 s on an idle 2-core machine; generous for a shared one
  }, 120_000);
});

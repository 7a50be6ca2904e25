import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqliteKeyStore } from '../../src/stores/index.js';
import { scratchDir } from '../support/scratch.js';

describe('sqliteKeyStore erasure on disk', () => {
  it('leaves no byte of a destroyed wrapped key in the database file or its WAL', async () => {
    const path = join(scratchDir('cpii-sqlite-'), 'keys.db');
    const store = sqliteKeyStore({ path });
    // A recognisable 72-byte pattern standing in for a wrapped DEK.
    const secret = Uint8Array.from({ length: 72 }, (_, i) => (i * 37 + 11) % 256);
    const other = new Uint8Array(72).fill(0x5a);
    await store.create({
      subjectId: 'erase-me',
      state: 'active',
      kekId: 'kek-1',
      wrapped: secret,
      createdAt: 1,
      revision: 1,
    });
    await store.create({
      subjectId: 'keep-me',
      state: 'active',
      kekId: 'kek-1',
      wrapped: other,
      createdAt: 1,
      revision: 1,
    });
    const files = (): Buffer[] => [path, `${path}-wal`].filter(existsSync).map((f) => readFileSync(f));
    expect(files().some((b) => b.includes(Buffer.from(secret)))).toBe(true);
    expect(
      await store.compareAndSet('erase-me', 1, {
        subjectId: 'erase-me',
        state: 'destroyed',
        createdAt: 1,
        destroyedAt: 2,
        revision: 2,
      }),
    ).toBe(true);
    for (const b of files()) expect(b.includes(Buffer.from(secret))).toBe(false);
    expect(files().some((b) => b.includes(Buffer.from(other)))).toBe(true);
    expect((await store.get('keep-me'))?.state).toBe('active');
    await store.close?.();
  });
});

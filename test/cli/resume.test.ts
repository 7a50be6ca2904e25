// `rotate` and `handover` say they are resumable: interrupt each half-way, then run the command.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKeyFile } from '../../src/cli/files.js';
import { createKeyring, createVault, fileKeyStore } from '../../src/crypto/index.js';
import { handover } from '../../src/lifecycle/index.js';
import { BUYER, handoverFixture, run, SELLER, seedStore, tmp } from './helpers.js';

const kekOf = (dir: string) => readKeyFile(join(dir, 'kek.json'), 'kek');

async function kekIds(path: string): Promise<string[]> {
  const s = fileKeyStore(path);
  const out: string[] = [];
  for await (const r of s.list()) if (r.state === 'active') out.push(r.kekId);
  await s.close();
  return out;
}

describe('resuming interrupted work', () => {
  it('rotate finishes a rotation that stopped part-way and rewraps only what was left', async () => {
    const dir = tmp();
    await run('keygen', '--out', join(dir, 'old'), '--id', 'kek-old');
    await run('keygen', '--out', join(dir, 'new'), '--id', 'kek-new');
    const store = join(dir, 'store');
    await seedStore(join(dir, 'old'), store, 30);
    // A rotation that dies after some records (the callback throws, as a crash would stop it).
    const keyStore = fileKeyStore(store);
    const vault = createVault({
      keyring: createKeyring({ keks: [kekOf(join(dir, 'old')), kekOf(join(dir, 'new'))], active: 'kek-old' }),
      keyStore,
      indexKey: readKeyFile(join(dir, 'old', 'index.json'), 'index').key,
    });
    await expect(
      vault.rotateKek('kek-new', {
        concurrency: 1,
        onProgress: (p) => {
          if (p.done === 12) throw new Error('crash');
        },
      }),
    ).rejects.toThrow('crash');
    await keyStore.close();
    const before = await kekIds(store);
    const moved = before.filter((k) => k === 'kek-new').length;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(30);

    const r = await run(
      'rotate',
      '--keys',
      join(dir, 'old'),
      '--store',
      store,
      '--new-kek',
      join(dir, 'new', 'kek.json'),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`OK: ${30 - moved} of 30 subject keys rewrapped`);
    expect(new Set(await kekIds(store))).toEqual(new Set(['kek-new']));
  });

  it('handover finishes a handover that stopped part-way, verifies every key and counts them all', async () => {
    const { sellerKeys, buyerKeys, store, args } = await handoverFixture(30);
    const keyStore = fileKeyStore(store);
    const sellerSigning = readKeyFile(join(sellerKeys, 'signing.json'), 'signing');
    await expect(
      handover({
        id: 'handover-feiyun',
        from: {
          keyring: createKeyring({ keks: [kekOf(sellerKeys)], active: 'seller-kek' }),
          keyStore,
        },
        to: createKeyring({ keks: [kekOf(buyerKeys)], active: 'buyer-kek' }),
        seller: { ...SELLER, signingKey: { secretKey: sellerSigning.key } },
        buyer: BUYER,
        purposes: ['delivery'],
        concurrency: 1,
        progressEvery: 1,
        onProgress: (p) => {
          if (p.done === 10) throw new Error('crash');
        },
      }),
    ).rejects.toThrow('crash');
    await keyStore.close();
    const moved = (await kekIds(store)).filter((k) => k === 'buyer-kek').length;
    expect(moved).toBe(10);

    const r = await run(...args('delivery'));
    expect(r.stdout).toContain(
      '30 people and 0 record keys now under KEK buyer-kek (20 rewrapped by this run)',
    );
    expect(r.code).toBe(0);
    expect(new Set(await kekIds(store))).toEqual(new Set(['buyer-kek']));
  });
});

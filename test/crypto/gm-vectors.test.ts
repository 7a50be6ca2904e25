// The frozen GM-suite vectors (test/vectors/cpii1/gm-v1.json) keep opening byte for byte on both
// backends, through the public vault, in a default-suite vault as in a GM one; and the builder
// still produces exactly the frozen file (the byte layouts have not moved).
import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/_internal/bytes.js';
import { createKeyring, createVault, memoryKeyStore, type SubjectKeyRecord } from '../../src/crypto/index.js';
import { buildGmVectors } from './gm-vectors.js';

const file = new URL('../vectors/cpii1/gm-v1.json', import.meta.url);
const V = JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof buildGmVectors>;

async function vaultFor(backend: 'noble' | 'node', suite: 'default' | 'gm') {
  const keyStore = memoryKeyStore();
  for (const r of V.keyStore)
    await keyStore.create({ ...r, wrapped: fromHex(r.wrapped) } as unknown as SubjectKeyRecord);
  const keyring = createKeyring({ keks: [{ id: V.kek.id, key: fromHex(V.kek.key) }], active: V.kek.id });
  return createVault({
    keyring,
    keyStore,
    indexKey: fromHex(V.indexKey),
    indexBytes: V.indexBytes,
    backend,
    suite,
    audit: 'none',
  });
}

it('the builder still produces the frozen file byte for byte', () => {
  expect(`${JSON.stringify(buildGmVectors(), null, 2)}\n`).toBe(readFileSync(file, 'utf8'));
});

describe.each([
  ['noble', 'gm'],
  ['node', 'gm'],
  ['node', 'default'],
] as const)('frozen GM vectors on the %s backend, %s-suite vault', (backend, suite) => {
  it('open every frozen field (suite 2, and suite 1 of a subject part-way through the move)', async () => {
    const vault = await vaultFor(backend, suite);
    expect(V.fields.filter((f) => f.suite === 2).length).toBeGreaterThan(2);
    for (const f of V.fields) {
      expect(Buffer.from(f.sealed.slice(6), 'base64url')[1]).toBe(f.suite);
      const { schemaId, path, recordId, subjectId } = f;
      expect(await vault.openValue(f.sealed as never, { schemaId, path, recordId, subjectId })).toEqual(
        f.opened,
      );
    }
  });

  it('refuse every frozen field with one bit flipped anywhere', async () => {
    const vault = await vaultFor(backend, suite);
    const f = V.fields[0]!;
    const raw = Buffer.from(f.sealed.slice(6), 'base64url');
    for (let i = 0; i < raw.length; i++) {
      const t = Buffer.from(raw);
      t[i] = t[i]! ^ 0x01;
      await expect(
        vault.openValue(`cpii1.${t.toString('base64url')}` as never, {
          schemaId: f.schemaId,
          path: f.path,
          recordId: f.recordId,
        }),
        `byte ${i}`,
      ).rejects.toMatchObject({ code: 'CIPHERTEXT_INVALID' });
    }
  });

  it('open the frozen suite-2 blob stream', async () => {
    const vault = await vaultFor(backend, suite);
    const parts: Buffer[] = [];
    await pipeline(
      Readable.from([Buffer.from(fromHex(V.stream.sealed))]),
      vault.openStream({ recordId: V.stream.recordId, name: V.stream.name, subjectId: V.stream.subjectId }),
      new Writable({
        write(c: Buffer, _e, cb) {
          parts.push(c);
          cb();
        },
      }),
    );
    expect(Buffer.concat(parts).toString('hex')).toBe(V.stream.plaintext);
  });

  it('compute the frozen bi2. blind indexes (GM vault)', async () => {
    const vault = await vaultFor(backend, 'gm');
    for (const x of V.blindIndexes) expect(vault.blindIndex(x.kind, x.value)).toBe(x.index);
  });
});

// The blob-stream promises of docs/formats.md that a second implementation relies on.
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { nobleBackend } from '../../src/crypto/backend.js';
import { deriveContext } from '../../src/crypto/dek-context.js';
import { StreamOpener, StreamSealer, streamKeyOf } from '../../src/crypto/stream.js';
import { pii } from '../../src/schema/index.js';
import * as z from 'zod';
import { testVault } from './helpers.js';

async function run(t: NodeJS.ReadWriteStream, input: Buffer): Promise<Buffer> {
  const parts: Buffer[] = [];
  await pipeline(
    Readable.from([input]),
    t,
    new Writable({
      write(c: Buffer, _e, cb) {
        parts.push(c);
        cb();
      },
    }),
  );
  return Buffer.concat(parts);
}

const headerLen = (keyId: string) => 4 + 1 + Buffer.byteLength(keyId) + 16 + 32 + 4;

describe('blob stream format', () => {
  it('a length that is a multiple of the chunk size ends with a full final chunk, no empty chunk', async () => {
    const { vault } = testVault();
    const data = Buffer.alloc(64, 7);
    const sealed = await run(vault.sealStream({ recordId: 'R', chunkSize: 16 }), data);
    expect(sealed.length).toBe(headerLen('record:R') + 4 * (16 + 16));
    const empty = await run(vault.sealStream({ recordId: 'R', chunkSize: 16 }), Buffer.alloc(0));
    expect(empty.length).toBe(headerLen('record:R') + 16);
    expect(await run(vault.openStream({ recordId: 'R' }), sealed)).toEqual(data);
    expect((await run(vault.openStream({ recordId: 'R' }), empty)).length).toBe(0);
  });

  it('an opener also accepts an empty final chunk after full ones', async () => {
    const b = nobleBackend;
    const ctx = deriveContext(b, 'record:R', b.randomBytes(32));
    const sealer = new StreamSealer(ctx, 'R', 'blob', 16);
    const seal = (sealer as unknown as { seal(pt: Uint8Array, last: boolean): Uint8Array[] }).seal.bind(
      sealer,
    );
    const parts = [
      sealer.header,
      ...seal(new Uint8Array(16).fill(1), false),
      ...seal(new Uint8Array(16).fill(2), false),
      ...seal(new Uint8Array(0), true),
    ];
    const opener = new StreamOpener(async (_k, salt) => streamKeyOf(ctx, salt), 'R', 'blob');
    const out = [...(await opener.push(Buffer.concat(parts))), opener.finish()];
    expect(Buffer.concat(out)).toEqual(Buffer.concat([Buffer.alloc(16, 1), Buffer.alloc(16, 2)]));
  });

  it('defaults: name "blob", key id record:<recordId>, and the header carries the field commitment', async () => {
    const { vault } = testVault();
    const sealed = await run(vault.sealStream({ recordId: 'R7' }), Buffer.from('photo'));
    expect(sealed[4]).toBe('record:R7'.length);
    expect(sealed.subarray(5, 5 + 9).toString()).toBe('record:R7');
    expect(
      (
        await run(vault.openStream({ recordId: 'R7', name: 'blob', subjectId: 'record:R7' } as never), sealed)
      ).toString(),
    ).toBe('photo');
    const S = pii.id('s/v1', z.object({ p: pii.phone() }));
    const { record } = await vault.seal(S, { p: '13812345678' }, { recordId: 'R7' });
    const field = Buffer.from(record.p.slice(6), 'base64url');
    const fieldCommit = field.subarray(3 + field[2]! + 24, 3 + field[2]! + 24 + 32);
    const streamCommit = sealed.subarray(5 + 9 + 16, 5 + 9 + 16 + 32);
    expect(streamCommit).toEqual(fieldCommit);
  });
});

describe('blind index encoding', () => {
  it('is bi1. and unpadded base64url of ceil(4n/3) characters for every allowed length', () => {
    for (let n = 4; n <= 32; n++) {
      const { vault } = testVault({ indexBytes: n });
      const i = vault.blindIndex('phone', '13812345678');
      expect(i).toMatch(/^bi1\.[A-Za-z0-9_-]+$/);
      expect(i.length).toBe(4 + Math.ceil((4 * n) / 3));
    }
  });
});

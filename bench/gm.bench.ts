// The GM suite (SM4-GCM, HMAC-SM3) against native baselines on the same data: a small field
// sealed and opened by a GM vault against bare node AES-256-GCM (what an application would write
// itself), and a 1 MiB blob through a GM vault's streams against a bare native SM4 ceiling
// (OpenSSL sm4-ctr over the same MiB: the block cipher alone, no GHASH, no framing).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createKeyring, createVault, generateKey, memoryKeyStore } from '../src/crypto/index.js';
import { type BenchRow, compare } from './lib.js';

const PHONE = '+8613812345678';
const aesKey = randomBytes(32);
function aesSeal(data: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', aesKey, iv);
  const ct = c.update(data);
  c.final();
  return Buffer.concat([iv, ct, c.getAuthTag()]);
}
function aesOpen(b: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', aesKey, b.subarray(0, 12));
  d.setAuthTag(b.subarray(b.length - 16));
  const pt = d.update(b.subarray(12, b.length - 16));
  d.final();
  return pt;
}

const sink = () =>
  new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });

export async function run(): Promise<BenchRow[]> {
  const vault = createVault({
    keyring: createKeyring({ keks: [{ id: 'k', key: generateKey() }], active: 'k' }),
    keyStore: memoryKeyStore(),
    indexKey: generateKey(),
    suite: 'gm',
    audit: 'none',
  });
  const ctx = { schemaId: 'bench-gm/v1', path: 'recipient.phone', recordId: 'P1', subjectId: 'cust-1' };
  const sealed = await vault.sealValue(PHONE, ctx);
  const phone = Buffer.from(PHONE);
  const aesSealed = aesSeal(phone);
  const peer = 'node:crypto AES-256-GCM (bare, same bytes)';
  const rows: BenchRow[] = [];
  rows.push(
    await compare({
      group: 'gm',
      name: 'GM seal one small field (sealValue, cached DEK; SM4-GCM, AAD, HMAC-SM3 commitment)',
      ours: () => vault.sealValue(PHONE, ctx),
      peer: { name: peer, fn: () => aesSeal(phone) },
      target: '>= 0.5',
      targetMin: 0.5,
    }),
  );
  rows.push(
    await compare({
      group: 'gm',
      name: 'GM open one small field (openValue, cached DEK)',
      ours: () => vault.openValue(sealed, ctx),
      peer: { name: peer, fn: () => aesOpen(aesSealed) },
      target: '>= 0.5',
      targetMin: 0.5,
    }),
  );
  const MiB = randomBytes(1024 * 1024);
  const sm4Key = randomBytes(16);
  const ceiling = {
    name: 'bare native SM4 (OpenSSL sm4-ctr over the same MiB)',
    fn: () => createCipheriv('sm4-ctr', sm4Key, randomBytes(16)).update(MiB),
  };
  let sealedBlob = Buffer.alloc(0);
  await pipeline(
    Readable.from([MiB]),
    vault.sealStream({ recordId: 'B1' }),
    new Writable({
      write(c: Buffer, _e, cb) {
        sealedBlob = Buffer.concat([sealedBlob, c]);
        cb();
      },
    }),
  );
  // The two blob rows differ only in name and what they time: same ceiling, target and timing.
  const blobRow = (name: string, ours: () => Promise<unknown>) =>
    compare({
      group: 'gm',
      name,
      ours,
      peer: ceiling,
      target: '>= 0.7',
      targetMin: 0.7,
      rounds: 3,
      ms: 400,
      batch: 1,
      note: 'MiB/s = ops/s',
    });
  rows.push(
    await blobRow('GM seal a 1 MiB blob (sealStream, 64 KiB SM4-GCM chunks)', () =>
      pipeline(Readable.from([MiB]), vault.sealStream({ recordId: 'B1' }), sink()),
    ),
  );
  rows.push(
    await blobRow('GM open a 1 MiB blob (openStream)', () =>
      pipeline(Readable.from([sealedBlob]), vault.openStream({ recordId: 'B1' }), sink()),
    ),
  );
  return rows;
}

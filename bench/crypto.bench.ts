// Crypto throughput as ratios against raw node:crypto doing the same job on the same data:
// AES-256-GCM with a random 12-byte IV, output iv || ct || tag as base64url (what an application
// writing its own column encryption would do), and raw HMAC-SHA256 for blind indexes.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as z from 'zod';
import { createKeyring, createVault, generateKey, memoryKeyStore } from '../src/crypto/index.js';
import { pii } from '../src/schema/index.js';
import { type BenchRow, compare } from './lib.js';

const PHONE = '+8613812345678';
const OneField = pii.id(
  'bench/v1',
  z.object({ recipient: pii.subject('recipient', z.object({ phone: pii.phone() })) }),
);
const value = { recipient: { phone: PHONE } };
const opts = { recordId: 'P1', subjects: { recipient: 'cust-1' } };

const aesKey = randomBytes(32);
function aesSeal(data: Buffer): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', aesKey, iv);
  const ct = c.update(data);
  c.final();
  return Buffer.concat([iv, ct, c.getAuthTag()]).toString('base64url');
}
function aesOpen(s: string): string {
  const b = Buffer.from(s, 'base64url');
  const d = createDecipheriv('aes-256-gcm', aesKey, b.subarray(0, 12));
  d.setAuthTag(b.subarray(b.length - 16));
  const pt = d.update(b.subarray(12, b.length - 16));
  d.final();
  return pt.toString('utf8');
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const vault = createVault({
    keyring: createKeyring({ keks: [{ id: 'kek-1', key: generateKey() }], active: 'kek-1' }),
    keyStore: memoryKeyStore(),
    indexKey: generateKey(),
  });
  const { record } = await vault.seal(OneField, value, opts); // caches the subject DEK
  const phoneBytes = Buffer.from(PHONE);
  const aesSealed = aesSeal(phoneBytes);

  rows.push(
    await compare({
      group: 'crypto',
      name: 'seal record with one small field (cached DEK; validation, AAD, commitment, blind index)',
      ours: () => vault.seal(OneField, value, opts),
      peer: { name: 'node:crypto AES-256-GCM, same field', fn: () => aesSeal(phoneBytes) },
      target: '>= 0.8',
      targetMin: 0.8,
    }),
  );
  rows.push(
    await compare({
      group: 'crypto',
      name: 'open record with one small field (cached DEK)',
      ours: () => vault.open(OneField, record, { recordId: 'P1' }),
      peer: { name: 'node:crypto AES-256-GCM, same field', fn: () => aesOpen(aesSealed) },
      target: '>= 0.8',
      targetMin: 0.8,
    }),
  );

  const mib = randomBytes(1024 * 1024);
  const sink = () =>
    new Writable({
      write(_c, _e, cb) {
        cb();
      },
    });
  rows.push(
    await compare({
      group: 'crypto',
      name: 'seal 1 MiB blob (sealStream, 64 KiB chunks)',
      ours: () => pipeline(Readable.from([mib]), vault.sealStream({ recordId: 'P1', name: 'photo' }), sink()),
      peer: { name: 'node:crypto AES-256-GCM one-shot, same bytes', fn: () => aesSeal(mib) },
      target: '>= 0.7',
      targetMin: 0.7,
      batch: 1,
      note: 'ops = MiB',
    }),
  );

  const bi = (s: string) => vault.blindIndex('phone', s);
  const hmacKey = randomBytes(32);
  rows.push(
    await compare({
      group: 'crypto',
      name: 'blind index of a phone (normalize + HMAC-SHA256 + truncate + base64url)',
      ours: () => bi(PHONE),
      peer: {
        name: 'node:crypto HMAC-SHA256, same value',
        fn: () => createHmac('sha256', hmacKey).update(PHONE).digest('base64url'),
      },
      target: '>= 0.9',
      targetMin: 0.9,
    }),
  );
  return rows;
}

// Crypto throughput as ratios against raw node:crypto doing the same job on the same data:
// AES-256-GCM with a random 12-byte IV, output iv || ct || tag as base64url (what an application
// writing its own column encryption would do), and raw HMAC-SHA256 for blind indexes.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import cloak from '@47ng/cloak';
import * as z from 'zod';
import {
  createKeyring,
  createVault,
  fileKeyStore,
  generateKey,
  memoryKeyStore,
  type SubjectKeyStore,
  type VaultOptions,
} from '../src/crypto/index.js';
import { pii } from '../src/schema/index.js';
import { type BenchRow, compare } from './lib.js';
import {
  bareOpenAll,
  buildListing,
  coldRatio,
  countingStore,
  ListedParcel,
  openPages,
  PAGE,
  PARCELS,
} from './listing.js';

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
function aesSealBytes(data: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', aesKey, iv);
  const ct = c.update(data);
  c.final();
  return Buffer.concat([iv, ct, c.getAuthTag()]);
}
function aesOpenBytes(b: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', aesKey, b.subarray(0, 12));
  d.setAuthTag(b.subarray(b.length - 16));
  const pt = d.update(b.subarray(12, b.length - 16));
  d.final();
  return pt;
}
function aesOpen(s: string): string {
  const b = Buffer.from(s, 'base64url');
  const d = createDecipheriv('aes-256-gcm', aesKey, b.subarray(0, 12));
  d.setAuthTag(b.subarray(b.length - 16));
  const pt = d.update(b.subarray(12, b.length - 16));
  d.final();
  return pt.toString('utf8');
}

/** One small field under raw ChaCha20-Poly1305 (60-byte AAD, like a cpii1 field's), opened bare. */
function rawChacha(value: string): { open: () => Buffer } {
  const key = randomBytes(32);
  const nonce = randomBytes(12);
  const aad = randomBytes(60);
  const pt = Buffer.from(`\x01${value}`);
  const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  c.setAAD(aad, { plaintextLength: pt.length });
  const ct = c.update(pt);
  c.final();
  const tag = c.getAuthTag();
  return {
    open: () => {
      const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
      d.setAAD(aad, { plaintextLength: ct.length });
      d.setAuthTag(tag);
      const out = d.update(ct);
      d.final();
      return out;
    },
  };
}

/** A blob sealed as raw ChaCha20-Poly1305 chunks; returns a function that opens them all. */
function rawChachaChunks(data: Buffer, size: number): () => number {
  const key = randomBytes(32);
  const chunks: { nonce: Buffer; ct: Buffer; tag: Buffer }[] = [];
  for (let i = 0; i * size < data.length; i++) {
    const nonce = Buffer.alloc(12);
    nonce.writeUInt32BE(i, 7);
    const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    const ct = c.update(data.subarray(i * size, (i + 1) * size));
    c.final();
    chunks.push({ nonce, ct, tag: c.getAuthTag() });
  }
  return () => {
    let n = 0;
    for (const k of chunks) {
      const d = createDecipheriv('chacha20-poly1305', key, k.nonce, { authTagLength: 16 });
      d.setAuthTag(k.tag);
      n += d.update(k.ct).length;
      d.final();
    }
    return n;
  };
}

const Party = z.object({
  name: pii.name({ level: 'sensitive' }),
  phone: pii.phone(),
  address: pii.address(),
});
const Parcel = pii.id(
  'bench-parcel/v1',
  z.object({
    waybillNo: pii.waybillNo(),
    sender: pii.subject('sender', Party),
    recipient: pii.subject('recipient', Party),
    lastScan: pii.geo(),
  }),
);
const parcel = {
  waybillNo: 'SF1234567890123',
  sender: { name: '王五', phone: '+8613900001111', address: '浙江省杭州市西湖区文三路1号' },
  recipient: { name: '李四', phone: '+8613812345678', address: '山东省青岛市市南区香港中路61号' },
  lastScan: { lat: 30.2875, lng: 120.162 },
};
const parcelOpts = { recordId: 'P2', subjects: { sender: 'cust-1', recipient: 'cust-2' }, indexes: false };
const parcelFields = [
  parcel.sender.name,
  parcel.sender.phone,
  parcel.sender.address,
  parcel.recipient.name,
  parcel.recipient.phone,
  parcel.recipient.address,
  JSON.stringify(parcel.lastScan),
].map((s) => Buffer.from(s));

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const vault = createVault({
    keyring: createKeyring({ keks: [{ id: 'kek-1', key: generateKey() }], active: 'kek-1' }),
    keyStore: memoryKeyStore(),
    indexKey: generateKey(),
  });
  const one = { ...opts, indexes: false };
  const { record } = await vault.seal(OneField, value, one); // caches the subject DEKs
  const { record: sealedParcel } = await vault.seal(Parcel, parcel, parcelOpts);
  const phoneBytes = Buffer.from(PHONE);
  const aesSealed = aesSeal(phoneBytes);
  const aesParcel = parcelFields.map(aesSeal);
  const peer = 'node:crypto AES-256-GCM (random IV, base64url), same data';

  const fieldCtx = { schemaId: 'bench/v1', path: 'recipient.phone', recordId: 'P1', subjectId: 'cust-1' };
  const sealedValue = await vault.sealValue(PHONE, fieldCtx);
  rows.push(
    await compare({
      group: 'crypto',
      name: 'seal one small field (sealValue, cached DEK; AAD binding and key commitment)',
      ours: () => vault.sealValue(PHONE, fieldCtx),
      peer: { name: peer, fn: () => aesSeal(phoneBytes) },
      target: '>= 0.8',
      targetMin: 0.8,
    }),
  );
  rows.push(
    await compare({
      group: 'crypto',
      name: 'open one small field (openValue, cached DEK)',
      ours: () => vault.openValue(sealedValue, fieldCtx),
      peer: { name: peer, fn: () => aesOpen(aesSealed) },
      target: '>= 0.8',
      targetMin: 0.8,
    }),
  );
  // The ceiling of the two rows above: node's own ChaCha20-Poly1305 on the same bytes with
  // nothing of ours around it (no parsing, AAD building, commitment check or decoding).
  const raw = rawChacha(PHONE);
  rows.push(
    await compare({
      group: 'crypto',
      name: 'ceiling: bare node:crypto chacha20-poly1305 decipher of the same field (no parse, AAD build, commitment or decode)',
      ours: raw.open,
      peer: { name: peer, fn: () => aesOpen(aesSealed) },
      note: 'what any XChaCha20-Poly1305 field format can reach here',
    }),
  );
  rows.push(
    await compare({
      group: 'crypto',
      name: 'seal a record with one small field (cached DEK; validation, AAD, commitment)',
      ours: () => vault.seal(OneField, value, one),
      peer: { name: peer, fn: () => aesSeal(phoneBytes) },
      note: 'whole-record API: adds zod validation of the record and a promise; the per-field target is the rows above',
    }),
  );
  rows.push(
    await compare({
      group: 'crypto',
      name: 'open a record with one small field (cached DEK)',
      ours: () => vault.open(OneField, record, { recordId: 'P1' }),
      peer: { name: peer, fn: () => aesOpen(aesSealed) },
      note: 'whole-record API: adds a copy of the record and a promise; the per-field target is the rows above',
    }),
  );
  rows.push(
    await compare({
      group: 'crypto',
      name: 'seal a parcel, 7 sealed fields, 2 subjects (cached DEKs)',
      ours: () => vault.seal(Parcel, parcel, parcelOpts),
      peer: { name: `${peer}, 7 fields`, fn: () => parcelFields.map(aesSeal) },
      target: '>= 0.9',
      targetMin: 0.9,
      note: 'whole-record API: zod validation of the record, then its compiled plan (no schema walk)',
    }),
  );
  rows.push(
    await compare({
      group: 'crypto',
      name: 'open a parcel, 7 sealed fields, 2 subjects (cached DEKs)',
      ours: () => vault.open(Parcel, sealedParcel, { recordId: 'P2' }),
      peer: { name: `${peer}, 7 fields`, fn: () => aesParcel.map(aesOpen) },
      target: '>= 0.7',
      targetMin: 0.7,
      note: 'whole-record API: the compiled plan of the record and a copy of it; each opened value checked against its leaf schema',
    }),
  );
  // @47ng/cloak, the engine of prisma-field-encryption (AES-256-GCM per field, nothing bound, no
  // key commitment), on the same seven values: first against the same AES-GCM peer, then head on.
  const cloakKey = cloak.parseKeySync(cloak.generateKey());
  const cloakParcel = parcelFields.map((b) => cloak.encryptStringSync(b.toString('utf8'), cloakKey));
  const cloakName = '@47ng/cloak 1.2 decryptStringSync × 7 (prisma-field-encryption)';
  rows.push(
    await compare({
      group: 'crypto',
      name: `peer: ${cloakName}, same 7 values`,
      ours: () => cloakParcel.map((c) => cloak.decryptStringSync(c, cloakKey)),
      peer: { name: `${peer}, 7 fields`, fn: () => aesParcel.map(aesOpen) },
      note: 'the peer on the same floor as the row above: compare the two ratios',
    }),
  );
  rows.push(
    await compare({
      group: 'crypto',
      name: 'open a parcel, 7 sealed fields, 2 subjects (cached DEKs), against cloak',
      ours: () => vault.open(Parcel, sealedParcel, { recordId: 'P2' }),
      peer: { name: cloakName, fn: () => cloakParcel.map((c) => cloak.decryptStringSync(c, cloakKey)) },
      target: '>= 1.0',
      targetMin: 1,
      note: 'ahead of cloak while binding every field to schema, path, record and subject, with key commitment',
    }),
  );
  rows.push(
    await compare({
      group: 'crypto',
      name: 'seal a parcel, 7 sealed fields, 2 subjects (cached DEKs), against cloak',
      ours: () => vault.seal(Parcel, parcel, parcelOpts),
      peer: {
        name: '@47ng/cloak 1.2 encryptStringSync × 7',
        fn: () => parcelFields.map((b) => cloak.encryptStringSync(b.toString('utf8'), cloakKey)),
      },
      note: 'ours also validates the record with zod',
    }),
  );

  const mib = randomBytes(1024 * 1024);
  const sink = () =>
    new Writable({
      write(_c, _e, cb) {
        cb();
      },
    });
  const parts: Buffer[] = [];
  await pipeline(
    Readable.from([mib]),
    vault.sealStream({ recordId: 'P1', name: 'photo' }),
    new Writable({
      write(c: Buffer, _e, cb) {
        parts.push(c);
        cb();
      },
    }),
  );
  const sealedBlob = Buffer.concat(parts);
  const aesBlob = aesSealBytes(mib);
  rows.push(
    await compare({
      group: 'crypto',
      name: 'seal a 1 MiB blob (sealStream, 64 KiB chunks)',
      ours: () => pipeline(Readable.from([mib]), vault.sealStream({ recordId: 'P1', name: 'photo' }), sink()),
      peer: { name: 'node:crypto AES-256-GCM one-shot, same bytes', fn: () => aesSealBytes(mib) },
      target: '>= 0.7',
      targetMin: 0.7,
      batch: 1,
      note: 'MiB/s = ops/s',
    }),
  );
  rows.push(
    await compare({
      group: 'crypto',
      name: 'open a 1 MiB blob (openStream)',
      ours: () =>
        pipeline(Readable.from([sealedBlob]), vault.openStream({ recordId: 'P1', name: 'photo' }), sink()),
      peer: { name: 'node:crypto AES-256-GCM one-shot, same bytes', fn: () => aesOpenBytes(aesBlob) },
      target: '>= 0.7',
      targetMin: 0.7,
      batch: 1,
      note: 'MiB/s = ops/s',
    }),
  );

  const rawBlob = rawChachaChunks(mib, 64 * 1024);
  rows.push(
    await compare({
      group: 'crypto',
      name: 'ceiling: bare node:crypto chacha20-poly1305 decipher of the same 16 × 64 KiB chunks (no streams, no header)',
      ours: rawBlob,
      peer: { name: 'node:crypto AES-256-GCM one-shot, same bytes', fn: () => aesOpenBytes(aesBlob) },
      batch: 1,
      note: 'MiB/s = ops/s; what any ChaCha20-Poly1305 blob format can reach here',
    }),
  );

  rows.push(...(await coldListingRows()));

  const hmacKey = randomBytes(32);
  rows.push(
    await compare({
      group: 'crypto',
      name: 'blind index of a phone (normalize, HMAC-SHA256, truncate, base64url)',
      ours: () => vault.blindIndex('phone', PHONE),
      peer: {
        name: 'node:crypto HMAC-SHA256 (base64url), same value',
        fn: () => createHmac('sha256', hmacKey).update(PHONE).digest('base64url'),
      },
      target: '>= 0.9',
      targetMin: 0.9,
    }),
  );
  return rows;
}

/**
 * Listing: 10,000 parcels opened by a vault with an empty key cache (bench/listing.ts), against
 * the bare unwrap-plus-decrypt floor: page by page with `vault.openMany` (the way to list), over
 * the memory and the file key store, and one `vault.open` per parcel.
 */
export async function coldListingRows(): Promise<BenchRow[]> {
  const rounds = Number(process.env.BENCH_COLD_ROUNDS ?? 3);
  const store = countingStore(memoryKeyStore());
  const l = await buildListing(store);
  const floorName = 'bare unwrap + decrypt floor (each DEK read and unwrapped once, same 7 fields)';
  const keysNote = '7 fields under 3 keys per parcel, 10,000 customers';
  const rows: BenchRow[] = [];
  const fresh = (keyStore: SubjectKeyStore, cache?: VaultOptions['cache']) => {
    const o: VaultOptions = { keyring: l.keyring, keyStore, indexKey: l.indexKey };
    if (cache) o.cache = cache;
    return createVault(o);
  };
  let reads = 0;
  const r = await coldRatio(
    rounds,
    async () => {
      store.reads = 0;
      await openPages(fresh(store), l);
      reads = store.reads;
    },
    () => bareOpenAll(l),
    PARCELS,
  );
  rows.push({
    group: 'crypto',
    name: `open 10,000 listed parcels with cold keys, vault.openMany in pages of ${PAGE} (memory key store)`,
    opsPerSec: r.ours,
    peer: floorName,
    peerOpsPerSec: r.floor,
    ratio: r.ours / r.floor,
    target: '>= 0.5',
    targetMin: 0.5,
    note: `records/s; ${keysNote}; ${reads.toLocaleString('en-US')} key loads for 20,000 distinct keys, one getMany per page`,
  });
  // The file store holds every record in memory once loaded; the floor reads the same way.
  const dir = mkdtempSync(join(tmpdir(), 'cpii-bench-listing-'));
  const file = fileKeyStore(join(dir, 'keys.journal'));
  for await (const rec of store.list()) await file.create(rec);
  const rf = await coldRatio(
    rounds,
    () => openPages(fresh(file), l),
    () => bareOpenAll(l),
    PARCELS,
  );
  await file.close();
  rows.push({
    group: 'crypto',
    name: `open 10,000 listed parcels with cold keys, vault.openMany in pages of ${PAGE} (file key store)`,
    opsPerSec: rf.ours,
    peer: floorName,
    peerOpsPerSec: rf.floor,
    ratio: rf.ours / rf.floor,
    note: `records/s; ${keysNote}; the store was loaded before the run (its journal is read once, at first use)`,
  });
  for (const [label, cache] of [
    ['default cache', undefined],
    ['cache of 100,000 keys', { maxEntries: 100_000, maxRecordEntries: 100_000 }],
  ] as const) {
    const ro = await coldRatio(
      rounds,
      async () => {
        const v = fresh(store, cache);
        store.reads = 0;
        for (const it of l.items) await v.open(ListedParcel, it.record, { recordId: it.recordId });
        reads = store.reads;
      },
      () => bareOpenAll(l),
      PARCELS,
    );
    rows.push({
      group: 'crypto',
      name: `open 10,000 listed parcels with cold keys, one vault.open each (${label})`,
      opsPerSec: ro.ours,
      peer: floorName,
      peerOpsPerSec: ro.floor,
      ratio: ro.ours / ro.floor,
      note: `records/s; ${keysNote}; ${reads.toLocaleString('en-US')} key loads for 20,000 distinct keys`,
    });
  }
  return rows;
}

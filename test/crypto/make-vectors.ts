// Writes test/vectors/cpii1/v1.json. Run once: `npx tsx test/crypto/make-vectors.ts`. The
// vectors are frozen: rerunning must produce the same file (checked by vectors.test.ts).
import { writeFileSync } from 'node:fs';
import { toHex, utf8 } from '../../src/_internal/bytes.js';
import { nobleBackend } from '../../src/crypto/backend.js';
import { deriveContext, sealEncoded } from '../../src/crypto/dek-context.js';
import { aadHead, encodeValue, fieldAad } from '../../src/crypto/field-format.js';
import { wrapContext } from '../../src/crypto/keyring.js';
import { StreamSealer } from '../../src/crypto/stream.js';
import { xchachaSeal } from '../../src/crypto/xchacha.js';
import { classify, type Kind, leaves, normalizeFor, schemaId, setIn } from '../../src/schema/index.js';
import { VectorNoId, VectorParcel } from './vector-schemas.js';

const b = nobleBackend;
const bytes = (label: string, n: number) =>
  b.hkdf(utf8('cpii1 frozen vectors'), new Uint8Array(0), utf8(label), n);
const kek = bytes('kek', 32);
const indexKey = bytes('index key', 32);
const subjects = ['cust-vec-1', 'record:V1', 'record:V2', 'cust-erased', 'cust-old-kek'];
const deks = Object.fromEntries(subjects.map((s) => [s, bytes(`dek ${s}`, 32)]));
const keyStore = subjects.map((s, i) => {
  if (s === 'cust-erased')
    return {
      subjectId: s,
      state: 'destroyed',
      createdAt: 1767225600000,
      destroyedAt: 1767312000000,
      revision: 2,
    };
  const kekId = s === 'cust-old-kek' ? 'kek-retired' : 'kek-vec';
  const nonce = bytes(`wrap nonce ${i}`, 24);
  const wrapped = xchachaSeal(b, kek, nonce, wrapContext(kekId, s), deks[s]!, nonce);
  return {
    subjectId: s,
    state: 'active',
    kekId,
    wrapped: toHex(wrapped),
    createdAt: 1767225600000,
    revision: 1,
  };
});

let nonceNo = 0;
function sealRecord(
  schema: typeof VectorParcel | typeof VectorNoId,
  value: unknown,
  recordId: string,
  roles: Record<string, string>,
) {
  const id =
    schemaId(schema) ??
    `sha256:${Buffer.from(b.sha256(utf8(JSON.stringify(classify(schema).map((f) => [f.path, f.level, f.kind, f.subject ?? '', f.retention ?? '']))))).toString('base64url')}`;
  const parsed = schema.parse(value);
  const out = structuredClone(parsed) as Record<string, unknown>;
  for (const l of leaves(schema, parsed)) {
    if (l.level !== 'sensitive') continue;
    const keyId = (l.subject && roles[l.subject]) || `record:${recordId}`;
    const ctx = deriveContext(b, keyId, new Uint8Array(deks[keyId]!), bytes('unused prefix', 16));
    const nonce = bytes(`field nonce ${nonceNo++}`, 24);
    setIn(
      out,
      l.at,
      sealEncoded(ctx, fieldAad(aadHead(id), l.at.join('.'), recordId, keyId), encodeValue(l.value), nonce),
    );
  }
  return { schemaId: id, sealed: out, opened: parsed };
}

const value = {
  customer: {
    phone: '13812345678',
    address: '山东省青岛市市南区香港中路61号',
    idNumber: '11010519491231002X',
  },
  items: [{ declaredBy: '赵六' }, { declaredBy: '钱七' }],
  lastScan: { lat: 30.2875, lng: 120.162 },
  signature: new Uint8Array([0, 1, 2, 253, 254, 255]),
  note: '放门口，电话13812345678',
};
const r1 = sealRecord(VectorParcel, value, 'V1', { customer: 'cust-vec-1' });
const r2 = sealRecord(VectorNoId, { contact: '+8613900001111' }, 'V2', {});
const erasedRecord = sealRecord(VectorParcel, value, 'V1', { customer: 'cust-erased' });
const oldKek = sealRecord(VectorParcel, value, 'V1', { customer: 'cust-old-kek' });

const enc = (v: unknown): unknown =>
  v instanceof Uint8Array
    ? { $bytes: toHex(v) }
    : Array.isArray(v)
      ? v.map(enc)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, enc(x)]))
        : v;

const streamCtx = deriveContext(b, 'cust-vec-1', new Uint8Array(deks['cust-vec-1']!));
const sealer = new StreamSealer(streamCtx, 'V1', 'signature.png', 16, bytes('stream salt', 16));
const blob = utf8('delivered to locker 12, photo bytes follow');
const streamParts = [sealer.header, ...sealer.push(blob), ...sealer.finish()];

const phone = (r1.sealed.customer as Record<string, string>).phone!;
const vectors = {
  description:
    'Frozen cpii1 vectors (docs/formats.md). Never regenerate with different values; add new files instead.',
  kek: { id: 'kek-vec', key: toHex(kek) },
  indexKey: toHex(indexKey),
  indexBytes: 16,
  keyStore,
  records: [
    {
      name: 'parcel with explicit schema id',
      schema: 'VectorParcel',
      recordId: 'V1',
      sealed: enc(r1.sealed),
      opened: enc(r1.opened),
    },
    {
      name: 'record without pii.id (schema id is a digest)',
      schema: 'VectorNoId',
      recordId: 'V2',
      schemaId: r2.schemaId,
      sealed: enc(r2.sealed),
      opened: enc(r2.opened),
    },
  ],
  blindIndexes: [
    ['phone', '13812345678'],
    ['phone', '+86 138 1234 5678'],
    ['idNumber', '11010519491231002x'],
    ['name', '赵六'],
  ].map(([kind, v]) => {
    const k = b.hkdf(indexKey, new Uint8Array(0), utf8(`cpii-bi1/${kind}`), 32);
    const mac = b.hmacSha256(k, utf8(normalizeFor(kind as Kind, v as string))).subarray(0, 16);
    return { kind, value: v, index: `bi1.${Buffer.from(mac).toString('base64url')}` };
  }),
  stream: {
    recordId: 'V1',
    name: 'signature.png',
    subjectId: 'cust-vec-1',
    chunkSize: 16,
    plaintext: toHex(blob),
    sealed: toHex(Buffer.concat(streamParts)),
  },
  tamper: [
    {
      name: 'one character changed',
      schema: 'VectorParcel',
      recordId: 'V1',
      path: ['customer', 'phone'],
      value: phone.slice(0, 20) + (phone[20] === 'A' ? 'B' : 'A') + phone.slice(21),
      code: 'CIPHERTEXT_INVALID',
    },
    {
      name: 'truncated',
      schema: 'VectorParcel',
      recordId: 'V1',
      path: ['customer', 'phone'],
      value: phone.slice(0, -3),
      code: 'CIPHERTEXT_INVALID',
    },
    {
      name: 'unknown version',
      schema: 'VectorParcel',
      recordId: 'V1',
      path: ['customer', 'phone'],
      value: `cpii1.${Buffer.concat([Buffer.from([2]), Buffer.from(phone.slice(6), 'base64url').subarray(1)]).toString('base64url')}`,
      code: 'CIPHERTEXT_INVALID',
    },
    {
      name: 'unknown suite',
      schema: 'VectorParcel',
      recordId: 'V1',
      path: ['customer', 'phone'],
      value: `cpii1.${Buffer.concat([Buffer.from([1, 9]), Buffer.from(phone.slice(6), 'base64url').subarray(2)]).toString('base64url')}`,
      code: 'CIPHERTEXT_INVALID',
    },
    {
      name: 'moved to another field',
      schema: 'VectorParcel',
      recordId: 'V1',
      path: ['customer', 'phone'],
      value: (r1.sealed.customer as Record<string, string>).idNumber,
      code: 'CIPHERTEXT_INVALID',
    },
    {
      name: 'plaintext where a ciphertext is expected',
      schema: 'VectorParcel',
      recordId: 'V1',
      path: ['customer', 'phone'],
      value: '+8613812345678',
      code: 'CIPHERTEXT_INVALID',
    },
    {
      name: 'another record id',
      schema: 'VectorParcel',
      recordId: 'V9',
      path: [],
      value: null,
      code: 'CIPHERTEXT_INVALID',
    },
    {
      name: 'subject erased',
      schema: 'VectorParcel',
      recordId: 'V1',
      path: ['customer', 'phone'],
      value: (erasedRecord.sealed.customer as Record<string, string>).phone,
      code: 'KEY_DESTROYED',
    },
    {
      name: 'KEK not in the keyring',
      schema: 'VectorParcel',
      recordId: 'V1',
      path: ['customer', 'phone'],
      value: (oldKek.sealed.customer as Record<string, string>).phone,
      code: 'KEY_NOT_FOUND',
    },
  ],
};
writeFileSync(new URL('../vectors/cpii1/v1.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
console.log('wrote test/vectors/cpii1/v1.json');

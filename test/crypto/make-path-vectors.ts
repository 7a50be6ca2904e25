// Writes test/vectors/cpii1/paths.json: cpii1 fields whose concrete paths need escaping
// (docs/formats.md, "AAD"). Run once: `npx tsx test/crypto/make-path-vectors.ts`. Frozen like v1.json.
import { writeFileSync } from 'node:fs';
import { toHex, utf8 } from '../../src/_internal/bytes.js';
import { nobleBackend } from '../../src/crypto/backend.js';
import { deriveContext, sealEncoded } from '../../src/crypto/dek-context.js';
import { aadHead, encodeValue, fieldAad } from '../../src/crypto/field-format.js';
import { wrapContext } from '../../src/crypto/keyring.js';
import { xchachaSeal } from '../../src/crypto/xchacha.js';
import {
  concretePath,
  type Kind,
  leaves,
  mapLeaves,
  normalizeFor,
  schemaId,
} from '../../src/schema/index.js';
import { PathVectorParcel } from './path-vector-schemas.js';

const b = nobleBackend;
const bytes = (label: string, n: number) =>
  b.hkdf(utf8('cpii1 frozen path vectors'), new Uint8Array(0), utf8(label), n);
const kek = bytes('kek', 32);
const indexKey = bytes('index key', 32);
const keyId = 'record:PV1';
const dek = bytes(`dek ${keyId}`, 32);
const wrapNonce = bytes('wrap nonce', 24);
const wrapped = xchachaSeal(b, kek, wrapNonce, wrapContext('kek-vec', keyId), dek, wrapNonce);

const value = {
  byKey: { 'a.b': { c: '13812345678' }, a: { 'b.c': '13912345678' }, 'x\\': { y: '13700001111' } },
  'dotted.key': '11010519491231002X',
  slashes: { 'x\\.y': 'ann@example.com', 'x.\\y': 'bob@example.com' },
};
const parsed = PathVectorParcel.parse(value);
const id = schemaId(PathVectorParcel)!;
const ctx = deriveContext(b, keyId, new Uint8Array(dek), bytes('unused prefix', 16));
let nonceNo = 0;
const fields: Array<{ at: Array<string | number>; fieldPath: string; kind: Kind }> = [];
const sealed = mapLeaves(PathVectorParcel, parsed, (f, v, at) => {
  const fieldPath = concretePath(at);
  fields.push({ at: [...at], fieldPath, kind: f.kind as Kind });
  const nonce = bytes(`field nonce ${nonceNo++}`, 24);
  return sealEncoded(ctx, fieldAad(aadHead(id), fieldPath, 'PV1', keyId), encodeValue(v), nonce);
});
const indexes: Record<string, string> = {};
for (const l of leaves(PathVectorParcel, parsed)) {
  const k = b.hkdf(indexKey, new Uint8Array(0), utf8(`cpii-bi1/${l.kind}`), 32);
  const mac = b.hmacSha256(k, utf8(normalizeFor(l.kind as Kind, l.value as string))).subarray(0, 16);
  indexes[concretePath(l.at)] = `bi1.${Buffer.from(mac).toString('base64url')}`;
}
const s = sealed as { byKey: Record<string, Record<string, string>> };

const vectors = {
  description:
    'Frozen cpii1 vectors for concrete paths with escaped segments (docs/formats.md, "AAD"). Never regenerate.',
  kek: { id: 'kek-vec', key: toHex(kek) },
  indexKey: toHex(indexKey),
  indexBytes: 16,
  keyStore: [
    {
      subjectId: keyId,
      state: 'active',
      kekId: 'kek-vec',
      wrapped: toHex(wrapped),
      createdAt: 1767225600000,
      revision: 1,
    },
  ],
  schemaId: id,
  recordId: 'PV1',
  fields,
  sealed,
  opened: parsed,
  indexes,
  tamper: [
    {
      name: 'byKey["a.b"].c moved to byKey.a["b.c"]',
      path: ['byKey', 'a', 'b.c'],
      value: s.byKey['a.b']!.c,
      code: 'CIPHERTEXT_INVALID',
    },
    {
      name: 'byKey.a["b.c"] moved to byKey["a.b"].c',
      path: ['byKey', 'a.b', 'c'],
      value: s.byKey.a!['b.c'],
      code: 'CIPHERTEXT_INVALID',
    },
  ],
};
writeFileSync(
  new URL('../vectors/cpii1/paths.json', import.meta.url),
  `${JSON.stringify(vectors, null, 2)}\n`,
);
console.log('wrote test/vectors/cpii1/paths.json');

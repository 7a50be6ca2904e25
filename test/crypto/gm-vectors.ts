// Builds the frozen GM-suite vectors of test/vectors/cpii1/gm-v1.json from fixed inputs (every
// key, nonce and salt derived from a label), with the pure-JS backend. Write the file once with
// `npx tsx test/crypto/make-gm-vectors.ts`; test/crypto/gm-vectors.test.ts checks that the file
// still equals this output and that both backends open every value in it.
import { toHex, utf8 } from '../../src/_internal/bytes.js';
import { nobleBackend } from '../../src/crypto/backend.js';
import { BlindIndexer } from '../../src/crypto/blind-index.js';
import { deriveContext, deriveGmContext, sealEncoded } from '../../src/crypto/dek-context.js';
import { aadHead, encodeValue, fieldAad, SUITE, SUITE_GM } from '../../src/crypto/field-format.js';
import { nobleGm } from '../../src/crypto/gm/gm-backend.js';
import { encodeWrapped } from '../../src/crypto/key-record-suite.js';
import { wrapContext } from '../../src/crypto/keyring.js';
import { StreamSealer } from '../../src/crypto/stream.js';
import { xchachaSeal } from '../../src/crypto/xchacha.js';
import type { Kind } from '../../src/schema/index.js';

const b = nobleBackend;
const gm = nobleGm;
const bytes = (label: string, n: number) =>
  gm.hkdfSm3(utf8('cpii1 gm frozen vectors'), new Uint8Array(0), utf8(label), n);

export function buildGmVectors() {
  const kek = bytes('kek', 32);
  const indexKey = bytes('index key', 32);
  const kwKey = gm.hkdfSm3(kek, new Uint8Array(0), utf8('cpii-kw2/sm4-kek'), 16);
  const dek = (s: string, suite: number) => bytes(`dek ${suite} ${s}`, 32);
  const gmWrap = (s: string) => {
    const nonce = bytes(`gm wrap nonce ${s}`, 12);
    return gm.sm4GcmSeal(kwKey, nonce, wrapContext('kek-gm', s, SUITE_GM), dek(s, 2), nonce);
  };
  const legacyWrap = (s: string) => {
    const nonce = bytes(`legacy wrap nonce ${s}`, 24);
    return xchachaSeal(b, kek, nonce, wrapContext('kek-gm', s, SUITE), dek(s, 1), nonce);
  };
  // cust-gm: GM DEK only; cust-moving: both DEKs (a subject part-way through the move)
  const keyStore = [
    { subjectId: 'cust-gm', wrapped: encodeWrapped(gmWrap('cust-gm')) },
    { subjectId: 'cust-moving', wrapped: encodeWrapped(gmWrap('cust-moving'), legacyWrap('cust-moving')) },
  ].map((r) => ({
    ...r,
    state: 'active',
    kekId: 'kek-gm',
    wrapped: toHex(r.wrapped),
    createdAt: 1767225600000,
    revision: 1,
  }));
  const fields: Array<{
    schemaId: string;
    path: string;
    recordId: string;
    subjectId: string;
    suite: number;
    sealed: string;
    opened: unknown;
  }> = [];
  const values: Array<[string, string, string, unknown, number]> = [
    ['cust-gm', 'recipient.phone', 'G1', '+8613812345678', 2],
    ['cust-gm', 'recipient.address', 'G1', '山东省青岛市市南区香港中路61号', 2],
    ['cust-gm', 'lastScan', 'G1', { lat: 30.2875, lng: 120.162 }, 2],
    ['cust-moving', 'recipient.phone', 'G2', '+8613900001111', 2],
    ['cust-moving', 'recipient.phone', 'G0', '+8613900001111', 1],
  ];
  values.forEach(([subjectId, path, recordId, v, suite], i) => {
    const d = dek(subjectId, suite);
    const ctx =
      suite === 2
        ? deriveGmContext(b, gm, subjectId, d)
        : deriveContext(b, subjectId, d, bytes('unused prefix', 16));
    const nonce = bytes(`field nonce ${i}`, suite === 2 ? 12 : 24);
    const sealed = sealEncoded(
      ctx,
      fieldAad(aadHead('gm-vec/v1'), path, recordId, subjectId),
      encodeValue(v),
      nonce,
    );
    fields.push({ schemaId: 'gm-vec/v1', path, recordId, subjectId, suite, sealed, opened: v });
  });
  const streamCtx = deriveGmContext(b, gm, 'cust-gm', dek('cust-gm', 2));
  const sealer = new StreamSealer(streamCtx, 'G1', 'signature.png', 16, bytes('stream salt', 16));
  const blob = bytes('blob', 40);
  const streamParts = [sealer.header, ...sealer.push(blob), ...sealer.finish()];
  const indexer = new BlindIndexer(b, indexKey, 16, gm);
  const blind: Array<[Kind, string]> = [
    ['phone', '13812345678'],
    ['idNumber', '11010519491231002X'],
    ['name', '李四'],
  ];
  return {
    about:
      'Frozen GM-suite (suite 2) vectors: docs/formats.md "GM suite". Never regenerate; add a new file for a new format.',
    kek: { id: 'kek-gm', key: toHex(kek) },
    indexKey: toHex(indexKey),
    indexBytes: 16,
    keyStore,
    fields,
    stream: {
      recordId: 'G1',
      name: 'signature.png',
      subjectId: 'cust-gm',
      plaintext: toHex(blob),
      sealed: toHex(Buffer.concat(streamParts)),
    },
    blindIndexes: blind.map(([kind, value]) => ({ kind, value, index: indexer.compute(kind, value) })),
  };
}

// The table GHASH of src/crypto/gm/ghash.ts held to three independent references: the GHASH
// values printed in the GCM specification's test cases, OpenSSL's AES-GCM (whose tag is
// GHASH_H(A, C) XOR E(K, J0) with H = E(K, 0^128)), and @noble/ciphers' GHASH over random keys,
// lengths, alignments and AAD/ciphertext splits; then SM4-GCM with the key set up once, on both
// backends, with field and stream tables, against the one-shot SM4-GCM.
import { type CipherGCMTypes, createCipheriv, randomBytes } from 'node:crypto';
import { ghash as nobleGhash } from '@noble/ciphers/_polyval.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/_internal/bytes.js';
import { nobleGm, nodeGm } from '../../../src/crypto/gm/gm-backend.js';
import { ghashKey, ghashTag } from '../../../src/crypto/gm/ghash.js';

const H = (s: string): Uint8Array => fromHex(s.replace(/\s+/g, ''));
const X = (b: Uint8Array): string => toHex(b);
const ZERO = new Uint8Array(16);
const WIDTHS = [4, 8] as const;

// GHASH_H(A, C) with the length block, by @noble/ciphers (each update() is zero-padded to a block).
function reference(h: Uint8Array, aad: Uint8Array, ct: Uint8Array): string {
  const g = nobleGhash.create(h);
  if (aad.length) g.update(aad);
  if (ct.length) g.update(ct);
  const lens = new Uint8Array(16);
  const v = new DataView(lens.buffer);
  v.setBigUint64(0, BigInt(aad.length) * 8n, false);
  v.setBigUint64(8, BigInt(ct.length) * 8n, false);
  g.update(lens);
  return X(g.digest());
}

// McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B, test cases 2 to 4.
const SPEC_C =
  '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985';
const SPEC = [
  {
    name: 'test case 2 (one block, no AAD)',
    h: '66e94bd4ef8a2c3b884cfa59ca342b2e',
    a: '',
    c: '0388dace60b6a392f328c2b971b2fe78',
    ghash: 'f38cbb1ad69223dcc3457ae5b6b0f885',
  },
  {
    name: 'test case 3 (four blocks, no AAD)',
    h: 'b83b533708bf535d0aa6e52980d53b78',
    a: '',
    c: SPEC_C,
    ghash: '7f1b32b81b820d02614f8895ac1d4eac',
  },
  {
    name: 'test case 4 (20-byte AAD, 60-byte ciphertext: both partial blocks)',
    h: 'b83b533708bf535d0aa6e52980d53b78',
    a: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    c: SPEC_C.slice(0, 120),
    ghash: '698e57f70e6ecc7fd9463b7260a9ae5f',
  },
];

describe.each(WIDTHS)('table GHASH with %i-bit windows', (bits) => {
  it.each(SPEC)('gives the GHASH of the GCM specification, $name', (tc) => {
    const got = ghashTag(ghashKey(H(tc.h), bits), H(tc.a), H(tc.c), ZERO);
    expect(X(got)).toBe(tc.ghash);
    expect(reference(H(tc.h), H(tc.a), H(tc.c))).toBe(tc.ghash);
  });

  it('makes the AES-GCM tag of OpenSSL from H = AES_K(0) and E(K, J0), for random keys and lengths', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(16, 24, 32),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ maxLength: 70 }),
        fc.uint8Array({ maxLength: 300 }),
        (keyLen, iv, aad, pt) => {
          const key = randomBytes(keyLen);
          const ecb = createCipheriv(`aes-${keyLen * 8}-ecb`, key, null).setAutoPadding(false);
          const j0 = new Uint8Array(16);
          j0.set(iv);
          j0[15] = 1;
          const [h, ej0] = [ecb.update(ZERO), ecb.update(j0)];
          const gcm = createCipheriv(`aes-${keyLen * 8}-gcm` as CipherGCMTypes, key, iv);
          gcm.setAAD(aad);
          const ct = Buffer.concat([gcm.update(pt), gcm.final()]);
          expect(X(ghashTag(ghashKey(h, bits), aad, ct, ej0))).toBe(X(gcm.getAuthTag()));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('equals @noble/ciphers GHASH over random keys, lengths, byte alignments and windows of the ciphertext', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ maxLength: 90 }),
        fc.uint8Array({ maxLength: 260 }),
        fc.nat(3),
        fc.nat(20),
        fc.nat(20),
        (h, aad, body, shift, before, after) => {
          // the ciphertext sits at every alignment inside a larger buffer, hashed in place
          const buf = new Uint8Array(shift + before + body.length + after);
          buf.set(body, shift + before);
          const view = buf.subarray(shift);
          const got = ghashTag(ghashKey(h, bits), aad, view, ZERO, before, before + body.length);
          expect(X(got)).toBe(reference(h, aad, body));
          // a mask is XORed into the result (the GCM tag)
          const mask = randomBytes(16);
          const masked = ghashTag(ghashKey(h, bits), aad, body, mask);
          expect(X(masked.map((b, i) => b ^ mask[i]!))).toBe(X(got));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('equals @noble/ciphers GHASH over a large unaligned and aligned input (a blob chunk)', () => {
    const h = randomBytes(16);
    const aad = randomBytes(61);
    const body = randomBytes(64 * 1024 + 7);
    const copy = new Uint8Array(body.length + 1);
    copy.set(body, 1);
    const k = ghashKey(h, bits);
    expect(X(ghashTag(k, aad, body, ZERO))).toBe(reference(h, aad, body));
    expect(X(ghashTag(k, aad, copy, ZERO, 1))).toBe(reference(h, aad, body));
    expect(X(ghashTag(k, aad, copy.subarray(1), ZERO))).toBe(reference(h, aad, body));
  });
});

it('table GHASH keeps 8 KiB of tables per key with 4-bit windows and 64 KiB with 8-bit (docs/formats.md, docs/operations.md)', () => {
  expect(ghashKey(randomBytes(16), 4).t.byteLength).toBe(8 * 1024);
  expect(ghashKey(randomBytes(16), 8).t.byteLength).toBe(64 * 1024);
});

it('table GHASH refuses a hash key that is not 16 bytes', () => {
  expect(() => ghashKey(new Uint8Array(15), 4)).toThrow(RangeError);
  expect(() => ghashKey(new Uint8Array(17), 8)).toThrow(RangeError);
});

describe('SM4-GCM with the key set up once, for fields and for blob chunks', () => {
  const cases = [
    { name: 'noble, field tables', gm: nobleGm, bulk: false },
    { name: 'noble, stream tables', gm: nobleGm, bulk: true },
    { name: 'node, field tables', gm: nodeGm!, bulk: false },
    // from 4 KiB the node backend's stream chunks take the keystream from OpenSSL sm4-ctr
    { name: 'node, stream tables and native keystream', gm: nodeGm!, bulk: true },
  ];
  it.each(cases)(
    'gives the one-shot SM4-GCM bytes, opens them, refuses a flipped bit ($name)',
    ({ gm, bulk }) => {
      for (const n of [0, 1, 16, 63, 64, 65, 255, 1000, 4095, 4096, 4097, 64 * 1024 + 3]) {
        const key = randomBytes(16);
        const nonce = randomBytes(12);
        const aad = randomBytes(n % 45);
        const pt = randomBytes(n);
        const prefix = randomBytes(n % 5);
        const keyed = gm.sm4GcmKeyed(key, bulk);
        const one = nobleGm.sm4GcmSeal(key, nonce, aad, pt, prefix);
        expect(X(keyed.seal(nonce, aad, pt, prefix)), `${n} bytes`).toBe(X(one));
        expect(X(keyed.open(nonce, aad, one, prefix.length)!)).toBe(X(pt));
        for (const at of [prefix.length, one.length - 1, prefix.length + (n >> 1)]) {
          const bad = Uint8Array.from(one);
          bad[at]! ^= 0x10;
          expect(keyed.open(nonce, aad, bad, prefix.length), `${n} bytes, byte ${at}`).toBeUndefined();
        }
        // the key buffer may be wiped by its owner after set-up: the keyed cipher keeps working
        key.fill(0);
        expect(X(keyed.open(nonce, aad, one, prefix.length)!)).toBe(X(pt));
      }
    },
  );
});

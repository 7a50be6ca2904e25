// Known-answer tests for the GM primitives on both backends, the backends held to each other
// byte for byte, and both held to an independent implementation (sm-crypto-v2, a dev dependency
// only) and, where Node's OpenSSL has the primitive, to OpenSSL directly. Sources of the example
// values are listed in test/vectors/gm/README.md.
import { createCipheriv, createDecipheriv, createHash, generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { sm2 as refSm2, sm3 as refSm3, sm4 as refSm4, hkdf as refHkdf } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from '../../../src/_internal/bytes.js';
import { type GmBackend, nobleGm, nodeGm, selectGmBackend } from '../../../src/crypto/gm/gm-backend.js';
import {
  SM2_P256,
  sm2Curve,
  sm2PublicKey,
  sm2SecretKey,
  sm2Sign,
  sm2Verify,
  sm2Za,
} from '../../../src/crypto/gm/sm2.js';
import { isPiiError } from '../../../src/errors.js';

const H = (s: string): Uint8Array => fromHex(s.replace(/\s+/g, '').toLowerCase());
const X = (b: Uint8Array): string => toHex(b);
const big = (s: string): bigint => BigInt(`0x${s.replace(/\s+/g, '')}`);
const native = nodeGm as GmBackend;
const backends: GmBackend[] = [nobleGm, native];
const rnd = (n: number): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(n));

it('the node backend is present here (OpenSSL 3 in Node 20 has SM3, SM4-ECB and SM4-CTR)', () => {
  expect(nodeGm?.name).toBe('node');
  expect(selectGmBackend('auto')).toBe(nodeGm);
  expect(selectGmBackend('noble')).toBe(nobleGm);
  expect(() => selectGmBackend('gm' as never)).toThrow(/backend must be/);
});

// GB/T 32907 example: key = plaintext = 0123456789abcdeffedcba9876543210.
const SM4_KEY = H('0123456789abcdeffedcba9876543210');

// RFC 8998 Appendix A.1 (SM4-GCM).
const GCM = {
  key: H('0123456789ABCDEFFEDCBA9876543210'),
  iv: H('00001234567800000000ABCD'),
  aad: H('FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2'),
  pt: H(
    'AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA',
  ),
  ct: H(
    '17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D',
  ),
  tag: H('83DE3541E4C2B58177E065A9BF7B62EC'),
};

describe.each(backends.map((b) => [b.name, b] as const))('GM known answers on the %s backend', (_n, b) => {
  it('SM3 gives the GB/T 32905 example digests ("abc" and "abcd" x 16)', () => {
    expect(X(b.sm3(utf8('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(X(b.sm3(utf8('abcd'.repeat(16))))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('SM4 gives the GB/T 32907 example ciphertext and decrypts it back', () => {
    const ct = b.sm4Encrypt(SM4_KEY, SM4_KEY);
    expect(X(ct)).toBe('681edf34d206965e86b3e94f536e4246');
    expect(X(b.sm4Decrypt(SM4_KEY, ct))).toBe(X(SM4_KEY));
  });

  it('SM4 encrypting its own output 1,000,000 times gives the GB/T 32907 example value, and decrypting as often returns', () => {
    // The whole million on both backends, with the key schedule (or OpenSSL context) set up once.
    const k = b.sm4Keyed(SM4_KEY);
    let x: Uint8Array = SM4_KEY;
    for (let i = 0; i < 1_000_000; i++) x = k.encrypt(x);
    expect(X(x)).toBe('595298c7c6fd271f0402f804c33d3f66');
    for (let i = 0; i < 1_000_000; i++) x = k.decrypt(x);
    expect(X(x)).toBe(X(SM4_KEY));
  }, 60_000);

  it('SM4-GCM gives the RFC 8998 Appendix A.1 ciphertext and tag, and opens them', () => {
    const sealed = b.sm4GcmSeal(GCM.key, GCM.iv, GCM.aad, GCM.pt);
    expect(X(sealed)).toBe(X(GCM.ct) + X(GCM.tag));
    expect(X(b.sm4GcmOpen(GCM.key, GCM.iv, GCM.aad, sealed) as Uint8Array)).toBe(X(GCM.pt));
    const prefixed = b.sm4GcmSeal(GCM.key, GCM.iv, GCM.aad, GCM.pt, H('0102'));
    expect(X(prefixed)).toBe(`0102${X(GCM.ct)}${X(GCM.tag)}`);
    expect(X(b.sm4GcmOpen(GCM.key, GCM.iv, GCM.aad, prefixed, 2) as Uint8Array)).toBe(X(GCM.pt));
  });

  it('SM4-GCM refuses every one-bit change of ciphertext, tag, nonce, associated data and key', () => {
    const sealed = b.sm4GcmSeal(GCM.key, GCM.iv, GCM.aad, GCM.pt);
    for (let i = 0; i < sealed.length; i++) {
      const t = sealed.slice();
      t[i]! ^= 1 << (i % 8);
      expect(b.sm4GcmOpen(GCM.key, GCM.iv, GCM.aad, t), `byte ${i}`).toBeUndefined();
    }
    const flip = (x: Uint8Array, i: number): Uint8Array => {
      const c = x.slice();
      c[i]! ^= 0x80;
      return c;
    };
    expect(b.sm4GcmOpen(GCM.key, flip(GCM.iv, 11), GCM.aad, sealed)).toBeUndefined();
    expect(b.sm4GcmOpen(GCM.key, GCM.iv, flip(GCM.aad, 0), sealed)).toBeUndefined();
    expect(b.sm4GcmOpen(flip(GCM.key, 5), GCM.iv, GCM.aad, sealed)).toBeUndefined();
    expect(b.sm4GcmOpen(GCM.key, GCM.iv, GCM.aad, sealed.subarray(0, sealed.length - 1))).toBeUndefined();
    expect(b.sm4GcmOpen(GCM.key, GCM.iv, GCM.aad, sealed.subarray(0, 15))).toBeUndefined();
    expect(b.sm4GcmOpen(GCM.key, GCM.iv.subarray(0, 8), GCM.aad, sealed)).toBeUndefined();
  });

  it('SM4-GCM refuses a key or nonce of the wrong size with INVALID_ARGUMENT, naming no bytes', () => {
    for (const [k, n] of [
      [GCM.key.subarray(0, 15), GCM.iv],
      [GCM.key, GCM.iv.subarray(0, 11)],
    ] as const) {
      let err: unknown;
      try {
        b.sm4GcmSeal(k, n, GCM.aad, GCM.pt);
      } catch (e) {
        err = e;
      }
      expect(isPiiError(err) && err.code).toBe('INVALID_ARGUMENT');
      expect(String((err as Error).message)).not.toMatch(/0123|abcd/i);
    }
    expect(() => b.sm4Encrypt(SM4_KEY, new Uint8Array(15))).toThrow(/whole 16-byte blocks/);
    expect(() => b.sm4Keyed(SM4_KEY).encrypt(new Uint8Array(17))).toThrow(/whole 16-byte blocks/);
    expect(() => b.sm4Keyed(new Uint8Array(32))).toThrow(/16-byte key/);
  });

  it('HMAC-SM3 and HKDF-SM3 equal OpenSSL (node:crypto) and sm-crypto-v2 on the same inputs', () => {
    const key = H('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    for (const msg of [utf8(''), utf8('abc'), new Uint8Array(200).fill(0x61)]) {
      const mine = X(b.hmacSm3(key, msg));
      expect(mine).toBe(X(nativeHmac(key, msg)));
      expect(mine).toBe(refSm3(msg, { key }));
      expect(X(b.hmacSm3Keyed(key)(msg))).toBe(mine);
    }
    expect(X(b.hmacSm3Keyed(key)('收件人'))).toBe(X(b.hmacSm3(key, utf8('收件人'))));
    // a key longer than the 64-byte block is hashed first (RFC 2104 §2)
    const long = new Uint8Array(100).fill(7);
    expect(X(b.hmacSm3(long, utf8('abc')))).toBe(refSm3(utf8('abc'), { key: long }));
    const okm = b.hkdfSm3(key, utf8('salt'), utf8('courier-pii test'), 42);
    expect(okm.length).toBe(42);
    expect(X(okm)).toBe(X(refHkdf(key, utf8('salt'), utf8('courier-pii test'), 42)));
  });
});

function nativeHmac(key: Uint8Array, msg: Uint8Array): Uint8Array {
  // OpenSSL's HMAC over SM3, independent of both backends' code paths
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? createHash('sm3').update(key).digest() : key);
  const inner = createHash('sm3')
    .update(block.map((x) => x ^ 0x36))
    .update(msg)
    .digest();
  return createHash('sm3')
    .update(block.map((x) => x ^ 0x5c))
    .update(inner)
    .digest();
}

describe('the two backends are byte-identical and match independent implementations', () => {
  it('SM3 of any input equals OpenSSL and sm-crypto-v2', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (m) => {
        const want = createHash('sm3').update(m).digest('hex');
        expect(X(nobleGm.sm3(m))).toBe(want);
        expect(X(native.sm3(m))).toBe(want);
        expect(refSm3(m)).toBe(want);
      }),
      { numRuns: 200 },
    );
  });

  it('SM4-GCM of any input is the same bytes on both backends and in sm-crypto-v2, and each opens the other', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 100 }),
        (key, iv, aad, pt) => {
          const a = nobleGm.sm4GcmSeal(key, iv, aad, pt);
          const n = native.sm4GcmSeal(key, iv, aad, pt);
          expect(X(n)).toBe(X(a));
          const ref = refSm4.encrypt(pt, key, {
            mode: 'gcm',
            iv,
            associatedData: aad,
            output: 'array',
            outputTag: true,
            padding: 'none',
          }) as unknown as { output: Uint8Array; tag: Uint8Array };
          expect(X(a)).toBe(X(ref.output) + X(ref.tag));
          expect(X(native.sm4GcmOpen(key, iv, aad, a) as Uint8Array)).toBe(X(pt));
          expect(X(nobleGm.sm4GcmOpen(key, iv, aad, n) as Uint8Array)).toBe(X(pt));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('SM4 blocks equal OpenSSL sm4-ecb, and the pure-JS CTR keystream equals OpenSSL sm4-ctr across a counter carry', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        (k, p) => {
          const blocks = p.subarray(0, p.length - (p.length % 16));
          const d = createCipheriv('sm4-ecb', k, null).setAutoPadding(false);
          expect(X(nobleGm.sm4Encrypt(k, blocks))).toBe(X(Buffer.concat([d.update(blocks), d.final()])));
          const back = createDecipheriv('sm4-ecb', k, null).setAutoPadding(false);
          expect(X(nobleGm.sm4Decrypt(k, blocks))).toBe(
            X(Buffer.concat([back.update(blocks), back.final()])),
          );
        },
      ),
      { numRuns: 100 },
    );
    // a nonce whose GCM counter runs from ...fffffffe over the 32-bit boundary is not reachable
    // (counters start at 2 and messages are bounded), so equality of the 128-bit CTR and inc32 holds
    const key = rnd(16);
    const iv = rnd(12);
    const big = rnd(16 * 70 + 5);
    expect(X(nobleGm.sm4GcmSeal(key, iv, new Uint8Array(0), big))).toBe(
      X(native.sm4GcmSeal(key, iv, new Uint8Array(0), big)),
    );
  });
});

// GB/T 32918.2 Annex A example curve and values (identity ALICE123@YAHOO.COM).
const ANNEX = {
  curve: sm2Curve({
    p: big('8542D69E 4C044F18 E8B92435 BF6FF7DE 45728391 5C45517D 722EDB8B 08F1DFC3'),
    a: big('787968B4 FA32C3FD 2417842E 73BBFEFF 2F3C848B 6831D7E0 EC65228B 3937E498'),
    b: big('63E4C6D3 B23B0C84 9CF84241 484BFE48 F61D59A5 B16BA06E 6E12D1DA 27C5249A'),
    Gx: big('421DEBD6 1B62EAB6 746434EB C3CC315E 32220B3B ADD50BDC 4C4E6C14 7FEDD43D'),
    Gy: big('0680512B CBB42C07 D47349D2 153B70C4 E5D7FDFC BFA36EA1 A85841B9 E46E09A2'),
    n: big('8542D69E 4C044F18 E8B92435 BF6FF7DD 29772063 0485628D 5AE74EE7 C32E79B7'),
  }),
  id: utf8('ALICE123@YAHOO.COM'),
  d: H('128B2FA8 BD433C6C 068C8D80 3DFF7979 2A519A55 171B1B65 0C23661D 15897263'),
  pub: H(
    '04 0AE4C779 8AA0F119 471BEE11 825BE462 02BB79E2 A5844495 E97C04FF 4DF2548A 7C0240F8 8F1CD4E1 6352A73C 17B7F16F 07353E53 A176D684 A9FE0C6B B798E857',
  ),
  k: H('6CB28D99 385C175C 94F94E93 4817663F C176D925 DD72B727 260DBAAE 1FB2F96F'),
  za: 'F4A38489 E32B45B6 F876E3AC 2168CA39 2362DC8F 23459C1D 1146FC3D BFB7BC9A',
  sig: '40F1EC59 F793D9F4 9E09DCEF 49130D41 94F79FB1 EED2CAA5 5BACDB49 C4E755D1 6FC6DAC3 2C5D5CF1 0C77DFB2 0F7C2EB6 67A45787 2FB09EC5 6327A67E C7DEEBE7',
};
// The recommended curve with the default identity 1234567812345678 (GB/T 35276).
const REC = {
  d: H('3945208F 7B2144B1 3F36E38A C6D39F95 88939369 2860B51A 42FB81EF 4DF7C5B8'),
  pub: H(
    '04 09F9DF31 1E5421A1 50DD7D16 1E4BC5C6 72179FAD 1833FC07 6BB08FF3 56F35020 CCEA490C E26775A5 2DC6EA71 8CC1AA60 0AED05FB F35E084A 6632F607 2DA9AD13',
  ),
  k: H('59276E27 D506861A 16680F3A D9C02DCC EF3CC1FA 3CDBE4CE 6D54B80D EAC1BC21'),
  sig: 'F5A03B06 48D2C463 0EEAC513 E1BB81A1 5944DA38 27D5B741 43AC7EAC EEE720B3 B1B6AA29 DF212FD8 763182BC 0D421CA1 BB9038FD 1F7F42D4 840B69C4 85BBC1AA',
};
const norm = (s: string): string => s.replace(/\s+/g, '').toLowerCase();
const MSG = utf8('message digest');

describe('SM2 signatures (one implementation on @noble/curves, used by both backends)', () => {
  it('reproduce the GB/T 32918.2 Annex A example: public key, Z_A, and (r, s) for the given k', () => {
    expect(X(sm2PublicKey(ANNEX.d, ANNEX.curve))).toBe(X(ANNEX.pub));
    expect(X(sm2Za(ANNEX.curve, ANNEX.pub, ANNEX.id))).toBe(norm(ANNEX.za));
    const sig = sm2Sign(ANNEX.d, MSG, () => ANNEX.k, { curve: ANNEX.curve, id: ANNEX.id });
    expect(X(sig)).toBe(norm(ANNEX.sig));
    expect(sm2Verify(ANNEX.pub, MSG, sig, { curve: ANNEX.curve, id: ANNEX.id })).toBe(true);
    // the identity is part of what is signed
    expect(sm2Verify(ANNEX.pub, MSG, sig, { curve: ANNEX.curve })).toBe(false);
  });

  it('reproduce the recommended-curve example with the default identity 1234567812345678', () => {
    expect(X(sm2PublicKey(REC.d))).toBe(X(REC.pub));
    const sig = sm2Sign(REC.d, MSG, () => REC.k);
    expect(X(sig)).toBe(norm(REC.sig));
    expect(sm2Verify(REC.pub, MSG, sig)).toBe(true);
    expect(sm2Verify(REC.pub, utf8('message digesT'), sig)).toBe(false);
    expect(sm2Verify(REC.pub, MSG, sig, { id: utf8('ALICE123@YAHOO.COM') })).toBe(false);
  });

  it('refuse every one-bit change of the signature, and malformed keys or signatures without throwing', () => {
    const sig = H(REC.sig);
    for (let i = 0; i < 64; i++) {
      const t = sig.slice();
      t[i]! ^= 1 << (i % 8);
      expect(sm2Verify(REC.pub, MSG, t), `byte ${i}`).toBe(false);
    }
    expect(sm2Verify(REC.pub, MSG, sig.subarray(0, 63))).toBe(false);
    expect(sm2Verify(REC.pub, MSG, new Uint8Array(64))).toBe(false);
    const n = SM2_P256.n.toString(16).padStart(64, '0');
    expect(sm2Verify(REC.pub, MSG, H(n + n))).toBe(false);
    const offCurve = REC.pub.slice();
    offCurve[64]! ^= 1;
    expect(sm2Verify(offCurve, MSG, sig)).toBe(false);
    expect(sm2Verify(REC.pub.subarray(1), MSG, sig)).toBe(false);
  });

  it('refuse a secret key outside [1, n-2] with INVALID_ARGUMENT', () => {
    const n1 = H((SM2_P256.n - 1n).toString(16).padStart(64, '0'));
    for (const bad of [new Uint8Array(32), n1, new Uint8Array(31).fill(1)]) {
      let err: unknown;
      try {
        sm2PublicKey(bad);
      } catch (e) {
        err = e;
      }
      expect(isPiiError(err) && err.code).toBe('INVALID_ARGUMENT');
    }
  });

  it('interoperate with sm-crypto-v2 in both directions under the default identity', () => {
    for (let i = 0; i < 5; i++) {
      const d = sm2SecretKey(rnd);
      const pub = sm2PublicKey(d);
      const msg = rnd(1 + i * 37);
      const mine = sm2Sign(d, msg, rnd);
      expect(refSm2.doVerifySignature(msg, X(mine), X(pub), { hash: true, der: false })).toBe(true);
      const theirs = refSm2.doSignature(msg, X(d), { hash: true, der: false, publicKey: X(pub) });
      expect(sm2Verify(pub, msg, H(theirs))).toBe(true);
      expect(X(sm2Za(SM2_P256, pub))).toBe(X(refSm2.getZ(X(pub), '1234567812345678')));
    }
  });

  it("are not what node:crypto's sign() makes with an SM2-curve key (ECDSA over SM3, no Z_A), so node is not used for SM2", () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const pub = new Uint8Array(spki.subarray(spki.length - 65));
    const sig = sign('sm3', MSG, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    expect(sig.length).toBe(64);
    expect(sm2Verify(pub, MSG, new Uint8Array(sig))).toBe(false);
  });
});

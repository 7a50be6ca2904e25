import { readFileSync } from 'node:fs';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/_internal/bytes.js';
import { type Backend, nobleBackend, nodeBackend } from '../../src/crypto/backend.js';
import { xchachaOpen, xchachaSeal } from '../../src/crypto/xchacha.js';

interface Test {
  tcId: number;
  result: 'valid' | 'invalid' | 'acceptable';
  [k: string]: unknown;
}
interface File {
  testGroups: Array<{ ivSize?: number; tagSize?: number; tests: Test[] }>;
}
const load = (name: string): File =>
  JSON.parse(readFileSync(new URL(`../vectors/wycheproof/${name}`, import.meta.url), 'utf8')) as File;
const h = (t: Test, k: string): Uint8Array => fromHex(t[k] as string);

const backends: Backend[] = [nobleBackend, nodeBackend as Backend];

describe.each(backends.map((b) => [b.name, b] as const))('Wycheproof on the %s backend', (_n, b) => {
  it('ChaCha20-Poly1305 vectors all give the expected result', () => {
    let n = 0;
    for (const g of load('chacha20_poly1305_test.json').testGroups) {
      for (const t of g.tests) {
        const [key, iv, aad, msg, ct, tag] = ['key', 'iv', 'aad', 'msg', 'ct', 'tag'].map((k) =>
          h(t, k),
        ) as Uint8Array[];
        const opened = b.chachaOpen(key!, iv!, aad!, new Uint8Array([...ct!, ...tag!]));
        if (t.result === 'valid') {
          expect(opened && toHex(opened), `tc ${t.tcId}`).toBe(toHex(msg!));
          expect(toHex(b.chachaSeal(key!, iv!, aad!, msg!)), `tc ${t.tcId}`).toBe(toHex(ct!) + toHex(tag!));
        } else {
          expect(opened, `tc ${t.tcId}`).toBeUndefined();
        }
        n++;
      }
    }
    expect(n).toBe(325);
  });

  it('XChaCha20-Poly1305 vectors all give the expected result via HChaCha20 + ChaCha20-Poly1305', () => {
    let n = 0;
    for (const g of load('xchacha20_poly1305_test.json').testGroups) {
      for (const t of g.tests) {
        const [key, iv, aad, msg, ct, tag] = ['key', 'iv', 'aad', 'msg', 'ct', 'tag'].map((k) =>
          h(t, k),
        ) as Uint8Array[];
        const opened = xchachaOpen(b, key!, iv!, aad!, new Uint8Array([...ct!, ...tag!]));
        if (t.result === 'valid') {
          expect(opened && toHex(opened), `tc ${t.tcId}`).toBe(toHex(msg!));
          expect(toHex(xchachaSeal(b, key!, iv!, aad!, msg!)), `tc ${t.tcId}`).toBe(toHex(ct!) + toHex(tag!));
          // and the composition agrees with noble's one-shot XChaCha20-Poly1305
          expect(toHex(xchacha20poly1305(key!, iv!, aad!).encrypt(msg!))).toBe(toHex(ct!) + toHex(tag!));
        } else {
          expect(opened, `tc ${t.tcId}`).toBeUndefined();
        }
        n++;
      }
    }
    expect(n).toBe(315);
  });

  it('HMAC-SHA256 vectors (full and truncated tags) all give the expected result', () => {
    let n = 0;
    for (const g of load('hmac_sha256_test.json').testGroups) {
      const bytes = (g.tagSize ?? 256) / 8;
      for (const t of g.tests) {
        const mac = toHex(b.hmacSha256(h(t, 'key'), h(t, 'msg')).subarray(0, bytes));
        const keyed = toHex(b.hmacKeyed(h(t, 'key'))(h(t, 'msg')).subarray(0, bytes));
        expect(keyed).toBe(mac);
        expect(mac === t.tag, `tc ${t.tcId}`).toBe(t.result === 'valid');
        n++;
      }
    }
    expect(n).toBe(174);
  });

  it('HKDF-SHA256 vectors all give the expected result', () => {
    let n = 0;
    for (const g of load('hkdf_sha256_test.json').testGroups) {
      for (const t of g.tests) {
        let got: string | undefined;
        try {
          got = toHex(b.hkdf(h(t, 'ikm'), h(t, 'salt'), h(t, 'info'), t.size as number));
        } catch {
          got = undefined;
        }
        if (t.result === 'valid') expect(got, `tc ${t.tcId}`).toBe(t.okm);
        else expect(got, `tc ${t.tcId}`).toBeUndefined();
        n++;
      }
    }
    expect(n).toBe(86);
  });
});

describe('the two backends', () => {
  it('compute the same HChaCha20 subkey for random inputs', () => {
    const node = nodeBackend as Backend;
    for (let i = 0; i < 200; i++) {
      const key = node.randomBytes(32);
      const n = node.randomBytes(16);
      expect(toHex(node.hchacha(key, n))).toBe(toHex(nobleBackend.hchacha(key, n)));
    }
  });

  it('cross-decrypt each other’s XChaCha20-Poly1305 output', () => {
    const node = nodeBackend as Backend;
    for (let len = 0; len < 300; len += 37) {
      const key = node.randomBytes(32);
      const nonce = node.randomBytes(24);
      const aad = node.randomBytes(len % 50);
      const pt = node.randomBytes(len);
      const a = xchachaSeal(nobleBackend, key, nonce, aad, pt);
      const c = xchachaSeal(node, key, nonce, aad, pt);
      expect(toHex(a)).toBe(toHex(c));
      expect(toHex(xchachaOpen(node, key, nonce, aad, a) as Uint8Array)).toBe(toHex(pt));
      expect(toHex(xchachaOpen(nobleBackend, key, nonce, aad, c) as Uint8Array)).toBe(toHex(pt));
    }
  });
});

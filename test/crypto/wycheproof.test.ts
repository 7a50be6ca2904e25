import { readFileSync } from 'node:fs';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { describe, expect, it } from 'vitest';
import { fromBase64url, fromHex, toHex } from '../../src/_internal/bytes.js';
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
        // the base64url path (blind indexes; RFC 2104 over one-shot hashes on node)
        const b64 = toHex(fromBase64url(b.hmacKeyedB64(h(t, 'key'))(h(t, 'msg')))!.subarray(0, bytes));
        expect(b64).toBe(mac);
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

describe('keyed HMAC for blind indexes', () => {
  it('gives the same tag on both backends for strings and bytes of every length around the scratch size', () => {
    const node = nodeBackend as Backend;
    const key = node.randomBytes(32);
    const fast = node.hmacKeyedB64(key);
    const ref = nobleBackend.hmacKeyedB64(key);
    // ASCII, two- and three-byte UTF-8 and a surrogate pair, short and past the 256-byte scratch block
    for (const unit of ['7', 'é', '山', '\u{1F4E6}']) {
      for (const n of [0, 1, 55, 56, 63, 64, 85, 86, 127, 128, 200, 256, 257, 400]) {
        const s = unit.repeat(n);
        expect(fast(s), `${n} × U+${unit.codePointAt(0)!.toString(16)}`).toBe(ref(s));
        // the scratch block is reused: a second call over the same key must not see leftovers
        expect(fast(s)).toBe(ref(s));
      }
    }
    for (const n of [0, 1, 64, 255, 256, 257, 1000]) {
      const b = node.randomBytes(n);
      expect(fast(b), `${n} bytes`).toBe(ref(b));
    }
  });

  it('falls back correctly for keys longer than a SHA-256 block', () => {
    const node = nodeBackend as Backend;
    for (const len of [64, 65, 100, 200]) {
      const key = node.randomBytes(len);
      expect(node.hmacKeyedB64(key)('+8613800000000')).toBe(nobleBackend.hmacKeyedB64(key)('+8613800000000'));
    }
  });
});

import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPiiError } from '../../src/errors.js';
import { pseudonymize } from 'courier-pii/mask';

const key = new Uint8Array(32).map((_, i) => i);
const other = new Uint8Array(32).map((_, i) => 255 - i);

describe('pseudonymize', () => {
  it('is stable, kind-prefixed and keyed', () => {
    const t = pseudonymize('13812345678', key, 'phone');
    expect(t).toMatch(/^phone_[a-z2-7]{26}$/);
    expect(pseudonymize('13812345678', key, 'phone')).toBe(t);
    expect(pseudonymize('13812345678', other, 'phone')).not.toBe(t);
    expect(pseudonymize('13812345678', key, 'custom')).not.toBe(t.replace('phone_', 'custom_'));
  });

  it('normalizes per kind before hashing', () => {
    expect(pseudonymize('+86 138-1234-5678', key, 'phone')).toBe(pseudonymize('13812345678', key, 'phone'));
    expect(pseudonymize('Zhang.San@EXAMPLE.com', key, 'email')).toBe(
      pseudonymize('Zhang.San@example.com', key, 'email'),
    );
  });

  it('is HMAC-SHA256 over the domain-separated, normalized input, in base32 (checked with node:crypto)', () => {
    const k = new Uint8Array(32).fill(5);
    const mac = createHmac('sha256', k)
      .update(Buffer.from('courier-pii/pseudonym/v1\u0000phone\u0000+8613812345678', 'utf8'))
      .digest();
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
    let bits = '';
    for (const b of mac) bits += b.toString(2).padStart(8, '0');
    let expected = '';
    for (let i = 0; i < 26; i++) expected += alphabet[Number.parseInt(bits.slice(i * 5, i * 5 + 5), 2)];
    expect(pseudonymize('138 1234 5678', k, 'phone')).toBe(`phone_${expected}`);
  });

  it('gives distinct tokens for distinct values (no collisions on a sample)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++)
      seen.add(pseudonymize(`1380000${String(i).padStart(4, '0')}`, key, 'phone'));
    expect(seen.size).toBe(2000);
  });

  it('never contains the input', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), (s) => {
        expect(pseudonymize(s, key, 'freeText')).not.toContain(s.trim() || '\u0000');
      }),
      { numRuns: 200 },
    );
  });

  it('makes format-preserving phone pseudonyms with FF1 that keep the carrier prefix', () => {
    const p = pseudonymize('13812345678', key, 'phone', { format: 'preserve' });
    expect(p).toMatch(/^138\d{8}$/);
    expect(p).not.toBe('13812345678');
    expect(pseudonymize('+86 138 1234 5678', key, 'phone', { format: 'preserve' })).toBe(p);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++)
      seen.add(pseudonymize(`1390000${String(i).padStart(4, '0')}`, key, 'phone', { format: 'preserve' }));
    expect(seen.size).toBe(500); // FF1 is a permutation
  });

  it('rejects short keys, non-strings, unknown kinds and preserve on non-phones', () => {
    const c = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isPiiError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(c(() => pseudonymize('x', new Uint8Array(8)))).toBe('INVALID_ARGUMENT');
    expect(c(() => pseudonymize(1 as never, key))).toBe('INVALID_ARGUMENT');
    expect(c(() => pseudonymize('x', key, 'nope' as never))).toBe('MASK_UNSUPPORTED');
    expect(c(() => pseudonymize('张三', key, 'name', { format: 'preserve' }))).toBe('INVALID_ARGUMENT');
  });
});

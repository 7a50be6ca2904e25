import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/_internal/bytes.js';
import { grant, verify } from '../../src/consent/index.js';
import { type Ed25519Backend, nobleEd25519, nodeEd25519 } from '../../src/consent/ed25519.js';
import { T0, issuers, pickupGrant, seededRandom } from './helpers.js';

interface WTest {
  tcId: number;
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
  flags: string[];
}
interface WGroup {
  publicKey: { pk: string };
  tests: WTest[];
}
const wycheproof = JSON.parse(
  readFileSync(new URL('../vectors/wycheproof/ed25519_test.json', import.meta.url), 'utf8'),
) as { testGroups: WGroup[]; numberOfTests: number };

const backends: Ed25519Backend[] = [nobleEd25519, nodeEd25519!];

describe('Ed25519 backends', () => {
  it('node:crypto is available in this test environment', () => {
    expect(nodeEd25519).toBeDefined();
  });

  for (const b of backends) {
    it(`${b.name} agrees with every Wycheproof ed25519 verification vector`, () => {
      let n = 0;
      const wrong: number[] = [];
      for (const g of wycheproof.testGroups) {
        const pk = fromHex(g.publicKey.pk);
        for (const t of g.tests) {
          const ok = b.verify(pk, fromHex(t.msg), fromHex(t.sig));
          if (t.result !== 'acceptable' && ok !== (t.result === 'valid')) wrong.push(t.tcId);
          n++;
        }
      }
      expect(n).toBe(wycheproof.numberOfTests);
      expect(wrong).toEqual([]);
    });
  }

  it('both backends derive the same public key and the same signature from a secret key', () => {
    const rnd = seededRandom('cross');
    for (let i = 0; i < 20; i++) {
      const sk = rnd(32);
      const msg = rnd(i * 7);
      const pkA = nobleEd25519.publicKey(sk);
      const pkB = nodeEd25519!.publicKey(sk);
      expect(pkB).toEqual(pkA);
      const sigA = nobleEd25519.sign(sk, msg);
      const sigB = nodeEd25519!.sign(sk, msg);
      expect(sigB).toEqual(sigA);
      expect(nodeEd25519!.verify(pkA, msg, sigA)).toBe(true);
      expect(nobleEd25519.verify(pkB, msg, sigB)).toBe(true);
    }
  });

  it('a token granted on one backend is byte-identical to the other and verifies on both', async () => {
    const a = await grant(pickupGrant({ backend: 'noble', random: seededRandom('x') }));
    const b = await grant(pickupGrant({ backend: 'node', random: seededRandom('x') }));
    expect(b.token).toBe(a.token);
    for (const backend of ['noble', 'node'] as const) {
      const claims = await verify(a.token, {
        issuers,
        purpose: 'pickup',
        grantee: 'n-5531',
        resource: 'SF1043212345678',
        revocations: 'unchecked',
        now: T0,
        backend,
      });
      expect(claims.tokenId).toBe(a.tokenId);
    }
  });
});

// Frozen SM2 consent tokens (format 3, docs/formats.md "Consent token"): each keeps verifying to
// the same claims and revocation ids, an Ed25519 key with the same id refuses them, any one-byte
// change fails, and the issuer's block signature checks with sm-crypto-v2 (default signer id).
import { readFileSync } from 'node:fs';
import { sm2 as ref } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import { fromBase64url, fromHex, toBase64url, toHex } from '../../src/_internal/bytes.js';
import { generateSigningKey, verify } from '../../src/consent/index.js';
import { nodeEd25519 } from '../../src/consent/ed25519.js';
import { blockMessage, decodeToken } from '../../src/consent/format.js';
import { codeOf } from './helpers.js';

const V = JSON.parse(
  readFileSync(new URL('../vectors/consent/sm2-tokens.json', import.meta.url), 'utf8'),
) as {
  issuers: Record<string, string>;
  cases: Array<{
    name: string;
    token: string;
    verify: { purpose: string; resource: string; now: number; grantee: string };
    expect: { scope: Record<string, string>; revocationIds: string[]; sealed: boolean };
  }>;
};
const issuers = Object.fromEntries(Object.entries(V.issuers).map(([k, v]) => [k, fromHex(v)]));

describe('frozen SM2 consent tokens (format 3)', () => {
  it.each(V.cases)('$name verifies to the frozen claims', async (c) => {
    const claims = await verify(c.token, { issuers, revocations: 'unchecked', ...c.verify });
    expect({ scope: claims.scope, revocationIds: claims.revocationIds, sealed: claims.sealed }).toEqual(
      c.expect,
    );
  });

  it.each(V.cases)('$name is refused by an Ed25519 key under the same key id', async (c) => {
    const ed = generateSigningKey();
    const wrong = Object.fromEntries(Object.keys(issuers).map((k) => [k, ed.publicKey]));
    expect(await codeOf(verify(c.token, { issuers: wrong, revocations: 'unchecked', ...c.verify }))).toBe(
      'TOKEN_INVALID',
    );
  });

  it('any one-byte change of the one-block token fails with TOKEN_INVALID', async () => {
    const c = V.cases[0]!;
    const bin = fromBase64url(c.token)!;
    for (let i = 0; i < bin.length; i++) {
      const m = bin.slice();
      m[i] = m[i]! ^ 0x01;
      const code = await codeOf(verify(toBase64url(m), { issuers, revocations: 'unchecked', ...c.verify }));
      if (code === 'ok') throw new Error(`byte ${i} still verifies`);
      expect(code).toBe('TOKEN_INVALID');
    }
  });

  it("the issuer's block signature verifies with sm-crypto-v2", () => {
    const t = decodeToken(fromBase64url(V.cases[0]!.token)!, nodeEd25519!);
    const blk = t.blocks[0]!;
    const msg = blockMessage(t, 0, undefined, blk);
    const pk = Object.values(V.issuers)[0]!;
    expect(ref.doVerifySignature(msg, toHex(blk.sig), pk, { hash: true })).toBe(true);
  });
});

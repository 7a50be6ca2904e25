import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/_internal/bytes.js';
import { verify } from '../../src/consent/index.js';
import { codeOf } from './helpers.js';
import { type VectorCase, buildVectors, claimsJson } from './vectors.gen.js';

const frozen = JSON.parse(
  readFileSync(new URL('../vectors/consent/tokens.json', import.meta.url), 'utf8'),
) as {
  issuers: Record<string, string>;
  cases: VectorCase[];
};
const issuers = Object.fromEntries(Object.entries(frozen.issuers).map(([k, v]) => [k, fromHex(v)]));

describe('frozen consent token vectors', () => {
  it('has both accepted tokens and tamper cases', () => {
    expect(frozen.cases.filter((c) => c.expect.code === 'ok').length).toBeGreaterThanOrEqual(5);
    expect(frozen.cases.filter((c) => c.expect.code !== 'ok').length).toBeGreaterThanOrEqual(10);
  });

  for (const backend of ['node', 'noble'] as const) {
    for (const c of frozen.cases) {
      it(`${backend}: ${c.name} → ${c.expect.code}`, async () => {
        const opts = { ...c.verify, issuers, revocations: 'unchecked' as const, backend };
        expect(await codeOf(verify(c.token, opts))).toBe(c.expect.code);
        if (c.expect.claims) expect(claimsJson(await verify(c.token, opts))).toEqual(c.expect.claims);
      });
    }
  }

  it('the generator still produces byte-identical tokens from the same keys, clock and randomness', async () => {
    const again = await buildVectors();
    expect(again.issuers).toEqual(frozen.issuers);
    expect(again.cases.map((c) => c.token)).toEqual(frozen.cases.map((c) => c.token));
  });
});

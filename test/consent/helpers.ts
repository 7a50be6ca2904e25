// Deterministic clock, randomness and keys for consent tests.
import { createHash } from 'node:crypto';
import { PiiError, isPiiError } from '../../src/errors.js';
import type { GrantOptions } from '../../src/consent/index.js';
import { generateSigningKey } from '../../src/consent/index.js';

/** A seeded byte source: SHA-256(seed || counter) blocks. */
export function seededRandom(seed: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let o = 0; o < n; o += 32) {
      const h = createHash('sha256').update(`${seed}/${counter++}`).digest();
      out.set(h.subarray(0, Math.min(32, n - o)), o);
    }
    return out;
  };
}

export const T0 = Date.UTC(2026, 10, 28, 9, 0, 0); // 2026-11-28T09:00:00Z
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const issuerKey = generateSigningKey({ random: seededRandom('issuer-sf-2026') });
export const otherIssuerKey = generateSigningKey({ random: seededRandom('issuer-other') });
export const ISSUER_ID = 'sf-2026';
export const issuers = { [ISSUER_ID]: issuerKey.publicKey };
export const WAYBILL = 'SF1043212345678';

/** The neighbour-pickup grant used across tests. */
export function pickupGrant(over: Partial<GrantOptions> = {}): GrantOptions {
  return {
    issuer: { id: ISSUER_ID, secretKey: issuerKey.secretKey },
    subject: 'r-8812',
    grantee: 'n-5531',
    purpose: 'pickup',
    resource: WAYBILL,
    scope: { pickupCode: 'allow', 'recipient.address': 'mask' },
    notBefore: T0,
    expiresAt: T0 + 2 * DAY,
    maxUses: 3,
    now: () => T0,
    random: seededRandom('grant'),
    ...over,
  };
}

/** Resolves to the PiiError code a promise (or function) fails with, or 'ok'. */
export async function codeOf(f: (() => unknown) | Promise<unknown>): Promise<string> {
  try {
    await (typeof f === 'function' ? f() : f);
    return 'ok';
  } catch (e) {
    if (isPiiError(e)) return e.code;
    throw e;
  }
}

export { PiiError };

// Verifying and redeeming consent tokens (docs/consent.md, "Verifying").
import { lengthPrefixed } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import { type CheckedChain, checkChain, toClaims } from './chain.js';
import { selectEd25519 } from './ed25519.js';
import { makeReceipt, receiptEvent } from './receipts.js';
import { randomOf } from './runtime.js';
import type { ConsentClaims, RedeemOptions, VerifyOptions } from './types.js';
import { checkOptions } from '../_internal/options.js';
import { REDEEM_OPTIONS, VERIFY_OPTIONS } from './option-names.js';

const DEFAULT_TOLERANCE_S = 30;

function mismatch(what: string): PiiError {
  return new PiiError(
    'TOKEN_MISMATCH',
    `Consent token does not cover this ${what}; ask the customer for a grant that does.`,
    { details: { field: what } },
  );
}

async function check(token: string, o: VerifyOptions): Promise<CheckedChain> {
  if (typeof o !== 'object' || o === null)
    throw new PiiError('INVALID_ARGUMENT', 'verify needs an options object.');
  const revocations = o.revocations;
  if (
    revocations !== 'unchecked' &&
    (typeof revocations !== 'object' || revocations === null || typeof revocations.isRevoked !== 'function')
  ) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      "verify needs a revocation store (options.revocations), or revocations: 'unchecked' to skip the check on purpose.",
    );
  }
  if (typeof o.purpose !== 'string' || typeof o.grantee !== 'string') {
    throw new PiiError('INVALID_ARGUMENT', 'verify needs the purpose and grantee of this use.');
  }
  const c = checkChain(token, o.issuers, selectEd25519(o.backend));
  const s = c.state;
  const nowMs = o.now === undefined ? Date.now() : o.now instanceof Date ? o.now.getTime() : o.now;
  const tolMs = (o.clockToleranceSeconds ?? DEFAULT_TOLERANCE_S) * 1000;
  if (!Number.isFinite(nowMs) || !(tolMs >= 0)) {
    throw new PiiError('INVALID_ARGUMENT', 'now must be a valid time and clockToleranceSeconds >= 0.');
  }
  if (nowMs + tolMs < s.notBefore * 1000) {
    throw new PiiError(
      'TOKEN_NOT_YET_VALID',
      'Consent token is not valid yet; check the clock or wait for its start time.',
    );
  }
  if (nowMs - tolMs >= s.expiresAt * 1000) {
    throw new PiiError('TOKEN_EXPIRED', 'Consent token has expired; ask the customer for a new grant.');
  }
  if (o.purpose !== s.purpose) throw mismatch('purpose');
  if (o.grantee !== s.grantee) throw mismatch('grantee');
  if (s.resource !== undefined && o.resource !== s.resource) throw mismatch('resource');
  if (revocations !== 'unchecked' && (await revocations.isRevoked(c.revocationIds))) {
    throw new PiiError('TOKEN_REVOKED', 'Consent token has been revoked; ask the customer for a new grant.');
  }
  return c;
}

/**
 * Verifies a consent token with only the issuers' public keys: every block's signature, that
 * no block widens its parent, validity time (with clock tolerance), the purpose, grantee and
 * resource of this use, and revocation of any block in the chain.
 *
 * @param token - the token presented by the grantee
 * @param options - trusted issuers, this use's purpose / grantee / resource, the revocation store
 * @returns the verified claims (plain data for `policy.decide({ context: { consent } })`)
 * @throws PiiError TOKEN_INVALID when the token is malformed, a signature fails, a block widens,
 * the version or the issuer key id is unknown
 * @throws PiiError TOKEN_NOT_YET_VALID before its start time (minus the tolerance)
 * @throws PiiError TOKEN_EXPIRED at or after its expiry (plus the tolerance)
 * @throws PiiError TOKEN_MISMATCH when the purpose, grantee or resource differ from the token's
 * @throws PiiError TOKEN_REVOKED when any block of the chain is revoked
 * @throws PiiError INVALID_ARGUMENT when options are missing (a revocation store is required
 * unless `revocations: 'unchecked'`)
 * @example
 * ```ts
 * import { createMemoryRevocationStore, generateSigningKey, grant, verify } from 'courier-pii/consent';
 * const key = generateSigningKey();
 * const { token } = await grant({
 *   issuer: { id: 'k1', secretKey: key.secretKey }, subject: 'cust-1', grantee: 'cust-2',
 *   purpose: 'pickup', scope: { pickupCode: 'allow' }, expiresAt: Date.now() + 3_600_000,
 * });
 * const claims = await verify(token, {
 *   issuers: { k1: key.publicKey }, purpose: 'pickup', grantee: 'cust-2',
 *   revocations: createMemoryRevocationStore(),
 * });
 * console.log(claims.scope); // { pickupCode: 'allow' }
 * ```
 */
export async function verify(token: string, options: VerifyOptions): Promise<ConsentClaims> {
  checkOptions('verify', options, VERIFY_OPTIONS);
  return toClaims(await check(token, options));
}

const ID = /^[A-Za-z0-9_.:/-]{1,200}$/;
const RECEIPT_ID_DOMAIN = 'courier-pii/consent/redemption-receipt-id/v1';

// The use was counted but its receipt was not stored: say so, and how to deliver it.
function receiptFailed(e: unknown, use: number, redemptionId: string | undefined): unknown {
  if (!(e instanceof PiiError) || (e.code !== 'AUDIT_SINK_FAILED' && e.code !== 'STORE_UNAVAILABLE'))
    return e;
  return new PiiError(
    e.code,
    redemptionId === undefined
      ? `The use was counted (use ${use}) but its receipt was not stored, so this redeem failed and the use is spent. Pass a redemptionId so that a retry delivers it.`
      : `The use was counted (use ${use}) but its receipt was not stored. Retry redeem with the same redemptionId: it counts no second use and stores the receipt.`,
    { cause: e, details: { maybeApplied: true, useCounted: true, use } },
  );
}

/**
 * Verifies a token and counts one use against its `maxUses`, atomically in `counter`. Uses are
 * counted per grant (`tokenId`), shared by every attenuated descendant, against the smallest
 * limit along the chain. Produces a receipt, appended to `audit` when given.
 *
 * With `redemptionId` (recommended whenever the counter or the audit log is a database), the
 * call is safe to retry: the use is counted once per redemption id, in the same atomic step as
 * the id is recorded, and the receipt is appended with an idempotency key derived from it, so a
 * retry after a failure or a timeout neither counts a second use nor loses the first: it
 * completes the receipt and returns the same use number (docs/consent.md, "Retrying a redeem").
 *
 * @param token - the token presented by the grantee
 * @param options - everything {@link verify} needs, plus the use counter and the redemption id
 * @returns the verified claims with `uses` set to the count including this use
 * @throws PiiError TOKEN_EXHAUSTED when the use limit is already reached
 * @throws PiiError TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_NOT_YET_VALID, TOKEN_MISMATCH, TOKEN_REVOKED as {@link verify}
 * @throws PiiError INVALID_ARGUMENT without a counter, for a malformed `redemptionId`, or a
 * `redemptionId` with a counter that has no `consumeOnce`
 * @throws PiiError STORE_UNAVAILABLE when the counter's storage fails; AUDIT_SINK_FAILED when the
 * receipt could not be stored (`details.useCounted`: the use was counted; retry with the same
 * `redemptionId`)
 * @example
 * ```ts
 * import { createMemoryRevocationStore, createMemoryUseCounter, generateSigningKey, grant, redeem } from 'courier-pii/consent';
 * const key = generateSigningKey();
 * const { token } = await grant({
 *   issuer: { id: 'k1', secretKey: key.secretKey }, subject: 'cust-1', grantee: 'locker-9',
 *   purpose: 'pickup', scope: { pickupCode: 'allow' }, expiresAt: Date.now() + 3_600_000, maxUses: 1,
 * });
 * const opts = { issuers: { k1: key.publicKey }, purpose: 'pickup', grantee: 'locker-9',
 *   revocations: createMemoryRevocationStore(), counter: createMemoryUseCounter(),
 *   redemptionId: 'locker-9-open-0001' };
 * console.log((await redeem(token, opts)).uses, (await redeem(token, opts)).uses); // 1 1
 * ```
 */
export async function redeem(token: string, options: RedeemOptions): Promise<ConsentClaims> {
  checkOptions('redeem', options, REDEEM_OPTIONS);
  const counter = options?.counter;
  if (typeof counter !== 'object' || counter === null || typeof counter.consume !== 'function') {
    throw new PiiError('INVALID_ARGUMENT', 'redeem needs a use counter store (options.counter).');
  }
  const rid = options.redemptionId;
  if (rid !== undefined) {
    if (typeof rid !== 'string' || !ID.test(rid)) {
      throw new PiiError(
        'INVALID_ARGUMENT',
        'redemptionId must be 1-200 characters of A-Z a-z 0-9 _ . : / - (a request id or random UUID, never personal data).',
      );
    }
    if (typeof counter.consumeOnce !== 'function') {
      throw new PiiError(
        'INVALID_ARGUMENT',
        'redemptionId needs a use counter with consumeOnce (every counter of courier-pii has it); add it to your store or leave redemptionId out.',
      );
    }
  }
  const c = await check(token, options);
  const max = c.state.maxUses ?? Number.POSITIVE_INFINITY;
  const tokenId = c.revocationIds[0]!;
  const r =
    rid === undefined ? await counter.consume(tokenId, max) : await counter.consumeOnce!(tokenId, max, rid);
  if (!r.ok) {
    throw new PiiError(
      'TOKEN_EXHAUSTED',
      'Consent token has no uses left; ask the customer for a new grant.',
      {
        details: { maxUses: max },
      },
    );
  }
  const claims = toClaims(c, r.used);
  if (options.audit) {
    const b = selectEd25519(options.backend);
    const receipt = makeReceipt({
      event: 'redeemed',
      time:
        typeof options.now === 'number'
          ? options.now
          : options.now instanceof Date
            ? options.now.getTime()
            : Date.now(),
      controller: options.controller ?? c.token.kid,
      state: c.state,
      tokenId: claims.tokenId,
      // With a redemption id the receipt id is derived from it, so every retry builds the same
      // receipt event and the idempotent append recognises it.
      random:
        rid === undefined
          ? randomOf(b)
          : (n) => b.sha256(lengthPrefixed(RECEIPT_ID_DOMAIN, tokenId, rid)).subarray(0, n),
      schema: options.schema,
      use: r.used,
    });
    try {
      await options.audit.append(
        receiptEvent(receipt, c.token.kid),
        rid === undefined ? undefined : { idempotencyKey: `consent.redeemed:${tokenId}:${rid}` },
      );
    } catch (e) {
      throw receiptFailed(e, r.used, rid);
    }
  }
  return claims;
}

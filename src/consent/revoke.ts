// Revocation (docs/consent.md, "Revoking"). Each block has an id; a token is revoked when any
// id of its chain is, so revoking a block cuts off it and every token derived from it.
import { PiiError } from '../errors.js';
import { checkChain, parseToken } from './chain.js';
import { selectEd25519 } from './ed25519.js';
import { revocationId, suiteFor } from './format.js';
import { makeReceipt, record } from './receipts.js';
import { randomOf } from './runtime.js';
import type { RevokeOptions, RevokeResult } from './types.js';
import { checkOptions } from '../_internal/options.js';
import { REVOKE_OPTIONS } from './option-names.js';

/**
 * The revocation ids of a token, one per block, root first. The first is the grant's
 * `tokenId`; revoking it revokes the grant and every attenuated copy.
 *
 * @param token - a consent token (its signatures are not checked here)
 * @returns the block ids, root first
 * @throws PiiError TOKEN_INVALID when the token is malformed
 * @example
 * ```ts
 * import { generateSigningKey, grant, revocationIds } from 'courier-pii/consent';
 * const key = generateSigningKey();
 * const { token, tokenId } = await grant({
 *   issuer: { id: 'k1', secretKey: key.secretKey }, subject: 'cust-1', grantee: 'cust-2',
 *   purpose: 'pickup', scope: { pickupCode: 'allow' }, expiresAt: Date.now() + 3_600_000,
 * });
 * console.log(revocationIds(token)[0] === tokenId); // true
 * ```
 */
export function revocationIds(token: string): string[] {
  const b = selectEd25519('auto');
  const t = parseToken(token, b);
  const suite = suiteFor(t.version, b);
  return t.blocks.map((blk) => revocationId(suite, blk.sig));
}

/**
 * Revokes a grant (block 0, the default) or one attenuated branch (a later block), after
 * checking the token's chain, and records a consent receipt (appended to `audit` when given).
 * To revoke by id alone, call `revocations.revoke(id)` on the store.
 *
 * @param token - the token to revoke (any descendant of the grant works for block 0)
 * @param options - issuers, the revocation store, which block, and receipt options
 * @returns the revoked id and the receipt
 * @throws PiiError TOKEN_INVALID when the token does not verify against `issuers`
 * @throws PiiError INVALID_ARGUMENT when `block` is not an index of the token's chain
 * @example
 * ```ts
 * import { createMemoryRevocationStore, generateSigningKey, grant, revoke } from 'courier-pii/consent';
 * const key = generateSigningKey();
 * const revocations = createMemoryRevocationStore();
 * const { token, tokenId } = await grant({
 *   issuer: { id: 'k1', secretKey: key.secretKey }, subject: 'cust-1', grantee: 'cust-2',
 *   purpose: 'pickup', scope: { pickupCode: 'allow' }, expiresAt: Date.now() + 3_600_000,
 * });
 * const { revocationId } = await revoke(token, { issuers: { k1: key.publicKey }, revocations });
 * console.log(revocationId === tokenId); // true
 * ```
 */
export async function revoke(token: string, options: RevokeOptions): Promise<RevokeResult> {
  checkOptions('revoke', options, REVOKE_OPTIONS);
  const store = options?.revocations;
  if (typeof store !== 'object' || store === null || typeof store.revoke !== 'function') {
    throw new PiiError('INVALID_ARGUMENT', 'revoke needs a revocation store (options.revocations).');
  }
  const b = selectEd25519(options.backend);
  const c = checkChain(token, options.issuers, b);
  const index = options.block ?? 0;
  if (!Number.isInteger(index) || index < 0 || index >= c.revocationIds.length) {
    throw new PiiError('INVALID_ARGUMENT', `block must be an index from 0 to ${c.revocationIds.length - 1}.`);
  }
  const id = c.revocationIds[index]!;
  await store.revoke(id);
  const receipt = makeReceipt({
    event: 'revoked',
    time: options.now ? options.now() : Date.now(),
    controller: options.controller ?? c.token.kid,
    state: c.state,
    tokenId: c.revocationIds[0]!,
    random: randomOf(b),
    schema: options.schema,
    blockId: id,
  });
  await record(options, receipt, c.token.kid);
  return { revocationId: id, receipt };
}

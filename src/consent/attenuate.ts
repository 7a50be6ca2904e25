// Holder-side narrowing of a token, offline and without the issuer (docs/consent.md,
// "Attenuation"; construction from the Biscuit specification, see docs/formats.md).
import { toBase64url } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import { checkChain, invalid, narrow, parseToken } from './chain.js';
import { type Ed25519Backend, selectEd25519 } from './ed25519.js';
import {
  type AttenuationPayload,
  type Block,
  MAX_BLOCKS,
  type RootPayload,
  type Token,
  blockMessage,
  decodeRoot,
  encodeAttenuation,
  encodeToken,
  nextHash,
  revocationId,
  sealMessage,
  suiteFor,
} from './format.js';
import { makeReceipt, record } from './receipts.js';
import { checkId, checkPartyId, checkUses, randomOf, toSeconds } from './runtime.js';
import { checkScope, isNarrowerScope } from './scope.js';
import type { AttenuateOptions, AttenuateResult, AttenuateWithReceiptOptions } from './types.js';
import { Malformed } from './wire.js';
import { checkOptions } from '../_internal/options.js';
import { ATTENUATE_OPTIONS, ATTENUATE_RECEIPT_OPTIONS } from './option-names.js';

function narrowingError(what: string): PiiError {
  return new PiiError('INVALID_ARGUMENT', `attenuate can only narrow a token: ${what}.`);
}

/** Folds the blocks without checking signatures (the verifier checks them). */
function foldUnverified(t: Token): RootPayload {
  try {
    let s = decodeRoot(t.blocks[0]!.payload);
    for (let i = 1; i < t.blocks.length; i++) s = narrow(s, t.blocks[i]!.payload);
    return s;
  } catch (e) {
    if (e instanceof Malformed) throw invalid();
    throw e;
  }
}

function buildBlock(state: RootPayload, o: AttenuateOptions): AttenuationPayload {
  const a: AttenuationPayload = {};
  if (o.scope !== undefined) {
    const scope = checkScope('scope', o.scope);
    if (!isNarrowerScope(Object.fromEntries(state.scope), Object.fromEntries(scope))) {
      throw narrowingError(
        'every scope path must be covered by the current scope at the same or a higher level',
      );
    }
    a.scope = scope;
  }
  if (o.expiresAt !== undefined) {
    const exp = toSeconds('expiresAt', o.expiresAt);
    if (exp > state.expiresAt || exp <= state.notBefore) {
      throw narrowingError('expiresAt must not be later than the current expiry, and after notBefore');
    }
    a.expiresAt = exp;
  }
  if (o.resource !== undefined) {
    const r = checkId('resource', o.resource);
    if (state.resource !== undefined && r !== state.resource) {
      throw narrowingError('the token is already bound to another resource');
    }
    a.resource = r;
  }
  if (o.grantee !== undefined) {
    const g = checkPartyId('grantee', o.grantee);
    if (!g.startsWith(`${state.grantee}/`) || g.length === state.grantee.length + 1) {
      throw narrowingError("grantee must be the current grantee followed by '/' and a device or agent id");
    }
    a.grantee = g;
  }
  if (o.maxUses !== undefined) {
    const m = checkUses('maxUses', o.maxUses);
    if (state.maxUses !== undefined && m > state.maxUses)
      throw narrowingError('maxUses must not exceed the current limit');
    a.maxUses = m;
  }
  return a;
}

function attenuateParsed(
  t: Token,
  o: AttenuateOptions,
  b: Ed25519Backend,
): { token: string; state: RootPayload; blockId: string; parentId: string } {
  if (t.proof.kind !== 'open') {
    throw new PiiError(
      'INVALID_ARGUMENT',
      'This token is sealed; ask its issuer or the previous holder for an open one.',
    );
  }
  const suite = suiteFor(t.version, b);
  const state = foldUnverified(t);
  const a = buildBlock(state, o);
  const hasNarrowing = Object.keys(a).length > 0;
  if (!hasNarrowing && !o.seal) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      'attenuate needs at least one of scope, expiresAt, resource, grantee, maxUses or seal.',
    );
  }
  const blocks = [...t.blocks];
  let secret = t.proof.secret;
  let newState = state;
  if (hasNarrowing) {
    if (blocks.length >= MAX_BLOCKS) {
      throw new PiiError('INVALID_ARGUMENT', `A token holds at most ${MAX_BLOCKS} blocks.`);
    }
    const prev = blocks[blocks.length - 1]!;
    const nextSecret = suite.newSecret(randomOf(b, o.random));
    const payload = encodeAttenuation(a);
    const unsigned = { payload, next: suite.publicKey(nextSecret), nextHash: nextHash(suite, nextSecret) };
    const sig = suite.sign(secret, blockMessage(t, blocks.length, prev.sig, unsigned));
    blocks.push({ ...unsigned, sig } satisfies Block);
    secret = nextSecret;
    newState = narrow(state, payload);
  }
  const last = blocks[blocks.length - 1]!;
  const out: Token = {
    ...(t.version !== undefined ? { version: t.version } : {}),
    kid: t.kid,
    kidBytes: t.kidBytes,
    blocks,
    proof: o.seal
      ? { kind: 'sealed', sig: suite.sign(secret, sealMessage(last.sig)) }
      : { kind: 'open', secret },
  };
  return {
    token: toBase64url(encodeToken(out)),
    state: newState,
    blockId: revocationId(suite, last.sig),
    parentId: revocationId(suite, blocks[Math.max(0, blocks.length - 2)]!.sig),
  };
}

/**
 * Narrows a token offline: appends a block, signed with the key the previous block introduced,
 * that can only reduce the scope, lower levels, shorten the expiry, lower the use limit, or add
 * bindings (a resource, a sub-grantee such as a device). Needs no issuer key and no network.
 *
 * @param token - an open (unsealed) consent token
 * @param options - the narrowing; `seal: true` also stops further attenuation
 * @returns the narrowed token
 * @throws PiiError TOKEN_INVALID when the token is malformed
 * @throws PiiError INVALID_ARGUMENT when the request would widen the token, names nothing to
 * narrow, or the token is sealed
 * @example
 * ```ts
 * import { attenuate, generateSigningKey, grant } from 'courier-pii/consent';
 * const key = generateSigningKey();
 * const { token } = await grant({
 *   issuer: { id: 'k1', secretKey: key.secretKey }, subject: 'cust-1', grantee: 'cust-2',
 *   purpose: 'pickup', scope: { pickupCode: 'allow', 'recipient.address': 'mask' },
 *   expiresAt: Date.now() + 3_600_000,
 * });
 * const narrowed = attenuate(token, { scope: { pickupCode: 'allow' }, grantee: 'cust-2/locker-7' });
 * console.log(narrowed.length > token.length); // true
 * ```
 */
export function attenuate(token: string, options: AttenuateOptions): string {
  checkOptions('attenuate', options, ATTENUATE_OPTIONS);
  const b = selectEd25519(options?.backend);
  return attenuateParsed(parseToken(token, b), options ?? {}, b).token;
}

/**
 * Like {@link attenuate}, but first checks the token's chain against the issuers' public keys
 * and returns a consent receipt of the attenuation (appended to `audit` when given).
 *
 * @param token - an open consent token
 * @param options - the narrowing plus `issuers`, and optionally `audit`, `controller`, `schema`
 * @returns the narrowed token and its receipt
 * @throws PiiError TOKEN_INVALID when the token does not verify against `issuers`
 * @throws PiiError INVALID_ARGUMENT when the request would widen the token
 * @example
 * ```ts
 * import { attenuateWithReceipt, generateSigningKey, grant } from 'courier-pii/consent';
 * const key = generateSigningKey();
 * const { token } = await grant({
 *   issuer: { id: 'k1', secretKey: key.secretKey }, subject: 'cust-1', grantee: 'cust-2',
 *   purpose: 'pickup', scope: { pickupCode: 'allow' }, expiresAt: Date.now() + 3_600_000,
 * });
 * const { receipt } = await attenuateWithReceipt(token, { issuers: { k1: key.publicKey }, maxUses: 1 });
 * console.log(receipt.event, receipt.maxUses); // attenuated 1
 * ```
 */
export async function attenuateWithReceipt(
  token: string,
  options: AttenuateWithReceiptOptions,
): Promise<AttenuateResult> {
  checkOptions('attenuateWithReceipt', options, ATTENUATE_RECEIPT_OPTIONS);
  const b = selectEd25519(options?.backend);
  const checked = checkChain(token, options.issuers, b);
  const r = attenuateParsed(checked.token, options, b);
  const receipt = makeReceipt({
    event: 'attenuated',
    time: options.now ? options.now() : Date.now(),
    controller: options.controller ?? checked.token.kid,
    state: r.state,
    tokenId: checked.revocationIds[0]!,
    random: randomOf(b, options.random),
    schema: options.schema,
    blockId: r.blockId,
    parentId: r.parentId,
  });
  await record(options, receipt, checked.token.kid);
  return { token: r.token, receipt };
}

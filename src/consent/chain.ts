// Checks a token's block chain with only the issuer's public key and folds the blocks into
// claims, rejecting any block that widens (docs/consent.md, "Attenuation"). Every failure is
// TOKEN_INVALID with one generic message: the caller learns nothing about which check failed.
import { fromBase64url } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import { publicKeyAlg } from '../_internal/signature.js';
import type { Ed25519Backend } from './ed25519.js';
import {
  type RootPayload,
  type Token,
  blockMessage,
  decodeAttenuation,
  decodeRoot,
  decodeToken,
  revocationId,
  sealMessage,
  suiteFor,
} from './format.js';
import { isNarrowerScope } from './scope.js';
import type { ConsentClaims, ConsentIssuers } from './types.js';
import { Malformed } from './wire.js';

const INVALID = 'Consent token is invalid; ask the customer for a new grant.';

/** A thrown TOKEN_INVALID with the generic message. */
export function invalid(cause?: unknown): PiiError {
  return new PiiError('TOKEN_INVALID', INVALID, cause === undefined ? {} : { cause });
}

/** Chain state after folding blocks: the root payload narrowed by each later block. */
export type ChainState = RootPayload;

export interface CheckedChain {
  token: Token;
  state: ChainState;
  revocationIds: string[];
}

/** Decodes base64url + structure; TOKEN_INVALID on any problem. */
export function parseToken(token: unknown, b: Ed25519Backend): Token {
  if (typeof token !== 'string' || token.length === 0 || token.length > 16384) throw invalid();
  const bin = fromBase64url(token);
  if (!bin) throw invalid();
  try {
    return decodeToken(bin, b);
  } catch (e) {
    if (e instanceof Malformed) throw invalid();
    throw e;
  }
}

/** Applies one attenuation block to the state, or throws Malformed if it widens anything. */
export function narrow(state: ChainState, payload: Uint8Array): ChainState {
  const a = decodeAttenuation(payload);
  const next: ChainState = { ...state };
  if (a.scope) {
    const parent = Object.fromEntries(state.scope);
    if (!isNarrowerScope(parent, Object.fromEntries(a.scope))) throw new Malformed();
    next.scope = a.scope;
  }
  if (a.expiresAt !== undefined) {
    if (a.expiresAt > state.expiresAt || a.expiresAt <= state.notBefore) throw new Malformed();
    next.expiresAt = a.expiresAt;
  }
  if (a.resource !== undefined) {
    if (state.resource !== undefined && state.resource !== a.resource) throw new Malformed();
    next.resource = a.resource;
  }
  if (a.grantee !== undefined) {
    const prefix = `${state.grantee}/`;
    if (!a.grantee.startsWith(prefix) || a.grantee.length === prefix.length) throw new Malformed();
    next.grantee = a.grantee;
  }
  if (a.maxUses !== undefined) {
    if (state.maxUses !== undefined && a.maxUses > state.maxUses) throw new Malformed();
    next.maxUses = a.maxUses;
  }
  return next;
}

/**
 * Verifies every signature and the proof, and folds the blocks. Does not look at time,
 * bindings or revocation.
 */
export function checkChain(token: unknown, issuers: ConsentIssuers, b: Ed25519Backend): CheckedChain {
  const t = parseToken(token, b);
  if (typeof issuers !== 'object' || issuers === null) {
    throw new PiiError('INVALID_ARGUMENT', 'issuers must map key ids to Ed25519 or SM2 public keys.');
  }
  if (!Object.hasOwn(issuers, t.kid)) throw invalid();
  const issuerKey = issuers[t.kid];
  const keyAlg = publicKeyAlg(issuerKey);
  if (keyAlg === undefined) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      'Each issuers entry must be a 32-byte Ed25519 or a 65-byte SM2 public key.',
      { details: { issuer: t.kid } },
    );
  }
  // The token's version names its algorithm; a key of the other kind never checks it.
  const suite = suiteFor(t.version, b);
  if (suite.alg !== keyAlg) throw invalid();
  let state: ChainState | undefined;
  const ids: string[] = [];
  try {
    for (let i = 0; i < t.blocks.length; i++) {
      const blk = t.blocks[i]!;
      const prev = i === 0 ? undefined : t.blocks[i - 1]!;
      const msg = blockMessage(t, i, prev?.sig, blk);
      const ok = prev ? suite.verify(prev.next, msg, blk.sig) : suite.verifyIssuer(issuerKey!, msg, blk.sig);
      if (!ok) throw new Malformed();
      state = state === undefined ? decodeRoot(blk.payload) : narrow(state, blk.payload);
      ids.push(revocationId(suite, blk.sig));
    }
    const last = t.blocks[t.blocks.length - 1]!;
    // Open proof: decodeToken took the last block's nextHash from SHA-256 of the carried
    // secret, so the last signature above already proved it is the committed secret (a
    // truncated chain would need a preimage). Sealed proof: the last ephemeral key signed it.
    if (t.proof.kind === 'sealed' && !suite.verify(last.next, sealMessage(last.sig), t.proof.sig)) {
      throw new Malformed();
    }
  } catch (e) {
    if (e instanceof Malformed) throw invalid();
    throw e;
  }
  return { token: t, state: state!, revocationIds: ids };
}

/** Freezes a checked chain into public claims. */
export function toClaims(c: CheckedChain, uses?: number): ConsentClaims {
  const s = c.state;
  const claims: ConsentClaims = {
    issuer: c.token.kid,
    tokenId: c.revocationIds[0]!,
    subject: s.subject,
    grantee: s.grantee,
    purpose: s.purpose,
    ...(s.resource !== undefined ? { resource: s.resource } : {}),
    scope: Object.freeze(Object.fromEntries(s.scope)),
    notBefore: new Date(s.notBefore * 1000),
    expiresAt: new Date(s.expiresAt * 1000),
    ...(s.maxUses !== undefined ? { maxUses: s.maxUses } : {}),
    ...(s.recordId !== undefined ? { recordId: s.recordId } : {}),
    revocationIds: Object.freeze([...c.revocationIds]),
    sealed: c.token.proof.kind === 'sealed',
    ...(uses !== undefined ? { uses } : {}),
  };
  return Object.freeze(claims);
}

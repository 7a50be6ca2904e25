// Issuing a consent token (docs/consent.md, "Granting").
import { toBase64url, utf8 } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import { selectEd25519 } from './ed25519.js';
import {
  type Block,
  type RootPayload,
  blockMessage,
  encodeRoot,
  encodeToken,
  nextHash,
  revocationId,
  suiteFor,
  VERSION_SM2,
} from './format.js';
import { makeReceipt, piiCategories, record } from './receipts.js';
import { checkId, checkPartyId, checkUses, randomOf, toSeconds } from './runtime.js';
import { checkScope } from './scope.js';
import type { GrantOptions, GrantResult } from './types.js';
import { checkOptions } from '../_internal/options.js';
import { GRANT_OPTIONS } from './option-names.js';

/**
 * Issues a consent token: the subject lets `grantee` use the fields in `scope` for `purpose`,
 * optionally for one resource (a waybill), until `expiresAt`, at most `maxUses` times.
 * The holder can narrow it offline with {@link attenuate}; verifiers need only the issuer's
 * public key. A receipt is returned and appended to `audit` when one is given.
 *
 * @param options - issuer key, subject, grantee, purpose, scope, validity, limits (see {@link GrantOptions})
 * @returns the token (treat it as a secret), its id and the consent receipt
 * @throws PiiError INVALID_ARGUMENT when an argument is malformed, an id looks like a phone
 * number, email or ID number, the expiry is not after the start, or (with `schema`) a scope
 * path is not in the schema
 * @throws PiiError AUDIT_PII_REJECTED (from the audit log) when an id looks like personal data
 * @example
 * ```ts
 * import { generateSigningKey, grant } from 'courier-pii/consent';
 * const key = generateSigningKey();
 * const { token, receipt } = await grant({
 *   issuer: { id: 'sf-2026', secretKey: key.secretKey },
 *   subject: 'r-8812', grantee: 'n-5531', purpose: 'pickup', resource: 'SF1043212345678',
 *   scope: { pickupCode: 'allow', 'recipient.address': 'mask' },
 *   expiresAt: Date.now() + 86_400_000, maxUses: 1,
 * });
 * console.log(token.length <= 300, receipt.event); // true granted
 * ```
 */
export async function grant(options: GrantOptions): Promise<GrantResult> {
  if (typeof options !== 'object' || options === null) {
    throw new PiiError('INVALID_ARGUMENT', 'grant needs an options object.');
  }
  checkOptions('grant', options, GRANT_OPTIONS);
  const o = options;
  const b = selectEd25519(o.backend);
  const random = randomOf(b, o.random);
  const now = o.now ? o.now() : Date.now();
  if (typeof o.issuer !== 'object' || o.issuer === null) {
    throw new PiiError('INVALID_ARGUMENT', 'issuer must be { id, secretKey }.');
  }
  const kid = checkId('issuer.id', o.issuer.id, 255);
  const alg = o.issuer.alg ?? 'ed25519';
  if (alg !== 'ed25519' && alg !== 'sm2') {
    throw new PiiError('INVALID_ARGUMENT', "issuer.alg must be 'ed25519' or 'sm2'.");
  }
  if (!(o.issuer.secretKey instanceof Uint8Array) || o.issuer.secretKey.length !== 32) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      alg === 'sm2'
        ? 'issuer.secretKey must be a 32-byte SM2 secret key.'
        : 'issuer.secretKey must be a 32-byte Ed25519 secret key.',
    );
  }
  // The version names the algorithm: an SM2 issuer writes version 3, Ed25519 1 or 2.
  const version = o.format ?? (alg === 'sm2' ? VERSION_SM2 : 1);
  if (alg === 'sm2' ? version !== VERSION_SM2 : version !== 1 && version !== 2) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      alg === 'sm2' ? 'An SM2 issuer writes format 3 only.' : 'format must be 1 or 2 (3 is for SM2 issuers).',
    );
  }
  const suite = suiteFor(version, b);
  const notBefore = toSeconds('notBefore', o.notBefore ?? now);
  const expiresAt = toSeconds('expiresAt', o.expiresAt);
  if (expiresAt <= notBefore) {
    throw new PiiError('INVALID_ARGUMENT', 'expiresAt must be at least one second after notBefore.');
  }
  const scope = checkScope('scope', o.scope);
  if (o.schema)
    piiCategories(
      o.schema,
      scope.map(([p]) => p),
      true,
    );
  const payload: RootPayload = {
    notBefore,
    expiresAt,
    subject: checkPartyId('subject', o.subject),
    grantee: checkPartyId('grantee', o.grantee),
    purpose: checkId('purpose', o.purpose),
    scope,
  };
  if (o.resource !== undefined) payload.resource = checkId('resource', o.resource);
  if (o.maxUses !== undefined) payload.maxUses = checkUses('maxUses', o.maxUses);
  if (o.recordId !== undefined) payload.recordId = checkPartyId('recordId', o.recordId);

  const secret = suite.newSecret(random);
  const kidBytes = utf8(kid);
  const unsigned = {
    payload: encodeRoot(payload),
    next: suite.publicKey(secret),
    nextHash: nextHash(suite, secret),
  };
  let sig: Uint8Array;
  try {
    sig = suite.sign(o.issuer.secretKey, blockMessage({ kidBytes, version }, 0, undefined, unsigned));
  } catch {
    // only an SM2 scalar out of range gets here (every 32 bytes are an Ed25519 key)
    throw new PiiError('INVALID_ARGUMENT', 'issuer.secretKey must be a 32-byte SM2 secret key.');
  }
  const blk: Block = { ...unsigned, sig };
  const token = toBase64url(
    encodeToken({ version, kid, kidBytes, blocks: [blk], proof: { kind: 'open', secret } }),
  );
  const tokenId = revocationId(suite, sig);
  const receipt = makeReceipt({
    event: 'granted',
    time: now,
    controller: o.controller ?? kid,
    state: payload,
    tokenId,
    random,
    schema: o.schema,
  });
  await record(o, receipt, kid);
  // The customer's index of their grants (what it allows, never the token itself).
  await o.grantIndex?.add({
    tokenId,
    subjectId: payload.subject,
    grantee: payload.grantee,
    purpose: payload.purpose,
    ...(payload.resource !== undefined ? { resource: payload.resource } : {}),
    scope: Object.fromEntries(scope),
    grantedAt: now,
    expiresAt: expiresAt * 1000,
    ...(payload.maxUses !== undefined ? { maxUses: payload.maxUses } : {}),
  });
  return { token, tokenId, receipt };
}

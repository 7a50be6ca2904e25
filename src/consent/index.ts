/**
 * Consent tokens: a customer lets someone else (a neighbour, a parcel locker, a partner
 * carrier, customer service) use some of their data for one purpose, optionally for one
 * parcel, until a time, a number of times. Tokens are Ed25519-signed, verifiable with only the
 * issuer's public key, narrowable offline by the holder (Biscuit-style blocks), revocable per
 * block, and every grant, attenuation, revocation and redemption yields a consent receipt.
 *
 * @module
 */
export { attenuate, attenuateWithReceipt } from './attenuate.js';
export type { ConsentBackendChoice } from './ed25519.js';
export { grant } from './grant.js';
export { generateSigningKey } from './keys.js';
export { revocationIds, revoke } from './revoke.js';
export { scopeLevel } from './scope.js';
export type { ConsentScope, ScopeLevel } from './scope.js';
export {
  createFileRevocationStore,
  createFileUseCounter,
  createMemoryRevocationStore,
  createMemoryUseCounter,
} from './stores.js';
export type { ClosableRevocationStore, ClosableUseCounterStore } from './stores.js';
export type {
  AttenuateOptions,
  AttenuateResult,
  AttenuateWithReceiptOptions,
  ConsentAuditSink,
  ConsentClaims,
  ConsentEvent,
  ConsentIssuers,
  ConsentReceipt,
  ConsentRuntime,
  ConsentSchema,
  GenerateSigningKeyOptions,
  GrantOptions,
  GrantResult,
  ReceiptOptions,
  RedeemOptions,
  RevocationStore,
  RevokeOptions,
  RevokeResult,
  SigningKey,
  UseCount,
  UseCounterStore,
  VerifyOptions,
} from './types.js';
export { redeem, verify } from './verify.js';
export { parsePurposeConsentEntry } from './purpose-entry.js';
export {
  createFileGrantIndex,
  createMemoryGrantIndex,
  listGrants,
  parseGrantIndexEntry,
  revokeAllGrants,
  revokeGrant,
} from './grant-index.js';
export type { CustomerGrantsOptions, GrantIndexEntry, GrantIndexStore } from './grant-index.js';
export { describeGrant, GRANT_FIELD_LABELS, GRANT_PURPOSE_LABELS } from './describe-grant.js';
export type { DescribeGrantOptions, GrantLabel } from './describe-grant.js';
export { createPurposeConsentLedger } from './purpose-ledger.js';
export type {
  GivePurposeConsentOptions,
  PurposeConsentLedger,
  PurposeConsentLedgerOptions,
  PurposeConsentSnapshot,
} from './purpose-ledger.js';
export { createFilePurposeConsentStore, createMemoryPurposeConsentStore } from './purpose-stores.js';
export { SEPARATE_CONSENTS } from './purpose-types.js';
export type {
  PurposeConsentEntry,
  PurposeConsentState,
  PurposeConsentStore,
  PurposeWithdrawal,
  SeparateConsent,
} from './purpose-types.js';

// The option names of every consent options type, checked by the compiler against the types
// (src/_internal/options.ts), for the fail-closed check at each public entry point.
import { optionNames } from '../_internal/options.js';
import type { DescribeGrantOptions } from './describe-grant.js';
import type { CustomerGrantsOptions } from './grant-index.js';
import type { GivePurposeConsentOptions, PurposeConsentLedgerOptions } from './purpose-ledger.js';
import type {
  GenerateSigningKeyOptions,
  AttenuateOptions,
  AttenuateWithReceiptOptions,
  GrantOptions,
  RedeemOptions,
  RevokeOptions,
  VerifyOptions,
} from './types.js';

const RECEIPT = ['audit', 'controller', 'schema'] as const;
const VERIFY = [
  'issuers',
  'purpose',
  'grantee',
  'resource',
  'revocations',
  'now',
  'clockToleranceSeconds',
  'backend',
] as const;
const NARROWING = [
  'scope',
  'expiresAt',
  'resource',
  'grantee',
  'maxUses',
  'seal',
  'random',
  'backend',
] as const;

export const GENERATE_SIGNING_KEY_OPTIONS = optionNames<GenerateSigningKeyOptions>()([
  'alg',
  'backend',
  'random',
]);

export const GRANT_OPTIONS = optionNames<GrantOptions>()([
  ...RECEIPT,
  'now',
  'random',
  'backend',
  'issuer',
  'subject',
  'grantee',
  'purpose',
  'resource',
  'scope',
  'expiresAt',
  'notBefore',
  'maxUses',
  'recordId',
  'format',
  'grantIndex',
]);
export const ATTENUATE_OPTIONS = optionNames<AttenuateOptions>()([...NARROWING]);
export const ATTENUATE_RECEIPT_OPTIONS = optionNames<AttenuateWithReceiptOptions>()([
  ...NARROWING,
  ...RECEIPT,
  'issuers',
  'now',
]);
export const VERIFY_OPTIONS = optionNames<VerifyOptions>()([...VERIFY]);
export const REDEEM_OPTIONS = optionNames<RedeemOptions>()([
  ...VERIFY,
  'audit',
  'schema',
  'counter',
  'redemptionId',
  'controller',
]);
export const REVOKE_OPTIONS = optionNames<RevokeOptions>()([
  ...RECEIPT,
  'issuers',
  'revocations',
  'block',
  'now',
  'backend',
]);

export const CUSTOMER_GRANTS_OPTIONS = optionNames<CustomerGrantsOptions>()([
  'index',
  'revocations',
  'audit',
  'now',
]);
export const DESCRIBE_GRANT_OPTIONS = optionNames<DescribeGrantOptions>()([
  'lang',
  'timeZone',
  'grantee',
  'fields',
  'purposes',
]);
export const GIVE_PURPOSE_OPTIONS = optionNames<GivePurposeConsentOptions>()([
  'noticeVersion',
  'separate',
  'channel',
]);
export const PURPOSE_LEDGER_OPTIONS = optionNames<PurposeConsentLedgerOptions>()([
  'store',
  'audit',
  'actor',
  'onWithdraw',
  'now',
]);

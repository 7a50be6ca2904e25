// The option names of every consent options type, checked by the compiler against the types
// (src/_internal/options.ts), for the fail-closed check at each public entry point.
import { optionNames } from '../_internal/options.js';
import type {
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

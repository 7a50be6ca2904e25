// The option names of every lifecycle options type, checked by the compiler against the types
// (src/_internal/options.ts), for the fail-closed check at each public entry point.
import { optionNames } from '../_internal/options.js';
import type { BreachImpactOptions } from './breach-impact.js';
import type { EquityTransferOptions } from './equity-transfer.js';
import type { DeliverNoticesOptions } from './notices.js';
import type { PlanHandoverOptions } from './plan-handover.js';
import type { WithdrawalErasureOptions } from './withdrawal-erasure.js';
import type { ExportSubjectOptions } from './export-subject.js';
import type { HandoverOptions } from './handover-options.js';
import type { AcceptHandoverOptions } from './handover-accept.js';
import type { HandoverInheritance } from './handover-inheritance.js';
import type { HandoverScope } from './handover-scope.js';
import type { KekDestructionOptions } from './kek-attestation.js';
import type { InventoryOptions } from './inventory.js';
import type { SweepOptions } from './sweep.js';

export const BREACH_OPTIONS = optionNames<BreachImpactOptions>()([
  'audit',
  'keyStore',
  'schemas',
  'sealAtLeast',
  'contact',
  'incidentId',
  'actor',
]);
export const EXPORT_OPTIONS = optionNames<ExportSubjectOptions>()([
  'source',
  'vault',
  'audit',
  'actor',
  'now',
]);
export const HANDOVER_OPTIONS = optionNames<HandoverOptions>()([
  'id',
  'from',
  'to',
  'seller',
  'buyer',
  'purposes',
  'schemas',
  'recordCounts',
  'policyHashes',
  'progress',
  'onProgress',
  'progressEvery',
  'concurrency',
  'audit',
  'spool',
  'actor',
  'now',
  'kind',
  'records',
  'exclude',
  'scope',
  'inherit',
]);
export const HANDOVER_TARGET_OPTIONS: ReadonlySet<string> = new Set([
  'keyring',
  'keyStore',
  'recipientPublicKey',
]);
export const HANDOVER_SCOPE_OPTIONS = optionNames<HandoverScope>()(['schemas', 'roles', 'purposes']);
export const HANDOVER_INHERITANCE_OPTIONS = optionNames<HandoverInheritance>()([
  'consentIssuerKeys',
  'revocations',
  'useCounters',
  'retentionRules',
  'legalHolds',
  'openRequests',
  'audit',
  'indexKey',
]);
export const ACCEPT_HANDOVER_OPTIONS = optionNames<AcceptHandoverOptions>()([
  'manifest',
  'sellerPublicKey',
  'recipientSecretKey',
  'keyStore',
  'keyring',
  'concurrency',
]);
export const KEK_DESTRUCTION_OPTIONS = optionNames<KekDestructionOptions>()([
  'signingKey',
  'method',
  'destroyedAt',
]);
export const INVENTORY_OPTIONS = optionNames<InventoryOptions>()(['sealAtLeast', 'now']);
export const SWEEP_OPTIONS = optionNames<SweepOptions>()([
  'now',
  'rules',
  'source',
  'vault',
  'audit',
  'signingKey',
  'holds',
  'dryRun',
  'batchSize',
  'tagRetentionFrom',
  'actor',
]);

export const DELIVER_NOTICES_OPTIONS = optionNames<DeliverNoticesOptions>()([
  'send',
  'audit',
  'actor',
  'concurrency',
]);
export const EQUITY_TRANSFER_OPTIONS = optionNames<EquityTransferOptions>()([
  'id',
  'company',
  'from',
  'to',
  'adminKeys',
  'revoke',
  'purposes',
  'newPurposes',
  'pia',
  'audit',
  'progress',
  'actor',
]);
export const PLAN_HANDOVER_OPTIONS = optionNames<PlanHandoverOptions>()([
  'id',
  'kind',
  'seller',
  'buyer',
  'purposes',
  'purposeLabels',
  'objectionDeadline',
  'records',
  'keyStore',
  'audit',
  'consent',
  'retentionRules',
  'legalHolds',
  'openRequests',
  'now',
]);
export const WITHDRAWAL_ERASURE_OPTIONS = optionNames<WithdrawalErasureOptions>()(['neededFor', 'within']);

/**
 * courier-pii/lifecycle: what happens to personal data over time and when it changes hands —
 * retention sweeps with signed destruction certificates, subject export, the cross-border
 * gate, company handover (PIPL Art. 22), breach impact, and the data inventory with a PIA
 * checklist. See docs/lifecycle.md and docs/compliance-map.md. Not legal advice.
 *
 * @module
 */
export {
  type Art39NoticeContent,
  type AssessTransferInput,
  type AssessTransferResult,
  assessTransfer,
  ORDER16_THRESHOLDS,
  type TransferBasis,
  type TransferEvidence,
  type TransferField,
  type TransferRecord,
  type TransferRoute,
  type TransferThresholds,
} from './assess-transfer.js';
export { type HandoverOptions, type HandoverProgress, type HandoverResult, handover } from './handover.js';
export type { HandoverState } from './handover-progress.js';
export type { HandoverExclusion } from './handover-exclusion.js';
export {
  type AcceptHandoverOptions,
  type AcceptHandoverResult,
  acceptHandover,
  openInheritedIndexKey,
} from './handover-accept.js';
export {
  type HandoverInheritance,
  INHERITED_ITEMS,
  type InheritedDigest,
  type InheritedIndexKey,
  type InheritedItems,
  type InheritedSnapshot,
  type NotSupplied,
  type OpenRequestSource,
} from './handover-inheritance.js';
export type { HandoverRewrap } from './handover-rewrap.js';
export type { HandoverScope, ScopeStatement } from './handover-scope.js';
export {
  attestKekDestruction,
  type InheritanceReport,
  inheritanceReport,
  type KekDestructionAttestation,
  type KekDestructionOptions,
  verifyKekDestruction,
} from './kek-attestation.js';
export {
  type AdminKeyChange,
  type EquityTransferOptions,
  type EquityTransferResult,
  equityTransfer,
} from './equity-transfer.js';
export {
  type HandoverKind,
  type HandoverPlan,
  handoverExclusion,
  type PlanHandoverOptions,
  type PlannedHandover,
  planHandover,
} from './plan-handover.js';
export {
  crossBorderNotices,
  type DeliverNoticesOptions,
  deliverNotices,
  type NoticeDeliveryReport,
  type NoticeKind,
  type NoticeSender,
  type NoticeText,
  type PersonNotice,
} from './notices.js';
export type { PurposeLabels } from './notice-text.js';
export {
  type HandoverNotice,
  type HandoverVerification,
  handoverNotices,
  verifyHandover,
} from './handover-verify.js';
export {
  checkPurpose,
  countersignManifest,
  type HandoverManifest,
  type HandoverManifestBody,
  type HandoverPartyInfo,
  type HandoverVerificationSummary,
  manifestHash,
  verifyManifest,
} from './manifest.js';
export {
  generateRecipientKey,
  openFromSender,
  type RecipientKeyPair,
  sealForRecipient,
} from './recipient-seal.js';
export {
  generateSm2RecipientKey,
  openFromSm2Sender,
  sealForSm2Recipient,
  type Sm2RecipientKeyPair,
} from './recipient-seal-sm2.js';
export type { LifecycleSigningKey } from './signing.js';
export {
  type DestroyedItem,
  type DestructionMethod,
  type DestructionCertificate,
  verifyDestructionCertificate,
} from './certificate.js';
export type { DestroyAction, LifecycleRecord, RecordSource } from './record-source.js';
export {
  DEFAULT_RETENTION_RULES,
  RETENTION_DEFAULTS,
  type RetentionDefault,
  type RetentionLabel,
  type RetentionMatch,
  type RetentionRule,
} from './retention-rules.js';
export {
  type LegalHold,
  type PendingItem,
  type ShredPlan,
  type SweepOptions,
  type SweepReport,
  sweep,
} from './sweep.js';
export {
  type ExportedAccess,
  type ExportedField,
  type ExportedRecord,
  type ExportSubjectOptions,
  exportSubject,
  type SubjectExport,
} from './export-subject.js';
export {
  type AffectedSubject,
  type BreachImpactOptions,
  type BreachImpactResult,
  type BreachNotice,
  type BreachScope,
  breachImpact,
  type Exposure,
  type ExposureLevel,
} from './breach-impact.js';
export { type BreachNoticeContent, breachNotices } from './breach-notices.js';
export {
  type InventoryAccess,
  type InventoryEffect,
  type InventoryField,
  type InventoryJson,
  type InventoryOptions,
  type InventoryResult,
  inventory,
} from './inventory.js';
export type { PiaItem } from './pia.js';
export {
  carryOutErasureWork,
  type ErasureWork,
  type ErasureWorkResult,
  type WithdrawalErasureOptions,
  withdrawalErasureWork,
} from './withdrawal-erasure.js';

/**
 * courier-pii/rights: the customer's rights, end to end below the UI. Rights requests and
 * complaints (access, copy, portability, correction, deletion, consent withdrawal,
 * explanation, complaint) with a state machine, due dates from a configurable response period,
 * overdue listing and an audit event per transition; handlers wired to `exportSubject`, the
 * erasure ledger, the purpose-consent ledger and a correction helper. See docs/rights.md.
 * Not legal advice.
 *
 * @module
 */
export { correctField } from './correct-field.js';
export type { CorrectFieldInput, CorrectFieldResult } from './correct-field.js';
export { createRightsDesk, DEFAULT_RESPONSE_DAYS } from './desk.js';
export type { FileRightsRequest, RightsDesk, RightsDeskOptions, RightsListFilter } from './desk.js';
export { fulfilRightsRequest } from './fulfil.js';
export type { PurposeExplanation, RightsDependencies, RightsOutcome } from './fulfil.js';
export { createFileRightsStore } from './file-store.js';
export { createMemoryRightsStore } from './memory-store.js';
export { parseRightsRequest } from './request-record.js';
export { REFUSAL_CODES, RIGHTS_REQUEST_KINDS } from './types.js';
export type {
  RefusalCode,
  RightsRequest,
  RightsRequestKind,
  RightsRequestState,
  RightsRequestStore,
  RightsStoreFilter,
  RightsTransition,
} from './types.js';

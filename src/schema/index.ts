/**
 * Sensitivity-tagged zod v4 schemas for courier data: levels (public < internal < sensitive),
 * kinds (name, phone, resident ID, address, GPS point ...), subjects (whose data), and the
 * typed paths that the crypto, mask and policy modules are driven by.
 *
 * @module
 */
export { pii } from './builders.js';
export type { FreeTextOptions, IdDocument, IdNumberOptions, KindOptions, PhoneOptions } from './builders.js';
export { KINDS, isKind, kindSpecs } from './kinds.js';
export type { Kind, KindSpec } from './kinds.js';
export { LEVELS, atLeast, isLevel, levelRank } from './levels.js';
export type { Level } from './levels.js';
export { normalizeFor } from './normalize.js';
export { getTag, piiRegistry, schemaId } from './registry.js';
export type { PiiMeta, PiiTag } from './registry.js';
export type {
  FieldPath,
  LeafInfo,
  Leaves,
  LevelsFrom,
  PathsAt,
  PathsAtLeast,
  PiiBrand,
  RedactOnSealBrand,
  Sealed,
  SealedRedacted,
  SealedString,
  SubjectBrand,
  SubjectRole,
  Tagged,
  View,
} from './types.js';
export {
  MAINLAND_MOBILE,
  bankCardProblem,
  birthDateProblem,
  hkIdProblem,
  isCalendarDate,
  isResidentId,
  luhnValid,
  normalizeEmail,
  normalizeLandline,
  normalizeName,
  normalizePassport,
  normalizePhone,
  normalizeText,
  opaqueIdProblem,
  pickupCodeProblem,
  residentIdCheckChar,
  residentIdProblem,
  s10Valid,
  twIdProblem,
  waybillProblem,
} from './validators.js';
export { redactedText } from './sealed-form.js';
export { concretePath, pathSteps } from './paths.js';
export type { PathStep } from './paths.js';
export { copyData, getIn, setIn } from './locations.js';
export { mapLeaves } from './map-leaves.js';
export type { LeafMapper, MapLeavesOptions } from './map-leaves.js';
export { classify, forEachLeaf, leaves, patternPath } from './walk.js';
export type { ClassifiedField, ForEachLeafOptions, Leaf, LeafVisitor } from './walk.js';

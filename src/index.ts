/**
 * courier-pii: personal-data protection for courier and parcel-delivery platforms.
 * Every name is also importable from its capability's subpath (`courier-pii/schema`,
 * `courier-pii/crypto`, ...); this root re-exports them all by name.
 *
 * @module
 */
export { PII_ERROR_CODES, PiiError, isPiiError } from './errors.js';
export type { PiiErrorCode, PiiErrorOptions } from './errors.js';
// schema
export { pii } from './schema/builders.js';
export type {
  FreeTextOptions,
  IdDocument,
  IdNumberOptions,
  KindOptions,
  PhoneOptions,
} from './schema/builders.js';
export { KINDS, isKind, kindSpecs } from './schema/kinds.js';
export type { Kind, KindSpec } from './schema/kinds.js';
export { LEVELS, atLeast, isLevel, levelRank } from './schema/levels.js';
export type { Level } from './schema/levels.js';
export { normalizeFor } from './schema/normalize.js';
export { getTag, piiRegistry, schemaId } from './schema/registry.js';
export type { PiiMeta, PiiTag } from './schema/registry.js';
export type {
  FieldPath,
  LeafInfo,
  Leaves,
  LevelsFrom,
  PathsAt,
  PathsAtLeast,
  PiiBrand,
  Sealed,
  SealedString,
  SubjectBrand,
  Tagged,
  View,
} from './schema/types.js';
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
  pickupCodeProblem,
  residentIdCheckChar,
  residentIdProblem,
  s10Valid,
  twIdProblem,
  waybillProblem,
} from './schema/validators.js';
export { classify, copyData, leaves, setIn } from './schema/walk.js';
export type { ClassifiedField, Leaf } from './schema/walk.js';

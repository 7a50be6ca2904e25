/**
 * Masking, detection and redaction for Chinese courier data: per-kind maskers following the
 * display conventions of privacy waybills (compound surnames, resident IDs, addresses to the
 * county), schema-driven presets, free-text detection with checksums and context, keyed
 * pseudonyms, and logger redaction paths.
 *
 * @module
 */
export { maskAddress } from './address.js';
export { maskBankCard } from './bank-card.js';
export { detect } from './detect.js';
export type { DetectOptions, Finding } from './detect.js';
export { maskIdNumber, maskPassport } from './document.js';
export { maskEmail } from './email.js';
export { maskGeo, truncateCoordinate } from './geo.js';
export { isServiceNumber, maskLandline } from './landline.js';
export { mask, maskers } from './maskers.js';
export type { MaskableKind, Masker } from './maskers.js';
export { maskBirthDate, maskDeviceId, maskIp, maskPickupCode } from './misc.js';
export { HONORIFICS, maskName } from './name.js';
export { normalizeForDetection } from './normalize-text.js';
export type { AddressLevel, MaskOptions } from './options.js';
export { isVirtualNumber, maskPhone } from './phone.js';
export { pseudonymize } from './pseudonym.js';
export type { PseudonymOptions } from './pseudonym.js';
export { redact, redactJson } from './redact.js';
export type { RedactOptions } from './redact.js';
export type { RedactMode, RedactResult } from './redact-core.js';
export type { JsonFinding, RedactJsonResult } from './redact-json.js';
export { ageBand, birthYear, district, generalizeGeo } from './generalize.js';
export type { AgeBandOptions, GeoPoint } from './generalize.js';
export { maskRecord } from './mask-record.js';
export type { MaskPreset, MaskRecordOptions } from './mask-record.js';
export { redactPaths } from './redact-paths.js';

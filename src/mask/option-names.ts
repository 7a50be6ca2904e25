// The option names of every mask options type, checked by the compiler against the types
// (src/_internal/options.ts), for the fail-closed check at each public entry point.
import { optionNames } from '../_internal/options.js';
import type { DetectOptions } from './detect.js';
import type { AgeBandOptions } from './generalize.js';
import type { MaskRecordOptions } from './mask-record.js';
import type { MaskOptions } from './options.js';
import type { PseudonymOptions } from './pseudonym.js';
import type { RedactOptions } from './redact.js';

export const MASK_OPTIONS = optionNames<MaskOptions>()([
  'maskChar',
  'keepStart',
  'keepEnd',
  'addressLevel',
  'addressTail',
]);
export const MASK_RECORD_OPTIONS = optionNames<MaskRecordOptions>()(['key', 'birthDate', 'today']);
export const PSEUDONYM_OPTIONS = optionNames<PseudonymOptions>()(['format']);
export const DETECT_OPTIONS = optionNames<DetectOptions>()(['kinds', 'minConfidence']);
export const REDACT_OPTIONS = optionNames<RedactOptions>()(['mode', 'key', 'mask', 'kinds', 'minConfidence']);
export const AGE_BAND_OPTIONS = optionNames<AgeBandOptions>()(['today', 'width', 'cap']);

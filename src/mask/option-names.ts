// The option names of every mask options type, checked by the compiler against the types
// (src/_internal/options.ts), for the fail-closed check at each public entry point. The names of
// the options of pseudonymize, redact and maskRecord live beside them: this file is imported by the
// crypto-free maskers and must not reach the pseudonym code (test/mask/no-noble.test.ts).
import { optionNames } from '../_internal/options.js';
import type { DetectOptions } from './detect.js';
import type { AgeBandOptions } from './generalize.js';
import type { MaskOptions } from './options.js';

export const MASK_OPTIONS = optionNames<MaskOptions>()([
  'maskChar',
  'keepStart',
  'keepEnd',
  'addressLevel',
  'addressTail',
]);
export const DETECT_OPTIONS = optionNames<DetectOptions>()(['kinds', 'minConfidence']);
export const AGE_BAND_OPTIONS = optionNames<AgeBandOptions>()(['today', 'width', 'cap']);

// The option names of the rights options types, checked by the compiler against the types
// (src/_internal/options.ts), for the fail-closed check at each public entry point.
import { optionNames } from '../_internal/options.js';
import type { RightsDeskOptions } from './desk.js';

export const RIGHTS_DESK_OPTIONS = optionNames<RightsDeskOptions>()([
  'audit',
  'store',
  'responseDays',
  'now',
  'random',
]);

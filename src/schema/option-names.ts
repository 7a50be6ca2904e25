// The option names of every schema options type, checked by the compiler against the types
// (src/_internal/options.ts), for the fail-closed check at each public entry point.
import { optionNames } from '../_internal/options.js';
import type { FreeTextOptions, IdNumberOptions, KindOptions, PhoneOptions } from './builders.js';
import type { Kind } from './kinds.js';
import type { MapLeavesOptions } from './map-leaves.js';
import type { ForEachLeafOptions } from './walk.js';

export const KIND_OPTIONS = optionNames<KindOptions>()(['level', 'retention']);
const PHONE = optionNames<PhoneOptions>()(['level', 'retention', 'international']);
const ID_NUMBER = optionNames<IdNumberOptions>()(['level', 'retention', 'accept', 'legacy']);
const FREE_TEXT = optionNames<FreeTextOptions>()(['level', 'retention', 'max', 'onSeal']);
/** The option names a `pii.<kind>()` builder takes. */
export const BUILDER_OPTIONS: Partial<Record<Kind, ReadonlySet<string>>> = {
  phone: PHONE,
  idNumber: ID_NUMBER,
  freeText: FREE_TEXT,
};
export const MAP_LEAVES_OPTIONS = optionNames<MapLeavesOptions>()(['strays', 'keys']);
export const FOR_EACH_LEAF_OPTIONS = optionNames<ForEachLeafOptions>()(['strays']);

import { PiiError } from '../errors.js';
import { type Kind, isKind, kindSpecs } from './kinds.js';

/**
 * The canonical form of a value of a kind: what blind indexes and pseudonyms are computed
 * over, so `138 1234 5678` and `+86 13812345678` index equal.
 *
 * @param kind - the kind of the value
 * @param value - the raw value
 * @returns the normalized value
 * @throws PiiError VALIDATION_FAILED when the value is not valid for the kind (the message names the kind, never the value)
 * @throws PiiError INVALID_ARGUMENT for an unknown kind or a non-string value
 * @example
 * ```ts
 * import { normalizeFor } from 'courier-pii/schema';
 * console.log(normalizeFor('phone', '0086 138-1234-5678')); // +8613812345678
 * ```
 */
export function normalizeFor(kind: Kind, value: string): string {
  if (!isKind(kind)) throw new PiiError('INVALID_ARGUMENT', 'kind must be one of KINDS.');
  if (typeof value !== 'string') throw new PiiError('INVALID_ARGUMENT', 'value must be a string.');
  const norm = kindSpecs[kind].normalize;
  if (!norm) throw new PiiError('INVALID_ARGUMENT', `Kind ${kind} has no string form to normalize.`);
  const out = norm(value);
  if (out === undefined) {
    throw new PiiError(
      'VALIDATION_FAILED',
      `The value is not a valid ${kind}; validate input with the pii.${kind}() schema first.`,
      {
        details: { kind },
      },
    );
  }
  return out;
}

// One resolution of a backend choice ('auto' | 'node' | 'noble') for every pair of backends the
// package keeps (the default suite, the GM primitives, Ed25519), so the three agree on what
// 'auto' means and fail the same way on a forced 'node' that is missing or an unknown name.
import { PiiError } from '../errors.js';

/**
 * Picks the native backend, the pure-JS one, or fails.
 * @param choice - `'noble'`, `'node'` or `'auto'` (native when present, else pure JS); anything else fails.
 * @param native - the node:crypto backend, or undefined where it is missing.
 * @param pure - the pure-JS backend (present everywhere).
 * @param message - what BACKEND_UNAVAILABLE says when `'node'` is forced and `native` is missing.
 * @returns the backend to use.
 * @throws PiiError BACKEND_UNAVAILABLE when `'node'` is forced and `native` is undefined;
 *   INVALID_ARGUMENT for a choice that is not one of the three.
 */
export function pickBackend<B>(choice: unknown, native: B | undefined, pure: B, message: string): B {
  if (choice === 'noble') return pure;
  if (choice === 'node' || choice === 'auto') {
    if (native) return native;
    if (choice === 'auto') return pure;
    throw new PiiError('BACKEND_UNAVAILABLE', message);
  }
  throw new PiiError('INVALID_ARGUMENT', "backend must be 'noble', 'node' or 'auto'.");
}

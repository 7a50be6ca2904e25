// Argument checks. TypeError-like problems become PiiError INVALID_ARGUMENT naming the argument,
// never the value (it may be personal data).
import { PiiError } from '../errors.js';

export function assertString(name: string, v: unknown): asserts v is string {
  if (typeof v !== 'string') throw new PiiError('INVALID_ARGUMENT', `${name} must be a string.`);
}

export function assertNonEmptyString(name: string, v: unknown): asserts v is string {
  if (typeof v !== 'string' || v.length === 0) {
    throw new PiiError('INVALID_ARGUMENT', `${name} must be a non-empty string.`);
  }
}

export function assertBytes(name: string, v: unknown, length?: number): asserts v is Uint8Array {
  if (!(v instanceof Uint8Array)) {
    throw new PiiError('INVALID_ARGUMENT', `${name} must be a Uint8Array.`);
  }
  if (length !== undefined && v.length !== length) {
    throw new PiiError('INVALID_ARGUMENT', `${name} must be ${length} bytes long, got ${v.length}.`);
  }
}

export function assertPlainObject(name: string, v: unknown): asserts v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new PiiError('INVALID_ARGUMENT', `${name} must be an object.`);
  }
}

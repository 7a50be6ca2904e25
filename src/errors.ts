/**
 * The one error vocabulary of courier-pii.
 *
 * Every failure the SDK raises is a {@link PiiError} whose `code` comes from
 * {@link PiiErrorCode}, so callers can `switch (err.code)`. Messages say what to do
 * next and never contain a personal-data value, key bytes or a token.
 *
 * @module
 */

/**
 * Every stable error code. Codes are never renamed; new ones are only added.
 */
export type PiiErrorCode =
  // arguments and schemas
  | 'INVALID_ARGUMENT'
  | 'SCHEMA_INVALID'
  | 'VALIDATION_FAILED'
  // crypto
  | 'CIPHERTEXT_INVALID'
  | 'KEY_NOT_FOUND'
  | 'KEY_DESTROYED'
  | 'KEY_INVALID'
  | 'KEYSTORE_CORRUPT'
  | 'BACKEND_UNAVAILABLE'
  /** A restore met a destruction in the audit log it cannot map to key ids (it restores nothing). */
  | 'ERASURE_UNMAPPED'
  // masking
  | 'MASK_UNSUPPORTED'
  // audit
  | 'AUDIT_PII_REJECTED'
  | 'AUDIT_CORRUPT'
  | 'AUDIT_SINK_FAILED'
  // policy
  | 'POLICY_INVALID'
  | 'DECISION_INVALID'
  // consent
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_REVOKED'
  | 'TOKEN_EXHAUSTED'
  | 'TOKEN_MISMATCH'
  // stores
  | 'STORE_UNAVAILABLE'
  | 'STORE_CONFLICT'
  | 'STORE_CORRUPT'
  // lifecycle
  | 'TRANSFER_INVALID'
  | 'HANDOVER_INVALID'
  | 'RETENTION_INVALID';

/** All codes as a frozen array, for exhaustive tests and documentation. */
export const PII_ERROR_CODES: readonly PiiErrorCode[] = Object.freeze([
  'INVALID_ARGUMENT',
  'SCHEMA_INVALID',
  'VALIDATION_FAILED',
  'CIPHERTEXT_INVALID',
  'KEY_NOT_FOUND',
  'KEY_DESTROYED',
  'KEY_INVALID',
  'KEYSTORE_CORRUPT',
  'BACKEND_UNAVAILABLE',
  'ERASURE_UNMAPPED',
  'MASK_UNSUPPORTED',
  'AUDIT_PII_REJECTED',
  'AUDIT_CORRUPT',
  'AUDIT_SINK_FAILED',
  'POLICY_INVALID',
  'DECISION_INVALID',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'TOKEN_NOT_YET_VALID',
  'TOKEN_REVOKED',
  'TOKEN_EXHAUSTED',
  'TOKEN_MISMATCH',
  'STORE_UNAVAILABLE',
  'STORE_CONFLICT',
  'STORE_CORRUPT',
  'TRANSFER_INVALID',
  'HANDOVER_INVALID',
  'RETENTION_INVALID',
] as const);

// A registered symbol, so a PiiError thrown by the CJS copy is recognised by the ESM copy.
const BRAND: unique symbol = Symbol.for('courier-pii.PiiError') as never;

/** Options for {@link PiiError}. */
export interface PiiErrorOptions {
  /** The underlying error, kept for debugging. Never shown to end users. */
  cause?: unknown;
  /** Non-PII details (paths, ids, counts) that help the caller act. */
  details?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * The error class of courier-pii.
 *
 * @example
 * ```ts
 * import { PiiError, isPiiError } from 'courier-pii';
 * try {
 *   throw new PiiError('KEY_NOT_FOUND', 'No key with that id; check the keyring configuration.');
 * } catch (e) {
 *   if (isPiiError(e) && e.code === 'KEY_NOT_FOUND') console.log('missing key'); // missing key
 * }
 * ```
 */
export class PiiError extends Error {
  /** The stable code; switch on this, never on the message. */
  readonly code: PiiErrorCode;
  /** Non-PII details (paths, ids, counts), if any. */
  readonly details: Readonly<Record<string, string | number | boolean>> | undefined;
  /** @internal brand checked by {@link isPiiError} across module copies. */
  readonly [BRAND] = true;

  /**
   * @param code - the stable error code
   * @param message - what went wrong and what to do next; never a PII value
   * @param options - cause and non-PII details
   */
  constructor(code: PiiErrorCode, message: string, options: PiiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PiiError';
    this.code = code;
    this.details = options.details;
  }
}

/**
 * True when `e` is a {@link PiiError}, also when it was thrown by another copy of the
 * library (ESM and CJS loaded side by side, or two installed versions).
 *
 * @param e - anything caught
 * @returns whether `e` is a courier-pii error; narrows its type
 * @example
 * ```ts
 * import { isPiiError } from 'courier-pii';
 * console.log(isPiiError(new Error('x'))); // false
 * ```
 */
export function isPiiError(e: unknown): e is PiiError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as Record<symbol, unknown>)[BRAND] === true &&
    typeof (e as { code?: unknown }).code === 'string'
  );
}

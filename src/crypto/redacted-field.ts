// Free text sealed with its redaction in clear (`pii.freeText({ onSeal: 'redact' })`): what
// the vault writes and opens (docs/formats.md, "Redacted free text"); the stored form itself is
// checked by asRedactedField (src/_internal), which views read without loading crypto.
import type * as z from 'zod';
import { asRedactedField } from '../_internal/redacted-form.js';
import { isPiiError, PiiError } from '../errors.js';
import { classify, type SealedRedacted, type SealedString } from '../schema/index.js';

/** The companion object written for a field sealed with `onSeal: 'redact'`. @internal */
export function redactedField(sealed: string, redacted: string): SealedRedacted {
  return { redacted, sealed: sealed as SealedString };
}

/**
 * The ciphertext string to open at a sealed leaf: the value itself, or, for free text, the
 * `sealed` member of a redacted companion (fields sealed before `onSeal` was chosen, or after it
 * was dropped, are bare ciphertexts; both open). Undefined for anything else. @internal
 */
export function ciphertextAt(kind: string, v: unknown): unknown {
  if (typeof v === 'string' || kind !== 'freeText') return v;
  return asRedactedField(v)?.sealed;
}

const redactPaths = new WeakMap<object, string | null>();

/**
 * Refuses, before any key exists, to seal a schema with an `onSeal: 'redact'` field on a vault
 * created without `redactText` (such a field is always `sensitive`, so always sealed). The
 * schema's first such path is cached per schema instance. @internal
 */
export function checkRedactor(schema: z.ZodType, redactText: ((text: string) => string) | undefined): void {
  if (redactText !== undefined) return;
  let p = redactPaths.get(schema);
  if (p === undefined) {
    p = classify(schema).find((f) => f.onSeal === 'redact')?.path ?? null;
    redactPaths.set(schema, p);
  }
  if (p !== null) redactForSeal(undefined, p, '');
}

/**
 * Runs the vault's redactor over one value; fails closed on a missing redactor, a redactor that
 * throws (its error may quote the text, so it is not passed on) or a result that is not a string.
 * @internal
 */
export function redactForSeal(
  redactText: ((text: string) => string) | undefined,
  path: string,
  text: string,
): string {
  if (redactText === undefined) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      `Field '${path}' is free text sealed with its redaction (onSeal: 'redact'): create the vault with redactText, for example (text) => redact(text).text from courier-pii/mask.`,
    );
  }
  let out: unknown;
  try {
    out = redactText(text);
  } catch (e) {
    if (isPiiError(e)) throw e;
    throw new PiiError(
      'INVALID_ARGUMENT',
      `redactText threw while redacting field '${path}'; fix the redactor (it must return the redacted text).`,
    );
  }
  if (typeof out !== 'string')
    throw new PiiError('INVALID_ARGUMENT', `redactText must return a string (field '${path}').`);
  return out;
}

// The stored forms of sealed values that every module reads without decrypting: free text
// sealed with its redaction in clear (`pii.freeText({ onSeal: 'redact' })`), docs/formats.md,
// "Redacted free text". The stored value is a JSON object with exactly two members, `sealed` (a
// cpii1 field ciphertext of the original, bound like any field at its path) and `redacted` (the
// original's redact() output, in clear). Roles are told apart by member name, never by content:
// the `sealed` member is only ever opened, the `redacted` member only ever shown, so a note whose
// text happens to start with "cpii1." is still just text, and a ciphertext is never shown as a
// note. Anything else where this form is expected is refused (fail closed). A pure data check,
// so the policy module can read the clear member without loading the crypto code.
import { asRedactedField } from '../_internal/redacted-form.js';

/**
 * The clear, redacted text of a free-text field sealed with `onSeal: 'redact'`, read without
 * decrypting (a list page, a search result, a masked view). Undefined for any other value: a
 * bare ciphertext, plain text, or an object that is not exactly the stored form.
 *
 * @param value - the stored value of the field (`sealed.deliveryNote`)
 * @returns the redacted text, or undefined
 * @example
 * ```ts
 * import { redactedText } from 'courier-pii/schema';
 * const stored = { redacted: '放门口，电话138****5678', sealed: 'cpii1.AQEL...' };
 * console.log(redactedText(stored)); // 放门口，电话138****5678
 * console.log(redactedText('cpii1.AQEL...')); // undefined
 * ```
 */
export function redactedText(value: unknown): string | undefined {
  return asRedactedField(value)?.redacted;
}

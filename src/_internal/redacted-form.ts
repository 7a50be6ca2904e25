// The stored form of free text sealed with its redaction in clear (`pii.freeText({ onSeal:
// 'redact' })`, docs/formats.md, "Redacted free text"): a JSON object with exactly two members,
// `sealed` (a cpii1 field ciphertext of the original) and `redacted` (its redact() output, in
// clear). Roles are told apart by member name, never by content (see schema/sealed-form.ts).
// Shared by schema (redactedText), crypto (open) and policy (views) as a pure data check.

/** The stored form, structurally (schema/types.ts SealedRedacted). */
export interface RedactedForm {
  readonly redacted: string;
  readonly sealed: `cpii1.${string}`;
}

/** `v` when it is exactly `{ redacted: string, sealed: 'cpii1.…' }` (own members, no others), else undefined. */
export function asRedactedField(v: unknown): RedactedForm | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 2 || !Object.hasOwn(v, 'sealed') || !Object.hasOwn(v, 'redacted')) return undefined;
  const { sealed, redacted } = v as { sealed: unknown; redacted: unknown };
  if (typeof redacted !== 'string' || typeof sealed !== 'string' || !sealed.startsWith('cpii1.'))
    return undefined;
  return v as RedactedForm;
}

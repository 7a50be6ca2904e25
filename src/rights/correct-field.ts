// Correction (PIPL Art. 46): replace one field of a sealed record. The record is opened, the
// value changed and validated against the schema by sealing it again; only the corrected
// field's new ciphertext is taken over (every other field keeps its bytes), and its new blind
// index is returned with the old one, so the caller swaps the row in its look-up table.
import type * as z from 'zod';
import type { Vault } from '../crypto/index.js';
import { PiiError, isPiiError } from '../errors.js';
import { classify } from '../schema/index.js';

/** What {@link correctField} takes besides the vault. */
export interface CorrectFieldInput {
  /** The schema the record was sealed with. */
  schema: z.core.$ZodType;
  /** The sealed record as stored. */
  record: Record<string, unknown>;
  /** Its record id. */
  recordId: string;
  /** Subject role → subject id, as given to `vault.seal`. */
  subjects: Readonly<Record<string, string>>;
  /** The field to correct: a plain dotted path such as `recipient.phone` (no arrays or maps). */
  path: string;
  /** The corrected value. */
  value: unknown;
}

/** What {@link correctField} returns: never the value itself. */
export interface CorrectFieldResult {
  /** The stored record with only `path` replaced. */
  record: Record<string, unknown>;
  /** The path corrected. */
  path: string;
  /** The field's new blind index (absent when the field has none). */
  index?: string;
  /**
   * The field's old blind index, to delete from look-up tables (absent when it had none, or when
   * the stored value is one its schema refuses: it is then not opened).
   */
  previousIndex?: string;
}

function getAt(o: Record<string, unknown>, parts: readonly string[]): unknown {
  let cur: unknown = o;
  for (const p of parts) cur = (cur as Record<string, unknown> | undefined)?.[p];
  return cur;
}

function setAt(o: Record<string, unknown>, parts: readonly string[], v: unknown): Record<string, unknown> {
  const [head, ...rest] = parts;
  const copy = { ...o };
  copy[head!] = rest.length === 0 ? v : setAt((o[head!] ?? {}) as Record<string, unknown>, rest, v);
  return copy;
}

/**
 * Corrects one field of a sealed record: re-seals that field (the new value validated against
 * the schema) and recomputes its blind index.
 *
 * @param vault - the vault the record was sealed with
 * @param input - schema, sealed record, record id, subjects, path and the corrected value
 * @returns the record with only that field replaced, and the new and old blind index
 * @throws PiiError INVALID_ARGUMENT for a path the schema does not have, or an array / map path
 * @throws PiiError VALIDATION_FAILED when the corrected value does not fit the schema, or another
 *   field of the record opens to a value its schema refuses (the corrected field may hold one)
 * @throws PiiError KEY_DESTROYED when the subject was erased; CIPHERTEXT_INVALID for a damaged record
 * @example
 * ```ts
 * import * as z from 'zod';
 * import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { correctField } from 'courier-pii/rights';
 * import { pii } from 'courier-pii/schema';
 * const S = pii.id('card/v1', z.object({ c: pii.subject('customer', z.object({ phone: pii.phone() })) }));
 * const vault = createVault({ keyring: createKeyring({ keks: [{ id: 'k', key: generateKey() }], active: 'k' }), keyStore: memoryKeyStore(), indexKey: generateKey(), audit: 'none' });
 * const subjects = { customer: 'cust-1' };
 * const { record } = await vault.seal(S, { c: { phone: '13800138000' } }, { recordId: 'r1', subjects });
 * const fixed = await correctField(vault, { schema: S, record, recordId: 'r1', subjects, path: 'c.phone', value: '13900139000' });
 * console.log(fixed.index !== fixed.previousIndex); // true
 * ```
 */
export async function correctField(
  vault: Pick<Vault, 'open' | 'seal' | 'blindIndex'>,
  input: CorrectFieldInput,
): Promise<CorrectFieldResult> {
  if (typeof input !== 'object' || input === null || typeof input.path !== 'string')
    throw new PiiError(
      'INVALID_ARGUMENT',
      'correctField needs { schema, record, recordId, subjects, path, value }.',
    );
  const field = classify(input.schema).find((f) => f.path === input.path);
  if (field === undefined || /[[\]{}]/.test(input.path))
    throw new PiiError(
      'INVALID_ARGUMENT',
      `The schema has no plain field '${input.path.slice(0, 100)}'; correct a dotted path such as recipient.phone.`,
    );
  const parts = input.path.split('.');
  const opts = { recordId: input.recordId, subjects: input.subjects } as never;
  // A stored value its schema refuses fails the open (VALIDATION_FAILED); when it is the field
  // being corrected, the rest of the record is opened without it: correcting it is the remedy.
  // Its old value is then not known, so no previous index is returned.
  let opened: Record<string, unknown>;
  let oldKnown = true;
  try {
    opened = (await vault.open(input.schema as never, input.record, {
      recordId: input.recordId,
    } as never)) as Record<string, unknown>;
  } catch (e) {
    if (!isPiiError(e) || e.code !== 'VALIDATION_FAILED') throw e;
    const others = classify(input.schema)
      .map((f) => f.path)
      .filter((p) => p !== input.path);
    opened = (await vault.open(input.schema as never, input.record, {
      recordId: input.recordId,
      paths: others,
    } as never)) as Record<string, unknown>;
    oldKnown = false;
  }
  const after = await vault.seal(input.schema as never, setAt(opened, parts, input.value) as never, opts);
  const out: CorrectFieldResult = {
    record: setAt(input.record, parts, getAt(after.record as Record<string, unknown>, parts)),
    path: input.path,
  };
  const index = after.indexes[input.path];
  if (index !== undefined) {
    out.index = index;
    // The old value's index: the same keyed HMAC over the value as the vault opened it.
    const old = getAt(opened, parts);
    if (oldKnown && typeof old === 'string' && field.kind !== 'untagged')
      out.previousIndex = vault.blindIndex(field.kind, old);
  }
  return out;
}

// Correcting a field whose stored value its schema refuses (sealed by an older schema version
// under the same id): open refuses such a value (VALIDATION_FAILED), so correctField opens the
// rest of the record without it and seals the corrected value; a refused value in another field
// still fails the correction.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
import { correctField } from 'courier-pii/rights';
import { pii } from 'courier-pii/schema';
import { isPiiError } from '../../src/errors.js';

const ID = 'correct-invalid/v2';
const Strict = pii.id(
  ID,
  z.object({
    c: pii.subject('customer', z.object({ phone: pii.phone(), name: pii.name({ level: 'sensitive' }) })),
  }),
);
const Loose = pii.id(
  ID,
  z.object({
    c: pii.subject(
      'customer',
      z.object({
        phone: pii.tag(z.string(), { level: 'sensitive', kind: 'phone' }),
        name: pii.tag(z.string(), { level: 'sensitive', kind: 'name' }),
      }),
    ),
  }),
);
const subjects = { customer: 'cust-1' };

function vault() {
  return createVault({
    keyring: createKeyring({ keks: [{ id: 'k', key: generateKey() }], active: 'k' }),
    keyStore: memoryKeyStore(),
    indexKey: generateKey(),
    audit: 'none',
  });
}

describe('correctField of a stored value its schema refuses', () => {
  it('replaces it, keeps every other field, and returns no previous index', async () => {
    const v = vault();
    const { record } = await v.seal(
      Loose,
      { c: { phone: '555-0100', name: '李四' } },
      { recordId: 'r1', subjects },
    );
    const e = await v.open(Strict, record, { recordId: 'r1' }).catch((x: unknown) => x);
    expect(isPiiError(e) && e.code).toBe('VALIDATION_FAILED');
    const fixed = await correctField(v, {
      schema: Strict,
      record,
      recordId: 'r1',
      subjects,
      path: 'c.phone',
      value: '13900139000',
    });
    expect(fixed.previousIndex).toBeUndefined();
    expect(fixed.index).toBe(v.blindIndex('phone', '+8613900139000'));
    const c = fixed.record.c as Record<string, unknown>;
    expect(c.name).toBe((record.c as Record<string, unknown>).name); // same bytes
    expect(await v.open(Strict, fixed.record, { recordId: 'r1' })).toEqual({
      c: { phone: '+8613900139000', name: '李四' },
    });
  });

  it('still fails when another field holds a refused value', async () => {
    const v = vault();
    const { record } = await v.seal(
      Loose,
      { c: { phone: '555-0100', name: 'R2D2' } },
      { recordId: 'r2', subjects },
    );
    const e = await correctField(v, {
      schema: Strict,
      record,
      recordId: 'r2',
      subjects,
      path: 'c.phone',
      value: '13900139000',
    }).catch((x: unknown) => x);
    expect(isPiiError(e) && e.code).toBe('VALIDATION_FAILED');
    expect((e as Error).message).toContain('c.name');
    expect((e as Error).message).not.toContain('R2D2');
  });
});

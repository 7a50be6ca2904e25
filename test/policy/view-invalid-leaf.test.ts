// A view opens through the vault, which checks every decrypted leaf against its schema
// (docs/concepts.md, "Opening checks every field"): a field allowed or masked that opens to a
// value its schema refuses fails the view with VALIDATION_FAILED (path and schema id, never the
// value), in view and in viewMany with or without openMany; a denied field is never opened, so
// it cannot fail a view, and masked free text shown from its clear redaction is not decrypted.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
import { redact } from 'courier-pii/mask';
import { definePolicy, view, viewMany } from 'courier-pii/policy';
import { pii } from 'courier-pii/schema';
import { isPiiError } from '../../src/errors.js';

const ID = 'view-invalid-leaf/v2';
const Strict = pii.id(
  ID,
  z.object({
    courierId: z.string(),
    recipient: pii.subject(
      'recipient',
      z.object({ phone: pii.phone(), address: pii.address(), idNumber: pii.idNumber().optional() }),
    ),
    note: pii.freeText({ onSeal: 'redact', max: 10 }),
  }),
);
// The same id and paths, none of the checks: an older writer.
const Loose = pii.id(
  ID,
  z.object({
    courierId: z.string(),
    recipient: pii.subject(
      'recipient',
      z.object({
        phone: pii.tag(z.string(), { level: 'sensitive', kind: 'phone' }),
        address: pii.tag(z.string(), { level: 'sensitive', kind: 'address' }),
        idNumber: pii.tag(z.string(), { level: 'sensitive', kind: 'idNumber' }).optional(),
      }),
    ),
    note: pii.freeText({ onSeal: 'redact', max: 200 }),
  }),
);

const policy = definePolicy(Strict, {
  id: 'view-invalid-leaf',
  version: 1,
  purposes: ['delivery'],
  roles: ['courier'],
  rules: [
    { id: 'rec', roles: ['courier'], record: 'allow' },
    { id: 'addr', roles: ['courier'], fields: ['recipient.address'], grant: 'allow' },
    { id: 'masked', roles: ['courier'], fields: ['recipient.phone', 'note'], grant: 'mask' },
  ],
});

const good = {
  courierId: 'c-7',
  recipient: {
    phone: '+8613812345678',
    address: '山东省青岛市市南区香港中路61号',
    idNumber: '11010519491231002X',
  },
  note: '放门口',
};
const redactText = (t: string) => redact(t).text;

async function setup(over: Record<string, unknown>) {
  const vault = createVault({
    keyring: createKeyring({ keks: [{ id: 'k1', key: generateKey() }], active: 'k1' }),
    keyStore: memoryKeyStore(),
    indexKey: generateKey(),
    redactText,
  });
  const value = { ...good, ...over, recipient: { ...good.recipient, ...(over.recipient as object) } };
  const { record } = await vault.seal(Loose, value, { recordId: 'P-1', subjects: { recipient: 'cust-1' } });
  const decision = policy.decide({
    actor: { id: 'c-7', roles: ['courier'] },
    purpose: 'delivery',
    resource: record,
    recordId: 'P-1',
  });
  return { vault, record, decision };
}

async function refused(p: Promise<unknown>, path: string, shown: string): Promise<void> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(isPiiError(e) && e.code).toBe('VALIDATION_FAILED');
  expect((e as Error).message).toContain(`field ${path} of schema ${ID} `);
  expect((e as Error).message).not.toContain(shown);
}

describe('a view of a field that opens to a value its schema refuses', () => {
  for (const [path, over, shown] of [
    ['recipient.phone', { recipient: { phone: '555-0100' } }, '555-0100'],
    ['recipient.address', { recipient: { address: 'x'.repeat(301) } }, 'xxxx'],
  ] as const) {
    it(`fails for ${path} (${path.endsWith('phone') ? 'masked' : 'allowed'}) in view and viewMany`, async () => {
      const { vault, record, decision } = await setup(over);
      await refused(view(vault, Strict, record, decision, { recordId: 'P-1' }), path, shown);
      await refused(viewMany(vault, Strict, [{ record, decision, recordId: 'P-1' }]), path, shown);
      // a vault without openMany: viewMany opens record by record through open
      const openOnly = { open: vault.open.bind(vault) };
      await refused(viewMany(openOnly, Strict, [{ record, decision, recordId: 'P-1' }]), path, shown);
    });
  }

  it('a denied field is never opened, so its value cannot fail the view', async () => {
    const { vault, record, decision } = await setup({ recipient: { idNumber: 'not-an-id' } });
    const v = await view(vault, Strict, record, decision, { recordId: 'P-1' });
    expect(v.recipient).toEqual({ address: good.recipient.address, phone: expect.any(String) });
    expect(JSON.stringify(v)).not.toContain('not-an-id');
    const page = await viewMany(vault, Strict, [{ record, decision, recordId: 'P-1' }]);
    expect(page).toEqual([v]);
  });

  it('masked free text is shown from its redaction without decrypting; allowed, its original is checked', async () => {
    const long = '放门口，别敲门，谢谢师傅，到了打电话';
    const { vault, record, decision } = await setup({ note: long });
    const v = await view(vault, Strict, record, decision, { recordId: 'P-1' });
    expect(typeof v.note).toBe('string');
    const allowNote = definePolicy(Strict, {
      id: 'view-invalid-leaf-note',
      version: 1,
      purposes: ['delivery'],
      roles: ['courier'],
      rules: [
        { id: 'rec', roles: ['courier'], record: 'allow' },
        { id: 'note', roles: ['courier'], fields: ['note'], grant: 'allow' },
      ],
    });
    const d = allowNote.decide({
      actor: { id: 'c-7', roles: ['courier'] },
      purpose: 'delivery',
      resource: record,
      recordId: 'P-1',
    });
    await refused(view(vault, Strict, record, d, { recordId: 'P-1' }), 'note', '谢谢师傅');
  });
});

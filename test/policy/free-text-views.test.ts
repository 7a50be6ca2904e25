// Views of free text (issue 24): per role the original, the redacted note, or nothing, as the
// policy says; masked notes are redacted (detected spans masked), never replaced by a fixed
// pattern; a note stored with its redaction is shown masked without decrypting.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
import { maskRecord, redact } from 'courier-pii/mask';
import { policyFromJson, view } from 'courier-pii/policy';
import { pii } from 'courier-pii/schema';

const PHONE = '13812345678';
const ID = '110105199003071239';
const NOTE = `放门口，电话${PHONE}，代收人身份证${ID}，改送北京市朝阳区建国路88号`;
const REDACTED = '放门口，电话138****5678，代收人身份证1****************9，改送北京市朝阳区****';
const PLAINTEXT = [PHONE, ID, '建国路'];

const schemaWith = <N extends z.ZodType>(note: N) =>
  z.object({
    courierId: z.string(),
    recipient: pii.subject('recipient', z.object({ customerId: z.string(), phone: pii.phone() })),
    note,
  });
const Redacting = schemaWith(pii.freeText({ onSeal: 'redact' }));
const Sealed = schemaWith(pii.freeText());

const spec = {
  id: 'notes',
  version: 1,
  purposes: ['delivery'],
  roles: ['customer', 'courier', 'analyst'],
  rules: [
    { id: 'record', record: 'allow' as const },
    { id: 'customer-note', roles: ['customer'], fields: ['note'], grant: 'allow' as const },
    { id: 'courier-note', roles: ['courier'], fields: ['note', 'recipient.phone'], grant: 'mask' as const },
    { id: 'analyst-ops', roles: ['analyst'], fields: ['courierId'], grant: 'allow' as const },
  ],
};

async function setup() {
  const vault = createVault({
    keyring: createKeyring({ keks: [{ id: 'k1', key: generateKey() }], active: 'k1' }),
    keyStore: memoryKeyStore(),
    indexKey: generateKey(),
    redactText: (text) => redact(text).text,
  });
  const value = { courierId: 'c-7', recipient: { customerId: 'cust-1', phone: PHONE }, note: NOTE };
  const opts = { recordId: 'P-1', subjects: { recipient: 'cust-1' } };
  const redacting = (await vault.seal(Redacting, value, opts)).record;
  const sealed = (await vault.seal(Sealed, value, opts)).record;
  // Which paths each view asks the vault to open.
  const asked: string[][] = [];
  const spy = {
    open: (s: z.ZodType, r: unknown, o: { recordId: string; paths?: string[] }) => {
      asked.push([...(o.paths ?? [])].sort());
      return vault.open(s, r as never, o);
    },
  } as unknown as typeof vault;
  return { vault, spy, asked, redacting, sealed };
}

const as = (role: string) => ({
  actor: { id: `${role}-1`, roles: [role] },
  purpose: 'delivery',
  recordId: 'P-1',
});

describe('views of free text per role', () => {
  it("onSeal 'redact': the customer sees the original, the courier the redacted note without decrypting it, the analyst nothing", async () => {
    const { spy, asked, redacting } = await setup();
    const policy = policyFromJson(Redacting, spec);
    const customer = await view(spy, Redacting, redacting, policy.decide(as('customer')), {
      recordId: 'P-1',
    });
    expect(customer.note).toBe(NOTE);
    asked.length = 0;
    const courier = await view(spy, Redacting, redacting, policy.decide(as('courier')), { recordId: 'P-1' });
    expect(courier.note).toBe(REDACTED);
    expect(courier.recipient?.phone).toBe('+86138****5678');
    expect(asked).toEqual([['recipient.phone']]); // the note was not opened
    const analyst = await view(spy, Redacting, redacting, policy.decide(as('analyst')), { recordId: 'P-1' });
    expect(analyst).toEqual({ courierId: 'c-7' });
    for (const v of [courier, analyst]) for (const p of PLAINTEXT) expect(JSON.stringify(v)).not.toContain(p);
  });

  it('sealed by default: the same three views; masking decrypts and redacts', async () => {
    const { spy, asked, sealed } = await setup();
    const policy = policyFromJson(Sealed, spec);
    expect((await view(spy, Sealed, sealed, policy.decide(as('customer')), { recordId: 'P-1' })).note).toBe(
      NOTE,
    );
    asked.length = 0;
    const courier = await view(spy, Sealed, sealed, policy.decide(as('courier')), { recordId: 'P-1' });
    expect(courier.note).toBe(REDACTED);
    expect(asked).toEqual([['note', 'recipient.phone']]);
    const analyst = await view(spy, Sealed, sealed, policy.decide(as('analyst')), { recordId: 'P-1' });
    expect(analyst.note).toBeUndefined();
  });

  it('masks a note by redaction, not by a fixed pattern: a courier still reads the instruction', async () => {
    const { vault } = await setup();
    const policy = policyFromJson(Redacting, spec);
    const short = (
      await vault.seal(
        Redacting,
        {
          courierId: 'c-7',
          recipient: { customerId: 'cust-1', phone: PHONE },
          note: '放门口，电话13812345678',
        },
        { recordId: 'P-2', subjects: { recipient: 'cust-1' } },
      )
    ).record;
    const d = policy.decide({ ...as('courier'), recordId: 'P-2' });
    expect((await view(vault, Redacting, short, d, { recordId: 'P-2' })).note).toBe(
      '放门口，电话138****5678',
    );
    // maskRecord does the same on an opened record, in every preset that shows notes.
    const S = z.object({ note: pii.freeText() });
    for (const preset of ['customerService', 'privacyWaybill'] as const)
      expect(maskRecord(S, { note: '放门口，电话13812345678' }, preset).note).toBe('放门口，电话138****5678');
  });

  it('redacts the clear member again on display: a phone an older detector let through is masked', async () => {
    const { vault, redacting } = await setup();
    const policy = policyFromJson(Redacting, spec);
    const stale = { ...redacting, note: { ...redacting.note, redacted: `放门口，电话${PHONE}` } };
    const v = await view(vault, Redacting, stale, policy.decide(as('courier')), { recordId: 'P-1' });
    expect(v.note).toBe('放门口，电话138****5678');
  });

  it('fails closed: a clear note where a sealed one belongs, or a malformed stored form, is an error in every view', async () => {
    const { vault, redacting } = await setup();
    const policy = policyFromJson(Redacting, spec);
    const bad = [
      NOTE,
      { redacted: REDACTED },
      { ...redacting.note, extra: true },
      { redacted: REDACTED, sealed: NOTE },
    ];
    for (const note of bad)
      for (const role of ['customer', 'courier']) {
        await expect(
          view(vault, Redacting, { ...redacting, note }, policy.decide(as(role)), { recordId: 'P-1' }),
        ).rejects.toMatchObject({ code: 'CIPHERTEXT_INVALID' });
      }
    // The stored form of a redacted note is accepted at free-text leaves only: a phone field
    // holding one is refused, never shown from its clear member.
    const phoneAsNote = { ...redacting, recipient: { ...redacting.recipient, phone: redacting.note } };
    await expect(
      view(vault, Redacting, phoneAsNote, policy.decide(as('courier')), { recordId: 'P-1' }),
    ).rejects.toMatchObject({ code: 'CIPHERTEXT_INVALID' });
    // Denied, it is not looked at.
    const analyst = await view(vault, Redacting, { ...redacting, note: NOTE }, policy.decide(as('analyst')), {
      recordId: 'P-1',
    });
    expect(analyst).toEqual({ courierId: 'c-7' });
  });
});

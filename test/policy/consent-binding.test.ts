// Consent is bound to its customer: a consent grant opens a field only for a token whose
// subject owns the field in this record (or a token bound to this record). docs/policy.md,
// "Consent is bound to its customer".
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createMemoryRevocationStore, generateSigningKey, grant, verify } from 'courier-pii/consent';
import { type PolicyRequest, type PolicySpec, definePolicy, view, viewMany } from 'courier-pii/policy';
import { pii } from 'courier-pii/schema';
import { countingOpens, memoryVault } from '../support/vaults.js';

const Parcel = z.object({
  waybillNo: pii.waybillNo(),
  recipient: pii.subject(
    'recipient',
    z.object({ customerId: z.string(), name: pii.name(), phone: pii.phone(), address: pii.address() }),
  ),
  pickupCode: pii.pickupCode(),
});

const recordRule = { id: 'neighbour-record', roles: ['neighbour' as const], record: 'allow' as const };
// A consent rule that does not check whose token it is: the mistake the warning is about.
const lax = definePolicy(Parcel, {
  id: 'lax',
  version: 1,
  purposes: ['pickup'],
  roles: ['neighbour'],
  rules: [
    recordRule,
    {
      id: 'neighbour-consent',
      roles: ['neighbour'],
      fields: ['recipient.*', 'pickupCode'],
      grant: 'consent',
    },
  ],
});
// The same rule tied to the recipient, and the pickup code (the parcel's, no customer's) only
// for tokens bound to the parcel.
const strict = definePolicy(Parcel, {
  id: 'strict',
  version: 1,
  purposes: ['pickup'],
  roles: ['neighbour'],
  rules: [
    recordRule,
    {
      id: 'neighbour-consent',
      roles: ['neighbour'],
      when: [['context.consent.subject', '==', { ref: 'resource.recipient.customerId' }]],
      fields: ['recipient.*'],
      grant: 'consent',
    },
    {
      id: 'neighbour-consent-code',
      roles: ['neighbour'],
      when: [['context.consent.resource', '==', { ref: 'context.recordId' }]],
      fields: ['pickupCode'],
      grant: 'consent',
    },
  ],
});

const A = {
  waybillNo: 'SF1043212345678',
  recipient: {
    customerId: 'cust-A',
    name: '张三',
    phone: '13812345678',
    address: '山东省青岛市市南区香港中路61号',
  },
  pickupCode: '3-2-1234',
};
const B = {
  waybillNo: 'SF1043212345679',
  recipient: {
    customerId: 'cust-B',
    name: '李四',
    phone: '13987654321',
    address: '浙江省杭州市西湖区文三路100号',
  },
  pickupCode: '5-1-8888',
};
const secretsOfB = [B.recipient.name, B.recipient.phone.slice(3), '文三路', B.pickupCode];

async function world() {
  const { vault } = memoryVault();
  const a = (await vault.seal(Parcel, A, { recordId: 'P-A', subjects: { recipient: 'cust-A' } })).record;
  const b = (await vault.seal(Parcel, B, { recordId: 'P-B', subjects: { recipient: 'cust-B' } })).record;
  const issuer = generateSigningKey();
  const revocations = createMemoryRevocationStore();
  // Customer A lets neighbour n-1 collect "my parcels" (no parcel named).
  async function claimsFor(resource?: string) {
    const { token } = await grant({
      issuer: { id: 'sf', secretKey: issuer.secretKey },
      subject: 'cust-A',
      grantee: 'n-1',
      purpose: 'pickup',
      ...(resource === undefined ? {} : { resource }),
      scope: { 'recipient.*': 'allow', pickupCode: 'allow' },
      expiresAt: Date.now() + 3_600_000,
    });
    return verify(token, {
      issuers: { sf: issuer.publicKey },
      grantee: 'n-1',
      purpose: 'pickup',
      ...(resource === undefined ? {} : { resource }),
      revocations,
    });
  }
  return { vault, a, b, unbound: await claimsFor(), boundToA: await claimsFor('P-A') };
}

type Claims = Awaited<ReturnType<typeof world>>['unbound'];
const ask = (resource: unknown, recordId: string, consent: Claims, extra: Partial<PolicyRequest> = {}) => ({
  actor: { id: 'n-1', roles: ['neighbour'] },
  purpose: 'pickup',
  resource,
  recordId,
  context: { consent },
  ...extra,
});
const effects = (d: { fields: Record<string, { effect: string }> }) =>
  Object.fromEntries(Object.entries(d.fields).map(([p, f]) => [p, f.effect]));
const NOTHING = {
  waybillNo: 'deny',
  'recipient.customerId': 'deny',
  'recipient.name': 'deny',
  'recipient.phone': 'deny',
  'recipient.address': 'deny',
  pickupCode: 'deny',
};

describe('consent is bound to its customer', () => {
  it("a neighbour's token for customer A cannot open customer B's parcel, whatever the policy", async () => {
    const { vault, b, unbound } = await world();
    for (const p of [lax, strict]) {
      const d = p.decide(ask(b, 'P-B', unbound));
      expect(d.record).toBe(true);
      expect(effects(d)).toEqual(NOTHING);
      const v = await view(vault, Parcel, b, d, { recordId: 'P-B' });
      expect(v).toEqual({});
      for (const s of secretsOfB) expect(JSON.stringify(v)).not.toContain(s);
    }
  });

  it('a request stating the wrong recipient for a parcel does not open it: the vault checks the key', async () => {
    const { vault, b, unbound } = await world();
    // The lax rule has nothing but the caller's word; the caller says B's parcel is A's.
    const d = lax.decide(ask(b, 'P-B', unbound, { subjects: { recipient: 'cust-A' } }));
    expect(d.fields['recipient.phone'].effect).toBe('allow');
    // view opens the recipient fields under A's key only: B's ciphertexts do not open.
    await expect(view(vault, Parcel, b, d, { recordId: 'P-B' })).rejects.toMatchObject({
      code: 'CIPHERTEXT_INVALID',
    });
    await expect(
      view(vault, Parcel, b, d, { recordId: 'P-B', subjects: { recipient: 'cust-B' } }),
    ).rejects.toMatchObject({ code: 'DECISION_INVALID' });
    // A customerId column that lies is caught the same way: the vault opens under A's key only.
    const lying = {
      ...(b as Record<string, unknown>),
      recipient: { ...(b as { recipient: object }).recipient, customerId: 'cust-A' },
    };
    const viaColumn = strict.decide(ask(lying, 'P-B', unbound));
    expect(viaColumn.fields['recipient.phone'].effect).toBe('allow');
    await expect(view(vault, Parcel, lying, viaColumn, { recordId: 'P-B' })).rejects.toMatchObject({
      code: 'CIPHERTEXT_INVALID',
    });
    // The strict rule reads the owner from the record itself: B's parcel names cust-B.
    expect(effects(strict.decide(ask(b, 'P-B', unbound, { subjects: { recipient: 'cust-A' } })))).toEqual(
      NOTHING,
    );
  });

  it('a page through viewMany opens under the same consent subjects as view, one record at a time', async () => {
    const { vault, a, b, unbound } = await world();
    // the caller's word that B's parcel is A's: the page opens B's recipient under A's key only
    const lie = lax.decide(ask(b, 'P-B', unbound, { subjects: { recipient: 'cust-A' } }));
    const { vault: spy, calls } = countingOpens(vault);
    await expect(
      viewMany(spy, Parcel, [{ record: b, decision: lie, recordId: 'P-B' }]),
    ).rejects.toMatchObject({
      code: 'CIPHERTEXT_INVALID',
    });
    // A's own parcel, tied to A by the request: the same view as view() gives, from the page's open
    const ok = lax.decide(ask(a, 'P-A', unbound, { subjects: { recipient: 'cust-A' } }));
    calls.openMany = 0;
    calls.open = 0;
    const page = await viewMany(spy, Parcel, [{ record: a, decision: ok, recordId: 'P-A' }]);
    expect(page).toEqual([await view(vault, Parcel, a, ok, { recordId: 'P-A' })]);
    expect(page[0]!.recipient?.phone).toBe('+8613812345678');
    expect(calls).toEqual({ openMany: 1, open: 0 });
  });

  it("opens A's own fields when the rule or the request ties the token to A; the parcel's own fields need a bound token", async () => {
    const { vault, a, unbound } = await world();
    const viaRule = strict.decide(ask(a, 'P-A', unbound));
    expect(effects(viaRule)).toEqual({ ...NOTHING, ...allowRecipient(), pickupCode: 'deny' });
    expect(await view(vault, Parcel, a, viaRule, { recordId: 'P-A' })).toEqual({
      recipient: { ...A.recipient, phone: '+8613812345678' },
    });
    // The lax rule opens nothing without evidence of the owner, and A's fields once the request states it.
    expect(effects(lax.decide(ask(a, 'P-A', unbound)))).toEqual(NOTHING);
    const viaRequest = lax.decide(ask(a, 'P-A', unbound, { subjects: { recipient: 'cust-A' } }));
    expect(effects(viaRequest)).toEqual({ ...NOTHING, ...allowRecipient(), pickupCode: 'deny' });
    expect((await view(vault, Parcel, a, viaRequest, { recordId: 'P-A' })).recipient?.phone).toBe(
      '+8613812345678',
    );
  });

  it('a token bound to a parcel opens that parcel, pickup code included, and no other', async () => {
    const { vault, a, b, boundToA } = await world();
    for (const p of [lax, strict]) {
      const d = p.decide(ask(a, 'P-A', boundToA));
      expect(d.fields.pickupCode.effect).toBe('allow');
      expect((await view(vault, Parcel, a, d, { recordId: 'P-A' })).pickupCode).toBe(A.pickupCode);
      expect(effects(p.decide(ask(b, 'P-B', boundToA)))).toEqual(NOTHING);
    }
  });

  it('definePolicy warns about consent rules that could match another customer’s record', () => {
    expect(lax.warnings).toEqual([
      expect.objectContaining({ rule: 'neighbour-consent', code: 'CONSENT_UNBOUND' }),
    ]);
    const w = lax.warnings[0]!;
    expect(w.message).toContain('recipient.phone');
    expect(w.message).toContain('pickupCode');
    expect(w.message).toContain('context.consent.subject');
    expect(strict.warnings).toEqual([]);
    // A condition on another role's field does not bind this role; an anyOf group does not bind.
    const Two = z.object({
      sender: pii.subject('sender', z.object({ customerId: z.string(), phone: pii.phone() })),
      recipient: pii.subject('recipient', z.object({ customerId: z.string(), phone: pii.phone() })),
    });
    const spec = (rule: PolicySpec['rules'][number]): PolicySpec => ({
      id: 't',
      version: 1,
      purposes: ['p'],
      rules: [rule],
    });
    const crossed = definePolicy(
      Two,
      spec({
        id: 'crossed',
        when: [['context.consent.subject', '==', { ref: 'resource.sender.customerId' }]],
        fields: ['recipient.phone'],
        grant: 'consent',
      }) as never,
    );
    expect(crossed.warnings.map((x) => x.code)).toEqual(['CONSENT_UNBOUND']);
    const inAnyOf = definePolicy(
      Two,
      spec({
        id: 'any',
        anyOf: [
          [['context.consent.subject', '==', { ref: 'resource.recipient.customerId' }]],
          [['context.consent.grantee', '==', 'x']],
        ],
        fields: ['recipient.phone'],
        grant: 'consent',
      }) as never,
    );
    expect(inAnyOf.warnings.map((x) => x.code)).toEqual(['CONSENT_UNBOUND']);
    const reversed = definePolicy(
      Two,
      spec({
        id: 'rev',
        when: [['resource.recipient.customerId', '==', { ref: 'context.consent.subject' }]],
        fields: ['recipient.phone'],
        grant: 'consent',
      }) as never,
    );
    expect(reversed.warnings).toEqual([]);
  });

  it('explain says whether the token may open each field', async () => {
    const { b, unbound } = await world();
    const x = lax.explain(ask(b, 'P-B', unbound));
    const c = x.fields['recipient.phone']!.candidates.find((t) => t.rule === 'neighbour-consent')!;
    expect(c.consent).toEqual({ matched: true, owner: false });
  });

  it('refuses subjects that are not a map, and subjects given for a whole page', async () => {
    const { b, unbound } = await world();
    expect(() => lax.decide(ask(b, 'P-B', unbound, { subjects: 'cust-A' as never }))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() =>
      lax.decideMany(
        { actor: { id: 'n-1', roles: ['neighbour'] }, purpose: 'pickup', subjects: {} } as never,
        [{ resource: b, recordId: 'P-B' }],
      ),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

function allowRecipient() {
  return {
    'recipient.customerId': 'allow',
    'recipient.name': 'allow',
    'recipient.phone': 'allow',
    'recipient.address': 'allow',
  };
}

import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { inventory } from 'courier-pii/lifecycle';
import { definePolicy } from 'courier-pii/policy';
import { pii } from 'courier-pii/schema';

const Parcel = pii.id(
  'parcel/v2',
  z.object({
    status: z.enum(['in_transit', 'out_for_delivery']),
    courierId: z.string(),
    recipient: pii.subject(
      'recipient',
      z.object({ name: pii.name(), phone: pii.phone(), address: pii.address() }),
    ),
    sender: pii.subject(
      'sender',
      z.object({ name: pii.name(), idNumber: pii.idNumber({ retention: 'P3Y' }) }),
    ),
  }),
);

const policy = definePolicy(Parcel, {
  id: 'courier-platform',
  version: 3,
  purposes: ['delivery', 'customer-service', 'audit'],
  roles: ['courier', 'cs', 'auditor'],
  rules: [
    {
      id: 'assigned-courier',
      roles: ['courier'],
      purposes: ['delivery'],
      when: [['resource.courierId', '==', { ref: 'actor.id' }]],
      fields: ['recipient.address', 'recipient.name'],
      grant: 'allow',
      record: 'allow',
    },
    {
      id: 'courier-phone',
      roles: ['courier'],
      purposes: ['delivery'],
      fields: ['recipient.phone'],
      grant: 'mask',
    },
    {
      id: 'cs-view',
      roles: ['cs'],
      purposes: ['customer-service'],
      fields: ['recipient.*', 'sender.name'],
      grant: 'allow',
      record: 'allow',
    },
    { id: 'cs-phone-masked', roles: ['cs'], fields: ['recipient.phone'], limit: 'mask' },
    {
      id: 'auditor-all',
      roles: ['auditor'],
      purposes: ['audit'],
      fields: ['**'],
      grant: 'allow',
      record: 'allow',
    },
    { id: 'auditor-never-plain', roles: ['auditor'], fields: ['**'], limit: 'mask' },
  ],
});

describe('inventory', () => {
  const inv = inventory([Parcel], [policy], { now: new Date('2026-11-28T00:00:00Z') });
  const field = (p: string) => inv.json.fields.find((f) => f.path === p)!;

  it('lists every field with level, kind, subject, retention and encryption', () => {
    expect(inv.json.fields.map((f) => f.path)).toEqual([
      'status',
      'courierId',
      'recipient.name',
      'recipient.phone',
      'recipient.address',
      'sender.name',
      'sender.idNumber',
    ]);
    expect(field('recipient.phone')).toMatchObject({
      level: 'sensitive',
      kind: 'phone',
      subject: 'recipient',
      encrypted: true,
    });
    expect(field('recipient.name')).toMatchObject({ level: 'internal', encrypted: false });
    expect(inv.json.summary).toMatchObject({
      fields: 7,
      sensitive: 3,
      encrypted: 3,
      sensitiveInPlaintextAtRest: [],
    });
    expect(inv.json.policies).toEqual([
      {
        id: 'courier-platform',
        version: 3,
        policyHash: policy.policyHash,
        purposes: ['delivery', 'customer-service', 'audit'],
        roles: ['auditor', 'courier', 'cs'],
        schema: 'parcel/v2',
      },
    ]);
  });

  it('says which roles see each field how, for which purposes, and under which conditions', () => {
    const who = (p: string) =>
      field(p).access.map(
        (a) =>
          `${a.role}/${a.purpose}:${a.effect}/${a.always}${a.conditional.length ? `[${a.conditional}]` : ''}`,
      );
    expect(who('recipient.address')).toEqual([
      'auditor/audit:mask/mask',
      'courier/delivery:allow/deny[assigned-courier]',
      'cs/customer-service:allow/allow',
    ]);
    expect(who('recipient.phone')).toEqual([
      'auditor/audit:mask/mask',
      'courier/delivery:mask/mask',
      'cs/customer-service:mask/mask',
    ]);
    expect(who('sender.idNumber')).toEqual(['auditor/audit:mask/mask']);
    expect(who('courierId')).toEqual(['auditor/audit:mask/mask']);
    expect(inv.json.summary.sensitiveShownInFull).toEqual(['parcel/v2:recipient.address']);
  });

  it('renders Markdown and a Mermaid diagram', () => {
    expect(inv.markdown).toContain(
      '| recipient.phone | sensitive | phone | recipient |  | yes | auditor / audit: mask<br>courier / delivery: mask<br>cs / customer-service: mask |',
    );
    expect(inv.markdown).toContain('courier / delivery: allow (if assigned-courier; else deny)');
    expect(inv.markdown).toContain('Not legal advice');
    expect(inv.mermaid.startsWith('flowchart LR\n')).toBe(true);
    expect(inv.mermaid).toContain('f_parcel_v2_recipient_phone -- "mask: audit" --> r_auditor');
    expect(inv.mermaid).toContain('r_courier(["courier"])');
  });

  it('pre-fills the PIA checklist from what the code knows', () => {
    const byId = Object.fromEntries(inv.pia.map((i) => [i.id, i]));
    expect(byId['trigger-sensitive']).toMatchObject({
      status: 'prefilled',
      evidence: ['parcel/v2:recipient.phone', 'parcel/v2:recipient.address', 'parcel/v2:sender.idNumber'],
    });
    expect(byId.impact).toMatchObject({ status: 'attention', evidence: ['parcel/v2:recipient.address'] });
    expect(byId.measures?.answer).toContain('3 of 7 fields encrypted at rest');
    expect(byId['purpose-lawful']?.evidence).toEqual(['audit', 'customer-service', 'delivery']);
    expect(byId['keep-report']?.article).toBe('PIPL Art. 56 (mandated)');
  });

  it('without policies nobody sees anything, and the seal level decides what is encrypted', () => {
    const none = inventory([Parcel], []);
    expect(none.json.fields.every((f) => f.access.length === 0)).toBe(true);
    expect(none.markdown).toContain('| nobody |');
    expect(inventory([Parcel], [], { sealAtLeast: 'internal' }).json.summary.encrypted).toBe(7);
    expect(field('sender.idNumber').retention).toBe('P3Y');
    expect(inv.pia.find((i) => i.id === 'retention')?.evidence).not.toContain('parcel/v2:sender.idNumber');
  });
});

// The courier policy as a decision table: role × purpose × status × assignment × field → effect.
// Every row states the expected effect from the policy's intent, not from a run.
import { describe, expect, it } from 'vitest';
import { type Effect, type PolicyRequest, policyFromJson } from 'courier-pii/policy';
import { NOW, Parcel, courierJson, parcel } from './fixtures.js';

const policy = policyFromJson(Parcel, courierJson);
const DAY = 86_400_000;

type Actor = PolicyRequest['actor'];
const courier: Actor = { id: 'c-7', roles: ['courier'] };
const station = (clearance?: number, stations: string[] | null = ['st-qd-01']): Actor => ({
  id: 'st-staff-3',
  roles: ['station_staff'],
  attrs: { ...(stations ? { stations } : {}), ...(clearance === undefined ? {} : { clearance }) },
});
const cs: Actor = { id: 'cs-12', roles: ['cs_agent'] };
const partner: Actor = { id: 'pc-op-5', roles: ['partner_carrier'], attrs: { carrierId: 'pc-zto' } };
const auditor: Actor = { id: 'aud-1', roles: ['auditor'] };
const analyst: Actor = { id: 'an-4', roles: ['analyst'] };
const customer = (id: string): Actor => ({ id, roles: ['customer'] });

const consent = (over: Record<string, unknown> = {}) => ({
  tokenId: 'tok-1',
  subject: 'cust-r1',
  grantee: 'cs-12',
  purpose: 'customer_service',
  scope: { 'recipient.phone': 'allow' } as Record<string, 'allow' | 'mask'>,
  expiresAt: NOW + DAY,
  ...over,
});

interface Row {
  actor: Actor;
  purpose: string;
  resource?: Record<string, unknown>;
  context?: PolicyRequest['context'];
  recordId?: string;
  subjects?: Record<string, string>;
  field: string;
  effect: Effect;
}

// [description, row]
const rows: Array<[string, Row]> = [
  // courier: assigned = courierId is the actor; status gates the address and the phone
  [
    'courier delivery ofd assigned: address in full',
    { actor: courier, purpose: 'delivery', field: 'recipient.address', effect: 'allow' },
  ],
  [
    'courier delivery ofd assigned: phone masked',
    { actor: courier, purpose: 'delivery', field: 'recipient.phone', effect: 'mask' },
  ],
  [
    'courier delivery ofd assigned: name masked',
    { actor: courier, purpose: 'delivery', field: 'recipient.name', effect: 'mask' },
  ],
  [
    'courier delivery ofd assigned: sender phone denied',
    { actor: courier, purpose: 'delivery', field: 'sender.phone', effect: 'deny' },
  ],
  [
    'courier delivery ofd assigned: recipient ID denied',
    { actor: courier, purpose: 'delivery', field: 'recipient.idNumber', effect: 'deny' },
  ],
  [
    'courier delivery ofd assigned: pickup code denied',
    { actor: courier, purpose: 'delivery', field: 'pickupCode', effect: 'deny' },
  ],
  [
    'courier delivery ofd assigned: status allowed',
    { actor: courier, purpose: 'delivery', field: 'status', effect: 'allow' },
  ],
  [
    'courier delivery ofd assigned: routing id allowed',
    { actor: courier, purpose: 'delivery', field: 'stationId', effect: 'allow' },
  ],
  [
    'courier delivery ofd assigned: customer id denied',
    { actor: courier, purpose: 'delivery', field: 'recipient.customerId', effect: 'deny' },
  ],
  [
    'courier delivery ofd unassigned: address denied',
    {
      actor: courier,
      purpose: 'delivery',
      resource: { courierId: 'c-9' },
      field: 'recipient.address',
      effect: 'deny',
    },
  ],
  [
    'courier delivery ofd unassigned: even status denied (record hidden)',
    { actor: courier, purpose: 'delivery', resource: { courierId: 'c-9' }, field: 'status', effect: 'deny' },
  ],
  [
    'courier delivery in_transit assigned: address denied',
    {
      actor: courier,
      purpose: 'delivery',
      resource: { status: 'in_transit' },
      field: 'recipient.address',
      effect: 'deny',
    },
  ],
  [
    'courier delivery in_transit assigned: phone denied',
    {
      actor: courier,
      purpose: 'delivery',
      resource: { status: 'in_transit' },
      field: 'recipient.phone',
      effect: 'deny',
    },
  ],
  [
    'courier delivery in_transit assigned: status allowed',
    {
      actor: courier,
      purpose: 'delivery',
      resource: { status: 'in_transit' },
      field: 'status',
      effect: 'allow',
    },
  ],
  [
    'courier delivery delivered assigned: address denied',
    {
      actor: courier,
      purpose: 'delivery',
      resource: { status: 'delivered' },
      field: 'recipient.address',
      effect: 'deny',
    },
  ],
  [
    'courier delivery ofd assigned bulky (45 kg): phone in full',
    {
      actor: courier,
      purpose: 'delivery',
      resource: { weightKg: 45 },
      field: 'recipient.phone',
      effect: 'allow',
    },
  ],
  [
    'courier delivery ofd assigned 30 kg: phone masked (> is strict)',
    {
      actor: courier,
      purpose: 'delivery',
      resource: { weightKg: 30 },
      field: 'recipient.phone',
      effect: 'mask',
    },
  ],
  [
    'courier delivery ofd assigned bulky: ID still denied',
    {
      actor: courier,
      purpose: 'delivery',
      resource: { weightKg: 45 },
      field: 'recipient.idNumber',
      effect: 'deny',
    },
  ],
  [
    'courier pickup created assigned: sender address in full',
    {
      actor: courier,
      purpose: 'pickup',
      resource: { status: 'created' },
      field: 'sender.address',
      effect: 'allow',
    },
  ],
  [
    'courier pickup created assigned: sender phone masked',
    {
      actor: courier,
      purpose: 'pickup',
      resource: { status: 'created' },
      field: 'sender.phone',
      effect: 'mask',
    },
  ],
  [
    'courier pickup created assigned: recipient address denied',
    {
      actor: courier,
      purpose: 'pickup',
      resource: { status: 'created' },
      field: 'recipient.address',
      effect: 'deny',
    },
  ],
  [
    'courier pickup ofd assigned: sender address denied',
    { actor: courier, purpose: 'pickup', field: 'sender.address', effect: 'deny' },
  ],
  [
    'courier customer_service: record not granted',
    { actor: courier, purpose: 'customer_service', field: 'recipient.address', effect: 'deny' },
  ],
  [
    'courier delivery, parcel without courier: address denied',
    {
      actor: courier,
      purpose: 'delivery',
      resource: { courierId: undefined },
      field: 'recipient.address',
      effect: 'deny',
    },
  ],
  // station staff: own stations via `in` on an actor attribute; clearance via `>=`
  [
    'station delivery own station: phone masked',
    { actor: station(), purpose: 'delivery', field: 'recipient.phone', effect: 'mask' },
  ],
  [
    'station delivery own station: address masked',
    { actor: station(), purpose: 'delivery', field: 'recipient.address', effect: 'mask' },
  ],
  [
    'station delivery own station clearance 2: pickup code',
    { actor: station(2), purpose: 'delivery', field: 'pickupCode', effect: 'allow' },
  ],
  [
    'station delivery own station clearance 1: no pickup code',
    { actor: station(1), purpose: 'delivery', field: 'pickupCode', effect: 'deny' },
  ],
  [
    'station delivery own station no clearance attr: no pickup code',
    { actor: station(), purpose: 'delivery', field: 'pickupCode', effect: 'deny' },
  ],
  [
    'station delivery other station: phone denied',
    { actor: station(3, ['st-sh-09']), purpose: 'delivery', field: 'recipient.phone', effect: 'deny' },
  ],
  [
    'station pickup own station clearance 3: no pickup code',
    { actor: station(3), purpose: 'pickup', field: 'pickupCode', effect: 'deny' },
  ],
  [
    'station pickup own station: sender phone masked',
    { actor: station(), purpose: 'pickup', field: 'sender.phone', effect: 'mask' },
  ],
  [
    'station delivery own station: ID denied',
    { actor: station(3), purpose: 'delivery', field: 'recipient.idNumber', effect: 'deny' },
  ],
  [
    'station without stations attribute: name denied',
    { actor: station(2, null), purpose: 'delivery', field: 'recipient.name', effect: 'deny' },
  ],
  // customer service: a service window via `<=` on context.now, and consent tokens
  [
    'cs customer_service in window: phone masked',
    { actor: cs, purpose: 'customer_service', field: 'recipient.phone', effect: 'mask' },
  ],
  [
    'cs customer_service window over: phone denied',
    {
      actor: cs,
      purpose: 'customer_service',
      resource: { serviceUntil: NOW - 1 },
      field: 'recipient.phone',
      effect: 'deny',
    },
  ],
  [
    'cs customer_service at window end: phone masked (<= inclusive)',
    {
      actor: cs,
      purpose: 'customer_service',
      resource: { serviceUntil: NOW },
      field: 'recipient.phone',
      effect: 'mask',
    },
  ],
  [
    'cs customer_service: customer id allowed',
    { actor: cs, purpose: 'customer_service', field: 'recipient.customerId', effect: 'allow' },
  ],
  [
    'cs customer_service: pickup code denied',
    { actor: cs, purpose: 'customer_service', field: 'pickupCode', effect: 'deny' },
  ],
  [
    'cs customer_service: ID number denied without consent',
    { actor: cs, purpose: 'customer_service', field: 'recipient.idNumber', effect: 'deny' },
  ],
  [
    'cs with recipient consent for the phone: phone in full',
    {
      actor: cs,
      purpose: 'customer_service',
      context: { now: NOW, consent: consent() },
      field: 'recipient.phone',
      effect: 'allow',
    },
  ],
  [
    'cs with recipient consent for the phone: address stays masked',
    {
      actor: cs,
      purpose: 'customer_service',
      context: { now: NOW, consent: consent() },
      field: 'recipient.address',
      effect: 'mask',
    },
  ],
  [
    'cs with recipient consent recipient.*: sender phone stays masked',
    {
      actor: cs,
      purpose: 'customer_service',
      context: { now: NOW, consent: consent({ scope: { 'recipient.*': 'allow' } }) },
      field: 'sender.phone',
      effect: 'mask',
    },
  ],
  [
    'cs with recipient consent recipient.*: ID capped at mask by a limit',
    {
      actor: cs,
      purpose: 'customer_service',
      context: { now: NOW, consent: consent({ scope: { 'recipient.*': 'allow' } }) },
      field: 'recipient.idNumber',
      effect: 'mask',
    },
  ],
  [
    'cs with consent for another grantee: phone masked',
    {
      actor: cs,
      purpose: 'customer_service',
      context: { now: NOW, consent: consent({ grantee: 'cs-99' }) },
      field: 'recipient.phone',
      effect: 'mask',
    },
  ],
  [
    'cs with consent for another purpose: phone masked',
    {
      actor: cs,
      purpose: 'customer_service',
      context: { now: NOW, consent: consent({ purpose: 'delivery' }) },
      field: 'recipient.phone',
      effect: 'mask',
    },
  ],
  [
    'cs with consent bound to another parcel: phone masked',
    {
      actor: cs,
      purpose: 'customer_service',
      recordId: 'P-1',
      context: { now: NOW, consent: consent({ resource: 'P-2' }) },
      field: 'recipient.phone',
      effect: 'mask',
    },
  ],
  [
    'cs with consent bound to this parcel: phone in full',
    {
      actor: cs,
      purpose: 'customer_service',
      recordId: 'P-1',
      context: { now: NOW, consent: consent({ resource: 'P-1' }) },
      field: 'recipient.phone',
      effect: 'allow',
    },
  ],
  [
    'cs with expired consent: phone masked',
    {
      actor: cs,
      purpose: 'customer_service',
      context: { now: NOW, consent: consent({ expiresAt: NOW }) },
      field: 'recipient.phone',
      effect: 'mask',
    },
  ],
  [
    'cs with consent of another customer: phone masked',
    {
      actor: cs,
      purpose: 'customer_service',
      context: { now: NOW, consent: consent({ subject: 'cust-x' }) },
      field: 'recipient.phone',
      effect: 'mask',
    },
  ],
  [
    'cs with consent for the pickup code bound to this parcel: pickup code',
    {
      actor: cs,
      purpose: 'customer_service',
      recordId: 'P-1',
      context: { now: NOW, consent: consent({ resource: 'P-1', scope: { pickupCode: 'allow' } }) },
      field: 'pickupCode',
      effect: 'allow',
    },
  ],
  [
    'cs with consent for the pickup code not bound to a parcel: pickup code denied (it belongs to the parcel)',
    {
      actor: cs,
      purpose: 'customer_service',
      context: { now: NOW, consent: consent({ scope: { pickupCode: 'allow' } }) },
      field: 'pickupCode',
      effect: 'deny',
    },
  ],
  [
    'cs with recipient consent, the request stating another recipient: phone masked',
    {
      actor: cs,
      purpose: 'customer_service',
      subjects: { recipient: 'cust-x' },
      context: { now: NOW, consent: consent() },
      field: 'recipient.phone',
      effect: 'mask',
    },
  ],
  [
    'cs with consent scope mask on a field cs cannot see: masked',
    {
      actor: cs,
      purpose: 'customer_service',
      context: { now: NOW, consent: consent({ scope: { 'recipient.idNumber': 'mask' } }) },
      field: 'recipient.idNumber',
      effect: 'mask',
    },
  ],
  [
    'cs billing: sender phone masked',
    { actor: cs, purpose: 'billing', field: 'sender.phone', effect: 'mask' },
  ],
  [
    'cs billing: recipient phone denied',
    { actor: cs, purpose: 'billing', field: 'recipient.phone', effect: 'deny' },
  ],
  [
    'cs billing without service window: record hidden',
    {
      actor: cs,
      purpose: 'billing',
      resource: { serviceUntil: undefined },
      field: 'sender.phone',
      effect: 'deny',
    },
  ],
  // partner carrier: attribute match, not_in, <, !=
  [
    'partner delivery in_transit own: address in full',
    {
      actor: partner,
      purpose: 'delivery',
      resource: { status: 'in_transit' },
      field: 'recipient.address',
      effect: 'allow',
    },
  ],
  [
    'partner delivery in_transit own: phone masked',
    {
      actor: partner,
      purpose: 'delivery',
      resource: { status: 'in_transit' },
      field: 'recipient.phone',
      effect: 'mask',
    },
  ],
  [
    'partner delivery picked_up own: address not yet (!=)',
    {
      actor: partner,
      purpose: 'delivery',
      resource: { status: 'picked_up' },
      field: 'recipient.address',
      effect: 'deny',
    },
  ],
  [
    'partner delivery picked_up own: phone masked',
    {
      actor: partner,
      purpose: 'delivery',
      resource: { status: 'picked_up' },
      field: 'recipient.phone',
      effect: 'mask',
    },
  ],
  [
    'partner delivery delivered: record hidden (not_in)',
    {
      actor: partner,
      purpose: 'delivery',
      resource: { status: 'delivered' },
      field: 'recipient.address',
      effect: 'deny',
    },
  ],
  [
    'partner delivery 3 attempts: record hidden (<)',
    {
      actor: partner,
      purpose: 'delivery',
      resource: { attempts: 3 },
      field: 'recipient.address',
      effect: 'deny',
    },
  ],
  [
    'partner delivery 2 attempts: address in full',
    {
      actor: partner,
      purpose: 'delivery',
      resource: { attempts: 2 },
      field: 'recipient.address',
      effect: 'allow',
    },
  ],
  [
    'partner delivery other carrier: denied',
    {
      actor: partner,
      purpose: 'delivery',
      resource: { carrierId: 'pc-yto' },
      field: 'recipient.phone',
      effect: 'deny',
    },
  ],
  [
    'partner delivery own: ID denied',
    { actor: partner, purpose: 'delivery', field: 'recipient.idNumber', effect: 'deny' },
  ],
  [
    'partner pickup: no rules, denied',
    { actor: partner, purpose: 'pickup', field: 'recipient.phone', effect: 'deny' },
  ],
  [
    'partner delivery own: routing ids not granted',
    { actor: partner, purpose: 'delivery', field: 'courierId', effect: 'deny' },
  ],
  // auditor: never plaintext (limit mask), legal hold needs a case id (exists)
  [
    'auditor audit: phone masked',
    { actor: auditor, purpose: 'audit', field: 'recipient.phone', effect: 'mask' },
  ],
  [
    'auditor audit: ID masked',
    { actor: auditor, purpose: 'audit', field: 'sender.idNumber', effect: 'mask' },
  ],
  ['auditor audit: status allowed', { actor: auditor, purpose: 'audit', field: 'status', effect: 'allow' }],
  [
    'auditor audit: routing ids allowed',
    { actor: auditor, purpose: 'audit', field: 'carrierId', effect: 'allow' },
  ],
  [
    'auditor legal_hold with case: address masked',
    {
      actor: auditor,
      purpose: 'legal_hold',
      context: { now: NOW, attrs: { caseId: 'case-2026-17' } },
      field: 'sender.address',
      effect: 'mask',
    },
  ],
  [
    'auditor legal_hold without case: denied',
    { actor: auditor, purpose: 'legal_hold', field: 'sender.address', effect: 'deny' },
  ],
  ['auditor delivery: denied', { actor: auditor, purpose: 'delivery', field: 'status', effect: 'deny' }],
  // analyst: pseudonyms only
  [
    'analyst analytics: address masked to the county',
    { actor: analyst, purpose: 'analytics', field: 'recipient.address', effect: 'mask' },
  ],
  [
    'analyst analytics: phone denied',
    { actor: analyst, purpose: 'analytics', field: 'recipient.phone', effect: 'deny' },
  ],
  [
    'analyst analytics: name denied',
    { actor: analyst, purpose: 'analytics', field: 'sender.name', effect: 'deny' },
  ],
  [
    'analyst analytics: customer id denied',
    { actor: analyst, purpose: 'analytics', field: 'recipient.customerId', effect: 'deny' },
  ],
  [
    'analyst analytics: weight allowed',
    { actor: analyst, purpose: 'analytics', field: 'weightKg', effect: 'allow' },
  ],
  [
    'analyst analytics: station not granted',
    { actor: analyst, purpose: 'analytics', field: 'stationId', effect: 'deny' },
  ],
  ['analyst delivery: denied', { actor: analyst, purpose: 'delivery', field: 'weightKg', effect: 'deny' }],
  // customer: own data in full (anyOf: either party)
  [
    'recipient customer: own phone in full',
    { actor: customer('cust-r1'), purpose: 'delivery', field: 'recipient.phone', effect: 'allow' },
  ],
  [
    'recipient customer: own address in full',
    { actor: customer('cust-r1'), purpose: 'delivery', field: 'recipient.address', effect: 'allow' },
  ],
  [
    'recipient customer: pickup code',
    { actor: customer('cust-r1'), purpose: 'delivery', field: 'pickupCode', effect: 'allow' },
  ],
  [
    'recipient customer: sender phone masked',
    { actor: customer('cust-r1'), purpose: 'delivery', field: 'sender.phone', effect: 'mask' },
  ],
  [
    'recipient customer: sender address denied',
    { actor: customer('cust-r1'), purpose: 'delivery', field: 'sender.address', effect: 'deny' },
  ],
  [
    'sender customer: own ID in full',
    { actor: customer('cust-s1'), purpose: 'customer_service', field: 'sender.idNumber', effect: 'allow' },
  ],
  [
    'sender customer: recipient phone masked',
    { actor: customer('cust-s1'), purpose: 'delivery', field: 'recipient.phone', effect: 'mask' },
  ],
  [
    'sender customer: pickup code denied',
    { actor: customer('cust-s1'), purpose: 'delivery', field: 'pickupCode', effect: 'deny' },
  ],
  [
    'unrelated customer: denied',
    { actor: customer('cust-x'), purpose: 'delivery', field: 'recipient.phone', effect: 'deny' },
  ],
  [
    'recipient customer billing: denied',
    { actor: customer('cust-r1'), purpose: 'billing', field: 'recipient.phone', effect: 'deny' },
  ],
  // forced denials and role combinations
  [
    'courier, unknown purpose: denied',
    { actor: courier, purpose: 'marketing', field: 'status', effect: 'deny' },
  ],
  [
    'unknown role: denied',
    { actor: { id: 'x-1', roles: ['intern'] }, purpose: 'delivery', field: 'status', effect: 'deny' },
  ],
  [
    'no roles: denied',
    { actor: { id: 'x-1', roles: [] }, purpose: 'delivery', field: 'status', effect: 'deny' },
  ],
  [
    'courier + unknown role: as a courier',
    {
      actor: { id: 'c-7', roles: ['intern', 'courier'] },
      purpose: 'delivery',
      field: 'recipient.address',
      effect: 'allow',
    },
  ],
  [
    'cs + auditor with consent: auditor limit caps at mask',
    {
      actor: { id: 'cs-12', roles: ['cs_agent', 'auditor'] },
      purpose: 'customer_service',
      context: { now: NOW, consent: consent() },
      field: 'recipient.phone',
      effect: 'mask',
    },
  ],
];

function request(row: Row): PolicyRequest {
  return {
    actor: row.actor,
    purpose: row.purpose,
    resource: parcel(row.resource),
    context: row.context ?? { now: NOW },
    ...(row.recordId === undefined ? {} : { recordId: row.recordId }),
    ...(row.subjects === undefined ? {} : { subjects: row.subjects }),
  };
}

describe('the courier policy as a decision table', () => {
  it('has at least 60 rows and every role and purpose appears', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
    const roles = new Set(rows.flatMap(([, r]) => r.actor.roles));
    for (const role of [
      'courier',
      'station_staff',
      'cs_agent',
      'partner_carrier',
      'auditor',
      'analyst',
      'customer',
    ]) {
      expect(roles.has(role)).toBe(true);
    }
  });

  it('every operator appears in the policy', () => {
    const ops = new Set<string>();
    const spec = courierJson as { rules: Array<{ when?: unknown[][]; anyOf?: unknown[][][] }> };
    for (const r of spec.rules)
      for (const c of [...(r.when ?? []), ...(r.anyOf ?? []).flat()]) ops.add(c[1] as string);
    expect([...ops].sort()).toEqual(['!=', '<', '<=', '==', '>', '>=', 'exists', 'in', 'not_in'].sort());
  });

  it.each(rows)('%s', (_, row) => {
    const d = policy.decide(request(row));
    expect(d.fields[row.field as keyof typeof d.fields]?.effect).toBe(row.effect);
  });

  it('has no warnings', () => {
    expect(policy.warnings).toEqual([]);
  });
});

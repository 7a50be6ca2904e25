import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createAuditLog, memorySink } from 'courier-pii/audit';
import { createMemoryRevocationStore, generateSigningKey, grant, verify } from 'courier-pii/consent';
import { isPiiError } from 'courier-pii';
import {
  type PolicyDecision,
  type PolicyRequest,
  type PolicySpec,
  type ViewVault,
  definePolicy,
  policyFromJson,
} from 'courier-pii/policy';
import { pii } from 'courier-pii/schema';
import { canonicalJson, sha256 } from '../../src/policy/hash.js';
import { NOW, Parcel, courierJson, parcel } from './fixtures.js';

const spec = courierJson as PolicySpec;
const courier = { id: 'c-7', roles: ['courier'] };
const base = (over: Partial<PolicyRequest> = {}): PolicyRequest => ({
  actor: courier,
  purpose: 'delivery',
  resource: parcel(),
  context: { now: NOW },
  ...over,
});

function invalid(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isPiiError(e) && e.code === 'POLICY_INVALID') return e.message;
    throw e;
  }
  throw new Error('expected POLICY_INVALID');
}

const mini = (rules: PolicySpec['rules'], extra: Partial<PolicySpec> = {}) =>
  ({
    id: 'p',
    version: 1,
    purposes: ['delivery', 'audit'],
    roles: ['courier', 'auditor'],
    rules,
    ...extra,
  }) as PolicySpec;

describe('record visibility is its own decision (the CASL #937 trap)', () => {
  it('a field grant alone does not make the record visible, and a hidden record shows no field', () => {
    const p = policyFromJson(
      Parcel,
      mini([{ id: 'phone', roles: ['courier'], fields: ['recipient.phone'], grant: 'allow' }]),
    );
    const d = p.decide(base());
    expect(d.record).toBe(false);
    expect(d.fields['recipient.phone'].effect).toBe('deny');
  });

  it('a record rule shows the record, and fields follow their own grants', () => {
    const p = policyFromJson(
      Parcel,
      mini([
        { id: 'phone', roles: ['courier'], fields: ['recipient.phone'], grant: 'allow' },
        { id: 'rec', roles: ['courier'], record: 'allow' },
      ]),
    );
    const d = p.decide(base());
    expect(d.record).toBe(true);
    expect(d.recordRules).toEqual(['rec']);
    expect(d.fields['recipient.phone']).toEqual({ effect: 'allow', rules: ['phone'] });
    expect(d.fields['recipient.address'].effect).toBe('deny');
  });

  it('a record denial wins over a record grant and hides every field', () => {
    const p = policyFromJson(
      Parcel,
      mini([
        { id: 'all', fields: ['**'], grant: 'allow', record: 'allow' },
        { id: 'hide-delivered', record: 'deny', when: [['resource.status', '==', 'delivered']] },
      ]),
    );
    expect(p.decide(base()).record).toBe(true);
    const d = p.decide(base({ resource: parcel({ status: 'delivered' }) }));
    expect(d.record).toBe(false);
    expect(Object.values(d.fields).every((f) => f.effect === 'deny')).toBe(true);
  });
});

describe('missing data never widens access', () => {
  it('a limit whose condition reads a missing attribute still applies; a grant does not', () => {
    const p = policyFromJson(
      Parcel,
      mini([
        { id: 'all', fields: ['**'], grant: 'allow', record: 'allow' },
        {
          id: 'cap',
          fields: ['recipient.*'],
          limit: 'mask',
          when: [['resource.carrierId', '!=', 'own-fleet']],
        },
        { id: 'bulky', fields: ['pickupCode'], grant: 'allow', when: [['resource.weightKg', '>', 30]] },
      ]),
    );
    const d = p.decide(base({ resource: parcel({ carrierId: undefined }) }));
    expect(d.fields['recipient.phone']).toEqual({ effect: 'mask', rules: ['all', 'cap'] });
    const e = p.decide(base({ resource: parcel({ carrierId: 'own-fleet' }) }));
    expect(e.fields['recipient.phone']).toEqual({ effect: 'allow', rules: ['all'] });
  });
});

describe('validation', () => {
  it('an unknown field path is POLICY_INVALID naming the rule', () => {
    const m = invalid(() =>
      policyFromJson(Parcel, mini([{ id: 'typo', fields: ['recipient.phon'], grant: 'allow' }])),
    );
    expect(m).toContain("'typo'");
    expect(m).toContain('recipient.phon');
  });

  it('a condition on a sealed field is POLICY_INVALID', () => {
    const m = invalid(() =>
      policyFromJson(
        Parcel,
        mini([
          {
            id: 'peek',
            fields: ['status'],
            grant: 'allow',
            when: [['resource.recipient.phone', 'exists', true]],
          },
        ]),
      ),
    );
    expect(m).toContain("'peek'");
    expect(m).toContain('sealed');
  });

  it('a lower seal level makes internal fields sealed for conditions too', () => {
    const r = {
      id: 'n',
      fields: ['status'],
      grant: 'allow',
      when: [['resource.recipient.name', '==', 'x']],
    } as const;
    expect(() => policyFromJson(Parcel, mini([r]))).not.toThrow();
    expect(invalid(() => policyFromJson(Parcel, mini([r]), { sealLevel: 'internal' }))).toContain('sealed');
  });

  it.each([
    [
      'unknown attribute',
      { id: 'r1', fields: ['status'], grant: 'allow', when: [['actor.rank', '==', 1]] },
      'actor.rank',
    ],
    [
      'undeclared actor attribute',
      { id: 'r1', fields: ['status'], grant: 'allow', when: [['actor.attrs.x', '==', 1]] },
      'actorAttrs',
    ],
    [
      'unknown resource field',
      { id: 'r1', fields: ['status'], grant: 'allow', when: [['resource.stat', '==', 1]] },
      'resource.stat',
    ],
    [
      'unknown purpose',
      { id: 'r1', fields: ['status'], grant: 'allow', purposes: ['marketing'] },
      'marketing',
    ],
    ['unknown role', { id: 'r1', fields: ['status'], grant: 'allow', roles: ['intern'] }, 'intern'],
    ['empty field list', { id: 'r1', fields: [], grant: 'allow' }, 'empty'],
    ['grant and limit', { id: 'r1', fields: ['status'], grant: 'allow', limit: 'deny' }, 'not both'],
    ['no effect', { id: 'r1', roles: ['courier'] }, 'no grant'],
    [
      'exists with a value',
      { id: 'r1', fields: ['status'], grant: 'allow', when: [['resource.status', 'exists', 'x']] },
      'exists',
    ],
    [
      'in with a single value',
      { id: 'r1', fields: ['status'], grant: 'allow', when: [['resource.status', 'in', 'x']] },
      'list',
    ],
    [
      'a date that does not parse',
      { id: 'r1', fields: ['status'], grant: 'allow', when: [['context.now', '<', 'soon']] },
      'date',
    ],
    ['a malformed pattern', { id: 'r1', fields: ['recipient.*.x'], grant: 'allow' }, 'malformed'],
    [
      'a list field in a condition',
      { id: 'r1', fields: ['status'], grant: 'allow', when: [['resource.items[].name', '==', 'x']] },
      'resource.items',
    ],
  ])('%s is POLICY_INVALID naming the rule', (_, rule, needle) => {
    const m = invalid(() => policyFromJson(Parcel, mini([rule as PolicySpec['rules'][number]])));
    expect(m).toContain("'r1'");
    expect(m).toContain(needle);
  });

  it('a duplicate rule id and a malformed document are POLICY_INVALID', () => {
    const r = { id: 'same', fields: ['status'], grant: 'allow' } as const;
    expect(invalid(() => policyFromJson(Parcel, mini([r, r])))).toContain("'same'");
    expect(invalid(() => policyFromJson(Parcel, { id: 'p', version: 1, rules: [] }))).toContain('purposes');
    expect(
      invalid(() =>
        policyFromJson(Parcel, mini([{ id: 'bad', fields: ['status'], grant: 'full' } as never])),
      ),
    ).toContain("'bad'");
  });
});

describe('warnings', () => {
  it('reports rules that can never match and rules that are shadowed, without throwing', () => {
    const p = policyFromJson(
      Parcel,
      mini([
        {
          id: 'typo-status',
          fields: ['recipient.address'],
          grant: 'allow',
          when: [['resource.status', '==', 'out_for_delivry']],
        },
        {
          id: 'two-values',
          fields: ['status'],
          grant: 'allow',
          when: [
            ['resource.stationId', '==', 'a'],
            ['resource.stationId', '==', 'b'],
          ],
        },
        { id: 'all', roles: ['courier'], fields: ['recipient.*'], grant: 'allow' },
        {
          id: 'redundant-mask',
          roles: ['courier'],
          purposes: ['delivery'],
          fields: ['recipient.phone'],
          grant: 'mask',
        },
        { id: 'never-plain', roles: ['auditor'], fields: ['**'], limit: 'mask' },
        {
          id: 'also-mask',
          roles: ['auditor'],
          purposes: ['audit'],
          fields: ['recipient.name'],
          limit: 'mask',
        },
      ]),
    );
    const byRule = Object.fromEntries(p.warnings.map((w) => [w.rule, w.code]));
    expect(byRule).toEqual({
      'typo-status': 'NEVER_MATCHES',
      'two-values': 'NEVER_MATCHES',
      'redundant-mask': 'SHADOWED',
      'also-mask': 'SHADOWED',
    });
  });
});

describe('explain', () => {
  it('lists every candidate rule per field with the outcome of each condition', () => {
    const p = policyFromJson(Parcel, courierJson);
    const x = p.explain(base({ resource: parcel({ status: 'in_transit' }) }));
    const phone = x.fields['recipient.phone']!;
    expect(phone.effect).toBe('deny');
    expect(phone.candidates.map((c) => c.rule)).toEqual(['courier-bulky-phone', 'courier-delivery-contact']);
    const contact = phone.candidates[1]!;
    expect(contact.applied).toBe(false);
    expect(contact.conditions.map((c) => c.outcome)).toEqual(['held', 'failed']);
    expect(x.record.map((r) => [r.rule, r.applied])).toEqual([['courier-assigned-record', true]]);
    expect(x.decision).toBe(p.decide(base({ resource: parcel({ status: 'in_transit' }) })));
  });

  it('marks conditions on missing attributes as unknown and explains consent matching', () => {
    const p = policyFromJson(Parcel, courierJson);
    const x = p.explain({
      actor: { id: 'cs-12', roles: ['cs_agent'] },
      purpose: 'customer_service',
      resource: parcel({ serviceUntil: undefined }),
      context: {
        now: NOW,
        consent: {
          tokenId: 't',
          subject: 'cust-r1',
          grantee: 'cs-12',
          purpose: 'customer_service',
          scope: { 'recipient.phone': 'allow' },
          expiresAt: NOW + 1000,
        },
      },
    });
    expect(x.record[0]!.conditions[0]!.outcome).toBe('unknown');
    const c = x.fields['recipient.phone']!.candidates.find((t) => t.rule === 'cs-consent-recipient')!;
    expect(c.consent).toEqual({ matched: true, owner: true, scope: 'allow' });
  });

  it('explains a forced denial', () => {
    const p = policyFromJson(Parcel, courierJson);
    const x = p.explain(base({ purpose: 'marketing' }));
    expect(x.forced).toBe('unknown-purpose');
    expect(x.fields.status!.candidates).toEqual([]);
  });
});

describe('policyHash', () => {
  it('is SHA-256 over canonical JSON: stable under key order, different when a rule changes', () => {
    const a = policyFromJson(Parcel, courierJson);
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    const reordered = reverseKeys(courierJson);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(courierJson));
    const swapped = { ...(courierJson as object), rules: [...spec.rules].reverse() };
    expect(a.policyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.policyHash).toBe(createHash('sha256').update(canonicalJson(a.spec)).digest('hex'));
    expect(policyFromJson(Parcel, reordered).policyHash).toBe(a.policyHash);
    const changed = {
      ...spec,
      rules: spec.rules.map((r) => (r.id === 'ops-basic' ? { ...r, grant: 'mask' as const } : r)),
    };
    expect(policyFromJson(Parcel, changed).policyHash).not.toBe(a.policyHash);
    // The rule list is part of the document: its order is hashed even though decisions ignore it.
    expect(policyFromJson(Parcel, swapped).policyHash).not.toBe(a.policyHash);
  });

  it('the SHA-256 implementation agrees with node:crypto', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(Buffer.from(sha256(b)).toString('hex')).toBe(createHash('sha256').update(b).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('hooks', () => {
  it('onDecision sees every request and decision', () => {
    const seen: Array<[PolicyRequest, PolicyDecision]> = [];
    const p = policyFromJson(Parcel, courierJson, { onDecision: (r, d) => seen.push([r, d]) });
    const r = base();
    const d = p.decide(r);
    expect(seen).toEqual([[r, d]]);
  });

  it('a deny list forces deny for listed actors, and follows changes to the list', () => {
    const blocked = new Set<string>();
    const p = policyFromJson(Parcel, courierJson, { denyList: blocked });
    expect(p.decide(base()).record).toBe(true);
    blocked.add('c-7');
    const d = p.decide(base());
    expect(d.forced).toBe('deny-list');
    expect(d.record).toBe(false);
    expect(Object.values(d.fields).every((f) => f.effect === 'deny')).toBe(true);
    blocked.delete('c-7');
    expect(p.decide(base()).fields['recipient.address'].effect).toBe('allow');
  });

  it('with an audit log every decision appends an access event with effects and rule ids, never values', async () => {
    const sink = memorySink();
    const p = policyFromJson(Parcel, courierJson, { audit: createAuditLog({ sink }) });
    p.decide(base({ recordId: 'P-1001' }));
    p.decide(base({ recordId: 'P-1002', actor: { id: 'c-9', roles: ['courier'] } }));
    await p.flush();
    expect(sink.entries).toHaveLength(2);
    const e = sink.entries[0]!;
    expect(e.kind).toBe('access.decision');
    expect(e.actor).toBe('c-7');
    expect(e.records).toEqual(['P-1001']);
    expect(e.paths).toContain('recipient.address');
    const data = e.data as Record<string, unknown>;
    expect(data.policyHash).toBe(p.policyHash);
    expect((data.fields as Record<string, string>)['recipient.phone']).toBe('mask');
    expect((data.fieldRules as Record<string, string[]>)['recipient.phone']).toEqual([
      'courier-delivery-contact',
    ]);
    const text = JSON.stringify(sink.entries);
    for (const v of ['13812345678', '香港中路', '张三', '3-2-1234']) expect(text).not.toContain(v);
    expect((sink.entries[1]!.data as { record: boolean }).record).toBe(false);
  });

  it('a failed audit append surfaces in flush() and blocks policy.view()', async () => {
    const errors: unknown[] = [];
    const p = policyFromJson(Parcel, courierJson, {
      audit: { append: () => Promise.reject(new Error('disk full')) },
      onAuditError: (e) => errors.push(e),
    });
    const d = p.decide(base({ recordId: 'P-1' }));
    await expect(p.flush()).rejects.toMatchObject({ code: 'AUDIT_SINK_FAILED' });
    await expect(
      p.view({ open: async () => ({}) } as unknown as ViewVault, Parcel, parcel(), d, { recordId: 'P-1' }),
    ).rejects.toMatchObject({
      code: 'AUDIT_SINK_FAILED',
    });
    expect(errors).toHaveLength(1);
  });
});

describe('consent claims from courier-pii/consent', () => {
  it('a verified token raises fields within its scope and the policy', async () => {
    const key = generateSigningKey();
    const { token } = await grant({
      issuer: { id: 'sf-2026', secretKey: key.secretKey },
      subject: 'cust-r1',
      grantee: 'cs-12',
      purpose: 'customer_service',
      resource: 'P-1001',
      scope: { 'recipient.*': 'allow' },
      expiresAt: Date.now() + 3_600_000,
    });
    const claims = await verify(token, {
      issuers: { 'sf-2026': key.publicKey },
      grantee: 'cs-12',
      purpose: 'customer_service',
      resource: 'P-1001',
      revocations: createMemoryRevocationStore(),
    });
    const p = policyFromJson(Parcel, courierJson);
    const d = p.decide({
      actor: { id: 'cs-12', roles: ['cs_agent'] },
      purpose: 'customer_service',
      recordId: 'P-1001',
      resource: parcel({ serviceUntil: Date.now() + 3_600_000 }),
      context: { consent: claims },
    });
    expect(d.fields['recipient.phone'].effect).toBe('allow');
    expect(d.fields['recipient.idNumber'].effect).toBe('mask');
    expect(d.fields['sender.phone'].effect).toBe('mask');
    expect(d.consentTokenId).toBe(claims.tokenId);
  });
});

describe('decide', () => {
  it('decideMany decides each record of a page for the same actor', () => {
    const p = policyFromJson(Parcel, courierJson);
    const ds = p.decideMany({ actor: courier, purpose: 'delivery', context: { now: NOW } }, [
      { resource: parcel(), recordId: 'P-1' },
      { resource: parcel({ courierId: 'c-9' }), recordId: 'P-2' },
      { resource: parcel({ status: 'in_transit' }), recordId: 'P-3' },
    ]);
    expect(ds.map((d) => [d.record, d.fields['recipient.address'].effect])).toEqual([
      [true, 'allow'],
      [false, 'deny'],
      [true, 'deny'],
    ]);
  });

  it('decides correctly for role sets with more conditional rules than are memoized', () => {
    const rules: PolicySpec['rules'] = Array.from({ length: 14 }, (_, i) => ({
      id: `g${String(i).padStart(2, '0')}`,
      roles: ['courier'],
      when: [['resource.weightKg', '>', i]] as const,
      fields: ['status'],
      grant: i % 2 ? ('allow' as const) : ('mask' as const),
    }));
    const p = policyFromJson(Parcel, mini([...rules, { id: 'rec', roles: ['courier'], record: 'allow' }]));
    const at = (w: number) => p.decide(base({ resource: parcel({ weightKg: w }) })).fields.status;
    expect(at(4.5)).toEqual({ effect: 'allow', rules: ['g00', 'g01', 'g02', 'g03', 'g04'] });
    expect(at(0.5)).toEqual({ effect: 'mask', rules: ['g00'] });
    expect(at(0)).toEqual({ effect: 'deny', rules: [] });
    expect(at(4.5)).toEqual({ effect: 'allow', rules: ['g00', 'g01', 'g02', 'g03', 'g04'] });
  });

  it('returns frozen decisions covering every field of the schema', () => {
    const p = policyFromJson(Parcel, courierJson);
    const d = p.decide(base());
    expect(Object.isFrozen(d) && Object.isFrozen(d.fields) && Object.isFrozen(d.fields.status)).toBe(true);
    expect(Object.keys(d.fields)).toEqual([...p.paths]);
  });

  it('rejects a request without an actor as INVALID_ARGUMENT', () => {
    const p = policyFromJson(Parcel, courierJson);
    expect(() => p.decide({ purpose: 'delivery' } as unknown as PolicyRequest)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('definePolicy accepts a typed document with wildcards', () => {
    const S = z.object({
      id: z.string(),
      who: pii.subject('who', z.object({ name: pii.name(), phone: pii.phone() })),
    });
    const p = definePolicy(S, {
      id: 'typed',
      version: '2026-11',
      purposes: ['support'],
      roles: ['agent'],
      rules: [
        { id: 'rec', roles: ['agent'], record: 'allow' },
        {
          id: 'who',
          roles: ['agent'],
          fields: ['who.*'],
          grant: 'mask',
          when: [['resource.id', 'exists', true]],
        },
      ],
    });
    const d = p.decide({ actor: { id: 'a-1', roles: ['agent'] }, purpose: 'support', resource: { id: 'x' } });
    expect(d.fields['who.phone'].effect).toBe('mask');
    expect(d.fields.id.effect).toBe('deny');
  });
});

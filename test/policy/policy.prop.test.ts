// Properties of the decision semantics on random policies and requests, and a cross-check of the
// compiled engine against a reference interpreter written here with plain loops.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  type Effect,
  type PolicyDecision,
  type PolicyRequest,
  type PolicyRule,
  type PolicySpec,
  policyFromJson,
} from 'courier-pii/policy';
import { pii } from 'courier-pii/schema';
import { canonicalJson } from '../../src/policy/hash.js';

const S = z.object({
  a: z.number().optional(),
  b: z.enum(['x', 'y', 'z']).optional(),
  p: pii.subject('p', z.object({ name: pii.name(), phone: pii.phone(), address: pii.address() })),
  q: z.object({ phone: pii.phone(), note: pii.freeText() }),
});
const FIELDS: string[] = ['a', 'b', 'p.name', 'p.phone', 'p.address', 'q.phone', 'q.note'];
const PATTERNS = [...FIELDS, 'p.*', 'q.*', '**'];
const ROLES = ['r1', 'r2', 'r3'];
const PURPOSES = ['p1', 'p2'];
const ATTRS = [
  'resource.a',
  'resource.b',
  'resource.p.name',
  'actor.id',
  'actor.attrs.x',
  'context.now',
  'context.consent.subject',
  'context.consent.resource',
  'context.recordId',
];
// The conditions that tie a consent token to the record's customer (role p) or to the record.
const BIND_P = ['context.consent.subject', '==', { ref: 'resource.p.name' }] as const;
const BIND_P_REVERSED = ['resource.p.name', '==', { ref: 'context.consent.subject' }] as const;
const BIND_RECORD = ['context.consent.resource', '==', { ref: 'context.recordId' }] as const;
const OPS = ['==', '!=', 'in', 'not_in', '<', '<=', '>', '>=', 'exists'] as const;
const RANK: Record<Effect, number> = { deny: 0, mask: 1, allow: 2 };

// ---------- generators ----------
const literal = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y', 'z', 'u1', 'u2'));
const randomCondition = fc
  .tuple(
    fc.constantFrom(...ATTRS),
    fc.constantFrom(...OPS),
    literal,
    fc.array(literal, { maxLength: 3 }),
    fc.boolean(),
    fc.constantFrom(...ATTRS),
    fc.boolean(),
  )
  .map(([attr, op, lit, list, useRef, ref, ex]) => {
    if (op === 'exists') return [attr, op, ex] as const;
    if (useRef) return [attr, op, { ref }] as const;
    if (op === 'in' || op === 'not_in') return [attr, op, list] as const;
    // A time attribute compared with a literal string must be a date; keep time comparisons numeric.
    return [attr, op, attr === 'context.now' && typeof lit === 'string' ? lit.length : lit] as const;
  });
const condition = fc.oneof(
  { arbitrary: randomCondition, weight: 6 },
  { arbitrary: fc.constantFrom(BIND_P, BIND_P_REVERSED, BIND_RECORD), weight: 1 },
);
const subsetOf = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });

const ruleBody = fc.record(
  {
    roles: subsetOf(ROLES),
    purposes: subsetOf(PURPOSES),
    when: fc.array(condition, { maxLength: 2 }),
    anyOf: fc.array(fc.array(condition, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }),
    fields: fc.subarray(PATTERNS, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['fields'] },
);
const grantRule = fc
  .tuple(
    ruleBody,
    fc.constantFrom('allow', 'mask', 'consent') as fc.Arbitrary<'allow' | 'mask' | 'consent'>,
    fc.boolean(),
  )
  .map(
    ([b, grant, rec]): Omit<PolicyRule, 'id'> => ({
      ...b,
      grant,
      ...(rec ? { record: 'allow' as const } : {}),
    }),
  );
const limitRule = fc
  .tuple(ruleBody, fc.constantFrom('mask', 'deny') as fc.Arbitrary<'mask' | 'deny'>, fc.boolean())
  .map(
    ([b, limit, rec]): Omit<PolicyRule, 'id'> => ({
      ...b,
      limit,
      ...(rec ? { record: 'deny' as const } : {}),
    }),
  );
const recordRule = fc
  .tuple(ruleBody, fc.constantFrom('allow', 'deny') as fc.Arbitrary<'allow' | 'deny'>)
  .map(([{ fields: _f, ...b }, record]): Omit<PolicyRule, 'id'> => ({ ...b, record }));
const anyRule = fc.oneof(
  { arbitrary: grantRule, weight: 4 },
  { arbitrary: limitRule, weight: 2 },
  { arbitrary: recordRule, weight: 2 },
);

function withIds(rules: Array<Omit<PolicyRule, 'id'>>, prefix = 'r'): PolicyRule[] {
  return rules.map((r, i) => ({ id: `${prefix}${String(i).padStart(2, '0')}`, ...r }));
}
const specArb = fc.array(anyRule, { maxLength: 16 }).map(
  (rules): PolicySpec => ({
    id: 'prop',
    version: 1,
    purposes: PURPOSES,
    roles: ROLES,
    actorAttrs: ['x'],
    rules: withIds(rules),
  }),
);

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const requestArb: fc.Arbitrary<PolicyRequest> = fc
  .record({
    id: fc.constantFrom('u1', 'u2'),
    roles: fc.subarray([...ROLES, 'zz']),
    x: maybe(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant('x'))),
    purpose: fc.constantFrom('p1', 'p2', 'p1', 'p2', 'nope'),
    a: maybe(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant('x'))),
    b: maybe(fc.constantFrom('x', 'y', 'z')),
    name: maybe(fc.constantFrom('x', 'u1', 'u2')),
    now: fc.integer({ min: 0, max: 3 }),
    recordId: fc.constantFrom('rec1', 'rec2'),
    subjects: maybe(fc.constantFrom<Record<string, string>>({ p: 'x' }, { p: 'u1' }, { q: 'x' }, {})),
    consent: maybe(
      fc.record({
        tokenId: fc.constant('t1'),
        subject: fc.constantFrom('x', 'u1'),
        grantee: fc.constantFrom('u1', 'u2'),
        purpose: fc.constantFrom('p1', 'p2'),
        resource: maybe(fc.constantFrom('rec1', 'rec2')),
        scope: fc.dictionary(
          fc.constantFrom(...PATTERNS),
          fc.constantFrom('allow', 'mask') as fc.Arbitrary<'allow' | 'mask'>,
          { maxKeys: 3 },
        ),
        expiresAt: fc.integer({ min: 0, max: 4 }),
      }),
    ),
  })
  .map((g) => ({
    actor: { id: g.id, roles: g.roles, ...(g.x === undefined ? {} : { attrs: { x: g.x } }) },
    purpose: g.purpose,
    recordId: g.recordId,
    ...(g.subjects === undefined ? {} : { subjects: g.subjects }),
    resource: {
      ...(g.a === undefined ? {} : { a: g.a }),
      ...(g.b === undefined ? {} : { b: g.b }),
      p: { ...(g.name === undefined ? {} : { name: g.name }), phone: 'cpii1.AAAA', address: 'cpii1.AAAA' },
      q: { phone: 'cpii1.AAAA', note: 'hello' },
    },
    context: {
      now: g.now,
      ...(g.consent === undefined
        ? {}
        : {
            consent:
              g.consent.resource === undefined ? (({ resource: _r, ...c }) => c)(g.consent) : g.consent,
          }),
    },
  }));

// ---------- reference interpreter: plain loops, no compilation ----------
type T3 = 0 | 1 | 2;
function attrValue(r: PolicyRequest, attr: string): unknown {
  const res = r.resource as { a?: unknown; b?: unknown; p: { name?: unknown } };
  if (attr === 'resource.a') return res.a;
  if (attr === 'resource.b') return res.b;
  if (attr === 'resource.p.name') return res.p.name;
  if (attr === 'actor.id') return r.actor.id;
  if (attr === 'actor.attrs.x') return r.actor.attrs?.x;
  if (attr === 'context.now') return r.context?.now;
  if (attr === 'context.consent.subject') return r.context?.consent?.subject;
  if (attr === 'context.consent.resource') return r.context?.consent?.resource;
  if (attr === 'context.recordId') return r.recordId;
  throw new Error(`unexpected attribute ${attr}`);
}
function refCondition(r: PolicyRequest, c: readonly [string, string, unknown]): T3 {
  const a = attrValue(r, c[0]);
  const op = c[1];
  if (op === 'exists') return (a !== undefined && a !== null) === c[2] ? 1 : 0;
  const operand = c[2];
  const b =
    typeof operand === 'object' && operand !== null && !Array.isArray(operand)
      ? attrValue(r, (operand as { ref: string }).ref)
      : operand;
  if (op === 'in' || op === 'not_in') {
    if (!Array.isArray(b) || a === undefined || a === null) return 2;
    let found = false;
    for (const x of b) if (x === a) found = true;
    if (op === 'in') return found ? 1 : 0;
    return found ? 0 : 1;
  }
  if (a === undefined || a === null || b === undefined || b === null) return 2;
  if (op === '==') return a === b ? 1 : 0;
  if (op === '!=') return a !== b ? 1 : 0;
  const bothNum = typeof a === 'number' && typeof b === 'number';
  const bothStr = typeof a === 'string' && typeof b === 'string';
  if (!bothNum && !bothStr) return 2;
  const x = a as number;
  const y = b as number;
  if (op === '<') return x < y ? 1 : 0;
  if (op === '<=') return x <= y ? 1 : 0;
  if (op === '>') return x > y ? 1 : 0;
  return x >= y ? 1 : 0;
}
function refAnd(r: PolicyRequest, cs: ReadonlyArray<readonly [string, string, unknown]>): T3 {
  let out: T3 = 1;
  for (const c of cs) {
    const t = refCondition(r, c);
    if (t === 0) return 0;
    if (t === 2) out = 2;
  }
  return out;
}
function refTruth(r: PolicyRequest, rule: PolicyRule): T3 {
  const w = refAnd(r, (rule.when ?? []) as never);
  if (w === 0) return 0;
  if (!rule.anyOf || rule.anyOf.length === 0) return w;
  let any: T3 = 0;
  for (const g of rule.anyOf) {
    const t = refAnd(r, g as never);
    if (t === 1) any = 1;
    else if (t === 2 && any === 0) any = 2;
  }
  if (any === 0) return 0;
  if (w === 2 || any === 2) return 2;
  return 1;
}
function matches(pattern: string, path: string): boolean {
  if (pattern === '**') return true;
  if (pattern.endsWith('.*')) return path.startsWith(pattern.slice(0, -1));
  return pattern === path;
}
function consentOk(r: PolicyRequest): boolean {
  const c = r.context?.consent;
  if (!c) return false;
  if (c.purpose !== r.purpose || c.grantee !== r.actor.id) return false;
  if (c.resource !== undefined && c.resource !== r.recordId) return false;
  return (r.context!.now as number) < (c.expiresAt as number);
}
// Whose data a field is: p.* fields belong to subject role p; the others to the record.
const roleOf = (f: string) => (f.startsWith('p.') ? 'p' : undefined);
const same = (c: readonly unknown[], d: readonly unknown[]) => JSON.stringify(c) === JSON.stringify(d);
/** A consent grant opens a field for a token bound to the record, or of the field's owner. */
function consentOwns(r: PolicyRequest, rule: PolicyRule, f: string): boolean {
  const c = r.context!.consent!;
  if (c.resource !== undefined) return true;
  const role = roleOf(f);
  if (role === undefined) return false;
  if (r.subjects !== undefined && Object.hasOwn(r.subjects, role)) return r.subjects[role] === c.subject;
  return (rule.when ?? []).some((w) => same(w, BIND_P) || same(w, BIND_P_REVERSED));
}
interface RefDecision {
  record: boolean;
  fields: Record<string, { effect: Effect; rules: string[] }>;
}
function reference(spec: PolicySpec, r: PolicyRequest): RefDecision {
  const deny = (): RefDecision => {
    const fields: RefDecision['fields'] = {};
    for (const f of FIELDS) fields[f] = { effect: 'deny', rules: [] };
    return { record: false, fields };
  };
  if (!spec.purposes.includes(r.purpose)) return deny();
  const roles: string[] = [];
  for (const x of r.actor.roles) if (spec.roles!.includes(x)) roles.push(x);
  if (roles.length === 0) return deny();
  const live: PolicyRule[] = [];
  for (const rule of spec.rules) {
    let roleOk = !rule.roles;
    for (const x of rule.roles ?? []) if (roles.includes(x)) roleOk = true;
    const purposeOk = !rule.purposes || rule.purposes.includes(r.purpose);
    if (roleOk && purposeOk) live.push(rule);
  }
  const applies = (rule: PolicyRule): boolean => {
    const t = refTruth(r, rule);
    if (rule.limit || rule.record === 'deny') return t !== 0;
    if (t !== 1) return false;
    return rule.grant !== 'consent' || consentOk(r);
  };
  let show = false;
  let hide = false;
  for (const rule of live) {
    if (rule.record === 'allow' && applies(rule)) show = true;
    if (rule.record === 'deny' && applies(rule)) hide = true;
  }
  if (!show || hide) return deny();
  const fields: RefDecision['fields'] = {};
  for (const f of FIELDS) {
    let grant = 0;
    let cap = 2;
    const ids: string[] = [];
    for (const rule of live) {
      if (!rule.fields?.some((p) => matches(p, f)) || !applies(rule)) continue;
      if (rule.limit) {
        cap = Math.min(cap, RANK[rule.limit]);
        ids.push(rule.id);
      } else if (rule.grant === 'consent') {
        let lvl = 0;
        if (consentOwns(r, rule, f))
          for (const [p, l] of Object.entries(r.context!.consent!.scope))
            if (matches(p, f)) lvl = Math.max(lvl, RANK[l]);
        if (lvl > 0) {
          grant = Math.max(grant, lvl);
          ids.push(rule.id);
        }
      } else if (rule.grant) {
        grant = Math.max(grant, RANK[rule.grant]);
        ids.push(rule.id);
      }
    }
    ids.sort();
    fields[f] = { effect: (['deny', 'mask', 'allow'] as const)[Math.min(grant, cap)]!, rules: ids };
  }
  return { record: true, fields };
}

function plain(d: PolicyDecision): RefDecision {
  const fields: RefDecision['fields'] = {};
  for (const f of FIELDS) fields[f] = { effect: d.fields[f]!.effect, rules: [...d.fields[f]!.rules] };
  return { record: d.record, fields };
}
const effects = (d: PolicyDecision) => FIELDS.map((f) => RANK[d.fields[f]!.effect]);

describe('policy semantics (fast-check)', () => {
  it('matches the reference interpreter on 2,000 random requests (and hashes canonically)', () => {
    fc.assert(
      fc.property(specArb, fc.array(requestArb, { minLength: 20, maxLength: 20 }), (spec, reqs) => {
        const policy = policyFromJson(S, spec);
        expect(policy.policyHash).toBe(createHash('sha256').update(canonicalJson(spec)).digest('hex'));
        for (const r of reqs) expect(plain(policy.decide(r))).toEqual(reference(spec, r));
      }),
      { numRuns: 100 },
    );
  });

  it('matches the reference on consent grants: bound to the record or to the field owner', () => {
    // Every request carries a token for this actor and purpose, and the record is always shown,
    // so each case exercises who owns the fields a consent grant reaches.
    const consentRule = fc
      .record({
        when: fc.constantFrom<PolicyRule['when']>(
          [],
          [BIND_P],
          [BIND_P_REVERSED],
          [BIND_RECORD],
          [['actor.id', '==', 'u1']],
        ),
        fields: fc.subarray(PATTERNS, { minLength: 1, maxLength: 3 }),
      })
      .map((b): Omit<PolicyRule, 'id'> => ({ ...b, grant: 'consent' }));
    const spec = fc.array(consentRule, { minLength: 1, maxLength: 4 }).map(
      (rules): PolicySpec => ({
        id: 'consent',
        version: 1,
        purposes: ['p1'],
        roles: ['r1'],
        rules: [{ id: 'a-record', record: 'allow' }, ...withIds(rules, 'c')],
      }),
    );
    const request = fc
      .record({
        recordId: fc.constantFrom('rec1', 'rec2'),
        name: maybe(fc.constantFrom('x', 'u1')),
        subjects: maybe(fc.constantFrom<Record<string, string>>({ p: 'x' }, { p: 'u1' }, { q: 'x' })),
        subject: fc.constantFrom('x', 'u1'),
        resource: maybe(fc.constantFrom('rec1', 'rec2')),
        scope: fc.dictionary(
          fc.constantFrom(...PATTERNS),
          fc.constantFrom('allow', 'mask') as fc.Arbitrary<'allow' | 'mask'>,
          { minKeys: 1, maxKeys: 3 },
        ),
      })
      .map(
        (g): PolicyRequest => ({
          actor: { id: 'u1', roles: ['r1'] },
          purpose: 'p1',
          recordId: g.recordId,
          ...(g.subjects === undefined ? {} : { subjects: g.subjects }),
          resource: { p: { ...(g.name === undefined ? {} : { name: g.name }) } },
          context: {
            now: 0,
            consent: {
              tokenId: 't1',
              subject: g.subject,
              grantee: 'u1',
              purpose: 'p1',
              ...(g.resource === undefined ? {} : { resource: g.resource }),
              scope: g.scope,
              expiresAt: 4,
            },
          },
        }),
      );
    let contributed = 0;
    fc.assert(
      fc.property(spec, fc.array(request, { minLength: 20, maxLength: 20 }), (sp, reqs) => {
        const policy = policyFromJson(S, sp);
        for (const r of reqs) {
          const d = policy.decide(r);
          if (d.consentTokenId !== undefined) contributed++;
          expect(plain(d)).toEqual(reference(sp, r));
        }
      }),
      { numRuns: 200 },
    );
    expect(contributed).toBeGreaterThan(400);
  });

  it('adding a limit rule never raises any effect or shows a hidden record', () => {
    fc.assert(
      fc.property(specArb, limitRule, requestArb, (spec, extra, r) => {
        const before = policyFromJson(S, spec).decide(r);
        const after = policyFromJson(S, {
          ...spec,
          rules: [...spec.rules, { id: 'zz-extra', ...extra }],
        }).decide(r);
        const b = effects(before);
        for (const [i, e] of effects(after).entries()) expect(e).toBeLessThanOrEqual(b[i]!);
        if (!before.record) expect(after.record).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('adding a grant rule never lowers any effect or hides a shown record', () => {
    fc.assert(
      fc.property(specArb, grantRule, requestArb, (spec, extra, r) => {
        const before = policyFromJson(S, spec).decide(r);
        const after = policyFromJson(S, {
          ...spec,
          rules: [...spec.rules, { id: 'zz-extra', ...extra }],
        }).decide(r);
        const b = effects(before);
        for (const [i, e] of effects(after).entries()) expect(e).toBeGreaterThanOrEqual(b[i]!);
        if (before.record) expect(after.record).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('an unknown purpose or an unknown role yields deny for every field', () => {
    fc.assert(
      fc.property(specArb, requestArb, fc.constantFrom('purpose', 'role'), (spec, r, which) => {
        const req =
          which === 'purpose'
            ? { ...r, purpose: 'marketing' }
            : { ...r, purpose: 'p1', actor: { ...r.actor, roles: ['intern', 'zz'] } };
        const d = policyFromJson(S, spec).decide(req);
        expect(d.record).toBe(false);
        expect(d.forced).toBe(which === 'purpose' ? 'unknown-purpose' : 'unknown-role');
        for (const f of FIELDS)
          expect((d.fields as Record<string, { effect: string }>)[f]!.effect).toBe('deny');
      }),
      { numRuns: 200 },
    );
  });

  it('decisions do not depend on rule order', () => {
    fc.assert(
      fc.property(specArb, requestArb, fc.nat(), (spec, r, seed) => {
        const shuffled = [...spec.rules];
        let s = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) % 2147483648;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const a = policyFromJson(S, spec).decide(r);
        const b = policyFromJson(S, { ...spec, rules: shuffled }).decide(r);
        expect(plain(b)).toEqual(plain(a));
        expect(b.recordRules).toEqual(a.recordRules);
      }),
      { numRuns: 300 },
    );
  });

  it('memoized decisions equal freshly computed ones across repeated requests', () => {
    fc.assert(
      fc.property(specArb, fc.array(requestArb, { minLength: 10, maxLength: 10 }), (spec, reqs) => {
        const policy = policyFromJson(S, spec);
        const first = reqs.map((r) => plain(policy.decide(r)));
        const again = reqs.map((r) => plain(policy.decide(r)));
        expect(again).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });
});

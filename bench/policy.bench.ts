// Policy decisions vs CASL (@casl/ability, cached ability) in one process. Both sides produce,
// per record, record visibility plus per field an effect and the rule behind it (CASL: an
// `read` / `readMasked` action pair standing in for allow / mask, `relevantRuleFor` for the
// reason). Requests rotate over assigned / unassigned / status / weight variants so neither
// side decides the same request every call. `benchPolicy20()` is exported for the monitor bench.
import { readFileSync } from 'node:fs';
import { AbilityBuilder, createMongoAbility, subject as caslSubject } from '@casl/ability';
import * as z from 'zod';
import { createKeyring, createVault, generateKey, memoryKeyStore } from '../src/crypto/index.js';
import { type Policy, type PolicyRequest, type PolicySpec, policyFromJson } from '../src/policy/index.js';
import { pii } from '../src/schema/index.js';
import { type BenchRow, compare } from './lib.js';

const Party = z.object({
  customerId: z.string().optional(),
  name: pii.name(),
  phone: pii.phone(),
  address: pii.address(),
  idNumber: pii.idNumber().optional(),
});

/** The 20-field parcel of examples/06-courier-views.ts and examples/policies/courier.json. */
export const Parcel20 = z.object({
  waybillNo: pii.waybillNo(),
  status: z.enum(['created', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'returned']),
  stationId: z.string(),
  courierId: z.string().optional(),
  carrierId: z.string().optional(),
  weightKg: z.number().nonnegative(),
  attempts: z.number().int().nonnegative(),
  serviceUntil: z.number().optional(),
  sender: pii.subject('sender', Party),
  recipient: pii.subject('recipient', Party),
  pickupCode: pii.pickupCode().optional(),
  deliveryNote: pii.freeText({ max: 500, level: 'sensitive' }).optional(),
});

/** The 2-field courier record: whose parcel it is, and the phone to call. */
const Parcel2 = z.object({ courierId: z.string(), phone: pii.phone() });

const SEALED = 'cpii1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

function parcel20(over: Record<string, unknown>) {
  const party = (id: string) => ({
    customerId: id,
    name: '张三',
    phone: SEALED,
    address: SEALED,
    idNumber: SEALED,
  });
  return {
    waybillNo: 'SF1381234567890',
    status: 'out_for_delivery',
    stationId: 'st-qd-01',
    courierId: 'c-7',
    carrierId: 'pc-zto',
    weightKg: 2.5,
    attempts: 0,
    serviceUntil: Date.now() + 86_400_000,
    sender: party('cust-s1'),
    recipient: party('cust-r1'),
    pickupCode: SEALED,
    deliveryNote: SEALED,
    ...over,
  };
}

/**
 * The 20-field measurement: the courier policy, and rotating courier requests over 20-field
 * parcels (assigned out for delivery, unassigned, in transit, bulky). For reuse by other benches.
 *
 * @param options - hooks to install on the policy (as `definePolicy` options)
 * @returns the compiled policy and the requests to cycle through
 */
export function benchPolicy20(options: Parameters<typeof policyFromJson>[2] = {}): {
  policy: Policy<typeof Parcel20>;
  requests: PolicyRequest[];
} {
  const json = JSON.parse(
    readFileSync(new URL('../examples/policies/courier.json', import.meta.url), 'utf8'),
  );
  const policy = policyFromJson(Parcel20, json, options);
  const actor = { id: 'c-7', roles: ['courier'] };
  const requests = [
    parcel20({}),
    parcel20({ courierId: 'c-9' }),
    parcel20({ status: 'in_transit' }),
    parcel20({ weightKg: 45 }),
  ].map((resource, i) => ({ actor, purpose: 'delivery', resource, recordId: `P-${i}` }));
  return { policy, requests };
}

type Effect = 'allow' | 'mask' | 'deny';
interface Out {
  record: boolean;
  fields: Record<string, { effect: Effect; rules: string[] }>;
}

/** CASL with the same rules for one courier: record, allow (read) and mask (readMasked) per field. */
function caslFor(userId: string, twenty: boolean) {
  const { can, cannot, build } = new AbilityBuilder(createMongoAbility);
  if (!twenty) {
    can('read', 'Parcel', { courierId: userId }).because('record');
    can('read', 'Parcel', ['courierId']).because('ops');
    can('readMasked', 'Parcel', ['phone'], { courierId: userId }).because('phone-masked');
    return build();
  }
  const ofd = { courierId: userId, status: 'out_for_delivery' };
  can('view', 'Parcel', { courierId: userId }).because('courier-assigned-record');
  can('read', 'Parcel', ['waybillNo', 'status', 'weightKg', 'attempts']).because('ops-basic');
  can('read', 'Parcel', ['stationId', 'courierId', 'carrierId', 'serviceUntil']).because('ops-routing');
  can('read', 'Parcel', ['recipient.address'], ofd).because('courier-delivery-address');
  can('read', 'Parcel', ['recipient.phone'], { ...ofd, weightKg: { $gt: 30 } }).because(
    'courier-bulky-phone',
  );
  can('readMasked', 'Parcel', ['recipient.name', 'recipient.phone'], ofd).because('courier-delivery-contact');
  cannot('read', 'Parcel', ['sender.idNumber', 'recipient.idNumber']).because('frontline-no-id-numbers');
  cannot('readMasked', 'Parcel', ['sender.idNumber', 'recipient.idNumber']).because(
    'frontline-no-id-numbers',
  );
  return build();
}

function caslDecide(
  ability: ReturnType<typeof caslFor>,
  recordAction: string,
  s: object,
  paths: readonly string[],
): Out {
  const fields: Out['fields'] = {};
  for (const f of paths) {
    const r = ability.relevantRuleFor('read', s as never, f);
    if (r && !r.inverted) {
      fields[f] = { effect: 'allow', rules: [r.reason ?? ''] };
      continue;
    }
    const m = ability.relevantRuleFor('readMasked', s as never, f);
    fields[f] =
      m && !m.inverted
        ? { effect: 'mask', rules: [m.reason ?? ''] }
        : { effect: 'deny', rules: r ? [r.reason ?? ''] : [] };
  }
  return { record: ability.can(recordAction, s as never), fields };
}

/** A synthetic 100-rule policy over the 20-field parcel (10 roles, 7 purposes). */
export function spec100(): PolicySpec {
  const paths = [
    'recipient.name',
    'recipient.phone',
    'recipient.address',
    'sender.name',
    'sender.phone',
    'sender.address',
    'pickupCode',
    'status',
  ];
  const purposes = ['delivery', 'pickup', 'customer_service', 'billing', 'audit', 'analytics', 'legal_hold'];
  const roles = Array.from({ length: 10 }, (_, i) => `role-${i}`);
  const rules: PolicySpec['rules'][number][] = [];
  for (let i = 0; i < 100; i++) {
    const role = roles[i % 10]!;
    const purpose = purposes[i % 7]!;
    const kind = i % 5;
    const when = [
      ['resource.courierId', '==', { ref: 'actor.id' }],
      ['resource.status', 'in', ['in_transit', 'out_for_delivery']],
      ['resource.weightKg', '<', 10 + i],
    ] as const;
    if (kind === 0)
      rules.push({ id: `rec-${i}`, roles: [role], purposes: [purpose], when: [when[0]], record: 'allow' });
    else if (kind === 4)
      rules.push({
        id: `cap-${i}`,
        roles: [role],
        fields: [paths[i % paths.length]!],
        limit: i % 2 ? 'mask' : 'deny',
      });
    else
      rules.push({
        id: `grant-${i}`,
        roles: [role],
        purposes: [purpose],
        when: when.slice(0, kind),
        fields: [paths[i % paths.length]!, paths[(i + 3) % paths.length]!, 'sender.*'],
        grant: i % 2 ? 'allow' : 'mask',
      });
  }
  return { id: 'bench-100', version: 1, purposes, roles, rules };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];

  // compile (first, before the CASL rows fill the heap)
  const s100 = spec100();
  rows.push(
    await compare({
      group: 'policy',
      name: 'compile a 100-rule policy (20-field schema)',
      ours: () => policyFromJson(Parcel20, s100),
      target: '< 5 ms (>= 200/s)',
      targetMin: 200,
      batch: 1,
      note: 'compiles/s',
    }),
  );
  // The same in CPU time of this process, which other processes on a shared machine do not inflate.
  for (let w = 0; w < 50; w++) policyFromJson(Parcel20, s100);
  const n100 = Number(process.env.BENCH_COMPILES ?? 200);
  const cpu0 = process.cpuUsage();
  for (let w = 0; w < n100; w++) policyFromJson(Parcel20, s100);
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / n100;
  rows.push({
    group: 'policy',
    name: 'compile a 100-rule policy (20-field schema), CPU time',
    opsPerSec: 1000 / cpuMs,
    target: '< 5 ms (>= 200/s)',
    targetMin: 200,
    note: `${cpuMs.toFixed(2)} ms CPU per compile (process.cpuUsage, all threads)`,
  });

  // 2-field record
  const p2 = policyFromJson(Parcel2, {
    id: 'two',
    version: 1,
    purposes: ['delivery'],
    roles: ['courier'],
    rules: [
      {
        id: 'record',
        roles: ['courier'],
        when: [['resource.courierId', '==', { ref: 'actor.id' }]],
        record: 'allow',
      },
      { id: 'ops', roles: ['courier'], fields: ['courierId'], grant: 'allow' },
      {
        id: 'phone-masked',
        roles: ['courier'],
        when: [['resource.courierId', '==', { ref: 'actor.id' }]],
        fields: ['phone'],
        grant: 'mask',
      },
    ],
  });
  const actor = { id: 'c-7', roles: ['courier'] };
  const recs2 = [
    { courierId: 'c-7', phone: SEALED },
    { courierId: 'c-9', phone: SEALED },
  ];
  const reqs2: PolicyRequest[] = recs2.map((resource) => ({ actor, purpose: 'delivery', resource }));
  const ability2 = caslFor('c-7', false);
  const subj2 = recs2.map((r) => caslSubject('Parcel', { ...r }));
  const paths2 = ['courierId', 'phone'];
  let i = 0;
  let j = 0;
  rows.push(
    await compare({
      group: 'policy',
      name: 'decide, 2-field courier record, with reasons',
      ours: () => p2.decide(reqs2[i++ & 1]!),
      peer: {
        name: 'CASL 7 cached ability (can + relevantRuleFor per field)',
        fn: () => caslDecide(ability2, 'read', subj2[j++ & 1]!, paths2),
      },
      target: '>= 2x CASL',
      targetMin: 2,
    }),
  );

  // 20-field record
  const { policy: p20, requests } = benchPolicy20();
  const ability20 = caslFor('c-7', true);
  const subj20 = requests.map((r) => caslSubject('Parcel', flat(r.resource as Record<string, unknown>)));
  const paths20 = p20.paths as readonly string[];
  let k = 0;
  rows.push(
    await compare({
      group: 'policy',
      name: 'decide, 20-field parcel, with reasons',
      ours: () => p20.decide(requests[k++ & 3]!),
      target: '>= 200,000/s',
      targetMin: 200_000,
    }),
  );
  let m = 0;
  let n = 0;
  rows.push(
    await compare({
      group: 'policy',
      name: 'decide, 20-field parcel, with reasons (vs CASL)',
      ours: () => p20.decide(requests[m++ & 3]!),
      peer: {
        name: 'CASL 7 cached ability (can + relevantRuleFor per field)',
        fn: () => caslDecide(ability20, 'view', subj20[n++ & 3]!, paths20),
      },
    }),
  );

  rows.push(await pageRow());
  return rows;
}

/**
 * A courier's list screen: a page of 50 sealed 20-field parcels (50 recipients, 10 senders, the
 * courier policy of examples/policies/courier.json), decided with `decideMany` and shown with
 * `policy.viewMany`, against the same page opened with `vault.openMany` and no policy. Keys are
 * cached (a page after the first).
 */
export async function pageRow(): Promise<BenchRow> {
  const json = JSON.parse(
    readFileSync(new URL('../examples/policies/courier.json', import.meta.url), 'utf8'),
  );
  const policy = policyFromJson(Parcel20, json);
  const vault = createVault({
    keyring: createKeyring({ keks: [{ id: 'kek-1', key: generateKey() }], active: 'kek-1' }),
    keyStore: memoryKeyStore(),
    indexKey: generateKey(),
  });
  const items: Array<{ record: Record<string, unknown>; recordId: string }> = [];
  for (let i = 0; i < 50; i++) {
    const recordId = `P-${i}`;
    const { record } = await vault.seal(
      Parcel20,
      {
        waybillNo: `SF${1_381_234_567_000 + i}`,
        status: i % 5 === 4 ? 'in_transit' : 'out_for_delivery',
        stationId: 'st-qd-01',
        courierId: 'c-7',
        weightKg: 2.5,
        attempts: 0,
        serviceUntil: Date.now() + 86_400_000,
        sender: {
          customerId: `m-${i % 10}`,
          name: '欧阳娜娜',
          phone: '13912345678',
          address: '浙江省杭州市西湖区文三路100号',
          idNumber: '11010519491231002X',
        },
        recipient: {
          customerId: `r-${i}`,
          name: '张三',
          phone: '13812345678',
          address: '山东省青岛市市南区香港中路61号',
        },
        pickupCode: '3-2-1234',
        deliveryNote: '放门口',
      },
      { recordId, subjects: { sender: `m-${i % 10}`, recipient: `r-${i}` }, indexes: false },
    );
    items.push({ record: record as Record<string, unknown>, recordId });
  }
  const base = { actor: { id: 'c-7', roles: ['courier'] }, purpose: 'delivery' };
  const asResources = items.map((it) => ({ resource: it.record, recordId: it.recordId }));
  const row = await compare({
    group: 'policy',
    name: 'a page of 50 sealed 20-field parcels: decideMany + policy.viewMany (courier policy)',
    ours: async () => {
      const ds = policy.decideMany(base, asResources);
      return policy.viewMany(
        vault,
        Parcel20,
        items.map((it, i) => ({ record: it.record, decision: ds[i]!, recordId: it.recordId })),
      );
    },
    peer: {
      name: 'the same page through vault.openMany, no policy',
      fn: () => vault.openMany(Parcel20, items),
    },
    batch: 1,
    rounds: 5,
    note: 'pages/s; cached keys; the views open the fields the courier may see (masked or in full), the peer opens all',
  });
  return row;
}

/** CASL matches dotted field names against flat keys; conditions read top-level keys. */
function flat(o: Record<string, unknown>): Record<string, unknown> {
  return { ...o };
}

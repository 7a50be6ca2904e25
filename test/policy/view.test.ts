import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type Keyring, createVault } from 'courier-pii/crypto';
import { maskers } from 'courier-pii/mask';
import { definePolicy, view, viewMany } from 'courier-pii/policy';
import { pii } from 'courier-pii/schema';
import { countingOpens, memoryVault } from '../support/vaults.js';

const S = z.object({
  courierId: z.string(),
  recipient: pii.subject(
    'recipient',
    z.object({
      name: pii.name(),
      phone: pii.phone(),
      address: pii.address(),
      idNumber: pii.idNumber().optional(),
    }),
  ),
  point: pii.geo().optional(),
  photo: pii.tag(z.string(), { level: 'sensitive', kind: 'image' }).optional(),
});

const policy = definePolicy(S, {
  id: 'v',
  version: 1,
  purposes: ['delivery'],
  roles: ['courier'],
  rules: [
    {
      id: 'rec',
      roles: ['courier'],
      when: [['resource.courierId', '==', { ref: 'actor.id' }]],
      record: 'allow',
    },
    { id: 'addr', roles: ['courier'], fields: ['recipient.address'], grant: 'allow' },
    {
      id: 'masked',
      roles: ['courier'],
      fields: ['recipient.phone', 'recipient.name', 'point', 'photo'],
      grant: 'mask',
    },
  ],
});

function counting(keyring: Keyring): { keyring: Keyring; unwraps: () => number } {
  let n = 0;
  const proxy = new Proxy(keyring, {
    get(t, p) {
      const v = Reflect.get(t, p);
      if (p === 'unwrap' && typeof v === 'function') {
        return (...args: unknown[]) => {
          n++;
          return (v as (...a: unknown[]) => unknown).apply(t, args);
        };
      }
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
  return { keyring: proxy, unwraps: () => n };
}

async function setup() {
  const { vault: sealer, keyring, keyStore, indexKey } = memoryVault();
  const value = {
    courierId: 'c-7',
    recipient: {
      name: '张三',
      phone: '13812345678',
      address: '山东省青岛市市南区香港中路61号',
      idNumber: '11010519491231002X',
    },
    point: { lat: 36.06719, lng: 120.38264 },
    photo: 'aGVsbG8=',
  };
  const records = [];
  for (let i = 0; i < 5; i++) {
    records.push(
      (await sealer.seal(S, S.parse(value), { recordId: `P-${i}`, subjects: { recipient: 'cust-r1' } }))
        .record,
    );
  }
  const c = counting(keyring);
  const reader = createVault({ keyring: c.keyring, keyStore, indexKey });
  return { reader, records, unwraps: c.unwraps, plain: S.parse(value) };
}

const req = (resource: unknown, id = 'c-7', recordId = 'P-0') => ({
  actor: { id, roles: ['courier'] },
  purpose: 'delivery',
  resource,
  recordId,
});

describe('view', () => {
  it('decrypts only allowed and masked fields, masks with the kind masker, omits the rest', async () => {
    const { reader, records, plain } = await setup();
    const opened: string[][] = [];
    const spy = {
      open: (s: typeof S, r: unknown, o: { recordId: string; paths?: string[] }) => {
        opened.push([...(o.paths ?? [])].sort());
        return reader.open(s, r as never, o);
      },
    };
    const d = policy.decide(req(records[0]));
    const v = await view(spy as never, S, records[0], d, { recordId: 'P-0' });
    expect(opened).toEqual([['photo', 'point', 'recipient.address', 'recipient.phone']]);
    expect(v).toEqual({
      recipient: {
        name: maskers.name(plain.recipient.name),
        phone: maskers.phone(plain.recipient.phone),
        address: plain.recipient.address,
      },
      point: { lat: 36.06, lng: 120.38 },
    });
  });

  it('shows nothing of a record the decision hides, without decrypting', async () => {
    const { records } = await setup();
    let calls = 0;
    const d = policy.decide(req(records[0], 'c-9'));
    expect(d.record).toBe(false);
    const v = await view(
      {
        open: async () => {
          calls++;
          return {};
        },
      } as never,
      S,
      records[0],
      d,
      { recordId: 'P-0' },
    );
    expect(v).toEqual({});
    expect(calls).toBe(0);
  });

  it('viewMany unwraps each subject key once for a whole page', async () => {
    const { reader, records, unwraps } = await setup();
    const ds = policy.decideMany(
      { actor: { id: 'c-7', roles: ['courier'] }, purpose: 'delivery' },
      records.map((r, i) => ({ resource: r, recordId: `P-${i}` })),
    );
    const vs = await viewMany(
      reader,
      S,
      records.map((record, i) => ({ record, decision: ds[i]!, recordId: `P-${i}` })),
    );
    expect(vs).toHaveLength(5);
    expect(vs.every((v) => v.recipient?.address === '山东省青岛市市南区香港中路61号')).toBe(true);
    // recipient fields use the customer's key; point and photo use each record's own key.
    expect(unwraps()).toBe(1 + 5);
  });

  it('viewMany opens the page once through openMany and gives what view gives record by record', async () => {
    const { reader, records } = await setup();
    const actors = ['c-7', 'c-8', 'c-7', 'c-7', 'c-9'];
    const items = records.map((record, i) => ({
      record,
      decision: policy.decide({ ...req(record, actors[i]), recordId: `P-${i}` }),
      recordId: `P-${i}`,
    }));
    const { vault: spy, calls } = countingOpens(reader);
    const vs = await viewMany(spy, S, items);
    expect(calls).toEqual({ open: 0, openMany: 1 });
    const one = [];
    for (const it of items)
      one.push(await view(reader, S, it.record, it.decision, { recordId: it.recordId }));
    expect(vs).toEqual(one);
    expect(vs[1]).toEqual({}); // c-8 is not this parcel's courier
    expect(vs[0]!.recipient!.phone).toBe(maskers.phone('+8613812345678'));
    // a vault without openMany: one open per shown record, same views
    const onlyOpen = { open: spy.open } as unknown as Pick<typeof reader, 'open'>;
    calls.open = 0;
    expect(await viewMany(onlyOpen, S, items)).toEqual(one);
    expect(calls.open).toBe(3);
  });

  it('viewMany checks every decision before opening anything; policy.viewMany takes only its own decisions', async () => {
    const { reader, records } = await setup();
    const { vault: spy, calls } = countingOpens(reader);
    const good = policy.decide(req(records[0], 'c-7', 'P-0'));
    const replayed = { record: records[1], decision: good, recordId: 'P-1' };
    for (const bad of [replayed, { record: records[1], decision: { ...good }, recordId: 'P-1' }]) {
      await expect(
        viewMany(spy, S, [{ record: records[0], decision: good, recordId: 'P-0' }, bad]),
      ).rejects.toMatchObject({ code: 'DECISION_INVALID' });
    }
    expect(calls).toEqual({ open: 0, openMany: 0 });
    // a decision of another policy: viewMany shows it, policy.viewMany refuses it as policy.view does
    const other = definePolicy(S, { ...(policy.spec as object), id: 'v-other' } as never);
    const foreign = other.decide(req(records[0], 'c-7', 'P-0'));
    const items = [{ record: records[0], decision: foreign, recordId: 'P-0' }];
    expect((await viewMany(reader, S, items))[0]!.recipient?.address).toBe('山东省青岛市市南区香港中路61号');
    await expect(policy.viewMany(reader, S, items)).rejects.toMatchObject({ code: 'DECISION_INVALID' });
    await expect(policy.view(reader, S, records[0], foreign, { recordId: 'P-0' })).rejects.toMatchObject({
      code: 'DECISION_INVALID',
    });
  });

  it('policy.viewMany waits for the audit and views the page', async () => {
    const { reader, records } = await setup();
    let appended = 0;
    const audited = definePolicy(S, policy.spec as never, {
      audit: {
        append: async () => {
          await new Promise((r) => setTimeout(r, 5));
          appended++;
          return undefined as never;
        },
      },
    });
    const ds = audited.decideMany(
      { actor: { id: 'c-7', roles: ['courier'] }, purpose: 'delivery' },
      records.map((r, i) => ({ resource: r, recordId: `P-${i}` })),
    );
    const vs = await audited.viewMany(
      reader,
      S,
      records.map((record, i) => ({ record, decision: ds[i]!, recordId: `P-${i}` })),
    );
    expect(appended).toBe(5);
    expect(vs.map((v) => v.recipient?.address)).toEqual(Array(5).fill('山东省青岛市市南区香港中路61号'));
    const failing = definePolicy(S, policy.spec as never, {
      audit: { append: () => Promise.reject(new Error('disk full')) },
      onAuditError: () => {},
    });
    const d = failing.decide({ ...req(records[0]), recordId: 'P-0' });
    await expect(
      failing.viewMany(reader, S, [{ record: records[0], decision: d, recordId: 'P-0' }]),
    ).rejects.toMatchObject({ code: 'AUDIT_SINK_FAILED' });
  });

  it('rejects a missing decision or record id', async () => {
    const { reader, records } = await setup();
    await expect(view(reader, S, records[0], undefined as never, { recordId: 'P-0' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    const d = policy.decide(req(records[0]));
    await expect(view(reader, S, records[0], d, {} as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});

// A policy that shows everything (record and '**' allow): whatever a view leaves out, it leaves
// out because the schema does not describe it, not because a rule denied it.
const showAll = definePolicy(S, {
  id: 'all',
  version: 1,
  purposes: ['delivery'],
  roles: ['courier'],
  rules: [{ id: 'all', fields: ['**'], grant: 'allow', record: 'allow' }],
});
const allReq = (recordId: string) => ({
  actor: { id: 'c-7', roles: ['courier'] },
  purpose: 'delivery',
  recordId,
});

describe('view shows only what the schema describes', () => {
  it('omits extra columns of the stored row, even under a ** grant', async () => {
    const { reader, records, plain } = await setup();
    const rec = records[0] as Record<string, unknown>;
    const stored = {
      ...rec,
      created_by: 'ops-7',
      recipient_phone_raw: '13812345678',
      recipient: { ...(rec.recipient as object), legacyPhone: '13812345678', legacyId: '11010519491231002X' },
    };
    const v = await view(reader, S, stored, showAll.decide(allReq('P-0')), { recordId: 'P-0' });
    expect(v).toEqual(plain);
    const text = JSON.stringify(v);
    for (const k of ['created_by', 'recipient_phone_raw', 'legacyPhone', 'legacyId'])
      expect(text).not.toContain(k);
  });

  it('omits keys admitted by passthrough, looseObject and catchall', async () => {
    const L = z.object({
      courierId: z.string(),
      meta: z.looseObject({ source: z.string() }),
      tags: z.object({ lane: z.string() }).passthrough(),
      contact: pii.subject('recipient', z.object({ phone: pii.phone() }).catchall(pii.phone())),
    });
    const { reader } = await setup();
    const { record } = await reader.seal(
      L,
      { courierId: 'c-7', meta: { source: 'app' }, tags: { lane: 'A' }, contact: { phone: '13812345678' } },
      { recordId: 'L-1', subjects: { recipient: 'cust-r1' } },
    );
    const r = record as unknown as Record<string, Record<string, unknown>>;
    // What a database or an older writer may have put next to the described keys:
    const stored = {
      ...r,
      meta: { ...r.meta, phone: '13900001111' },
      tags: { ...r.tags, idNumber: '11010519491231002X' },
      contact: { ...r.contact, backup: '13700002222' },
    };
    const all = definePolicy(L, {
      id: 'all-l',
      version: 1,
      purposes: ['delivery'],
      roles: ['all'],
      rules: [{ id: 'all', fields: ['**'], grant: 'allow', record: 'allow' }],
    });
    const d = all.decide({ actor: { id: 'c-7', roles: ['all'] }, purpose: 'delivery', recordId: 'L-1' });
    // The tagged catchall describes contact's extra keys: a clear phone there is refused.
    await expect(view(reader, L, stored, d, { recordId: 'L-1' })).rejects.toMatchObject({
      code: 'CIPHERTEXT_INVALID',
    });
    const { backup: _tampered, ...contact } = stored.contact as Record<string, unknown>;
    const v = await view(reader, L, { ...stored, contact }, d, { recordId: 'L-1' });
    expect(v).toEqual({
      courierId: 'c-7',
      meta: { source: 'app' },
      tags: { lane: 'A' },
      contact: { phone: '+8613812345678' },
    });
    const text = JSON.stringify(v);
    for (const x of ['13900001111', '11010519491231002X', '13700002222']) expect(text).not.toContain(x);
  });

  it('drops a __proto__ record key (as seal, open and maskRecord do), never writing the prototype', async () => {
    const M = z.object({ labels: z.record(z.string(), z.object({ text: z.string() })) });
    const stored = JSON.parse('{"labels":{"__proto__":{"text":"x","polluted":"yes"},"a":{"text":"y"}}}');
    const all = definePolicy(M, {
      id: 'm',
      version: 1,
      purposes: ['ops'],
      roles: ['all'],
      rules: [{ id: 'all', fields: ['**'], grant: 'allow', record: 'allow' }],
    });
    const d = all.decide({ actor: { id: 'u', roles: ['all'] }, purpose: 'ops', recordId: 'M-1' });
    const v = (await view({ open: async () => ({}) } as never, M, stored, d, { recordId: 'M-1' })) as {
      labels: Record<string, { text?: string; polluted?: string }>;
    };
    expect(Object.getPrototypeOf(v.labels)).toBe(Object.prototype);
    expect(Object.hasOwn(v.labels, '__proto__')).toBe(false);
    expect(v.labels.a).toEqual({ text: 'y' });
    expect((v.labels as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('decisions are bound to what they decided', () => {
  async function code(p: Promise<unknown>): Promise<string> {
    try {
      await p;
      return 'ok';
    } catch (e) {
      return (e as { code?: string }).code ?? 'not a PiiError';
    }
  }

  it('refuses a decision replayed on another record, and the crypto refuses a lie about the record id', async () => {
    const { reader, records } = await setup();
    const d = policy.decide(req(records[0], 'c-7', 'P-0'));
    expect(d.recordId).toBe('P-0');
    expect(await code(view(reader, S, records[0], d, { recordId: 'P-0' }))).toBe('ok');
    expect(await code(view(reader, S, records[1], d, { recordId: 'P-1' }))).toBe('DECISION_INVALID');
    expect(await code(policy.view(reader, S, records[1], d, { recordId: 'P-1' }))).toBe('DECISION_INVALID');
    // Claiming the decided record id for another record's ciphertexts: the AAD binds the record.
    expect(await code(view(reader, S, records[1], d, { recordId: 'P-0' }))).toBe('CIPHERTEXT_INVALID');
    const ds = policy.decideMany(
      { actor: { id: 'c-7', roles: ['courier'] }, purpose: 'delivery' },
      records.slice(0, 2).map((r, i) => ({ resource: r, recordId: `P-${i}` })),
    );
    expect(await code(viewMany(reader, S, [{ record: records[1], decision: ds[0]!, recordId: 'P-1' }]))).toBe(
      'DECISION_INVALID',
    );
  });

  it('refuses the decision of explain(), which is neither audited nor seen by the monitor', async () => {
    const { reader, records } = await setup();
    const { createAuditLog, memorySink } = await import('courier-pii/audit');
    const sink = memorySink();
    const seen: unknown[] = [];
    const audited = definePolicy(S, policy.spec as never, {
      audit: createAuditLog({ sink }),
      onDecision: (_r, d) => seen.push(d),
    });
    const x = audited.explain(req(records[0], 'c-7', 'P-0'));
    expect(x.decision.record).toBe(true);
    await audited.flush();
    expect(sink.entries).toHaveLength(0);
    expect(seen).toHaveLength(0);
    expect(await code(view(reader, S, records[0], x.decision, { recordId: 'P-0' }))).toBe('DECISION_INVALID');
    expect(await code(audited.view(reader, S, records[0], x.decision, { recordId: 'P-0' }))).toBe(
      'DECISION_INVALID',
    );
    // The same request through decide() is audited and opens the view.
    const d = audited.decide(req(records[0], 'c-7', 'P-0'));
    expect(await code(audited.view(reader, S, records[0], d, { recordId: 'P-0' }))).toBe('ok');
    expect(sink.entries).toHaveLength(1);
  });

  it('refuses copies, JSON round trips, hand-built decisions and decisions made without a record id', async () => {
    const { reader, records } = await setup();
    const d = policy.decide(req(records[0], 'c-7', 'P-0'));
    const allowAll = Object.fromEntries(
      Object.keys(d.fields).map((p) => [p, { effect: 'allow', rules: ['forged'] }]),
    );
    const frozen = Object.isFrozen(d);
    expect(frozen).toBe(true);
    expect(() => {
      (d as { recordId?: string }).recordId = 'P-1';
    }).toThrow(TypeError);
    const forged = [
      { ...d },
      Object.create(d),
      JSON.parse(JSON.stringify(d)),
      structuredClone(d),
      { ...d, fields: allowAll },
      { record: true, recordRules: [], fields: allowAll, policyHash: d.policyHash, recordId: 'P-0' },
      policy.decide({ ...req(records[0], 'c-7'), recordId: undefined }),
    ];
    for (const f of forged)
      expect(await code(view(reader, S, records[0], f as never, { recordId: 'P-0' }))).toBe(
        'DECISION_INVALID',
      );
  });

  it('policy.view refuses a decision made by another policy', async () => {
    const { reader, records } = await setup();
    const d = showAll.decide(allReq('P-0'));
    expect(await code(policy.view(reader, S, records[0], d, { recordId: 'P-0' }))).toBe('DECISION_INVALID');
    expect(await code(showAll.view(reader, S, records[0], d, { recordId: 'P-0' }))).toBe('ok');
  });

  it('says what to do next and carries no value, id number or token', async () => {
    const { reader, records, plain } = await setup();
    const d = policy.decide(req(records[0], 'c-7', 'P-0'));
    const e = await view(reader, S, records[1], d, { recordId: 'P-1' }).catch((x: Error) => x);
    expect((e as Error).message).toMatch(/policy\.decide/);
    const text = `${(e as Error).message} ${JSON.stringify(e)}`;
    for (const v of [
      plain.recipient.phone,
      plain.recipient.name,
      plain.recipient.address,
      '11010519491231002X',
    ])
      expect(text).not.toContain(v);
    expect(text).not.toContain('P-0');
  });
});

describe('decisions across the ESM and CJS builds', () => {
  it('a decision the CJS build issued opens a view of the ESM build, for its record only', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const cjsPolicy = `${root}dist/policy/index.cjs`;
    // Rebuild when the build is missing or older than the policy sources.
    const built = existsSync(cjsPolicy) ? statSync(cjsPolicy).mtimeMs : 0;
    const srcDir = `${root}src/policy/`;
    if (readdirSync(srcDir).some((f) => statSync(srcDir + f).mtimeMs > built))
      execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'ignore' });
    const script = `
      const cjs = require(${JSON.stringify(cjsPolicy)});
      const z = require('zod');
      import(${JSON.stringify(`${root}dist/policy/index.js`)}).then(async (esm) => {
        const S = z.object({ a: z.string() });
        const p = cjs.definePolicy(S, { id: 'p', version: 1, purposes: ['x'], roles: ['r'],
          rules: [{ id: 'a', fields: ['a'], grant: 'allow', record: 'allow' }] });
        const d = p.decide({ actor: { id: 'u', roles: ['r'] }, purpose: 'x', recordId: 'R1' });
        const vault = { open: async () => ({}) };
        const shown = await esm.view(vault, S, { a: 'hello', extra: 1 }, d, { recordId: 'R1' });
        const other = await esm.view(vault, S, { a: 'hello' }, d, { recordId: 'R2' }).catch((e) => e.code);
        const copy = await esm.view(vault, S, { a: 'hello' }, { ...d }, { recordId: 'R1' }).catch((e) => e.code);
        console.log(JSON.stringify({ shown, other, copy }));
      });`;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({
      shown: { a: 'hello' },
      other: 'DECISION_INVALID',
      copy: 'DECISION_INVALID',
    });
  });
});

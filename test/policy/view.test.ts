import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type Keyring, createKeyring, createVault, generateKey, memoryKeyStore } from 'courier-pii/crypto';
import { maskers } from 'courier-pii/mask';
import { definePolicy, view, viewMany } from 'courier-pii/policy';
import { pii } from 'courier-pii/schema';

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
  const keyring = createKeyring({ keks: [{ id: 'k1', key: generateKey() }], active: 'k1' });
  const keyStore = memoryKeyStore();
  const indexKey = generateKey();
  const sealer = createVault({ keyring, keyStore, indexKey });
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

const req = (resource: unknown, id = 'c-7') => ({
  actor: { id, roles: ['courier'] },
  purpose: 'delivery',
  resource,
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

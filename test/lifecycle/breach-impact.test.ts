import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink } from 'courier-pii/audit';
import { createKeyring, generateKey, memoryKeyStore } from 'courier-pii/crypto';
import { breachImpact } from 'courier-pii/lifecycle';
import { Parcel } from './fixtures/parcels.js';

async function keyStoreWith(assign: Array<'kek-a' | 'kek-b' | 'erased'>) {
  const keyStore = memoryKeyStore();
  const ring = createKeyring({
    keks: [
      { id: 'kek-a', key: generateKey() },
      { id: 'kek-b', key: generateKey() },
    ],
    active: 'kek-a',
  });
  for (const [i, k] of assign.entries()) {
    const subjectId = `cust-${i}`;
    if (k === 'erased')
      await keyStore.create({ subjectId, state: 'destroyed', createdAt: 1, destroyedAt: 2, revision: 1 });
    else {
      const { wrapped } = await ring.wrap(subjectId, generateKey(), k);
      await keyStore.create({ subjectId, state: 'active', kekId: k, wrapped, createdAt: 1, revision: 1 });
    }
  }
  return keyStore;
}

describe('breachImpact: leaked keys', () => {
  it('a leaked KEK id yields exactly the subjects whose DEKs it wraps', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('kek-a' as const, 'kek-b' as const, 'erased' as const), {
          minLength: 1,
          maxLength: 30,
        }),
        async (assign) => {
          const keyStore = await keyStoreWith(assign);
          const r = await breachImpact({ kekIds: ['kek-a'] }, { keyStore });
          const expected = assign.flatMap((k, i) => (k === 'kek-a' ? [`cust-${i}`] : [])).sort();
          expect(r.subjects.map((s) => s.subjectId)).toEqual(expected);
          expect(
            r.subjects.every((s) =>
              s.exposures.every((e) => e.exposure === 'key-compromised' && e.kekId === 'kek-a'),
            ),
          ).toBe(true);
          expect(r.notices.individuals.required).toBe(expected.length > 0);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('a leaked DEK affects its subject unless it was already erased', async () => {
    const keyStore = await keyStoreWith(['kek-a', 'erased', 'kek-b']);
    const r = await breachImpact({ subjectIds: ['cust-1', 'cust-2'] }, { keyStore });
    expect(r.subjects.map((s) => s.subjectId)).toEqual(['cust-2']);
  });
});

describe('breachImpact: a rogue actor', () => {
  it('yields exactly the fields the actor viewed in the window, with how much they saw', async () => {
    const sink = memorySink();
    let now = Date.UTC(2026, 2, 1);
    const audit = createAuditLog({ sink, clock: () => now });
    const view = (actor: string, subject: string, paths: string[], effect?: 'allow' | 'mask') =>
      audit.append({
        kind: 'field.view',
        actor,
        purpose: 'customer-service',
        subjects: [subject],
        paths,
        ...(effect ? { data: { effect } } : {}),
      });
    await view('cs-rogue', 'cust-1', ['recipient.phone']); // before the window
    now = Date.UTC(2026, 2, 5);
    await view('cs-rogue', 'cust-2', ['recipient.phone', 'recipient.address']);
    await view('cs-rogue', 'cust-3', ['recipient.name'], 'mask');
    await view('cs-honest', 'cust-4', ['recipient.phone']);
    await audit.append({
      kind: 'access.decision',
      actor: 'cs-rogue',
      purpose: 'customer-service',
      subjects: ['cust-5'],
      data: { record: true, fields: { 'recipient.phone': 'deny', 'recipient.name': 'mask' } },
    });
    now = Date.UTC(2026, 2, 9);
    await view('cs-rogue', 'cust-6', ['recipient.phone']); // after the window

    const r = await breachImpact(
      { actorIds: ['cs-rogue'], window: { from: '2026-03-02', to: '2026-03-08' } },
      { audit, incidentId: 'inc-1', contact: 'dpo@courier.example' },
    );
    const seen = r.subjects.flatMap((s) => s.exposures.map((e) => `${s.subjectId} ${e.path} ${e.exposure}`));
    expect(seen).toEqual([
      'cust-2 recipient.phone plaintext',
      'cust-2 recipient.address plaintext',
      'cust-3 recipient.name masked',
      'cust-5 recipient.name masked',
    ]);
    expect(r.totals).toEqual({
      subjects: 3,
      records: 0,
      ciphertextOnly: 0,
      plaintext: 1,
      masked: 2,
      keyCompromised: 0,
    });
    expect(r.notices.authority).toMatchObject({
      required: true,
      contact: 'dpo@courier.example',
      dataTypes: ['recipient.address', 'recipient.name', 'recipient.phone'],
    });
    expect(r.notices.authority.remedies[0]).toContain('cs-rogue');
    expect(sink.entries.at(-1)).toMatchObject({
      kind: 'breach.reported',
      data: { incidentId: 'inc-1', affectedSubjects: 3 },
    });
  });
});

describe('breachImpact: stolen data and the ciphertext-only exemption', () => {
  it('sealed fields under intact keys are ciphertext-only evidence; unsealed fields and leaked keys are not', async () => {
    const keyStore = await keyStoreWith(['kek-a', 'kek-b', 'kek-b']);
    const sealedOnly = await breachImpact(
      { stolenData: { subjectIds: ['cust-0', 'cust-1'], paths: ['recipient.phone', 'recipient.address'] } },
      { keyStore, schemas: [Parcel] },
    );
    expect(sealedOnly.subjects.every((s) => s.ciphertextOnly)).toBe(true);
    expect(sealedOnly.notices.individuals.required).toBe(false);
    expect(sealedOnly.notices.individuals.reasoning).toContain('Art. 34(3)(a)');
    expect(sealedOnly.notices.authority.required).toBe(true);

    const withKey = await breachImpact(
      {
        kekIds: ['kek-a'],
        stolenData: { subjectIds: ['cust-0', 'cust-1'], paths: ['recipient.phone', 'recipient.name'] },
      },
      { keyStore, schemas: [Parcel] },
    );
    const by = Object.fromEntries(
      withKey.subjects.map((s) => [s.subjectId, s.exposures.map((e) => `${e.path}:${e.exposure}`)]),
    );
    expect(by['cust-0']).toEqual([
      '*:key-compromised',
      'recipient.phone:plaintext',
      'recipient.name:plaintext',
    ]);
    expect(by['cust-1']).toEqual(['recipient.phone:ciphertext-only', 'recipient.name:plaintext']); // names are not sealed by default
    expect(withKey.notices.individuals.required).toBe(true);
  });

  it('refuses an empty scope and a scope it cannot assess', async () => {
    await expect(breachImpact({}, {})).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(breachImpact({ kekIds: ['k'] }, {})).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(breachImpact({ actorIds: ['a'] }, {})).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

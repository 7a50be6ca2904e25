// One end-to-end test per request kind, against the real modules: a sealed parcel database,
// the vault and its erasure ledger, exportSubject, the purpose-consent ledger, the audit log.
import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink, verifyAuditLog } from '../../src/audit/index.js';
import { createMemoryPurposeConsentStore, createPurposeConsentLedger } from '../../src/consent/index.js';
import { type ErasureWork, withdrawalErasureWork } from '../../src/lifecycle/index.js';
import { createRightsDesk, fulfilRightsRequest, type RightsRequestKind } from '../../src/rights/index.js';
import { Parcel, parcelDb, T0 } from '../lifecycle/fixtures/parcels.js';

async function world() {
  const db = parcelDb();
  await db.add('p1', { recipient: 'cust-a', sender: 'cust-x' }, T0);
  const sink = memorySink();
  const audit = createAuditLog({ sink, clock: () => T0 });
  const desk = createRightsDesk({ audit, now: () => T0 });
  const work: ErasureWork[] = [];
  const ledger = createPurposeConsentLedger({
    store: createMemoryPurposeConsentStore(),
    audit,
    now: () => T0,
    onWithdraw: (w) => void work.push(withdrawalErasureWork(w, { neededFor: ['delivery'] })),
  });
  await ledger.give('cust-a', 'marketing', { noticeVersion: 'v2', separate: ['marketing'] });
  const ready = async (kind: RightsRequestKind, target?: string) => {
    const r = await desk.file({ kind, subjectId: 'cust-a', ...(target ? { target } : {}) });
    await desk.verifyIdentity(r.id, { actor: 'cs-1' });
    await desk.start(r.id, { actor: 'cs-1' });
    return r.id;
  };
  const deps = {
    source: db.source,
    vault: db.vault,
    audit,
    ledger,
    purposeBases: { delivery: 'contract', marketing: 'consent' } as const,
  };
  return { db, sink, audit, desk, ledger, work, ready, deps };
}

describe('rights requests end to end', () => {
  for (const kind of ['access', 'copy', 'portability'] as const) {
    it(`${kind}: exports only the subject's own fields and logs subject.exported`, async () => {
      const w = await world();
      const out = await fulfilRightsRequest(w.desk, await w.ready(kind), w.deps);
      if (out.kind !== kind) throw new Error('wrong outcome');
      expect(out.request.state).toBe('answered');
      expect(out.export.records.map((r) => [r.recordId, r.roles])).toEqual([['p1', ['recipient']]]);
      expect(out.export.records[0]!.fields.map((f) => f.path).sort()).toEqual([
        'recipient.address',
        'recipient.name',
        'recipient.phone',
      ]);
      expect(w.sink.entries.some((e) => e.kind === 'subject.exported' && e.subjects?.[0] === 'cust-a')).toBe(
        true,
      );
      expect(verifyAuditLog(w.sink.entries).ok).toBe(true);
    });
  }

  it('deletion: crypto-shreds the subject through the erasure ledger', async () => {
    const w = await world();
    const out = await fulfilRightsRequest(w.desk, await w.ready('deletion'), w.deps);
    if (out.kind !== 'deletion') throw new Error('wrong outcome');
    expect(out.certificate.keyIdsDestroyed).toEqual(['cust-a']);
    await expect(
      w.db.vault.open(Parcel, w.db.rows.get('p1')!.data, { recordId: 'p1' }),
    ).rejects.toMatchObject({
      code: 'KEY_DESTROYED',
    });
    expect(
      w.db.ledgerSink.entries.filter((e) => e.kind === 'key.destroyed').map((e) => e.data?.reason),
    ).toEqual(['erasure-request']);
    expect(out.request.answerRef).toBe(`erasure:${out.request.id}`);
  });

  it('consent-withdrawal: withdraws in the ledger, which queues erasure work', async () => {
    const w = await world();
    const out = await fulfilRightsRequest(w.desk, await w.ready('consent-withdrawal', 'marketing'), w.deps);
    if (out.kind !== 'consent-withdrawal') throw new Error('wrong outcome');
    expect(out.withdrawal?.purpose).toBe('marketing');
    expect((await w.ledger.reader(['cust-a'])).has('cust-a', 'marketing')).toBe(false);
    expect(w.work.map((x) => [x.purpose, x.scope])).toEqual([['marketing', 'purpose-data']]);
    expect(w.sink.entries.map((e) => e.kind)).toContain('purpose.withdrawn');
  });

  it('correction: re-seals one field, recomputes its blind index, leaves the others byte for byte', async () => {
    const w = await world();
    const row = w.db.rows.get('p1')!;
    const id = await w.ready('correction', 'recipient.phone');
    const out = await fulfilRightsRequest(w.desk, id, {
      ...w.deps,
      correction: {
        schema: Parcel,
        record: row.data,
        recordId: 'p1',
        subjects: row.subjects!,
        value: '13700001111',
      },
    });
    if (out.kind !== 'correction') throw new Error('wrong outcome');
    const { record, index, previousIndex } = out.correction;
    expect(previousIndex).toBe(row.indexes!['recipient.phone']);
    expect(index).toBe(w.db.vault.blindIndex('phone', '13700001111'));
    expect(index).not.toBe(previousIndex);
    const before = row.data as { recipient: Record<string, unknown>; sender: unknown; waybillNo: unknown };
    const after = record as typeof before;
    expect(after.recipient.name).toBe(before.recipient.name);
    expect(after.sender).toEqual(before.sender);
    expect(after.recipient.phone).not.toBe(before.recipient.phone);
    const opened = (await w.db.vault.open(Parcel, record, { recordId: 'p1' })) as {
      recipient: { phone: string };
    };
    expect(opened.recipient.phone).toBe('+8613700001111');
    // A value the schema refuses corrects nothing.
    const again = await w.ready('correction', 'recipient.phone');
    await expect(
      fulfilRightsRequest(w.desk, again, {
        ...w.deps,
        correction: {
          schema: Parcel,
          record: row.data,
          recordId: 'p1',
          subjects: row.subjects!,
          value: 'not a phone',
        },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await w.desk.get(again))?.state).toBe('in-progress');
    // Someone else's record is refused.
    await expect(
      fulfilRightsRequest(w.desk, again, {
        ...w.deps,
        correction: {
          schema: Parcel,
          record: row.data,
          recordId: 'p1',
          subjects: { recipient: 'cust-q', sender: 'cust-x' },
          value: '13700001111',
        },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('explanation: lists every purpose with its legal basis and the consent state', async () => {
    const w = await world();
    const out = await fulfilRightsRequest(w.desk, await w.ready('explanation'), w.deps);
    if (out.kind !== 'explanation') throw new Error('wrong outcome');
    expect(out.purposes.map((p) => [p.purpose, p.basis, p.consent?.live, p.consent?.noticeVersion])).toEqual([
      ['delivery', 'contract', undefined, undefined],
      ['marketing', 'consent', true, 'v2'],
    ]);
  });

  it('complaint: answered by staff, not by a handler; overdue when unanswered past the period', async () => {
    const w = await world();
    const id = await w.ready('complaint');
    await expect(fulfilRightsRequest(w.desk, id, w.deps)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await w.desk.overdue(T0 + 31 * 86_400_000)).map((r) => r.id)).toEqual([id]);
    const answered = await w.desk.answer(id, { actor: 'cs-lead', answerRef: 'reply-88' });
    expect(answered.state).toBe('answered');
    expect(await w.desk.overdue(T0 + 31 * 86_400_000)).toEqual([]);
  });

  it('refuses to fulfil a request whose identity is not verified', async () => {
    const w = await world();
    const r = await w.desk.file({ kind: 'deletion', subjectId: 'cust-a' });
    await expect(fulfilRightsRequest(w.desk, r.id, w.deps)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      w.db.vault.open(Parcel, w.db.rows.get('p1')!.data, { recordId: 'p1' }),
    ).resolves.toBeDefined();
  });
});

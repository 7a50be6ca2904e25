import { describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  byActor,
  byKeyId,
  bySubject,
  createAuditLog,
  inWindow,
  memorySink,
  queryAudit,
  streamAudit,
} from 'courier-pii/audit';
import { stepClock } from './helpers.js';

async function fixture() {
  const sink = memorySink();
  const log = createAuditLog({ sink, clock: stepClock(Date.UTC(2026, 2, 1)) });
  await log.append({
    kind: 'field.view',
    actor: 'cs-1',
    purpose: 'support',
    subjects: ['subj-1'],
    paths: ['recipient.name'],
  });
  await log.append({
    kind: 'field.view',
    actor: 'cs-2',
    purpose: 'support',
    subjects: [{ blind: 'bi-subj-2' }],
  });
  await log.append({
    kind: 'key.rotated',
    actor: 'ops',
    purpose: 'key-management',
    data: { fromKeyId: 'kek-1', toKeyId: 'kek-2' },
  });
  await log.append({
    kind: 'key.destroyed',
    actor: 'ops',
    purpose: 'retention',
    keyIds: ['dek-9'],
    data: { keyId: 'dek-9' },
  });
  await log.append({
    kind: 'custom',
    name: 'acme.parcel.relabelled',
    actor: 'cs-1',
    purpose: 'sorting',
    records: ['parcel-5'],
    subjects: ['subj-1'],
  });
  return { log, sink };
}

const seqs = (es: AuditEntry[]): number[] => es.map((e) => e.seq);

describe('audit queries', () => {
  it('finds entries by subject, plain or declared blind', async () => {
    const { log } = await fixture();
    expect(seqs(await bySubject(log, 'subj-1'))).toEqual([0, 4]);
    expect(seqs(await bySubject(log, 'bi-subj-2'))).toEqual([1]);
    expect(await bySubject(log, 'nobody')).toEqual([]);
  });

  it('finds entries by actor', async () => {
    const { log } = await fixture();
    expect(seqs(await byActor(log, 'cs-1'))).toEqual([0, 4]);
  });

  it('finds entries by key id in keyIds or in key data fields', async () => {
    const { log } = await fixture();
    expect(seqs(await byKeyId(log, 'kek-1'))).toEqual([2]);
    expect(seqs(await byKeyId(log, 'kek-2'))).toEqual([2]);
    expect(seqs(await byKeyId(log, 'dek-9'))).toEqual([3]);
  });

  it('finds entries in a half-open time window', async () => {
    const { log } = await fixture();
    // entries are one second apart from 2026-03-01T00:00:00Z
    expect(seqs(await inWindow(log, '2026-03-01T00:00:01Z', new Date('2026-03-01T00:00:03Z')))).toEqual([
      1, 2,
    ]);
    expect(seqs(await inWindow(log, Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1)))).toEqual([]);
  });

  it('combines criteria, matches custom names, and reads from sinks, arrays and async iterables', async () => {
    const { log, sink } = await fixture();
    expect(seqs(await queryAudit(log, { actor: 'cs-1', kinds: ['acme.parcel.relabelled'] }))).toEqual([4]);
    expect(seqs(await queryAudit(sink, { kinds: ['custom'], record: 'parcel-5' }))).toEqual([4]);
    expect(seqs(await queryAudit(sink.entries, { kinds: ['key.rotated', 'key.destroyed'] }))).toEqual([2, 3]);
    const got: number[] = [];
    for await (const e of streamAudit(sink.read(), { purpose: undefined, actor: 'ops' } as never))
      got.push(e.seq);
    expect(got).toEqual([2, 3]);
  });

  it('refuses an invalid time or source with INVALID_ARGUMENT', async () => {
    const { log } = await fixture();
    await expect(inWindow(log, 'not a date', 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(queryAudit(42 as never, {})).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

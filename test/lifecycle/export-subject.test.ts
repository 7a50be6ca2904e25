import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink } from 'courier-pii/audit';
import { exportSubject } from 'courier-pii/lifecycle';
import { parcelDb, parcelValue, T0 } from './fixtures/parcels.js';

async function setup() {
  const db = parcelDb();
  const a = {
    ...parcelValue(1),
    recipient: { name: '王五', phone: '13700001111', address: '浙江省杭州市西湖区文三路1号' },
  };
  const b = { ...parcelValue(2), sender: { name: '王五', phone: '13700001111' } };
  await db.add('p1', { recipient: 'cust-a', sender: 'cust-x' }, T0, ['delivery'], a);
  await db.add('p2', { recipient: 'cust-y', sender: 'cust-a' }, T0, ['delivery'], b);
  await db.add('p3', { recipient: 'cust-z', sender: 'cust-x' }, T0);
  const sink = memorySink();
  const audit = createAuditLog({ sink, clock: () => T0 + 3_600_000 });
  await audit.append({
    kind: 'field.view',
    actor: 'cs-7',
    purpose: 'customer-service',
    subjects: ['cust-a'],
    records: ['p1'],
    paths: ['recipient.phone'],
    data: { effect: 'mask' },
  });
  await audit.append({
    kind: 'access.decision',
    actor: 'courier-3',
    purpose: 'delivery',
    subjects: ['cust-a'],
    records: ['p1'],
    paths: ['recipient.phone', 'recipient.address'],
    data: { record: true, fields: { 'recipient.phone': 'allow', 'recipient.address': 'allow' } },
  });
  await audit.append({
    kind: 'field.view',
    actor: 'cs-7',
    purpose: 'customer-service',
    subjects: ['cust-z'],
    records: ['p3'],
    paths: ['recipient.phone'],
  });
  return { db, sink, audit };
}

describe('exportSubject', () => {
  it('exports every record naming the subject, opening only that subject’s fields', async () => {
    const { db, audit } = await setup();
    const bundle = await exportSubject('cust-a', { source: db.source, vault: db.vault, audit });
    expect(bundle.format).toBe('courier-pii/subject-export/v1');
    expect(bundle.records.map((r) => [r.recordId, r.roles])).toEqual([
      ['p1', ['recipient']],
      ['p2', ['sender']],
    ]);
    const p1 = Object.fromEntries(bundle.records[0]!.fields.map((f) => [f.path, f.value]));
    expect(p1).toEqual({
      'recipient.name': '王五',
      'recipient.phone': '+8613700001111',
      'recipient.address': '浙江省杭州市西湖区文三路1号',
    });
    const p2 = Object.fromEntries(bundle.records[1]!.fields.map((f) => [f.path, f.value]));
    expect(p2).toEqual({ 'sender.name': '王五', 'sender.phone': '+8613700001111' });
    const json = JSON.stringify(bundle);
    expect(json).not.toContain('李四'); // p1's sender is someone else
    expect(json).not.toContain('13912345678');
    expect(json).not.toContain('SF'); // the waybill number is the record's, not the subject's
  });

  it('includes who saw the subject’s data, when and why, and logs the export', async () => {
    const { db, audit, sink } = await setup();
    const bundle = await exportSubject('cust-a', {
      source: db.source,
      vault: db.vault,
      audit,
      actor: 'dpo-1',
    });
    expect(bundle.accesses).toEqual([
      {
        time: '2026-01-10T01:00:00.000Z',
        kind: 'field.view',
        actor: 'cs-7',
        purpose: 'customer-service',
        paths: ['recipient.phone'],
        effects: { 'recipient.phone': 'mask' },
        records: ['p1'],
      },
      {
        time: '2026-01-10T01:00:00.000Z',
        kind: 'access.decision',
        actor: 'courier-3',
        purpose: 'delivery',
        paths: ['recipient.phone', 'recipient.address'],
        effects: { 'recipient.phone': 'allow', 'recipient.address': 'allow' },
        records: ['p1'],
      },
    ]);
    const last = sink.entries.at(-1)!;
    expect(last).toMatchObject({
      kind: 'subject.exported',
      actor: 'dpo-1',
      subjects: ['cust-a'],
      data: { fieldCount: 5, recordCount: 2 },
    });
  });

  it('after crypto-shredding, sealed fields are listed as erased and fields stored in plaintext still show', async () => {
    const { db } = await setup();
    await db.vault.eraseSubject('cust-a');
    const bundle = await exportSubject('cust-a', { source: db.source, vault: db.vault });
    // The name is `internal`, stored unsealed: shredding the key cannot erase it; the caller must delete it.
    expect(bundle.records[0]).toMatchObject({
      recordId: 'p1',
      fields: [{ path: 'recipient.name', kind: 'name', level: 'internal', value: '王五' }],
      erasedPaths: ['recipient.phone', 'recipient.address'],
    });
    expect(JSON.stringify(bundle)).not.toContain('13700001111');
    expect(JSON.stringify(bundle)).not.toContain('文三路');
  });
});

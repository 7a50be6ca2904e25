import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isPiiError, type PiiError } from '../../src/errors.js';
import { pii } from '../../src/schema/index.js';
import { parcel, Parcel } from './fixtures/parcel.js';
import { SUITES, testVault } from './helpers.js';

const SUBJECTS = { sender: 'cust-1', recipient: 'cust-2' };
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

async function failure(p: Promise<unknown>): Promise<PiiError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!isPiiError(e)) throw new Error('expected a PiiError');
  return e;
}

async function setup(suite: (typeof SUITES)[number]) {
  const t = testVault({ suite });
  const { record } = await t.vault.seal(Parcel, parcel(), { recordId: 'P1', subjects: SUBJECTS });
  const phone = record.recipient.phone as string;
  const withPhone = (v: unknown) => ({ ...record, recipient: { ...record.recipient, phone: v } });
  const openPhone = (v: unknown, recordId = 'P1') =>
    t.vault.open(Parcel, withPhone(v) as never, { recordId, paths: ['recipient.phone'] });
  return { ...t, record, phone, withPhone, openPhone };
}

describe.each(SUITES)('tampering with a sealed value (suite %s)', (suite) => {
  it('seals under the suite asked for (suite byte 1 or 2)', async () => {
    const { phone } = await setup(suite);
    expect(Buffer.from(phone.slice(6), 'base64url')[1]).toBe(suite === 'gm' ? 2 : 1);
  });

  it('fails with CIPHERTEXT_INVALID and one message for every single-character change', async () => {
    const { phone, openPhone } = await setup(suite);
    const messages = new Set<string>();
    let n = 0;
    for (let i = 0; i < phone.length; i++) {
      for (const c of new Set([B64[(B64.indexOf(phone[i]!) + 1) % 64]!, '.', 'A', '_'])) {
        if (c === phone[i]) continue;
        const e = await failure(openPhone(phone.slice(0, i) + c + phone.slice(i + 1)));
        expect(e.code, `position ${i}`).toBe('CIPHERTEXT_INVALID');
        messages.add(e.message);
        n++;
      }
    }
    expect(n).toBeGreaterThan(phone.length * 2);
    expect(messages.size).toBe(1);
  });

  it('fails on truncation, appending, an unknown version or suite, and plain strings', async () => {
    const { phone, openPhone } = await setup(suite);
    const bytes = Buffer.from(phone.slice(6), 'base64url');
    const variant = (f: (b: Buffer) => void) => {
      const b = Buffer.from(bytes);
      f(b);
      return `cpii1.${b.toString('base64url')}`;
    };
    const cases = [
      phone.slice(0, -1),
      phone.slice(0, -4),
      phone.slice(0, 10),
      `${phone}A`,
      `${phone}AAAA`,
      `cpii1.${Buffer.concat([bytes, Buffer.from([0])]).toString('base64url')}`,
      variant((b) => (b[0] = 2)), // version
      variant((b) => (b[1] = suite === 'gm' ? 1 : 2)), // the other suite
      variant((b) => (b[1] = 3)), // an unknown suite
      variant((b) => (b[2] = 0)), // key id length
      variant((b) => (b[3] = 0xff)), // key id not UTF-8
      variant((b) => (b[2] = 200)), // key id longer than the value
      phone.replace('cpii1.', 'cpii2.'),
      phone.replace('cpii1.', ''),
      '+8613812345678',
      '',
      'cpii1.',
      `${phone}=`,
      42,
      { lat: 1, lng: 2 },
    ];
    const messages = new Set<string>();
    for (const c of cases) {
      const e = await failure(openPhone(c));
      expect(e.code).toBe('CIPHERTEXT_INVALID');
      messages.add(e.message);
    }
    expect(messages.size).toBe(1);
  });

  it('fails when a sealed value is moved to another field, record, schema or subject', async () => {
    const { vault, record, openPhone } = await setup(suite);
    const msg = (await failure(openPhone('x'))).message;
    // another field of the same subject and record
    const e1 = await failure(openPhone(record.recipient.idNumber));
    // another field of another subject
    const e2 = await failure(openPhone(record.sender.phone));
    // another record
    const e3 = await failure(vault.open(Parcel, record, { recordId: 'P2', paths: ['recipient.phone'] }));
    // another schema with the same shape but another id
    const Twin = pii.id('twin/v1', z.object({ ...Parcel.shape }));
    const e4 = await failure(vault.open(Twin, record, { recordId: 'P1', paths: ['recipient.phone'] }));
    // two array items swapped
    const swapped = { ...record, items: [record.items[1]!, record.items[0]!] };
    const e5 = await failure(vault.open(Parcel, swapped, { recordId: 'P1', paths: ['items[].declaredBy'] }));
    // the same record sealed for another subject, with the expected subject given when opening
    const other = await vault.seal(Parcel, parcel(), {
      recordId: 'P1',
      subjects: { sender: 'cust-1', recipient: 'cust-3' },
    });
    const moved = { ...record, recipient: { ...record.recipient, phone: other.record.recipient.phone } };
    const e6 = await failure(
      vault.open(Parcel, moved, { recordId: 'P1', paths: ['recipient.phone'], subjects: SUBJECTS }),
    );
    for (const e of [e1, e2, e3, e4, e5, e6]) {
      expect(e.code).toBe('CIPHERTEXT_INVALID');
      expect(e.message).toBe(msg);
    }
  });

  it('never passes a plain value through where a ciphertext is expected', async () => {
    const { vault } = await setup(suite);
    const plain = Parcel.parse(parcel());
    const e = await failure(vault.open(Parcel, plain as never, { recordId: 'P1' }));
    expect(e.code).toBe('CIPHERTEXT_INVALID');
    expect(e.message).not.toContain('13812345678');
  });
});

import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isPiiError } from '../../src/errors.js';
import { ageBand, birthYear, district, generalizeGeo, maskRecord, redactPaths } from 'courier-pii/mask';
import { pii } from 'courier-pii/schema';

const Parcel = z.object({
  waybillNo: pii.waybillNo(),
  recipient: pii.subject(
    'recipient',
    z.object({
      name: pii.name(),
      phone: pii.phone(),
      landline: pii.landline().optional(),
      idNumber: pii.idNumber(),
      address: pii.address(),
      email: pii.email().optional(),
      birthDate: pii.birthDate(),
      location: pii.geo(),
    }),
  ),
  pickupCode: pii.pickupCode(),
  items: z.array(z.object({ sku: z.string(), note: pii.freeText() })),
  extra: z.record(z.string(), pii.phone()).optional(),
  weightKg: z.number(),
  station: pii.public(pii.name()),
});

const parcel = {
  waybillNo: 'SF1381234567890',
  recipient: {
    name: '欧阳娜娜',
    phone: '13812345678',
    landline: '021-12345678',
    idNumber: '110105199003071239',
    address: '山东省青岛市市南区香港中路61号',
    email: 'zhang.san@example.com',
    birthDate: '1990-03-07',
    location: { lat: 30.2875, lng: 120.162 },
  },
  pickupCode: '3-2-1234',
  items: [{ sku: 'A1', note: '放门口，电话13912345678' }],
  weightKg: 1.2,
  station: '青岛市南站',
};
const key = new Uint8Array(32).fill(9);

describe('maskRecord', () => {
  it('privacyWaybill shows masked name, phone and address to the county, and no ID number at all', () => {
    const label = maskRecord(Parcel, parcel, 'privacyWaybill');
    expect(label.recipient).toEqual({
      name: '欧阳**',
      phone: '138****5678',
      landline: '021-****5678',
      address: '山东省青岛市市南区****',
    });
    expect('idNumber' in label.recipient).toBe(false);
    expect(JSON.stringify(label)).not.toContain('110105199003071239');
    expect(label.pickupCode).toBeUndefined();
    expect(label.waybillNo).toBe('SF1381234567890');
    expect(label.items[0]!.note).toBe('放门口，电话139****5678');
    expect(label.weightKg).toBe(1.2);
    expect(label.station).toBe('青岛市南站');
  });

  it('customerService masks every personal field by its kind', () => {
    const cs = maskRecord(Parcel, parcel, 'customerService');
    expect(cs.recipient).toEqual({
      name: '欧阳**',
      phone: '138****5678',
      landline: '021-****5678',
      idNumber: '1****************9',
      address: '山东省青岛市市南区****',
      email: 'z********@example.com',
      birthDate: '1990-**-**',
      location: { lat: 30.28, lng: 120.16 },
    });
    expect(cs.pickupCode).toBe('*-*-****');
  });

  it('is the default preset', () => {
    expect(maskRecord(Parcel, parcel)).toEqual(maskRecord(Parcel, parcel, 'customerService'));
  });

  it('analytics pseudonymizes identifiers and generalizes the rest, stably', () => {
    const a = maskRecord(Parcel, parcel, 'analytics', { key });
    const b = maskRecord(
      Parcel,
      { ...parcel, recipient: { ...parcel.recipient, phone: '+86 138 1234 5678' } },
      'analytics',
      { key },
    );
    expect(a.recipient.phone).toMatch(/^phone_[a-z2-7]{26}$/);
    expect(b.recipient.phone).toBe(a.recipient.phone);
    expect(a.recipient.name).toMatch(/^name_/);
    expect(a.recipient.idNumber).toMatch(/^idNumber_/);
    expect(a.recipient.address).toBe('山东省青岛市市南区');
    expect(a.recipient.birthDate).toBe('1990');
    expect(a.recipient.location).toEqual({ lat: 30.28, lng: 120.16 });
    expect(a.pickupCode).toBeUndefined();
    expect(a.items[0]!.note).toMatch(/^放门口，电话phone_[a-z2-7]{26}$/);
    const banded = maskRecord(Parcel, parcel, 'analytics', {
      key,
      birthDate: 'ageBand',
      today: new Date('2026-06-01'),
    });
    expect(banded.recipient.birthDate).toBe('30-39');
  });

  it('masks phones inside records of unknown keys', () => {
    const r = maskRecord(Parcel, { ...parcel, extra: { backup: '13700001111' } }, 'customerService');
    expect(r.extra).toEqual({ backup: '137****1111' });
  });

  it('does not modify its input', () => {
    const copy = structuredClone(parcel);
    maskRecord(Parcel, parcel, 'privacyWaybill');
    expect(parcel).toEqual(copy);
  });

  it('rejects an unknown preset and analytics without a key', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isPiiError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => maskRecord(Parcel, parcel, 'public' as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => maskRecord(Parcel, parcel, 'analytics'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => maskRecord(Parcel, parcel, 'analytics', { key: new Uint8Array(8) }))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('generalization helpers', () => {
  it('derives birth year and age band from a date or a resident ID', () => {
    const today = new Date('2026-03-06');
    expect(birthYear('1990-03-07')).toBe('1990');
    expect(birthYear('110105199003071239')).toBe('1990');
    expect(ageBand('1990-03-07', { today })).toBe('30-39');
    expect(ageBand('1996-03-07', { today })).toBe('20-29');
    expect(ageBand('1996-03-06', { today })).toBe('30-39');
    expect(ageBand('1940-01-01', { today })).toBe('80+');
    expect(ageBand('1990-03-07', { today, width: 5 })).toBe('35-39');
  });

  it('keeps only the district of an address and two decimals of a point', () => {
    expect(district('广东省东莞市长安镇振安中路168号')).toBe('广东省东莞市');
    expect(district('某某路1号')).toBe('');
    expect(generalizeGeo({ lat: -33.86881, lng: 151.20929 })).toEqual({ lat: -33.86, lng: 151.2 });
  });
});

describe('redactPaths', () => {
  it('lists pino paths for every field at or above a level', () => {
    expect(redactPaths(Parcel, 'sensitive')).toEqual([
      'recipient.phone',
      'recipient.idNumber',
      'recipient.address',
      'recipient.location',
      'pickupCode',
      'items[*].note',
      'extra.*',
    ]);
    const internal = redactPaths(Parcel, 'internal');
    expect(internal).toContain('items[*].note');
    expect(internal).toContain('recipient.name');
    expect(internal).not.toContain('station');
    expect(redactPaths(Parcel, 'public')).toContain('station');
  });

  it('quotes keys that are not identifiers', () => {
    const S = z.object({ 'recipient-info': z.object({ 手机: pii.phone() }) });
    expect(redactPaths(S)).toEqual(['["recipient-info"]["手机"]']);
  });

  it('makes pino hide every sensitive value of a logged record', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = pino({ redact: redactPaths(Parcel, 'internal') }, sink);
    log.info({ parcel: undefined, ...parcel, extra: { backup: '13700001111' } }, 'parcel created');
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    for (const secret of [
      '13812345678',
      '110105199003071239',
      '香港中路',
      '欧阳娜娜',
      '13912345678',
      '13700001111',
      '3-2-1234',
      '30.2875',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[Redacted]');
    expect(out).toContain('parcel created');
  });

  it('rejects an unknown level', () => {
    expect(() => redactPaths(Parcel, 'secret' as never)).toThrow(/level/);
  });
});

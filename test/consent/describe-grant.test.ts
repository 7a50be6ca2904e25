// A grant in plain words, Chinese first, English on request; masked fields say so; the waybill
// number is shortened; unknown paths and purposes are refused, never printed raw.
import { describe, expect, it } from 'vitest';
import { describeGrant, type GrantIndexEntry } from '../../src/consent/index.js';

const g: GrantIndexEntry = {
  tokenId: 't1',
  subjectId: 'r-8812',
  grantee: 'n-5531',
  purpose: 'pickup',
  resource: 'SF1043212345678',
  scope: { pickupCode: 'allow', 'recipient.address': 'mask' },
  grantedAt: 0,
  expiresAt: Date.UTC(2026, 11, 6, 10), // 18:00 in Shanghai
};
const neighbour = { zh: '邻居', en: 'Neighbour' };

describe('describeGrant', () => {
  it('says who may do what with which data until when, in Chinese', () => {
    expect(describeGrant(g, { grantee: neighbour })).toBe(
      '邻居 n-5531 可在 12 月 6 日 18:00 前凭取件码代取运单 SF…5678 的包裹，可见：收件地址（部分隐藏）',
    );
  });

  it('in English, and in another time zone', () => {
    expect(describeGrant(g, { lang: 'en', grantee: neighbour })).toBe(
      'Neighbour n-5531 may collect the parcel on waybill SF…5678 with the pickup code until 18:00 on 6 Dec; they can see: delivery address (partly hidden).',
    );
    expect(describeGrant(g, { lang: 'en', timeZone: 'UTC' })).toContain('until 10:00 on 6 Dec');
  });

  it('lists fully shown fields without the masked note, and never the whole waybill number', () => {
    const s = describeGrant({ ...g, scope: { 'recipient.name': 'allow', 'recipient.phone': 'mask' } });
    expect(s).toBe(
      '被授权人 n-5531 可在 12 月 6 日 18:00 前代取运单 SF…5678 的包裹，可见：收件人姓名、收件人电话（部分隐藏）',
    );
    expect(s).not.toContain('1043212345678');
    expect(describeGrant({ ...g, resource: undefined } as never)).toContain('代取您的包裹');
  });

  it('refuses unlabelled paths and purposes, unknown languages and time zones', () => {
    expect(() => describeGrant({ ...g, scope: { 'recipient.idNumber': 'allow' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => describeGrant({ ...g, purpose: 'resale' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => describeGrant(g, { lang: 'fr' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => describeGrant(g, { timeZone: 'Mars/Olympus' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    // Labels the caller adds are used.
    expect(
      describeGrant(
        { ...g, purpose: 'resale-check', scope: { 'recipient.idNumber': 'mask' } },
        {
          purposes: { 'resale-check': { zh: '核验', en: 'check' } },
          fields: { 'recipient.idNumber': { zh: '证件号', en: 'ID number' } },
        },
      ),
    ).toContain('核验运单 SF…5678 的包裹，可见：证件号（部分隐藏）');
  });
});

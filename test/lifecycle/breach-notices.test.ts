// Per-person breach notices (PIPL Art. 57): Chinese first, the person's own kinds of data, cause,
// harm, remedies, what to do, contact; counted in people, never parcels.
import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink, verifyAuditLog } from 'courier-pii/audit';
import { breachImpact, breachNotices, deliverNotices } from 'courier-pii/lifecycle';
import { Parcel, parcelDb, parcelValue } from './fixtures/parcels.js';

const t = (zh: string, en: string) => ({ zh, en });
const CONTENT = {
  incidentId: 'inc-2026-07',
  processor: '青岛迅达快递有限公司',
  contact: '400-000-0000',
  schemas: [Parcel],
  cause: t(
    '一台分拣站终端的数据库备份被未授权访问',
    'a sorting-station database backup was accessed without authorisation',
  ),
  possibleHarm: t('诈骗或骚扰电话', 'fraud or nuisance calls'),
  remedies: t('已吊销受影响的密钥并轮换全部密钥', 'the affected key was revoked and all keys rotated'),
  whatYouCanDo: t(
    '警惕冒充快递客服的来电，不要透露验证码',
    'be wary of calls claiming to be courier support; never share codes',
  ),
};

async function twentyParcels() {
  const db = parcelDb();
  for (let i = 0; i < 20; i++)
    await db.add(
      `P${i}`,
      { recipient: `r-${i}`, sender: i === 19 ? 'r-0' : `s-${i % 9}` },
      undefined,
      ['delivery'],
      parcelValue(i),
    );
  return db;
}

describe('breachNotices', () => {
  it('a leaked KEK: 29 notices for 29 people across 20 parcels, with the Art. 57 content in Chinese', async () => {
    const db = await twentyParcels();
    const impact = await breachImpact({ kekIds: ['kek-1'] }, { keyStore: db.keyStore });
    const notices = breachNotices(impact, CONTENT);
    expect(notices).toHaveLength(29);
    expect(notices).toHaveLength(impact.notices.individuals.subjectCount);
    expect(new Set(notices.map((n) => n.subjectId)).size).toBe(29);
    expect(notices.some((n) => n.subjectId.startsWith('record:'))).toBe(false);
    const zh = notices[0]!.text.zh;
    expect(zh.startsWith('【青岛迅达快递有限公司】个人信息安全事件告知')).toBe(true);
    for (const part of [
      '全部加密存储的个人信息',
      '事件原因：一台分拣站终端',
      '可能造成的危害：诈骗',
      '补救措施：已吊销',
      '减轻危害的措施：警惕',
      '联系方式：400-000-0000',
    ])
      expect(zh).toContain(part);
    expect(notices[0]!.text.en).toContain('Possible harm: fraud or nuisance calls');
    expect(notices[0]!.id).toBe(`breach/inc-2026-07/${notices[0]!.subjectId}`);
  });

  it("names each person's own kinds of data, and skips people whose exposure was ciphertext only", async () => {
    const audit = createAuditLog({ sink: memorySink() });
    await audit.append({
      kind: 'field.view',
      actor: 'cs-9',
      purpose: 'support',
      subjects: ['r-1'],
      paths: ['recipient.phone', 'recipient.address'],
    });
    await audit.append({
      kind: 'field.view',
      actor: 'cs-9',
      purpose: 'support',
      subjects: ['s-1'],
      paths: ['sender.name'],
      data: { effect: 'mask' },
    });
    const db = await twentyParcels();
    const impact = await breachImpact(
      { actorIds: ['cs-9'], stolenData: { subjectIds: ['r-7'], paths: ['recipient.phone'] } },
      { audit, keyStore: db.keyStore, schemas: [Parcel] },
    );
    expect(impact.subjects.find((s) => s.subjectId === 'r-7')?.ciphertextOnly).toBe(true);
    const notices = breachNotices(impact, CONTENT);
    expect(notices.map((n) => n.subjectId).sort()).toEqual(['r-1', 's-1']);
    const r1 = notices.find((n) => n.subjectId === 'r-1')!.text.zh;
    expect(r1).toContain('您的地址、手机号码可能已经泄露');
    expect(notices.find((n) => n.subjectId === 's-1')!.text.zh).toContain('您的姓名可能已经泄露');

    const sink = memorySink();
    const log = createAuditLog({ sink });
    const report = await deliverNotices(notices, { audit: log, send: async () => {} });
    expect(report.sent).toBe(2);
    expect(sink.entries.map((e) => e.data?.noticeKind)).toEqual(['breach', 'breach']);
    expect(verifyAuditLog(sink.entries).ok).toBe(true);
    // Values never reach the log.
    expect(JSON.stringify(sink.entries)).not.toMatch(/1381234|张三|香港中路/);
  });

  it('refuses a notice without the content the law asks for, or a field it cannot word', async () => {
    const db = await twentyParcels();
    const impact = await breachImpact({ kekIds: ['kek-1'] }, { keyStore: db.keyStore });
    for (const k of ['cause', 'possibleHarm', 'remedies', 'whatYouCanDo'] as const)
      expect(() => breachNotices(impact, { ...CONTENT, [k]: t('', '') })).toThrow(/PIPL Art. 57/);
    expect(() => breachNotices(impact, { ...CONTENT, contact: ' ' })).toThrow(/contact/);
    const audit = createAuditLog({ sink: memorySink() });
    await audit.append({
      kind: 'field.view',
      actor: 'x',
      purpose: 'p',
      subjects: ['r-1'],
      paths: ['notAField'],
    });
    const odd = await breachImpact({ actorIds: ['x'] }, { audit });
    expect(() => breachNotices(odd, CONTENT)).toThrow(/not a field/);
  });
});

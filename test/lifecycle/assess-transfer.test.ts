import { describe, expect, it } from 'vitest';
import { createAuditLog, memorySink } from 'courier-pii/audit';
import {
  type AssessTransferInput,
  assessTransfer,
  crossBorderNotices,
  deliverNotices,
  generateRecipientKey,
  openFromSender,
  sealForRecipient,
} from 'courier-pii/lifecycle';

const NAME = { path: 'recipient.name', level: 'internal', kind: 'name' } as const;
const PHONE = { path: 'recipient.phone', level: 'internal', kind: 'phone' } as const;
const ID = { path: 'sender.idNumber', level: 'sensitive', kind: 'idNumber' } as const;
const NOW = new Date('2026-06-01T00:00:00Z');
const NOTICE = {
  recipientName: 'SG Last Mile Pte. Ltd.',
  recipientContact: 'privacy@lastmile.example',
  purposes: ['delivery'],
  purposeLabels: { delivery: { zh: '境外末端派送', en: 'delivery abroad' } },
  method: { zh: '由境外接收方完成末端派送', en: 'final-mile delivery by the overseas recipient' },
  rightsContact: 'rights@lastmile.example',
};

function input(over: Partial<AssessTransferInput>): AssessTransferInput {
  return {
    destination: 'SG',
    basis: 'consent',
    fields: [NAME, PHONE],
    subjects: 1,
    yearToDate: { nonSensitive: 0, sensitive: 0, year: 2026 },
    now: NOW,
    ...over,
  };
}

describe('assessTransfer: routes around each Order 16 threshold', () => {
  const table: Array<[string, Partial<AssessTransferInput>, string]> = [
    [
      '99 999 non-sensitive individuals are exempt',
      { subjects: 1, yearToDate: { nonSensitive: 99_998, sensitive: 0 } },
      'exempt',
    ],
    [
      'the 100 000th non-sensitive individual needs a contract',
      { subjects: 1, yearToDate: { nonSensitive: 99_999, sensitive: 0 } },
      'standard-contract-or-certification',
    ],
    [
      '999 999 non-sensitive individuals need a contract',
      { subjects: 1, yearToDate: { nonSensitive: 999_998, sensitive: 0 } },
      'standard-contract-or-certification',
    ],
    [
      'the 1 000 000th non-sensitive individual needs an assessment',
      { subjects: 1, yearToDate: { nonSensitive: 999_999, sensitive: 0 } },
      'security-assessment',
    ],
    [
      'one sensitive individual needs a contract',
      { fields: [NAME, ID], subjects: 1 },
      'standard-contract-or-certification',
    ],
    [
      '9 999 sensitive individuals need a contract',
      { fields: [ID], subjects: 1, yearToDate: { nonSensitive: 0, sensitive: 9_998 } },
      'standard-contract-or-certification',
    ],
    [
      'the 10 000th sensitive individual needs an assessment',
      { fields: [ID], subjects: 1, yearToDate: { nonSensitive: 0, sensitive: 9_999 } },
      'security-assessment',
    ],
    [
      'contract necessity for cross-border delivery is exempt at any volume',
      { basis: 'contract-necessity', subjects: 5_000_000 },
      'exempt',
    ],
    ['HR management is exempt', { basis: 'hr-management', subjects: 200_000 }, 'exempt'],
    ['a CIIO needs an assessment even for one individual', { ciio: true }, 'security-assessment'],
    [
      'important data needs an assessment even under contract necessity',
      { basis: 'contract-necessity', importantData: true },
      'security-assessment',
    ],
  ];
  for (const [name, over, route] of table) {
    it(name, async () => {
      expect((await assessTransfer(input(over))).route).toBe(route);
    });
  }

  it('counts individuals from 1 January: last year counters are reset', async () => {
    const r = await assessTransfer(
      input({ subjects: 10, yearToDate: { nonSensitive: 500_000, sensitive: 0, year: 2025 } }),
    );
    expect(r.route).toBe('exempt');
    expect(r.record.yearToDate).toEqual({ year: 2026, nonSensitive: 10, sensitive: 0 });
    expect(r.reasons[0]).toContain('1 January');
  });

  it('uses China Standard Time for the year boundary', async () => {
    const r = await assessTransfer(
      input({
        now: new Date('2026-12-31T16:30:00Z'),
        yearToDate: { nonSensitive: 5, sensitive: 0, year: 2026 },
      }),
    );
    expect(r.record.yearToDate.year).toBe(2027);
    expect(r.record.yearToDate.nonSensitive).toBe(1);
  });

  it('honours configured thresholds', async () => {
    const r = await assessTransfer(input({ subjects: 60, thresholds: { contractFrom: 50 } }));
    expect(r.route).toBe('standard-contract-or-certification');
  });

  it('counts a list of subject ids as individuals', async () => {
    const r = await assessTransfer(
      input({ subjects: ['s-1', 's-2', 's-3'], yearToDate: { nonSensitive: 99_997, sensitive: 0 } }),
    );
    expect(r.record.individuals).toBe(3);
    expect(r.route).toBe('standard-contract-or-certification');
  });
});

describe('assessTransfer: prerequisites', () => {
  it('an exempt transfer of non-sensitive fields is allowed with a PIA and the Art. 39 notice', async () => {
    const r = await assessTransfer(
      input({ basis: 'contract-necessity', evidence: { pia: true }, notice: NOTICE }),
    );
    expect(r).toMatchObject({ allowed: true, missing: [] });
  });

  it('a contract route without a contract or PIA lists both as missing', async () => {
    const r = await assessTransfer(
      input({
        yearToDate: { nonSensitive: 150_000, sensitive: 0 },
        notice: NOTICE,
        evidence: { separateConsent: true },
      }),
    );
    expect(r.allowed).toBe(false);
    expect(r.missing).toEqual(['standard-contract-or-certification', 'pia']);
    const ok = await assessTransfer(
      input({
        yearToDate: { nonSensitive: 150_000, sensitive: 0 },
        notice: NOTICE,
        evidence: { certification: true, pia: true, separateConsent: true },
      }),
    );
    expect(ok.allowed).toBe(true);
  });

  it('an exempt route without a PIA is not allowed (PIPL Art. 55(4): every provision abroad)', async () => {
    for (const basis of ['contract-necessity', 'hr-management', 'emergency'] as const) {
      const r = await assessTransfer(input({ basis, notice: NOTICE }));
      expect(r.route).toBe('exempt');
      expect(r.allowed).toBe(false);
      expect(r.missing).toEqual(['pia']);
      expect(r.reasons.join(' ')).toContain('55(4)');
    }
    // Exempt by volume (consent basis, few people): still no transfer without a PIA.
    const small = await assessTransfer(
      input({ basis: 'consent', notice: NOTICE, evidence: { separateConsent: true } }),
    );
    expect(small.route).toBe('exempt');
    expect(small.missing).toEqual(['pia']);
  });

  it('a consent-based transfer of non-sensitive data without separate consent is not allowed (Art. 39)', async () => {
    const r = await assessTransfer(input({ basis: 'consent', evidence: { pia: true }, notice: NOTICE }));
    expect(r.allowed).toBe(false);
    expect(r.missing).toEqual(['separate-consent']);
    expect(r.reasons.join(' ')).toContain('Art. 39');
    const ok = await assessTransfer(
      input({ basis: 'consent', evidence: { pia: true, separateConsent: true }, notice: NOTICE }),
    );
    expect(ok.allowed).toBe(true);
    // Contract necessity needs no separate consent for non-sensitive fields.
    const contract = await assessTransfer(
      input({ basis: 'contract-necessity', evidence: { pia: true }, notice: NOTICE }),
    );
    expect(contract.missing).toEqual([]);
  });

  it('without the Art. 39 notice content the transfer is not allowed; with it, the notice names recipient, contact, purposes, method, categories and rights', async () => {
    const bare = await assessTransfer(input({ basis: 'contract-necessity', evidence: { pia: true } }));
    expect(bare.missing).toEqual(['art39-notice']);
    expect(bare.notice).toBeUndefined();
    const noMethod = await assessTransfer(
      input({
        basis: 'contract-necessity',
        evidence: { pia: true },
        notice: { ...NOTICE, method: { zh: '', en: 'x' } },
      }),
    );
    expect(noMethod.missing).toEqual(['art39-notice']);
    const r = await assessTransfer(
      input({ basis: 'contract-necessity', evidence: { pia: true }, notice: NOTICE }),
    );
    const zh = r.notice!.zh;
    for (const part of [
      'SG Last Mile Pte. Ltd.',
      'privacy@lastmile.example',
      '境外末端派送',
      '由境外接收方完成末端派送',
      '姓名',
      '手机号码',
      'rights@lastmile.example',
      '撤回同意',
    ])
      expect(zh).toContain(part);
    expect(zh).not.toContain('delivery');
    expect(r.notice!.en).toContain('final-mile delivery by the overseas recipient');
    // A purpose without words is refused rather than shown as a raw id.
    await expect(
      assessTransfer(input({ basis: 'contract-necessity', notice: { ...NOTICE, purposes: ['marketing'] } })),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('Art. 39 notices go one per person and are delivered with notice.sent records', async () => {
    const sink = memorySink();
    const audit = createAuditLog({ sink });
    const r = await assessTransfer(
      input({
        basis: 'contract-necessity',
        subjects: ['cust-1', 'cust-2', 'cust-3'],
        evidence: { pia: true },
        notice: NOTICE,
      }),
    );
    const notices = crossBorderNotices(r, ['cust-1', 'cust-2', 'cust-3', 'cust-1']);
    expect(notices.map((n) => n.subjectId)).toEqual(['cust-1', 'cust-2', 'cust-3']);
    expect(() => crossBorderNotices(r, ['record:P1'])).toThrow(/record keys/);
    const sent: string[] = [];
    const report = await deliverNotices(notices, {
      audit,
      send: async (n) => {
        sent.push(n.subjectId);
      },
    });
    expect(report).toEqual({ sent: 3, failed: 0, failedSubjects: [] });
    expect(sink.entries.map((e) => [e.kind, e.subjects, e.data?.caseId])).toEqual(
      ['cust-1', 'cust-2', 'cust-3'].map((s) => ['notice.sent', [s], r.record.id]),
    );
  });

  it('sensitive fields need separate consent even when the route is exempt', async () => {
    const r = await assessTransfer(
      input({ basis: 'contract-necessity', fields: [NAME, ID], evidence: { pia: true }, notice: NOTICE }),
    );
    expect(r.route).toBe('exempt');
    expect(r.missing).toEqual(['separate-consent']);
    expect(r.reasons.join(' ')).toContain('sender.idNumber');
  });

  it('a security assessment older than three years has lapsed', async () => {
    const base = input({
      ciio: true,
      evidence: { pia: true, securityAssessmentApprovedAt: '2023-05-31T00:00:00Z' },
    });
    expect((await assessTransfer(base)).missing).toEqual([
      'security-assessment',
      'separate-consent',
      'art39-notice',
    ]);
    const fresh = await assessTransfer({
      ...base,
      notice: NOTICE,
      evidence: { pia: true, separateConsent: true, securityAssessmentApprovedAt: '2023-06-02T00:00:00Z' },
    });
    expect(fresh.allowed).toBe(true);
  });

  it('refuses malformed counts with TRANSFER_INVALID', async () => {
    await expect(assessTransfer(input({ subjects: -1 }))).rejects.toMatchObject({ code: 'TRANSFER_INVALID' });
    await expect(assessTransfer(input({ fields: [] }))).rejects.toMatchObject({ code: 'TRANSFER_INVALID' });
  });
});

describe('assessTransfer: record and encryption', () => {
  it('writes a transfer record to the audit log without personal data', async () => {
    const sink = memorySink();
    const audit = createAuditLog({ sink });
    const r = await assessTransfer(
      input({ audit, subjects: ['s-1'], yearToDate: { nonSensitive: 150_000, sensitive: 0 } }),
    );
    const [e] = sink.entries;
    expect(e?.kind).toBe('transfer.recorded');
    expect(e?.data).toMatchObject({
      transferId: r.record.id,
      allowed: false,
      route: 'standard-contract-or-certification',
      subjectCount: 1,
    });
    expect(e?.subjects).toEqual(['s-1']);
  });

  it('encrypts the dataset to the recipient only when the transfer is allowed', async () => {
    const key = generateRecipientKey();
    const payload = new TextEncoder().encode(JSON.stringify([{ name: '张三' }]));
    const ok = await assessTransfer(
      input({
        basis: 'contract-necessity',
        evidence: { pia: true },
        notice: NOTICE,
        payload,
        recipient: { id: 'partner-sg', publicKey: key.publicKey },
      }),
    );
    expect(ok.sealed).toMatch(/^cpii-hpke1\./);
    expect(new TextDecoder().decode(openFromSender(key.secretKey, ok.sealed!, ok.record.id))).toContain(
      '张三',
    );
    const denied = await assessTransfer(
      input({ fields: [ID], payload, recipient: { id: 'partner-sg', publicKey: key.publicKey } }),
    );
    expect(denied.allowed).toBe(false);
    expect(denied.sealed).toBeUndefined();
  });

  it('a package opens only with the right key and context, and any changed byte is rejected', () => {
    const key = generateRecipientKey();
    const other = generateRecipientKey();
    const box = sealForRecipient(key.publicKey, new Uint8Array([1, 2, 3]), 'xfer-1');
    expect([...openFromSender(key.secretKey, box, 'xfer-1')]).toEqual([1, 2, 3]);
    expect(() => openFromSender(other.secretKey, box, 'xfer-1')).toThrow(
      expect.objectContaining({ code: 'CIPHERTEXT_INVALID' }),
    );
    expect(() => openFromSender(key.secretKey, box, 'xfer-2')).toThrow(
      expect.objectContaining({ code: 'CIPHERTEXT_INVALID' }),
    );
    for (const i of [12, 40, box.length - 1]) {
      const c = box[i] === 'A' ? 'B' : 'A';
      const bad = box.slice(0, i) + c + box.slice(i + 1);
      expect(() => openFromSender(key.secretKey, bad, 'xfer-1')).toThrow(
        expect.objectContaining({ code: 'CIPHERTEXT_INVALID' }),
      );
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditEvent, createAuditLog, memorySink } from 'courier-pii/audit';
import { isPiiError } from '../../src/errors.js';
import { residentIdCheckChar } from '../../src/schema/validators.js';

// Synthetic values that pass their checksums (no real person's data).
const MOBILE = '13812345678';
const ID17 = '11010519900307123';
const RESIDENT_ID = ID17 + residentIdCheckChar(ID17);
const EMAIL = 'zhang.san@example.com';
const CARD = '6222021234567890128';

async function refusal(event: AuditEvent): Promise<{ code?: string; message: string; path?: unknown }> {
  const log = createAuditLog({ sink: memorySink() });
  try {
    await log.append(event);
  } catch (e) {
    if (isPiiError(e)) return { code: e.code, message: e.message, path: e.details?.path };
    throw e;
  }
  return { message: 'accepted' };
}

const base = { kind: 'field.view', actor: 'cs-1', purpose: 'support' } as const;

describe('the PII guard', () => {
  it('refuses a mobile, resident ID, email or bank card in any field, naming the path and never the value', async () => {
    const values = [
      MOBILE,
      `+86 138 1234 5678`,
      `电话${MOBILE}`,
      '电话１３８１２３４５６７８',
      RESIDENT_ID,
      EMAIL,
      `card ${CARD}`,
      CARD,
      '6222 0212 3456 7890 128',
    ];
    for (const v of values) {
      const placements: Array<[AuditEvent, string]> = [
        [{ ...base, actor: v }, 'actor'],
        [{ ...base, purpose: v }, 'purpose'],
        [{ ...base, subjects: ['ok', v] }, 'subjects[1]'],
        [{ ...base, records: [v] }, 'records[0]'],
        [{ ...base, paths: [v] }, 'paths[0]'],
        [{ ...base, keyIds: [v] }, 'keyIds[0]'],
        [{ ...base, data: { note: v } }, 'data.note'],
        [{ ...base, data: { deep: { list: ['x', { v }] } } }, 'data.deep.list[1].v'],
        [{ kind: 'custom', name: 'acme.note', actor: 'a', purpose: 'p', data: { [v]: 1 } }, 'a key of data'],
      ];
      for (const [event, path] of placements) {
        const r = await refusal(event);
        expect(r.code, `${path}`).toBe('AUDIT_PII_REJECTED');
        expect(r.path).toBe(path);
        expect(r.message).toContain(path);
        for (const part of [MOBILE, RESIDENT_ID, CARD, '1234', '１２３４', 'zhang']) {
          expect(r.message).not.toContain(part);
        }
      }
    }
  });

  it('refuses a phone number passed as a number', async () => {
    expect((await refusal({ ...base, data: { n: 13812345678 } })).code).toBe('AUDIT_PII_REJECTED');
  });

  it('accepts ids, paths, waybill numbers, timestamps and hashes that only resemble PII', async () => {
    const ok: AuditEvent[] = [
      {
        ...base,
        records: ['SF1381234567890', '773012345678901', 'EA123456785CN'],
        paths: ['recipient.phone'],
      },
      { ...base, data: { at: '2026-01-01T12:34:56.789Z', ms: 1767225600000, hotline: '95338' } },
      { ...base, data: { sha: 'a1381234567813812345678b'.padEnd(64, 'c'), user: 'user@internal' } },
      { ...base, subjects: ['u_13812345678x'], keyIds: ['kek-2026-01'] },
    ];
    for (const e of ok) expect((await refusal(e)).message).toBe('accepted');
  });

  it('lets declared blind indexes and pseudonyms through, wherever they appear', async () => {
    const log = createAuditLog({ sink: memorySink() });
    // the library's own formats pass unscanned, even where their random characters happen to
    // spell a mobile number
    const index = 'bi1.13812345678-1381234567';
    const token = 'phone_abcdefghijklmnopqrstuvwxyz';
    const e = await log.append({
      ...base,
      subjects: [{ blind: index }],
      data: { who: { blind: token }, other: { blind: 'pseud:1381234' } },
    });
    expect(e.subjects).toEqual([{ blind: index }]);
  });

  it('refuses a blind wrapper whose whole value is itself PII', async () => {
    for (const v of [MOBILE, ` ${EMAIL} `, RESIDENT_ID, CARD]) {
      const r = await refusal({ ...base, subjects: [{ blind: v }] });
      expect(r.code).toBe('AUDIT_PII_REJECTED');
      expect(r.message).toContain('declared { blind }');
    }
  });

  it('never echoes the refused value in the error, for any embedded mobile (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('3', '5', '7', '8', '9'),
        fc.stringMatching(/^\d{9}$/),
        fc.constantFrom('', '电话', 'tel: ', '放门口，'),
        async (second, rest, prefix) => {
          const phone = `1${second}${rest}`;
          const r = await refusal({ ...base, data: { note: `${prefix}${phone}` } });
          expect(r.code).toBe('AUDIT_PII_REJECTED');
          expect(r.message).not.toContain(rest);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('passes blind indexes in the crypto module format (bi1. + base64url) as plain strings', async () => {
    const log = createAuditLog({ sink: memorySink() });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 4, maxLength: 32 }), async (bytes) => {
        const bi = `bi1.${Buffer.from(bytes).toString('base64url')}`;
        const e = await log.append({ ...base, subjects: [bi], data: { index: bi } });
        expect(e.subjects).toEqual([bi]);
      }),
      { numRuns: 300 },
    );
  });
});

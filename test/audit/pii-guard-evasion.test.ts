// The audit log can never be edited, so its guard refuses personal data however it is
// disguised: digits of other scripts and compatibility forms are read as digits, separators
// inside numbers are accepted, and any invisible or format character is refused outright
// (audit fields are ids and paths, which never need one). A { blind } wrapper passes unscanned
// only in the library's own formats; anything else in it is scanned like a plain string.
import { describe, expect, it } from 'vitest';
import { type AuditEvent, createAuditLog, memorySink } from 'courier-pii/audit';
import { createKeyring, createVault, memoryKeyStore } from 'courier-pii/crypto';
import { pseudonymize } from 'courier-pii/mask';
import { isPiiError } from '../../src/errors.js';
import { DIGIT_ZEROS, INVISIBLES, SEPARATORS } from '../fixtures/corpus-v2/evasion.js';

const base = { kind: 'field.view', actor: 'cs-1', purpose: 'support' } as const;
const MOBILE = '13812345678';

async function outcome(
  event: AuditEvent,
  opts: { blindIndexBytes?: number } = {},
): Promise<{ code: string; message: string; kind?: unknown }> {
  const log = createAuditLog({ sink: memorySink(), ...opts });
  try {
    await log.append(event);
    return { code: 'accepted', message: '' };
  } catch (e) {
    if (isPiiError(e)) return { code: e.code, message: e.message, kind: e.details?.kind };
    throw e;
  }
}

const spell = (digit: (d: number) => string, v = MOBILE) => [...v].map((c) => digit(Number(c))).join('');

describe('the audit guard against disguised numbers', () => {
  it.each([
    ['Arabic-Indic', spell((d) => String.fromCharCode(0x660 + d))],
    ['Devanagari', spell((d) => String.fromCharCode(0x966 + d))],
    ['mathematical bold', spell((d) => String.fromCodePoint(0x1d7ce + d))],
    ['full-width', spell((d) => String.fromCharCode(0xff10 + d))],
    ['circled', spell((d) => String.fromCharCode(0x2460 + d - 1))],
    ['dots', '138.1234.5678'],
    ['slashes', '138/1234/5678'],
    ['en dashes', '138\u20131234\u20135678'],
    ['em dashes', '138\u20141234\u20145678'],
    ['middle dots', '138\u00b71234\u00b75678'],
    ['one digit at a time', '1.3.8.1.2.3.4.5.6.7.8'],
  ])('refuses a mobile written with %s, wherever it is', async (_name, v) => {
    for (const event of [
      { ...base, actor: v },
      { ...base, data: { note: `call ${v}` } },
      { ...base, subjects: [v] },
      { kind: 'custom', name: 'acme.note', actor: 'a', purpose: 'p', data: { [v]: 1 } },
    ] as AuditEvent[]) {
      const r = await outcome(event);
      expect(r.code).toBe('AUDIT_PII_REJECTED');
      expect(r.message).not.toContain('5678');
    }
  });

  // every class of the evaluation corpus (test/fixtures/corpus-v2/evasion.ts), so the guard is
  // held to the same disguises detect() is scored on
  it.each([
    ...Object.entries(DIGIT_ZEROS).map(([name, zero]) => [
      `${name} digits`,
      spell((d) => String.fromCodePoint(zero + d)),
    ]),
    ...SEPARATORS.map((sep) => [
      `U+${sep.charCodeAt(0).toString(16)} between groups`,
      `138${sep}1234${sep}5678`,
    ]),
  ])('refuses a mobile written with %s in a data value', async (_name, v) => {
    const r = await outcome({ ...base, data: { note: `call ${v}` } });
    expect(r.code).toBe('AUDIT_PII_REJECTED');
    expect(r.message).not.toContain('5678');
  });

  it.each(INVISIBLES.map((h) => [`U+${h.charCodeAt(0).toString(16)}`, h]))(
    'refuses a mobile with %s between its digits as a hidden character',
    async (_name, h) => {
      const r = await outcome({ ...base, data: { note: [...MOBILE].join(h) } });
      expect(r.code).toBe('AUDIT_PII_REJECTED');
      expect(r.kind).toBe('hidden');
    },
  );

  it('refuses a card and a resident ID in other digits', async () => {
    const card = spell((d) => String.fromCharCode(0x660 + d), '6222021234567890128');
    const id = spell((d) => String.fromCodePoint(0x1d7ce + d), '110105199003071239');
    expect((await outcome({ ...base, data: { x: card } })).code).toBe('AUDIT_PII_REJECTED');
    expect((await outcome({ ...base, data: { x: id } })).code).toBe('AUDIT_PII_REJECTED');
  });

  it.each([
    ['zero-width space', '\u200b'],
    ['zero-width joiner', '\u200d'],
    ['word joiner', '\u2060'],
    ['soft hyphen', '\u00ad'],
    ['byte order mark', '\ufeff'],
    ['right-to-left override', '\u202e'],
    ['tag character', '\u{e0041}'],
  ])('refuses any string holding a %s, even without digits', async (_name, h) => {
    for (const event of [
      { ...base, actor: `cs${h}1` },
      { ...base, purpose: `support${h}` },
      { ...base, paths: [`recipient${h}.phone`] },
      { ...base, data: { note: `138${h}1234${h}5678` } },
      { ...base, data: { [`k${h}`]: 1 } },
      { ...base, subjects: [{ blind: `x${h}y` }] },
    ] as AuditEvent[]) {
      const r = await outcome(event);
      expect(r.code).toBe('AUDIT_PII_REJECTED');
      expect(r.kind).toBe('hidden');
      expect(r.message).toMatch(/invisible or format character/);
    }
  });
});

describe('the { blind } wrapper', () => {
  it('passes blind indexes of the configured length and pseudonym tokens unscanned', async () => {
    const vault = createVault({
      keyring: createKeyring({ keks: [{ id: 'kek-1', key: new Uint8Array(32).fill(1) }], active: 'kek-1' }),
      keyStore: memoryKeyStore(),
      indexKey: new Uint8Array(32).fill(2),
    });
    const index = vault.blindIndex('phone', MOBILE);
    const token = pseudonymize(MOBILE, new Uint8Array(32).fill(3), 'phone');
    const r = await outcome({ ...base, subjects: [{ blind: index }], data: { who: { blind: token } } });
    expect(r.code).toBe('accepted');
    // the random characters of an index may spell a mobile; it still passes
    const lucky = `bi1.${MOBILE}-${MOBILE.slice(0, 10)}`;
    expect((await outcome({ ...base, subjects: [{ blind: lucky }] })).code).toBe('accepted');
    // an index of another length is not this log's format: scanned, and refused here
    const short = `bi1.${MOBILE}`;
    expect((await outcome({ ...base, subjects: [{ blind: short }] })).code).toBe('AUDIT_PII_REJECTED');
    expect((await outcome({ ...base, subjects: [{ blind: short }] }, { blindIndexBytes: 8 })).code).toBe(
      'accepted',
    );
  });

  it.each([
    ['a labelled phone', `tel:${MOBILE}`],
    ['two numbers joined by a comma', `${MOBILE},13912345678`],
    ['a phone after an id', `user-7 ${MOBILE}`],
    ['a bare phone', MOBILE],
    ['an email', 'zhang.san@example.com'],
    ['a disguised phone', '138.1234.5678'],
    ['a pseudonym-shaped prefix with a phone', `phone_${MOBILE}`],
    ['a token of an unknown kind holding a phone', `tel_${MOBILE}`],
  ])('scans and refuses %s', async (_name, v) => {
    const r = await outcome({ ...base, subjects: [{ blind: v }] });
    expect(r.code).toBe('AUDIT_PII_REJECTED');
    expect(r.message).toContain('declared { blind }');
    expect(r.message).not.toContain(MOBILE);
  });

  it('accepts other values that hold nothing personal', async () => {
    for (const v of ['pseud:1381234', 'bi_0123456789abcdef', 'hash-a1b2c3']) {
      expect((await outcome({ ...base, subjects: [{ blind: v }] })).code).toBe('accepted');
    }
  });

  it('refuses a blind index length outside 4-32 bytes when the log is created', () => {
    for (const n of [3, 33, 1.5]) {
      expect(() => createAuditLog({ sink: memorySink(), blindIndexBytes: n })).toThrow(/blindIndexBytes/);
    }
  });
});

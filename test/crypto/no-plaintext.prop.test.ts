import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { pii } from '../../src/schema/index.js';
import { SUITES, testVault } from './helpers.js';

const Note = pii.id(
  'prop-note/v1',
  z.object({
    who: pii.subject(
      'customer',
      z.object({ secret: pii.freeText({ level: 'sensitive' }), code: pii.custom({ level: 'sensitive' }) }),
    ),
  }),
);

// Plaintexts long enough that an accidental substring match in base64url is not a concern.
const secretArb = fc.string({ minLength: 6, maxLength: 60 }).filter((s) => s.trim().length >= 6);

describe.each(SUITES)('no sealed output, error or certificate contains the plaintext (suite %s)', (suite) => {
  it('holds for sealed records, indexes, tamper errors, erasure errors and certificates', async () => {
    const { vault } = testVault({ suite });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(secretArb, secretArb, async (secret, code) => {
        const n = run++;
        const recordId = `R${n}`;
        const subjectId = `c${n}`;
        const { record, indexes } = await vault.seal(
          Note,
          { who: { secret, code } },
          { recordId, subjects: { customer: subjectId } },
        );
        const out = JSON.stringify({ record, indexes });
        expect(out.includes(secret.trim())).toBe(false);
        expect(out.includes(code.trim())).toBe(false);
        // a tampered value: the error says nothing about the content
        const s = record.who.secret as string;
        const bad = {
          who: { ...record.who, secret: s.slice(0, 10) + (s[10] === 'A' ? 'B' : 'A') + s.slice(11) },
        };
        const e1 = await vault.open(Note, bad, { recordId }).catch((e: unknown) => e);
        // a plaintext where a ciphertext is expected
        const e2 = await vault.open(Note, { who: { secret, code } }, { recordId }).catch((e: unknown) => e);
        const cert = await vault.eraseSubject(subjectId, {
          knownValues: [{ kind: 'freeText', value: secret }],
        });
        const e3 = await vault.open(Note, record, { recordId }).catch((e: unknown) => e);
        for (const e of [e1, e2, e3]) {
          expect(e).toBeInstanceOf(Error);
          const text = `${(e as Error).message} ${JSON.stringify(e)} ${String((e as Error).stack)}`;
          expect(text.includes(secret)).toBe(false);
          expect(text.includes(code)).toBe(false);
        }
        const c = JSON.stringify(cert);
        expect(c.includes(secret.trim())).toBe(false);
        expect(c.includes(code.trim())).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('rejects any one-byte change of a sealed value', async () => {
    const { vault } = testVault({ suite });
    const { record } = await vault.seal(
      Note,
      { who: { secret: 'leave at the door', code: 'gate 7' } },
      { recordId: 'R', subjects: { customer: 'c1' } },
    );
    const bytes = Buffer.from((record.who.code as string).slice(6), 'base64url');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (i, x) => {
        const b = Buffer.from(bytes);
        b[i] = b[i]! ^ x;
        const tampered = { who: { ...record.who, code: `cpii1.${b.toString('base64url')}` } };
        const e = await vault
          .open(Note, tampered, { recordId: 'R', paths: ['who.code'] })
          .catch((err: unknown) => err);
        expect(e).toMatchObject({ code: 'CIPHERTEXT_INVALID' });
      }),
      { numRuns: 300 },
    );
  });
});

// Erasing a customer destroys the key of a note's sealed original, never its clear redaction
// (pii.freeText({ onSeal: 'redact' }), docs/concepts.md "Free text"): a retention sweep does not
// count such a path as crypto-shredded, so it is deleted like any clear field.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { sealedPaths } from '../../src/lifecycle/sweep-carry-out.js';
import type { FieldDue } from '../../src/lifecycle/sweep.js';
import { redact } from '../../src/mask/index.js';
import { classify, levelRank, pii, redactedText } from '../../src/schema/index.js';
import { SUITES, testVault } from '../crypto/helpers.js';

const S = z.object({
  recipient: pii.subject(
    'recipient',
    z.object({ phone: pii.phone(), note: pii.freeText({ onSeal: 'redact' }) }),
  ),
});
const NOTE = '放门口，电话13812345678';

describe.each(SUITES)('free text with its redaction in clear, at erasure time (suite %s)', (suite) => {
  it('erasing the subject shreds the original; the clear redaction stays until deleted, and a sweep does not call it shredded', async () => {
    const { vault } = testVault({ suite, redactText: (t) => redact(t).text });
    const subjects = { recipient: 'cust-1' };
    const { record } = await vault.seal(
      S,
      { recipient: { phone: '13812345678', note: NOTE } },
      { recordId: 'P1', subjects },
    );
    await vault.eraseSubject('cust-1');
    const opened = await vault.open(S, record, { recordId: 'P1', subjects, erased: 'omit' });
    expect(opened.recipient.note).toBeUndefined();
    expect(redactedText(record.recipient.note)).toBe('放门口，电话138****5678');
    const due: FieldDue[] = classify(S).map((field) => ({
      field,
      keyId: 'cust-1',
      due: true,
      ruled: true,
      rules: ['r'],
    }));
    const sealed = sealedPaths({ id: 'P1', schema: S, data: record }, due, levelRank('sensitive'));
    expect([...sealed]).toEqual(['recipient.phone']);
  });
});

// The generated matrix of issue "tagged means protected": every zod 4 container, one and two
// levels deep, around every kind tagged sensitive. Each case is sealed (no plaintext anywhere in
// the sealed record or its indexes, and it opens back to the parsed value) or refused with
// SCHEMA_INVALID; it is never stored in clear.
import { describe, expect, it } from 'vitest';
import { recordSubject } from '../../src/crypto/field-binding.js';
import { isPiiError } from '../../src/errors.js';
import { redact } from '../../src/mask/index.js';
import { classify, forEachLeaf, redactedText } from '../../src/schema/index.js';
import { allCases, type Case, dump, leaked, redactingFreeTextCases, SAMPLES } from '../support/containers.js';
import { SUITES, testVault } from './helpers.js';

const cases = allCases();
const refusedCount = cases.filter((c) => c.sealRefused).length;

describe('the container matrix', () => {
  it('is generated over every container and kind, and most cases are sealed rather than refused', () => {
    expect(cases.length).toBeGreaterThan(5000);
    expect(refusedCount).toBeGreaterThan(0);
    expect(refusedCount).toBeLessThan(cases.length / 2);
  });

  it('refuses the same cases at classify, so a refused schema is refused at first use', () => {
    for (const c of cases.filter((x) => x.refused)) {
      let code: string | undefined;
      try {
        classify(c.schema);
      } catch (e) {
        code = isPiiError(e) ? e.code : 'other';
      }
      expect(code, c.name).toBe('SCHEMA_INVALID');
    }
  });
});

describe.each(SUITES)('the container matrix for seal and open (suite %s)', (suite) => {
  it('seals every case without plaintext, or refuses it with SCHEMA_INVALID, and opens what it sealed', async () => {
    const { vault } = testVault({ suite });
    const failures: string[] = [];
    const check = async (c: Case) => {
      let sealed: Awaited<ReturnType<typeof vault.seal>>;
      try {
        sealed = await vault.seal(c.schema, c.value as never, { recordId: 'R1' });
      } catch (e) {
        if (!c.sealRefused || !isPiiError(e) || e.code !== 'SCHEMA_INVALID')
          failures.push(`${c.name}: seal threw ${isPiiError(e) ? e.code : String(e)}`);
        else if (leaked(e.message, c.sample)) failures.push(`${c.name}: the error names the value`);
        return;
      }
      if (c.sealRefused) failures.push(`${c.name}: sealed although it must be refused`);
      const text = dump(sealed);
      if (leaked(text, c.sample)) failures.push(`${c.name}: plaintext in the sealed record`);
      if (!/cpii1\./.test(dump(sealed.record))) failures.push(`${c.name}: nothing was sealed`);
      const opened = await vault.open(c.schema, sealed.record as never, { recordId: 'R1' });
      expect(opened, c.name).toEqual(c.schema.parse(c.value));
    };
    for (const c of cases) await check(c);
    expect(failures).toEqual([]);
  });
});

describe.each(SUITES)(
  "the container matrix for free text sealed with its redaction (onSeal: 'redact', suite %s)",
  (suite) => {
    const redacting = redactingFreeTextCases();
    const expected = redact(SAMPLES.freeText.value as string).text;

    it('stores { redacted, sealed } at every free-text location, with only masked values in clear, and opens the original', async () => {
      expect(redacting.length).toBeGreaterThan(400);
      expect(expected).not.toBe(SAMPLES.freeText.value);
      const { vault } = testVault({ suite, redactText: (t) => redact(t).text });
      const failures: string[] = [];
      for (const c of redacting) {
        let sealed: Awaited<ReturnType<typeof vault.seal>>;
        try {
          sealed = await vault.seal(c.schema, c.value as never, { recordId: 'R1' });
        } catch (e) {
          if (!c.sealRefused || !isPiiError(e) || e.code !== 'SCHEMA_INVALID')
            failures.push(`${c.name}: seal threw ${isPiiError(e) ? e.code : String(e)}`);
          continue;
        }
        if (c.sealRefused) failures.push(`${c.name}: sealed although it must be refused`);
        if (leaked(dump(sealed), c.sample)) failures.push(`${c.name}: plaintext in the sealed record`);
        let notes = 0;
        forEachLeaf(c.schema, sealed.record, (f, v) => {
          if (f.kind !== 'freeText') return;
          notes++;
          const sealedMember = (v as { sealed?: unknown }).sealed;
          if (
            redactedText(v) !== expected ||
            typeof sealedMember !== 'string' ||
            !sealedMember.startsWith('cpii1.')
          )
            failures.push(`${c.name}: not stored as { redacted, sealed }`);
        });
        if (notes === 0) failures.push(`${c.name}: no free-text location in the sealed record`);
        const opened = await vault.open(c.schema, sealed.record as never, { recordId: 'R1' });
        expect(opened, c.name).toEqual(c.schema.parse(c.value));
      }
      expect(failures).toEqual([]);
    });

    it('refuses to seal any of them on a vault without redactText, before any key exists', async () => {
      const { vault, keyStore } = testVault({ suite });
      for (const c of redacting) {
        const err = await vault.seal(c.schema, c.value as never, { recordId: 'R1' }).catch((e: unknown) => e);
        expect(isPiiError(err) && err.code, c.name).toBe(
          c.sealRefused ? 'SCHEMA_INVALID' : 'INVALID_ARGUMENT',
        );
      }
      expect(await keyStore.get(recordSubject('R1'))).toBeUndefined();
    });
  },
);

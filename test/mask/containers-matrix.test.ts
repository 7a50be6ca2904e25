// The generated container matrix (test/support/containers.ts) for the masking paths: maskRecord
// masks every tagged value wherever the schema puts it, and redactPaths lists it so that pino
// never logs it; or both refuse the schema with SCHEMA_INVALID.
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { isPiiError } from '../../src/errors.js';
import { maskRecord, redact, redactPaths } from '../../src/mask/index.js';
import { allCases, dump, leaked, redactingFreeTextCases, SAMPLES } from '../support/containers.js';

const cases = allCases();

function logged(paths: string[], value: unknown): string {
  let out = '';
  const sink = new Writable({
    write(c: Buffer, _e, cb) {
      out += c.toString();
      cb();
    },
  });
  pino({ redact: { paths, censor: '[R]' } }, sink).info(value as object);
  return out;
}

describe('the container matrix for maskRecord and redactPaths', () => {
  it('maskRecord masks every case, or refuses it with SCHEMA_INVALID', () => {
    const failures: string[] = [];
    for (const c of cases) {
      // waybill numbers are kept on purpose by the customerService preset
      const preset = c.kind === 'waybillNo' ? 'privacyWaybill' : 'customerService';
      let out: unknown;
      try {
        out = maskRecord(c.schema, c.value, preset);
      } catch (e) {
        if (!c.refused || !isPiiError(e) || e.code !== 'SCHEMA_INVALID')
          failures.push(`${c.name}: maskRecord threw ${isPiiError(e) ? e.code : String(e)}`);
        continue;
      }
      if (c.refused) failures.push(`${c.name}: masked although the walk must refuse it`);
      if (c.kind !== 'waybillNo' && leaked(dump(out), c.sample)) failures.push(`${c.name}: unmasked value`);
      if ((out as { id?: unknown }).id !== 'r-1') failures.push(`${c.name}: untagged field lost`);
    }
    expect(failures).toEqual([]);
  });

  it('redactPaths lists every case so pino redacts it, or refuses it with SCHEMA_INVALID', () => {
    const failures: string[] = [];
    for (const c of cases) {
      let paths: string[];
      try {
        paths = redactPaths(c.schema, 'sensitive');
      } catch (e) {
        if (!c.refused || !isPiiError(e) || e.code !== 'SCHEMA_INVALID')
          failures.push(`${c.name}: redactPaths threw ${isPiiError(e) ? e.code : String(e)}`);
        continue;
      }
      if (c.refused) failures.push(`${c.name}: listed although the walk must refuse it`);
      if (paths.length === 0) failures.push(`${c.name}: nothing listed`);
      if (leaked(logged(paths, c.value), c.sample)) failures.push(`${c.name}: logged in clear`);
    }
    expect(failures).toEqual([]);
  });
});

describe("the container matrix for free text stored with its redaction (onSeal: 'redact')", () => {
  // The stored form, built without a vault (maskRecord, redactPaths and pino only read it), in
  // every container a vault can seal; its clear member holds a phone an older detector let through.
  const SEALED = 'cpii1.AQEK-not-opened-here';
  const stale = SAMPLES.freeText.value as string;
  const cases = redactingFreeTextCases()
    .filter((c) => !c.sealRefused)
    .map((c) => ({
      c,
      stored: {
        id: 'r-1',
        rec: c.chain.reduceRight<unknown>((inner, k) => k.put(inner), { redacted: stale, sealed: SEALED }),
      },
    }));

  it('maskRecord shows the clear member redacted again, never the sealed member, in every container', () => {
    expect(cases.length).toBeGreaterThan(400);
    const failures: string[] = [];
    for (const { c, stored } of cases) {
      const text = dump(maskRecord(c.schema, stored, 'customerService'));
      if (leaked(text, c.sample)) failures.push(`${c.name}: unmasked value`);
      if (text.includes(SEALED)) failures.push(`${c.name}: the sealed member is shown`);
      if (!text.includes(redact(stale).text)) failures.push(`${c.name}: the redaction is not shown`);
    }
    expect(failures).toEqual([]);
  });

  it('redactPaths hides the stored form whole in every container', () => {
    const failures: string[] = [];
    for (const { c, stored } of cases) {
      const text = logged(redactPaths(c.schema, 'sensitive'), stored);
      if (text.includes(SEALED) || text.includes(redact(stale).text) || leaked(text, c.sample))
        failures.push(`${c.name}: logged in clear`);
    }
    expect(failures).toEqual([]);
  });
});

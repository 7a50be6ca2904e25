// The generated container matrix (test/support/containers.ts) for the masking paths: maskRecord
// masks every tagged value wherever the schema puts it, and redactPaths lists it so that pino
// never logs it; or both refuse the schema with SCHEMA_INVALID.
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { isPiiError } from '../../src/errors.js';
import { maskRecord, redactPaths } from '../../src/mask/index.js';
import { allCases, dump, leaked } from '../support/containers.js';

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

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PII_ERROR_CODES, PiiError, isPiiError } from 'courier-pii';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

describe('PiiError', () => {
  it('carries a stable code, a cause and non-PII details', () => {
    const cause = new Error('low level');
    const e = new PiiError('KEY_NOT_FOUND', 'No key with that id; check the keyring.', {
      cause,
      details: { keyId: 'k1' },
    });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('PiiError');
    expect(e.code).toBe('KEY_NOT_FOUND');
    expect(e.cause).toBe(cause);
    expect(e.details).toEqual({ keyId: 'k1' });
    expect(isPiiError(e)).toBe(true);
  });

  it('isPiiError rejects look-alikes', () => {
    expect(isPiiError(new Error('x'))).toBe(false);
    expect(isPiiError({ code: 'KEY_NOT_FOUND' })).toBe(false);
    expect(isPiiError(null)).toBe(false);
    expect(isPiiError('KEY_NOT_FOUND')).toBe(false);
  });

  it('lists each code once', () => {
    expect(new Set(PII_ERROR_CODES).size).toBe(PII_ERROR_CODES.length);
  });

  it('is recognised across the ESM and CJS builds loaded side by side, and they share the tag registry', () => {
    if (!existsSync(`${dist}index.cjs`)) {
      execFileSync('npm', ['run', '-s', 'build'], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: 'ignore',
      });
    }
    const script = `
      const cjs = require(${JSON.stringify(`${dist}index.cjs`)});
      const cjsSchema = require(${JSON.stringify(`${dist}schema/index.cjs`)});
      import(${JSON.stringify(`${dist}index.js`)}).then(async (esm) => {
        const esmSchema = await import(${JSON.stringify(`${dist}schema/index.js`)});
        const fromCjs = new cjs.PiiError('KEY_NOT_FOUND', 'x');
        const fromEsm = new esm.PiiError('KEY_NOT_FOUND', 'x');
        const phone = cjsSchema.pii.phone();
        console.log(JSON.stringify({
          distinctClasses: cjs.PiiError !== esm.PiiError,
          esmSeesCjs: esm.isPiiError(fromCjs),
          cjsSeesEsm: cjs.isPiiError(fromEsm),
          sameRegistry: cjsSchema.piiRegistry === esmSchema.piiRegistry,
          esmReadsCjsTag: esmSchema.getTag(phone)?.kind,
          subpathSharesRoot: cjsSchema.pii !== undefined,
        }));
      });`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({
      distinctClasses: true,
      esmSeesCjs: true,
      cjsSeesEsm: true,
      sameRegistry: true,
      esmReadsCjsTag: 'phone',
      subpathSharesRoot: true,
    });
  });
});

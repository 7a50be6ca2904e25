// `verifyAuditFile` with a progress bar: the same loop over the same verifier, reading the file
// itself so it can report bytes done. test/cli/verify-audit.test.ts holds it to verifyAuditFile.
import { createReadStream, statSync } from 'node:fs';
import { type AuditVerifyOptions, type AuditVerifyResult, createAuditVerifier } from '../audit/index.js';
import { PiiError } from '../errors.js';
import type { Progress } from './progress.js';

export async function verifyAuditFileWithProgress(
  path: string,
  options: AuditVerifyOptions,
  bar: Progress,
): Promise<AuditVerifyResult> {
  const size = statSync(path).size;
  const v = createAuditVerifier(options);
  let offset = 0;
  let carry: Buffer | undefined;
  let failed = false;
  const line = (text: string, at: number): boolean => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      v.fail('format', `line at byte offset ${at} is not JSON`);
      return false;
    }
    return v.push(parsed);
  };
  try {
    outer: for await (const chunk of createReadStream(path, {
      highWaterMark: 1 << 20,
    }) as AsyncIterable<Buffer>) {
      const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
        if (!line(buf.toString('utf8', start, nl), offset)) {
          failed = true;
          break outer;
        }
        offset += nl + 1 - start;
        start = nl + 1;
      }
      carry = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
      bar.update(offset, size);
    }
  } catch (e) {
    if (e instanceof PiiError) throw e;
    throw new PiiError('AUDIT_SINK_FAILED', 'Cannot read the audit file; check the path and permissions.', {
      cause: e,
    });
  }
  if (!failed && carry) {
    v.fail('torn', `entry at byte offset ${offset} is an incomplete last line (interrupted write)`);
  }
  return v.finish();
}

import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pgUrl } from '../stores/services.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const examples = readdirSync(`${root}examples`)
  .filter((f) => /^\d\d-.+\.ts$/.test(f))
  .sort();

describe('every example runs by itself with tsx', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  it.each(examples)('%s exits 0 and prints something', async (file) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', `examples/${file}`], {
      cwd: root,
      // the PostgreSQL example reads its server from the environment, as a user would set it;
      // under `npm test` the services started by the global setup are named in .tmp/services.env
      env: file.startsWith('08-') ? { ...process.env, COURIER_PII_PG_URL: pgUrl() } : process.env,
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout.trim().length).toBeGreaterThan(0);
  });
});

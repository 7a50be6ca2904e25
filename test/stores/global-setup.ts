// vitest globalSetup: makes `npm test` work on a developer machine. When COURIER_PII_PG_URL is
// not set and no services are running, starts them with .ci/services.sh and stops them after.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = `${root}.ci/services.sh`;
let started = false;

export function setup(): void {
  if (process.env.COURIER_PII_PG_URL) return;
  if (existsSync(`${root}.tmp/services.env`)) {
    try {
      execFileSync('bash', [script, 'status'], { stdio: 'ignore' });
      return;
    } catch {
      // stale file: start below
    }
  }
  execFileSync('bash', [script, 'start'], { stdio: ['ignore', 'ignore', 'inherit'] });
  started = true;
}

export function teardown(): void {
  if (started) execFileSync('bash', [script, 'stop'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

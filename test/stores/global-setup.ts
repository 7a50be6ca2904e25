// vitest globalSetup: makes `npm test` work on a machine with nothing but Node installed.
// - A private temporary folder for the run (TMPDIR); the teardown counts what the tests left in
//   it and fails the run when anything was left (test/support/temp-check.ts).
// - PostgreSQL and a SoftHSM2 token: started with .ci/services.sh (installed with apt-get when
//   missing) unless COURIER_PII_PG_URL is set or services are already running; stopped after.
// - Chromium for the browser tests: CHROMIUM_PATH, else a system browser, else installed with
//   apt-get, else one clear message the browser tests fail with (test/support/chromium.ts).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { type ChromiumResult, provideChromium, thisMachine } from '../support/chromium.js';
import { leftoverReport, leftovers, makeRunTmp, removeRunTmp } from '../support/temp-check.js';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ChromiumResult;
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = `${root}.ci/services.sh`;

function startServices(): boolean {
  if (process.env.COURIER_PII_PG_URL) return false;
  if (existsSync(`${root}.tmp/services.env`)) {
    try {
      execFileSync('bash', [script, 'status'], { stdio: 'ignore' });
      return false;
    } catch {
      // stale file: start below
    }
  }
  execFileSync('bash', [script, 'start'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return true;
}

export function setup(project: TestProject): () => void {
  const runTmp = makeRunTmp();
  const before = leftovers(runTmp);
  // Workers and every process the tests spawn inherit it; os.tmpdir() reads it.
  process.env.TMPDIR = runTmp;
  project.provide('chromium', provideChromium(thisMachine(), { install: true }));
  let started = false;
  try {
    started = startServices();
  } catch (e) {
    removeRunTmp(runTmp);
    throw e;
  }
  return () => {
    if (started) execFileSync('bash', [script, 'stop'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const report = leftoverReport(before, leftovers(runTmp));
    removeRunTmp(runTmp);
    if (report) {
      // A throw here is only logged by vitest; the exit code is what CI reads.
      process.stderr.write(`\n${report}\n`);
      process.exitCode = 1;
    }
  };
}

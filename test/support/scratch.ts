// Scratch folders for tests: made in the temporary folder and deleted after the test file, so
// the run leaves nothing behind (the global teardown counts: test/support/temp-check.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

// Registered when a test file imports this module: runs once that file's tests are done.
// (Outside a vitest run, a script that imports a test helper, there is no suite to attach to.)
try {
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
} catch {
  // not under vitest
}

/** A new empty folder `<tmp>/<prefix>XXXXXX`, deleted after the current test file. */
export function scratchDir(prefix = 'cpii-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

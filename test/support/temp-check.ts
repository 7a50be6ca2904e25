// The test run gets a temporary folder of its own (TMPDIR for every worker and every process the
// tests spawn), and the global teardown counts what is left in it: a test or an example that
// forgets to delete its files fails the run by name, instead of littering the machine's /tmp.
// A private folder also keeps the count exact when other test runs share the machine.
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Caches that tools we spawn keep in the temporary folder on purpose (and reuse across runs);
 * they are not leaks of ours. tsx keeps its compile cache in `tsx-<uid>`.
 */
export const TOOL_CACHES: readonly RegExp[] = [/^tsx-\d+$/];

/** Creates the run's temporary folder inside the machine's. */
export function makeRunTmp(parent = tmpdir()): string {
  const dir = mkdtempSync(join(parent, 'courier-pii-test-run-'));
  // The PostgreSQL test server runs as the `postgres` user when the tests run as root, and keeps
  // its data folder in here: it must be able to enter.
  chmodSync(dir, 0o755);
  return dir;
}

/** The entries of `dir` that no test deleted (tool caches excepted), sorted. */
export function leftovers(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => !TOOL_CACHES.some((re) => re.test(n))).sort();
}

/** The message the teardown prints when something was left behind, or undefined when nothing was. */
export function leftoverReport(before: readonly string[], after: readonly string[]): string | undefined {
  const added = after.filter((n) => !before.includes(n));
  if (added.length === 0) return undefined;
  const shown = added.slice(0, 20).join(', ');
  const more = added.length > 20 ? ` and ${added.length - 20} more` : '';
  return (
    `temporary folder check: the tests left ${added.length} entr${added.length === 1 ? 'y' : 'ies'} ` +
    `in the temporary folder (${before.length} before the run, ${before.length + added.length} after): ` +
    `${shown}${more}. Delete what a test creates (rmSync in afterAll or finally).`
  );
}

/** Deletes the run's folder (after the count). */
export function removeRunTmp(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

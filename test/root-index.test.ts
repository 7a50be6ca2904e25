import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as root from 'courier-pii';
import { ROOT_ALIASES, ROOT_MODULES } from '../scripts/root-modules.js';

const repo = fileURLToPath(new URL('..', import.meta.url));

describe('the root entry', () => {
  it('is up to date with every capability index (scripts/gen-root-index.ts --check)', () => {
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/gen-root-index.ts', '--check'], {
        cwd: repo,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  it.each(ROOT_MODULES)('re-exports every runtime value of courier-pii/%s as the same object', async (m) => {
    const mod = (await import(`../src/${m}/index.ts`)) as Record<string, unknown>;
    const names = Object.keys(mod);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect((root as Record<string, unknown>)[ROOT_ALIASES[m]?.[name] ?? name], `${m}.${name}`).toBe(
        mod[name],
      );
    }
  });
});

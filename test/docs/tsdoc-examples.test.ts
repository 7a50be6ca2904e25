// Every @example in the public TSDoc is run by a test: each folder of src/ with an example (and
// the files at the root of src/, as `.`) has a test/<folder>/tsdoc-examples.test.ts that runs
// all of that folder's examples, subfolders included, with a minimum count that is not below
// what the folder has now.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modulesWithExamples, tsdocExamples } from '../support/tsdoc-examples.js';

const TEST = fileURLToPath(new URL('../', import.meta.url));

describe('every TSDoc example is run by a test', () => {
  const modules = modulesWithExamples();

  it('finds the folders that have examples', () => {
    for (const m of ['consent', 'rights', 'lifecycle', 'stores', 'monitor', 'crypto', 'audit'])
      expect(modules).toContain(m);
  });

  it.each(modules)('src/%s has a tsdoc-examples test that runs its examples', (m) => {
    const file = `${TEST}${m === '.' ? '' : `${m}/`}tsdoc-examples.test.ts`;
    expect(existsSync(file), `${file} is missing`).toBe(true);
    const call = /describeTsdocExamples\('([^']+)', (\d[\d_]*)\)/.exec(readFileSync(file, 'utf8'));
    expect(call?.[1]).toBe(m);
    // A minimum far below the real count would let examples disappear unnoticed.
    const count = tsdocExamples(m).length;
    const min = Number(call?.[2]?.replace(/_/g, ''));
    console.info(`src/${m}: ${count} examples, minimum ${min}`);
    expect(min).toBeGreaterThanOrEqual(Math.floor(count * 0.8));
  });
});

// No temporary-folder litter: the suite runs with a temporary folder of its own and the global
// teardown (test/stores/global-setup.ts) fails the run when anything is left in it. These tests
// hold the counting to what it promises.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leftoverReport, leftovers, makeRunTmp, removeRunTmp } from './support/temp-check.js';

describe('the temporary-folder check', () => {
  it('this run uses the private folder the global setup made, and so do processes it spawns', async () => {
    expect(basename(tmpdir())).toMatch(/^courier-pii-test-run-/);
    const { execFileSync } = await import('node:child_process');
    const child = execFileSync(process.execPath, ['-e', 'process.stdout.write(require("os").tmpdir())'], {
      encoding: 'utf8',
    });
    expect(child).toBe(tmpdir());
  });

  it('counts what was added, names it, and ignores the tools’ own caches', () => {
    const dir = makeRunTmp(tmpdir());
    try {
      const before = leftovers(dir);
      expect(before).toEqual([]);
      mkdirSync(join(dir, 'tsx-0'));
      expect(leftoverReport(before, leftovers(dir))).toBeUndefined();
      mkdirSync(join(dir, 'courier-pii-demo-abc'));
      writeFileSync(join(dir, 'cpii-cli-x'), '');
      const report = leftoverReport(before, leftovers(dir));
      expect(report).toContain('left 2 entries');
      expect(report).toContain('(0 before the run, 2 after)');
      expect(report).toContain('courier-pii-demo-abc, cpii-cli-x');
    } finally {
      removeRunTmp(dir);
    }
  });

  it('shortens a long list but gives the full count', () => {
    const after = Array.from({ length: 25 }, (_, i) => `x${String(i).padStart(2, '0')}`);
    const report = leftoverReport([], after)!;
    expect(report).toContain('left 25 entries');
    expect(report).toContain('and 5 more');
    expect(report).not.toContain('x20');
  });

  it('entries that were there before the run are not counted', () => {
    expect(leftoverReport(['a'], ['a'])).toBeUndefined();
    expect(leftoverReport(['a'], ['a', 'b'])).toContain('left 1 entry ');
  });
});

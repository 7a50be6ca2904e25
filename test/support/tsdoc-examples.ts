// Shared by test/<module>/tsdoc-examples.test.ts: every @example of a module runs as written.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

interface Example {
  file: string;
  code: string;
  expected: string[];
}

function examples(srcDir: string): Example[] {
  const out: Example[] = [];
  for (const file of readdirSync(srcDir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const text = readFileSync(join(srcDir, file), 'utf8');
    for (const m of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
      const code = m[1]!
        .split('\n')
        .map((l) => l.replace(/^\s*\* ?/, ''))
        .join('\n');
      const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((x) =>
        x[1]!.split(':')[0]!.trim(),
      );
      out.push({ file, code, expected });
    }
  }
  return out;
}

/**
 * Registers one test per TSDoc `@example` in src/<module>: each runs as written and prints what
 * its `// comment` says. `minCount` guards against examples silently disappearing.
 */
export function describeTsdocExamples(module: string, minCount: number): void {
  const srcDir = fileURLToPath(new URL(`../../src/${module}/`, import.meta.url));
  const tmpDir = fileURLToPath(new URL(`../${module}/.examples-${process.pid}/`, import.meta.url));
  afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));
  describe(`TSDoc examples of courier-pii/${module}`, () => {
    const all = examples(srcDir);
    it('exist for the public functions', () => {
      expect(all.length).toBeGreaterThanOrEqual(minCount);
    });
    all.forEach((ex, i) => {
      it(`example ${i + 1} in ${ex.file} runs and prints what it documents`, async () => {
        mkdirSync(tmpDir, { recursive: true });
        const path = join(tmpDir, `ex${i}.ts`);
        writeFileSync(path, ex.code);
        const printed: string[] = [];
        // Examples make their files with tmpdir() as a reader would; give each a folder that is
        // deleted with the others (tmpdir() reads TMPDIR on every call).
        const exampleTmp = join(tmpDir, `tmp${i}`);
        mkdirSync(exampleTmp, { recursive: true });
        const runTmp = process.env.TMPDIR;
        process.env.TMPDIR = exampleTmp;
        const orig = console.log;
        console.log = (...args: unknown[]) => {
          printed.push(
            args
              .map((a) => (typeof a === 'string' ? a : a === undefined ? 'undefined' : JSON.stringify(a)))
              .join(' '),
          );
        };
        try {
          await import(/* @vite-ignore */ path);
        } finally {
          console.log = orig;
          if (runTmp === undefined) delete process.env.TMPDIR;
          else process.env.TMPDIR = runTmp;
        }
        expect(printed.length).toBe(ex.expected.length);
        printed.forEach((p, j) => {
          const want = ex.expected[j]!;
          // `// 4 + 31 + ... = 111` documents a computed value: compare with the result.
          expect(p).toBe(want.includes('=') ? want.split('=').pop()!.trim() : want);
        });
      });
    });
  });
}

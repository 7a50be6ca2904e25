// Shared by test/<module>/tsdoc-examples.test.ts: every @example of a module runs as written.
// test/docs/tsdoc-examples.test.ts checks that every folder of src/ with an example has such a file.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatWithOptions } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pkcs11Settings, setting } from '../stores/services.js';

export interface TsdocExample {
  /** The source file, relative to src/ (`consent/grant.ts`). */
  file: string;
  /** The exported name the TSDoc comment documents (`grant`), or the member's name. */
  symbol: string;
  code: string;
  expected: string[];
  /** Names of `process.env.COURIER_PII_*` settings the example reads (the test services' marker). */
  services: string[];
}

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** The .ts files of src/<module>, subfolders included; `.` is the files at the root of src/ only. */
function sourceFiles(module: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, deep: boolean): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (deep) walk(p, deep);
      } else if (name.endsWith('.ts')) out.push(p);
    }
  };
  walk(join(SRC, module), module !== '.');
  return out;
}

/** What the comment documents: the name declared on the first code line after it. */
function symbolAfter(text: string, from: number): string {
  const line =
    text
      .slice(from)
      .split('\n')
      .find((l) => l.trim() !== '') ?? '';
  const m =
    /export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([\w$]+)/.exec(
      line,
    ) ?? /^\s*(?:readonly\s+)?([\w$]+)/.exec(line);
  return m?.[1] ?? '(unnamed)';
}

/**
 * Every ```ts block in the TSDoc comments of src/<module>. A comment with more `@example` tags
 * than ```ts blocks fails: an example in another fence would never run.
 */
export function tsdocExamples(module: string): TsdocExample[] {
  const out: TsdocExample[] = [];
  for (const path of sourceFiles(module)) {
    const text = readFileSync(path, 'utf8');
    const file = relative(SRC, path).split('\\').join('/');
    for (const c of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
      const comment = c[0];
      const symbol = symbolAfter(text, c.index + comment.length);
      const blocks = [...comment.matchAll(/```ts\n([\s\S]*?)```/g)];
      // A tag starts its line (`ann@example.com` in prose is not one).
      const tags = comment.match(/^\s*\*?\s*@example\b/gm)?.length ?? 0;
      if (tags > blocks.length)
        throw new Error(`${file} ${symbol}: an @example is not in a \`\`\`ts block, so no test runs it.`);
      for (const b of blocks) {
        const code = b[1]!
          .split('\n')
          .map((l) => l.replace(/^\s*\* ?/, ''))
          .join('\n');
        const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((x) => x[1]!.trim());
        const services = [
          ...new Set([...code.matchAll(/process\.env\.(COURIER_PII_[A-Z0-9_]+)/g)].map((x) => x[1]!)),
        ];
        out.push({ file, symbol, code, expected, services });
      }
    }
  }
  return out;
}

/** The folders of src/ whose TSDoc has a ```ts example, and `.` when src/*.ts has one. */
export function modulesWithExamples(): string[] {
  const out: string[] = [];
  if (sourceFiles('.').some((p) => readFileSync(p, 'utf8').includes('```ts'))) out.push('.');
  for (const name of readdirSync(SRC).sort()) {
    if (!statSync(join(SRC, name)).isDirectory()) continue;
    if (sourceFiles(name).some((p) => readFileSync(p, 'utf8').includes('```ts'))) out.push(name);
  }
  return out;
}

/**
 * Registers one test per TSDoc `@example` in src/<module> (`.` for the files at the root of src/):
 * each runs as written, in a folder of its own, and prints what its `// comment` says.
 * `minCount` guards against examples silently disappearing.
 *
 * Examples that need a database or token read it as `process.env.COURIER_PII_PG_URL` (or another
 * `COURIER_PII_*` setting), as a reader's own code would: that is the marker. The test fills those
 * in from the test services (.ci/services.sh, started by test/stores/global-setup.ts) and fails,
 * never skips, when they are missing.
 */
export function describeTsdocExamples(module: string, minCount: number): void {
  const tmpDir = fileURLToPath(
    new URL(`../${module === '.' ? '' : `${module}/`}.examples-${process.pid}/`, import.meta.url),
  );
  afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));
  describe(`TSDoc examples of courier-pii${module === '.' ? '' : `/${module}`}`, () => {
    const all = tsdocExamples(module);
    it('exist for the public functions', () => {
      expect(all.length).toBeGreaterThanOrEqual(minCount);
    });
    all.forEach((ex, i) => {
      it(`${ex.file} ${ex.symbol} (example ${i + 1}) runs and prints what it documents`, async () => {
        // A fixed /tmp path leaves files behind and meets the last run's: use os.tmpdir().
        expect(ex.code, `${ex.file} ${ex.symbol}: make files under tmpdir()`).not.toMatch(/['"`]\/tmp\//);
        mkdirSync(tmpDir, { recursive: true });
        const path = join(tmpDir, `ex${i}.ts`);
        writeFileSync(path, ex.code);
        const printed: [node: string, json: string][] = [];
        // Examples make their files with tmpdir() as a reader would; give each a folder that is
        // deleted with the others (tmpdir() reads TMPDIR on every call).
        const exampleTmp = join(tmpDir, `tmp${i}`);
        mkdirSync(exampleTmp, { recursive: true });
        const runTmp = process.env.TMPDIR;
        const saved = ex.services.map((name) => [name, process.env[name]] as const);
        for (const name of ex.services) process.env[name] = setting(name);
        // The token's configuration is a file named by SOFTHSM2_CONF, which pkcs11Settings sets.
        if (ex.services.some((name) => name.startsWith('COURIER_PII_PKCS11_'))) pkcs11Settings();
        process.env.TMPDIR = exampleTmp;
        const orig = console.log;
        // A line is compared in two spellings: what Node's console.log prints (`{ ok: true }`,
        // `[ 'a' ]`) and the same values as JSON (`{"ok":true}`, `["a"]`).
        console.log = (...args: unknown[]) => {
          printed.push([
            formatWithOptions({ breakLength: Number.POSITIVE_INFINITY }, ...args),
            args
              .map((a) => (typeof a === 'string' ? a : a === undefined ? 'undefined' : JSON.stringify(a)))
              .join(' '),
          ]);
        };
        try {
          await import(/* @vite-ignore */ path);
        } finally {
          console.log = orig;
          if (runTmp === undefined) delete process.env.TMPDIR;
          else process.env.TMPDIR = runTmp;
          for (const [name, v] of saved) {
            if (v === undefined) delete process.env[name];
            else process.env[name] = v;
          }
        }
        expect(printed.length, `${ex.file} ${ex.symbol}: lines printed`).toBe(ex.expected.length);
        printed.forEach((p, j) => {
          const want = ex.expected[j]!;
          // `// 4 + 31 + ... = 111` documents a computed value: compare with the result.
          // `// true: why` documents `true`, unless the whole comment is the value (`{ ok: true }`);
          // `// 4 + 31 + ... = 111` documents a computed value: compare with the result.
          const documented = [want, want.split(': ')[0]!.trim()].map((w) =>
            w.includes(' = ') ? w.split(' = ').pop()!.trim() : w,
          );
          expect(
            documented.some((w) => p.includes(w)),
            `${ex.file} ${ex.symbol}: line ${j + 1} printed ${JSON.stringify(p[0])}, the comment says ${JSON.stringify(want)}`,
          ).toBe(true);
        });
      });
    });
  });
}

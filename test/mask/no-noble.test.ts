// Masking and detection must stay usable in a browser bundle without ciphers: only the
// pseudonym code path of src/mask may import @noble/*.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../src/mask/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
const src = (f: string) => readFileSync(dir + f, 'utf8');
const localImports = (f: string) =>
  [...src(f).matchAll(/from '\.\/([\w-]+)\.js'/g)].map((m) => `${m[1]}.ts`).filter((x) => files.includes(x));

function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    stack.push(...localImports(f));
  }
  return seen;
}

describe('crypto-free masking', () => {
  it('only pseudonym.ts imports @noble', () => {
    const importers = files.filter((f) => /from '@noble\//.test(src(f)));
    expect(importers).toEqual(['pseudonym.ts']);
  });

  it('maskers, detect and the mask/label redaction never reach the pseudonym code', () => {
    for (const entry of ['maskers.ts', 'detect.ts', 'redact-core.ts', 'generalize.ts', 'redact-paths.ts']) {
      const reach = closure(entry);
      expect(reach.has('pseudonym.ts'), entry).toBe(false);
      for (const f of reach) expect(src(f)).not.toMatch(/@noble\//);
    }
  });

  it('the schema code the maskers use imports no @noble either', () => {
    const schemaDir = fileURLToPath(new URL('../../src/schema/', import.meta.url));
    for (const f of readdirSync(schemaDir).filter((x) => x.endsWith('.ts'))) {
      expect(readFileSync(schemaDir + f, 'utf8'), f).not.toMatch(/from '@noble\//);
    }
  });
});

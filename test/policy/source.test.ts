// The policy module compiles to closures only and stays portable (docs/policy.md, "Performance").
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../src/policy/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
// Code only: block comments and line comments removed (they may name what the code avoids).
const code = (t: string) => t.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const source = files.map((f) => [f, code(readFileSync(new URL(f, dir), 'utf8'))] as const);

describe('policy module source', () => {
  it('never evaluates code: no eval, no new Function, no WebAssembly', () => {
    expect(files.length).toBeGreaterThan(5);
    for (const [f, text] of source) {
      expect(text, f).not.toMatch(/\beval\s*\(|new\s+Function\b|\bFunction\s*\(|WebAssembly/);
    }
  });

  it('imports neither @noble/* nor node: built-ins statically', () => {
    for (const [f, text] of source) {
      expect(text, f).not.toMatch(/from\s+['"](@noble\/|node:)/);
    }
  });
});

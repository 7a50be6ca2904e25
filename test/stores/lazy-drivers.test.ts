// Users who never touch a database install nothing native: no module of courier-pii/stores
// imports a driver statically; each is loaded by a dynamic import() when an adapter needs it.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../src/stores/', import.meta.url));
const DRIVERS = ['pg', 'better-sqlite3', 'pkcs11js'];

describe('optional peer dependencies of courier-pii/stores', () => {
  it('are never imported statically, only through import() inside a function', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    const dynamic: string[] = [];
    for (const f of files) {
      // Strip comments (TSDoc examples import pg to show usage).
      const code = readFileSync(`${dir}${f}`, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      for (const d of DRIVERS) {
        expect(code, `${f} imports ${d} statically`).not.toMatch(
          new RegExp(`(?:^|\\n)\\s*import[^;]*from\\s*['"]${d}['"]`),
        );
        expect(code, `${f} requires ${d}`).not.toMatch(new RegExp(`require\\(\\s*['"]${d}['"]`));
        if (new RegExp(`import\\(\\s*['"]${d}['"]\\s*\\)`).test(code)) dynamic.push(d);
      }
    }
    expect(dynamic.sort()).toEqual(['better-sqlite3', 'pkcs11js']);
  });
});

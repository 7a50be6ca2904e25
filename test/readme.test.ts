import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('README', () => {
  it('its TypeScript example runs as written and prints what its comments say', () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    mkdirSync(`${root}.tmp`, { recursive: true });
    const file = `${root}.tmp/readme-example.ts`;
    writeFileSync(file, code!);
    let out: string;
    try {
      out = execFileSync('npx', ['tsx', '--tsconfig', `${root}tsconfig.json`, file], {
        cwd: root,
        encoding: 'utf8',
      });
    } finally {
      rmSync(file, { force: true });
    }
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('+8613812345678');
    expect(lines[1]).toBe(
      'waybillNo:internal recipient.name:internal recipient.phone:sensitive recipient.address:sensitive trace[]:sensitive',
    );
  });

  it('names the two quick-start commands, and package.json defines them', () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toContain('npm test');
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.demo).toBeTruthy();
    expect(pkg.scripts.test).toBeTruthy();
  });
});

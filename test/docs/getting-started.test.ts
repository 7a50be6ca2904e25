import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('docs/getting-started.md', () => {
  it('its TypeScript blocks, run in order as one program, print what their comments say', () => {
    const guide = readFileSync(`${root}docs/getting-started.md`, 'utf8');
    const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    expect(blocks).toHaveLength(3);
    mkdirSync(`${root}.tmp`, { recursive: true });
    const file = `${root}.tmp/getting-started-example-${process.pid}.ts`;
    writeFileSync(file, blocks.join('\n'));
    let out: string;
    try {
      out = execFileSync('npx', ['tsx', '--tsconfig', `${root}tsconfig.json`, file], {
        cwd: root,
        encoding: 'utf8',
      });
    } finally {
      rmSync(file, { force: true });
    }
    expect(out.trim().split('\n')).toEqual([
      'waybillNo internal waybillNo',
      'status internal untagged',
      'courierId internal untagged',
      'recipient.name internal name',
      'recipient.phone sensitive phone',
      'recipient.address sensitive address',
      'true',
      '张三',
      'true',
      'true mask',
      '山东省青岛市市南区香港中路61号',
      '+86138****5678',
      'undefined',
      'false',
    ]);
  });

  it('names the two quick-start commands', () => {
    const guide = readFileSync(`${root}docs/getting-started.md`, 'utf8');
    expect(guide).toContain('npm install && npm run demo');
    expect(guide).toContain('npm test');
    expect(guide.startsWith('---\ntitle: Getting started\n---\n')).toBe(true);
  });
});

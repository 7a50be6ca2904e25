// The CLI as operators run it: a separate process, the exit code as the shell sees it.
import { spawnSync } from 'node:child_process';
import { rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle, seedStore, tmp } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
// Inside the repository, so the bundle's imports resolve from node_modules.
const BIN_DIR = join(ROOT, '.tmp', `cli-bin-${process.pid}`);
const BUILT = join(BIN_DIR, 'main.js');

function sh(cmd: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, cmd, { cwd, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  await buildCliBundle(BIN_DIR);
});

afterAll(() => rmSync(BIN_DIR, { recursive: true, force: true }));

describe('courier-pii as a process', () => {
  it('prints the overview with --help and exits 0; with no command exits 2', () => {
    const r = sh([BUILT, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: courier-pii <command> [options]');
    expect(r.stdout).toContain('audit verify');
    expect(sh([BUILT]).code).toBe(2);
  });

  it('runs through an npm-style `courier-pii` link under tsx', () => {
    const link = join(tmp(), 'courier-pii');
    symlinkSync(MAIN, link);
    const r = sh(['--import', 'tsx', link, 'rotate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: courier-pii rotate --keys <dir>');
  });

  it('keygen then rotate: exit 0, key modes, progress lines on a non-terminal stderr, summary on stdout', async () => {
    const dir = tmp();
    expect(sh([BUILT, 'keygen', '--out', join(dir, 'old'), '--id', 'kek-old']).code).toBe(0);
    expect(sh([BUILT, 'keygen', '--out', join(dir, 'new'), '--id', 'kek-new']).code).toBe(0);
    expect(statSync(join(dir, 'old', 'kek.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'old', 'signing.pub.json')).mode & 0o777).toBe(0o644);
    await seedStore(join(dir, 'old'), join(dir, 'store'), 10);
    const r = sh([
      BUILT,
      'rotate',
      '-k',
      join(dir, 'old'),
      '-s',
      join(dir, 'store'),
      '-n',
      join(dir, 'new', 'kek.json'),
    ]);
    expect(r.stderr).toContain('rotating: 100% (10/10)');
    expect(r.stdout).toContain('OK: 10 of 10 subject keys rewrapped from KEK kek-old to kek-new');
    expect(r.code).toBe(0);
  });

  it('exits 2 on bad usage and 1 on a bad file, with the message on stderr', () => {
    const usage = sh([BUILT, 'rotate', '--keys', '/nonexistent']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--store, --new-kek are required.');
    expect(usage.stdout).toBe('');
    const bad = sh([
      BUILT,
      'rotate',
      '--keys',
      '/nonexistent',
      '--store',
      '/nonexistent',
      '--new-kek',
      '/nonexistent',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /Key file \/nonexistent\/kek\.json: it \(or a folder above it\) does not exist\./,
    );
  });

  it('tells an operator to build a TypeScript module when run under plain node', () => {
    const r = sh([BUILT, 'inventory', join(ROOT, 'test', 'cli', 'fixtures', 'parcel-module.ts')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is TypeScript; build it to .js or .mjs first');
  });
});

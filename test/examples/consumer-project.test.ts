// Examples in a project of one's own, as examples/README.md ("Run an example in your own
// project") says: the package as `npm pack` makes it, installed in a blank `npm init -y` project
// (CommonJS by default) whose path has a space; three examples copied as `.mts` and run with
// `npx tsx`; the documented tsconfig.json type-checks them; the old `node` module resolution
// does not see the subpaths; with `"type": "module"` a `.ts` copy runs too.
// Installs come from the npm cache first (--prefer-offline): the same versions as this
// repository's own dev dependencies, so nothing is downloaded when the cache has them.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../support/scratch.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  files: string[];
  devDependencies: Record<string, string>;
};
const EXAMPLES = [
  ['01-tag-a-parcel-schema', 'Parcel data map'],
  ['02-seal-a-parcel', 'lookup by phone finds the parcel: true'],
  ['04-privacy-waybill-label', 'ID number on the label: no'],
] as const;

/** npm without the settings `npm test` passes to its children (they name this repository). */
function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) e[k] = v;
  return { ...e, NO_COLOR: '1', FORCE_COLOR: '0' };
}

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, {
    cwd,
    env: env(),
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 32 << 20,
  });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, stdout: r.stdout ?? '' };
}

function newest(dir: string): number {
  let t = 0;
  for (const f of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })) {
    const s = statSync(join(root, dir, f));
    if (s.isFile()) t = Math.max(t, s.mtimeMs);
  }
  return t;
}

/** The tarball `npm pack` makes: from dist/ when it is newer than every source, else built afresh. */
function packTarball(stage: string): string {
  const built = join(root, 'dist', 'index.js');
  const fresh =
    existsSync(built) &&
    statSync(built).mtimeMs >= Math.max(newest('src'), statSync(join(root, 'package.json')).mtimeMs);
  let from = root;
  if (!fresh) {
    // `npm test` builds dist/ first; a run of this file alone builds its own copy.
    from = join(stage, 'package');
    mkdirSync(from, { recursive: true });
    // As `npm run build` does: tsup writes the types, rolldown the JavaScript.
    for (const [cli, ...args] of [
      [join('tsup', 'dist', 'cli-default.js'), '--silent', '--out-dir'],
      [join('rolldown', 'bin', 'cli.mjs'), '-c', '--dir'],
    ] as const)
      execFileSync(process.execPath, [join(root, 'node_modules', cli), ...args, join(from, 'dist')], {
        cwd: root,
        env: env(),
        stdio: 'pipe',
      });
    for (const f of ['package.json', ...pkg.files.filter((f) => f !== 'dist')])
      copyFileSync(join(root, f), join(from, f));
  }
  const r = sh('npm', ['pack', '--silent', '--pack-destination', stage], from);
  expect(r.code, r.out).toBe(0);
  const tgz = join(stage, `${pkg.name}-${pkg.version}.tgz`);
  expect(existsSync(tgz)).toBe(true);
  return tgz;
}

/** The tsconfig.json block of examples/README.md, as a reader copies it. */
function documentedTsconfig(): string {
  const page = readFileSync(join(root, 'examples', 'README.md'), 'utf8');
  const at = page.indexOf('To type-check with `tsc`');
  const block = /```json\n([\s\S]*?)```/.exec(page.slice(at));
  expect(block, 'examples/README.md shows a tsconfig.json').not.toBeNull();
  return block![1]!;
}

let project = '';

describe('the examples in a blank consumer project', () => {
  beforeAll(() => {
    const stage = scratchDir('cpii-consumer-');
    const tgz = packTarball(stage);
    project = join(stage, 'blank project');
    mkdirSync(project);
    expect(sh('npm', ['init', '-y'], project).code).toBe(0);
    const dev = pkg.devDependencies;
    const install = sh(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        tgz,
        `zod@${dev.zod}`,
        `tsx@${dev.tsx}`,
        `typescript@${dev.typescript}`,
        `@types/node@${dev['@types/node']}`,
      ],
      project,
    );
    expect(install.code, install.out).toBe(0);
    // The optional native peers are not installed (nothing compiles in a consumer's install).
    expect(existsSync(join(project, 'node_modules', 'better-sqlite3'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'pkcs11js'))).toBe(false);
  }, 900_000);

  it('a fresh npm init -y project is CommonJS: a .ts copy with top-level await does not run there', () => {
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).type ?? 'commonjs').toBe(
      'commonjs',
    );
    copyFileSync(join(root, 'examples', '01-tag-a-parcel-schema.ts'), join(project, 'as-commonjs.ts'));
    const r = sh('npx', ['tsx', 'as-commonjs.ts'], project);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/[Tt]op-level await/);
    rmSync(join(project, 'as-commonjs.ts'));
  }, 120_000);

  it.each(EXAMPLES)(
    '%s runs as a .mts copy with npx tsx, under a path with a space',
    (name, says) => {
      copyFileSync(join(root, 'examples', `${name}.ts`), join(project, `${name}.mts`));
      const r = sh('npx', ['tsx', `${name}.mts`], project);
      expect(r.code, r.out).toBe(0);
      // The main guard saw that the file is the program, although its path has a space.
      expect(r.stdout).toContain(says);
    },
    120_000,
  );

  it('the tsconfig.json of examples/README.md type-checks them; the old "node" resolution cannot', () => {
    writeFileSync(join(project, 'tsconfig.json'), documentedTsconfig());
    const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    const ok = sh(process.execPath, [tsc, '-p', '.'], project);
    expect(ok.code, ok.out).toBe(0);
    const bundler = sh(
      process.execPath,
      [tsc, '-p', '.', '--module', 'esnext', '--moduleResolution', 'bundler'],
      project,
    );
    expect(bundler.code, bundler.out).toBe(0);
    const old = sh(
      process.execPath,
      [tsc, '-p', '.', '--module', 'commonjs', '--moduleResolution', 'node'],
      project,
    );
    expect(old.code).not.toBe(0);
    expect(old.out).toContain("Cannot find module 'courier-pii/schema'");
  }, 300_000);

  it('with "type": "module" in package.json a .ts copy runs as well', () => {
    expect(sh('npm', ['pkg', 'set', 'type=module'], project).code).toBe(0);
    copyFileSync(join(root, 'examples', '04-privacy-waybill-label.ts'), join(project, 'label.ts'));
    const r = sh('npx', ['tsx', 'label.ts'], project);
    expect(r.code, r.out).toBe(0);
    expect(r.stdout).toContain('ID number on the label: no');
  }, 120_000);
});

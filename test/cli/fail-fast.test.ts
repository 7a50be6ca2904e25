// Every `courier-pii` command, run as operators run it (a separate process), given a path it cannot
// write, one that does not exist, a directory where a file is expected, or a file that is not what
// it expects: it exits non-zero with exactly one line that names the path and says why, within a
// second of its own work, never a spin and never a stack trace. When the tests run as root (where
// file modes do not stop anyone), the commands run as the unprivileged user `nobody`.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle, seedStore, tmp, run as runInProcess } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN_DIR = join(ROOT, '.tmp', `cli-failfast-${process.pid}`);
const BUILT = join(BIN_DIR, 'main.js');
const root = process.getuid?.() === 0;
const NOBODY = 65534;

let T: string;
/** Makes `path` the test user's own (only needed when the tests run as root). */
const own = (path: string): void => {
  if (root) chownSync(path, NOBODY, NOBODY);
};

function spawnCli(args: string[]): { code: number | null; lines: string[]; output: string; ms: number } {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BUILT, ...args], {
    cwd: T,
    encoding: 'utf8',
    timeout: 15_000, // a spin would be killed here and fail the exit-code check
    ...(root ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const output = `${r.stdout}${r.stderr}`;
  return { code: r.status, lines: output.split('\n').filter((l) => l.trim() !== ''), output, ms };
}

let baseline = 0;

beforeAll(async () => {
  await buildCliBundle(BIN_DIR);
  T = tmp();
  chmodSync(T, 0o755);
  own(T); // the store's folder must be writable: compaction renames a new file into it
  // Valid inputs, readable (and where needed writable) by the user the commands run as.
  for (const [dir, id] of [
    ['keys', 'kek-a'],
    ['keys2', 'kek-b'],
  ] as const) {
    expect((await runInProcess('keygen', '--out', join(T, dir), '--id', id)).code).toBe(0);
    chmodSync(join(T, dir), 0o755);
    for (const f of readdirSync(join(T, dir))) chmodSync(join(T, dir, f), 0o644);
  }
  await seedStore(join(T, 'keys'), join(T, 'store'), 2);
  chmodSync(join(T, 'store'), 0o600);
  own(join(T, 'store'));
  writeFileSync(join(T, 'rules.json'), '[]');
  writeFileSync(
    join(T, 'seller.json'),
    JSON.stringify({ id: 's', name: 'S Co.', contact: 'privacy@s.example' }),
  );
  writeFileSync(
    join(T, 'buyer.json'),
    JSON.stringify({ id: 'b', name: 'B Co.', contact: 'privacy@b.example' }),
  );
  writeFileSync(join(T, 'source.mjs'), 'export const source = { async *records() {} };\n');
  writeFileSync(join(T, 'audit.jsonl'), '');
  own(join(T, 'audit.jsonl'));
  mkdirSync(join(T, 'out'));
  own(join(T, 'out'));
  // The bad paths.
  mkdirSync(join(T, 'readonly'), { mode: 0o555 }); // nobody may create anything in it
  chmodSync(join(T, 'readonly'), 0o555);
  writeFileSync(join(T, 'garbage'), 'not what any command expects\n');
  writeFileSync(join(T, 'empty'), '');
  writeFileSync(join(T, 'locked'), 'x', { mode: 0o000 });
  chmodSync(join(T, 'locked'), 0o000);
  writeFileSync(join(T, 'readonly-store'), 'cpii-keystore v1\n', { mode: 0o444 });
  chmodSync(join(T, 'readonly-store'), 0o444);
  mkdirSync(join(T, 'adir'));
  for (const f of ['rules.json', 'seller.json', 'buyer.json', 'source.mjs', 'garbage', 'empty'])
    chmodSync(join(T, f), 0o644);
  own(join(T, 'garbage')); // private and writable, so what fails is its content
  chmodSync(join(T, 'garbage'), 0o600);
  // What a process costs before the command does anything, on this machine right now.
  const b = spawnCli(['--help']);
  expect(b.code).toBe(0);
  baseline = Math.max(b.ms, spawnCli(['--help']).ms);
});

afterAll(() => {
  rmSync(BIN_DIR, { recursive: true, force: true });
  if (T) {
    chmodSync(p('readonly'), 0o755);
    rmSync(T, { recursive: true, force: true });
  }
});

const p = (f: string): string => join(T, f);
const keys = () => ['--keys', p('keys')];
const rotate = (store: string, newKek = p('keys2/kek.json')) => [
  'rotate',
  ...keys(),
  '--store',
  store,
  '--new-kek',
  newKek,
];
const handoverArgs = (over: Record<string, string> = {}) => {
  const o: Record<string, string> = {
    store: p('store'),
    'from-keys': p('keys'),
    'to-keys': p('keys2'),
    seller: p('seller.json'),
    buyer: p('buyer.json'),
    purposes: 'delivery',
    out: p('out/h'),
    ...over,
  };
  return ['handover', ...Object.entries(o).flatMap(([k, v]) => [`--${k}`, v])];
};
const sweepArgs = (over: Record<string, string> = {}) => {
  const o: Record<string, string> = {
    rules: p('rules.json'),
    source: p('source.mjs'),
    keys: p('keys'),
    store: p('store'),
    certificates: p('out/certs.json'),
    audit: p('audit.jsonl'),
    ...over,
  };
  return ['sweep', ...Object.entries(o).flatMap(([k, v]) => [`--${k}`, v])];
};

/** [command, case, arguments, the path the one line must name, what it must say] */
const cases: Array<[string, string, () => string[], () => string, RegExp]> = [
  [
    'keygen',
    'unwritable',
    () => ['keygen', '--out', p('readonly/keys')],
    () => p('readonly/keys'),
    /permission denied/,
  ],
  // The folder that used to make keygen spin: /proc answers ENOENT to every mkdir.
  [
    'keygen',
    'missing',
    () => ['keygen', '--out', '/proc/1/nope/keys'],
    () => '/proc/1/nope/keys',
    /does not exist/,
  ],
  ['keygen', 'directory', () => ['keygen', '--out', p('garbage')], () => p('garbage'), /not a directory/],
  [
    'keygen',
    'garbage',
    () => ['keygen', '--out', p('keys')],
    () => p('keys'),
    /cannot be written|already exists/,
  ],
  [
    'inventory',
    'unwritable',
    () => ['inventory', p('source.mjs'), '--out', p('readonly/inv.md')],
    () => p('readonly/inv.md'),
    /cannot be written/,
  ],
  ['inventory', 'missing', () => ['inventory', p('nope.mjs')], () => p('nope.mjs'), /does not exist/],
  ['inventory', 'directory', () => ['inventory', p('adir')], () => p('adir'), /is a directory/],
  ['inventory', 'garbage', () => ['inventory', p('garbage')], () => p('garbage'), /failed to load/],
  ['rotate', 'unwritable', () => rotate(p('readonly-store')), () => p('readonly-store'), /cannot be written/],
  ['rotate', 'missing', () => rotate(p('nope')), () => p('nope'), /does not exist/],
  ['rotate', 'directory', () => rotate(p('adir')), () => p('adir'), /is a directory/],
  [
    'rotate',
    'garbage',
    () => rotate(p('store'), p('garbage')),
    () => p('garbage'),
    /Cannot read key file|not a (valid )?courier-pii/,
  ],
  ['rotate', 'unreadable', () => rotate(p('locked')), () => p('locked'), /permission denied/],
  [
    'handover',
    'unwritable',
    () => handoverArgs({ out: p('readonly/h') }),
    () => p('readonly/h'),
    /permission denied/,
  ],
  ['handover', 'missing', () => handoverArgs({ store: p('nope') }), () => p('nope'), /does not exist/],
  ['handover', 'directory', () => handoverArgs({ seller: p('adir') }), () => p('adir'), /is a directory/],
  ['handover', 'garbage', () => handoverArgs({ buyer: p('garbage') }), () => p('garbage'), /not valid JSON/],
  [
    'sweep',
    'unwritable',
    () => sweepArgs({ certificates: p('readonly/certs.json') }),
    () => p('readonly/certs.json'),
    /cannot be written/,
  ],
  ['sweep', 'missing', () => sweepArgs({ rules: p('nope.json') }), () => p('nope.json'), /does not exist/],
  ['sweep', 'directory', () => sweepArgs({ certificates: p('adir') }), () => p('adir'), /is a directory/],
  ['sweep', 'garbage', () => sweepArgs({ store: p('garbage') }), () => p('garbage'), /KEYSTORE_CORRUPT/],
  ['sweep', 'empty', () => sweepArgs({ rules: p('empty') }), () => p('empty'), /not valid JSON/],
  [
    'audit verify',
    'unreadable',
    () => ['audit', 'verify', p('locked')],
    () => p('locked'),
    /permission denied/,
  ],
  [
    'audit verify',
    'missing',
    () => ['audit', 'verify', p('nope.jsonl')],
    () => p('nope.jsonl'),
    /does not exist/,
  ],
  ['audit verify', 'directory', () => ['audit', 'verify', p('adir')], () => p('adir'), /is a directory/],
  ['audit verify', 'garbage', () => ['audit', 'verify', p('garbage')], () => p('garbage'), /is not JSON/],
];

describe('courier-pii fails fast on a bad path', () => {
  it.each(cases)(
    '%s, %s path: non-zero exit, one line naming it, no spin, no stack',
    (_cmd, _case, args, path, why) => {
      const r = spawnCli(args());
      expect(r.code, r.output).not.toBe(0);
      expect(r.code, r.output).not.toBeNull(); // null: killed by the timeout (a spin)
      expect(r.lines, r.output).toHaveLength(1);
      expect(r.lines[0]).toContain(path());
      expect(r.lines[0]).toMatch(why);
      expect(r.output).not.toMatch(/\n\s+at /);
      // Its own work, beyond what starting a process costs on this (shared, loaded) machine.
      expect(
        r.ms - baseline,
        `${r.ms.toFixed(0)} ms against a ${baseline.toFixed(0)} ms baseline`,
      ).toBeLessThan(1000);
    },
  );

  it('changed nothing: the key store is as it was and no output file appeared', () => {
    expect(readdirSync(p('out'))).toEqual([]);
    expect(readdirSync(p('readonly'))).toEqual([]);
    expect(statSync(p('store')).size).toBeGreaterThan(0);
  });
});

// The CLI's edges as an operator meets them, each in a separate process: --version, help for
// every command and command group, a reader that goes away (`| head -1`), and what `audit verify`
// says when a checkpoint, rather than an entry, fails.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog, fileSink } from 'courier-pii/audit';
import { generateSigningKey } from 'courier-pii/consent';
import { loadKeyFolder } from 'courier-pii/crypto';
import { commands } from '../../src/cli/commands.js';
import { VERSION } from '../../src/cli/version.js';
import { buildCliBundle, tmp, writeJson } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN_DIR = join(ROOT, '.tmp', `cli-edges-${process.pid}`);
let BUILT = '';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BUILT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  BUILT = await buildCliBundle(BIN_DIR);
});
afterAll(() => rmSync(BIN_DIR, { recursive: true, force: true }));

describe('courier-pii --version', () => {
  it('prints the package version and exits 0', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    for (const flag of ['--version', '-V']) {
      const r = cli(flag);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`courier-pii ${pkg.version}\n`);
      expect(r.stderr).toBe('');
    }
    expect(cli('--help').stdout).toContain('courier-pii --version');
  });
});

describe('help for every command and command group', () => {
  it('`audit --help` and `help audit` list the audit subcommands and exit 0; bare `audit` exits 2', () => {
    for (const args of [
      ['audit', '--help'],
      ['audit', '-h'],
      ['help', 'audit'],
    ]) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: courier-pii audit <subcommand> [options]');
      expect(r.stdout).toContain('audit verify');
      expect(r.stdout).not.toContain('unknown command');
    }
    const bare = cli('audit');
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain('Usage: courier-pii audit <subcommand>');
    expect(bare.stderr).not.toContain('unknown command');
    const wrong = cli('audit', 'frobnicate');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('unknown command "audit frobnicate"');
    expect(wrong.stderr).toContain('audit verify');
  });

  it('`help <command>` and `<command> --help` print that command’s help, for every command', () => {
    for (const c of commands) {
      const words = c.name.split(' ');
      for (const args of [
        ['help', ...words],
        [...words, c.name === 'rotate' ? '-h' : '--help'],
      ]) {
        const r = cli(...args);
        expect(r.code, args.join(' ')).toBe(0);
        expect(r.stdout, args.join(' ')).toBe(`${c.help}\n`);
      }
    }
    expect(cli('help').stdout).toContain('Usage: courier-pii <command> [options]');
    const unknown = cli('help', 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
});

describe('a reader that goes away', () => {
  it('`courier-pii inventory … | head -1` prints one line and no EPIPE error; the command exits 0', () => {
    const module = join(ROOT, 'test', 'cli', 'fixtures', 'many-schemas.mjs');
    // The inventory is ~370 kB, far more than a pipe holds: head exits while the CLI still writes.
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${BUILT}" inventory "${module}" | head -1; echo "cli exit \${PIPESTATUS[0]}" >&2`,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stdout).toBe('# Personal information inventory\n');
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(r.stderr).toContain('cli exit 0');
    expect(r.stderr).toContain('inventory: 300 schemas');
  });
});

describe('audit verify when a checkpoint fails', () => {
  async function signedLog(dir: string) {
    expect(cli('keygen', '--out', join(dir, 'keys')).code).toBe(0);
    // The application signs its log with the key the CLI wrote, loaded through the library.
    const { signingKey } = loadKeyFolder(join(dir, 'keys'));
    const path = join(dir, 'audit.jsonl');
    const log = createAuditLog({ sink: fileSink(path), signingKey: signingKey! });
    for (let i = 0; i < 3; i++) {
      await log.append({
        kind: 'key.destroyed',
        actor: 'ops-1',
        purpose: 'retention',
        keyIds: [`dek-${i}`],
        data: { keyId: `dek-${i}` },
      });
    }
    const cp = writeJson(join(dir, 'cp.json'), await log.checkpoint());
    await log.close();
    return { path, cp, pub: join(dir, 'keys', 'signing.pub.json') };
  }

  it('a signed checkpoint without --public-key: names --public-key, never "entry undefined"', async () => {
    const { path, cp } = await signedLog(tmp());
    const r = cli('audit', 'verify', path, '--checkpoint', cp);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      "FAILED: the checkpoint at size 3 is signed; give the log's public key with --public-key <file> (signing.pub.json) to check it\n",
    );
    expect(r.stdout + r.stderr).not.toContain('undefined');
    expect(r.stdout).not.toContain('publicKey');
    const json = JSON.parse(cli('audit', 'verify', path, '-c', cp, '--json').stdout) as { reason: string };
    expect(json.reason).toContain('--public-key <file>');
  });

  it('a checkpoint signed by another key: FAILED with the reason, no entry number', async () => {
    const dir = tmp();
    const { path, cp } = await signedLog(dir);
    const other = generateSigningKey();
    const otherPub = writeJson(join(dir, 'other.pub.json'), {
      format: 'courier-pii-key/1',
      type: 'signing-public',
      id: 'other',
      publicKey: Buffer.from(other.publicKey).toString('base64url'),
    });
    const r = cli('audit', 'verify', path, '--checkpoint', cp, '--public-key', otherPub);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^FAILED: the checkpoint at size 3 is unsigned or its signature does not verify/,
    );
    expect(r.stdout).not.toContain('undefined');
  });

  it('with the right key it verifies, and an entry failure still names the entry', async () => {
    const dir = tmp();
    const { path, cp, pub } = await signedLog(dir);
    expect(cli('audit', 'verify', path, '--checkpoint', cp, '--public-key', pub).stdout).toBe(
      'OK: 3 entries verify\n',
    );
    const cut = readFileSync(path, 'utf8').split('\n').slice(0, 2).join('\n');
    const truncated = join(dir, 'short.jsonl');
    writeFileSync(truncated, `${cut}\n`);
    const r = cli('audit', 'verify', truncated, '--checkpoint', cp, '--public-key', pub);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED at entry 2: the log ends after 2 entries but a checkpoint covers 3/);
  });
});

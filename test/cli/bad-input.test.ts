import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands.js';
import { fileKeyStore } from '../../src/crypto/index.js';
import { type Run, run, secretsOf, seedStore, tmp, writeJson } from './helpers.js';

const FIX = join(import.meta.dirname, 'fixtures');
const REENCRYPT_MODULE = join(import.meta.dirname, '..', 'crypto', 'fixtures', 'reencrypt-source.ts');
const MODULE = join(FIX, 'parcel-module.ts');

let dir: string;
let keysA: string;
let keysB: string;
let store: string;
let corrupt: string;
let secrets: string[];
const party = (id: string) => ({ id, name: `${id} Co.`, contact: `privacy@${id}.example` });

/** A valid argument list per command; each case below breaks one thing. */
let valid: Record<string, string[]>;

beforeAll(async () => {
  dir = tmp();
  keysA = join(dir, 'a');
  keysB = join(dir, 'b');
  expect((await run('keygen', '--out', keysA, '--id', 'kek-a')).code).toBe(0);
  expect((await run('keygen', '--out', keysB, '--id', 'kek-b')).code).toBe(0);
  secrets = [...secretsOf(keysA), ...secretsOf(keysB)];
  store = join(dir, 'keys.store');
  await seedStore(keysA, store, 3);
  corrupt = join(dir, 'corrupt');
  mkdirSync(corrupt);
  writeFileSync(join(corrupt, 'kek.json'), '{"format":"courier-pii-key/1","type":"kek","id":"x","key":"AAAA');
  writeFileSync(join(corrupt, 'signing.json'), readFileSync(join(keysA, 'signing.json')));
  writeJson(join(dir, 'seller.json'), party('seller'));
  writeJson(join(dir, 'buyer.json'), party('buyer'));
  writeJson(join(dir, 'rules.json'), [
    { id: 'waybill-data', label: 'practice', basis: 'company policy', keep: 'P90D', from: 'deliveredAt' },
  ]);
  const log = join(dir, 'audit.jsonl');
  writeFileSync(log, '');
  valid = {
    keygen: ['keygen', '--out', join(dir, 'fresh')],
    inventory: ['inventory', MODULE],
    rotate: ['rotate', '--keys', keysA, '--store', store, '--new-kek', join(keysB, 'kek.json')],
    reencrypt: [
      'reencrypt',
      '--keys',
      keysA,
      '--store',
      store,
      '--module',
      REENCRYPT_MODULE,
      '--progress',
      join(dir, 'reencrypt-progress.json'),
    ],
    handover: [
      'handover',
      '--store',
      store,
      '--from-keys',
      keysA,
      '--to-keys',
      keysB,
      '--seller',
      join(dir, 'seller.json'),
      '--buyer',
      join(dir, 'buyer.json'),
      '--purposes',
      'delivery',
      '--out',
      join(dir, 'out'),
    ],
    sweep: ['sweep', '--dry-run', '--rules', join(dir, 'rules.json'), '--source', MODULE],
    'audit verify': ['audit', 'verify', log],
  };
});

/** `args` with option `--name`'s value replaced (or the option removed when value is undefined). */
function withOption(args: string[], name: string, value?: string): string[] {
  const i = args.indexOf(`--${name}`);
  const out = [...args];
  if (value === undefined) out.splice(i, 2);
  else out[i + 1] = value;
  return out;
}

function expectClean(r: Run): void {
  for (const s of secrets) {
    expect(r.stdout).not.toContain(s);
    expect(r.stderr).not.toContain(s);
  }
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe.each(commands.map((c) => [c.name, c] as const))('courier-pii %s with bad input', (name, cmd) => {
  it.each((cmd.required ?? []).map((o) => [o]))('exits 2 naming the missing --%s', async (opt) => {
    const r = await run(...withOption(valid[name]!, opt));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--${opt} is required`);
    expect(r.stderr).toContain(`Usage: courier-pii ${name}`);
    expectClean(r);
  });

  it('exits 2 on an unknown option, naming it', async () => {
    const r = await run(...valid[name]!, '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--frobnicate');
    expectClean(r);
  });

  it('exits 2 on a missing option value', async () => {
    const args = valid[name]!;
    const stringOpt = Object.keys(cmd.options).find((o) => cmd.options[o]!.type === 'string')!;
    const r = await run(...args.filter((a) => a !== `--${stringOpt}`), `--${stringOpt}`);
    expect(r.code).toBe(2);
    expectClean(r);
  });
});

describe('nonexistent, corrupt and wrong-type files', () => {
  const cases: Array<[string, () => string[], RegExp, number]> = [
    [
      'inventory: a module that does not exist',
      () => ['inventory', join(dir, 'nope.mjs')],
      /does not exist/,
      1,
    ],
    [
      'inventory: a module without schemas',
      () => ['inventory', join(FIX, 'no-schemas.mjs')],
      /exports no `schemas`/,
      1,
    ],
    [
      'inventory: an unknown format',
      () => [...valid.inventory!, '--format', 'pdf'],
      /--format must be md, json or mermaid/,
      2,
    ],
    ['inventory: no module', () => ['inventory'], /exactly one module/, 2],
    [
      'rotate: a store that does not exist',
      () => withOption(valid.rotate!, 'store', join(dir, 'none')),
      /Key store .* does not exist/,
      1,
    ],
    [
      'rotate: a corrupt current KEK file',
      () => withOption(valid.rotate!, 'keys', corrupt),
      /KEY_INVALID: .*kek\.json/,
      1,
    ],
    [
      'rotate: a signing key given as the new KEK',
      () => withOption(valid.rotate!, 'new-kek', join(keysB, 'signing.json')),
      /is not a valid courier-pii key file \(it holds a signing key, not a kek key\)/,
      1,
    ],
    [
      'rotate: a new KEK with the current id',
      () => withOption(valid.rotate!, 'new-kek', join(keysA, 'kek.json')),
      /same id "kek-a"/,
      1,
    ],
    [
      'rotate: a corrupt key store',
      () => withOption(valid.rotate!, 'store', join(dir, 'rules.json')),
      /KEYSTORE_CORRUPT/,
      1,
    ],
    ['rotate: a stray argument', () => [...valid.rotate!, 'extra'], /unexpected argument "extra"/, 2],
    [
      'handover: a buyer file without contact',
      () => withOption(valid.handover!, 'buyer', writeJson(join(dir, 'b2.json'), { id: 'b', name: 'B' })),
      /"contact" is missing/,
      1,
    ],
    [
      'handover: a buyer file that is not JSON',
      () => withOption(valid.handover!, 'buyer', join(corrupt, 'kek.json')),
      /is not valid JSON/,
      1,
    ],
    [
      'handover: a corrupt seller KEK',
      () => withOption(valid.handover!, 'from-keys', corrupt),
      /KEY_INVALID/,
      1,
    ],
    [
      'handover: the same KEK for seller and buyer',
      () => withOption(valid.handover!, 'to-keys', keysA),
      /same id "kek-a"/,
      1,
    ],
    [
      'handover: empty purposes',
      () => withOption(valid.handover!, 'purposes', ','),
      /at least one purpose/,
      2,
    ],
    [
      'sweep: rules that are not an array',
      () => withOption(valid.sweep!, 'rules', join(dir, 'buyer.json')),
      /JSON array of retention rules/,
      1,
    ],
    [
      'sweep: a malformed rule',
      () =>
        withOption(
          valid.sweep!,
          'rules',
          writeJson(join(dir, 'r2.json'), [
            { id: 'x', label: 'practice', basis: 'b', keep: '90 days', from: 'deliveredAt' },
          ]),
        ),
      /RETENTION_INVALID/,
      1,
    ],
    [
      'sweep: a source module without a source',
      () => withOption(valid.sweep!, 'source', join(FIX, 'no-schemas.mjs')),
      /must export `source`/,
      1,
    ],
    [
      'sweep: a bad --now',
      () => [...valid.sweep!, '--now', 'yesterday'],
      /--now must be an ISO 8601 time/,
      2,
    ],
    [
      'sweep: destroying without --keys',
      () => valid.sweep!.filter((a) => a !== '--dry-run'),
      /--keys is required/,
      2,
    ],
    [
      'handover: an audit log that is not JSON Lines (checked before any key moves)',
      () => [...valid.handover!, '--audit', join(corrupt, 'kek.json')],
      /AUDIT_CORRUPT/,
      1,
    ],
    [
      'audit verify: a log that does not exist',
      () => ['audit', 'verify', join(dir, 'none.jsonl')],
      /Audit log .* does not exist/,
      1,
    ],
    [
      'audit verify: a checkpoint file that is not JSON',
      () => [...valid['audit verify']!, '--checkpoint', join(corrupt, 'kek.json')],
      /must be JSON/,
      1,
    ],
    [
      'audit verify: an empty checkpoint array',
      () => [...valid['audit verify']!, '--checkpoint', writeJson(join(dir, 'cp.json'), [])],
      /non-empty array/,
      1,
    ],
    [
      'audit verify: a KEK given as the public key',
      () => [...valid['audit verify']!, '--public-key', join(keysA, 'kek.json')],
      /no signing public key/,
      1,
    ],
    ['audit verify: two files', () => ['audit', 'verify', 'a', 'b'], /exactly one audit log file/, 2],
  ];
  it.each(cases)('%s: clear message, documented exit code, no key bytes', async (_n, args, message, code) => {
    const r = await run(...args());
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(code);
    expectClean(r);
  });

  it('refuses to replace existing output without --force, for every command that writes', async () => {
    const inv = join(dir, 'inv.md');
    writeFileSync(inv, 'keep me');
    const certs = join(dir, 'certs.json');
    writeFileSync(certs, 'keep me');
    mkdirSync(join(dir, 'out2'));
    writeFileSync(join(dir, 'out2', 'manifest.json'), 'keep me');
    const runs = [
      await run('keygen', '--out', keysA),
      await run(...valid.inventory!, '--out', inv),
      await run(...withOption(valid.handover!, 'out', join(dir, 'out2'))),
      await run(
        ...valid.sweep!.filter((a) => a !== '--dry-run'),
        '--keys',
        keysA,
        '--store',
        store,
        '--certificates',
        certs,
      ),
    ];
    for (const r of runs) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/already exists; pass --force to replace it/);
      expectClean(r);
    }
    expect(readFileSync(inv, 'utf8')).toBe('keep me');
    expect(readFileSync(certs, 'utf8')).toBe('keep me');
    expect(readFileSync(join(dir, 'out2', 'manifest.json'), 'utf8')).toBe('keep me');
    expect(secretsOf(keysA)).toEqual(secrets.slice(0, 3));
  });

  it('left the key store untouched through every rejected command', async () => {
    const ks = fileKeyStore(store);
    const ids: string[] = [];
    for await (const r of ks.list()) ids.push(r.state === 'active' ? r.kekId : 'destroyed');
    await ks.close();
    expect(ids).toEqual(['kek-a', 'kek-a', 'kek-a']);
  });
});

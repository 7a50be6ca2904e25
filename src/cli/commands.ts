import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AuditCheckpoint, AuditVerifyResult } from '../audit/index.js';
import { generateSigningKey } from '../consent/index.js';
import { generateKey, type KeyFileContent, loadKeyFile, saveKeyFile } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { handoverCommand } from './cmd-handover.js';
import { inventoryCommand } from './cmd-inventory.js';
import { reencryptCommand } from './cmd-reencrypt.js';
import { rotateCommand } from './cmd-rotate.js';
import { sweepCommand } from './cmd-sweep.js';
import { type Command, existingFile, noPositionals, str, usage } from './command.js';
import { inputFile, outputDir } from './paths.js';
import { progressBar } from './progress.js';
import { verifyAuditFileWithProgress } from './verify-audit.js';

const keygen: Command = {
  name: 'keygen',
  summary: 'create a KEK, a blind-index key and an Ed25519 or SM2 signing key pair (or only a KEK)',
  options: {
    out: { type: 'string', short: 'o' },
    id: { type: 'string' },
    alg: { type: 'string' },
    'kek-only': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
  },
  required: ['out'],
  help: [
    'Usage: courier-pii keygen --out <dir> [--id <kek-id>] [--alg ed25519|sm2] [--kek-only] [--force]',
    '',
    'Writes into <dir> (created if missing), in the key-file format courier-pii-key/1 (SM2 signing',
    'keys: courier-pii-key/2, which names its algorithm) that the library loads too',
    '(loadKeyFolder, loadKeyFile in courier-pii/crypto):',
    '  kek.json          key-encryption key (32 random bytes), mode 0600',
    '  index.json        blind-index key (32 random bytes), mode 0600',
    '  signing.json      Ed25519 or SM2 secret + public key for audit checkpoints, certificates,',
    '                    manifests, consent tokens, mode 0600',
    '  signing.pub.json  the public key alone, to give to verifiers, mode 0644',
    'With --kek-only only kek.json is written: the new KEK of a rotation. Keep using the old',
    'index.json (a new blind-index key would make every stored blind index unfindable) and the',
    'old signing key.',
    'Files are written atomically (temp file, fsync, rename). Existing files are never replaced',
    'unless --force is given.',
    '',
    'Options:',
    '  -o, --out <dir>   where to write the key files (required)',
    '      --id <id>     id of the KEK, bound into every wrapped key (default kek-<date>)',
    '      --alg <alg>   signing key algorithm: ed25519 (default) or sm2 (GB/T 32918.2)',
    '      --kek-only    write only kek.json (for `courier-pii rotate --new-kek`)',
    '      --force       replace existing key files',
  ].join('\n'),
  async run(values, positionals) {
    noPositionals(positionals);
    const dir = resolve(str(values, 'out')!);
    const id = str(values, 'id', false) ?? `kek-${new Date().toISOString().slice(0, 10)}`;
    if (!/^[\w.:-]{1,64}$/.test(id)) throw usage('--id must be 1-64 letters, digits or ._:-');
    const alg = str(values, 'alg', false) ?? 'ed25519';
    if (alg !== 'ed25519' && alg !== 'sm2')
      throw new PiiError(
        'INVALID_ARGUMENT',
        '--alg must be ed25519 or sm2; run `courier-pii keygen --help`.',
      );
    if (values.alg !== undefined && values['kek-only'] === true)
      throw new PiiError(
        'INVALID_ARGUMENT',
        '--alg names the signing key, which --kek-only does not write; drop one of them.',
      );
    const force = values.force === true;
    outputDir(dir, 'Key folder'); // created 0700 when missing; checked writable before any key is made
    const files: Array<[string, KeyFileContent]> = [['kek.json', { type: 'kek', id, key: generateKey() }]];
    if (values['kek-only'] !== true) {
      // An SM2 key carries alg: 'sm2' and goes to a version 2 file; Ed25519 files stay version 1.
      const signing = generateSigningKey({ alg });
      const named = signing.alg === undefined ? {} : { alg: signing.alg };
      files.push(
        ['index.json', { type: 'index', id: 'index-1', key: generateKey() }],
        ['signing.json', { type: 'signing', id: 'signing-1', ...signing }],
        [
          'signing.pub.json',
          { type: 'signing-public', id: 'signing-1', ...named, publicKey: signing.publicKey },
        ],
      );
    }
    if (!force) {
      for (const [f] of files) readableAbsent(join(dir, f));
    }
    for (const [f, content] of files) saveKeyFile(join(dir, f), content, { overwrite: force });
    process.stdout.write(`wrote ${files.map(([f]) => f).join(', ')} to ${dir} (KEK id ${id})\n`);
    return 0;
  },
};

function readableAbsent(path: string): void {
  try {
    readFileSync(path);
  } catch {
    return;
  }
  throw new PiiError('INVALID_ARGUMENT', `${path} already exists; pass --force to replace it.`);
}

function readPublicKey(path: string): Uint8Array {
  let type: unknown;
  inputFile(path, 'Public key file');
  try {
    type = (JSON.parse(readFileSync(path, 'utf8')) as { type?: unknown })?.type;
  } catch (e) {
    throw new PiiError('KEY_INVALID', `Cannot read public key file ${path}.`, { cause: e });
  }
  if (type === 'signing') return loadKeyFile(path, 'signing').publicKey;
  if (type === 'signing-public') return loadKeyFile(path, 'signing-public').publicKey;
  throw new PiiError('KEY_INVALID', `${path} holds no signing public key; give signing.pub.json.`);
}

/** The verifier's reason in the command's words: the library names its option `publicKey`. */
function cliWords(result: AuditVerifyResult, opts: { publicKey?: Uint8Array }): AuditVerifyResult {
  if (result.failure !== 'checkpoint-signature' || opts.publicKey || !result.reason?.includes('publicKey')) {
    return result;
  }
  const size = /size (\d+)/.exec(result.reason)?.[1];
  return {
    ...result,
    reason: `the checkpoint${size ? ` at size ${size}` : ''} is signed; give the log's public key with --public-key <file> (signing.pub.json) to check it`,
  };
}

const auditVerify: Command = {
  name: 'audit verify',
  summary: 'verify a JSON Lines audit log: hash chain, sequence, checkpoints',
  options: {
    checkpoint: { type: 'string', short: 'c' },
    'public-key': { type: 'string', short: 'k' },
    json: { type: 'boolean', default: false },
  },
  help: [
    'Usage: courier-pii audit verify <file> [--checkpoint <file>] [--public-key <file>] [--json]',
    '',
    'Streams the log (constant memory) and checks every entry chains to the previous one.',
    'With --checkpoint (a JSON checkpoint, or an array of them, saved earlier, ideally by a second',
    'party), truncation after the checkpoint is detected; with --public-key its signature is checked.',
    'Exit code 0 when the log verifies, 1 when it does not, 2 on bad usage.',
    '',
    'Options:',
    '  -c, --checkpoint <file>   checkpoint JSON to hold the log to',
    '  -k, --public-key <file>   signing.pub.json (or signing.json) of the log',
    '      --json                print the result as JSON',
  ].join('\n'),
  async run(values, positionals) {
    const file = positionals[0];
    if (!file || positionals.length > 1) throw usage('give exactly one audit log file.');
    existingFile(file, 'Audit log');
    const opts: { publicKey?: Uint8Array; checkpoint?: AuditCheckpoint | AuditCheckpoint[] } = {};
    const cp = str(values, 'checkpoint', false);
    if (cp) {
      let doc: unknown;
      inputFile(cp, 'Checkpoint file');
      try {
        doc = JSON.parse(readFileSync(cp, 'utf8'));
      } catch (e) {
        throw new PiiError('INVALID_ARGUMENT', `Cannot read checkpoint file ${cp}; it must be JSON.`, {
          cause: e,
        });
      }
      const list = Array.isArray(doc) ? doc : [doc];
      if (list.length === 0 || !list.every((c) => typeof c === 'object' && c !== null && !Array.isArray(c))) {
        throw new PiiError(
          'INVALID_ARGUMENT',
          `Checkpoint file ${cp} must hold a checkpoint object or a non-empty array of them.`,
        );
      }
      opts.checkpoint = Array.isArray(doc) ? (list as AuditCheckpoint[]) : (doc as AuditCheckpoint);
    }
    const pk = str(values, 'public-key', false);
    if (pk) opts.publicKey = readPublicKey(pk);
    const bar = progressBar('verifying');
    const result = cliWords(await verifyAuditFileWithProgress(file, opts, bar), opts);
    // A failure is one line; the progress summary is only for a log that verifies.
    if (result.ok) bar.finish(`${result.size} entries`);
    if (values.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
    else if (result.ok) process.stdout.write(`OK: ${result.size} entries verify\n`);
    else if (result.firstBadIndex === undefined) process.stdout.write(`FAILED: ${result.reason}\n`);
    else process.stdout.write(`FAILED at entry ${result.firstBadIndex}: ${result.reason} (${file})\n`);
    return result.ok ? 0 : 1;
  },
};

export type { Command } from './command.js';

/** Every subcommand, in the order `courier-pii --help` lists them. */
export const commands: Command[] = [
  keygen,
  inventoryCommand,
  rotateCommand,
  reencryptCommand,
  handoverCommand,
  sweepCommand,
  auditVerify,
];

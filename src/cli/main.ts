#!/usr/bin/env node
// The `courier-pii` command for operators. Each subcommand: --help, a progress bar for long work,
// a final summary, exit code 0 on success, 1 on failure, 2 on bad usage.
import { parseArgs } from 'node:util';
import { isPiiError } from '../errors.js';
import { commands } from './commands.js';

function globalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'courier-pii: operate the personal-data protection of a courier platform',
    '',
    'Usage: courier-pii <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `courier-pii <command> --help` for the options of one command.',
    'Exit codes: 0 success, 1 failure (bad key or input file, verification failed), 2 bad usage.',
  ].join('\n');
}

export async function cli(argv: string[]): Promise<number> {
  // Commands may be two words (`audit verify`).
  const cmd = commands
    .filter((c) => {
      const words = c.name.split(' ');
      return words.every((w, i) => argv[i] === w);
    })
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!cmd) {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      process.stdout.write(`${globalHelp()}\n`);
      return argv.length === 0 ? 2 : 0;
    }
    process.stderr.write(`courier-pii: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${globalHelp()}\n`);
    return 2;
  }
  const rest = argv.slice(cmd.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${cmd.help}\n`);
    return 0;
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: cmd.options,
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
  } catch (e) {
    process.stderr.write(`courier-pii ${cmd.name}: ${(e as Error).message}\n\n${cmd.help}\n`);
    return 2;
  }
  const missing = (cmd.required ?? []).filter((o) => {
    const v = parsed.values[o];
    return typeof v !== 'string' || v.length === 0;
  });
  if (missing.length > 0) {
    const list = missing.map((o) => `--${o}`).join(', ');
    process.stderr.write(
      `courier-pii ${cmd.name}: ${list} ${missing.length > 1 ? 'are' : 'is'} required.\n\n${cmd.help}\n`,
    );
    return 2;
  }
  try {
    return await cmd.run(parsed.values, parsed.positionals);
  } catch (e) {
    if ((e as Error)?.name === 'UsageError') {
      process.stderr.write(`courier-pii ${cmd.name}: ${(e as Error).message}\n\n${cmd.help}\n`);
      return 2;
    }
    if (isPiiError(e)) {
      process.stderr.write(`courier-pii ${cmd.name}: ${e.code}: ${e.message}\n`);
      return 1;
    }
    // Other errors may quote input (a JSON parser quotes the text it choked on): name the kind only.
    const err = e as NodeJS.ErrnoException;
    const msg =
      e instanceof SyntaxError
        ? 'a file is not valid JSON.'
        : typeof err?.code === 'string' && typeof err.path === 'string'
          ? `${err.code} on ${err.path}`
          : (err?.message ?? String(e));
    process.stderr.write(`courier-pii ${cmd.name}: ${msg}\n`);
    return 1;
  }
}

const isMain = (() => {
  const arg = process.argv[1] ?? '';
  return /(?:^|[\\/])(?:courier-pii|main\.(?:js|cjs|ts))$/.test(arg);
})();

if (isMain) {
  // Warnings (a key store others can read) as one line each, without Node's trace hint.
  process.removeAllListeners('warning');
  process.on('warning', (w) => process.stderr.write(`courier-pii: warning: ${w.message}\n`));
  cli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`courier-pii: ${(e as Error)?.message ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

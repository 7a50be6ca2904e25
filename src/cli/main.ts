#!/usr/bin/env node
// The `courier-pii` command for operators. Each subcommand: --help, a progress bar for long work,
// a final summary, exit code 0 on success, 1 on failure, 2 on bad usage.
import { parseArgs } from 'node:util';
import { isPiiError } from '../errors.js';
import { type Command, commands } from './commands.js';
import { VERSION } from './version.js';

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
    'Run `courier-pii <command> --help` (or `courier-pii help <command>`) for the options of one',
    'command; `courier-pii --version` prints the version.',
    'Exit codes: 0 success, 1 failure (bad key or input file, verification failed), 2 bad usage.',
  ].join('\n');
}

/** The help of a command group (`audit`): its subcommands. */
function groupHelp(group: string): string {
  const subs = commands.filter((c) => c.name.startsWith(`${group} `));
  const width = Math.max(...subs.map((c) => c.name.length));
  return [
    `Usage: courier-pii ${group} <subcommand> [options]`,
    '',
    'Subcommands:',
    ...subs.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run \`courier-pii ${group} <subcommand> --help\` for the options of one subcommand.`,
  ].join('\n');
}

const isGroup = (word: string | undefined): word is string =>
  word !== undefined && commands.some((c) => c.name.startsWith(`${word} `));

/** The command named by the first words of argv (commands may be two words: `audit verify`). */
function commandOf(argv: string[]): Command | undefined {
  return commands
    .filter((c) => c.name.split(' ').every((w, i) => argv[i] === w))
    .sort((a, b) => b.name.length - a.name.length)[0];
}

const isHelp = (a: string | undefined) => a === '--help' || a === '-h';

/** `help`, `help <command>`, `help <group>`: exit 0, or 2 for an unknown name. */
function help(words: string[]): number {
  if (words.length === 0) {
    process.stdout.write(`${globalHelp()}\n`);
    return 0;
  }
  const cmd = commandOf(words);
  if (cmd && cmd.name.split(' ').length === words.length) {
    process.stdout.write(`${cmd.help}\n`);
    return 0;
  }
  if (words.length === 1 && isGroup(words[0])) {
    process.stdout.write(`${groupHelp(words[0])}\n`);
    return 0;
  }
  process.stderr.write(`courier-pii help: unknown command "${words.join(' ')}"\n\n${globalHelp()}\n`);
  return 2;
}

export async function cli(argv: string[]): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-V') {
    process.stdout.write(`courier-pii ${VERSION}\n`);
    return 0;
  }
  if (argv[0] === 'help') return help(argv.slice(1));
  const cmd = commandOf(argv);
  if (!cmd) {
    if (argv.length === 0 || isHelp(argv[0])) {
      process.stdout.write(`${globalHelp()}\n`);
      return argv.length === 0 ? 2 : 0;
    }
    if (isGroup(argv[0])) {
      // `audit` alone is incomplete usage (2); `audit --help` asks for the group's help (0).
      if (argv.length === 1 || isHelp(argv[1])) {
        process.stdout.write(`${groupHelp(argv[0])}\n`);
        return argv.length === 1 ? 2 : 0;
      }
      process.stderr.write(
        `courier-pii: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${groupHelp(argv[0])}\n`,
      );
      return 2;
    }
    process.stderr.write(`courier-pii: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${globalHelp()}\n`);
    return 2;
  }
  const rest = argv.slice(cmd.name.split(' ').length);
  if (rest.some(isHelp)) {
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

/**
 * A reader that goes away (`courier-pii inventory m.js | head -1`) closes the pipe: drop the rest
 * of the output quietly and let the command finish its work (a sweep or a rotation must not stop
 * half-way because nobody reads its summary). Anything else is still an error.
 */
export function quietWhenPipeCloses(stream: NodeJS.WritableStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e?.code === 'EPIPE' || e?.code === 'ERR_STREAM_DESTROYED') return;
    throw e;
  });
}

if (isMain) {
  // Warnings (a key store others can read) as one line each, without Node's trace hint.
  process.removeAllListeners('warning');
  process.on('warning', (w) => process.stderr.write(`courier-pii: warning: ${w.message}\n`));
  quietWhenPipeCloses(process.stdout);
  quietWhenPipeCloses(process.stderr);
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

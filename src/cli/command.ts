// What every subcommand is made of, and the small helpers they share for arguments and files.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { PiiError } from '../errors.js';

export type Values = Record<string, string | boolean | undefined>;
export type OptionSpec = Record<
  string,
  { type: 'string' | 'boolean'; short?: string; default?: string | boolean }
>;

export interface Command {
  /** One or two words (`audit verify`). */
  name: string;
  summary: string;
  /** The --help text; a test holds it to `options` and `required`. */
  help: string;
  options: OptionSpec;
  /** Options that must be given; the dispatcher checks them before `run` (exit 2). */
  required?: string[];
  run(values: Values, positionals: string[]): Promise<number>;
}

/** An error the dispatcher reports with the command's help and exit code 2. */
export function usage(msg: string): Error {
  const e = new Error(msg);
  e.name = 'UsageError';
  return e;
}

export function str(values: Values, name: string, required = true): string | undefined {
  const v = values[name];
  if (typeof v === 'string' && v.length > 0) return v;
  if (required) throw usage(`--${name} is required.`);
  return undefined;
}

export function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw usage(`unexpected argument "${positionals[0]}".`);
}

/** The file must exist and be a regular file (stores are never created by accident). */
export function existingFile(path: string, what: string): string {
  let ok = false;
  try {
    ok = statSync(path).isFile();
  } catch {
    ok = false;
  }
  if (!ok) throw new PiiError('INVALID_ARGUMENT', `${what} ${path} does not exist or is not a file.`);
  return path;
}

/** Refuses to replace an existing output unless --force was given. */
export function freshOutput(path: string, force: boolean): void {
  if (!force && existsSync(path)) {
    throw new PiiError('INVALID_ARGUMENT', `${path} already exists; pass --force to replace it.`);
  }
}

/** Reads a JSON file; the message never quotes the file's content. */
export function readJson(path: string, what: string): unknown {
  existingFile(path, what);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (e) {
    throw new PiiError('INVALID_ARGUMENT', `${what} ${path} is not valid JSON.`, { cause: e });
  }
}

export function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

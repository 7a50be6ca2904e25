// What every subcommand is made of, and the small helpers they share for arguments and files.
import { readFileSync } from 'node:fs';
import { PiiError } from '../errors.js';
import { inputFile, outputFile } from './paths.js';

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

/** The file must exist, be a regular file and be readable (stores are never created by accident). */
export function existingFile(path: string, what: string): string {
  return inputFile(path, what);
}

/**
 * Checks an output before any work: its folder exists and is writable, it is not a directory,
 * and it is not replaced unless --force was given.
 */
export function freshOutput(path: string, force: boolean, what = 'Output file'): void {
  outputFile(path, what, force);
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

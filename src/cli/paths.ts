// Every path an operator gives is checked before any work starts, so a typo, a missing folder or
// a file the process cannot read or write ends the command at once with one line naming the path
// and the reason (exit 1), never half-way through a rotation or after keys were destroyed.
import { accessSync, closeSync, constants, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir, fsReason } from '../_internal/private-files.js';
import { PiiError } from '../errors.js';

function fail(what: string, path: string, why: string): PiiError {
  return new PiiError('INVALID_ARGUMENT', `${what} ${path}: ${why}.`);
}

function statOf(what: string, path: string) {
  try {
    return statSync(path);
  } catch (e) {
    throw fail(what, path, fsReason(e));
  }
}

/** An existing regular file this process can read. */
export function inputFile(path: string, what: string): string {
  const st = statOf(what, path);
  if (st.isDirectory()) throw fail(what, path, 'it is a directory, not a file');
  if (!st.isFile()) throw fail(what, path, 'it is not a regular file');
  try {
    closeSync(openSync(path, 'r'));
  } catch (e) {
    throw fail(what, path, `cannot be read (${fsReason(e)})`);
  }
  return path;
}

/** An existing regular file this process can read and write (a store it updates in place). */
export function updatableFile(path: string, what: string): string {
  inputFile(path, what);
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK); // compaction renames a new file into the folder
  } catch (e) {
    throw fail(what, path, `cannot be written (${fsReason(e)})`);
  }
  return path;
}

/** An existing directory this process can read. */
export function inputDir(path: string, what: string): string {
  const st = statOf(what, path);
  if (!st.isDirectory()) throw fail(what, path, 'it is not a directory');
  try {
    accessSync(path, constants.R_OK | constants.X_OK);
  } catch (e) {
    throw fail(what, path, `cannot be read (${fsReason(e)})`);
  }
  return path;
}

/**
 * A file the command will create or (with `force`) replace: its folder must exist and be
 * writable, and the path must not be a directory or, without `force`, an existing file.
 */
export function outputFile(path: string, what: string, force: boolean): string {
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(path);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw fail(what, path, fsReason(e));
  }
  if (st?.isDirectory()) throw fail(what, path, 'it is a directory; give a file name');
  if (st && !force) throw fail(what, path, 'it already exists; pass --force to replace it');
  writableDir(dirname(path), what, path);
  return path;
}

function writableDir(dir: string, what: string, path: string): void {
  const own = dir === path;
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(dir);
  } catch (e) {
    throw fail(what, path, own ? fsReason(e) : `its folder ${dir} is not usable (${fsReason(e)})`);
  }
  if (!st.isDirectory())
    throw fail(what, path, own ? 'it is not a directory' : 'a part of the path is not a directory');
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw fail(what, path, `${own ? 'it' : 'its folder'} cannot be written (${fsReason(e)})`);
  }
}

/** A directory the command writes into: created (0700, with missing parents) when absent. */
export function outputDir(path: string, what: string): string {
  try {
    ensurePrivateDir(path);
  } catch (e) {
    throw fail(what, path, fsReason(e));
  }
  writableDir(path, what, path);
  return path;
}

/** A file the command appends to (an audit log, a progress file): existing and writable, or creatable. */
export function appendableFile(path: string, what: string): string {
  let exists = true;
  try {
    statSync(path);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw fail(what, path, fsReason(e));
    exists = false;
  }
  if (exists) return updatableFile(path, what);
  writableDir(dirname(path), what, path);
  return path;
}

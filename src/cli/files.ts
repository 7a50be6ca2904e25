// Key files for operators: small JSON documents written atomically with safe modes.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadKeyFile } from '../crypto/index.js';
import { PiiError } from '../errors.js';

/** Writes `data` to `path` via a temp file, fsync and rename; never leaves a half-written file. */
export function writeFileAtomic(path: string, data: string, mode: number, overwrite: boolean): void {
  if (!overwrite && existsSync(path)) {
    throw new PiiError('INVALID_ARGUMENT', `${path} already exists; pass --force to replace it.`);
  }
  const tmp = join(dirname(path), `.${Date.now()}-${process.pid}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  try {
    const dfd = openSync(dirname(path), 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    // Directory fsync is not supported everywhere; the rename is still atomic.
  }
}

/** A key file of `courier-pii keygen` (format: docs/formats.md "Key files"), via the library. */
export function readKeyFile(
  path: string,
  type: 'kek' | 'index' | 'signing',
): { id: string; key: Uint8Array; publicKey?: Uint8Array } {
  const k = loadKeyFile(path, type);
  return k.type === 'signing'
    ? { id: k.id, key: k.secretKey, publicKey: k.publicKey }
    : { id: k.id, key: k.key };
}

/** Streams lines to `path` via a temp file, fsync and rename; returns how many were written. */
export async function writeLinesAtomic(
  path: string,
  lines: AsyncIterable<string>,
  mode: number,
  overwrite: boolean,
): Promise<number> {
  if (!overwrite && existsSync(path)) {
    throw new PiiError('INVALID_ARGUMENT', `${path} already exists; pass --force to replace it.`);
  }
  const tmp = join(dirname(path), `.${Date.now()}-${process.pid}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  let n = 0;
  try {
    let buf = '';
    for await (const line of lines) {
      buf += `${line}\n`;
      n++;
      if (buf.length > 1 << 16) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  return n;
}

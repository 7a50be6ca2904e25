// Key files for operators: small JSON documents written atomically with safe modes.
import { loadKeyFile } from '../crypto/index.js';
import { atomicWriter, writeFileAtomic as writeAtomic } from '../_internal/private-files.js';
import { PiiError } from '../errors.js';
import { inputFile } from './paths.js';

/**
 * Writes `data` to `path` via a temp file (random name, exclusive, no symlink following), fsync and
 * rename; never leaves a half-written file and, without `overwrite`, never replaces one.
 */
export function writeFileAtomic(path: string, data: string, mode: number, overwrite: boolean): void {
  try {
    writeAtomic(path, data, { mode, overwrite });
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST')
      throw new PiiError('INVALID_ARGUMENT', `${path} already exists; pass --force to replace it.`);
    throw e;
  }
}

/** A key file of `courier-pii keygen` (format: docs/formats.md "Key files"), via the library. */
export function readKeyFile(
  path: string,
  type: 'kek' | 'index' | 'signing',
): { id: string; key: Uint8Array; publicKey?: Uint8Array; alg?: 'ed25519' | 'sm2' } {
  inputFile(path, 'Key file');
  const k = loadKeyFile(path, type);
  if (k.type !== 'signing') return { id: k.id, key: k.key };
  const out = { id: k.id, key: k.secretKey, publicKey: k.publicKey };
  return k.alg === undefined ? out : { ...out, alg: k.alg };
}

/** Streams lines to `path` as {@link writeFileAtomic} does; returns how many were written. */
export async function writeLinesAtomic(
  path: string,
  lines: AsyncIterable<string>,
  mode: number,
  overwrite: boolean,
): Promise<number> {
  const w = atomicWriter(path, { mode });
  let n = 0;
  try {
    let buf = '';
    for await (const line of lines) {
      buf += `${line}\n`;
      n++;
      if (buf.length > 1 << 16) {
        w.write(buf);
        buf = '';
      }
    }
    w.write(buf);
  } catch (e) {
    w.abort();
    throw e;
  }
  try {
    w.commit(overwrite);
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST')
      throw new PiiError('INVALID_ARGUMENT', `${path} already exists; pass --force to replace it.`);
    throw e;
  }
  return n;
}

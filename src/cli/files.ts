// Key files for operators: small JSON documents written atomically with safe modes.
import { readFileSync } from 'node:fs';
import { fromBase64url, toBase64url } from '../_internal/bytes.js';
import { atomicWriter, writeFileAtomic as writeAtomic } from '../_internal/private-files.js';
import { PiiError } from '../errors.js';
import { inputFile } from './paths.js';

export type KeyFileType = 'kek' | 'index' | 'signing';

export interface KeyFile {
  format: 'courier-pii-key/1';
  type: KeyFileType;
  id: string;
  /** base64url key bytes (the Ed25519 secret key for `signing`). */
  key: string;
  /** base64url Ed25519 public key, for `signing`. */
  publicKey?: string;
  createdAt: string;
}

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

export function readKeyFile(
  path: string,
  type: KeyFileType,
): { id: string; key: Uint8Array; publicKey?: Uint8Array } {
  let doc: KeyFile;
  inputFile(path, 'Key file');
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  } catch (e) {
    throw new PiiError(
      'KEY_INVALID',
      `Cannot read key file ${path}; create one with \`courier-pii keygen\`.`,
      { cause: e },
    );
  }
  if (doc?.format !== 'courier-pii-key/1' || doc.type !== type || typeof doc.id !== 'string') {
    throw new PiiError(
      'KEY_INVALID',
      `${path} is not a courier-pii ${type} key file; create one with \`courier-pii keygen\`.`,
    );
  }
  const key = typeof doc.key === 'string' ? fromBase64url(doc.key) : undefined;
  if (key?.length !== 32) throw new PiiError('KEY_INVALID', `${path} holds a key of the wrong size.`);
  const out: { id: string; key: Uint8Array; publicKey?: Uint8Array } = { id: doc.id, key };
  if (type === 'signing') {
    const pub = typeof doc.publicKey === 'string' ? fromBase64url(doc.publicKey) : undefined;
    if (pub?.length !== 32) throw new PiiError('KEY_INVALID', `${path} holds no valid public key.`);
    out.publicKey = pub;
  }
  return out;
}

export function keyFileText(type: KeyFileType, id: string, key: Uint8Array, publicKey?: Uint8Array): string {
  const doc: KeyFile = {
    format: 'courier-pii-key/1',
    type,
    id,
    key: toBase64url(key),
    createdAt: new Date().toISOString(),
  };
  if (publicKey) doc.publicKey = toBase64url(publicKey);
  return `${JSON.stringify(doc, null, 2)}\n`;
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

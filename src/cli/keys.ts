// Loading operator keys from the files `courier-pii keygen` writes.
import { join } from 'node:path';
import type { SignatureAlg } from '../audit/index.js';
import { createKeyring, type Keyring } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { readKeyFile } from './files.js';

export interface Kek {
  id: string;
  key: Uint8Array;
}

export function readKek(path: string): Kek {
  const { id, key } = readKeyFile(path, 'kek');
  return { id, key };
}

export function kekOfDir(dir: string): Kek {
  return readKek(join(dir, 'kek.json'));
}

/** The folder's signing key; `alg` comes from the file (set for SM2), never from the key's size. */
export function signingOfDir(dir: string): {
  alg?: SignatureAlg;
  secretKey: Uint8Array;
  publicKey: Uint8Array;
} {
  const { key, publicKey, alg } = readKeyFile(join(dir, 'signing.json'), 'signing');
  return alg === undefined
    ? { secretKey: key, publicKey: publicKey! }
    : { alg, secretKey: key, publicKey: publicKey! };
}

/** A keyring of distinct KEKs; the first is active. */
export function keyringOf(keks: Kek[]): Keyring {
  const ids = new Set<string>();
  for (const k of keks) {
    if (ids.has(k.id)) {
      throw new PiiError(
        'KEY_INVALID',
        `Two KEK files carry the same id "${k.id}"; create the new KEK with \`courier-pii keygen --id <new-id>\`.`,
      );
    }
    ids.add(k.id);
  }
  return createKeyring({ keks: keks.map((k) => ({ id: k.id, key: k.key })), active: keks[0]!.id });
}

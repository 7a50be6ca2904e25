// Key files (`courier-pii-key/1` and `/2`, docs/formats.md "Key files"): the small JSON documents
// `courier-pii keygen` writes and the CLI's rotate, handover and sweep read. The same functions
// let an application load those keys, so the service that seals records and the operator who
// rotates or sweeps them use one set of keys. Reading is strict: an unknown format, type or
// member, a key of the wrong size or a public key that does not match its secret is an error.
// Version 1 signing files are Ed25519 by definition; version 2 names its algorithm in `alg`
// (Ed25519 or SM2), so a reader never infers it from key sizes. Version 1 bytes stay as they were.
import { fromBase64url, toBase64url } from '../_internal/bytes.js';
import { nobleEd25519 } from '../_internal/ed25519.js';
import { derivePublicKey } from '../_internal/signature.js';

/** The signature algorithm of a signing key file. */
export type KeyFileAlg = 'ed25519' | 'sm2';
import { writeFileAtomic } from '../_internal/private-files.js';
import { PiiError } from '../errors.js';
import type { LocalKek } from './keyring.js';
import { builtinModule } from '../_internal/builtin.js';

/** The format tag of key files without an `alg` member (KEKs, index keys, Ed25519 signing keys). */
export const KEY_FILE_FORMAT = 'courier-pii-key/1';

/** The format tag of signing key files that name their algorithm (`alg`: `ed25519` or `sm2`). */
export const KEY_FILE_FORMAT_V2 = 'courier-pii-key/2';

/**
 * What a key file holds: a key-encryption key (`kek`), a blind-index key (`index`), an Ed25519
 * or SM2 signing key pair (`signing`) or its public half alone (`signing-public`).
 */
export type KeyFileType = 'kek' | 'index' | 'signing' | 'signing-public';

/** The content of a key file, decoded. */
export type KeyFileContent =
  | { type: 'kek'; id: string; key: Uint8Array }
  | { type: 'index'; id: string; key: Uint8Array }
  | {
      type: 'signing';
      id: string;
      /** `'sm2'` for an SM2 key (written as `courier-pii-key/2`); absent for Ed25519 (version 1). */
      alg?: KeyFileAlg;
      secretKey: Uint8Array;
      /** 32 bytes (Ed25519) or 65 bytes `0x04 || x || y` (SM2). */
      publicKey: Uint8Array;
    }
  | { type: 'signing-public'; id: string; alg?: KeyFileAlg; publicKey: Uint8Array };

/** The decoded content of a key file of type `T`. */
export type KeyFileOf<T extends KeyFileType> = Extract<KeyFileContent, { type: T }>;

/** The keys of a folder written by `courier-pii keygen`. */
export interface KeyFolder {
  /** `kek.json`: pass it to `createKeyring`. */
  kek: LocalKek;
  /** `index.json`: the blind-index key for `createVault`; undefined when the folder has none (`keygen --kek-only`). */
  indexKey?: Uint8Array;
  /**
   * `signing.json`: for audit checkpoints, consent tokens, certificates, manifests; undefined when
   * absent. `alg` is set when the file names it (`'sm2'` for an SM2 key).
   */
  signingKey?: { alg?: KeyFileAlg; secretKey: Uint8Array; publicKey: Uint8Array };
}

/** The file names `courier-pii keygen` uses in a key folder. */
export const KEY_FOLDER_FILES = {
  kek: 'kek.json',
  index: 'index.json',
  signing: 'signing.json',
  'signing-public': 'signing.pub.json',
} as const satisfies Record<KeyFileType, string>;

const TYPES: readonly KeyFileType[] = ['kek', 'index', 'signing', 'signing-public'];
const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const MEMBERS: Record<KeyFileType, readonly string[]> = {
  kek: ['key'],
  index: ['key'],
  signing: ['key', 'publicKey'],
  'signing-public': ['publicKey'],
};

function invalid(name: string, why: string): PiiError {
  return new PiiError(
    'KEY_INVALID',
    `${name} is not a valid courier-pii key file (${why}); create one with \`courier-pii keygen\`.`,
  );
}

function bytesN(doc: Record<string, unknown>, member: string, name: string, n = 32): Uint8Array {
  const v = doc[member];
  const b = typeof v === 'string' ? fromBase64url(v) : undefined;
  if (b?.length !== n) throw invalid(name, `"${member}" must be ${n} bytes in base64url`);
  // A copy of its own: the decoder's view may share a pooled buffer with unrelated data.
  return b.slice();
}

const PUBLIC_LENGTH: Record<KeyFileAlg, number> = { ed25519: 32, sm2: 65 };

/** The public key of a signing secret key, or undefined when the secret is not a valid key. */
function publicOf(alg: KeyFileAlg, secretKey: Uint8Array): Uint8Array | undefined {
  try {
    return alg === 'sm2' ? derivePublicKey('sm2', secretKey) : nobleEd25519.publicKey(secretKey);
  } catch {
    return undefined; // an SM2 scalar out of range
  }
}

/** The algorithm a file names: version 1 is Ed25519; version 2 must say `ed25519` or `sm2`. */
function algOf(d: Record<string, unknown>, type: KeyFileType, name: string): KeyFileAlg | undefined {
  if (d.format === KEY_FILE_FORMAT) return undefined;
  if (type !== 'signing' && type !== 'signing-public')
    throw invalid(
      name,
      `"format" "${KEY_FILE_FORMAT_V2}" holds signing keys only; a ${type} key is "${KEY_FILE_FORMAT}"`,
    );
  if (d.alg !== 'ed25519' && d.alg !== 'sm2') throw invalid(name, '"alg" must be "ed25519" or "sm2"');
  return d.alg;
}

/**
 * Decodes the text of a key file (for keys kept in a secret manager rather than on disk).
 *
 * @param text - the file's JSON text
 * @param type - the type the caller expects; any other type is refused
 * @param name - how messages name the file (default `key file`)
 * @returns the decoded key (and id)
 * @throws PiiError KEY_INVALID when the text is not a key file of that type, a member is
 *   unknown, a key has the wrong size, a version 2 file does not name its `alg`, or a signing
 *   key's public half does not match its secret
 * @example
 * ```ts
 * import { generateKey, keyFileText, parseKeyFile } from 'courier-pii/crypto';
 * const text = keyFileText({ type: 'kek', id: 'kek-2026', key: generateKey() });
 * const kek = parseKeyFile(text, 'kek');
 * console.log(kek.id, kek.key.length); // kek-2026 32
 * ```
 */
export function parseKeyFile<T extends KeyFileType>(text: string, type: T, name = 'key file'): KeyFileOf<T> {
  if (!TYPES.includes(type)) {
    throw new PiiError('INVALID_ARGUMENT', `type must be one of ${TYPES.join(', ')}.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw invalid(name, 'not JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalid(name, 'not a JSON object');
  const d = doc as Record<string, unknown>;
  if (d.format !== KEY_FILE_FORMAT && d.format !== KEY_FILE_FORMAT_V2)
    throw invalid(name, `"format" is neither "${KEY_FILE_FORMAT}" nor "${KEY_FILE_FORMAT_V2}"`);
  if (d.type !== type) {
    const what =
      typeof d.type === 'string' && TYPES.includes(d.type as KeyFileType)
        ? `a ${d.type} key`
        : 'no known type';
    throw invalid(name, `it holds ${what}, not a ${type} key`);
  }
  if (typeof d.id !== 'string' || !ID.test(d.id))
    throw invalid(name, '"id" must be 1-64 letters, digits or ._:-');
  if (d.createdAt !== undefined && typeof d.createdAt !== 'string')
    throw invalid(name, '"createdAt" must be a string');
  const alg = algOf(d, type, name);
  const allowed = new Set(['format', 'type', 'id', 'createdAt', ...MEMBERS[type], ...(alg ? ['alg'] : [])]);
  const unknown = Object.keys(d).find((k) => !allowed.has(k));
  if (unknown !== undefined) throw invalid(name, `unknown member "${unknown.slice(0, 40)}"`);
  const id = d.id;
  const named = alg === undefined ? {} : { alg };
  const kind = alg ?? 'ed25519';
  switch (type) {
    case 'kek':
    case 'index':
      return { type, id, key: bytesN(d, 'key', name) } as KeyFileOf<T>;
    case 'signing': {
      const secretKey = bytesN(d, 'key', name);
      const publicKey = bytesN(d, 'publicKey', name, PUBLIC_LENGTH[kind]);
      const derived = publicOf(kind, secretKey);
      if (!derived) throw invalid(name, `"key" is not a valid ${kind} secret key`);
      if (!derived.every((b, i) => b === publicKey[i])) {
        throw invalid(name, '"publicKey" does not belong to its secret key');
      }
      return { type, id, ...named, secretKey, publicKey } as KeyFileOf<T>;
    }
    default: {
      const publicKey = bytesN(d, 'publicKey', name, PUBLIC_LENGTH[kind]);
      if (kind === 'sm2' && publicKey[0] !== 4)
        throw invalid(name, '"publicKey" is not an uncompressed SM2 point');
      return { type, id, ...named, publicKey } as KeyFileOf<T>;
    }
  }
}

/**
 * The text of a key file (pretty-printed JSON with a final newline), as `courier-pii keygen` writes it.
 *
 * @param content - the key to encode; `id` must be 1-64 letters, digits or `._:-`
 * @param options - `createdAt` (default now)
 * @returns the JSON text
 * @throws PiiError INVALID_ARGUMENT for a bad id, a key of the wrong size, or an unknown `alg`
 * @throws PiiError KEY_INVALID for a signing key whose public half does not match its secret
 * @example
 * ```ts
 * import { generateSigningKey } from 'courier-pii/consent';
 * import { generateKey, keyFileText } from 'courier-pii/crypto';
 * const doc = JSON.parse(keyFileText({ type: 'index', id: 'index-1', key: generateKey() }));
 * const sm2 = JSON.parse(keyFileText({ type: 'signing', id: 'signing-1', ...generateSigningKey({ alg: 'sm2' }) }));
 * console.log(doc.format, doc.type, sm2.format, sm2.alg); // courier-pii-key/1 index courier-pii-key/2 sm2
 * ```
 */
export function keyFileText(content: KeyFileContent, options: { createdAt?: Date } = {}): string {
  const c = content as Partial<Record<string, unknown>> & { type: KeyFileType; id: string };
  if (!TYPES.includes(c?.type))
    throw new PiiError('INVALID_ARGUMENT', `type must be one of ${TYPES.join(', ')}.`);
  if (typeof c.id !== 'string' || !ID.test(c.id)) {
    throw new PiiError('INVALID_ARGUMENT', 'id must be 1-64 letters, digits or ._:-');
  }
  const signing = c.type === 'signing' || c.type === 'signing-public';
  if (c.alg !== undefined && (!signing || (c.alg !== 'ed25519' && c.alg !== 'sm2')))
    throw new PiiError('INVALID_ARGUMENT', "alg must be 'ed25519' or 'sm2', on a signing key only.");
  const alg = c.alg as KeyFileAlg | undefined;
  const keyN = (member: string, n = 32): string => {
    const v = c[member];
    if (!(v instanceof Uint8Array) || v.length !== n) {
      throw new PiiError('INVALID_ARGUMENT', `${member} must be a ${n}-byte Uint8Array.`);
    }
    return toBase64url(v);
  };
  // Version 1 stays byte for byte what it was; a key that names its algorithm is version 2.
  const doc: Record<string, string> =
    alg === undefined
      ? { format: KEY_FILE_FORMAT, type: c.type, id: c.id }
      : { format: KEY_FILE_FORMAT_V2, type: c.type, id: c.id, alg };
  if (c.type === 'kek' || c.type === 'index') doc.key = keyN('key');
  if (c.type === 'signing') doc.key = keyN('secretKey');
  if (signing) doc.publicKey = keyN('publicKey', PUBLIC_LENGTH[alg ?? 'ed25519']);
  doc.createdAt = (options.createdAt ?? new Date()).toISOString();
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  parseKeyFile(text, c.type, 'the key'); // a signing pair whose halves do not match is refused here
  return text;
}

type Fs = typeof import('node:fs');
type NodePath = typeof import('node:path');

function builtin<T>(id: string): T {
  const m = builtinModule<T>(id);
  if (!m) {
    throw new PiiError(
      'BACKEND_UNAVAILABLE',
      'Key files need Node.js file access; elsewhere decode the text with parseKeyFile.',
    );
  }
  return m;
}

/**
 * Loads a key file written by `courier-pii keygen` or {@link saveKeyFile} (Node.js).
 *
 * @param path - the file, e.g. `keys/kek.json`
 * @param type - the type expected there (`kek`, `index`, `signing`, `signing-public`)
 * @returns the decoded key and its id
 * @throws PiiError KEY_INVALID when the file cannot be read or is not a valid key file of that type
 * @throws PiiError BACKEND_UNAVAILABLE outside Node.js
 * @example
 * ```ts
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { generateKey, loadKeyFile, saveKeyFile } from 'courier-pii/crypto';
 * const dir = mkdtempSync(join(tmpdir(), 'keys-'));
 * saveKeyFile(join(dir, 'kek.json'), { type: 'kek', id: 'kek-2026', key: generateKey() });
 * console.log(loadKeyFile(join(dir, 'kek.json'), 'kek').id); // kek-2026
 * rmSync(dir, { recursive: true });
 * ```
 */
export function loadKeyFile<T extends KeyFileType>(path: string, type: T): KeyFileOf<T> {
  const fs = builtin<Fs>('node:fs');
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    throw new PiiError(
      'KEY_INVALID',
      `Cannot read key file ${path}; create one with \`courier-pii keygen\`.`,
      {
        cause: e,
      },
    );
  }
  return parseKeyFile(text, type, path);
}

/**
 * Writes a key file atomically (temporary file, fsync, rename), readable only by its owner
 * (mode 0600; 0644 for `signing-public`), in the format `courier-pii keygen` writes (Node.js).
 *
 * @param path - where to write it
 * @param content - the key
 * @param options - `overwrite` an existing file (default false)
 * @returns nothing
 * @throws PiiError INVALID_ARGUMENT when the file exists and `overwrite` is not set, or for bad content
 * @throws PiiError BACKEND_UNAVAILABLE outside Node.js
 * @example
 * ```ts
 * import { mkdtempSync, rmSync, statSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { generateKey, saveKeyFile } from 'courier-pii/crypto';
 * const dir = mkdtempSync(join(tmpdir(), 'keys-'));
 * saveKeyFile(join(dir, 'index.json'), { type: 'index', id: 'index-1', key: generateKey() });
 * console.log((statSync(join(dir, 'index.json')).mode & 0o777).toString(8)); // 600
 * rmSync(dir, { recursive: true });
 * ```
 */
export function saveKeyFile(
  path: string,
  content: KeyFileContent,
  options: { overwrite?: boolean } = {},
): void {
  const text = keyFileText(content);
  try {
    // Temp file with a random name, exclusive, no symlink following, fsync, rename, fsync of the
    // directory (docs/operations.md, "Local files").
    writeFileAtomic(path, text, {
      mode: content.type === 'signing-public' ? 0o644 : 0o600,
      overwrite: options.overwrite === true,
    });
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST')
      throw new PiiError(
        'INVALID_ARGUMENT',
        `${path} already exists; pass { overwrite: true } to replace it.`,
      );
    throw e;
  }
}

/**
 * Loads the keys of a folder written by `courier-pii keygen`: `kek.json` (required),
 * `index.json` and `signing.json` (when present), so an application seals with the keys the
 * operator's `rotate`, `handover` and `sweep` use (Node.js).
 *
 * @param dir - the key folder
 * @returns the KEK, and the blind-index and signing keys when the folder has them
 * @throws PiiError KEY_INVALID when `kek.json` is missing, or any key file present is not valid
 * @throws PiiError BACKEND_UNAVAILABLE outside Node.js
 * @example
 * ```ts
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createKeyring, createVault, generateKey, loadKeyFolder, memoryKeyStore, saveKeyFile } from 'courier-pii/crypto';
 * const dir = mkdtempSync(join(tmpdir(), 'keys-'));
 * saveKeyFile(join(dir, 'kek.json'), { type: 'kek', id: 'kek-2026', key: generateKey() });
 * saveKeyFile(join(dir, 'index.json'), { type: 'index', id: 'index-1', key: generateKey() });
 * const keys = loadKeyFolder(dir);
 * const vault = createVault({
 *   keyring: createKeyring({ keks: [keys.kek], active: keys.kek.id }),
 *   keyStore: memoryKeyStore(),
 *   indexKey: keys.indexKey!,
 * });
 * console.log(keys.kek.id, keys.signingKey === undefined, typeof vault.seal); // kek-2026 true function
 * rmSync(dir, { recursive: true });
 * ```
 */
export function loadKeyFolder(dir: string): KeyFolder {
  const fs = builtin<Fs>('node:fs');
  const { join } = builtin<NodePath>('node:path');
  const at = (t: KeyFileType) => join(dir, KEY_FOLDER_FILES[t]);
  const { id, key } = loadKeyFile(at('kek'), 'kek');
  const folder: KeyFolder = { kek: { id, key } };
  if (fs.existsSync(at('index'))) folder.indexKey = loadKeyFile(at('index'), 'index').key;
  if (fs.existsSync(at('signing'))) {
    const s = loadKeyFile(at('signing'), 'signing');
    folder.signingKey =
      s.alg === undefined
        ? { secretKey: s.secretKey, publicKey: s.publicKey }
        : { alg: s.alg, secretKey: s.secretKey, publicKey: s.publicKey };
  }
  return folder;
}

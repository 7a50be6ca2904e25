// Key files (`courier-pii-key/1`, docs/formats.md "Key files"): the small JSON documents
// `courier-pii keygen` writes and the CLI's rotate, handover and sweep read. The same functions
// let an application load those keys, so the service that seals records and the operator who
// rotates or sweeps them use one set of keys. Reading is strict: an unknown format, type or
// member, a key of the wrong size or a public key that does not match its secret is an error.
import { fromBase64url, toBase64url } from '../_internal/bytes.js';
import { nobleEd25519 } from '../_internal/ed25519.js';
import { writeFileAtomic } from '../_internal/private-files.js';
import { PiiError } from '../errors.js';
import type { LocalKek } from './keyring.js';

/** The format tag every key file carries. */
export const KEY_FILE_FORMAT = 'courier-pii-key/1';

/**
 * What a key file holds: a key-encryption key (`kek`), a blind-index key (`index`), an Ed25519
 * signing key pair (`signing`) or its public half alone (`signing-public`).
 */
export type KeyFileType = 'kek' | 'index' | 'signing' | 'signing-public';

/** The content of a key file, decoded. */
export type KeyFileContent =
  | { type: 'kek'; id: string; key: Uint8Array }
  | { type: 'index'; id: string; key: Uint8Array }
  | { type: 'signing'; id: string; secretKey: Uint8Array; publicKey: Uint8Array }
  | { type: 'signing-public'; id: string; publicKey: Uint8Array };

/** The decoded content of a key file of type `T`. */
export type KeyFileOf<T extends KeyFileType> = Extract<KeyFileContent, { type: T }>;

/** The keys of a folder written by `courier-pii keygen`. */
export interface KeyFolder {
  /** `kek.json`: pass it to `createKeyring`. */
  kek: LocalKek;
  /** `index.json`: the blind-index key for `createVault`; undefined when the folder has none (`keygen --kek-only`). */
  indexKey?: Uint8Array;
  /** `signing.json`: for audit checkpoints, consent tokens, certificates; undefined when absent. */
  signingKey?: { secretKey: Uint8Array; publicKey: Uint8Array };
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

function bytes32(doc: Record<string, unknown>, member: string, name: string): Uint8Array {
  const v = doc[member];
  const b = typeof v === 'string' ? fromBase64url(v) : undefined;
  if (b?.length !== 32) throw invalid(name, `"${member}" must be 32 bytes in base64url`);
  // A copy of its own: the decoder's view may share a pooled buffer with unrelated data.
  return b.slice();
}

/**
 * Decodes the text of a key file (for keys kept in a secret manager rather than on disk).
 *
 * @param text - the file's JSON text
 * @param type - the type the caller expects; any other type is refused
 * @param name - how messages name the file (default `key file`)
 * @returns the decoded key (and id)
 * @throws PiiError KEY_INVALID when the text is not a key file of that type, a member is
 *   unknown, a key is not 32 bytes, or a signing key's public half does not match its secret
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
  if (d.format !== KEY_FILE_FORMAT) throw invalid(name, `"format" is not "${KEY_FILE_FORMAT}"`);
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
  const allowed = new Set(['format', 'type', 'id', 'createdAt', ...MEMBERS[type]]);
  const unknown = Object.keys(d).find((k) => !allowed.has(k));
  if (unknown !== undefined) throw invalid(name, `unknown member "${unknown.slice(0, 40)}"`);
  const id = d.id;
  switch (type) {
    case 'kek':
    case 'index':
      return { type, id, key: bytes32(d, 'key', name) } as KeyFileOf<T>;
    case 'signing': {
      const secretKey = bytes32(d, 'key', name);
      const publicKey = bytes32(d, 'publicKey', name);
      const derived = nobleEd25519.publicKey(secretKey);
      if (!derived.every((b, i) => b === publicKey[i])) {
        throw invalid(name, '"publicKey" does not belong to its secret key');
      }
      return { type, id, secretKey, publicKey } as KeyFileOf<T>;
    }
    default:
      return { type, id, publicKey: bytes32(d, 'publicKey', name) } as KeyFileOf<T>;
  }
}

/**
 * The text of a key file (pretty-printed JSON with a final newline), as `courier-pii keygen` writes it.
 *
 * @param content - the key to encode; `id` must be 1-64 letters, digits or `._:-`
 * @param options - `createdAt` (default now)
 * @returns the JSON text
 * @throws PiiError INVALID_ARGUMENT for a bad id, a key that is not 32 bytes, or a signing key
 *   whose public half does not match its secret
 * @example
 * ```ts
 * import { generateKey, keyFileText } from 'courier-pii/crypto';
 * const doc = JSON.parse(keyFileText({ type: 'index', id: 'index-1', key: generateKey() }));
 * console.log(doc.format, doc.type); // courier-pii-key/1 index
 * ```
 */
export function keyFileText(content: KeyFileContent, options: { createdAt?: Date } = {}): string {
  const c = content as Partial<Record<string, unknown>> & { type: KeyFileType; id: string };
  if (!TYPES.includes(c?.type))
    throw new PiiError('INVALID_ARGUMENT', `type must be one of ${TYPES.join(', ')}.`);
  if (typeof c.id !== 'string' || !ID.test(c.id)) {
    throw new PiiError('INVALID_ARGUMENT', 'id must be 1-64 letters, digits or ._:-');
  }
  const key32 = (member: string): string => {
    const v = c[member];
    if (!(v instanceof Uint8Array) || v.length !== 32) {
      throw new PiiError('INVALID_ARGUMENT', `${member} must be a 32-byte Uint8Array.`);
    }
    return toBase64url(v);
  };
  const doc: Record<string, string> = { format: KEY_FILE_FORMAT, type: c.type, id: c.id };
  if (c.type === 'kek' || c.type === 'index') doc.key = key32('key');
  if (c.type === 'signing') doc.key = key32('secretKey');
  if (c.type === 'signing' || c.type === 'signing-public') doc.publicKey = key32('publicKey');
  doc.createdAt = (options.createdAt ?? new Date()).toISOString();
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  parseKeyFile(text, c.type, 'the key'); // a signing pair whose halves do not match is refused here
  return text;
}

type Fs = typeof import('node:fs');
type NodePath = typeof import('node:path');

function builtin<T>(id: string): T {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const m = proc?.getBuiltinModule?.(id) as T | undefined;
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
    folder.signingKey = { secretKey: s.secretKey, publicKey: s.publicKey };
  }
  return folder;
}

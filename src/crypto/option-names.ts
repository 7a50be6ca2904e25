// The option names of every crypto options type, checked by the compiler against the types
// (src/_internal/options.ts), for the fail-closed check at each public entry point.
import { optionNames } from '../_internal/options.js';
import type { ReadErasureLedgerOptions } from './erasure-ledger-read.js';
import type { FileBlobSourceOptions } from './file-blob-source.js';
import type { FileKeyStoreOptions } from './file-key-store.js';
import type { KeyringOptions } from './keyring.js';
import type { ReencryptOptions } from './reencrypt.js';
import type { RotateKekOptions } from './subject-keys.js';
import type {
  OpenManyOptions,
  EraseOptions,
  FieldContext,
  OpenOptions,
  SealOptions,
  StreamOptions,
  VaultOptions,
} from './vault-types.js';

export const VAULT_OPTIONS = optionNames<VaultOptions>()([
  'keyring',
  'keyStore',
  'indexKey',
  'sealAtLeast',
  'backend',
  'suite',
  'indexBytes',
  'cache',
  'now',
  'audit',
  'redactText',
]);
export const SEAL_OPTIONS = optionNames<SealOptions>()(['recordId', 'subjects', 'recordKeyFor', 'indexes']);
export const OPEN_OPTIONS = optionNames<OpenOptions<unknown>>()(['recordId', 'paths', 'subjects', 'erased']);
export const STREAM_OPTIONS = optionNames<StreamOptions>()(['recordId', 'subjectId', 'name', 'chunkSize']);
export const FIELD_CONTEXT = optionNames<FieldContext>()(['schemaId', 'path', 'recordId', 'subjectId']);
export const ERASE_OPTIONS = optionNames<EraseOptions>()([
  'knownValues',
  'indexes',
  'schemas',
  'reason',
  'actor',
  'purpose',
]);
export const ROTATE_OPTIONS = optionNames<RotateKekOptions>()(['onProgress', 'concurrency']);
export const KEYRING_OPTIONS = optionNames<KeyringOptions>()(['keks', 'active', 'backend']);
export const FILE_KEY_STORE_OPTIONS = optionNames<FileKeyStoreOptions>()([
  'compactOnDestroy',
  'insecureFileMode',
]);
export const READ_LEDGER_OPTIONS = optionNames<ReadErasureLedgerOptions>()([
  'onUnmapped',
  'reviewed',
  'onProgress',
  'now',
]);
export const OPEN_MANY_OPTIONS = optionNames<OpenManyOptions>()(['erased']);
export const REENCRYPT_OPTIONS = optionNames<ReencryptOptions>()([
  'vault',
  'keyStore',
  'source',
  'progress',
  'blobs',
  'onProgress',
]);
export const FILE_BLOB_SOURCE_OPTIONS = optionNames<FileBlobSourceOptions>()(['bindingOf']);

/**
 * courier-pii/crypto: envelope encryption for personal data. KEKs in a keyring wrap one DEK per
 * data subject; fields are sealed under their subject's DEK and bound to schema, path, record
 * and key; blind indexes allow equality search; erasing a subject destroys its DEK and records it
 * in the erasure ledger (a tombstone in the key store and a `key.destroyed` audit event) that
 * restores replay.
 *
 * @module
 */
export type { BackendChoice, BackendName } from './backend.js';
export {
  type BlindIndexValue,
  type ErasureAuditLog,
  type ErasureReason,
  type ErasureScope,
  type KeyDestroyedData,
  type KeyDestroyedEvent,
  type KeyDestruction,
  recordKeyDestruction,
} from './erasure-ledger.js';
export {
  type ApplyErasureLedgerResult,
  applyErasureLedger,
  type ErasureLedger,
  type ErasureLedgerEntry,
  type LedgerErasure,
  ledgerDestroys,
  type ReadErasureLedgerOptions,
  readErasureLedger,
  type UnmappedDestruction,
} from './erasure-ledger-read.js';
export { type FileKeyStore, type FileKeyStoreOptions, fileKeyStore } from './file-key-store.js';
export {
  KEY_FILE_FORMAT,
  KEY_FILE_FORMAT_V2,
  KEY_FOLDER_FILES,
  type KeyFileAlg,
  type KeyFileContent,
  type KeyFileOf,
  type KeyFileType,
  type KeyFolder,
  keyFileText,
  loadKeyFile,
  loadKeyFolder,
  parseKeyFile,
  saveKeyFile,
} from './key-file.js';
export {
  type ActiveKeyRecord,
  type DestroyedKeyRecord,
  destroyedKeyRecord,
  memoryKeyStore,
  type SubjectKeyRecord,
  type SubjectKeyStore,
} from './key-store.js';
export {
  createKeyring,
  generateKey,
  type KekProvider,
  type Keyring,
  type KeyringOptions,
  type LocalKek,
  unwrapAll,
  type VaultSuite,
  wrapAll,
} from './keyring.js';
export type { DekCacheOptions } from './dek-cache.js';
export type { RotateKekOptions, RotateKekResult, RotationProgress } from './subject-keys.js';
export { createVault } from './vault.js';
export type {
  EraseOptions,
  ErasureCertificate,
  ErasureItem,
  FieldContext,
  IndexToDelete,
  OpenManyItem,
  OpenManyOptions,
  OpenOptions,
  SealOptions,
  SealResult,
  StreamOptions,
  SubjectIds,
  Vault,
  VaultOptions,
} from './vault-types.js';
export {
  type ReencryptCheckpoint,
  type ReencryptItem,
  type ReencryptOptions,
  type ReencryptProgress,
  type ReencryptProgressStore,
  type ReencryptResult,
  type ReencryptSource,
  reencryptToGm,
} from './reencrypt.js';
export type { ReencryptBlob, ReencryptBlobSource } from './reencrypt-blobs.js';
export { type FileBlobSourceOptions, fileBlobSource } from './file-blob-source.js';

// The vault's public shapes: its options, the Vault interface, and what seal, open, streams and
// erasure take and return. The implementation is in vault.ts.
import type { Transform } from 'node:stream';
import type * as z from 'zod';
import type { FieldPath, Kind, Level, Sealed, SealedString, SubjectRole } from '../schema/index.js';
import type { BackendChoice, BackendName } from './backend.js';
import type { DekCacheOptions } from './dek-cache.js';
import type { ErasureAuditLog, ErasureReason } from './erasure-ledger.js';
import type { SubjectKeyStore } from './key-store.js';
import type { Keyring, VaultSuite } from './keyring.js';
import type { RotateKekOptions, RotateKekResult } from './subject-keys.js';
import type { AnySchema } from './vault.js';

/** Options for {@link createVault}. */
export interface VaultOptions<L extends Level = 'sensitive'> {
  /** KEKs that wrap subject DEKs. */
  keyring: Keyring;
  /** Where wrapped DEKs live. */
  keyStore: SubjectKeyStore;
  /** 32 secret bytes for blind indexes; keep it apart from the KEKs. */
  indexKey: Uint8Array;
  /** Lowest level that gets sealed (default `'sensitive'`). */
  sealAtLeast?: L;
  /** Primitive implementation (default `'auto'`: node:crypto on Node, else @noble). */
  backend?: BackendChoice;
  /**
   * Algorithm suite of new keys and fields (default `'default'`: XChaCha20-Poly1305, HMAC-SHA256).
   * `'gm'`: SM4-GCM, HKDF/HMAC over SM3 and SM4 key wrapping (docs/gm.md). Either vault opens
   * fields of both suites; the suite is read from the sealed bytes.
   */
  suite?: VaultSuite;
  /** Bytes of HMAC kept per blind index, 4 to 32 (default 16); see docs/formats.md. */
  indexBytes?: number;
  /** Unwrapped-key cache bounds. */
  cache?: DekCacheOptions;
  /** Clock in ms since epoch (default `Date.now`); for tests. */
  now?: () => number;
  /**
   * The erasure ledger's audit log: {@link Vault.eraseSubject} appends a `key.destroyed` event
   * for every key it destroys, before destroying it, so a restore from an older backup replays
   * the erasure (docs/operations.md, "Backups and restore"). Fail-closed rule: without `audit`,
   * `eraseSubject` refuses (INVALID_ARGUMENT) and destroys nothing. `'none'` opts out: the key
   * store's tombstone is then the only record, and restoring a backup taken before the erasure
   * brings the subject back unless you replay it yourself. Sealing and opening never need it.
   */
  audit?: ErasureAuditLog | 'none';
  /**
   * How free text sealed with `pii.freeText({ onSeal: 'redact' })` is redacted for its clear
   * companion, typically `(text) => redact(text).text` from `courier-pii/mask` (the crypto module
   * does not carry the detectors). Sealing such a field without it fails with INVALID_ARGUMENT.
   */
  redactText?: (text: string) => string;
}

/** Subject id per subject role of schema `S` (any role name when `S` is not a specific schema). */
export type SubjectIds<S> = [SubjectRole<S>] extends [infer R extends string]
  ? { readonly [K in R]?: string }
  : never;

/** Options for {@link Vault.seal}. */
export interface SealOptions<S = unknown> {
  /** Stable id of the record (at most 248 bytes of UTF-8); bound into every field. */
  recordId: string;
  /**
   * Subject id per subject role of the schema (`{ recipient: 'cust-42' }`): an opaque id of at
   * most 255 bytes, never a phone number, email address or ID number (it is stored in clear as
   * the key id). A role the schema does not declare is refused.
   */
  subjects?: SubjectIds<S>;
  /**
   * Roles whose sealed fields go under the record key on purpose. Every role with fields the
   * vault seals must be in `subjects` or here: a role left out is refused, so a typo can never
   * seal a customer's data under the record key (where erasing the customer would not reach it).
   */
  recordKeyFor?: ReadonlyArray<keyof SubjectIds<S> & string>;
  /** Compute blind indexes of the sealed fields (default true); false saves one HMAC per field. */
  indexes?: boolean;
}

/** Result of {@link Vault.seal}. */
export interface SealResult<S, L extends Level = 'sensitive'> {
  /** The record with every field at or above the vault's seal level replaced by a `cpii1.` string. */
  record: Sealed<S, L>;
  /** Blind index per sealed field with an indexable kind, by concrete path (`items.0.name`; see `concretePath`). */
  indexes: Record<string, string>;
}

/** Where a single value belongs, for {@link Vault.sealValue} and {@link Vault.openValue}. */
export interface FieldContext {
  /** The schema id (as given to `pii.id`); bound into the AAD. */
  schemaId: string;
  /** Concrete field path as `concretePath` writes it (`items.0.name`, `byEmail.ann@example\.com`); bound into the AAD. */
  path: string;
  /** The record id; bound into the AAD. */
  recordId: string;
  /** Whose data it is (default: the record). When opening, the expected subject. */
  subjectId?: string;
}

/** Options for {@link Vault.open}. */
export interface OpenOptions<S> {
  /** The record id given when sealing. */
  recordId: string;
  /** Only these fields (pattern paths, or a prefix such as `'recipient'`) are opened; others stay sealed. */
  paths?: Array<FieldPath<S> | (string & {})>;
  /** Expected subject per role: a field of that role sealed for another subject fails. A role the schema does not declare is refused. */
  subjects?: Record<string, string>;
  /** Fields of erased subjects: `'throw'` KEY_DESTROYED (default) or `'omit'` them from the result. */
  erased?: 'throw' | 'omit';
}

/** One record of a page for {@link Vault.openMany}: the record and what {@link OpenOptions} says for it. */
export interface OpenManyItem<S, L extends Level = 'sensitive'> {
  /** The sealed record. */
  record: Sealed<S, L> | Record<string, unknown>;
  /** The record id given when sealing. */
  recordId: string;
  /** Only these fields of this record are opened (as {@link OpenOptions.paths}). */
  paths?: Array<FieldPath<S> | (string & {})>;
  /** Expected subject per role for this record (as {@link OpenOptions.subjects}). */
  subjects?: Record<string, string>;
}

/** Options of {@link Vault.openMany} that apply to the whole page. */
export interface OpenManyOptions {
  /** Fields of erased subjects: `'throw'` KEY_DESTROYED (default) or `'omit'` them. */
  erased?: 'throw' | 'omit';
}

/** Options for blob streams. */
export interface StreamOptions {
  /** The record the blob belongs to; bound into every chunk. */
  recordId: string;
  /** Whose data the blob is (default: the record itself, key id `record:<recordId>`); an opaque id. When opening, the expected subject. */
  subjectId?: string;
  /** Name of the blob within the record (default `'blob'`), e.g. `'proofOfDelivery.photo'`. */
  name?: string;
  /** Plaintext bytes per chunk when sealing (default 65,536). */
  chunkSize?: number;
}

/** A blind-index value the caller must delete, from {@link EraseOptions.knownValues}. */
export interface IndexToDelete {
  /** The kind it was computed for. */
  kind: Kind;
  /** The blind index string, as {@link Vault.blindIndex} returns it. */
  index: string;
}

/** Options for {@link Vault.eraseSubject}. */
export interface EraseOptions {
  /** Values of the subject the caller still knows (its profile), to list their blind indexes. */
  knownValues?: Array<{ kind: Kind; value: string }>;
  /** Blind indexes the caller already holds for this key (from `vault.seal` results); listed and recorded too. */
  indexes?: IndexToDelete[];
  /** Schemas holding the subject's fields: the certificate then says, per path, what became of it. */
  schemas?: readonly z.core.$ZodType[];
  /** Why (default `'erasure-request'`); recorded in the ledger event. */
  reason?: ErasureReason;
  /** Audit actor of the ledger event (default `'courier-pii'`). */
  actor?: string;
  /** Audit purpose of the ledger event (default: the reason). */
  purpose?: string;
}

/** What became of one field path of an erased subject. */
export interface ErasureItem {
  /** The schema id (`pii.id`), or a digest id for a schema without one. */
  schema: string;
  /** The field path (classify pattern). */
  path: string;
  /**
   * `crypto-shred`: sealed under the destroyed key, so every stored copy is unreadable;
   * `pending`: below the vault's seal level, so stored in clear by the caller, who must delete it.
   */
  method: 'crypto-shred' | 'pending';
}

/** What {@link Vault.eraseSubject} destroyed. Holds ids and index values, never plaintext. */
export interface ErasureCertificate {
  /** The erased subject. */
  subjectId: string;
  /** Key ids destroyed by this call (the subject's key id), empty when none existed or it was already gone. */
  keyIdsDestroyed: string[];
  /** KEK that wrapped the destroyed DEK, if one was destroyed. */
  kekId?: string;
  /** Whether an earlier erasure had already destroyed the key. */
  alreadyDestroyed: boolean;
  /** Why, as recorded in the ledger. */
  reason: ErasureReason;
  /** `audit`: a `key.destroyed` event and a tombstone record it; `tombstone-only`: the vault was made with `audit: 'none'`. */
  ledger: 'audit' | 'tombstone-only';
  /** The vault's seal level: the subject's fields at or above it were sealed (now unreadable), the rest were stored in clear by the caller. */
  sealAtLeast: Level;
  /** Per field path of `schemas`, what became of it (empty without `schemas`). */
  items: ErasureItem[];
  /** When the key was destroyed (ISO 8601). */
  destroyedAt: string;
  /** Blind indexes of `knownValues` and `indexes`: delete these rows from your lookup tables. */
  indexesToDelete: IndexToDelete[];
  /** What the vault cannot know and the caller must still do. */
  notes: string[];
}

/** The envelope-encryption vault returned by {@link createVault}. */
export interface Vault<L extends Level = 'sensitive'> {
  /** The primitive implementation in use. */
  readonly backend: BackendName;
  /** The suite new keys and fields are sealed under. */
  readonly suite: VaultSuite;
  /** The lowest level this vault seals; fields below it are stored in clear by the caller. */
  readonly sealAtLeast: Level;
  /**
   * Validates `value` with `schema`, then seals every field at or above the seal level under
   * its subject's DEK (created and stored wrapped on first use). Formats: docs/formats.md.
   * @param schema - a zod schema tagged with `pii.*` (give it an id with `pii.id`)
   * @param value - the record
   * @param options - record id, subject id per role, whether to compute blind indexes
   * @returns the sealed record and the blind indexes of its sealed fields
   * @throws PiiError VALIDATION_FAILED when the value does not match the schema (pattern paths only, never values or keys)
   * @throws PiiError SCHEMA_INVALID when the schema holds a tag the walk cannot follow, or a map or record keyed by values tagged at the seal level
   * @throws PiiError KEY_DESTROYED when a named subject was erased
   * @throws PiiError KEY_NOT_FOUND / KEY_INVALID when a subject key cannot be unwrapped
   * @throws PiiError INVALID_ARGUMENT for a missing or over-long record id; an undeclared role; a role with sealed fields in neither `subjects` nor `recordKeyFor`; a subject id that is reserved, over 255 bytes or personal data; a JSON value holding a Map, Set, BigInt or bytes (all checked before any key is created, except the last)
   */
  seal<S extends AnySchema>(
    schema: S,
    value: z.input<S>,
    options: NoInfer<SealOptions<S>>,
  ): Promise<SealResult<S, L>>;
  /**
   * Opens a sealed record: every sealed field, or only `paths`.
   * @param schema - the schema it was sealed with
   * @param record - the sealed record
   * @param options - record id, paths, expected subjects, erased-field handling
   * @returns the record with the requested fields decrypted (others stay sealed)
   * @throws PiiError CIPHERTEXT_INVALID for any damaged, moved, truncated or non-sealed value (one message)
   * @throws PiiError VALIDATION_FAILED when a decrypted field is a value its leaf schema refuses (sealed by another version of the schema under the same id, or without validation); the message names the field's pattern path and the schema id, never the value
   * @throws PiiError KEY_DESTROYED when a requested field belongs to an erased subject (unless `erased: 'omit'`)
   * @throws PiiError KEY_NOT_FOUND when the KEK of a subject key is not in the keyring
   * @throws PiiError SCHEMA_INVALID as {@link Vault.seal}
   * @throws PiiError INVALID_ARGUMENT for a missing record id or a role the schema does not declare
   */
  open<S extends AnySchema>(
    schema: S,
    record: Sealed<S, L> | Record<string, unknown>,
    options: OpenOptions<S>,
  ): Promise<z.output<S>>;
  /**
   * Opens a page of records (a list screen, an export batch): the way to open many records. The
   * keys the page needs are read in one key-store call (`getMany`), unwrapped together and each
   * derived once, so no key is unwrapped twice in a page; then every record is opened as
   * {@link Vault.open} would, with no further key loading.
   * @param schema - the schema the records were sealed with
   * @param items - each record with its record id, and optionally its paths and expected subjects
   * @param options - erased-field handling for the whole page
   * @returns the opened records, in the order of `items`
   * @throws PiiError INVALID_ARGUMENT when `items` is not an array, an item or option is malformed or unknown, or a record id is missing
   * @throws PiiError CIPHERTEXT_INVALID for any damaged, moved, truncated or non-sealed value of any record (the page fails; open records one by one with `open` to find it)
   * @throws PiiError VALIDATION_FAILED as {@link Vault.open}, for a field of any record (the page fails)
   * @throws PiiError KEY_DESTROYED when a requested field belongs to an erased subject (unless `erased: 'omit'`)
   * @throws PiiError KEY_NOT_FOUND when the KEK of a subject key is not in the keyring
   */
  openMany<S extends AnySchema>(
    schema: S,
    items: ReadonlyArray<OpenManyItem<S, L>>,
    options?: OpenManyOptions,
  ): Promise<Array<z.output<S>>>;
  /**
   * Seals one value without a schema (column encryption): same format and AAD as a record field
   * with the same schema id, path, record and subject, so either API opens it.
   * @param value - a string, JSON data, Date or bytes
   * @param context - schema id, concrete path, record id, subject
   * @returns the `cpii1.` string
   * @throws PiiError KEY_DESTROYED when the subject was erased
   * @throws PiiError INVALID_ARGUMENT for a missing context part, an undefined value, or a subject id that is reserved, over 255 bytes or personal data (checked before any key is created)
   */
  sealValue(value: unknown, context: FieldContext): Promise<SealedString>;
  /**
   * Opens one value sealed by {@link Vault.sealValue} or {@link Vault.seal}.
   * @param sealed - the `cpii1.` string
   * @param context - the context it was sealed with
   * @returns the original value, with its type
   * @throws PiiError CIPHERTEXT_INVALID for anything that does not open in this context
   * @throws PiiError KEY_DESTROYED when the subject was erased
   */
  openValue(sealed: string, context: FieldContext): Promise<unknown>;
  /**
   * Keyed equality index of a value: equal for equal normalized values of a kind.
   * @param kind - the kind whose normalization applies
   * @param value - the raw value
   * @returns `bi1.` + base64url of the truncated HMAC
   * @throws PiiError VALIDATION_FAILED when the value is not valid for the kind
   * @throws PiiError INVALID_ARGUMENT for a kind without a string form (geo, image)
   */
  blindIndex(kind: Kind, value: string): string;
  /**
   * Destroys a subject's DEK (crypto-shredding): every copy of its sealed fields and blobs,
   * backups included, becomes unreadable, and no new key is made for that id again. The erasure
   * ledger records it first (a `key.destroyed` event in the vault's `audit` log), then the key
   * store replaces the key by a tombstone; a restore from an older backup replays both.
   * @param subjectId - the subject (or `record:<id>` key) to erase
   * @param options - values and blind indexes the caller knows, schemas, reason, audit actor
   * @returns a certificate of what was destroyed and what is still the caller's to delete, without plaintext
   * @throws PiiError INVALID_ARGUMENT when the vault has no `audit` (and not `'none'`): nothing is destroyed
   * @throws PiiError AUDIT_SINK_FAILED when the ledger event cannot be written: nothing is destroyed
   * @throws PiiError STORE_CONFLICT when the key kept changing during the erasure (the event is written; retry)
   */
  eraseSubject(subjectId: string, options?: EraseOptions): Promise<ErasureCertificate>;
  /**
   * Makes `newKekId` active and rewraps every DEK under it, one compare-and-set per subject.
   * Resumable: run it again after a crash; each DEK is readable by the old or the new KEK at
   * every moment. Retire the old KEK afterwards with `keyring.retire(oldId)`.
   * @param newKekId - a KEK already in the keyring
   * @param options - progress callback, parallelism
   * @returns how many DEKs this run rewrapped
   * @throws PiiError KEY_NOT_FOUND when the keyring lacks `newKekId` or a DEK's current KEK
   */
  rotateKek(newKekId: string, options?: RotateKekOptions): Promise<RotateKekResult>;
  /**
   * A Node.js Transform that seals a byte stream (STREAM construction, flat memory).
   * @param options - record id, subject, blob name, chunk size
   * @returns a Transform: bytes in, sealed bytes out
   * @throws PiiError INVALID_ARGUMENT, thrown at once, for a missing or over-long record id or a subject id that is reserved, over 255 bytes or personal data; for a bad chunk size (emitted as a stream error)
   */
  sealStream(options: StreamOptions): Transform;
  /**
   * A Node.js Transform that opens a sealed byte stream. Output is incomplete until the stream
   * ends without an error.
   * @param options - record id, expected subject, blob name
   * @returns a Transform: sealed bytes in, plaintext out
   * @throws PiiError CIPHERTEXT_INVALID (as a stream error) on tampering, truncation or extension
   */
  openStream(options: StreamOptions): Transform;
  /**
   * A WHATWG TransformStream that seals a byte stream.
   * @param options - as {@link Vault.sealStream}
   * @returns a TransformStream of bytes
   */
  sealWebStream(options: StreamOptions): TransformStream<Uint8Array, Uint8Array>;
  /**
   * A WHATWG TransformStream that opens a sealed byte stream.
   * @param options - as {@link Vault.openStream}
   * @returns a TransformStream of bytes
   * @throws PiiError CIPHERTEXT_INVALID (as a stream error) on tampering, truncation or extension
   */
  openWebStream(options: StreamOptions): TransformStream<Uint8Array, Uint8Array>;
  /** Drops every unwrapped DEK from memory (wiped as far as JS allows). */
  clearCache(): void;
}

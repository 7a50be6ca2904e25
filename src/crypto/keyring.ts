// KEKs: local 32-byte keys or external providers (HSM, KMS) behind one interface. A DEK is
// wrapped with XChaCha20-Poly1305 under the KEK, AAD = lengthPrefixed('cpii-kw1', kekId,
// subjectId), so a wrapped DEK cannot be moved to another subject or KEK (docs/formats.md).
import { lengthPrefixed, wipe } from '../_internal/bytes.js';
import { assertBytes, assertNonEmptyString } from '../_internal/assert.js';
import { PiiError } from '../errors.js';
import { type Backend, type BackendChoice, selectBackend } from './backend.js';
import { xchachaOpen, xchachaSeal } from './xchacha.js';
import { checkOptions } from '../_internal/options.js';
import { KEYRING_OPTIONS } from './option-names.js';

/**
 * A key-encryption key held outside the process (HSM through PKCS#11, a cloud KMS) or locally.
 * This is an extension point: implement it to keep KEKs out of application memory.
 * `wrap` and `unwrap` may be sync or async. `context` must be bound as associated data, and
 * `unwrap` must throw when the wrapped bytes or context do not authenticate.
 */
export interface KekProvider {
  /** Stable KEK id, written next to every DEK it wraps. */
  readonly id: string;
  /** Encrypts a 32-byte DEK, binding `context`. */
  wrap(dek: Uint8Array, context: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** Decrypts a wrapped DEK; throws when it does not authenticate under `context`. */
  unwrap(wrapped: Uint8Array, context: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** A local KEK: an id and 32 secret bytes (for example from {@link generateKey}). */
export interface LocalKek {
  /** Stable KEK id. */
  id: string;
  /** 32 secret bytes. */
  key: Uint8Array;
}

/** Options for {@link createKeyring}. */
export interface KeyringOptions {
  /** Every KEK that may unwrap existing DEKs; local keys or providers. */
  keks: Array<LocalKek | KekProvider>;
  /** Id of the KEK that wraps new DEKs. */
  active: string;
  /** Primitive implementation for local KEKs (default `'auto'`). */
  backend?: BackendChoice;
}

/** The set of KEKs: one active (wraps new DEKs), the others decrypt-only. */
export interface Keyring {
  /** Id of the KEK that wraps new DEKs. */
  readonly activeId: string;
  /** Ids of every KEK held. */
  ids(): string[];
  /** Whether a KEK with this id is held. */
  has(id: string): boolean;
  /** Adds a KEK (decrypt-only until made active). */
  add(kek: LocalKek | KekProvider): void;
  /**
   * Makes a held KEK the one that wraps new DEKs.
   * @throws PiiError KEY_NOT_FOUND when no KEK has that id
   */
  setActive(id: string): void;
  /**
   * Removes a decrypt-only KEK, for example after {@link Vault.rotateKek} finished.
   * @throws PiiError INVALID_ARGUMENT for the active KEK; KEY_NOT_FOUND when no KEK has that id
   */
  retire(id: string): void;
  /**
   * Wraps a DEK for a subject under the active KEK (or the named one).
   * @throws PiiError KEY_NOT_FOUND when the named KEK is not held
   */
  wrap(subjectId: string, dek: Uint8Array, kekId?: string): Promise<{ kekId: string; wrapped: Uint8Array }>;
  /**
   * Unwraps a subject's DEK with the named KEK.
   * @throws PiiError KEY_NOT_FOUND when the KEK is not held; KEY_INVALID when the wrapped DEK does not authenticate
   */
  unwrap(kekId: string, subjectId: string, wrapped: Uint8Array): Promise<Uint8Array>;
}

/**
 * Returns 32 bytes from the platform CSPRNG, for a KEK, a DEK or an index key.
 *
 * @returns 32 random bytes
 * @example
 * ```ts
 * import { generateKey } from 'courier-pii/crypto';
 * const kek = generateKey();
 * console.log(kek.length); // 32
 * ```
 */
export function generateKey(): Uint8Array {
  return selectBackend('auto').randomBytes(32);
}

/** The AAD a KEK binds when wrapping a subject's DEK (docs/formats.md, "Wrapped DEK"). @internal */
export function wrapContext(kekId: string, subjectId: string): Uint8Array {
  return lengthPrefixed('cpii-kw1', kekId, subjectId);
}

/** A local KEK as a {@link KekProvider}: XChaCha20-Poly1305, output nonce(24) || ct || tag. @internal */
export function localKekProvider(kek: LocalKek, backend: Backend): KekProvider {
  assertNonEmptyString('kek.id', kek.id);
  assertBytes('kek.key', kek.key, 32);
  const key = new Uint8Array(kek.key);
  return {
    id: kek.id,
    wrap(dek, context) {
      const nonce = backend.randomBytes(24);
      return xchachaSeal(backend, key, nonce, context, dek, nonce);
    },
    unwrap(wrapped, context) {
      const pt =
        wrapped.length === 24 + 32 + 16
          ? xchachaOpen(backend, key, wrapped.subarray(0, 24), context, wrapped.subarray(24))
          : undefined;
      if (!pt) throw new PiiError('KEY_INVALID', 'A wrapped key did not authenticate under its KEK.');
      return pt;
    },
  };
}

function isProvider(k: LocalKek | KekProvider): k is KekProvider {
  return typeof (k as KekProvider).wrap === 'function' && typeof (k as KekProvider).unwrap === 'function';
}

/**
 * Creates a keyring of KEKs: one active (wraps new DEKs), the others decrypt-only.
 *
 * @param options - the KEKs and which one is active
 * @returns a keyring for {@link createVault}
 * @throws PiiError INVALID_ARGUMENT when a KEK is malformed, an id repeats or `active` is not among them
 * @example
 * ```ts
 * import { createKeyring, generateKey } from 'courier-pii/crypto';
 * const keyring = createKeyring({ keks: [{ id: 'kek-2026', key: generateKey() }], active: 'kek-2026' });
 * console.log(keyring.activeId); // kek-2026
 * ```
 */
export function createKeyring(options: KeyringOptions): Keyring {
  if (!options || !Array.isArray(options.keks))
    throw new PiiError('INVALID_ARGUMENT', 'keks must be an array of KEKs.');
  checkOptions('createKeyring', options, KEYRING_OPTIONS);
  const backend = selectBackend(options.backend ?? 'auto');
  const keks = new Map<string, KekProvider>();
  const add = (k: LocalKek | KekProvider): void => {
    const p = isProvider(k) ? k : localKekProvider(k, backend);
    assertNonEmptyString('kek.id', p.id);
    if (keks.has(p.id))
      throw new PiiError('INVALID_ARGUMENT', `KEK id "${p.id}" appears twice; ids must be unique.`);
    keks.set(p.id, p);
  };
  for (const k of options.keks) add(k);
  let active = options.active;
  const need = (id: string): KekProvider => {
    const p = keks.get(id);
    if (!p)
      throw new PiiError(
        'KEY_NOT_FOUND',
        `No KEK "${id}" in the keyring; add it before using keys wrapped by it.`,
      );
    return p;
  };
  if (!keks.has(active)) throw new PiiError('INVALID_ARGUMENT', `active KEK "${active}" is not among keks.`);
  return {
    get activeId() {
      return active;
    },
    ids: () => [...keks.keys()],
    has: (id) => keks.has(id),
    add,
    setActive(id) {
      need(id);
      active = id;
    },
    retire(id) {
      if (id === active)
        throw new PiiError(
          'INVALID_ARGUMENT',
          'The active KEK cannot be retired; make another one active first.',
        );
      need(id);
      keks.delete(id);
    },
    async wrap(subjectId, dek, kekId = active) {
      const wrapped = await need(kekId).wrap(dek, wrapContext(kekId, subjectId));
      return { kekId, wrapped: new Uint8Array(wrapped) };
    },
    async unwrap(kekId, subjectId, wrapped) {
      const p = need(kekId);
      let dek: Uint8Array;
      try {
        dek = await p.unwrap(wrapped, wrapContext(kekId, subjectId));
      } catch (cause) {
        throw new PiiError(
          'KEY_INVALID',
          `The key of a subject did not unwrap under KEK "${kekId}"; the key store or keyring is damaged or mismatched.`,
          { cause },
        );
      }
      if (dek.length !== 32) {
        wipe(dek);
        throw new PiiError('KEY_INVALID', `KEK "${kekId}" returned a key of the wrong size.`);
      }
      return dek;
    },
  };
}

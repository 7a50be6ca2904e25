// KEKs: local 32-byte keys or external providers (HSM, KMS) behind one interface. A DEK is
// wrapped with XChaCha20-Poly1305 under the KEK, AAD = lengthPrefixed('cpii-kw1', kekId,
// subjectId), so a wrapped DEK cannot be moved to another subject or KEK (docs/formats.md).
import { lengthPrefixed, wipe } from '../_internal/bytes.js';
import { assertBytes, assertNonEmptyString } from '../_internal/assert.js';
import { PiiError } from '../errors.js';
import { type Backend, type BackendChoice, selectBackend } from './backend.js';
import { xchachaOpen, xchachaSeal } from './xchacha.js';
import { SUITE, SUITE_GM, type SuiteByte } from './field-format.js';
import { selectGmBackend } from './gm/gm-backend.js';
import { decodeWrapped, encodeWrapped, isGmWrapped } from './key-record-suite.js';
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
   * Wraps a DEK for a subject under the active KEK (or the named one). With `suite: 'gm'` the
   * result is a suite-2 key record value (docs/formats.md, "Wrapped DEK, suite 2"): a local KEK
   * wraps with SM4-GCM, a provider gets the suite-2 context.
   * @throws PiiError KEY_NOT_FOUND when the named KEK is not held
   */
  wrap(
    subjectId: string,
    dek: Uint8Array,
    kekId?: string,
    suite?: VaultSuite,
  ): Promise<{ kekId: string; wrapped: Uint8Array }>;
  /**
   * Unwraps a subject's DEK with the named KEK. For a suite-2 value every DEK it holds must
   * authenticate; the GM DEK is returned.
   * @throws PiiError KEY_NOT_FOUND when the KEK is not held; KEY_INVALID when the wrapped DEK does not authenticate
   */
  unwrap(kekId: string, subjectId: string, wrapped: Uint8Array): Promise<Uint8Array>;
  /**
   * Rewraps a stored value (every DEK in it, of either suite) under another KEK: KEK rotation
   * and company handover use this so a value keeps its suites.
   * @param into - the keyring holding `newKekId` when it is another one (a handover's buyer); default this one
   * @throws PiiError KEY_NOT_FOUND when a KEK is not held; KEY_INVALID when the value does not authenticate
   */
  rewrap(
    kekId: string,
    subjectId: string,
    wrapped: Uint8Array,
    newKekId: string,
    into?: Keyring,
  ): Promise<Uint8Array>;
}

/** The algorithm suite of a vault: `'default'` (XChaCha20-Poly1305, SHA-256) or `'gm'` (SM4-GCM, SM3). */
export type VaultSuite = 'default' | 'gm';

/** Per-suite wrapping of one DEK, behind a keyring (key records with both suites need it). @internal */
export interface SuiteWrapper {
  wrap(kekId: string, subjectId: string, dek: Uint8Array, suite: SuiteByte): Promise<Uint8Array>;
  unwrap(kekId: string, subjectId: string, wrapped: Uint8Array, suite: SuiteByte): Promise<Uint8Array>;
}

// A registered symbol, not a module-local WeakMap: a keyring made by the ESM build still works in
// the CJS build's vault, and through a Proxy or a wrapper that forwards property reads.
const SUITES = Symbol.for('courier-pii/keyring-suites');

/** The per-suite wrapper of a keyring from {@link createKeyring}. @internal */
export function suiteWrapper(keyring: Keyring): SuiteWrapper {
  const w = (keyring as { [SUITES]?: SuiteWrapper })[SUITES];
  if (!w)
    throw new PiiError(
      'INVALID_ARGUMENT',
      'A GM-suite key needs a keyring from createKeyring() (or one that forwards its properties); a custom Keyring handles suite-1 keys only.',
    );
  return w;
}

/** Unwraps every DEK of a stored value: the suite-1 one and the suite-2 one, where present. @internal */
export async function unwrapAll(
  keyring: Keyring,
  kekId: string,
  subjectId: string,
  wrapped: Uint8Array,
): Promise<{ legacy?: Uint8Array; gm?: Uint8Array }> {
  // a suite-1 value goes through the public interface, so a custom or wrapped Keyring is used as is
  if (!isGmWrapped(wrapped)) return { legacy: await keyring.unwrap(kekId, subjectId, wrapped) };
  return unwrapParts(suiteWrapper(keyring), kekId, subjectId, wrapped);
}

async function unwrapParts(
  w: SuiteWrapper,
  kekId: string,
  subjectId: string,
  wrapped: Uint8Array,
): Promise<{ legacy?: Uint8Array; gm?: Uint8Array }> {
  const parts = decodeWrapped(wrapped);
  const out: { legacy?: Uint8Array; gm?: Uint8Array } = {};
  try {
    if (parts.gm) out.gm = await w.unwrap(kekId, subjectId, parts.gm, SUITE_GM);
    if (parts.legacy) out.legacy = await w.unwrap(kekId, subjectId, parts.legacy, SUITE);
  } catch (e) {
    wipe(out.gm);
    throw e;
  }
  return out;
}

/** Wraps the DEKs of a subject into one stored value under `kekId`. @internal */
export async function wrapAll(
  keyring: Keyring,
  kekId: string,
  subjectId: string,
  deks: { legacy?: Uint8Array; gm?: Uint8Array },
): Promise<Uint8Array> {
  if (!deks.gm) return (await keyring.wrap(subjectId, deks.legacy!, kekId)).wrapped;
  const w = suiteWrapper(keyring);
  const legacy = deks.legacy ? await w.wrap(kekId, subjectId, deks.legacy, SUITE) : undefined;
  if (!deks.gm) return legacy!;
  return encodeWrapped(await w.wrap(kekId, subjectId, deks.gm, SUITE_GM), legacy);
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

/**
 * The AAD a KEK binds when wrapping a subject's DEK (docs/formats.md, "Wrapped DEK"):
 * 'cpii-kw1' for suite 1, 'cpii-kw2' for suite 2, so a DEK cannot change suite. @internal
 */
export function wrapContext(kekId: string, subjectId: string, suite: SuiteByte = SUITE): Uint8Array {
  return lengthPrefixed(suite === SUITE_GM ? 'cpii-kw2' : 'cpii-kw1', kekId, subjectId);
}

const GM_KEK_INFO = new TextEncoder().encode('cpii-kw2/sm4-kek');

/**
 * A local KEK for suite-2 DEKs: SM4-GCM (12-byte nonce, 16-byte tag) under the SM4 key
 * HKDF-SM3(KEK, salt empty, info 'cpii-kw2/sm4-kek', 16 bytes); output nonce(12) || ct || tag.
 * @internal
 */
export function localGmKekProvider(kek: LocalKek, backend: Backend): KekProvider {
  assertNonEmptyString('kek.id', kek.id);
  assertBytes('kek.key', kek.key, 32);
  const gm = selectGmBackend(backend.name);
  const key = gm.hkdfSm3(kek.key, new Uint8Array(0), GM_KEK_INFO, 16);
  return {
    id: kek.id,
    wrap(dek, context) {
      const nonce = backend.randomBytes(12);
      return gm.sm4GcmSeal(key, nonce, context, dek, nonce);
    },
    unwrap(wrapped, context) {
      const pt =
        wrapped.length === 12 + 32 + 16
          ? gm.sm4GcmOpen(key, wrapped.subarray(0, 12), context, wrapped, 12)
          : undefined;
      if (!pt) throw new PiiError('KEY_INVALID', 'A wrapped key did not authenticate under its KEK.');
      return pt;
    },
  };
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
  // local KEKs also wrap suite-2 DEKs, with SM4-GCM (made on first use)
  const locals = new Map<string, LocalKek>();
  const gmKeks = new Map<string, KekProvider>();
  const add = (k: LocalKek | KekProvider): void => {
    const p = isProvider(k) ? k : localKekProvider(k, backend);
    assertNonEmptyString('kek.id', p.id);
    if (keks.has(p.id))
      throw new PiiError('INVALID_ARGUMENT', `KEK id "${p.id}" appears twice; ids must be unique.`);
    keks.set(p.id, p);
    if (!isProvider(k)) locals.set(p.id, { id: p.id, key: new Uint8Array(k.key) });
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
  const forSuite = (id: string, suite: SuiteByte): KekProvider => {
    const p = need(id);
    const local = locals.get(id);
    if (suite !== SUITE_GM || !local) return p;
    let g = gmKeks.get(id);
    if (!g) {
      g = localGmKekProvider(local, backend);
      gmKeks.set(id, g);
    }
    return g;
  };
  const wrapper: SuiteWrapper = {
    async wrap(kekId, subjectId, dek, suite) {
      return new Uint8Array(await forSuite(kekId, suite).wrap(dek, wrapContext(kekId, subjectId, suite)));
    },
    async unwrap(kekId, subjectId, wrapped, suite) {
      const p = forSuite(kekId, suite);
      let dek: Uint8Array;
      try {
        dek = await p.unwrap(wrapped, wrapContext(kekId, subjectId, suite));
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
  const ring: Keyring = {
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
      locals.delete(id);
      gmKeks.delete(id);
    },
    async wrap(subjectId, dek, kekId = active, suite = 'default') {
      if (suite !== 'default' && suite !== 'gm')
        throw new PiiError('INVALID_ARGUMENT', "suite must be 'default' or 'gm'.");
      const wrapped =
        suite === 'gm'
          ? encodeWrapped(await wrapper.wrap(kekId, subjectId, dek, SUITE_GM))
          : await wrapper.wrap(kekId, subjectId, dek, SUITE);
      return { kekId, wrapped };
    },
    async unwrap(kekId, subjectId, wrapped) {
      const deks = await unwrapParts(wrapper, kekId, subjectId, wrapped);
      if (deks.gm) {
        wipe(deks.legacy);
        return deks.gm;
      }
      return deks.legacy!;
    },
    async rewrap(kekId, subjectId, wrapped, newKekId, into = ring) {
      if (!into.has(newKekId))
        throw new PiiError('KEY_NOT_FOUND', `No KEK "${newKekId}" in the keyring; add it before using it.`);
      const deks = await unwrapParts(wrapper, kekId, subjectId, wrapped);
      try {
        return await wrapAll(into, newKekId, subjectId, deks);
      } finally {
        wipe(deks.legacy);
        wipe(deks.gm);
      }
    },
  };
  Object.defineProperty(ring, SUITES, { value: wrapper });
  return ring;
}

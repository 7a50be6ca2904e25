// KEKs that never leave an HSM: an AES-256 key inside a PKCS#11 token wraps and unwraps DEKs
// with CKM_AES_GCM, the wrap context bound as GCM additional data. Output: iv(12) || ct || tag(16).
// The binding (pkcs11js) is an optional peer dependency, loaded when a provider is opened.
import type { KekProvider } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { checkOptions } from '../_internal/options.js';
import { PKCS11_OPTIONS } from './option-names.js';

/** Options of {@link pkcs11KekProvider}. */
export interface Pkcs11KekOptions {
  /** Path of the token's PKCS#11 module, e.g. `/usr/lib/softhsm/libsofthsm2.so`. */
  library: string;
  /** Label of the token to use (give this or `slot`). */
  token?: string;
  /** Slot id to use (give this or `token`). */
  slot?: number;
  /** User PIN. */
  pin: string;
  /** CKA_LABEL of the AES-256 secret key that is the KEK. */
  keyLabel: string;
  /** KEK id written next to every wrapped DEK (default `keyLabel`). */
  id?: string;
  /** Generate the key in the token (sensitive, non-extractable) when it is missing (default false). */
  create?: boolean;
}

/** A {@link KekProvider} backed by a PKCS#11 token; close it to log out and free the session. */
export interface Pkcs11KekProvider extends KekProvider {
  /** Logs out, closes the session and finalizes the library when no other provider uses it. */
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: the binding's types are not a dependency of this package
type Any = any;

const libraries = new Map<string, { p11: Any; mod: Any; refs: number }>();

async function loadLibrary(path: string): Promise<{ p11: Any; mod: Any }> {
  const have = libraries.get(path);
  if (have) {
    have.refs++;
    return have;
  }
  let mod: Any;
  try {
    const m: Any = await import('pkcs11js');
    mod = m.default ?? m;
  } catch (cause) {
    throw new PiiError(
      'BACKEND_UNAVAILABLE',
      'pkcs11KekProvider needs the optional peer dependency pkcs11js 2.x: run `npm install pkcs11js@2`.',
      { cause },
    );
  }
  const p11 = new mod.PKCS11();
  try {
    p11.load(path);
  } catch (cause) {
    throw new PiiError(
      'BACKEND_UNAVAILABLE',
      'The PKCS#11 module could not be loaded; check the library path.',
      { cause },
    );
  }
  try {
    p11.C_Initialize();
  } catch (cause) {
    if (!String((cause as Error)?.message).includes('CKR_CRYPTOKI_ALREADY_INITIALIZED')) {
      throw new PiiError(
        'BACKEND_UNAVAILABLE',
        'The PKCS#11 module failed to initialize; check its configuration (for SoftHSM2, SOFTHSM2_CONF).',
        { cause },
      );
    }
  }
  const entry = { p11, mod, refs: 1 };
  libraries.set(path, entry);
  return entry;
}

function release(path: string): void {
  const e = libraries.get(path);
  if (!e) return;
  e.refs--;
  if (e.refs > 0) return;
  libraries.delete(path);
  try {
    e.p11.C_Finalize();
  } catch {
    // already finalized elsewhere
  }
  try {
    e.p11.close();
  } catch {
    // nothing left to free
  }
}

const randomIv = (): Buffer => {
  const iv = Buffer.alloc(12);
  globalThis.crypto.getRandomValues(iv);
  return iv;
};

/**
 * Opens a KEK held in an HSM (any PKCS#11 token: SoftHSM2, a network HSM, a smart card). DEKs
 * are wrapped and unwrapped inside the token with AES-256-GCM; the KEK bytes never reach this
 * process. Add the result to `createKeyring({ keks: [provider], active: provider.id })`.
 *
 * @param options - library path, token label or slot, PIN, key label
 * @returns a {@link Pkcs11KekProvider}
 * @throws PiiError INVALID_ARGUMENT for missing options; BACKEND_UNAVAILABLE when pkcs11js or the module cannot be loaded; KEY_NOT_FOUND when the token or key does not exist; STORE_UNAVAILABLE when login fails
 * @example
 * ```ts
 * import { createKeyring } from 'courier-pii/crypto';
 * import { pkcs11KekProvider } from 'courier-pii/stores';
 * const hsm = await pkcs11KekProvider({
 *   library: process.env.COURIER_PII_PKCS11_LIB ?? '/usr/lib/softhsm/libsofthsm2.so',
 *   token: process.env.COURIER_PII_PKCS11_TOKEN ?? 'courier-pii-test',
 *   pin: process.env.COURIER_PII_PKCS11_PIN ?? '1234',
 *   keyLabel: 'kek-example', create: true,
 * });
 * const keyring = createKeyring({ keks: [hsm], active: hsm.id });
 * console.log(keyring.activeId); // kek-example
 * await hsm.close();
 * ```
 */
export async function pkcs11KekProvider(options: Pkcs11KekOptions): Promise<Pkcs11KekProvider> {
  checkOptions('pkcs11KekProvider', options, PKCS11_OPTIONS);
  const o = options;
  if (!o || typeof o.library !== 'string' || o.library.length === 0)
    throw new PiiError(
      'INVALID_ARGUMENT',
      'pkcs11KekProvider needs { library }: the path of the PKCS#11 module.',
    );
  if ((o.token === undefined) === (o.slot === undefined))
    throw new PiiError(
      'INVALID_ARGUMENT',
      'pkcs11KekProvider needs exactly one of { token } (label) or { slot }.',
    );
  if (typeof o.pin !== 'string' || o.pin.length === 0)
    throw new PiiError('INVALID_ARGUMENT', 'pkcs11KekProvider needs { pin }.');
  if (typeof o.keyLabel !== 'string' || o.keyLabel.length === 0)
    throw new PiiError('INVALID_ARGUMENT', 'pkcs11KekProvider needs { keyLabel }.');
  const id = o.id ?? o.keyLabel;
  const { p11, mod } = await loadLibrary(o.library);
  let session: Any;
  try {
    const slots: Any[] = p11.C_GetSlotList(true);
    const slot =
      o.slot !== undefined
        ? slots.find((s) => Buffer.from(s).readUInt32LE(0) === o.slot || Number(s) === o.slot)
        : slots.find((s) => String(p11.C_GetTokenInfo(s).label).trim() === o.token);
    if (slot === undefined)
      throw new PiiError(
        'KEY_NOT_FOUND',
        'No PKCS#11 token with that label or slot; check the token configuration.',
      );
    session = p11.C_OpenSession(slot, mod.CKF_SERIAL_SESSION | mod.CKF_RW_SESSION);
    try {
      p11.C_Login(session, mod.CKU_USER, o.pin);
    } catch (cause) {
      if (!String((cause as Error)?.message).includes('CKR_USER_ALREADY_LOGGED_IN')) {
        throw new PiiError('STORE_UNAVAILABLE', 'Logging in to the PKCS#11 token failed; check the PIN.', {
          cause,
        });
      }
    }
    const label = Buffer.from(o.keyLabel, 'utf8');
    p11.C_FindObjectsInit(session, [
      { type: mod.CKA_CLASS, value: mod.CKO_SECRET_KEY },
      { type: mod.CKA_LABEL, value: label },
    ]);
    const found: Any[] = p11.C_FindObjects(session, 2);
    p11.C_FindObjectsFinal(session);
    if (found.length > 1)
      throw new PiiError(
        'INVALID_ARGUMENT',
        'More than one key in the token has that label; give each KEK a unique label.',
      );
    let key = found[0];
    if (key === undefined) {
      if (!o.create)
        throw new PiiError(
          'KEY_NOT_FOUND',
          'No secret key with that label in the token; create it (or pass create: true).',
        );
      key = p11.C_GenerateKey(session, { mechanism: mod.CKM_AES_KEY_GEN }, [
        { type: mod.CKA_CLASS, value: mod.CKO_SECRET_KEY },
        { type: mod.CKA_KEY_TYPE, value: mod.CKK_AES },
        { type: mod.CKA_VALUE_LEN, value: 32 },
        { type: mod.CKA_LABEL, value: label },
        { type: mod.CKA_TOKEN, value: true },
        { type: mod.CKA_PRIVATE, value: true },
        { type: mod.CKA_SENSITIVE, value: true },
        { type: mod.CKA_EXTRACTABLE, value: false },
        { type: mod.CKA_ENCRYPT, value: true },
        { type: mod.CKA_DECRYPT, value: true },
      ]);
    }
    const gcm = (iv: Buffer, aad: Uint8Array) => ({
      mechanism: mod.CKM_AES_GCM,
      parameter: { type: mod.CK_PARAMS_AES_GCM, iv, ivBits: 96, aad: Buffer.from(aad), tagBits: 128 },
    });
    let closed = false;
    const live = (): void => {
      if (closed)
        throw new PiiError('STORE_UNAVAILABLE', 'This PKCS#11 KEK provider was closed; open a new one.');
    };
    return {
      id,
      wrap(dek, context) {
        live();
        const iv = randomIv();
        // pkcs11js calls are synchronous, so two wraps never interleave on the one session.
        p11.C_EncryptInit(session, gcm(iv, context), key);
        const ct: Buffer = p11.C_Encrypt(session, Buffer.from(dek), Buffer.alloc(dek.length + 16));
        const out = new Uint8Array(12 + ct.length);
        out.set(iv, 0);
        out.set(ct, 12);
        return out;
      },
      unwrap(wrapped, context) {
        live();
        if (wrapped.length !== 12 + 32 + 16)
          throw new PiiError('KEY_INVALID', 'A wrapped key did not authenticate under its KEK.');
        try {
          p11.C_DecryptInit(session, gcm(Buffer.from(wrapped.subarray(0, 12)), context), key);
          const pt: Buffer = p11.C_Decrypt(
            session,
            Buffer.from(wrapped.subarray(12)),
            Buffer.alloc(wrapped.length),
          );
          return new Uint8Array(pt);
        } catch (cause) {
          throw new PiiError('KEY_INVALID', 'A wrapped key did not authenticate under its KEK.', { cause });
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        try {
          p11.C_CloseSession(session);
        } finally {
          release(o.library);
        }
      },
    };
  } catch (e) {
    if (session !== undefined) {
      try {
        p11.C_CloseSession(session);
      } catch {
        // the session is gone already
      }
    }
    release(o.library);
    if (e instanceof PiiError) throw e;
    throw new PiiError(
      'BACKEND_UNAVAILABLE',
      'Opening the PKCS#11 KEK failed; check the token, PIN and key label.',
      { cause: e },
    );
  }
}

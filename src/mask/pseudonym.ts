// Keyed pseudonyms (PIPL Art. 73 去标识化: re-identifiable only with the key, so this is
// pseudonymization, not anonymization). The only file of the mask module that imports
// @noble/*: masking and detection stay free of crypto code.
import { FF1 } from '@noble/ciphers/ff1.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import { type Kind, isKind, normalizeFor } from '../schema/index.js';
import { checkOptions, optionNames } from '../_internal/options.js';

const PSEUDONYM_OPTIONS = optionNames<PseudonymOptions>()(['format']);

/** Options for {@link pseudonymize}. */
export interface PseudonymOptions {
  /**
   * `token` (default): `<kind>_<26 base32 chars>`, 130 bits of HMAC-SHA256, irreversible.
   * `preserve` (phones only): an 11-digit mobile-shaped number made with FF1
   * format-preserving encryption; anyone with the key can reverse it, so it is weaker than a
   * token and meant only for systems that insist on a phone-shaped value.
   */
  format?: 'token' | 'preserve';
}

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
type Mac = ReturnType<typeof hmac.create>;
const macs = new WeakMap<Uint8Array, Mac>();

function macFor(key: Uint8Array): Mac {
  let m = macs.get(key);
  if (!m) {
    m = hmac.create(sha256, key);
    macs.set(key, m);
  }
  return m;
}

function checkKey(key: unknown): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array) || key.length < 16) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      'key must be a Uint8Array of at least 16 bytes (use 32 random bytes).',
    );
  }
}

function canonical(value: string, kind: Kind | undefined): string {
  if (kind && kind !== 'custom' && kind !== 'freeText') {
    try {
      return normalizeFor(kind, value);
    } catch {
      // not valid for the kind: fall through to plain text normalization
    }
  }
  return value.normalize('NFC').trim();
}

function base32(bytes: Uint8Array, chars: number): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length && out.length < chars; i++) {
    acc = (acc << 8) | bytes[i]!;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += B32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/**
 * Replaces a value with a keyed, stable, kind-prefixed pseudonym: the same value, kind and key
 * always give the same token (so records can still be joined and counted), and without the
 * key the token reveals nothing. Values are normalized per kind first (+86 138 1234 5678 and
 * 13812345678 give one token). This is pseudonymization (PIPL Art. 73), not anonymization:
 * whoever holds the key can test guesses.
 *
 * @param value - the value
 * @param key - a secret of at least 16 bytes (32 random bytes recommended), kept apart from the data
 * @param kind - the kind of the value (default `custom`); it prefixes the token and separates domains
 * @param opts - `format: 'preserve'` for an FF1 phone-shaped pseudonym (phones only)
 * @returns `<kind>_<26 base32 characters>`, or an 11-digit number for `preserve`
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string, the key is not a
 *   Uint8Array of at least 16 bytes, or `preserve` is asked for a value that is not a
 *   mainland mobile
 * @throws PiiError MASK_UNSUPPORTED when `kind` is not a known kind
 * @example
 * ```ts
 * import { pseudonymize } from 'courier-pii/mask';
 * const key = new Uint8Array(32).fill(7);
 * console.log(pseudonymize('13812345678', key, 'phone').startsWith('phone_')); // true
 * ```
 */
export function pseudonymize(
  value: string,
  key: Uint8Array,
  kind: Kind = 'custom',
  opts?: PseudonymOptions,
): string {
  if (typeof value !== 'string') throw new PiiError('INVALID_ARGUMENT', 'value must be a string.');
  checkKey(key);
  checkOptions('pseudonymize', opts, PSEUDONYM_OPTIONS);
  if (!isKind(kind)) throw new PiiError('MASK_UNSUPPORTED', 'kind must be one of the schema kinds.');
  const v = canonical(value, kind);
  if (opts?.format === 'preserve') return preservePhone(v, key, kind);
  const mac = macFor(key).clone();
  mac.update(utf8(`courier-pii/pseudonym/v1\u0000${kind}\u0000`));
  mac.update(utf8(v));
  return `${kind}_${base32(mac.digest(), 26)}`;
}

function preservePhone(v: string, key: Uint8Array, kind: Kind): string {
  const m = /^(?:\+86)?(1[3-9]\d)(\d{8})$/.exec(v);
  if (kind !== 'phone' || !m) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      "format 'preserve' needs kind 'phone' and a mainland mobile number.",
    );
  }
  // FF1 (NIST SP 800-38G) over the 8 subscriber digits, AES key derived from the caller's key,
  // the 3-digit prefix as tweak: the output keeps the carrier prefix and stays a valid mobile.
  const mac = macFor(key).clone();
  mac.update(utf8('courier-pii/pseudonym/ff1-key/v1'));
  const aesKey = mac.digest().subarray(0, 16);
  const ff1 = FF1(10, aesKey, utf8(m[1]!));
  const out = ff1.encrypt([...m[2]!].map(Number));
  return m[1]! + out.join('');
}

// The GM primitives (SM3, HMAC-SM3, HKDF-SM3, SM4, SM4-GCM) on the same two backends as the
// default suite: node:crypto where OpenSSL has the primitive (SM3, SM4-ECB, SM4-CTR) and pure JS
// (./sm3.ts, ./sm4.ts on @noble) everywhere. GCM and GHASH are shared code (./sm4-gcm.ts, ./ghash.ts), so
// only the block cipher and the hash differ; test/crypto/gm/primitives.test.ts holds the two
// backends to the standards' examples, to each other and to an independent library.
// SM2 is not here: Node 20's sign() with an SM2-curve key makes an ECDSA-with-SM3 signature, not
// a GB/T 32918.2 one (no Z_A, different equation), so SM2 runs on @noble/curves everywhere (./sm2.ts).
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { pickBackend } from '../../_internal/backend-choice.js';
import { builtinModule } from '../../_internal/builtin.js';
import { PiiError } from '../../errors.js';
import type { BackendChoice, BackendName } from '../backend.js';
import { sm3 } from './sm3.js';
import { sm4Block, sm4DecryptKeys, sm4RoundKeys } from './sm4.js';
import { type Sm4Core, type Sm4GcmKeyed, sm4GcmKeyed, sm4GcmOpen, sm4GcmSeal } from './sm4-gcm.js';

/** The GM primitive operations, identical bytes on both backends. @internal */
export interface GmBackend {
  readonly name: BackendName;
  sm3(msg: Uint8Array): Uint8Array;
  hmacSm3(key: Uint8Array, msg: Uint8Array): Uint8Array;
  /** HMAC-SM3 with the key set up once (blind indexes); strings are hashed as UTF-8. */
  hmacSm3Keyed(key: Uint8Array): (msg: Uint8Array | string) => Uint8Array;
  /** HKDF (RFC 5869) over HMAC-SM3. */
  hkdfSm3(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array;
  /** SM4 encryption of whole 16-byte blocks (ECB, no padding): the raw block cipher. */
  sm4Encrypt(key: Uint8Array, blocks: Uint8Array): Uint8Array;
  /** SM4 decryption of whole 16-byte blocks (ECB, no padding). */
  sm4Decrypt(key: Uint8Array, blocks: Uint8Array): Uint8Array;
  /** SM4 with the key schedule done once: ECB encryption and decryption of whole blocks. */
  sm4Keyed(key: Uint8Array): Sm4Keyed;
  /** SM4-GCM (RFC 8998) with a 12-byte nonce; returns `prefix || ct || tag`. */
  sm4GcmSeal(
    key: Uint8Array,
    nonce12: Uint8Array,
    aad: Uint8Array,
    pt: Uint8Array,
    prefix?: Uint8Array,
  ): Uint8Array;
  /** SM4-GCM under one 16-byte key set up once (field and stream keys); same bytes as sm4GcmSeal. */
  sm4GcmKeyed(key: Uint8Array, bulk?: boolean): Sm4GcmKeyed;
  /** Opens `ct || tag` (from offset `from`); undefined when authentication fails. */
  sm4GcmOpen(
    key: Uint8Array,
    nonce12: Uint8Array,
    aad: Uint8Array,
    ctTag: Uint8Array,
    from?: number,
  ): Uint8Array | undefined;
}

/** SM4 under one key, set up once (the 1,000,000-iteration example, KEK wrapping). @internal */
export interface Sm4Keyed {
  encrypt(blocks: Uint8Array): Uint8Array;
  decrypt(blocks: Uint8Array): Uint8Array;
}

function checkBlocks(key: Uint8Array, blocks: Uint8Array): void {
  if (key.length !== 16) throw new PiiError('INVALID_ARGUMENT', 'SM4 needs a 16-byte key.');
  if (blocks.length % 16 !== 0) throw new PiiError('INVALID_ARGUMENT', 'SM4 works on whole 16-byte blocks.');
}

function ecbWith(rk: Uint32Array, blocks: Uint8Array): Uint8Array {
  const out = new Uint8Array(blocks.length);
  for (let o = 0; o < blocks.length; o += 16) sm4Block(rk, blocks, o, out, o);
  return out;
}

const nobleCore: Sm4Core = {
  ecb: (key, blocks) => ecbWith(sm4RoundKeys(key), blocks),
  ctr(key, counter16, data) {
    const rk = sm4RoundKeys(key);
    const ctr = new Uint8Array(counter16);
    const ks = new Uint8Array(16);
    const out = new Uint8Array(data.length);
    for (let o = 0; o < data.length; o += 16) {
      sm4Block(rk, ctr, 0, ks, 0);
      const n = Math.min(16, data.length - o);
      for (let i = 0; i < n; i++) out[o + i] = data[o + i]! ^ ks[i]!;
      for (let i = 15; i >= 0; i--)
        if (++ctr[i]! !== 256) break;
        else ctr[i] = 0;
    }
    return out;
  },
};

const enc = new TextEncoder();

/** GM primitives in pure JS (@noble/hashes, ./ghash.ts, ./sm3.ts, ./sm4.ts). @internal */
export const nobleGm: GmBackend = {
  name: 'noble',
  sm3: (msg) => sm3(msg),
  hmacSm3: (key, msg) => hmac(sm3, key, msg),
  hmacSm3Keyed(key) {
    const base = hmac.create(sm3, key);
    return (msg) =>
      base
        .clone()
        .update(typeof msg === 'string' ? enc.encode(msg) : msg)
        .digest();
  },
  hkdfSm3: (ikm, salt, info, length) => hkdf(sm3, ikm, salt, info, length),
  sm4Encrypt(key, blocks) {
    checkBlocks(key, blocks);
    return ecbWith(sm4RoundKeys(key), blocks);
  },
  sm4Decrypt(key, blocks) {
    checkBlocks(key, blocks);
    return ecbWith(sm4DecryptKeys(sm4RoundKeys(key)), blocks);
  },
  sm4Keyed(key) {
    checkBlocks(key, new Uint8Array(0));
    const rk = sm4RoundKeys(key);
    const dk = sm4DecryptKeys(rk);
    return {
      encrypt(blocks) {
        checkBlocks(key, blocks);
        return ecbWith(rk, blocks);
      },
      decrypt(blocks) {
        checkBlocks(key, blocks);
        return ecbWith(dk, blocks);
      },
    };
  },
  sm4GcmSeal: (key, nonce12, aad, pt, prefix) => sm4GcmSeal(nobleCore, key, nonce12, aad, pt, prefix),
  sm4GcmOpen: (key, nonce12, aad, ctTag, from) => sm4GcmOpen(nobleCore, key, nonce12, aad, ctTag, from),
  sm4GcmKeyed(key, bulk) {
    checkBlocks(key, new Uint8Array(0));
    const rk = sm4RoundKeys(key);
    return sm4GcmKeyed((blocks) => ecbWith(rk, blocks), bulk);
  },
};

type NodeCrypto = typeof import('node:crypto');
const nodeCrypto = builtinModule<NodeCrypto>('node:crypto');

const u8 = (b: Uint8Array | ArrayBuffer): Uint8Array => (b instanceof Uint8Array ? b : new Uint8Array(b));

function makeNodeGm(c: NodeCrypto): GmBackend {
  const ecb = (mode: 'enc' | 'dec', key: Uint8Array, blocks: Uint8Array): Uint8Array => {
    const x =
      mode === 'enc' ? c.createCipheriv('sm4-ecb', key, null) : c.createDecipheriv('sm4-ecb', key, null);
    x.setAutoPadding(false);
    const out = x.update(blocks);
    x.final();
    return out;
  };
  const core: Sm4Core = {
    ecb: (key, blocks) => ecb('enc', key, blocks),
    ctr: (key, counter16, data) => c.createCipheriv('sm4-ctr', key, counter16).update(data),
  };
  return {
    name: 'node',
    sm3: (msg) => c.createHash('sm3').update(msg).digest(),
    hmacSm3: (key, msg) => c.createHmac('sm3', key).update(msg).digest(),
    hmacSm3Keyed(key) {
      const k = c.createSecretKey(key);
      return (msg) => c.createHmac('sm3', k).update(msg).digest();
    },
    hkdfSm3: (ikm, salt, info, length) => u8(c.hkdfSync('sm3', ikm, salt, info, length)),
    sm4Encrypt(key, blocks) {
      checkBlocks(key, blocks);
      return ecb('enc', key, blocks);
    },
    sm4Decrypt(key, blocks) {
      checkBlocks(key, blocks);
      return ecb('dec', key, blocks);
    },
    sm4Keyed(key) {
      checkBlocks(key, new Uint8Array(0));
      // ECB without padding returns each whole block from update(), so one cipher object per
      // direction serves every call; final() is never needed.
      const e = c.createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
      const d = c.createDecipheriv('sm4-ecb', key, null).setAutoPadding(false);
      return {
        encrypt(blocks) {
          checkBlocks(key, blocks);
          return e.update(blocks);
        },
        decrypt(blocks) {
          checkBlocks(key, blocks);
          return d.update(blocks);
        },
      };
    },
    sm4GcmSeal: (key, nonce12, aad, pt, prefix) => sm4GcmSeal(core, key, nonce12, aad, pt, prefix),
    sm4GcmOpen: (key, nonce12, aad, ctTag, from) => sm4GcmOpen(core, key, nonce12, aad, ctTag, from),
    sm4GcmKeyed(key, bulk) {
      checkBlocks(key, new Uint8Array(0));
      // one ECB cipher object per key: without padding, update() returns every whole block
      const e = c.createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
      // up to four blocks (a field of up to 48 bytes) the JS block cipher is faster than a native
      // call (about 0.3 against 1.6 µs for two blocks); same bytes, both tested against OpenSSL
      const rk = sm4RoundKeys(key);
      const ecb = (blocks: Uint8Array): Uint8Array =>
        blocks.length <= 64 ? ecbWith(rk, blocks) : e.update(blocks);
      // blob chunks: OpenSSL's sm4-ctr makes and applies the keystream (a key object, so callers may wipe `key`)
      const k = c.createSecretKey(key);
      return sm4GcmKeyed(ecb, bulk, (counter16, data) =>
        c.createCipheriv('sm4-ctr', k, counter16).update(data),
      );
    },
  };
}

/** Whether this Node's OpenSSL has every native GM primitive used here. */
function hasNativeGm(c: NodeCrypto): boolean {
  try {
    const ciphers = c.getCiphers();
    return c.getHashes().includes('sm3') && ciphers.includes('sm4-ecb') && ciphers.includes('sm4-ctr');
  } catch {
    return false;
  }
}

/** The node:crypto GM backend, or undefined outside Node or when OpenSSL lacks SM3/SM4. @internal */
export const nodeGm: GmBackend | undefined =
  nodeCrypto && hasNativeGm(nodeCrypto) ? makeNodeGm(nodeCrypto) : undefined;

/**
 * Resolves a backend choice for the GM primitives.
 * @internal
 * @throws PiiError BACKEND_UNAVAILABLE when `'node'` is forced where OpenSSL has no SM3/SM4.
 */
export function selectGmBackend(choice: BackendChoice = 'auto'): GmBackend {
  return pickBackend(
    choice,
    nodeGm,
    nobleGm,
    "node:crypto here has no SM3/SM4 (OpenSSL built without them); use backend: 'noble' or 'auto'.",
  );
}

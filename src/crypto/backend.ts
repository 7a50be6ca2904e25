// The two implementations of the primitives courier-pii uses (docs/formats.md):
// @noble (reference, every runtime) and node:crypto (native, Node only). Both produce the same
// bytes; test/crypto/backend.test.ts runs the Wycheproof vectors and cross-decrypts.
import { chacha20poly1305, hchacha } from '@noble/ciphers/chacha.js';
import { randomBytes as nobleRandom } from '@noble/ciphers/utils.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { pickBackend } from '../_internal/backend-choice.js';
import { builtinModule } from '../_internal/builtin.js';
import { toBase64url } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';

/** Which implementation of the primitives a vault uses. */
export type BackendName = 'noble' | 'node';

/** Backend choice: a named one, or `'auto'` (node:crypto when available, else noble). */
export type BackendChoice = BackendName | 'auto';

/** A keyed HMAC-SHA256 whose key is set up once; strings are hashed as UTF-8. @internal */
export type HmacFn = (msg: Uint8Array | string) => Uint8Array;

/** The primitive operations, identical bytes on both backends. @internal */
export interface Backend {
  readonly name: BackendName;
  randomBytes(n: number): Uint8Array;
  /** ChaCha20-Poly1305 (RFC 8439) with a 12-byte nonce; returns `prefix || ct || tag`. */
  chachaSeal(
    key: Uint8Array,
    nonce12: Uint8Array,
    aad: Uint8Array,
    pt: Uint8Array,
    prefix?: Uint8Array,
  ): Uint8Array;
  /** ChaCha20-Poly1305 returning the output in pieces (`[ct, tag]` on node), avoiding a copy for blobs. */
  chachaSealParts(key: Uint8Array, nonce12: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array[];
  /** Opens `ct || tag` (the bytes of `ctTag` from offset `from`, default 0); undefined when authentication fails. */
  chachaOpen(
    key: Uint8Array,
    nonce12: Uint8Array,
    aad: Uint8Array,
    ctTag: Uint8Array,
    from?: number,
  ): Uint8Array | undefined;
  /** HChaCha20 (draft-irtf-cfrg-xchacha §2.2): 32-byte key, 16-byte input → 32-byte subkey. */
  hchacha(key: Uint8Array, nonce16: Uint8Array): Uint8Array;
  hmacSha256(key: Uint8Array, msg: Uint8Array): Uint8Array;
  /** HMAC-SHA256 with the key pre-initialised once (blind indexes). */
  hmacKeyed(key: Uint8Array): HmacFn;
  /** As {@link Backend.hmacKeyed}, returning the full tag as unpadded base64url (two one-shot hashes on node). */
  hmacKeyedB64(key: Uint8Array): (msg: string | Uint8Array) => string;
  /** HKDF-SHA256 (RFC 5869). */
  hkdf(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array;
  sha256(msg: Uint8Array): Uint8Array;
}

// "expand 32-byte k" as little-endian words (RFC 8439 §2.3).
const SIGMA = new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]);
const isLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function words(b: Uint8Array): Uint32Array {
  const copy = new Uint8Array(b); // aligned copy
  const w = new Uint32Array(copy.buffer, 0, copy.length / 4);
  if (!isLE) for (let i = 0; i < w.length; i++) w[i] = swap(w[i]!);
  return w;
}
function swap(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

function checkSizes(key: Uint8Array, nonce12: Uint8Array): void {
  if (key.length !== 32 || nonce12.length !== 12) {
    throw new PiiError('INVALID_ARGUMENT', 'ChaCha20-Poly1305 needs a 32-byte key and a 12-byte nonce.');
  }
}

function nobleHchacha(key: Uint8Array, nonce16: Uint8Array): Uint8Array {
  const out = new Uint32Array(8);
  hchacha(SIGMA, words(key), words(nonce16), out);
  if (!isLE) for (let i = 0; i < 8; i++) out[i] = swap(out[i]!);
  return new Uint8Array(out.buffer);
}

/** The pure-JS reference backend (@noble/ciphers, @noble/hashes). */
export const nobleBackend: Backend = {
  name: 'noble',
  randomBytes: (n) => nobleRandom(n),
  chachaSeal(key, nonce12, aad, pt, prefix) {
    checkSizes(key, nonce12);
    const p = prefix?.length ?? 0;
    const out = new Uint8Array(p + pt.length + 16);
    if (prefix) out.set(prefix);
    chacha20poly1305(key, nonce12, aad).encrypt(pt, out.subarray(p));
    return out;
  },
  chachaSealParts(key, nonce12, aad, pt) {
    return [nobleBackend.chachaSeal(key, nonce12, aad, pt)];
  },
  chachaOpen(key, nonce12, aad, ctTag, from = 0) {
    if (ctTag.length - from < 16 || key.length !== 32 || nonce12.length !== 12) return undefined;
    try {
      return chacha20poly1305(key, nonce12, aad).decrypt(from === 0 ? ctTag : ctTag.subarray(from));
    } catch {
      return undefined;
    }
  },
  hchacha: nobleHchacha,
  hmacSha256: (key, msg) => hmac(sha256, key, msg),
  hmacKeyed(key) {
    const base = hmac.create(sha256, key);
    const enc = new TextEncoder();
    return (msg) =>
      base
        .clone()
        .update(typeof msg === 'string' ? enc.encode(msg) : msg)
        .digest();
  },
  hmacKeyedB64(key) {
    const f = nobleBackend.hmacKeyed(key);
    return (msg) => toBase64url(f(msg));
  },
  hkdf: (ikm, salt, info, length) => hkdf(sha256, ikm, salt, info, length),
  sha256: (msg) => sha256(msg),
};

type NodeCrypto = typeof import('node:crypto');
const nodeCrypto = builtinModule<NodeCrypto>('node:crypto');

function u8(b: Uint8Array | ArrayBuffer): Uint8Array {
  return b instanceof Uint8Array ? b : new Uint8Array(b);
}

const U8_SUBARRAY = Uint8Array.prototype.subarray;
const SCRATCH = 256;

/**
 * HMAC-SHA256 exactly as RFC 2104 / FIPS 198-1 define it, H((K ^ opad) || H((K ^ ipad) || m)),
 * computed with two calls of node's one-shot `crypto.hash` over pre-padded key blocks. Same
 * bytes as `createHmac` (the Wycheproof HMAC vectors run on it), about twice as fast for short
 * messages because no Hmac object is created per call. Undefined where `crypto.hash` is missing
 * (Node < 20.12, other runtimes' node:crypto) or the key is longer than a block; the caller
 * then uses `createHmac`. The message bytes are wiped from the scratch block after each call,
 * and the call is synchronous, so one scratch block per key is never used by two calls at once.
 */
function oneShotHmacB64(c: NodeCrypto, key: Uint8Array): ((msg: string | Uint8Array) => string) | undefined {
  const hash = (c as { hash?: (alg: string, data: Uint8Array, enc: string) => string }).hash;
  if (typeof hash !== 'function' || key.length > 64) return undefined;
  const inner = Buffer.alloc(64 + SCRATCH, 0x36);
  const outer = Buffer.alloc(64 + 32, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i] = inner[i]! ^ key[i]!;
    outer[i] = outer[i]! ^ key[i]!;
  }
  const k = c.createSecretKey(key);
  return (msg) => {
    let n: number;
    if (typeof msg === 'string') {
      // at most 3 bytes of UTF-8 per UTF-16 unit: longer messages take the streaming path
      if (msg.length * 3 > SCRATCH) return c.createHmac('sha256', k).update(msg).digest('base64url');
      n = inner.write(msg, 64, 'utf8');
    } else {
      if (msg.length > SCRATCH) return c.createHmac('sha256', k).update(msg).digest('base64url');
      inner.set(msg, 64);
      n = msg.length;
    }
    const ih = hash('sha256', U8_SUBARRAY.call(inner, 0, 64 + n), 'latin1');
    inner.fill(0, 64, 64 + n);
    outer.write(ih, 64, 'latin1');
    return hash('sha256', outer, 'base64url');
  };
}

const TAG16 = Object.freeze({ authTagLength: 16 });
// setAAD needs plaintextLength only for CCM; for ChaCha20-Poly1305 the options object is skipped
// (one allocation and option parse less per field).
type AadOnly = { setAAD(aad: Uint8Array): unknown };

function makeNodeBackend(c: NodeCrypto): Backend {
  const ZERO64 = new Uint8Array(64);
  return {
    name: 'node',
    randomBytes: (n) => u8(c.randomBytes(n)),
    chachaSeal(key, nonce12, aad, pt, prefix) {
      checkSizes(key, nonce12);
      const ci = c.createCipheriv('chacha20-poly1305', key, nonce12, TAG16);
      (ci as unknown as AadOnly).setAAD(aad);
      const ct = ci.update(pt);
      ci.final();
      const tag = ci.getAuthTag();
      const p = prefix?.length ?? 0;
      const out = Buffer.allocUnsafe(p + ct.length + 16);
      if (prefix) out.set(prefix, 0);
      out.set(ct, p);
      out.set(tag, p + ct.length);
      return out;
    },
    chachaSealParts(key, nonce12, aad, pt) {
      checkSizes(key, nonce12);
      const ci = c.createCipheriv('chacha20-poly1305', key, nonce12, TAG16);
      (ci as unknown as AadOnly).setAAD(aad);
      const ct = ci.update(pt);
      ci.final();
      return [ct, ci.getAuthTag()];
    },
    chachaOpen(key, nonce12, aad, ctTag, from = 0) {
      const end = ctTag.length - 16;
      if (end < from || key.length !== 32 || nonce12.length !== 12) return undefined;
      try {
        const d = c.createDecipheriv('chacha20-poly1305', key, nonce12, TAG16);
        (d as unknown as AadOnly).setAAD(aad);
        // plain views: Buffer#subarray costs several times more per call
        const buf = ctTag.buffer;
        const off = ctTag.byteOffset;
        d.setAuthTag(new Uint8Array(buf, off + end, 16));
        const pt = d.update(new Uint8Array(buf, off + from, end - from));
        d.final();
        return pt;
      } catch {
        return undefined;
      }
    },
    hchacha(key, nonce16) {
      // Native HChaCha20: one ChaCha20 block with the 16-byte input in words 12..15 (node's
      // 16-byte IV is exactly those words) equals rounds(state) + state; subtracting the known
      // input words 0..3 and 12..15 leaves HChaCha20's output (draft-irtf-cfrg-xchacha §2.2).
      const ks = c.createCipheriv('chacha20', key, nonce16).update(ZERO64);
      const v = new DataView(ks.buffer, ks.byteOffset, 64);
      const n = new DataView(nonce16.buffer, nonce16.byteOffset, 16);
      const out = new Uint8Array(32);
      const o = new DataView(out.buffer);
      for (let i = 0; i < 4; i++) {
        o.setUint32(i * 4, (v.getUint32(i * 4, true) - SIGMA[i]!) >>> 0, true);
        o.setUint32(16 + i * 4, (v.getUint32(48 + i * 4, true) - n.getUint32(i * 4, true)) >>> 0, true);
      }
      return out;
    },
    hmacSha256: (key, msg) => u8(c.createHmac('sha256', key).update(msg).digest()),
    hmacKeyed(key) {
      const k = c.createSecretKey(key);
      return (msg) => c.createHmac('sha256', k).update(msg).digest();
    },
    hmacKeyedB64(key) {
      const fast = oneShotHmacB64(c, key);
      if (fast) return fast;
      const k = c.createSecretKey(key);
      return (msg) => c.createHmac('sha256', k).update(msg).digest('base64url');
    },
    hkdf: (ikm, salt, info, length) => u8(c.hkdfSync('sha256', ikm, salt, info, length)),
    sha256: (msg) => c.createHash('sha256').update(msg).digest(),
  };
}

/** The node:crypto backend, or undefined outside Node. @internal */
export const nodeBackend: Backend | undefined = nodeCrypto ? makeNodeBackend(nodeCrypto) : undefined;

/**
 * Resolves a backend choice.
 * @internal
 * @throws PiiError BACKEND_UNAVAILABLE when `'node'` is forced outside Node.
 */
export function selectBackend(choice: BackendChoice = 'auto'): Backend {
  return pickBackend(
    choice,
    nodeBackend,
    nobleBackend,
    "node:crypto is not available here; use backend: 'noble' or 'auto'.",
  );
}

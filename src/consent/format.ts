// The consent token wire format, version 1 (docs/formats.md, "Consent token"). The block chain
// follows Biscuit's construction (biscuit-auth specification, "Cryptography" / "Signatures"):
// block 0 is signed by the issuer and names the public key of an ephemeral key pair; each
// later block is signed by the previous block's ephemeral key and names its own; the holder of
// an open token keeps the last ephemeral secret key, so it can append but not remove blocks.
// Unlike Biscuit, each block also commits to SHA-256 of that secret key, so checking the proof
// costs one hash instead of deriving a public key (docs/formats.md explains why).
import { concatBytes, utf8 } from '../_internal/bytes.js';
import { sm2Primitives } from '../_internal/signature.js';
import { type Ed25519Backend, verifyIssuer } from './ed25519.js';
import { type ScopeLevel, isPattern } from './scope.js';
import { Malformed, Reader, Writer, text } from './wire.js';

export const VERSION = 1;
/**
 * Version 2: the same blocks and signatures, but an open token leaves out the last block's
 * `next` public key (32 bytes), which the verifier derives from the secret key it carries. The
 * signed bytes are those of version 1, so both are encodings of one token (same revocation ids).
 */
export const VERSION_COMPACT = 2;
/**
 * Version 3: the SM2 suite. The blocks of version 1 with SM2 (GB/T 32918.2, default signer id)
 * signatures from the issuer and the ephemeral keys, 65-byte uncompressed SM2 `next` keys, and
 * SM3 (not SHA-256) for the secret-key commitment and the revocation ids. The version byte is
 * signed in every block, so a block cannot move between suites.
 */
export const VERSION_SM2 = 3;
export type TokenVersion = typeof VERSION | typeof VERSION_COMPACT | typeof VERSION_SM2;

/** The signature scheme and hash of one token version (Ed25519 + SHA-256, or SM2 + SM3). */
export interface TokenSuite {
  readonly alg: 'ed25519' | 'sm2';
  /** Length of a `next` public key. */
  readonly pkLen: number;
  publicKey(secretKey: Uint8Array): Uint8Array;
  sign(secretKey: Uint8Array, msg: Uint8Array): Uint8Array;
  /** False (never throws) for a malformed key or signature. */
  verify(publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean;
  /** As verify, with the backend's key cache for the (long-lived) issuer key. */
  verifyIssuer(publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean;
  /** The commitment and revocation-id hash. */
  hash(msg: Uint8Array): Uint8Array;
  /** A fresh ephemeral secret key from `random`. */
  newSecret(random: (n: number) => Uint8Array): Uint8Array;
}

/** The suite of a token version on backend `b` (b gives Ed25519, SHA-256 and randomness). */
export function suiteFor(version: TokenVersion | undefined, b: Ed25519Backend): TokenSuite {
  if (version === VERSION_SM2) {
    return {
      alg: 'sm2',
      pkLen: 65,
      publicKey: sm2Primitives.publicKey,
      sign: (sk, msg) => sm2Primitives.sign(sk, msg, b.randomBytes),
      verify: sm2Primitives.verify,
      verifyIssuer: sm2Primitives.verify,
      hash: sm2Primitives.hash,
      newSecret: sm2Primitives.secretKey,
    };
  }
  return {
    alg: 'ed25519',
    pkLen: 32,
    publicKey: (sk) => b.publicKey(sk),
    sign: (sk, msg) => b.sign(sk, msg),
    verify: (pk, msg, sig) => b.verify(pk, msg, sig),
    verifyIssuer: (pk, msg, sig) => verifyIssuer(b, pk, msg, sig),
    hash: (msg) => b.sha256(msg),
    newSecret: (random) => random(32),
  };
}
export const MAX_BLOCKS = 16;
const BLOCK_DOMAIN = utf8('courier-pii/consent/v1/block\0');
const NEXT_DOMAIN = utf8('courier-pii/consent/v1/next\0');
const SEAL_DOMAIN = utf8('courier-pii/consent/v1/seal\0');
const REVOCATION_DOMAIN = utf8('courier-pii/consent/v1/revocation\0');

export interface RootPayload {
  notBefore: number; // seconds since the epoch
  expiresAt: number; // seconds since the epoch, > notBefore
  subject: string;
  grantee: string;
  purpose: string;
  scope: Array<[string, ScopeLevel]>; // sorted, distinct
  resource?: string;
  maxUses?: number;
  recordId?: string;
}

export interface AttenuationPayload {
  scope?: Array<[string, ScopeLevel]>;
  expiresAt?: number;
  resource?: string;
  grantee?: string;
  maxUses?: number;
}

export interface Block {
  payload: Uint8Array;
  /** Public key of the next ephemeral key pair. */
  next: Uint8Array;
  /** SHA-256 commitment to the next ephemeral secret key. */
  nextHash: Uint8Array;
  sig: Uint8Array;
}

export type Proof = { kind: 'open'; secret: Uint8Array } | { kind: 'sealed'; sig: Uint8Array };

export interface Token {
  /** Wire version (default 1). */
  version?: TokenVersion;
  kid: string;
  kidBytes: Uint8Array;
  blocks: Block[];
  proof: Proof;
}

function writeScope(w: Writer, scope: Array<[string, ScopeLevel]>): void {
  w.varint(scope.length);
  for (const [p, l] of scope) {
    const b = utf8(p);
    w.varint((b.length << 1) | (l === 'mask' ? 1 : 0)).bytes(b);
  }
}

function readScope(r: Reader): Array<[string, ScopeLevel]> {
  const n = r.varint();
  if (n === 0 || n > 256) throw new Malformed();
  const out: Array<[string, ScopeLevel]> = [];
  let prev: string | undefined;
  for (let i = 0; i < n; i++) {
    const h = r.varint();
    const b = r.bytes(h >>> 1);
    const p = text(b);
    if (!isPattern(p) || (prev !== undefined && !(prev < p))) throw new Malformed();
    prev = p;
    out.push([p, h & 1 ? 'mask' : 'allow']);
  }
  return out;
}

export function encodeRoot(p: RootPayload): Uint8Array {
  const w = new Writer().u32(p.notBefore).varint(p.expiresAt - p.notBefore);
  w.str(p.subject).str(p.grantee).str(p.purpose);
  writeScope(w, p.scope);
  const flags =
    (p.resource !== undefined ? 1 : 0) |
    (p.maxUses !== undefined ? 2 : 0) |
    (p.recordId !== undefined ? 4 : 0);
  w.u8(flags);
  if (p.resource !== undefined) w.str(p.resource);
  if (p.maxUses !== undefined) w.varint(p.maxUses);
  if (p.recordId !== undefined) w.str(p.recordId);
  return w.finish();
}

export function decodeRoot(b: Uint8Array): RootPayload {
  const r = new Reader(b);
  const notBefore = r.u32();
  const delta = r.varint();
  if (delta === 0) throw new Malformed();
  const p: RootPayload = {
    notBefore,
    expiresAt: notBefore + delta,
    subject: r.str(),
    grantee: r.str(),
    purpose: r.str(),
    scope: readScope(r),
  };
  const flags = r.u8();
  if (flags & ~7) throw new Malformed();
  if (flags & 1) p.resource = r.str();
  if (flags & 2) {
    p.maxUses = r.varint();
    if (p.maxUses === 0) throw new Malformed();
  }
  if (flags & 4) p.recordId = r.str();
  r.end();
  return p;
}

export function encodeAttenuation(p: AttenuationPayload): Uint8Array {
  const flags =
    (p.scope !== undefined ? 1 : 0) |
    (p.expiresAt !== undefined ? 2 : 0) |
    (p.resource !== undefined ? 4 : 0) |
    (p.grantee !== undefined ? 8 : 0) |
    (p.maxUses !== undefined ? 16 : 0);
  const w = new Writer().u8(flags);
  if (p.scope !== undefined) writeScope(w, p.scope);
  if (p.expiresAt !== undefined) w.u32(p.expiresAt);
  if (p.resource !== undefined) w.str(p.resource);
  if (p.grantee !== undefined) w.str(p.grantee);
  if (p.maxUses !== undefined) w.varint(p.maxUses);
  return w.finish();
}

export function decodeAttenuation(b: Uint8Array): AttenuationPayload {
  const r = new Reader(b);
  const flags = r.u8();
  if (flags === 0 || flags & ~31) throw new Malformed();
  const p: AttenuationPayload = {};
  if (flags & 1) p.scope = readScope(r);
  if (flags & 2) p.expiresAt = r.u32();
  if (flags & 4) p.resource = r.str();
  if (flags & 8) p.grantee = r.str();
  if (flags & 16) {
    p.maxUses = r.varint();
    if (p.maxUses === 0) throw new Malformed();
  }
  r.end();
  return p;
}

/** SHA-256 (SM3 in version 3) commitment to an ephemeral secret key. */
export function nextHash(s: HashOf, secret: Uint8Array): Uint8Array {
  return hashWith(s, concatBytes(NEXT_DOMAIN, secret));
}

/** A suite, or an Ed25519 backend (SHA-256) as versions 1 and 2 use. */
type HashOf = Pick<TokenSuite, 'hash'> | Pick<Ed25519Backend, 'sha256'>;
const hashWith = (s: HashOf, m: Uint8Array): Uint8Array => ('hash' in s ? s.hash(m) : s.sha256(m));

/** The bytes block `index` is signed over: context, position, previous signature, content. */
export function blockMessage(
  t: Pick<Token, 'kidBytes' | 'version'>,
  index: number,
  prevSig: Uint8Array | undefined,
  blk: Omit<Block, 'sig'>,
): Uint8Array {
  // Versions 1 and 2 sign the same bytes (version byte 1); version 3 signs its own number.
  const signedVersion = t.version === VERSION_SM2 ? VERSION_SM2 : VERSION;
  const w = new Writer().bytes(BLOCK_DOMAIN).u8(signedVersion).lp(t.kidBytes).u8(index);
  if (prevSig) w.bytes(prevSig);
  return w.lp(blk.payload).bytes(blk.next).bytes(blk.nextHash).finish();
}

export function sealMessage(lastSig: Uint8Array): Uint8Array {
  return concatBytes(SEAL_DOMAIN, lastSig);
}

/** Revocation id of a block: 16 bytes of SHA-256 (SM3 in version 3) over its signature, hex. */
export function revocationId(suite: HashOf, sig: Uint8Array): string {
  const h = hashWith(suite, concatBytes(REVOCATION_DOMAIN, sig));
  let s = '';
  for (let i = 0; i < 16; i++) s += h[i]!.toString(16).padStart(2, '0');
  return s;
}

/**
 * Serializes a token. The last block's `nextHash` is not written for an open token (the
 * verifier recomputes it from the secret key it carries).
 */
export function encodeToken(t: Token): Uint8Array {
  const version = t.version ?? VERSION;
  const w = new Writer().u8(version).u8(t.kidBytes.length).bytes(t.kidBytes).u8(t.blocks.length);
  t.blocks.forEach((blk, i) => {
    const lastOpen = i === t.blocks.length - 1 && t.proof.kind === 'open';
    w.lp(blk.payload);
    // Version 2 leaves out what the carried secret gives back: the last open block's `next`.
    if (!(lastOpen && version === VERSION_COMPACT)) w.bytes(blk.next);
    if (!lastOpen) w.bytes(blk.nextHash);
    w.bytes(blk.sig);
  });
  if (t.proof.kind === 'open') w.u8(0).bytes(t.proof.secret);
  else w.u8(1).bytes(t.proof.sig);
  return w.finish();
}

/** Parses the structure only (no signature checks). Throws Malformed; 'version' for another version byte. */
export function decodeToken(bin: Uint8Array, b: Ed25519Backend): Token {
  const r = new Reader(bin);
  const version = r.u8();
  if (version !== VERSION && version !== VERSION_COMPACT && version !== VERSION_SM2)
    throw new Malformed('version');
  const s = suiteFor(version, b);
  const pk = s.pkLen;
  const kidLen = r.u8();
  if (kidLen === 0) throw new Malformed();
  const kidBytes = r.bytes(kidLen);
  const kid = text(kidBytes);
  const n = r.u8();
  if (n === 0 || n > MAX_BLOCKS) throw new Malformed();
  // The proof kind comes after the blocks, so read blocks with their optional last hash lazily.
  const blocks: Block[] = [];
  let last: { payload: Uint8Array; next: Uint8Array } | undefined;
  for (let i = 0; i < n; i++) {
    const payload = r.lp();
    if (i < n - 1) {
      const next = r.bytes(pk);
      const nh = r.bytes(32);
      blocks.push({ payload, next, nextHash: nh, sig: r.bytes(64) });
    } else {
      // Version 2: the last block's `next` is written only for a sealed token (read below).
      last = { payload, next: version !== VERSION_COMPACT ? r.bytes(pk) : new Uint8Array(0) };
    }
  }
  if (!last) throw new Malformed();
  let tail = r.rest();
  if (version === VERSION_COMPACT) {
    if (tail.length === 64 + 1 + 32 && tail[64] === 0) {
      // Open: derive `next` from the carried secret; the block signature covers it.
      last.next = b.publicKey(tail.slice(65));
    } else if (tail.length === 32 + 32 + 64 + 1 + 64 && tail[128] === 1) {
      last.next = tail.slice(0, 32);
      tail = tail.subarray(32);
    } else {
      throw new Malformed();
    }
  }
  // Remaining: open = sig(64) 0x00 secret(32); sealed = nextHash(32) sig(64) 0x01 sealSig(64).
  let proof: Proof;
  if (tail.length === 64 + 1 + 32 && tail[64] === 0) {
    const secret = tail.slice(65);
    blocks.push({
      payload: last.payload,
      next: last.next,
      nextHash: nextHash(s, secret),
      sig: tail.subarray(0, 64),
    });
    proof = { kind: 'open', secret };
  } else if (tail.length === 32 + 64 + 1 + 64 && tail[96] === 1) {
    blocks.push({
      payload: last.payload,
      next: last.next,
      nextHash: tail.subarray(0, 32),
      sig: tail.subarray(32, 96),
    });
    proof = { kind: 'sealed', sig: tail.subarray(97) };
  } else {
    throw new Malformed();
  }
  return { version: version as TokenVersion, kid, kidBytes, blocks, proof };
}

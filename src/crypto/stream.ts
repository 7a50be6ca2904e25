// Blob streams (docs/formats.md, "Blob stream"): the STREAM construction of Hoang,
// Reyhanitabar, Rogaway and Vizár, "Online Authenticated-Encryption and its Nonce-Reuse
// Misuse-Resistance" (CRYPTO 2015), over ChaCha20-Poly1305 with a per-stream key. Chunk i uses
// nonce = 0^3 || i (8 bytes, big-endian) || last-flag, so truncation, reordering, dropping a
// chunk and appending after the last chunk all fail authentication.
import { concatBytes, equalBytes, fromUtf8, lengthPrefixed, wipe } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import { type DekContext, staleSuite, streamKey } from './dek-context.js';
import {
  COMMIT_LEN,
  fieldHeader,
  invalidCiphertext,
  SUITE_GM,
  type SuiteByte,
  TAG_LEN,
} from './field-format.js';
import type { GmBackend } from './gm/gm-backend.js';
import type { Sm4GcmKeyed } from './gm/sm4-gcm.js';

export const STREAM_MAGIC = new Uint8Array([0x63, 0x73, 0x01, 0x01]); // 'c' 's' version 1, suite 1
/** Suite 2 (GM): the same layout, chunks sealed with SM4-GCM under a 16-byte HKDF-SM3 stream key. */
export const STREAM_MAGIC_GM = new Uint8Array([0x63, 0x73, 0x01, 0x02]); // 'c' 's' version 1, suite 2
const SALT_LEN = 16;
export const DEFAULT_CHUNK = 64 * 1024;
const MAX_CHUNK = 16 * 1024 * 1024;

function nonceFor(i: number, last: boolean): Uint8Array {
  const n = new Uint8Array(12);
  const hi = Math.floor(i / 0x100000000);
  const v = new DataView(n.buffer);
  v.setUint32(3, hi, false);
  v.setUint32(7, i >>> 0, false);
  n[11] = last ? 1 : 0;
  return n;
}

/** Collects pieces and hands out exact-size slices, so memory stays at about one chunk. */
class Pending {
  private parts: Uint8Array[] = [];
  length = 0;
  push(b: Uint8Array): void {
    if (b.length) {
      this.parts.push(b);
      this.length += b.length;
    }
  }
  /** Copies what is held back, so callers may reuse the buffers they pushed. */
  own(): void {
    if (this.parts.length > 0) this.parts = [this.take(this.length).slice()];
    this.length = this.parts[0]?.length ?? 0;
  }
  take(n: number): Uint8Array {
    const first = this.parts[0];
    if (first && first.length >= n) {
      // zero-copy when one piece holds the whole chunk
      if (first.length === n) this.parts.shift();
      else this.parts[0] = first.subarray(n);
      this.length -= n;
      return first.subarray(0, n);
    }
    const out = new Uint8Array(n);
    let o = 0;
    while (o < n) {
      const p = this.parts[0]!;
      const k = Math.min(p.length, n - o);
      out.set(p.subarray(0, k), o);
      o += k;
      if (k === p.length) this.parts.shift();
      else this.parts[0] = p.subarray(k);
    }
    this.length -= n;
    return out;
  }
}

function chunkAad(header: Uint8Array, recordId: string, name: string): Uint8Array {
  return lengthPrefixed('cpii-s1', header, recordId, name);
}

/** Seals a byte stream chunk by chunk. @internal */
export class StreamSealer {
  private readonly key: Uint8Array;
  private readonly aad: Uint8Array;
  private readonly pending = new Pending();
  private i = 0;
  readonly header: Uint8Array;
  constructor(
    private readonly ctx: DekContext,
    recordId: string,
    name: string,
    private readonly chunkSize = DEFAULT_CHUNK,
    saltOverride?: Uint8Array, // frozen-vector generation only
  ) {
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK) {
      throw new PiiError('INVALID_ARGUMENT', `chunkSize must be an integer from 1 to ${MAX_CHUNK}.`);
    }
    if (!ctx.canSeal)
      throw new PiiError(
        'INVALID_ARGUMENT',
        "This subject's key belongs to another suite than this vault's: seal its blobs with a vault of that suite.",
      );
    const salt = saltOverride ?? ctx.backend.randomBytes(SALT_LEN);
    const size = new Uint8Array(4);
    new DataView(size.buffer).setUint32(0, chunkSize, false);
    const magic = ctx.suite === SUITE_GM ? STREAM_MAGIC_GM : STREAM_MAGIC;
    this.header = concatBytes(magic, fieldHeader(ctx.keyId).subarray(2), salt, ctx.commitment, size);
    this.key = streamKey(ctx, salt);
    this.aad = chunkAad(this.header, recordId, name);
  }
  private gcm: Sm4GcmKeyed | undefined;
  private seal(pt: Uint8Array, last: boolean): Uint8Array[] {
    if (this.ctx.gm) {
      this.gcm ??= this.ctx.gm.sm4GcmKeyed(this.key, true);
      return [this.gcm.seal(nonceFor(this.i++, last), this.aad, pt)];
    }
    return this.ctx.backend.chachaSealParts(this.key, nonceFor(this.i++, last), this.aad, pt);
  }
  /** Sealed bytes ready after adding `data` (a chunk is held back until more data follows). */
  push(data: Uint8Array): Uint8Array[] {
    this.pending.push(data);
    const out: Uint8Array[] = [];
    while (this.pending.length > this.chunkSize)
      out.push(...this.seal(this.pending.take(this.chunkSize), false));
    this.pending.own();
    return out;
  }
  /** The final chunk (possibly empty plaintext), flagged last, in pieces. */
  finish(): Uint8Array[] {
    const last = this.seal(this.pending.take(this.pending.length), true);
    wipe(this.key);
    return last;
  }
}

/** Key material for opening one stream, derived while the DEK is pinned. @internal */
export interface StreamKey {
  commitment: Uint8Array;
  key: Uint8Array;
  backend: DekContext['backend'];
  /** Set for a suite-2 stream: its chunks are SM4-GCM. */
  gm: GmBackend | undefined;
}

/**
 * Derives the stream key and copies the commitment of the subject's context of `suite` (the
 * blob header's suite byte); CIPHERTEXT_INVALID when the subject has no DEK of that suite.
 * @internal
 */
export function streamKeyOf(ctx: DekContext, salt: Uint8Array, suite: SuiteByte = ctx.suite): StreamKey {
  const c = ctx.suite === suite ? ctx : ctx.alt?.suite === suite ? ctx.alt : undefined;
  if (!c) throw staleSuite(ctx.keyId);
  return { commitment: new Uint8Array(c.commitment), key: streamKey(c, salt), backend: c.backend, gm: c.gm };
}

/** Opens a sealed byte stream chunk by chunk; needs the DEK of the key id in its header. @internal */
export class StreamOpener {
  private readonly pending = new Pending();
  private key: Uint8Array | undefined;
  private aad: Uint8Array | undefined;
  private chunk = 0;
  private i = 0;
  private done = false;
  constructor(
    private readonly resolve: (keyId: string, salt: Uint8Array, suite: SuiteByte) => Promise<StreamKey>,
    private readonly recordId: string,
    private readonly name: string,
    private readonly expectKeyId?: string,
  ) {}

  private async readHeader(): Promise<boolean> {
    if (this.pending.length < 5) return false;
    const probe = this.pending.take(5);
    const kl = probe[4]!;
    const need = kl + SALT_LEN + COMMIT_LEN + 4;
    const magic = probe.subarray(0, 4);
    const suite: SuiteByte | undefined = equalBytes(magic, STREAM_MAGIC)
      ? 1
      : equalBytes(magic, STREAM_MAGIC_GM)
        ? SUITE_GM
        : undefined;
    if (suite === undefined || kl === 0) throw invalidCiphertext();
    if (this.pending.length < need) {
      // put the probe back in front: rebuild pending
      const rest = this.pending.take(this.pending.length);
      this.pending.push(concatBytes(probe, rest));
      return false;
    }
    const restHeader = this.pending.take(need);
    const header = concatBytes(probe, restHeader);
    let keyId: string;
    try {
      keyId = fromUtf8(header.subarray(5, 5 + kl));
    } catch {
      throw invalidCiphertext();
    }
    if (this.expectKeyId !== undefined && keyId !== this.expectKeyId) throw invalidCiphertext();
    const salt = header.subarray(5 + kl, 5 + kl + SALT_LEN);
    const commitment = header.subarray(5 + kl + SALT_LEN, 5 + kl + SALT_LEN + COMMIT_LEN);
    const size = new DataView(header.buffer, header.byteOffset + header.length - 4, 4).getUint32(0, false);
    if (size < 1 || size > MAX_CHUNK) throw invalidCiphertext();
    const k = await this.resolve(keyId, salt, suite);
    if (!equalBytes(commitment, k.commitment)) {
      wipe(k.key);
      throw invalidCiphertext();
    }
    this.key = k.key;
    this.aad = chunkAad(header, this.recordId, this.name);
    this.chunk = size + TAG_LEN;
    this.backend = k.backend;
    this.gcm = k.gm?.sm4GcmKeyed(k.key, true);
    return true;
  }
  private backend: DekContext['backend'] | undefined;
  private gcm: Sm4GcmKeyed | undefined;

  private open(ct: Uint8Array, last: boolean): Uint8Array {
    const pt = this.gcm
      ? this.gcm.open(nonceFor(this.i++, last), this.aad!, ct)
      : this.backend!.chachaOpen(this.key!, nonceFor(this.i++, last), this.aad!, ct);
    if (!pt) throw invalidCiphertext();
    return pt;
  }

  /** Plaintext chunks that authenticated after adding `data`. */
  async push(data: Uint8Array): Promise<Uint8Array[]> {
    if (this.done) throw invalidCiphertext();
    this.pending.push(data);
    if (!this.key && !(await this.readHeader())) {
      this.pending.own();
      return [];
    }
    const out: Uint8Array[] = [];
    // Hold back one full chunk: the last chunk is only known at the end of input.
    while (this.pending.length > this.chunk) out.push(this.open(this.pending.take(this.chunk), false));
    this.pending.own();
    return out;
  }

  /** The final chunk; throws CIPHERTEXT_INVALID when the stream was truncated. */
  finish(): Uint8Array {
    if (!this.key || this.pending.length < TAG_LEN) throw invalidCiphertext();
    const last = this.open(this.pending.take(this.pending.length), true);
    this.done = true;
    wipe(this.key);
    return last;
  }
}

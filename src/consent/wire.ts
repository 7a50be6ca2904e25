// Tiny byte writer/reader for the consent token (docs/formats.md, "Consent token"). Every
// reader failure is one exception type so the verifier can map it to TOKEN_INVALID without
// saying which check failed.
import { utf8 } from '../_internal/bytes.js';

// ignoreBOM keeps a leading U+FEFF, so decoding then encoding gives back the same bytes.
const dec = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strict UTF-8 decode; throws Malformed. */
export function text(b: Uint8Array): string {
  try {
    return dec.decode(b);
  } catch {
    throw new Malformed();
  }
}

/** Thrown by {@link Reader} on malformed input; callers turn it into TOKEN_INVALID. */
export class Malformed extends Error {}

export class Writer {
  private buf = new Uint8Array(256);
  private n = 0;
  private grow(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }
  u8(v: number): this {
    this.grow(1);
    this.buf[this.n++] = v & 0xff;
    return this;
  }
  u32(v: number): this {
    this.grow(4);
    new DataView(this.buf.buffer).setUint32(this.n, v >>> 0, false);
    this.n += 4;
    return this;
  }
  /** Unsigned LEB128, at most 4 bytes (values < 2^28). */
  varint(v: number): this {
    if (!Number.isSafeInteger(v) || v < 0 || v >= 2 ** 28) throw new RangeError('varint out of range');
    let x = v;
    while (x >= 0x80) {
      this.u8((x & 0x7f) | 0x80);
      x >>>= 7;
    }
    return this.u8(x);
  }
  bytes(b: Uint8Array): this {
    this.grow(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
    return this;
  }
  /** varint length + bytes. */
  lp(b: Uint8Array): this {
    return this.varint(b.length).bytes(b);
  }
  str(s: string): this {
    return this.lp(utf8(s));
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

export class Reader {
  private o = 0;
  constructor(private readonly b: Uint8Array) {}
  get done(): boolean {
    return this.o === this.b.length;
  }
  u8(): number {
    if (this.o >= this.b.length) throw new Malformed();
    return this.b[this.o++]!;
  }
  u32(): number {
    if (this.o + 4 > this.b.length) throw new Malformed();
    const v = new DataView(this.b.buffer, this.b.byteOffset + this.o, 4).getUint32(0, false);
    this.o += 4;
    return v;
  }
  /** Minimal-length LEB128 only, so every value has one encoding. */
  varint(): number {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const x = this.u8();
      v += (x & 0x7f) * 2 ** (7 * i);
      if ((x & 0x80) === 0) {
        if (i > 0 && x === 0) throw new Malformed();
        return v;
      }
    }
    throw new Malformed();
  }
  bytes(n: number): Uint8Array {
    if (n < 0 || this.o + n > this.b.length) throw new Malformed();
    const out = this.b.subarray(this.o, this.o + n);
    this.o += n;
    return out;
  }
  lp(): Uint8Array {
    return this.bytes(this.varint());
  }
  /** Non-empty strict UTF-8 string. */
  str(): string {
    const b = this.lp();
    if (b.length === 0) throw new Malformed();
    return text(b);
  }
  /** All remaining bytes. */
  rest(): Uint8Array {
    return this.bytes(this.b.length - this.o);
  }
  end(): void {
    if (!this.done) throw new Malformed();
  }
}

// SM3 (GB/T 32905-2016) in pure JS on @noble/hashes' Merkle-Damgard core, so HMAC-SM3 and
// HKDF-SM3 come from @noble's own hmac/hkdf. The native backend uses OpenSSL's `sm3` instead;
// test/crypto/gm/primitives.test.ts holds the two to each other and to the standard's examples.
import { HashMD } from '@noble/hashes/_md.js';
import { type CHash, createHasher } from '@noble/hashes/utils.js';

// Initial value IV of GB/T 32905 §4.1.
const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];
const W = new Uint32Array(68);
const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;
const p0 = (x: number): number => x ^ rotl(x, 9) ^ rotl(x, 17);
const p1 = (x: number): number => x ^ rotl(x, 15) ^ rotl(x, 23);
// T_j rotated left by j mod 32, precomputed for the 64 rounds.
const TJ = new Uint32Array(64);
for (let j = 0; j < 64; j++) TJ[j] = rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32);

class SM3 extends HashMD<SM3> {
  private s = Uint32Array.from(IV);
  constructor() {
    super(64, 32, 8, false);
  }
  protected get(): number[] {
    return Array.from(this.s);
  }
  protected set(...v: number[]): void {
    for (let i = 0; i < 8; i++) this.s[i] = v[i]! >>> 0;
  }
  _cloneInto(to?: SM3): SM3 {
    const t = to ?? new SM3();
    t.set(...this.get());
    return this._cloneIntoMeta(t);
  }
  protected process(view: DataView, offset: number): void {
    for (let i = 0; i < 16; i++, offset += 4) W[i] = view.getUint32(offset, false);
    for (let j = 16; j < 68; j++) {
      W[j] = p1(W[j - 16]! ^ W[j - 9]! ^ rotl(W[j - 3]!, 15)) ^ rotl(W[j - 13]!, 7) ^ W[j - 6]!;
    }
    const s = this.s;
    let [a, b, c, d, e, f, g, h] = [s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, s[5]!, s[6]!, s[7]!];
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(a, 12);
      const ss1 = rotl((a12 + e + TJ[j]!) >>> 0, 7);
      const ss2 = ss1 ^ a12;
      const w1 = W[j]! ^ W[j + 4]!;
      const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = (ff + d + ss2 + w1) >>> 0;
      const tt2 = (gg + h + ss1 + W[j]!) >>> 0;
      d = c;
      c = rotl(b, 9);
      b = a;
      a = tt1;
      h = g;
      g = rotl(f, 19);
      f = e;
      e = p0(tt2) >>> 0;
    }
    s[0]! ^= a;
    s[1]! ^= b;
    s[2]! ^= c;
    s[3]! ^= d;
    s[4]! ^= e;
    s[5]! ^= f;
    s[6]! ^= g;
    s[7]! ^= h;
  }
  protected roundClean(): void {
    W.fill(0);
  }
  destroy(): void {
    this.destroyed = true;
    this.s.fill(0);
    this.buffer.fill(0);
  }
}

/** SM3 as a @noble hash function (usable with `hmac` and `hkdf` from @noble/hashes). @internal */
export const sm3: CHash = createHasher(() => new SM3(), { oid: undefined }) as unknown as CHash;

// SM4 block cipher (GB/T 32907-2016) in pure JS, for runtimes without node:crypto. The round
// function T = L∘τ is table-driven: τ substitutes each byte and L is linear over rotations, so
// T(x) is the XOR of four 256-entry tables. Native SM4 comes from OpenSSL (`sm4-ecb`/`sm4-ctr`).
import { PiiError } from '../../errors.js';

const SBOX_HEX =
  'd690e9fecce13db716b614c228fb2c052b679a762abe04c3aa44132649860699' +
  '9c4250f491ef987a33540b43edcfac62e4b31ca9c908e89580df94fa758f3fa6' +
  '4707a7fcf37317ba83593c19e6854fa8686b81b27164da8bf8eb0f4b70569d35' +
  '1e240e5e6358d1a225227c3b01217887d40046579fd327524c3602e7a0c4c89e' +
  'eabf8ad240c738b5a3f7f2cef96115a1e0ae5da49b341a55ad933230f58cb1e3' +
  '1df6e22e8266ca60c02923ab0d534e6fd5db3745defd8e2f03ff6a726d6c5b51' +
  '8d1baf92bbddbc7f11d95c411f105ad80ac13188a5cd7bbd2d74d012b8e5b4b0' +
  '8969974a0c96777e65b9f109c56ec68418f07dec3adc4d2079ee5f3ed7cb3948';
const SBOX = new Uint8Array(256);
for (let i = 0; i < 256; i++) SBOX[i] = Number.parseInt(SBOX_HEX.slice(i * 2, i * 2 + 2), 16);

// System parameter FK and fixed parameters CK (ck_{i,j} = (4i + j) * 7 mod 256).
const FK = [0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc];
const CK = new Uint32Array(32);
for (let i = 0; i < 32; i++) {
  let w = 0;
  for (let j = 0; j < 4; j++) w = (w << 8) | (((4 * i + j) * 7) & 0xff);
  CK[i] = w >>> 0;
}

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;
const tau = (a: number): number =>
  ((SBOX[a >>> 24]! << 24) |
    (SBOX[(a >>> 16) & 0xff]! << 16) |
    (SBOX[(a >>> 8) & 0xff]! << 8) |
    SBOX[a & 0xff]!) >>>
  0;
const lKey = (b: number): number => (b ^ rotl(b, 13) ^ rotl(b, 23)) >>> 0;

// T tables: T3[x] = L(S(x)), T2 = rotl(T3, 8), T1 = rotl(T3, 16), T0 = rotl(T3, 24).
const T0 = new Uint32Array(256);
const T1 = new Uint32Array(256);
const T2 = new Uint32Array(256);
const T3 = new Uint32Array(256);
for (let x = 0; x < 256; x++) {
  const s = SBOX[x]!;
  const l = (s ^ rotl(s, 2) ^ rotl(s, 10) ^ rotl(s, 18) ^ rotl(s, 24)) >>> 0;
  T3[x] = l;
  T2[x] = rotl(l, 8);
  T1[x] = rotl(l, 16);
  T0[x] = rotl(l, 24);
}

/** SM4 round keys for a 16-byte key (32 words; reverse them to decrypt). @internal */
export function sm4RoundKeys(key: Uint8Array): Uint32Array {
  if (key.length !== 16) throw new PiiError('INVALID_ARGUMENT', 'SM4 needs a 16-byte key.');
  const v = new DataView(key.buffer, key.byteOffset, 16);
  const k = [0, 1, 2, 3].map((i) => (v.getUint32(i * 4, false) ^ FK[i]!) >>> 0);
  const rk = new Uint32Array(32);
  for (let i = 0; i < 32; i++) {
    const next = (k[i]! ^ lKey(tau((k[i + 1]! ^ k[i + 2]! ^ k[i + 3]! ^ CK[i]!) >>> 0))) >>> 0;
    k.push(next);
    rk[i] = next;
  }
  return rk;
}

/** One SM4 block (16 bytes from `input` at `inOff`) into `out` at `outOff`, with the given round keys. @internal */
export function sm4Block(
  rk: Uint32Array,
  input: Uint8Array,
  inOff: number,
  out: Uint8Array,
  outOff: number,
): void {
  let x0 =
    ((input[inOff]! << 24) | (input[inOff + 1]! << 16) | (input[inOff + 2]! << 8) | input[inOff + 3]!) >>> 0;
  let x1 =
    ((input[inOff + 4]! << 24) | (input[inOff + 5]! << 16) | (input[inOff + 6]! << 8) | input[inOff + 7]!) >>>
    0;
  let x2 =
    ((input[inOff + 8]! << 24) |
      (input[inOff + 9]! << 16) |
      (input[inOff + 10]! << 8) |
      input[inOff + 11]!) >>>
    0;
  let x3 =
    ((input[inOff + 12]! << 24) |
      (input[inOff + 13]! << 16) |
      (input[inOff + 14]! << 8) |
      input[inOff + 15]!) >>>
    0;
  for (let i = 0; i < 32; i++) {
    const a = x1 ^ x2 ^ x3 ^ rk[i]!;
    const t = T0[a >>> 24]! ^ T1[(a >>> 16) & 0xff]! ^ T2[(a >>> 8) & 0xff]! ^ T3[a & 0xff]!;
    const n = (x0 ^ t) >>> 0;
    x0 = x1;
    x1 = x2;
    x2 = x3;
    x3 = n;
  }
  // output is the reverse transform R(X32..X35) = (X35, X34, X33, X32)
  const words = [x3, x2, x1, x0];
  for (let i = 0; i < 4; i++) {
    const w = words[i]!;
    out[outOff + i * 4] = w >>> 24;
    out[outOff + i * 4 + 1] = (w >>> 16) & 0xff;
    out[outOff + i * 4 + 2] = (w >>> 8) & 0xff;
    out[outOff + i * 4 + 3] = w & 0xff;
  }
}

/** Decryption round keys: the encryption schedule reversed. @internal */
export function sm4DecryptKeys(rk: Uint32Array): Uint32Array {
  return rk.slice().reverse();
}

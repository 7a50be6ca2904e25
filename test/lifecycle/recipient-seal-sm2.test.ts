// The SM2 transfer package (docs/formats.md, "SM2 transfer package"): round trip, a frozen
// vector, tamper and wrong-key/context refusals, and the SM2 key block checked against an
// independent implementation of GB/T 32918.4 (sm-crypto-v2), both ways.
import { readFileSync } from 'node:fs';
import { sm2 as ref } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import {
  generateSm2RecipientKey,
  openFromSm2Sender,
  sealForSm2Recipient,
} from '../../src/lifecycle/index.js';
import { sm2Decrypt, sm2Encrypt } from '../../src/lifecycle/recipient-seal-sm2.js';
import { isPiiError } from '../../src/errors.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const vector = JSON.parse(
  readFileSync(new URL('../vectors/gm/sm2-transfer-package.json', import.meta.url), 'utf8'),
) as { secretKey: string; info: string; plaintext: string; sealed: string };

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isPiiError(e) ? e.code : 'not a PiiError';
  }
  return undefined;
}

describe('SM2 transfer package (cpii-sm2e1)', () => {
  const r = generateSm2RecipientKey();
  const data = new TextEncoder().encode(JSON.stringify([{ waybill: 'SF1043212345678' }]));

  it('opens what it sealed, for the right key and context only', () => {
    const box = sealForSm2Recipient(r.publicKey, data, 'transfer-1');
    expect(box.startsWith('cpii-sm2e1.')).toBe(true);
    expect(openFromSm2Sender(r.secretKey, box, 'transfer-1')).toEqual(data);
    expect(code(() => openFromSm2Sender(r.secretKey, box, 'transfer-2'))).toBe('CIPHERTEXT_INVALID');
    expect(code(() => openFromSm2Sender(generateSm2RecipientKey().secretKey, box, 'transfer-1'))).toBe(
      'CIPHERTEXT_INVALID',
    );
  });

  it('seals twice to different bytes (fresh SM2 k, SM4 key and nonce)', () => {
    expect(sealForSm2Recipient(r.publicKey, data, 'x')).not.toBe(sealForSm2Recipient(r.publicKey, data, 'x'));
  });

  it('refuses a package with any one byte changed, truncated or extended', () => {
    const box = sealForSm2Recipient(r.publicKey, data, 't');
    const raw = Buffer.from(box.slice('cpii-sm2e1.'.length), 'base64url');
    let cases = 0;
    for (let i = 0; i < raw.length; i++) {
      const t = Buffer.from(raw);
      t[i]! ^= 0x01;
      expect(code(() => openFromSm2Sender(r.secretKey, `cpii-sm2e1.${t.toString('base64url')}`, 't'))).toBe(
        'CIPHERTEXT_INVALID',
      );
      cases++;
    }
    expect(cases).toBe(raw.length);
    for (const t of [raw.subarray(0, raw.length - 1), Buffer.concat([raw, Buffer.from([0])])]) {
      expect(code(() => openFromSm2Sender(r.secretKey, `cpii-sm2e1.${t.toString('base64url')}`, 't'))).toBe(
        'CIPHERTEXT_INVALID',
      );
    }
    expect(code(() => openFromSm2Sender(r.secretKey, box.replace('cpii-sm2e1.', 'cpii-hpke1.'), 't'))).toBe(
      'CIPHERTEXT_INVALID',
    );
  });

  it('refuses a recipient key that is not a point of the SM2 curve, without echoing it', () => {
    const bad = new Uint8Array(65);
    bad[0] = 4;
    bad[64] = 7;
    expect(code(() => sealForSm2Recipient(bad, data, 'x'))).toBe('INVALID_ARGUMENT');
    expect(code(() => sealForSm2Recipient(new Uint8Array(32), data, 'x'))).toBeDefined();
  });

  it('opens the frozen vector byte for byte', () => {
    expect(hex(openFromSm2Sender(unhex(vector.secretKey), vector.sealed, vector.info))).toBe(
      vector.plaintext,
    );
  });

  it('its SM2 key block (C1 || C3 || C2) decrypts with sm-crypto-v2, and sm-crypto-v2 ciphertexts decrypt here', () => {
    const msg = unhex('00112233445566778899aabbccddeeff');
    const ours = sm2Encrypt(r.publicKey, msg);
    // sm-crypto-v2 writes and reads C1 without its 0x04 byte; cipherMode 1 = C1C3C2
    const got = ref.doDecrypt(hex(ours).slice(2), hex(r.secretKey), 1, { output: 'array' });
    expect(hex(got)).toBe(hex(msg));
    const theirs = ref.doEncrypt(msg, hex(r.publicKey), 1);
    const back = sm2Decrypt(r.secretKey, unhex(`04${theirs}`));
    expect(back && hex(back)).toBe(hex(msg));
    // and a changed C3 is refused
    const t = unhex(`04${theirs}`);
    t[70]! ^= 1;
    expect(sm2Decrypt(r.secretKey, t)).toBeUndefined();
  });
});

// RFC 9180 known-answer values for mode_base, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
// ChaCha20Poly1305 (the suite of transfer packages), as published in the CFRG
// test-vectors.json and quoted by a third-party verifier; the first two encryptions.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/_internal/bytes.js';
import { sealBase } from '../../src/lifecycle/recipient-seal.js';

const V = {
  info: '4f6465206f6e2061204772656369616e2055726e',
  skEm: 'f4ec9b33b792c372c1d2c2063507b684ef925b8c75a42dbcbf57d63ccd381600',
  pkRm: '4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a',
  enc: '1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a',
  sharedSecret: '0bbe78490412b4bbea4812666f7916932b828bba79942424abb65244930d69a7',
  key: 'ad2744de8e17f4ebba575b3f5f5a8fa1f69c2a07f6e7500bc60ca6e3e3ec1c91',
  baseNonce: '5c4d98150661b848853b547f',
  aad0: '436f756e742d30',
  pt: '4265617574792069732074727574682c20747275746820626561757479',
  ct0: '1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28',
};

describe('transfer packages follow RFC 9180 base mode', () => {
  it('derive the known shared secret, key and base nonce, and the first known ciphertext', () => {
    const r = sealBase(fromHex(V.skEm), fromHex(V.pkRm), fromHex(V.pt), fromHex(V.info), fromHex(V.aad0));
    expect(toHex(r.enc)).toBe(V.enc);
    expect(toHex(r.shared)).toBe(V.sharedSecret);
    expect(toHex(r.key)).toBe(V.key);
    expect(toHex(r.nonce)).toBe(V.baseNonce);
    expect(toHex(r.ct)).toBe(V.ct0);
  });
});

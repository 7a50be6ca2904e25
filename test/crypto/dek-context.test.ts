import { hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nobleBackend, nodeBackend } from '../../src/crypto/backend.js';
import { deriveContext, openParsed, sealEncoded } from '../../src/crypto/dek-context.js';
import { parseField } from '../../src/crypto/field-format.js';
import { generateKey, memoryKeyStore } from '../../src/crypto/index.js';
import { parcel, Parcel } from './fixtures/parcel.js';
import { SUITES, testVault } from './helpers.js';

const enc = (s: string) => new TextEncoder().encode(s);
const nonceOf = (sealed: string) => {
  const p = parseField(sealed)!;
  return Buffer.from(p.bytes.subarray(p.at, p.at + 24)).toString('hex');
};

describe('deriveContext', () => {
  it.each([
    ['node', nodeBackend!],
    ['noble', nobleBackend],
  ])('derives the field key and commitment as HKDF-SHA256 with the documented infos (%s)', (_n, b) => {
    for (let i = 0; i < 20; i++) {
      const dek = generateKey();
      const ctx = deriveContext(b, 'cust-1', new Uint8Array(dek));
      const hex = (x: Uint8Array | ArrayBuffer) => Buffer.from(x as Uint8Array).toString('hex');
      const hk = (info: string) => hex(hkdfSync('sha256', dek, new Uint8Array(0), enc(info), 32));
      expect(hex(ctx.encKey)).toBe(hk('cpii1/field-key'));
      expect(hex(ctx.commitment)).toBe(hk('cpii1/key-commitment'));
      expect(hex(ctx.encKey)).toBe(hex(b.hkdf(dek, new Uint8Array(0), enc('cpii1/field-key'), 32)));
    }
  });

  it('draws no nonce prefix until its first seal, then seals under a fresh random prefix', () => {
    const b = nodeBackend!;
    const dek = generateKey();
    const sealer = deriveContext(b, 'cust-1', new Uint8Array(dek));
    const aad = enc('aad');
    const first = sealEncoded(sealer, aad, enc('\x01a'));
    const opener = deriveContext(b, 'cust-1', new Uint8Array(dek));
    expect(opener.sealHead.length).toBe(0);
    expect(Buffer.from(openParsed(opener, parseField(first)!, aad)).toString()).toBe('\x01a');
    // it opened a field of the sealer's prefix; its own seals must not reuse that prefix
    const mine = sealEncoded(opener, aad, enc('\x01b'));
    expect(nonceOf(mine).slice(0, 32)).not.toBe(nonceOf(first).slice(0, 32));
    expect(nonceOf(mine).slice(32)).toBe('0000000000000000');
    expect(Buffer.from(openParsed(sealer, parseField(mine)!, aad)).toString()).toBe('\x01b');
    // and the field of the first prefix still opens after the switch
    expect(Buffer.from(openParsed(opener, parseField(first)!, aad)).toString()).toBe('\x01a');
  });

  it('opens fields of many nonce prefixes under one key, more than it keeps subkeys for', () => {
    const b = nodeBackend!;
    const dek = generateKey();
    const aad = enc('aad');
    const fields = Array.from({ length: 20 }, (_, i) =>
      sealEncoded(deriveContext(b, 'cust-1', new Uint8Array(dek)), aad, enc(`\x01v${i}`)),
    );
    const opener = deriveContext(b, 'cust-1', new Uint8Array(dek));
    for (let round = 0; round < 2; round++)
      fields.forEach((f, i) => {
        expect(Buffer.from(openParsed(opener, parseField(f)!, aad)).toString()).toBe(`\x01v${i}`);
      });
  });
});

describe.each(SUITES)('a vault that only opened a key (suite %s)', (suite) => {
  it('seals new fields for that subject which other vaults open', async () => {
    const keyStore = memoryKeyStore();
    const a = testVault({ suite, keyStore });
    const { record } = await a.vault.seal(Parcel, parcel(), {
      recordId: 'P1',
      subjects: { sender: 'cust-1', recipient: 'cust-2' },
    });
    const b = testVault({ suite, keyStore, keyring: a.keyring, indexKey: a.indexKey });
    await b.vault.open(Parcel, record, { recordId: 'P1' });
    const again = await b.vault.seal(Parcel, parcel(), {
      recordId: 'P2',
      subjects: { sender: 'cust-1', recipient: 'cust-2' },
    });
    expect(nonceOf(again.record.recipient.phone).slice(0, 32)).not.toBe(
      nonceOf(record.recipient.phone).slice(0, 32),
    );
    expect((await a.vault.open(Parcel, again.record, { recordId: 'P2' })).recipient.phone).toBe(
      '+8613812345678',
    );
  });
});

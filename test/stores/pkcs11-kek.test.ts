import { afterAll, describe, expect, it } from 'vitest';
import { createKeyring, generateKey } from '../../src/crypto/index.js';
import { pkcs11KekProvider, type Pkcs11KekProvider } from '../../src/stores/index.js';
import { pkcs11Settings } from './services.js';

const opened: Pkcs11KekProvider[] = [];
async function open(keyLabel: string, create = true): Promise<Pkcs11KekProvider> {
  const p = await pkcs11KekProvider({ ...pkcs11Settings(), keyLabel, create });
  opened.push(p);
  return p;
}
async function closeAll(): Promise<void> {
  for (const p of opened.splice(0)) await p.close();
}
afterAll(closeAll);
const bytes = (b: Uint8Array): number[] => Array.from(b);
const label = (): string => `kek-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

describe('pkcs11KekProvider on a SoftHSM2 token', () => {
  it('wraps and unwraps DEKs inside the token, bound to the subject', async () => {
    const hsm = await open(label());
    const keyring = createKeyring({ keks: [hsm], active: hsm.id });
    const dek = generateKey();
    const { kekId, wrapped } = await keyring.wrap('cust-1', dek);
    expect(kekId).toBe(hsm.id);
    expect(wrapped).toHaveLength(12 + 32 + 16);
    expect(bytes(await keyring.unwrap(kekId, 'cust-1', wrapped))).toEqual(bytes(dek));
    await expect(keyring.unwrap(kekId, 'cust-2', wrapped)).rejects.toMatchObject({ code: 'KEY_INVALID' });
    const bad = new Uint8Array(wrapped);
    bad[20]! ^= 1;
    await expect(keyring.unwrap(kekId, 'cust-1', bad)).rejects.toMatchObject({ code: 'KEY_INVALID' });
  });

  it('finds the same key again by label, in a new session', async () => {
    const name = label();
    const first = await open(name);
    const dek = generateKey();
    const w = await first.wrap(dek, new Uint8Array([1, 2, 3]));
    await first.close();
    const second = await open(name, false);
    expect(bytes(await second.unwrap(w, new Uint8Array([1, 2, 3])))).toEqual(bytes(dek));
  });

  it('rotates from a local KEK to the HSM KEK without changing any DEK', async () => {
    const hsm = await open(label());
    const keyring = createKeyring({
      keks: [{ id: 'local-2025', key: generateKey() }, hsm],
      active: 'local-2025',
    });
    const dek = generateKey();
    const old = await keyring.wrap('cust-9', dek);
    const moved = await keyring.wrap(
      'cust-9',
      await keyring.unwrap(old.kekId, 'cust-9', old.wrapped),
      hsm.id,
    );
    expect(moved.kekId).toBe(hsm.id);
    expect(bytes(await keyring.unwrap(moved.kekId, 'cust-9', moved.wrapped))).toEqual(bytes(dek));
  });

  it('reports a missing key, a wrong PIN and an unknown token with codes, never the PIN', async () => {
    // PKCS#11 login state is per application and token: with another session logged in, a
    // wrong PIN is never checked. Close every session first.
    await closeAll();
    const s = pkcs11Settings();
    await expect(pkcs11KekProvider({ ...s, keyLabel: label() })).rejects.toMatchObject({
      code: 'KEY_NOT_FOUND',
    });
    const wrongPin = await pkcs11KekProvider({ ...s, pin: '999999', keyLabel: 'x' }).catch((e: unknown) => e);
    expect(wrongPin).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(String((wrongPin as Error).message)).not.toContain('999999');
    await expect(pkcs11KekProvider({ ...s, token: 'no-such-token', keyLabel: 'x' })).rejects.toMatchObject({
      code: 'KEY_NOT_FOUND',
    });
    await expect(
      pkcs11KekProvider({ ...s, library: '/nonexistent/libpkcs11.so', keyLabel: 'x' }),
    ).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
  });

  it('refuses to work after close', async () => {
    const hsm = await open(label());
    await hsm.close();
    expect(() => hsm.wrap(generateKey(), new Uint8Array())).toThrow(
      expect.objectContaining({ code: 'STORE_UNAVAILABLE' }),
    );
  });
});

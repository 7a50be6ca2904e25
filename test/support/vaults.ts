// Vault set-ups the view tests share: a memory vault under one fresh KEK, and a stand-in that
// counts how the page is opened (`open` per record, or `openMany` for the whole page).
import { createKeyring, createVault, generateKey, memoryKeyStore, type Vault } from 'courier-pii/crypto';

/** A vault with a fresh KEK `k1`, a memory key store and a fresh index key, and those parts. */
export function memoryVault() {
  const keyring = createKeyring({ keks: [{ id: 'k1', key: generateKey() }], active: 'k1' });
  const keyStore = memoryKeyStore();
  const indexKey = generateKey();
  return { vault: createVault({ keyring, keyStore, indexKey }), keyring, keyStore, indexKey };
}

/** Opens counted since the last reset (set the fields back to 0 to reset). */
export interface OpenCalls {
  open: number;
  openMany: number;
}

/** `vault` with its `open` and `openMany` counted in `calls`; everything else is left out. */
export function countingOpens(vault: Pick<Vault, 'open' | 'openMany'>): { vault: Vault; calls: OpenCalls } {
  const calls: OpenCalls = { open: 0, openMany: 0 };
  const spy = {
    open: (...a: Parameters<Vault['open']>) => {
      calls.open++;
      return vault.open(...a);
    },
    openMany: (...a: Parameters<Vault['openMany']>) => {
      calls.openMany++;
      return vault.openMany(...a);
    },
  };
  return { vault: spy as unknown as Vault, calls };
}

import { createAuditLog, memorySink } from '../../src/audit/index.js';
import {
  type BackendChoice,
  createKeyring,
  createVault,
  generateKey,
  memoryKeyStore,
  type SubjectKeyStore,
  type VaultOptions,
} from '../../src/crypto/index.js';

/** Every vault suite: the crypto test families run once per suite (describe.each). */
export { SUITES } from '../support/suites.js';

/** A vault over a fresh memory store with one KEK, its erasure ledger in a memory audit log. */
export function testVault(over: Partial<VaultOptions> & { backend?: BackendChoice } = {}) {
  const sink = memorySink();
  const audit = over.audit ?? createAuditLog({ sink });
  const kek = { id: 'kek-1', key: generateKey() };
  const keyStore: SubjectKeyStore = over.keyStore ?? memoryKeyStore();
  const keyring = over.keyring ?? createKeyring({ keks: [kek], active: 'kek-1' });
  const indexKey = over.indexKey ?? generateKey();
  const vault = createVault({ ...over, keyring, keyStore, indexKey, audit });
  return { vault, keyring, keyStore, indexKey, kek, audit, sink };
}

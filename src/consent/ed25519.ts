// The Ed25519 backends live in src/_internal/ed25519.ts (shared with audit and lifecycle).
export {
  type Ed25519Backend,
  nobleEd25519,
  nodeEd25519,
  selectEd25519,
  verifyIssuer,
} from '../_internal/ed25519.js';

/** Which Ed25519 implementation to use: `'auto'` picks node:crypto when present. */
export type ConsentBackendChoice = 'auto' | 'node' | 'noble';

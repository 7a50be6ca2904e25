// Where a handover remembers how far it got, in a courier-pii/stores ProgressStore (memory,
// file, SQLite, PostgreSQL) under the key `handover/<id>`. The subject key store itself is the
// source of truth (a record already under the buyer's KEK is skipped); the checkpoint adds the
// phase, the signed manifest once made, and progress counters.
import { PiiError } from '../errors.js';
import type { ProgressStore, ProgressValue } from '../stores/index.js';
import type { HandoverManifest } from './manifest.js';

/** The persisted state of one handover (JSON). */
export interface HandoverState {
  /** The handover id. */
  id: string;
  /** `rewrapping` until every DEK is under the buyer's KEK, then `signed`. */
  phase: 'rewrapping' | 'signed';
  /** When the first run started (ISO 8601). */
  startedAt: string;
  /** The seller's KEK ids at the start. */
  sellerKekIds: string[];
  /** The buyer KEK that wraps the DEKs. */
  buyerKekId: string;
  /** Runs so far (1 for an uninterrupted handover). */
  runs: number;
  /** Records examined by the latest run, at its latest checkpoint. */
  done: number;
  /** Digest of the exclusion set (ids and action): a resume must give the same set. */
  exclusionDigest?: string;
  /** Digest of the scope: a resume must give the same scope. */
  scopeDigest?: string;
  /** Public-key handover: the package key of each run, sealed to the buyer (never in the clear). */
  packageKeys?: Array<{ run: number; sealed: string }>;
  /** The seller-signed manifest, once made. */
  manifest?: HandoverManifest;
}

const keyOf = (id: string): string => `handover/${id}`;

/** @internal */
export async function loadState(store: ProgressStore, id: string): Promise<HandoverState | undefined> {
  const r = await store.get(keyOf(id));
  if (!r) return undefined;
  const v = r.value as unknown as HandoverState;
  if (
    typeof v !== 'object' ||
    v === null ||
    v.id !== id ||
    (v.phase !== 'rewrapping' && v.phase !== 'signed')
  ) {
    throw new PiiError(
      'STORE_CORRUPT',
      `The progress record of handover "${id}" is not a handover checkpoint; delete it to resume from the key store.`,
    );
  }
  return v;
}

/** @internal */
export async function saveState(store: ProgressStore, state: HandoverState): Promise<void> {
  await store.put(keyOf(state.id), JSON.parse(JSON.stringify(state)) as ProgressValue);
}

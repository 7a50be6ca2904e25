// Where a handover remembers how far it got, so a crashed run resumes. The subject key store
// itself is the source of truth (a record already under the buyer's KEK is skipped); this
// checkpoint adds the phase, the signed manifest once made, and progress counters. Swappable:
// courier-pii/stores may provide a database-backed implementation of the same interface.
import { assertNonEmptyString } from '../_internal/assert.js';
import { PiiError } from '../errors.js';
import type { HandoverManifest } from './manifest.js';

/** The persisted state of one handover. */
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
  /** The seller-signed manifest, once made. */
  manifest?: HandoverManifest;
}

/** Storage for {@link HandoverState}: an extension point. */
export interface HandoverProgressStore {
  /** The state of a handover, or undefined. */
  load(id: string): Promise<HandoverState | undefined>;
  /** Stores the state durably before resolving. */
  save(state: HandoverState): Promise<void>;
}

/**
 * Handover progress in memory (tests; a crash loses it, and the handover still resumes from the key store).
 *
 * @returns an empty progress store
 * @example
 * ```ts
 * import { memoryProgressStore } from 'courier-pii/lifecycle';
 * console.log(await memoryProgressStore().load('h-1')); // undefined
 * ```
 */
export function memoryProgressStore(): HandoverProgressStore {
  const m = new Map<string, string>();
  return {
    async load(id) {
      const s = m.get(id);
      return s === undefined ? undefined : (JSON.parse(s) as HandoverState);
    },
    async save(state) {
      m.set(state.id, JSON.stringify(state));
    },
  };
}

type Fs = typeof import('node:fs');

/**
 * Handover progress in a JSON file (Node.js), replaced atomically: write a temporary file,
 * fsync, rename, so a crash leaves either the old or the new state.
 *
 * @param path - the checkpoint file; created on first save
 * @returns a progress store
 * @throws PiiError BACKEND_UNAVAILABLE outside Node.js; STORE_CORRUPT when the file is not a checkpoint
 * @example
 * ```ts
 * import { fileProgressStore } from 'courier-pii/lifecycle';
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const store = fileProgressStore(join(mkdtempSync(join(tmpdir(), 'ho-')), 'handover.json'));
 * console.log(await store.load('h-1')); // undefined
 * ```
 */
export function fileProgressStore(path: string): HandoverProgressStore {
  assertNonEmptyString('path', path);
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as Fs | undefined;
  if (!fs)
    throw new PiiError(
      'BACKEND_UNAVAILABLE',
      'fileProgressStore needs Node.js; use memoryProgressStore or your own store here.',
    );
  const readAll = (): Record<string, HandoverState> => {
    if (!fs.existsSync(path)) return {};
    try {
      const o = JSON.parse(fs.readFileSync(path, 'utf8')) as {
        v?: number;
        handovers?: Record<string, HandoverState>;
      };
      if (o.v !== 1 || typeof o.handovers !== 'object' || o.handovers === null) throw new Error('shape');
      return o.handovers;
    } catch (cause) {
      throw new PiiError(
        'STORE_CORRUPT',
        `Handover checkpoint ${path} is damaged; restore it or delete it (the handover then resumes from the key store).`,
        { cause },
      );
    }
  };
  return {
    async load(id) {
      return readAll()[id];
    },
    async save(state) {
      const all = readAll();
      all[state.id] = state;
      const tmp = `${path}.tmp`;
      const fd = fs.openSync(tmp, 'w');
      try {
        fs.writeSync(fd, JSON.stringify({ v: 1, handovers: all }));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, path);
    },
  };
}

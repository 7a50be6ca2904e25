// Memory and crash-safe file implementations of the revocation and use-counter stores
// (docs/consent.md, "Stores"). The file stores keep an fsync'd append-only journal: a record is
// durable once the promise resolves; a torn last line (power loss mid-write) is dropped on open.
import { PiiError } from '../errors.js';
import { Journal, opLines } from './file-journal.js';
import type { RevocationStore, UseCount, UseCounterStore } from './types.js';

const ID = /^[A-Za-z0-9_.:/-]{1,200}$/;

function checkKey(name: string, id: unknown): string {
  if (typeof id !== 'string' || !ID.test(id)) {
    throw new PiiError('INVALID_ARGUMENT', `${name} must be 1-200 characters of A-Z a-z 0-9 _ . : / -.`);
  }
  return id;
}

function checkMax(max: unknown): number {
  if (
    typeof max !== 'number' ||
    !(max >= 1) ||
    (max !== Number.POSITIVE_INFINITY && !Number.isInteger(max))
  ) {
    throw new PiiError('INVALID_ARGUMENT', 'max must be a positive integer or Infinity.');
  }
  return max;
}

/** A revocation store with a `close()` for file-backed implementations. */
export interface ClosableRevocationStore extends RevocationStore {
  /** Releases the file handle (memory stores: no-op). */
  close(): Promise<void>;
}

/** A use-counter store with a `close()` for file-backed implementations. */
export interface ClosableUseCounterStore extends UseCounterStore {
  /** Releases the file handle (memory stores: no-op). */
  close(): Promise<void>;
}

/**
 * An in-memory revocation store (tests, single-process services that reload revocations).
 *
 * @returns a store whose contents are lost when the process ends
 * @example
 * ```ts
 * import { createMemoryRevocationStore } from 'courier-pii/consent';
 * const store = createMemoryRevocationStore();
 * await store.revoke('0123456789abcdef0123456789abcdef');
 * console.log(await store.isRevoked(['0123456789abcdef0123456789abcdef'])); // true
 * ```
 */
export function createMemoryRevocationStore(): ClosableRevocationStore {
  const ids = new Set<string>();
  return {
    async revoke(id) {
      ids.add(checkKey('id', id));
    },
    async isRevoked(list) {
      for (const id of list) if (ids.has(id)) return true;
      return false;
    },
    async close() {},
  };
}

/** The redemption ids a counter has counted, per key, with the use number each got. */
class Redemptions {
  private readonly byKey = new Map<string, Map<string, number>>();
  get(key: string, id: string): number | undefined {
    return this.byKey.get(key)?.get(id);
  }
  set(key: string, id: string, use: number): void {
    let m = this.byKey.get(key);
    if (!m) {
      m = new Map();
      this.byKey.set(key, m);
    }
    m.set(id, use);
  }
}

/**
 * An in-memory use counter. `consume` and `consumeOnce` are atomic within the process.
 *
 * @returns a counter whose contents are lost when the process ends
 * @example
 * ```ts
 * import { createMemoryUseCounter } from 'courier-pii/consent';
 * const counter = createMemoryUseCounter();
 * console.log(await counter.consume('t1', 1), await counter.consume('t1', 1)); // { ok: true, used: 1 } { ok: false, used: 1 }
 * ```
 */
export function createMemoryUseCounter(): ClosableUseCounterStore {
  const counts = new Map<string, number>();
  const redemptions = new Redemptions();
  return {
    async consume(key, max) {
      checkKey('key', key);
      checkMax(max);
      const used = counts.get(key) ?? 0;
      if (used >= max) return { ok: false, used };
      counts.set(key, used + 1);
      return { ok: true, used: used + 1 };
    },
    async consumeOnce(key, max, redemptionId) {
      checkKey('key', key);
      checkMax(max);
      checkKey('redemptionId', redemptionId);
      const seen = redemptions.get(key, redemptionId);
      if (seen !== undefined) return { ok: true, used: seen, replayed: true };
      const used = counts.get(key) ?? 0;
      if (used >= max) return { ok: false, used, replayed: false };
      counts.set(key, used + 1);
      redemptions.set(key, redemptionId, used + 1);
      return { ok: true, used: used + 1, replayed: false };
    },
    async used(key) {
      return counts.get(checkKey('key', key)) ?? 0;
    },
    async close() {},
  };
}

/**
 * A revocation store in a local file (an fsync'd append-only journal). For one process;
 * several processes or machines need a database adapter from `courier-pii/stores`.
 *
 * @param path - the journal file (created when missing)
 * @returns the store; call `close()` when done
 * @throws PiiError STORE_CORRUPT (on first use) when the file has an unreadable line
 * @throws PiiError STORE_UNAVAILABLE when the file cannot be read or written, or outside Node
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createFileRevocationStore } from 'courier-pii/consent';
 * const store = createFileRevocationStore(join(mkdtempSync(join(tmpdir(), 'revocations-')), 'revocations.log'));
 * await store.revoke('0123456789abcdef0123456789abcdef');
 * console.log(await store.isRevoked(['0123456789abcdef0123456789abcdef'])); // true
 * await store.close();
 * ```
 */
export function createFileRevocationStore(path: string): ClosableRevocationStore {
  if (typeof path !== 'string' || path.length === 0)
    throw new PiiError('INVALID_ARGUMENT', 'path must be a file path.');
  const ids = new Set<string>();
  const j = new Journal(
    path,
    opLines('r'),
    ([id]) => ids.add(id),
    () => ids.clear(),
  );
  return {
    async revoke(id) {
      checkKey('id', id);
      return j.run(async (append) => {
        if (ids.has(id)) return;
        await append([id]);
        ids.add(id);
      });
    },
    async isRevoked(list) {
      return j.run(() => list.some((id) => ids.has(id)));
    },
    close: () => j.close(),
  };
}

/**
 * A use counter in a local file (an fsync'd append-only journal, one line per use). A use is
 * counted only once its line is on disk, so a crash never loses a counted use; at worst a use
 * whose write was interrupted is not counted and its `redeem` call failed. `consumeOnce` writes
 * the redemption id on the same line as its use, so both are stored or neither; after a failed
 * write the file is read again before the next call. For one process.
 *
 * @param path - the journal file (created when missing)
 * @returns the counter; call `close()` when done
 * @throws PiiError STORE_CORRUPT (on first use) when the file has an unreadable line
 * @throws PiiError STORE_UNAVAILABLE when the file cannot be read or written, or outside Node
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createFileUseCounter } from 'courier-pii/consent';
 * const counter = createFileUseCounter(join(mkdtempSync(join(tmpdir(), 'uses-')), 'uses.log'));
 * console.log((await counter.consume('example-token', Number.POSITIVE_INFINITY)).ok); // true
 * await counter.close();
 * ```
 */
export function createFileUseCounter(path: string): ClosableUseCounterStore {
  if (typeof path !== 'string' || path.length === 0)
    throw new PiiError('INVALID_ARGUMENT', 'path must be a file path.');
  const counts = new Map<string, number>();
  let redemptions = new Redemptions();
  const j = new Journal(
    path,
    opLines('u'),
    ([id, redemptionId]) => {
      const used = (counts.get(id) ?? 0) + 1;
      counts.set(id, used);
      if (redemptionId !== undefined) redemptions.set(id, redemptionId, used);
    },
    () => {
      counts.clear();
      redemptions = new Redemptions();
    },
  );
  return {
    async consume(key, max) {
      checkKey('key', key);
      checkMax(max);
      return j.run(async (append): Promise<UseCount> => {
        const used = counts.get(key) ?? 0;
        if (used >= max) return { ok: false, used };
        await append([key]);
        counts.set(key, used + 1);
        return { ok: true, used: used + 1 };
      });
    },
    async consumeOnce(key, max, redemptionId) {
      checkKey('key', key);
      checkMax(max);
      checkKey('redemptionId', redemptionId);
      return j.run(async (append): Promise<UseCount> => {
        const seen = redemptions.get(key, redemptionId);
        if (seen !== undefined) return { ok: true, used: seen, replayed: true };
        const used = counts.get(key) ?? 0;
        if (used >= max) return { ok: false, used, replayed: false };
        // One line holds the use and its redemption id: both are on disk, or neither is.
        await append([key, redemptionId]);
        counts.set(key, used + 1);
        redemptions.set(key, redemptionId, used + 1);
        return { ok: true, used: used + 1, replayed: false };
      });
    },
    async used(key) {
      checkKey('key', key);
      return j.run(() => counts.get(key) ?? 0);
    },
    close: () => j.close(),
  };
}

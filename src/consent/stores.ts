// Memory and crash-safe file implementations of the revocation and use-counter stores
// (docs/consent.md, "Stores"). The file stores keep an fsync'd append-only journal: a record is
// durable once the promise resolves; a torn last line (power loss mid-write) is dropped on open.
import type * as NodeFs from 'node:fs';
import { fsReason, openPrivateAppendAsync } from '../_internal/private-files.js';
import { PiiError } from '../errors.js';
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

/**
 * An in-memory use counter. `consume` is atomic within the process.
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
  return {
    async consume(key, max) {
      checkKey('key', key);
      checkMax(max);
      const used = counts.get(key) ?? 0;
      if (used >= max) return { ok: false, used };
      counts.set(key, used + 1);
      return { ok: true, used: used + 1 };
    },
    async used(key) {
      return counts.get(checkKey('key', key)) ?? 0;
    },
    async close() {},
  };
}

function nodeFs(): typeof NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as typeof NodeFs | undefined;
  if (!fs) {
    throw new PiiError(
      'STORE_UNAVAILABLE',
      'File stores need Node.js 20.16 or later; use a memory or database store here.',
    );
  }
  return fs;
}

const LINE = /^([ru]) ([A-Za-z0-9_.:/-]{1,200})$/;

/** An fsync'd append-only journal of `op id` lines, loaded once, written one line at a time. */
class Journal {
  private fh: NodeFs.promises.FileHandle | undefined;
  private opening: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly op: 'r' | 'u',
    private readonly onLine: (id: string) => void,
  ) {}

  private async open(): Promise<void> {
    const fs = nodeFs();
    let text = '';
    try {
      text = await fs.promises.readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT') {
        throw new PiiError(
          'STORE_UNAVAILABLE',
          'Cannot read the consent store file; check its path and permissions.',
          { cause: e },
        );
      }
    }
    const end = text.lastIndexOf('\n') + 1;
    for (const line of text.slice(0, end).split('\n')) {
      if (line === '') continue;
      const m = LINE.exec(line);
      if (!m || m[1] !== this.op) {
        throw new PiiError(
          'STORE_CORRUPT',
          'The consent store file has an unreadable line; restore it from a backup.',
        );
      }
      this.onLine(m[2]!);
    }
    try {
      // Created 0600 when missing (its directory entry fsync'd); never opened through a link.
      this.fh = (await openPrivateAppendAsync(this.path)).handle;
      if (end < Buffer.byteLength(text)) {
        // A torn last line from an interrupted write: drop it so the next line starts clean.
        await this.fh.truncate(Buffer.byteLength(text.slice(0, end)));
        await this.fh.sync();
      }
    } catch (e) {
      throw new PiiError(
        'STORE_UNAVAILABLE',
        `Cannot open the consent store file ${this.path} for writing: ${fsReason(e)}.`,
        { cause: e },
      );
    }
  }

  /** Runs `fn` alone (after loading), so a read-then-append is atomic within the process. */
  run<T>(fn: (append: (id: string) => Promise<void>) => T | Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      if (!this.fh) {
        this.opening ??= this.open();
        await this.opening;
      }
      return fn(async (id) => {
        try {
          await this.fh!.write(`${this.op} ${id}\n`);
          await this.fh!.datasync();
        } catch (e) {
          throw new PiiError('STORE_UNAVAILABLE', 'Writing the consent store file failed.', { cause: e });
        }
      });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.fh?.close();
    this.fh = undefined;
    this.opening = undefined;
  }
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
 * import { createFileRevocationStore } from 'courier-pii/consent';
 * const store = createFileRevocationStore('/tmp/courier-pii-revocations.log');
 * await store.revoke('0123456789abcdef0123456789abcdef');
 * console.log(await store.isRevoked(['0123456789abcdef0123456789abcdef'])); // true
 * await store.close();
 * ```
 */
export function createFileRevocationStore(path: string): ClosableRevocationStore {
  if (typeof path !== 'string' || path.length === 0)
    throw new PiiError('INVALID_ARGUMENT', 'path must be a file path.');
  const ids = new Set<string>();
  const j = new Journal(path, 'r', (id) => ids.add(id));
  return {
    async revoke(id) {
      checkKey('id', id);
      return j.run(async (append) => {
        if (ids.has(id)) return;
        await append(id);
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
 * whose write was interrupted is not counted and its `redeem` call failed. For one process.
 *
 * @param path - the journal file (created when missing)
 * @returns the counter; call `close()` when done
 * @throws PiiError STORE_CORRUPT (on first use) when the file has an unreadable line
 * @throws PiiError STORE_UNAVAILABLE when the file cannot be read or written, or outside Node
 * @example
 * ```ts
 * import { createFileUseCounter } from 'courier-pii/consent';
 * const counter = createFileUseCounter('/tmp/courier-pii-uses.log');
 * console.log((await counter.consume('example-token', Number.POSITIVE_INFINITY)).ok); // true
 * await counter.close();
 * ```
 */
export function createFileUseCounter(path: string): ClosableUseCounterStore {
  if (typeof path !== 'string' || path.length === 0)
    throw new PiiError('INVALID_ARGUMENT', 'path must be a file path.');
  const counts = new Map<string, number>();
  const j = new Journal(path, 'u', (id) => counts.set(id, (counts.get(id) ?? 0) + 1));
  return {
    async consume(key, max) {
      checkKey('key', key);
      checkMax(max);
      return j.run(async (append): Promise<UseCount> => {
        const used = counts.get(key) ?? 0;
        if (used >= max) return { ok: false, used };
        await append(key);
        counts.set(key, used + 1);
        return { ok: true, used: used + 1 };
      });
    },
    async used(key) {
      checkKey('key', key);
      return j.run(() => counts.get(key) ?? 0);
    },
    close: () => j.close(),
  };
}

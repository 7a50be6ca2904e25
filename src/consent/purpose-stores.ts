// Memory and file stores of the purpose-consent ledger. The file store is an fsync'd JSON-lines
// journal: an entry is durable once append resolves; a torn last line is dropped on open.
import type * as NodeFs from 'node:fs';
import { fsReason, openPrivateAppendAsync } from '../_internal/private-files.js';
import { PiiError } from '../errors.js';
import { checkSubjectId, parsePurposeConsentEntry } from './purpose-entry.js';
import type { PurposeConsentEntry, PurposeConsentStore } from './purpose-types.js';

function nodeFs(): typeof NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as typeof NodeFs | undefined;
  if (!fs)
    throw new PiiError(
      'STORE_UNAVAILABLE',
      'File stores need Node.js 20.16 or later; use a memory or database store.',
    );
  return fs;
}

function byAppend(): {
  add(e: PurposeConsentEntry): void;
  get(id: string): PurposeConsentEntry[];
  clear(): void;
} {
  const m = new Map<string, PurposeConsentEntry[]>();
  return {
    add(e) {
      const l = m.get(e.subjectId);
      if (l) l.push(e);
      else m.set(e.subjectId, [e]);
    },
    get: (id) => [...(m.get(id) ?? [])],
    clear: () => m.clear(),
  };
}

/**
 * An in-memory purpose-consent store (tests, demos); contents are lost when the process ends.
 *
 * @returns the store
 * @example
 * ```ts
 * import { createMemoryPurposeConsentStore } from 'courier-pii/consent';
 * const store = createMemoryPurposeConsentStore();
 * await store.append({ subjectId: 'cust-1', purpose: 'marketing', action: 'give', at: 0, noticeVersion: 'v3' });
 * console.log((await store.history('cust-1')).length); // 1
 * ```
 */
export function createMemoryPurposeConsentStore(): PurposeConsentStore {
  const entries = byAppend();
  return {
    async append(entry) {
      entries.add(parsePurposeConsentEntry(entry));
    },
    async history(subjectId) {
      return entries.get(checkSubjectId(subjectId));
    },
    async close() {},
  };
}

/**
 * A purpose-consent store in a local file (an fsync'd append-only JSON-lines journal), for one
 * process; several processes need a database store from `courier-pii/stores`.
 *
 * @param path - the journal file (created 0600 when missing)
 * @returns the store; call `close()` when done
 * @throws PiiError INVALID_ARGUMENT without a path; from its methods STORE_CORRUPT for an
 *   unreadable line, STORE_UNAVAILABLE when the file cannot be read or written
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createFilePurposeConsentStore } from 'courier-pii/consent';
 * const store = createFilePurposeConsentStore(join(mkdtempSync(join(tmpdir(), 'purposes-')), 'purposes.jsonl'));
 * await store.append({ subjectId: 'cust-1', purpose: 'marketing', action: 'give', at: 0, noticeVersion: 'v3' });
 * console.log((await store.history('cust-1')).length); // 1
 * await store.close();
 * ```
 */
export function createFilePurposeConsentStore(path: string): PurposeConsentStore {
  if (typeof path !== 'string' || path.length === 0)
    throw new PiiError('INVALID_ARGUMENT', 'path must be a file path.');
  const entries = byAppend();
  let fh: NodeFs.promises.FileHandle | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function open(): Promise<void> {
    const fs = nodeFs();
    let text = '';
    try {
      text = await fs.promises.readFile(path, 'utf8');
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT')
        throw new PiiError(
          'STORE_UNAVAILABLE',
          'Cannot read the purpose-consent file; check its path and permissions.',
          {
            cause: e,
          },
        );
    }
    const end = text.lastIndexOf('\n') + 1;
    entries.clear();
    for (const line of text.slice(0, end).split('\n')) {
      if (line === '') continue;
      try {
        entries.add(parsePurposeConsentEntry(JSON.parse(line)));
      } catch {
        throw new PiiError(
          'STORE_CORRUPT',
          'The purpose-consent file has an unreadable line; restore it from a backup.',
        );
      }
    }
    try {
      fh = (await openPrivateAppendAsync(path)).handle as NodeFs.promises.FileHandle;
      if (end < Buffer.byteLength(text)) {
        // A torn last line from an interrupted write: drop it so the next line starts clean.
        await fh.truncate(Buffer.byteLength(text.slice(0, end)));
        await fh.sync();
      }
    } catch (e) {
      throw new PiiError(
        'STORE_UNAVAILABLE',
        `Cannot open the purpose-consent file for writing: ${fsReason(e)}.`,
        {
          cause: e,
        },
      );
    }
  }

  function run<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = queue.then(async () => {
      if (!fh) await open();
      return fn();
    });
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    async append(entry) {
      const e = parsePurposeConsentEntry(entry);
      return run(async () => {
        try {
          await fh!.write(`${JSON.stringify(e)}\n`);
          await fh!.datasync();
        } catch (err) {
          // The line may be on disk: read the file again before the next call.
          await fh?.close().catch(() => undefined);
          fh = undefined;
          throw new PiiError(
            'STORE_UNAVAILABLE',
            'Writing the purpose-consent file failed; it may have been written. Read the history before retrying.',
            { cause: err, details: { maybeApplied: true } },
          );
        }
        entries.add(e);
      });
    },
    async history(subjectId) {
      checkSubjectId(subjectId);
      return run(() => entries.get(subjectId));
    },
    async close() {
      await queue;
      await fh?.close();
      fh = undefined;
    },
  };
}

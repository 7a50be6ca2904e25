// Memory and file stores of the purpose-consent ledger. The file store is an fsync'd JSON-lines
// journal: an entry is durable once append resolves; a torn last line is dropped on open.
import { PiiError } from '../errors.js';
import { Journal, jsonLines } from './file-journal.js';
import { checkSubjectId, parsePurposeConsentEntry } from './purpose-entry.js';
import type { PurposeConsentEntry, PurposeConsentStore } from './purpose-types.js';

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
  const j = new Journal(
    path,
    jsonLines('purpose-consent', parsePurposeConsentEntry, ' Read the history before retrying.'),
    (e) => entries.add(e),
    () => entries.clear(),
  );
  return {
    async append(entry) {
      const e = parsePurposeConsentEntry(entry);
      return j.run(async (append) => {
        await append(e);
        entries.add(e);
      });
    },
    async history(subjectId) {
      checkSubjectId(subjectId);
      return j.run(() => entries.get(subjectId));
    },
    close: () => j.close(),
  };
}

// The in-memory rights-request store (tests, demos, single-process services).
import { PiiError } from '../errors.js';
import { parseRightsRequest } from './request-record.js';
import type { RightsRequest, RightsRequestStore } from './types.js';

/**
 * An in-memory rights-request store; contents are lost when the process ends.
 *
 * @returns the store
 * @example
 * ```ts
 * import { createMemoryRightsStore } from 'courier-pii/rights';
 * const store = createMemoryRightsStore();
 * console.log((await store.list()).length); // 0
 * ```
 */
export function createMemoryRightsStore(): RightsRequestStore {
  const rows = new Map<string, RightsRequest>();
  return {
    async put(request) {
      // Checked like the file and database stores, so a bad record fails the same everywhere.
      const r = parseRightsRequest(request);
      const cur = rows.get(r.id);
      if ((cur?.revision ?? 0) !== r.revision - 1) return false;
      rows.set(r.id, structuredClone(r));
      return true;
    },
    async get(id) {
      if (typeof id !== 'string' || !/^[A-Za-z0-9_.:/-]{1,200}$/.test(id))
        throw new PiiError(
          'INVALID_ARGUMENT',
          'request id must be 1-200 characters of A-Z a-z 0-9 _ . : / -.',
        );
      const r = rows.get(id);
      return r === undefined ? undefined : structuredClone(r);
    },
    async list(filter) {
      return [...rows.values()]
        .filter((r) => filter?.subjectId === undefined || r.subjectId === filter.subjectId)
        .filter((r) => filter?.openDueBefore === undefined || isOverdue(r, filter.openDueBefore))
        .sort((a, b) => a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : 1))
        .map((r) => structuredClone(r));
    },
    async close() {},
  };
}

/** Open (not answered or refused) and due before `at`. */
export function isOverdue(r: RightsRequest, at: number): boolean {
  return r.state !== 'answered' && r.state !== 'refused' && r.dueAt < at;
}

// The in-memory rights-request store (tests, demos, single-process services).
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
    async put(r) {
      const cur = rows.get(r.id);
      if ((cur?.revision ?? 0) !== r.revision - 1) return false;
      rows.set(r.id, structuredClone(r));
      return true;
    },
    async get(id) {
      const r = rows.get(id);
      return r === undefined ? undefined : structuredClone(r);
    },
    async list(filter) {
      return [...rows.values()]
        .filter((r) => filter?.subjectId === undefined || r.subjectId === filter.subjectId)
        .sort((a, b) => a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : 1))
        .map((r) => structuredClone(r));
    },
  };
}

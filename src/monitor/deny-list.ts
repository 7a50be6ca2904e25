// The deny list the policy honours: an actor on it gets `deny` for every decision until a
// person clears it (docs/monitoring.md, "Automatic response").

/** Why and since when an actor is on the deny list. */
export interface DenyEntry {
  /** The rule that put the actor there. */
  rule: string;
  /** The alert id. */
  alertId: string;
  /** When (ms since the epoch). */
  since: number;
}

/** A set of blocked actor ids; `has` is what the policy module calls on every decision. */
export interface DenyList {
  /** Whether the actor is blocked. */
  has(actorId: string): boolean;
  /** Blocks an actor (keeps the first entry if already blocked). */
  add(actorId: string, entry: DenyEntry): void;
  /** Unblocks an actor; returns whether it was blocked. */
  delete(actorId: string): boolean;
  /** The entry of a blocked actor. */
  get(actorId: string): DenyEntry | undefined;
  /** Every blocked actor. */
  entries(): Array<[string, DenyEntry]>;
}

/**
 * An in-memory deny list. For several service instances, implement {@link DenyList} over a
 * shared store and keep a local cache, because `has` must answer synchronously.
 *
 * @returns an empty deny list
 * @example
 * ```ts
 * import { memoryDenyList } from 'courier-pii/monitor';
 * const deny = memoryDenyList();
 * deny.add('cs-9', { rule: 'manual', alertId: 'a-1', since: Date.now() });
 * console.log(deny.has('cs-9')); // true
 * ```
 */
export function memoryDenyList(): DenyList {
  const m = new Map<string, DenyEntry>();
  return {
    has: (a) => m.size > 0 && m.has(a),
    add(a, e) {
      if (!m.has(a)) m.set(a, { ...e });
    },
    delete: (a) => m.delete(a),
    get: (a) => {
      const e = m.get(a);
      return e ? { ...e } : undefined;
    },
    entries: () => [...m].map(([a, e]) => [a, { ...e }]),
  };
}

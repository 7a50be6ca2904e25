// Loading the subject keys a page of records needs, together: the cached ones pinned at once, the
// others read in one store call (getMany), unwrapped side by side and derived in one synchronous
// step, so no key of the page is unwrapped twice and none can be evicted and wiped before the
// page is opened (docs/performance.md, "Cold keys").
import { PiiError } from '../errors.js';
import { pin, unpin } from './dek-cache.js';
import type { DekContext } from './dek-context.js';
import { invalidCiphertext } from './field-format.js';
import type { ActiveKeyRecord, SubjectKeyRecord } from './key-store.js';
import { unwrapAll } from './keyring.js';
import { destroyedError, type SubjectKeys } from './subject-keys.js';

/** The keys of one page: every context pinned once for the page; release with {@link releasePage}. @internal */
export interface PageKeys {
  readonly ctxs: Map<string, DekContext>;
  /** Subjects whose key was destroyed (only collected when erased fields are omitted). */
  readonly destroyed: Set<string>;
}

/** Unpins every context of a page. @internal */
export function releasePage(page: PageKeys): void {
  for (const c of page.ctxs.values()) unpin(c);
  page.ctxs.clear();
}

/** Why one subject of a page load has no context (the error its single load would throw). */
class Failure {
  constructor(readonly error: unknown) {}
}
/** One subject's outcome in a page load. */
type Outcome = DekContext | Failure;

function isDestroyed(e: unknown): boolean {
  return e instanceof PiiError && e.code === 'KEY_DESTROYED';
}

/**
 * Loads and pins the keys of `ids` for opening. A destroyed key throws KEY_DESTROYED, or is
 * listed in `destroyed` when `omitErased`; a subject with no key record throws
 * CIPHERTEXT_INVALID (it cannot be told from a tampered key id). On a throw nothing stays pinned.
 * @internal
 */
export async function loadForOpen(
  keys: SubjectKeys,
  ids: Iterable<string>,
  omitErased: boolean,
): Promise<PageKeys> {
  const page: PageKeys = { ctxs: new Map(), destroyed: new Set() };
  const fresh: string[] = [];
  const waits: Array<[string, Promise<DekContext>]> = [];
  for (const id of ids instanceof Set ? ids : new Set(ids)) {
    const c = keys.cache.get(id);
    if (c) {
      pin(c);
      page.ctxs.set(id, c);
      continue;
    }
    const p = keys.pending(id);
    if (p) waits.push([id, p]);
    else fresh.push(id);
  }
  if (fresh.length === 0 && waits.length === 0) return page;
  try {
    let outcomes: Map<string, Outcome> | undefined;
    if (fresh.length > 0) {
      const batch = loadFresh(keys, fresh);
      for (const id of fresh)
        keys.share(
          id,
          // a waiter pins the context itself when it resumes (and reloads it if evicted by then)
          batch.then((m) => {
            const o = m.get(id)!;
            if (o instanceof Failure) throw o.error;
            return o;
          }),
        );
      outcomes = await batch;
    }
    const failures: unknown[] = [];
    if (outcomes)
      for (const [id, o] of outcomes) {
        if (o instanceof Failure) {
          if (omitErased && isDestroyed(o.error)) page.destroyed.add(id);
          else failures.push(o.error);
        } else page.ctxs.set(id, o); // pinned by loadFresh
      }
    for (const [id, p] of waits) {
      try {
        const c = await p;
        if (c.evicted) {
          // loaded for someone else and evicted since: load it for this page
          const again = await loadForOpen(keys, [id], omitErased);
          for (const [k, v] of again.ctxs) page.ctxs.set(k, v);
          for (const k of again.destroyed) page.destroyed.add(k);
        } else {
          pin(c);
          page.ctxs.set(id, c);
        }
      } catch (e) {
        if (omitErased && isDestroyed(e)) page.destroyed.add(id);
        else failures.push(e);
      }
    }
    if (failures.length > 0) throw failures[0];
    return page;
  } catch (e) {
    releasePage(page);
    throw e;
  }
}

/**
 * Reads, unwraps and derives the keys of `ids` (none cached, none loading). Every context
 * returned is pinned once for the caller and cached. Never rejects for one subject: each gets its
 * context or its error.
 */
async function loadFresh(keys: SubjectKeys, ids: readonly string[]): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  let records: ReadonlyArray<SubjectKeyRecord | undefined>;
  try {
    records =
      ids.length > 1 && typeof keys.store.getMany === 'function'
        ? await keys.store.getMany(ids)
        : await Promise.all(ids.map((id) => keys.store.get(id)));
    if (!Array.isArray(records) || records.length !== ids.length) throw misaligned();
  } catch (e) {
    for (const id of ids) out.set(id, new Failure(e));
    return out;
  }
  const live: ActiveKeyRecord[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const r = records[i];
    if (!r) out.set(id, new Failure(invalidCiphertext()));
    else if (r.subjectId !== id) out.set(id, new Failure(misaligned()));
    else if (r.state === 'destroyed') out.set(id, new Failure(destroyedError()));
    else live.push(r);
  }
  // Unwrapped side by side (a KEK provider such as an HSM or a KMS gets them all at once), then
  // derived and pinned in one synchronous step.
  const deks = await Promise.allSettled(
    live.map((r) => unwrapAll(keys.keyring, r.kekId, r.subjectId, r.wrapped)),
  );
  for (let i = 0; i < live.length; i++) {
    const id = live[i]!.subjectId;
    const d = deks[i]!;
    if (d.status === 'rejected') out.set(id, new Failure(d.reason));
    else {
      try {
        out.set(id, keys.adopt(id, d.value, true));
      } catch (e) {
        out.set(id, new Failure(e));
      }
    }
  }
  return out;
}

function misaligned(): PiiError {
  return new PiiError(
    'KEYSTORE_CORRUPT',
    "The key store's getMany returned records that do not match the subjects asked for; fix its getMany (one record or undefined per id, in order).",
  );
}

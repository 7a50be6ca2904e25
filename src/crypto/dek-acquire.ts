// Pinning the subject DEK contexts one operation needs: synchronously when every key is cached
// (the hot path: no await, one AEAD per field), else through SubjectKeys, which unwraps each DEK
// once however many callers wait for it. Every context returned is pinned; the caller unpins it.
import { PiiError } from '../errors.js';
import { type DekCache, pin, unpin } from './dek-cache.js';
import type { DekContext } from './dek-context.js';
import type { PageKeys } from './key-batch.js';
import type { SubjectKeys } from './subject-keys.js';

/** The pinned contexts when every subject key is cached, else undefined. @internal */
export function acquireCached(
  cache: DekCache,
  ids: Iterable<string>,
  forSeal = false,
): Map<string, DekContext> | undefined {
  const out = new Map<string, DekContext>();
  for (const id of ids) {
    const c = cache.get(id);
    // a context of the other suite opens, never seals: the subject key is loaded for sealing
    if (!c || (forSeal && !c.canSeal)) return undefined;
    out.set(id, c);
  }
  for (const c of out.values()) pin(c);
  return out;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The contexts of `ids` from a page's keys, else the cache, each pinned once for the caller, and
 * which of them the page found destroyed; undefined when one is in neither. @internal
 */
export function pageContexts(
  cache: DekCache,
  ids: Iterable<string>,
  page: PageKeys | undefined,
): { ctxs: Map<string, DekContext>; destroyed: ReadonlySet<string> } | undefined {
  const ctxs = new Map<string, DekContext>();
  let destroyed: Set<string> | undefined;
  for (const id of ids) {
    const c = page?.ctxs.get(id) ?? cache.get(id);
    if (c) ctxs.set(id, c);
    else if (page?.destroyed.has(id)) {
      destroyed ??= new Set();
      destroyed.add(id);
    } else return undefined;
  }
  for (const c of ctxs.values()) pin(c);
  return { ctxs, destroyed: destroyed ?? NONE };
}

/** Loads and pins the contexts of some subjects; the caller must unpin them. @internal */
export async function acquire(
  keys: SubjectKeys,
  ids: Iterable<string>,
  forSeal: boolean,
): Promise<Map<string, DekContext>> {
  const out = new Map<string, DekContext>();
  // Hot path: every key already cached, no await needed.
  const list = [...ids];
  for (const id of list) {
    const c = keys.cache.get(id);
    if (!c || (forSeal && !c.canSeal)) break;
    out.set(id, c);
  }
  if (out.size === list.length) {
    for (const c of out.values()) pin(c);
    return out;
  }
  out.clear();
  const results = await Promise.allSettled(
    list.map(async (id) => {
      for (let attempt = 0; attempt < 8; attempt++) {
        const ctx = await (forSeal ? keys.forSeal(id) : keys.forOpen(id));
        if (!ctx.evicted) {
          pin(ctx);
          out.set(id, ctx);
          return;
        }
      }
      throw new PiiError(
        'INVALID_ARGUMENT',
        'The key cache is too small for this workload; raise cache.maxEntries.',
      );
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    for (const c of out.values()) unpin(c);
    throw failed.reason;
  }
  return out;
}

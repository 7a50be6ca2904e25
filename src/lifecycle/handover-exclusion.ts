// People left out of a handover: customers who objected during the notice period (PIPL Art. 22
// with Art. 44) or withdrew consent. Their keys are never rewrapped to the buyer; the seller either
// crypto-shreds them (the erasure ledger first, so a restored backup cannot bring them back) or
// keeps them under its own KEK and retention. The manifest counts both, never who.
import type { AuditLog } from '../audit/index.js';
import {
  destroyedKeyRecord,
  recordKeyDestruction,
  type SubjectKeyRecord,
  type SubjectKeyStore,
} from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { recordKeyOf } from './people.js';
import { digest } from './signing.js';

/** Who is left out of a handover, and what happens to their keys. */
export interface HandoverExclusion {
  /** Data subject ids (the ids given per role to `vault.seal`). */
  subjects?: Iterable<string>;
  /** Record ids whose own keys (`record:<id>`: fields outside any subject) go with the excluded people. */
  records?: Iterable<string>;
  /**
   * `erase`: crypto-shred the keys (the erasure ledger records each, reason `handover-exclusion`).
   * `keep`: leave them under the seller's KEK in the seller's store, under its retention (needs a
   * separate buyer key store, so that the buyer's store never holds them).
   */
  action: 'erase' | 'keep';
}

/** The checked exclusion set with counters. @internal */
export interface Excluder {
  has(keyId: string): boolean;
  /** Digest of the set and the action (kept in the progress checkpoint). */
  readonly digest: string;
  readonly action: 'erase' | 'keep';
  /** Handles one excluded key; returns whether it ends erased or kept. */
  apply(cur: SubjectKeyRecord): Promise<'erased' | 'kept'>;
}

/** Checks an exclusion and binds it to the seller's store and audit log. @internal */
export function excluder(
  x: HandoverExclusion | undefined,
  ctx: {
    store: SubjectKeyStore;
    separateBuyerStore: boolean;
    audit: AuditLog | undefined;
    actor: string;
    handoverId: string;
    now: () => Date;
  },
): Excluder | undefined {
  if (x === undefined) return undefined;
  if (typeof x !== 'object' || x === null || (x.action !== 'erase' && x.action !== 'keep'))
    throw new PiiError(
      'HANDOVER_INVALID',
      "exclude needs { subjects?, records?, action: 'erase' | 'keep' }.",
    );
  const ids = new Set<string>();
  for (const s of x.subjects ?? []) {
    if (typeof s !== 'string' || s.length === 0)
      throw new PiiError('HANDOVER_INVALID', 'exclude.subjects must list non-empty subject ids.');
    ids.add(s);
  }
  for (const r of x.records ?? []) {
    if (typeof r !== 'string' || r.length === 0)
      throw new PiiError('HANDOVER_INVALID', 'exclude.records must list non-empty record ids.');
    ids.add(recordKeyOf(r));
  }
  if (x.action === 'keep' && !ctx.separateBuyerStore)
    throw new PiiError(
      'HANDOVER_INVALID',
      "Keeping excluded people under the seller's KEK needs a separate buyer key store (`to: { keyring, keyStore }`): in a shared store the buyer would hold their keys.",
    );
  if (x.action === 'erase' && !ctx.audit)
    throw new PiiError(
      'HANDOVER_INVALID',
      "Erasing excluded people needs `audit` (the seller's audit log), so the erasure ledger records each key before it is destroyed.",
    );
  const action = x.action;
  return {
    action,
    digest: digest({ action, ids: [...ids].sort() }),
    has: (id) => ids.has(id),
    async apply(first) {
      if (first.state === 'destroyed') return 'erased';
      if (action === 'keep') return 'kept';
      let cur: SubjectKeyRecord | undefined = first;
      for (let attempt = 0; attempt < 16 && cur; attempt++) {
        if (cur.state === 'destroyed') return 'erased';
        // The ledger first: a crash after this line can only make a restore destroy this key.
        await recordKeyDestruction(ctx.audit!, {
          keyId: cur.subjectId,
          reason: 'handover-exclusion',
          scope: 'subject',
          kekId: cur.kekId,
          actor: ctx.actor,
          purpose: 'company-handover',
          handoverId: ctx.handoverId,
        });
        const shred = destroyedKeyRecord({
          subjectId: cur.subjectId,
          createdAt: cur.createdAt,
          destroyedAt: ctx.now().getTime(),
          revision: cur.revision + 1,
        });
        if (await ctx.store.compareAndSet(cur.subjectId, cur.revision, shred)) return 'erased';
        cur = await ctx.store.get(cur.subjectId);
      }
      if (!cur) return 'erased';
      throw new PiiError(
        'STORE_CONFLICT',
        'An excluded subject key kept changing during the handover; stop other writers and resume.',
      );
    },
  };
}

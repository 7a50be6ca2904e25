// One key record's move in a handover (handover.ts): skipped when out of scope, excluded (erased
// or kept), counted when erased or already moved, otherwise every DEK of it rewrapped for the
// buyer and written with one compare-and-set; with a separate buyer store the seller's copy is
// recorded in the erasure ledger first and then shredded. The tally feeds the manifest's counts.
import { wipe } from '../_internal/bytes.js';
import type { AuditLog } from '../audit/index.js';
import {
  destroyedKeyRecord,
  type Keyring,
  recordKeyDestruction,
  type SubjectKeyRecord,
  type SubjectKeyStore,
  unwrapAll,
} from '../crypto/index.js';
import { PiiError } from '../errors.js';
import type { excluder } from './handover-exclusion.js';
import type { Rewrapper } from './handover-rewrap.js';
import type { scopeFilter } from './handover-scope.js';
import { isRecordKey } from './people.js';

/** What one handover run needs to move a record. @internal */
export interface MoveContext {
  handoverId: string;
  sellerRing: Keyring;
  sellerStore: SubjectKeyStore;
  /** The seller KEK ids the run started with. */
  sellerKeks: ReadonlySet<string>;
  /** A separate buyer key store, when the keys move there. */
  buyerStore?: SubjectKeyStore;
  /** The buyer's keyring, for a keyring handover (otherwise `rw` wraps to a public key). */
  buyerKeyring?: Keyring;
  buyerKekId: string;
  rw: Rewrapper;
  scope?: Awaited<ReturnType<typeof scopeFilter>>;
  ex?: ReturnType<typeof excluder>;
  audit?: AuditLog;
  actor: string;
  now: () => Date;
}

/** The counts of a run, people and records' own keys apart. @internal */
export interface MoveTally {
  people: {
    active: number;
    erased: number;
    excludedErased: number;
    excludedKept: number;
    outOfScope: number;
  };
  recs: { active: number; erased: number; excluded: number };
  recordsOutOfScope: number;
  copiesDestroyed: number;
  unknown: number;
  rewrapped: number;
}

/** The mover of one run and its tally. @internal */
export function handoverMover(ctx: MoveContext): {
  moveOne: (first: SubjectKeyRecord) => Promise<void>;
  tally: MoveTally;
} {
  const actor = ctx.actor;
  const now = ctx.now;
  // People and records' own keys are counted apart (people.ts): notices and counts are per person.
  const t: MoveTally = {
    people: { active: 0, erased: 0, excludedErased: 0, excludedKept: 0, outOfScope: 0 },
    recs: { active: 0, erased: 0, excluded: 0 },
    recordsOutOfScope: 0,
    copiesDestroyed: 0,
    unknown: 0,
    rewrapped: 0,
  };
  const { people, recs } = t;
  const { scope, ex, buyerStore, sellerStore, sellerRing, sellerKeks, rw, buyerKekId } = ctx;
  const live = (id: string): void => {
    if (isRecordKey(id)) recs.active++;
    else people.active++;
  };
  const gone = (id: string): void => {
    if (isRecordKey(id)) recs.erased++;
    else people.erased++;
  };

  const moveOne = async (first: SubjectKeyRecord): Promise<void> => {
    if (scope && !scope.has(first.subjectId)) {
      // Out of scope: stays in the seller's store as it is (a tombstone is not counted).
      if (first.state === 'active') {
        if (isRecordKey(first.subjectId)) t.recordsOutOfScope++;
        else people.outOfScope++;
      }
      return;
    }
    if (ex?.has(first.subjectId)) {
      const outcome = await ex.apply(first);
      if (isRecordKey(first.subjectId)) recs.excluded++;
      else if (outcome === 'erased') people.excludedErased++;
      else people.excludedKept++;
      return;
    }
    let cur: SubjectKeyRecord | undefined = first;
    for (let attempt = 0; attempt < 16 && cur; attempt++) {
      if (cur.state === 'destroyed') {
        // With a separate buyer store, a shredded seller record may be a copy already moved.
        const there = buyerStore ? await buyerStore.get(cur.subjectId) : undefined;
        if (there?.state === 'active') {
          if (!rw.owns(there.kekId))
            throw new PiiError(
              'HANDOVER_INVALID',
              "The buyer's key store holds a key under another KEK for a subject the seller erased or moved; hand over into an empty store.",
            );
          live(cur.subjectId);
          t.copiesDestroyed++;
        } else {
          if (buyerStore && !there) await buyerStore.create({ ...cur, revision: 1 });
          gone(cur.subjectId);
        }
        return;
      }
      if (rw.owns(cur.kekId)) {
        live(cur.subjectId);
        return;
      }
      if (!sellerKeks.has(cur.kekId)) {
        t.unknown++;
        return;
      }
      let kekId: string;
      let wrapped: Uint8Array;
      if (ctx.buyerKeyring) {
        // every DEK of the record (either suite) moves, keeping its suite
        wrapped = await sellerRing.rewrap(
          cur.kekId,
          cur.subjectId,
          cur.wrapped,
          buyerKekId,
          ctx.buyerKeyring,
        );
        kekId = buyerKekId;
      } else {
        // every DEK of the record (either suite) goes into the package with its suite
        const deks = await unwrapAll(sellerRing, cur.kekId, cur.subjectId, cur.wrapped);
        try {
          ({ kekId, wrapped } = await rw.wrap(cur.subjectId, deks));
        } finally {
          if (deks.legacy) wipe(deks.legacy);
          if (deks.gm) wipe(deks.gm);
        }
      }
      if (buyerStore) {
        const stored = await buyerStore.create({
          subjectId: cur.subjectId,
          state: 'active',
          kekId,
          wrapped,
          createdAt: cur.createdAt,
          revision: 1,
        });
        if (stored.state !== 'active' || !rw.owns(stored.kekId)) {
          throw new PiiError(
            'HANDOVER_INVALID',
            "The buyer's key store already holds a different key for a subject; hand over into an empty store.",
          );
        }
        // The ledger first: a crash after this line can only make a restore destroy this copy.
        await recordKeyDestruction(ctx.audit!, {
          keyId: cur.subjectId,
          reason: 'handover',
          scope: 'copy',
          keptUnder: kekId,
          kekId: cur.kekId,
          actor,
          purpose: 'company-handover',
          handoverId: ctx.handoverId,
        });
        const shred = destroyedKeyRecord({
          subjectId: cur.subjectId,
          createdAt: cur.createdAt,
          destroyedAt: now().getTime(),
          revision: cur.revision + 1,
        });
        if (await sellerStore.compareAndSet(cur.subjectId, cur.revision, shred)) {
          t.rewrapped++;
          live(cur.subjectId);
          t.copiesDestroyed++;
          return;
        }
      } else if (
        await sellerStore.compareAndSet(cur.subjectId, cur.revision, {
          ...cur,
          kekId,
          wrapped,
          revision: cur.revision + 1,
        })
      ) {
        t.rewrapped++;
        live(cur.subjectId);
        return;
      }
      cur = await sellerStore.get(cur.subjectId);
    }
    throw new PiiError(
      'STORE_CONFLICT',
      'A subject key kept changing during the handover; stop other writers and resume.',
    );
  };

  return { moveOne, tally: t };
}

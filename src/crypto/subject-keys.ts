// Subject DEK lifecycle behind a vault: load (unwrap once, then cache), create on first seal,
// destroy (crypto-shredding), rewrap under a new KEK (rotation).
import { wipe } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import type { Backend } from './backend.js';
import type { DekCache } from './dek-cache.js';
import { type DekContext, deriveContext, deriveGmContext } from './dek-context.js';
import { destroyKey } from './erasure-ledger.js';
import { invalidCiphertext, SUITE_GM, type SuiteByte } from './field-format.js';
import type { GmBackend } from './gm/gm-backend.js';
import type { SubjectKeyRecord, SubjectKeyStore } from './key-store.js';
import { type Keyring, unwrapAll, wrapAll } from './keyring.js';

/** The unwrapped DEKs of one subject key record, by suite. @internal */
export interface SubjectDeks {
  legacy?: Uint8Array;
  gm?: Uint8Array;
}

/** The error for sealing under a suite the subject's record does not hold. */
function otherSuite(): PiiError {
  return new PiiError(
    'INVALID_ARGUMENT',
    "This subject's key moved to suite 'gm': seal its data with a vault created with suite: 'gm' (a default-suite vault still opens its older fields).",
  );
}

/** Progress of {@link Vault.rotateKek}, reported after every subject key. */
export interface RotationProgress {
  /** Subject key records examined so far. */
  done: number;
  /** Records rewrapped under the new KEK so far (this run). */
  rewrapped: number;
}

/** Options of {@link Vault.rotateKek}. */
export interface RotateKekOptions {
  /** Called after each subject key record. */
  onProgress?: (p: RotationProgress) => void;
  /** Records rewrapped in parallel (default 32); lets stores batch their durable writes. */
  concurrency?: number;
}

/** Result of {@link Vault.rotateKek}. */
export interface RotateKekResult {
  /** DEKs rewrapped by this run (a resumed run counts only what it did). */
  rewrapped: number;
}

export function destroyedError(): PiiError {
  return new PiiError(
    'KEY_DESTROYED',
    'This data subject was erased: its key is destroyed, so its sealed fields can no longer be opened and no new data can be sealed for it. Use a new subject id for new data.',
  );
}

/** What erasing one subject did. @internal */
export interface EraseOutcome {
  alreadyDestroyed: boolean;
  kekId?: string;
  hadKey: boolean;
  destroyedAt: number;
}

/** @internal */
export class SubjectKeys {
  private readonly inflight = new Map<string, Promise<DekContext>>();
  /** Subjects erased through this vault: a key unwrapped after the erasure began is refused. */
  readonly erased = new Set<string>();
  constructor(
    readonly keyring: Keyring,
    readonly store: SubjectKeyStore,
    readonly backend: Backend,
    readonly cache: DekCache,
    readonly now: () => number,
    /** The vault's suite: new DEKs and new fields use it. */
    readonly suite: SuiteByte = 1,
    readonly gm: GmBackend | undefined = undefined,
  ) {}

  /** The subject's DEK, created (and stored wrapped) on first use. */
  forSeal(id: string): Promise<DekContext> | DekContext {
    const c = this.cache.get(id);
    return c?.canSeal ? c : this.load(id, true);
  }

  /** The subject's DEK for opening; a key id with no record is treated as a bad ciphertext. */
  forOpen(id: string): Promise<DekContext> | DekContext {
    return this.cache.get(id) ?? this.load(id, false);
  }

  private load(id: string, create: boolean): Promise<DekContext> {
    const k = `${create ? 's' : 'o'}:${id}`;
    let p = this.inflight.get(k);
    if (!p) {
      p = this.loadNow(id, create).finally(() => this.inflight.delete(k));
      this.inflight.set(k, p);
    }
    return p;
  }

  private async loadNow(id: string, create: boolean): Promise<DekContext> {
    const gm = this.suite === SUITE_GM;
    for (let attempt = 0; ; attempt++) {
      let r = await this.store.get(id);
      let deks: SubjectDeks | undefined;
      if (!r) {
        if (!create) throw invalidCiphertext();
        const fresh = this.backend.randomBytes(32);
        const mine: SubjectDeks = gm ? { gm: fresh } : { legacy: fresh };
        const kekId = this.keyring.activeId;
        const wrapped = await wrapAll(this.keyring, kekId, id, mine);
        r = await this.store.create({
          subjectId: id,
          state: 'active',
          kekId,
          wrapped,
          createdAt: this.now(),
          revision: 1,
        });
        if (
          r.state === 'active' &&
          r.kekId === kekId &&
          r.wrapped.length === wrapped.length &&
          r.wrapped.every((b, i) => b === wrapped[i])
        )
          deks = mine;
        else wipe(fresh);
      }
      if (r.state === 'destroyed') throw destroyedError();
      deks ??= await unwrapAll(this.keyring, r.kekId, id, r.wrapped);
      if (create && !gm && deks.gm) {
        // once a subject has a GM DEK, new data for it is GM only: a suite-1 field sealed now
        // would be lost when the re-encryption job drops the old DEK
        wipe(deks.gm);
        wipe(deks.legacy);
        throw otherSuite();
      }
      if (create && gm && !deks.gm) {
        // A subject sealed under suite 1 gets a GM DEK beside its old one (same record, same
        // KEK): its old fields still open, new ones are GM; the re-encryption job later moves
        // the old fields and drops the old DEK.
        const fresh = this.backend.randomBytes(32);
        const wrapped = await wrapAll(this.keyring, r.kekId, id, { gm: fresh, legacy: deks.legacy });
        const next = { ...r, wrapped, revision: r.revision + 1 };
        if (await this.store.compareAndSet(id, r.revision, next)) deks.gm = fresh;
        else {
          wipe(fresh);
          wipe(deks.legacy);
          if (attempt < 8) continue;
          throw new PiiError(
            'KEYSTORE_CORRUPT',
            'A subject key record kept changing while a GM key was added to it; retry.',
          );
        }
      }
      return this.adopt(id, deks, false);
    }
  }

  /**
   * Derives and caches the context of a just-unwrapped DEK (taking ownership of it), pinned
   * first when `pinned` so no eviction can wipe it before the caller uses it; refuses a subject
   * erased meanwhile. Shared by single loads and page loads (key-batch.ts).
   */
  adopt(id: string, deks: SubjectDeks, pinned: boolean): DekContext {
    if (this.erased.has(id)) {
      wipe(deks.legacy);
      wipe(deks.gm);
      throw destroyedError();
    }
    const legacy = deks.legacy && deriveContext(this.backend, id, deks.legacy);
    const gm = deks.gm && deriveGmContext(this.backend, this.gmBackend(), id, deks.gm);
    if (!legacy && !gm) throw new PiiError('KEY_INVALID', 'A subject key record holds no key.');
    // the context of the vault's suite first; the other one opens the subject's older fields
    const [ctx, other] =
      this.suite === SUITE_GM
        ? [gm ?? legacy!, gm ? legacy : undefined]
        : [legacy ?? gm!, legacy ? gm : undefined];
    ctx.alt = other;
    // a default-suite vault never seals for a subject that has a GM DEK (see loadNow)
    ctx.canSeal = ctx.suite === this.suite && !(this.suite !== SUITE_GM && gm);
    if (other) other.canSeal = false;
    if (pinned) ctx.pins++;
    this.cache.set(id, ctx);
    return ctx;
  }

  private gmBackend(): GmBackend {
    if (!this.gm) throw new PiiError('BACKEND_UNAVAILABLE', 'No GM backend is available for this vault.');
    return this.gm;
  }

  /** A load of `id` already under way (to open or to seal), if any. */
  pending(id: string): Promise<DekContext> | undefined {
    return this.inflight.get(`o:${id}`) ?? this.inflight.get(`s:${id}`);
  }

  /** Lets loads of `id` to open wait for `p` (a page load) instead of reading the store again. */
  share(id: string, p: Promise<DekContext>): void {
    const k = `o:${id}`;
    const q = p.finally(() => {
      if (this.inflight.get(k) === q) this.inflight.delete(k);
    });
    q.catch(() => {}); // the page reports its own failures; waiters see theirs through p
    this.inflight.set(k, q);
  }

  /** Destroys the subject's DEK (leaving a tombstone), or records a tombstone when it had none. */
  async erase(id: string): Promise<EraseOutcome> {
    this.erased.add(id);
    this.cache.delete(id);
    const r = await destroyKey(this.store, id, this.now());
    this.cache.delete(id);
    return {
      alreadyDestroyed: r.outcome === 'already',
      hadKey: r.outcome !== 'tombstoned',
      destroyedAt: r.destroyedAt,
      ...(r.kekId !== undefined ? { kekId: r.kekId } : {}),
    };
  }

  /** Rewraps every live DEK not yet under `newKekId`, one compare-and-set per record. */
  async rotate(newKekId: string, o: RotateKekOptions = {}): Promise<RotateKekResult> {
    if (!this.keyring.has(newKekId)) {
      throw new PiiError(
        'KEY_NOT_FOUND',
        `No KEK "${newKekId}" in the keyring; add it before rotating to it.`,
      );
    }
    this.keyring.setActive(newKekId);
    const concurrency = Math.max(1, Math.floor(o.concurrency ?? 32));
    let done = 0;
    let rewrapped = 0;
    const one = async (first: SubjectKeyRecord): Promise<void> => {
      let cur: SubjectKeyRecord | undefined = first;
      while (cur && cur.state === 'active' && cur.kekId !== newKekId) {
        // every DEK in the record, of either suite, moves to the new KEK
        const wrapped = await this.keyring.rewrap(cur.kekId, cur.subjectId, cur.wrapped, newKekId);
        const kekId = newKekId;
        if (
          await this.store.compareAndSet(cur.subjectId, cur.revision, {
            ...cur,
            kekId,
            wrapped,
            revision: cur.revision + 1,
          })
        ) {
          rewrapped++;
          break;
        }
        cur = await this.store.get(cur.subjectId);
      }
      done++;
      o.onProgress?.({ done, rewrapped });
    };
    let window: Promise<void>[] = [];
    for await (const r of this.store.list()) {
      window.push(one(r));
      if (window.length >= concurrency) {
        await Promise.all(window);
        window = [];
      }
    }
    await Promise.all(window);
    return { rewrapped };
  }
}

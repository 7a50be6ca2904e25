// Company handover (PIPL Art. 22; GB/T 35273-2020 §9.3): every subject DEK is unwrapped with the
// seller's KEK and wrapped with the buyer's, one compare-and-set per record, without touching
// field ciphertexts. Resumable: a record already under the buyer's KEK is skipped, so a crashed
// run is simply run again. Memory stays flat: records stream through a bounded window.
import type * as z from 'zod';
import { assertNonEmptyString } from '../_internal/assert.js';
import { toHex, wipe } from '../_internal/bytes.js';
import type { AuditLog, AuditSpool } from '../audit/index.js';
import {
  type Keyring,
  recordKeyDestruction,
  type SubjectKeyRecord,
  type SubjectKeyStore,
} from '../crypto/index.js';
import { unwrapAll } from '../crypto/keyring.js';
import { PiiError } from '../errors.js';
import { memoryProgressStore, type ProgressStore } from '../stores/index.js';
import { flushKept, recordFailure, spoolFor } from './failure-events.js';
import { type HandoverState, loadState, saveState } from './handover-progress.js';
import {
  type HandoverManifest,
  type HandoverManifestBody,
  type HandoverPartyInfo,
  manifestHash,
  signManifest,
} from './manifest.js';
import { type HandoverExclusion, excluder } from './handover-exclusion.js';
import { type HandoverInheritance, inheritedItems, notSuppliedOf } from './handover-inheritance.js';
import {
  hpkeRewrapper,
  keyringRewrapper,
  packageKindOf,
  recipientTargetId,
  type Rewrapper,
} from './handover-rewrap.js';
import { type HandoverScope, scopeFilter } from './handover-scope.js';
import { countRecords, definitionCounts, isRecordKey, recordKeyOf } from './people.js';
import type { RecordSource } from './record-source.js';
import { keyIdOf, type LifecycleSigningKey, publicKeyOf } from './signing.js';
import { checkOptions } from '../_internal/options.js';
import { HANDOVER_OPTIONS, HANDOVER_TARGET_OPTIONS } from './option-names.js';

/** Progress of a handover run. */
export interface HandoverProgress {
  /** Records examined by this run. */
  done: number;
  /** DEKs rewrapped by this run. */
  rewrapped: number;
  /** Live DEKs under the buyer's KEK so far (including earlier runs). */
  active: number;
  /** Which run this is (1 for the first). */
  run: number;
}

/** Options of {@link handover}. */
export interface HandoverOptions {
  /** Stable id of this handover; rerun with the same id to resume. */
  id: string;
  /** The seller's keyring and subject key store. */
  from: { keyring: Keyring; keyStore: SubjectKeyStore };
  /**
   * The buyer's keyring (its active KEK wraps every DEK); with `keyStore`, DEKs are written to
   * the buyer's store and the seller's records are shredded, otherwise they are rewrapped in place.
   * With `recipientPublicKey` instead of a keyring, DEKs are wrapped to that public key, so the
   * seller's process never holds a buyer secret; the buyer imports them under its own KEK with
   * `acceptHandover`. The key's kind picks the package: a 32-byte X25519 key
   * (`generateRecipientKey`) gets HPKE, a 65-byte SM2 key (`generateSm2RecipientKey`) gets SM2
   * encryption with SM4-GCM. Every DEK of a record, of either suite, is carried with its suite.
   */
  to:
    | Keyring
    | { keyring: Keyring; keyStore?: SubjectKeyStore }
    | { recipientPublicKey: Uint8Array; keyStore?: SubjectKeyStore };
  /** The seller, with the Ed25519 or SM2 key that signs the manifest. */
  seller: HandoverPartyInfo & { signingKey: LifecycleSigningKey };
  /** The buyer (recipient): name and contact are what individuals are told (PIPL Art. 22). */
  buyer: HandoverPartyInfo;
  /**
   * What kind of transfer (stated in the manifest): `asset`, `merger`, `division` move data to
   * another processor (PIPL Art. 22); `equity` keeps the processor (see `equityTransfer`).
   */
  kind?: 'asset' | 'merger' | 'division' | 'equity';
  /** Purposes in force; frozen in the manifest. */
  purposes: readonly string[];
  /** Schemas of the data handed over (for field counts and schema hashes); ids from `pii.id`. */
  schemas?: readonly z.core.$ZodType[];
  /** Records per schema id: with it, field counts are definitions × records, labelled an upper bound. */
  recordCounts?: Readonly<Record<string, number>>;
  /**
   * The caller's records: with it, field counts are the fields actually present in the records
   * handed over (excluded people's records left out), and `schemas`/`recordCounts` are not needed.
   */
  records?: RecordSource;
  /**
   * People (and their records) left out of the handover, for example the customers who objected
   * in the notice period or withdrew consent: their keys are not rewrapped, and are crypto-shredded
   * (`action: 'erase'`, recorded in the erasure ledger) or stay under the seller's KEK in the
   * seller's store (`action: 'keep'`, needs a separate buyer key store). The manifest counts them,
   * never names them. {@link planHandover} builds one from the objections it is given.
   */
  exclude?: HandoverExclusion;
  /**
   * A partial handover: only these schemas, roles or purposes move (needs `records` and a separate
   * buyer key store); keys out of scope stay with the seller. The manifest states the scope and
   * counts the keys left out.
   */
  scope?: HandoverScope;
  /**
   * What the buyer inherits besides the keys (consent issuer keys, revocations, use counters,
   * retention rules, legal holds, open requests, the audit checkpoint, the blind-index key): each
   * given item is bound into the manifest as a digest and a count; each item not given is written
   * as not supplied.
   */
  inherit?: HandoverInheritance;
  /** Policy id → policy hash in force (for example `decision.policyHash`). */
  policyHashes?: Readonly<Record<string, string>>;
  /** Where progress is checkpointed, key `handover/<id>` (default: in memory; use a file or database `ProgressStore` from courier-pii/stores to survive crashes). */
  progress?: ProgressStore;
  /** Called every `progressEvery` records and at the end. */
  onProgress?: (p: HandoverProgress) => void;
  /** Records between progress checkpoints (default 1000). */
  progressEvery?: number;
  /** Records rewrapped in parallel (default 256; lets stores batch durable writes). */
  concurrency?: number;
  /**
   * Audit log for handover.started / progress / completed / failed, and the erasure ledger: with
   * a separate buyer `keyStore`, each seller copy is recorded as `key.destroyed` (scope `copy`)
   * before it is destroyed, so restoring an older backup of the seller's store cannot bring the
   * seller's copies back. Required in that case (fail-closed: the handover refuses to start).
   */
  audit?: AuditLog;
  /**
   * Where a `handover.failed` event is kept when the audit log cannot store it (its database is
   * down); kept events are written before the next run starts, and a run does not start while
   * they cannot be. Default: a bounded memory spool per audit log, kept as long as the process
   * runs; pass `fileSpool(path)` from courier-pii/audit to keep them across restarts.
   */
  spool?: AuditSpool;
  /** Audit actor (default the seller id). */
  actor?: string;
  /** Clock (default `() => new Date()`). */
  now?: () => Date;
}

/** Result of {@link handover}. */
export interface HandoverResult {
  /** The seller-signed manifest (the buyer countersigns with `countersignManifest`). */
  manifest: HandoverManifest;
  /** DEKs rewrapped by this run (0 when resuming an already finished handover). */
  rewrapped: number;
  /** How many runs the handover took. */
  runs: number;
}

interface Target {
  keyring?: Keyring;
  recipientPublicKey?: Uint8Array;
  keyStore?: SubjectKeyStore;
}

function targetOf(to: HandoverOptions['to']): Target {
  if (typeof (to as Keyring)?.wrap === 'function') return { keyring: to as Keyring };
  checkOptions('handover to', to, HANDOVER_TARGET_OPTIONS);
  const t = to as Target;
  if (typeof t?.keyring?.wrap === 'function' && t.recipientPublicKey === undefined) return t;
  if (t?.recipientPublicKey instanceof Uint8Array && t.keyring === undefined) return t;
  throw new PiiError(
    'HANDOVER_INVALID',
    "to must be the buyer's keyring, { keyring, keyStore? }, or { recipientPublicKey, keyStore? } (one of keyring and recipientPublicKey).",
  );
}

/**
 * Hands a company's personal data over to a buyer: rewraps every subject DEK from the seller's
 * KEKs to the buyer's active KEK (field ciphertexts are untouched), resumes after a crash,
 * reports progress, and returns a seller-signed manifest. Afterwards no record is wrapped by a
 * seller KEK, so the seller's keys open nothing. Then: the buyer runs {@link verifyHandover},
 * countersigns, and notifies every subject from {@link handoverNotices}.
 *
 * @param options - parties, keys, purposes, schemas, progress store
 * @returns the manifest and counters
 * @throws PiiError HANDOVER_INVALID when the buyer's KEK is a seller KEK, a record is wrapped by an unknown KEK, or the state is inconsistent
 * @throws PiiError KEY_INVALID when a seller DEK does not unwrap (damaged store)
 * @throws PiiError AUDIT_SINK_FAILED before starting, while `handover.failed` events of earlier
 * runs are kept (see `spool`) and the audit log cannot store them yet
 * @example
 * ```ts
 * import { createKeyring, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { handover } from 'courier-pii/lifecycle';
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * const keyStore = memoryKeyStore();
 * const seller = createKeyring({ keks: [{ id: 'seller-kek', key: generateKey() }], active: 'seller-kek' });
 * const buyer = createKeyring({ keks: [{ id: 'buyer-kek', key: generateKey() }], active: 'buyer-kek' });
 * const { kekId, wrapped } = await seller.wrap('subj-1', generateKey());
 * await keyStore.create({ subjectId: 'subj-1', state: 'active', kekId, wrapped, createdAt: 0, revision: 1 });
 * const { manifest } = await handover({
 *   id: 'h-1', from: { keyring: seller, keyStore }, to: buyer, purposes: ['delivery'],
 *   seller: { id: 'a', name: 'Seller Express Co.', contact: 'privacy@seller.example', signingKey: ed25519.keygen() },
 *   buyer: { id: 'b', name: 'Buyer Logistics Co.', contact: 'privacy@buyer.example' },
 * });
 * console.log(manifest.subjects.active); // 1
 * ```
 */
export async function handover(options: HandoverOptions): Promise<HandoverResult> {
  checkOptions('handover', options, HANDOVER_OPTIONS);
  assertNonEmptyString('id', options?.id);
  const target = targetOf(options.to);
  const buyerStore = target.keyStore;
  const sellerStore = options.from.keyStore;
  const sellerRing = options.from.keyring;
  const now = options.now ?? (() => new Date());
  const progress = options.progress ?? memoryProgressStore();
  const actor = options.actor ?? options.seller.id;
  const every = Math.max(1, Math.floor(options.progressEvery ?? 1000));
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 256));
  publicKeyOf(options.seller.signingKey);
  for (const p of [options.seller, options.buyer]) {
    assertNonEmptyString('party.id', p?.id);
    assertNonEmptyString('party.name', p.name);
    assertNonEmptyString('party.contact', p.contact);
  }
  if (buyerStore && !options.audit) {
    throw new PiiError(
      'HANDOVER_INVALID',
      "A handover into a separate buyer key store destroys the seller's copy of every key: give `audit` (the seller's audit log), so the erasure ledger records each one and a restore of the seller's store cannot bring them back.",
    );
  }
  if (options.kind !== undefined && !['asset', 'merger', 'division', 'equity'].includes(options.kind))
    throw new PiiError('HANDOVER_INVALID', "kind must be 'asset', 'merger', 'division' or 'equity'.");
  if (!Array.isArray(options.purposes) || options.purposes.length === 0) {
    throw new PiiError(
      'HANDOVER_INVALID',
      'purposes must list the purposes in force; they are frozen in the manifest.',
    );
  }

  // Everything that can be refused is refused before the first key moves (fail closed).
  const scope = await scopeFilter(options.scope, options.records, buyerStore !== undefined);
  await inheritedItems(options.inherit, undefined);
  const ex = excluder(options.exclude, {
    store: sellerStore,
    separateBuyerStore: buyerStore !== undefined,
    audit: options.audit,
    actor,
    handoverId: options.id,
    now,
  });

  const spool = options.audit ? spoolFor(options.audit, options.spool) : undefined;
  if (options.audit && spool) await flushKept(options.audit, spool, 'handover');

  let state: HandoverState | undefined = await loadState(progress, options.id);
  if (state?.phase === 'signed' && state.manifest)
    return { manifest: state.manifest, rewrapped: 0, runs: state.runs };
  const buyerKekId = target.keyring
    ? target.keyring.activeId
    : recipientTargetId(packageKindOf(target.recipientPublicKey!), keyIdOf(target.recipientPublicKey!));
  if (!state) {
    state = {
      id: options.id,
      phase: 'rewrapping',
      startedAt: now().toISOString(),
      sellerKekIds: sellerRing.ids(),
      buyerKekId,
      runs: 0,
      done: 0,
      ...(ex ? { exclusionDigest: ex.digest } : {}),
      ...(scope ? { scopeDigest: scope.digest } : {}),
    };
    await options.audit?.append({
      kind: 'handover.started',
      actor,
      purpose: 'company-handover',
      keyIds: [...state.sellerKekIds, buyerKekId],
      data: { handoverId: options.id, buyer: options.buyer.id },
    });
  }
  if (state.buyerKekId !== buyerKekId) {
    throw new PiiError(
      'HANDOVER_INVALID',
      `This handover started with buyer KEK "${state.buyerKekId}"; resume it with the same active buyer KEK.`,
    );
  }
  // The same people left out and the same scope on every run (a resume cannot widen the transfer).
  if (state.exclusionDigest !== ex?.digest || state.scopeDigest !== scope?.digest)
    throw new PiiError(
      'HANDOVER_INVALID',
      `This handover started with ${state.exclusionDigest ? 'an' : 'no'} exclusion set and ${state.scopeDigest ? 'a' : 'no'} scope; resume it with exactly the same \`exclude\` and \`scope\`.`,
    );
  const sellerKeks = new Set(state.sellerKekIds);
  if (sellerKeks.has(buyerKekId))
    throw new PiiError(
      'HANDOVER_INVALID',
      'The buyer KEK id is also a seller KEK id; give the buyer its own KEK.',
    );
  state.runs += 1;
  state.done = 0;
  let rw: Rewrapper;
  if (target.keyring) rw = keyringRewrapper(target.keyring);
  else {
    const h = hpkeRewrapper(options.id, target.recipientPublicKey!, state.packageKeys ?? [], state.runs);
    rw = h.rewrapper;
    state.packageKeys = h.packageKeys;
  }
  // Saved before any DEK is wrapped under this run's package key, so the manifest lists it.
  await saveState(progress, state);

  const run = state.runs;
  let done = 0;
  let rewrapped = 0;
  // People and records' own keys are counted apart (people.ts): notices and counts are per person.
  const people = { active: 0, erased: 0, excludedErased: 0, excludedKept: 0, outOfScope: 0 };
  let recordsOutOfScope = 0;
  const recs = { active: 0, erased: 0, excluded: 0 };
  const live = (id: string): void => {
    if (isRecordKey(id)) recs.active++;
    else people.active++;
  };
  const gone = (id: string): void => {
    if (isRecordKey(id)) recs.erased++;
    else people.erased++;
  };
  let copiesDestroyed = 0;
  let unknown = 0;

  const moveOne = async (first: SubjectKeyRecord): Promise<void> => {
    if (scope && !scope.has(first.subjectId)) {
      // Out of scope: stays in the seller's store as it is (a tombstone is not counted).
      if (first.state === 'active') {
        if (isRecordKey(first.subjectId)) recordsOutOfScope++;
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
          copiesDestroyed++;
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
        unknown++;
        return;
      }
      let kekId: string;
      let wrapped: Uint8Array;
      if (target.keyring) {
        // every DEK of the record (either suite) moves, keeping its suite
        wrapped = await sellerRing.rewrap(cur.kekId, cur.subjectId, cur.wrapped, buyerKekId, target.keyring);
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
        await recordKeyDestruction(options.audit!, {
          keyId: cur.subjectId,
          reason: 'handover',
          scope: 'copy',
          keptUnder: kekId,
          kekId: cur.kekId,
          actor,
          purpose: 'company-handover',
          handoverId: options.id,
        });
        const shred: SubjectKeyRecord = {
          subjectId: cur.subjectId,
          state: 'destroyed',
          createdAt: cur.createdAt,
          destroyedAt: now().getTime(),
          revision: cur.revision + 1,
        };
        if (await sellerStore.compareAndSet(cur.subjectId, cur.revision, shred)) {
          rewrapped++;
          live(cur.subjectId);
          copiesDestroyed++;
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
        rewrapped++;
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

  const report = async (): Promise<void> => {
    state.done = done;
    await saveState(progress, state);
    await options.audit?.append({
      kind: 'handover.progress',
      actor,
      purpose: 'company-handover',
      data: { handoverId: options.id, done, rewrapped, run },
    });
    options.onProgress?.({ done, rewrapped, active: people.active + recs.active, run });
  };

  try {
    let window: Promise<void>[] = [];
    let sinceReport = 0;
    for await (const r of sellerStore.list()) {
      window.push(moveOne(r));
      if (window.length >= concurrency) {
        await Promise.all(window);
        done += window.length;
        sinceReport += window.length;
        window = [];
        if (sinceReport >= every) {
          sinceReport = 0;
          await report();
        }
      }
    }
    await Promise.all(window);
    done += window.length;
    await report();
  } catch (e) {
    if (!options.audit || !spool) throw e;
    throw await recordFailure(
      options.audit,
      spool,
      {
        kind: 'handover.failed',
        actor,
        purpose: 'company-handover',
        data: {
          handoverId: options.id,
          reason: e instanceof PiiError ? e.code : 'error',
          done,
          run,
          failedAt: now().toISOString(),
        },
      },
      e,
    );
  } finally {
    rw.close();
  }
  if (unknown > 0) {
    throw new PiiError(
      'HANDOVER_INVALID',
      `${unknown} subject keys are wrapped by a KEK that is neither the seller's nor the buyer's; add that KEK to the seller's keyring and resume.`,
      {
        details: { unknown },
      },
    );
  }

  const counts = options.records
    ? await countRecords(
        options.records,
        (r) => !ex?.has(recordKeyOf(r.id)) && (scope?.recordIn(r) ?? true),
        (s, role) => (ex?.has(s) ?? false) || (scope !== undefined && !scope.roleIn(role)),
      )
    : definitionCounts(options.schemas ?? [], options.recordCounts);
  const inherits = await inheritedItems(options.inherit, (keyId, key) => rw.wrapIndexKey(keyId, key));
  const body: HandoverManifestBody = {
    v: 2,
    handoverId: options.id,
    ...(options.kind === undefined ? {} : { kind: options.kind }),
    seller: { id: options.seller.id, name: options.seller.name, contact: options.seller.contact },
    buyer: { id: options.buyer.id, name: options.buyer.name, contact: options.buyer.contact },
    completedAt: now().toISOString(),
    subjects: {
      active: people.active,
      erased: people.erased,
      ...(buyerStore ? { sellerCopiesDestroyed: copiesDestroyed } : {}),
      ...(ex ? { excluded: { erased: people.excludedErased, kept: people.excludedKept } } : {}),
    },
    records: recs,
    fields: counts.fields,
    schemaHashes: counts.schemaHashes,
    policyHashes: { ...options.policyHashes },
    keys: { sellerKekIds: [...state.sellerKekIds].sort(), buyerKekId },
    purposes: [...new Set(options.purposes)].sort(),
    sellerPublicKey: toHex(publicKeyOf(options.seller.signingKey)),
    inherits,
    rewrap: rw.section(),
    ...(scope
      ? { scope: { ...scope.spec, outOfScope: { people: people.outOfScope, records: recordsOutOfScope } } }
      : {}),
  };
  const manifest = signManifest(body, options.seller.signingKey);
  state.phase = 'signed';
  state.manifest = manifest;
  await saveState(progress, state);
  await options.audit?.append({
    kind: 'handover.completed',
    actor,
    purpose: 'company-handover',
    keyIds: [...body.keys.sellerKekIds, buyerKekId],
    data: {
      handoverId: options.id,
      manifestHash: manifestHash(manifest),
      subjectCount: people.active,
      erased: people.erased,
      recordKeys: recs.active,
      ...(ex ? { excludedErased: people.excludedErased, excludedKept: people.excludedKept } : {}),
      sellerCopiesDestroyed: copiesDestroyed,
      runs: state.runs,
      notSupplied: notSuppliedOf(inherits),
      // Each destroyed seller copy is its own key.destroyed event: nothing left to map here.
      ledger: 1,
    },
  });
  return { manifest, rewrapped, runs: state.runs };
}

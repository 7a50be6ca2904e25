// Company handover (PIPL Art. 22; GB/T 35273-2020 §9.3): every subject DEK is unwrapped with the
// seller's KEK and wrapped with the buyer's, one compare-and-set per record, without touching
// field ciphertexts. Resumable: a record already under the buyer's KEK is skipped, so a crashed
// run is simply run again. Memory stays flat: records stream through a bounded window.
import { assertNonEmptyString } from '../_internal/assert.js';
import { toHex } from '../_internal/bytes.js';
import { checkOptions } from '../_internal/options.js';
import { PiiError } from '../errors.js';
import { memoryProgressStore } from '../stores/index.js';
import { flushKept, recordFailure, spoolFor } from './failure-events.js';
import { excluder } from './handover-exclusion.js';
import { inheritedItems, notSuppliedOf } from './handover-inheritance.js';
import { handoverMover } from './handover-move.js';
import { type HandoverOptions, type HandoverResult, targetOf } from './handover-options.js';
import { type HandoverState, loadState, saveState } from './handover-progress.js';
import {
  hpkeRewrapper,
  keyringRewrapper,
  packageKindOf,
  recipientTargetId,
  type Rewrapper,
} from './handover-rewrap.js';
import { scopeFilter } from './handover-scope.js';
import { type HandoverManifestBody, manifestHash, signManifest } from './manifest.js';
import { HANDOVER_OPTIONS } from './option-names.js';
import { countRecords, definitionCounts, recordKeyOf } from './people.js';
import { keyIdOf, publicKeyOf } from './signing.js';

export type { HandoverOptions, HandoverProgress, HandoverResult } from './handover-options.js';

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
  const { moveOne, tally: t } = handoverMover({
    handoverId: options.id,
    sellerRing,
    sellerStore,
    sellerKeks,
    ...(buyerStore ? { buyerStore } : {}),
    ...(target.keyring ? { buyerKeyring: target.keyring } : {}),
    buyerKekId,
    rw,
    ...(scope ? { scope } : {}),
    ...(ex ? { ex } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
    actor,
    now,
  });
  const { people, recs } = t;
  const report = async (): Promise<void> => {
    state.done = done;
    await saveState(progress, state);
    await options.audit?.append({
      kind: 'handover.progress',
      actor,
      purpose: 'company-handover',
      data: { handoverId: options.id, done, rewrapped: t.rewrapped, run },
    });
    options.onProgress?.({ done, rewrapped: t.rewrapped, active: people.active + recs.active, run });
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
  if (t.unknown > 0) {
    throw new PiiError(
      'HANDOVER_INVALID',
      `${t.unknown} subject keys are wrapped by a KEK that is neither the seller's nor the buyer's; add that KEK to the seller's keyring and resume.`,
      {
        details: { unknown: t.unknown },
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
      ...(buyerStore ? { sellerCopiesDestroyed: t.copiesDestroyed } : {}),
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
      ? { scope: { ...scope.spec, outOfScope: { people: people.outOfScope, records: t.recordsOutOfScope } } }
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
      sellerCopiesDestroyed: t.copiesDestroyed,
      runs: state.runs,
      notSupplied: notSuppliedOf(inherits),
      // Each destroyed seller copy is its own key.destroyed event: nothing left to map here.
      ledger: 1,
    },
  });
  return { manifest, rewrapped: t.rewrapped, runs: state.runs };
}

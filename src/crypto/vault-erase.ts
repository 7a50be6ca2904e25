// Erasure on request (Vault.eraseSubject; PIPL Art. 47): ledger event first, then the tombstone,
// then a certificate that says exactly what happened per path and what is still the caller's
// to delete. Ordering (docs/operations.md, "Backups and restore"): the `key.destroyed` event is
// durable before the key is touched, so a crash in between can only make a later restore destroy
// a key whose erasure was requested, never bring an erased one back.
import type * as z from 'zod';
import { assertNonEmptyString } from '../_internal/assert.js';
import { PiiError } from '../errors.js';
import { classify, type Level, levelRank, schemaId } from '../schema/index.js';
import type { BlindIndexer } from './blind-index.js';
import { type ErasureAuditLog, keyDestroyedEvent, recordDestruction } from './erasure-ledger.js';
import type { SubjectKeyStore } from './key-store.js';
import type { SubjectKeys } from './subject-keys.js';
import type { ErasureCertificate, ErasureItem, EraseOptions, IndexToDelete } from './vault-types.js';

/** What eraseSubject needs from its vault. @internal */
export interface EraseDeps {
  readonly keys: SubjectKeys;
  readonly store: SubjectKeyStore;
  readonly indexer: BlindIndexer;
  readonly audit: ErasureAuditLog | 'none' | undefined;
  readonly sealAtLeast: Level;
}

function noLedger(): PiiError {
  return new PiiError(
    'INVALID_ARGUMENT',
    "eraseSubject needs the erasure ledger: create the vault with { audit } (an AuditLog), so a restore from an older backup keeps the subject erased. Nothing was destroyed. To rely on the key store's tombstone alone, create it with { audit: 'none' }.",
  );
}

function indexesOf(d: EraseDeps, o: EraseOptions): IndexToDelete[] {
  const out = new Map<string, IndexToDelete>();
  for (const { kind, value } of o.knownValues ?? []) {
    try {
      const index = d.indexer.compute(kind, value);
      out.set(index, { kind, index });
    } catch {
      // not indexable: nothing to delete
    }
  }
  for (const i of o.indexes ?? []) {
    if (typeof i?.index !== 'string' || i.index.length === 0)
      throw new PiiError(
        'INVALID_ARGUMENT',
        'indexes must be { kind, index } with index a blind index string.',
      );
    out.set(i.index, { kind: i.kind, index: i.index });
  }
  return [...out.values()];
}

/** Per path of the subject's fields in `schemas`: sealed ones were shredded, the rest are pending. */
function itemsOf(schemas: readonly z.core.$ZodType[], sealAtLeast: Level, shredded: boolean): ErasureItem[] {
  const min = levelRank(sealAtLeast);
  const items: ErasureItem[] = [];
  schemas.forEach((s, i) => {
    const schema = schemaId(s) ?? `schema-${i}`;
    for (const f of classify(s)) {
      if (f.subject === undefined) continue; // record-keyed: erasing the subject does not touch it
      const sealed = levelRank(f.level) >= min;
      if (sealed && !shredded) continue; // no key ever existed: nothing was sealed for it
      items.push({ schema, path: f.path, method: sealed ? 'crypto-shred' : 'pending' });
    }
  });
  return items;
}

/** Vault.eraseSubject. @internal */
export async function eraseSubject(
  d: EraseDeps,
  subjectId: string,
  o: EraseOptions = {},
): Promise<ErasureCertificate> {
  assertNonEmptyString('subjectId', subjectId);
  if (d.audit === undefined) throw noLedger();
  const reason = o.reason ?? 'erasure-request';
  assertNonEmptyString('reason', reason);
  if (o.schemas !== undefined && !Array.isArray(o.schemas))
    throw new PiiError('INVALID_ARGUMENT', 'schemas must be an array of zod schemas.');
  const indexesToDelete = indexesOf(d, o);
  if (d.audit !== 'none') {
    const before = await d.store.get(subjectId);
    await recordDestruction(
      d.audit,
      keyDestroyedEvent({
        keyId: subjectId,
        reason,
        scope: 'subject',
        actor: o.actor ?? 'courier-pii',
        purpose: o.purpose ?? reason,
        ...(before?.state === 'active' ? { kekId: before.kekId } : {}),
        indexes: indexesToDelete.map((i) => i.index),
      }),
    );
  }
  const r = await d.keys.erase(subjectId);
  const shredded = r.hadKey || r.alreadyDestroyed;
  const cert: ErasureCertificate = {
    subjectId,
    keyIdsDestroyed: r.hadKey && !r.alreadyDestroyed ? [subjectId] : [],
    alreadyDestroyed: r.alreadyDestroyed,
    destroyedAt: new Date(r.destroyedAt).toISOString(),
    reason,
    ledger: d.audit === 'none' ? 'tombstone-only' : 'audit',
    sealAtLeast: d.sealAtLeast,
    items: itemsOf(o.schemas ?? [], d.sealAtLeast, shredded),
    indexesToDelete,
    notes: [
      shredded
        ? `Every field and blob sealed for this subject (level ${d.sealAtLeast} and above), in every copy and backup, can no longer be opened.`
        : 'No key existed for this subject, so nothing was ever sealed for it; a tombstone now stops any new key.',
      `Fields of this subject below level ${d.sealAtLeast} were never sealed: they are still in your records ('pending' items) until you delete them.`,
      'The vault keeps no plaintext and no list of records: delete the listed blind indexes, and any plaintext copies (caches, logs, exports) yourself.',
      'Other processes drop their cached copy of the key within the cache TTL.',
    ],
  };
  if (d.audit === 'none')
    cert.notes.push(
      "The vault was made with audit: 'none': only the key store's tombstone records this erasure; restoring a backup taken before it brings the subject back unless you replay it.",
    );
  if (r.kekId !== undefined) cert.kekId = r.kekId;
  return cert;
}

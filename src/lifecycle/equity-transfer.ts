// An equity transfer (股权转让): the shares change hands, the company, and so the personal
// information processor, stays the same. PIPL Art. 22 is arguably not triggered (inferred from the
// law's structure: see the official text), so customers get no transfer notice unless purposes
// change. What does change is who controls the keys and the admin accounts: every DEK moves to
// the new management's KEK (rewrapped, never decrypted), the old management's admin keys are
// revoked and recorded, and a fresh PIA is due (PIPL Art. 55, inferred for a change of control).
import { assertNonEmptyString } from '../_internal/assert.js';
import type { AuditLog } from '../audit/index.js';
import type { Keyring, SubjectKeyStore } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { handover } from './handover.js';
import type { HandoverManifest, HandoverPartyInfo } from './manifest.js';
import type { ProgressStore } from '../stores/index.js';
import type { LifecycleSigningKey } from './signing.js';
import { checkOptions } from '../_internal/options.js';
import { EQUITY_TRANSFER_OPTIONS } from './option-names.js';

/** One admin key of the old management, replaced by one of the new management. */
export interface AdminKeyChange {
  /** The old management's key id (a consent issuer key, an audit signer, an API credential). */
  old: string;
  /** The new management's key id that replaces it. */
  new: string;
}

/** Options of {@link equityTransfer}. */
export interface EquityTransferOptions {
  /** Stable id of this transfer; rerun with the same id to resume the rewrap. */
  id: string;
  /** The company (the processor, unchanged), with the Ed25519 or SM2 key that signs the manifest. */
  company: HandoverPartyInfo & { signingKey: LifecycleSigningKey };
  /** The old management's keyring and the company's key store. */
  from: { keyring: Keyring; keyStore: SubjectKeyStore };
  /** The new management's keyring: its active KEK wraps every DEK afterwards. */
  to: Keyring;
  /** Admin keys the old management held, each with its replacement; each is revoked through `revoke`. */
  adminKeys: readonly AdminKeyChange[];
  /** Revokes one old admin key where it lives (key registry, HSM, identity provider); must throw on failure and be idempotent (a resumed run calls it again). */
  revoke: (oldKeyId: string) => Promise<void>;
  /** Purposes in force (unchanged by the transfer). */
  purposes: readonly string[];
  /** Purposes the new owners add: only these make customer notices (and new consent) necessary. */
  newPurposes?: readonly string[];
  /** Whether the fresh PIA for the change of control is done. */
  pia?: boolean;
  /** The company's audit log (required: key changes and revocations are recorded). */
  audit: AuditLog;
  /** Progress store for the rewrap (see `handover`). */
  progress?: ProgressStore;
  /** Audit actor (default the company id). */
  actor?: string;
}

/** Result of {@link equityTransfer}. */
export interface EquityTransferResult {
  /** The signed manifest (`kind: 'equity'`; seller and buyer are the same company). */
  manifest: HandoverManifest;
  /** DEKs rewrapped to the new management's KEK by this run. */
  rewrapped: number;
  /** Old admin key ids revoked. */
  revoked: string[];
  /** Whether customers must be told (only when `newPurposes` is not empty), and why. */
  customerNotice: { required: boolean; reason: string };
  /** What is still to do: `pia` when the fresh PIA was not confirmed. */
  todo: string[];
}

/**
 * Runs an equity transfer: rewraps every DEK from the old management's KEKs to the new
 * management's KEK (the same resumable, signed run as `handover`, `kind: 'equity'`), revokes each
 * old admin key through `revoke` and records it as `key.rotated` to its replacement, and sends no
 * customer notice unless the new owners add purposes. Afterwards the old management's KEKs open
 * nothing.
 *
 * @param options - the company, old and new keyrings, admin keys, audit log
 * @returns the manifest, revoked keys, whether customers must be told, what is left to do
 * @throws PiiError HANDOVER_INVALID for a missing audit log, admin key list or revoke function, or as `handover`
 * @example
 * ```ts
 * import { ed25519 } from '@noble/curves/ed25519.js';
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { createKeyring, generateKey, memoryKeyStore } from 'courier-pii/crypto';
 * import { equityTransfer } from 'courier-pii/lifecycle';
 * const keyStore = memoryKeyStore();
 * const oldRing = createKeyring({ keks: [{ id: 'kek-old', key: generateKey() }], active: 'kek-old' });
 * const newRing = createKeyring({ keks: [{ id: 'kek-new', key: generateKey() }], active: 'kek-new' });
 * const r = await equityTransfer({
 *   id: 'eq-1', from: { keyring: oldRing, keyStore }, to: newRing, purposes: ['delivery'],
 *   company: { id: 'xunda', name: 'Seller Express Co.', contact: 'privacy@xunda.example', signingKey: ed25519.keygen() },
 *   adminKeys: [{ old: 'admin-2024', new: 'admin-2026' }], revoke: async () => {}, pia: true,
 *   audit: createAuditLog({ sink: memorySink() }),
 * });
 * console.log(r.revoked, r.customerNotice.required); // ["admin-2024"] false
 * ```
 */
export async function equityTransfer(options: EquityTransferOptions): Promise<EquityTransferResult> {
  checkOptions('equityTransfer', options, EQUITY_TRANSFER_OPTIONS);
  assertNonEmptyString('id', options?.id);
  if (typeof options.audit?.append !== 'function')
    throw new PiiError(
      'HANDOVER_INVALID',
      'An equity transfer needs `audit`: key changes and revocations are recorded.',
    );
  if (!Array.isArray(options.adminKeys) || typeof options.revoke !== 'function')
    throw new PiiError(
      'HANDOVER_INVALID',
      "An equity transfer needs `adminKeys` (the old management's key ids, each with its replacement) and `revoke`.",
    );
  for (const k of options.adminKeys) {
    assertNonEmptyString('adminKeys[].old', k?.old);
    assertNonEmptyString('adminKeys[].new', k.new);
    if (k.old === k.new)
      throw new PiiError('HANDOVER_INVALID', 'An old admin key cannot be its own replacement.');
  }
  const actor = options.actor ?? options.company.id;
  const { signingKey: _key, ...company } = options.company;
  const { manifest, rewrapped } = await handover({
    id: options.id,
    kind: 'equity',
    from: options.from,
    to: options.to,
    seller: options.company,
    buyer: company,
    purposes: options.purposes,
    audit: options.audit,
    actor,
    ...(options.progress ? { progress: options.progress } : {}),
  });
  const revoked: string[] = [];
  for (const k of options.adminKeys) {
    await options.revoke(k.old);
    await options.audit.append({
      kind: 'key.rotated',
      actor,
      purpose: 'equity-transfer',
      keyIds: [k.old, k.new],
      data: {
        fromKeyId: k.old,
        toKeyId: k.new,
        reason: 'equity-transfer',
        revoked: true,
        transferId: options.id,
      },
    });
    revoked.push(k.old);
  }
  const added = [...new Set(options.newPurposes ?? [])].filter((p) => !options.purposes.includes(p));
  const customerNotice =
    added.length === 0
      ? {
          required: false,
          reason:
            'The processor stays the same and purposes are unchanged: no transfer notice (PIPL Art. 22 arguably not triggered; inferred, see the official text).',
        }
      : {
          required: true,
          reason: `New purposes (${added.join(', ')}): tell customers and obtain new consent before processing for them (PIPL Art. 14).`,
        };
  return { manifest, rewrapped, revoked, customerNotice, todo: options.pia === true ? [] : ['pia'] };
}

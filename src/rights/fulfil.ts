// Doing what a request asks with the modules that exist: exports through exportSubject, deletion
// through the vault's erasure ledger, withdrawal through the purpose-consent ledger, correction
// through correctField, an explanation from the purposes' legal bases and the ledger. The
// request must be in progress (identity verified); on success it is answered.
import type { AuditLog } from '../audit/index.js';
import type { PurposeConsentLedger, PurposeConsentState, PurposeWithdrawal } from '../consent/index.js';
import type { ErasureCertificate, Vault } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { exportSubject, type RecordSource, type SubjectExport } from '../lifecycle/index.js';
import type { LegalBasis } from '../policy/index.js';
import { type CorrectFieldInput, type CorrectFieldResult, correctField } from './correct-field.js';
import type { RightsDesk } from './desk.js';
import type { RightsRequest } from './types.js';

/** What the handlers need; give the parts the request kinds you serve use. */
export interface RightsDependencies {
  /** The caller's records (access, copy, portability). */
  source?: RecordSource;
  /** The vault (export opens, deletion erases, correction re-seals). */
  vault?: Pick<Vault, 'open' | 'seal' | 'blindIndex' | 'eraseSubject'>;
  /** The audit log: the export's access history, and its `subject.exported` event. */
  audit?: AuditLog;
  /** The purpose-consent ledger (consent withdrawal, explanation). */
  ledger?: PurposeConsentLedger;
  /** Every purpose's legal basis (explanation). */
  purposeBases?: Readonly<Record<string, LegalBasis>>;
  /** The record and corrected value (correction); its path must equal the request's target. */
  correction?: Omit<CorrectFieldInput, 'path'>;
  /** Staff or service id doing the work (default `rights-desk`). */
  actor?: string;
}

/** One purpose in an explanation of processing rules (PIPL Art. 48). */
export interface PurposeExplanation {
  /** The purpose. */
  purpose: string;
  /** Its legal basis. */
  basis: LegalBasis;
  /** For a consent-based purpose: the subject's consent state (absent when never given). */
  consent?: PurposeConsentState;
}

/** What {@link fulfilRightsRequest} did. */
export type RightsOutcome =
  | { kind: 'access' | 'copy' | 'portability'; request: RightsRequest; export: SubjectExport }
  | { kind: 'deletion'; request: RightsRequest; certificate: ErasureCertificate }
  | { kind: 'consent-withdrawal'; request: RightsRequest; withdrawal?: PurposeWithdrawal }
  | { kind: 'correction'; request: RightsRequest; correction: CorrectFieldResult }
  | { kind: 'explanation'; request: RightsRequest; purposes: PurposeExplanation[] };

function need<T>(v: T | undefined, what: string, kind: string): T {
  if (v === undefined)
    throw new PiiError('INVALID_ARGUMENT', `A ${kind} request needs ${what} in the dependencies.`);
  return v;
}

/**
 * Does what an in-progress request asks and answers it: access, copy and portability run
 * `exportSubject`; deletion runs `vault.eraseSubject` (the erasure ledger records it); consent
 * withdrawal runs the ledger's `withdraw` (whose `onWithdraw` queues erasure work); correction
 * runs {@link correctField}; explanation lists each purpose's legal basis and the subject's
 * consent state. Complaints are answered by staff with `desk.answer`.
 *
 * @param desk - the rights desk holding the request
 * @param id - the request id (state `in-progress`)
 * @param deps - what the handlers need
 * @returns the outcome with the answered request
 * @throws PiiError INVALID_ARGUMENT for a request not in progress, a complaint, a missing
 *   dependency, or a correction whose path differs from the request's target; the errors of the
 *   module doing the work (the request then stays in progress)
 * @example
 * ```ts
 * import { createAuditLog, memorySink } from 'courier-pii/audit';
 * import { createMemoryPurposeConsentStore, createPurposeConsentLedger } from 'courier-pii/consent';
 * import { createRightsDesk, fulfilRightsRequest } from 'courier-pii/rights';
 * const desk = createRightsDesk({ audit: createAuditLog({ sink: memorySink() }) });
 * const ledger = createPurposeConsentLedger({ store: createMemoryPurposeConsentStore() });
 * await ledger.give('cust-1', 'marketing', { noticeVersion: 'v1' });
 * const r = await desk.file({ kind: 'consent-withdrawal', subjectId: 'cust-1', target: 'marketing' });
 * await desk.verifyIdentity(r.id, { actor: 'cs-1' });
 * await desk.start(r.id, { actor: 'cs-1' });
 * const out = await fulfilRightsRequest(desk, r.id, { ledger });
 * console.log(out.request.state); // answered
 * ```
 */
export async function fulfilRightsRequest(
  desk: RightsDesk,
  id: string,
  deps: RightsDependencies,
): Promise<RightsOutcome> {
  const r = await desk.get(id);
  if (r === undefined) throw new PiiError('INVALID_ARGUMENT', 'No rights request has this id.');
  if (r.state !== 'in-progress')
    throw new PiiError(
      'INVALID_ARGUMENT',
      `Only a request in progress is fulfilled (this one is '${r.state}'); verify identity and start it first.`,
    );
  const actor = deps.actor ?? 'rights-desk';
  const done = (answerRef: string) => desk.answer(r.id, { actor, answerRef });
  switch (r.kind) {
    case 'access':
    case 'copy':
    case 'portability': {
      const bundle = await exportSubject(r.subjectId, {
        source: need(deps.source, 'source', r.kind),
        vault: need(deps.vault, 'vault', r.kind),
        ...(deps.audit ? { audit: deps.audit } : {}),
        actor,
      });
      return { kind: r.kind, export: bundle, request: await done(`export:${r.id}`) };
    }
    case 'deletion': {
      const certificate = await need(deps.vault, 'vault', r.kind).eraseSubject(r.subjectId, {
        reason: 'erasure-request',
        actor,
      });
      return { kind: 'deletion', certificate, request: await done(`erasure:${r.id}`) };
    }
    case 'consent-withdrawal': {
      const withdrawal = await need(deps.ledger, 'ledger', r.kind).withdraw(r.subjectId, r.target!, {
        channel: 'rights-request',
      });
      return {
        kind: 'consent-withdrawal',
        ...(withdrawal ? { withdrawal } : {}),
        request: await done(`withdrawal:${r.id}`),
      };
    }
    case 'correction': {
      const c = need(deps.correction, 'correction', r.kind);
      if (!Object.values(c.subjects ?? {}).includes(r.subjectId))
        throw new PiiError('INVALID_ARGUMENT', 'The record to correct does not name the requesting subject.');
      const correction = await correctField(need(deps.vault, 'vault', r.kind), { ...c, path: r.target! });
      return { kind: 'correction', correction, request: await done(`correction:${r.id}`) };
    }
    case 'explanation': {
      const bases = need(deps.purposeBases, 'purposeBases', r.kind);
      const states = new Map(
        (await need(deps.ledger, 'ledger', r.kind).status(r.subjectId)).map((s) => [s.purpose, s]),
      );
      const purposes = Object.entries(bases)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([purpose, basis]) => {
          const consent = basis === 'consent' ? states.get(purpose) : undefined;
          return { purpose, basis, ...(consent ? { consent } : {}) };
        });
      return { kind: 'explanation', purposes, request: await done(`explanation:${r.id}`) };
    }
    default:
      throw new PiiError(
        'INVALID_ARGUMENT',
        'A complaint is answered by staff: call desk.answer with a reply reference.',
      );
  }
}

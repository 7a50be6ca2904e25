// Before a company transfer (PIPL Art. 22; GB/T 35273-2020 §9.3): the due-diligence package the
// buyer and the seller sign off on, and the notices every person gets before anything moves, with
// the recipient's name and contact, the purposes in words, their rights and an objection deadline.
// Who objects is left out of the handover (handover-exclusion.ts).
import { assertNonEmptyString } from '../_internal/assert.js';
import { type AuditLog, type AuditSource, streamAudit } from '../audit/index.js';
import type { SubjectKeyStore } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import type { PurposeConsentReader } from '../policy/index.js';
import { classify } from '../schema/index.js';
import type { HandoverExclusion } from './handover-exclusion.js';
import { type OpenRequestSource, openRequestIds } from './handover-inheritance.js';
import type { HandoverManifestBody, HandoverPartyInfo } from './manifest.js';
import {
  dateWords,
  joinText,
  kindWords,
  type PurposeLabels,
  purposeWords,
  rightsText,
} from './notice-text.js';
import { noticeId, type PersonNotice } from './notices.js';
import { countRecords, isRecordKey } from './people.js';
import type { RecordSource } from './record-source.js';
import type { LegalHold } from './sweep.js';
import { checkOptions } from '../_internal/options.js';
import { PLAN_HANDOVER_OPTIONS } from './option-names.js';

/** A transfer that moves data to another processor (PIPL Art. 22). An equity transfer does not: see `equityTransfer`. */
export type HandoverKind = 'asset' | 'merger' | 'division';

/** Options of {@link planHandover}. */
export interface PlanHandoverOptions {
  /** The handover id (the same id is given to `handover`). */
  id: string;
  /** What kind of transfer. */
  kind: HandoverKind;
  /** The seller (who holds the data now); its contact is where people object and exercise rights. */
  seller: HandoverPartyInfo;
  /** The recipient: its name and contact are what people must be told (PIPL Art. 22). */
  buyer: HandoverPartyInfo;
  /** The purposes that will be transferred (frozen afterwards). */
  purposes: readonly string[];
  /** Words for every purpose (`{ delivery: { zh: '快件寄递', en: 'delivering parcels' } }`). */
  purposeLabels: PurposeLabels;
  /** Until when people may object (nothing moves before). */
  objectionDeadline: Date | string | number;
  /** The caller's records: people, roles, fields present, purposes. */
  records: RecordSource;
  /** The seller's key store: live keys of people and records, tombstones. */
  keyStore: SubjectKeyStore;
  /** The seller's audit log: breach history and cross-border transfer records. */
  audit?: AuditLog | AuditSource;
  /** Where recorded purpose consents are read (consent coverage per purpose). */
  consent?: PurposeConsentReader;
  /** Retention rule ids in force (they pass to the buyer). */
  retentionRules?: readonly string[];
  /** Legal holds in force (they pass to the buyer). */
  legalHolds?: readonly LegalHold[];
  /**
   * Rights requests still open (they pass to the buyer): the rights desk's store
   * (`courier-pii/rights`; requests neither answered nor refused are counted), their ids, or
   * their number. The same store or ids go to `handover({ inherit: { openRequests } })`.
   */
  openRequests?: OpenRequestSource | readonly string[] | number;
  /** Clock (default now). */
  now?: () => Date;
}

/** The due-diligence package: counts and ids of cases, never who. */
export interface HandoverPlan {
  v: 1;
  handoverId: string;
  kind: HandoverKind;
  seller: HandoverPartyInfo;
  buyer: HandoverPartyInfo;
  preparedAt: string;
  objectionDeadline: string;
  purposes: string[];
  /** People (data subjects) in the records, in total and per role (a person in two roles counts in both). */
  people: { total: number; byRole: Record<string, number> };
  /** Records, in total and per schema id. */
  records: { total: number; bySchema: Record<string, number> };
  /** Records per purpose, and purposes on records that the transfer does not carry. */
  recordPurposes: { counts: Record<string, number>; notTransferred: string[] };
  /** Live keys in the seller's store: people's, records' own, and tombstones. */
  keys: { people: number; records: number; erased: number };
  /** Fields actually present, per kind and level. */
  fields: HandoverManifestBody['fields'];
  schemaHashes: Record<string, string>;
  /** Per transferred purpose: people with a recorded consent (only with a consent reader). */
  consentCoverage?: Record<string, number>;
  /** From the audit log: incidents reported and cross-border transfers recorded. */
  history?: { incidents: string[]; transfers: number; transfersBlocked: number };
  /** Retention rules and legal holds in force, open requests. */
  obligations: { retentionRules: string[]; legalHolds: string[]; openRequests?: number };
}

/** Result of {@link planHandover}. */
export interface PlannedHandover {
  plan: HandoverPlan;
  /** One notice per person (never per record), to deliver with `deliverNotices`. */
  notices: PersonNotice[];
}

const KIND_WORDS: Record<HandoverKind, { zh: string; en: string }> = {
  asset: { zh: '业务及资产转让', en: 'a sale of its business and assets' },
  merger: { zh: '企业合并', en: 'a merger' },
  division: { zh: '企业分立', en: 'a division of the company' },
};

/**
 * Prepares a company transfer: the due-diligence package (people per role, records, fields
 * present, keys, purposes, consent coverage, breach and cross-border history, retention rules,
 * holds and open requests) and the pre-transfer notice for every person, in Chinese first with
 * English, naming the recipient and its contact, the purposes in words, the categories of data,
 * the person's rights, and how and until when to object. People are counted from the records'
 * role-tagged subjects: a record's own key (`record:<id>`) is never a person.
 *
 * @param options - parties, purposes with labels, deadline, records, key store
 * @returns the plan and the notices
 * @throws PiiError HANDOVER_INVALID for a missing party, purpose, deadline or kind
 * @throws PiiError INVALID_ARGUMENT when a purpose has no label, or `openRequests` is not a
 *   rights request store, a list of request ids or a non-negative integer
 * @example
 * ```ts
 * import { memoryKeyStore } from 'courier-pii/crypto';
 * import { planHandover } from 'courier-pii/lifecycle';
 * const { plan, notices } = await planHandover({
 *   id: 'h-1', kind: 'asset', purposes: ['delivery'],
 *   purposeLabels: { delivery: { zh: '快件寄递', en: 'delivering parcels' } },
 *   seller: { id: 'a', name: 'Seller Express Co.', contact: 'privacy@seller.example' },
 *   buyer: { id: 'b', name: 'Buyer Logistics Co.', contact: 'privacy@buyer.example' },
 *   objectionDeadline: '2026-12-31T00:00:00Z', keyStore: memoryKeyStore(),
 *   records: { async *records() {} },
 * });
 * console.log(plan.people.total, notices.length); // 0 0
 * ```
 */
export async function planHandover(options: PlanHandoverOptions): Promise<PlannedHandover> {
  checkOptions('planHandover', options, PLAN_HANDOVER_OPTIONS);
  assertNonEmptyString('id', options?.id);
  if (!(options.kind in KIND_WORDS))
    throw new PiiError(
      'HANDOVER_INVALID',
      "kind must be 'asset', 'merger' or 'division'; for an equity transfer use equityTransfer.",
    );
  for (const p of [options.seller, options.buyer]) {
    assertNonEmptyString('party.id', p?.id);
    assertNonEmptyString('party.name', p.name);
    assertNonEmptyString('party.contact', p.contact);
  }
  if (!Array.isArray(options.purposes) || options.purposes.length === 0)
    throw new PiiError('HANDOVER_INVALID', 'purposes must list the purposes to be transferred.');
  const deadline = new Date(options.objectionDeadline);
  if (!Number.isFinite(deadline.getTime()))
    throw new PiiError('HANDOVER_INVALID', 'objectionDeadline must be a date: until when people may object.');
  const now = (options.now ?? (() => new Date()))();
  const purposes = [...new Set(options.purposes)].sort();
  const purposeText = purposeWords(purposes, options.purposeLabels);

  const openRequests = await countOpenRequests(options.openRequests);
  const census = await countRecords(options.records);
  const keys = { people: 0, records: 0, erased: 0 };
  for await (const k of options.keyStore.list()) {
    if (k.state === 'destroyed') keys.erased++;
    else if (isRecordKey(k.subjectId)) keys.records++;
    else keys.people++;
  }

  // Kinds per role, from the schemas seen: what each person is told is transferred about them.
  const kindsByRole = new Map<string, Set<string>>();
  const seenSchemas = new Set<unknown>();
  for await (const r of options.records.records()) {
    if (seenSchemas.has(r.schema)) continue;
    seenSchemas.add(r.schema);
    for (const f of classify(r.schema)) {
      if (f.subject === undefined || f.kind === 'untagged') continue;
      let s = kindsByRole.get(f.subject);
      if (!s) {
        s = new Set();
        kindsByRole.set(f.subject, s);
      }
      s.add(f.kind);
    }
  }

  const byRole: Record<string, number> = {};
  for (const roles of census.people.values()) for (const r of roles) byRole[r] = (byRole[r] ?? 0) + 1;

  let consentCoverage: Record<string, number> | undefined;
  if (options.consent) {
    const cov: Record<string, number> = Object.fromEntries(purposes.map((p) => [p, 0]));
    for (const id of census.people.keys())
      for (const p of purposes) if (options.consent.has(id, p) === true) cov[p] = (cov[p] ?? 0) + 1;
    consentCoverage = cov;
  }

  let history: HandoverPlan['history'];
  if (options.audit) {
    const incidents = new Set<string>();
    let transfers = 0;
    let transfersBlocked = 0;
    for await (const e of streamAudit(options.audit, { kinds: ['breach.reported', 'transfer.recorded'] })) {
      if (e.kind === 'breach.reported' && typeof e.data?.incidentId === 'string')
        incidents.add(e.data.incidentId);
      if (e.kind === 'transfer.recorded') {
        transfers++;
        if (e.data?.allowed !== true) transfersBlocked++;
      }
    }
    history = { incidents: [...incidents].sort(), transfers, transfersBlocked };
  }

  const plan: HandoverPlan = {
    v: 1,
    handoverId: options.id,
    kind: options.kind,
    seller: { id: options.seller.id, name: options.seller.name, contact: options.seller.contact },
    buyer: { id: options.buyer.id, name: options.buyer.name, contact: options.buyer.contact },
    preparedAt: now.toISOString(),
    objectionDeadline: deadline.toISOString(),
    purposes,
    people: { total: census.people.size, byRole },
    records: { total: census.records, bySchema: census.recordsBySchema },
    recordPurposes: {
      counts: census.purposes,
      notTransferred: Object.keys(census.purposes)
        .filter((p) => !purposes.includes(p))
        .sort(),
    },
    keys,
    fields: census.fields,
    schemaHashes: census.schemaHashes,
    ...(consentCoverage ? { consentCoverage } : {}),
    ...(history ? { history } : {}),
    obligations: {
      retentionRules: [...(options.retentionRules ?? [])].sort(),
      legalHolds: (options.legalHolds ?? []).map((h) => h.id).sort(),
      ...(openRequests === undefined ? {} : { openRequests }),
    },
  };

  const due = dateWords(deadline);
  const how = KIND_WORDS[options.kind];
  const s = options.seller;
  const b = options.buyer;
  const notices: PersonNotice[] = [];
  for (const [subjectId, roleSet] of census.people) {
    const roles = [...roleSet].sort();
    const kinds = roles.flatMap((r) => [...(kindsByRole.get(r) ?? [])]);
    const cats =
      kinds.length > 0 ? kindWords(kinds) : { zh: '您的个人信息', en: 'your personal information' };
    const text = joinText([
      {
        zh: `【${s.name}】因${how.zh}，本公司拟将所持有的您的个人信息（${cats.zh}）转移给${b.name}（联系方式：${b.contact}）。`,
        en: `[${s.name}] Because of ${how.en}, we plan to transfer the personal information we hold about you (${cats.en}) to ${b.name} (contact: ${b.contact}).`,
      },
      {
        zh: `接收方将继续履行个人信息处理者的义务，仅为以下目的处理：${purposeText.zh}；变更处理目的或处理方式的，将重新取得您的同意。`,
        en: `The recipient takes over the duties of the personal information processor and will process it only for: ${purposeText.en}; for any other purpose or way of processing it will ask for your consent again.`,
      },
      {
        zh: `如您不同意转移，请于${due.zh}前联系${s.contact}提出，我们将不转移您的个人信息。`,
        en: `If you object to the transfer, tell us at ${s.contact} by ${due.en}, and your personal information will not be transferred.`,
      },
      rightsText(s.contact),
    ]);
    notices.push({
      id: noticeId('handover-plan', options.id, subjectId),
      kind: 'handover-plan',
      subjectId,
      roles,
      caseId: options.id,
      text,
    });
  }
  return { plan, notices };
}

/** How many rights requests are open: read from the store, or counted from the ids, or as given. */
async function countOpenRequests(r: PlanHandoverOptions['openRequests']): Promise<number | undefined> {
  if (r === undefined) return undefined;
  if (typeof r === 'number') {
    if (!Number.isSafeInteger(r) || r < 0)
      throw new PiiError('INVALID_ARGUMENT', 'openRequests as a number must be a non-negative integer.');
    return r;
  }
  if (Array.isArray(r)) {
    if (!r.every((id) => typeof id === 'string' && id.length > 0))
      throw new PiiError(
        'INVALID_ARGUMENT',
        'openRequests as a list must hold request ids (non-empty strings).',
      );
    return new Set(r).size;
  }
  if (typeof (r as OpenRequestSource | null)?.list === 'function')
    return (await openRequestIds(r as OpenRequestSource)).length;
  throw new PiiError(
    'INVALID_ARGUMENT',
    'openRequests must be the rights request store (courier-pii/rights), a list of request ids or a count.',
  );
}

/**
 * The exclusion set for `handover` from the people who objected or withdrew consent: those people,
 * and the records' own keys (`record:<id>`) of records in which every person named is excluded.
 *
 * @param records - the caller's records
 * @param options - the excluded subject ids and what happens to their keys
 * @returns the exclusion to pass as `handover({ exclude })`
 * @throws PiiError HANDOVER_INVALID for a malformed action
 * @example
 * ```ts
 * import { handoverExclusion } from 'courier-pii/lifecycle';
 * const ex = await handoverExclusion({ async *records() {} }, { subjects: ['cust-9'], action: 'erase' });
 * console.log([...(ex.subjects ?? [])]); // ["cust-9"]
 * ```
 */
export async function handoverExclusion(
  records: RecordSource,
  options: { subjects: Iterable<string>; action: 'erase' | 'keep' },
): Promise<HandoverExclusion> {
  if (options?.action !== 'erase' && options?.action !== 'keep')
    throw new PiiError('HANDOVER_INVALID', "action must be 'erase' or 'keep'.");
  const subjects = new Set(options.subjects);
  const recs: string[] = [];
  for await (const r of records.records()) {
    const named = Object.values(r.subjects ?? {});
    if (named.length > 0 && named.every((s) => subjects.has(s))) recs.push(r.id);
  }
  return { subjects: [...subjects], records: recs, action: options.action };
}

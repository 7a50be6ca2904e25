// The cross-border gate: PIPL Art. 38-40 (V) and the CAC's 2024 Provisions on Promoting and
// Regulating Cross-Border Data Flows (Order 16, marked S in docs/compliance-map.md: "see the
// official text"). Thresholds count individuals from 1 January of the current year, in
// China Standard Time. The decision is a returned value; only malformed input throws.
import { assertNonEmptyString } from '../_internal/assert.js';
import { toHex } from '../_internal/bytes.js';
import type { AuditLog } from '../audit/index.js';
import { PiiError } from '../errors.js';
import type { Kind, Level } from '../schema/index.js';
import { joinText, kindWords, type PurposeLabels, purposeWords } from './notice-text.js';
import type { NoticeText } from './notices.js';
import { sealForRecipient } from './recipient-seal.js';

/** The legal basis claimed for a transfer. The first three are exempt under Order 16. */
export type TransferBasis = 'contract-necessity' | 'hr-management' | 'emergency' | 'consent' | 'other';

/** The route a transfer must take. */
export type TransferRoute = 'exempt' | 'standard-contract-or-certification' | 'security-assessment';

/** Volume thresholds (individuals, counted from 1 January). Defaults: Order 16 (S). */
export interface TransferThresholds {
  /** Non-sensitive individuals from which a standard contract or certification is needed (100 000). */
  contractFrom: number;
  /** Non-sensitive individuals from which a security assessment is needed (1 000 000). */
  assessmentFrom: number;
  /** Sensitive individuals from which a security assessment is needed (10 000). */
  sensitiveAssessmentFrom: number;
}

/**
 * Order 16 thresholds (known from secondary sources: see the official text).
 *
 * @example
 * ```ts
 * import { ORDER16_THRESHOLDS } from 'courier-pii/lifecycle';
 * console.log(ORDER16_THRESHOLDS.sensitiveAssessmentFrom); // 10000
 * ```
 */
export const ORDER16_THRESHOLDS: Readonly<TransferThresholds> = Object.freeze({
  contractFrom: 100_000,
  assessmentFrom: 1_000_000,
  sensitiveAssessmentFrom: 10_000,
});

/** A field leaving the country: its path, level and kind (for example from `classify`). */
export interface TransferField {
  path: string;
  level: Level;
  kind: Kind | 'untagged';
}

/** Evidence the exporter already holds. */
export interface TransferEvidence {
  /** A standard contract in effect and filed (Order 13: within 10 working days, S). */
  standardContract?: boolean;
  /** A personal-information protection certification. */
  certification?: boolean;
  /** When a CAC security assessment was approved (valid 3 years, S). */
  securityAssessmentApprovedAt?: Date | string | number;
  /** A PIA for this transfer was done (PIPL Art. 55(4): before any provision abroad, on every route). */
  pia?: boolean;
  /**
   * Separate consent of every individual in the transfer to this transfer abroad: needed when
   * consent is the basis (PIPL Art. 39) and for sensitive fields on every route (Art. 29).
   */
  separateConsent?: boolean;
}

/**
 * What individuals must be told before their data goes abroad (PIPL Art. 39): the overseas
 * recipient's name and contact, the purposes and method of processing, the categories of data
 * (taken from `fields`) and how to exercise their rights against the overseas recipient.
 */
export interface Art39NoticeContent {
  /** The overseas recipient's name. */
  recipientName: string;
  /** The overseas recipient's contact (a company address, never a person's). */
  recipientContact: string;
  /** Purposes of the processing abroad (ids, worded by `purposeLabels`). */
  purposes: readonly string[];
  /** Words for each purpose. */
  purposeLabels: PurposeLabels;
  /** How the recipient processes the data, in words (for example final-mile delivery in Singapore). */
  method: NoticeText;
  /** Where and how individuals exercise their rights against the overseas recipient. */
  rightsContact: string;
}

/** Input of {@link assessTransfer}. */
export interface AssessTransferInput {
  /** Destination country or region (ISO 3166 code or a name). */
  destination: string;
  /** The overseas recipient; with `publicKey` and `payload`, the dataset is encrypted to it. */
  recipient?: { id: string; publicKey?: Uint8Array };
  /** The legal basis claimed. */
  basis: TransferBasis;
  /** The fields sent. */
  fields: readonly TransferField[];
  /** Individuals in this transfer: a count, or their opaque subject ids. */
  subjects: number | readonly string[];
  /** Individuals already sent abroad since 1 January of `year`. */
  yearToDate: { nonSensitive: number; sensitive: number; year?: number };
  /** The exporter is a critical information infrastructure operator. */
  ciio?: boolean;
  /** The dataset contains important data. */
  importantData?: boolean;
  /** Prerequisites already met. */
  evidence?: TransferEvidence;
  /** The content of the Art. 39 notice; a transfer without it is not allowed (`missing: art39-notice`). */
  notice?: Art39NoticeContent;
  /** Override the Order 16 thresholds. */
  thresholds?: Partial<TransferThresholds>;
  /** The dataset to encrypt to the recipient, sent only when allowed. */
  payload?: Uint8Array;
  /** Where the transfer record goes. */
  audit?: AuditLog;
  /** Who asks (audit actor; default `lifecycle`). */
  actor?: string;
  /** Decision time (default now). */
  now?: Date;
}

/** The filing record of one assessed transfer; contains no personal data. */
export interface TransferRecord {
  v: 1;
  id: string;
  at: string;
  destination: string;
  recipient?: string;
  basis: TransferBasis;
  route: TransferRoute;
  allowed: boolean;
  reasons: string[];
  missing: string[];
  fields: TransferField[];
  individuals: number;
  /** Counters after this transfer, for the year in `year`. */
  yearToDate: { year: number; nonSensitive: number; sensitive: number };
  thresholds: TransferThresholds;
}

/** Result of {@link assessTransfer}. */
export interface AssessTransferResult {
  /** True when every prerequisite of the route is met. */
  allowed: boolean;
  /** The route the volume and basis require. */
  route: TransferRoute;
  /** Why, in order, with citations. */
  reasons: string[];
  /**
   * Prerequisites still missing: `standard-contract-or-certification`, `security-assessment`,
   * `pia`, `separate-consent`, `art39-notice`.
   */
  missing: string[];
  /** The Art. 39 notice text (Chinese first), when its content was given; send it per person with `crossBorderNotices`. */
  notice?: NoticeText;
  /** The record written to the audit log (`transfer.recorded`). */
  record: TransferRecord;
  /** The dataset encrypted to the recipient (only when allowed and a payload and key were given). */
  sealed?: string;
}

const EXEMPT_BASES: ReadonlySet<TransferBasis> = new Set([
  'contract-necessity',
  'hr-management',
  'emergency',
]);
const CST_MS = 8 * 3600_000;

function count(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new PiiError('TRANSFER_INVALID', `${name} must be a non-negative integer count of individuals.`);
  }
  return v;
}

function randomId(): string {
  return `xfer-${toHex(crypto.getRandomValues(new Uint8Array(8)))}`;
}

/** The Art. 39 notice text, or undefined when its content is incomplete. */
function art39Text(input: AssessTransferInput): NoticeText | undefined {
  const n = input.notice;
  if (!n) return undefined;
  for (const k of ['recipientName', 'recipientContact', 'rightsContact'] as const)
    if (typeof n[k] !== 'string' || n[k].trim() === '') return undefined;
  if (!Array.isArray(n.purposes) || n.purposes.length === 0) return undefined;
  if (
    typeof n.method?.zh !== 'string' ||
    n.method.zh === '' ||
    typeof n.method.en !== 'string' ||
    n.method.en === ''
  )
    return undefined;
  const purposes = purposeWords(n.purposes, n.purposeLabels);
  const cats = kindWords(input.fields.map((f) => (f.kind === 'untagged' ? 'custom' : f.kind)));
  return joinText([
    {
      zh: `您的个人信息（${cats.zh}）将提供给境外接收方${n.recipientName}（联系方式：${n.recipientContact}，所在地：${input.destination}），`,
      en: `Your personal information (${cats.en}) will be provided to the overseas recipient ${n.recipientName} (contact: ${n.recipientContact}; located in ${input.destination}),`,
    },
    {
      zh: `处理目的：${purposes.zh}；处理方式：${n.method.zh}。`,
      en: `for: ${purposes.en}; processed by: ${n.method.en}.`,
    },
    {
      zh: `您可以通过${n.rightsContact}向境外接收方查阅、复制、更正、删除您的个人信息或撤回同意。`,
      en: `You can access, copy, correct or delete your personal information or withdraw consent with the overseas recipient through ${n.rightsContact}.`,
    },
  ]);
}

/**
 * Decides the cross-border route for a transfer, lists what is missing, writes a transfer
 * record, and (when allowed) encrypts the dataset to the recipient's X25519 key.
 *
 * The checks run in this order. Route: (1) important data → security assessment; (2) a
 * contract-necessity, HR or emergency basis → exempt (Order 16 exempts these also for a CIIO,
 * see the official text); (3) a CIIO exporter → security assessment; (4) the year-to-date counters
 * after this transfer: >= 10 000 sensitive or >= 1 000 000 non-sensitive → security assessment;
 * (5) any sensitive or >= 100 000 non-sensitive → standard contract or certification; (6) else
 * exempt. Prerequisites, each listed in `missing` when absent: the contract or certification, or
 * a security assessment younger than 3 years, as the route asks; a PIA on EVERY route, exempt ones
 * included (PIPL Art. 55(4)); separate consent when consent is the basis (Art. 39) or any field is
 * sensitive (Art. 29); the Art. 39 notice content (recipient, contact, purposes, method,
 * categories, rights). Not legal advice.
 *
 * @param input - destination, basis, fields, individuals and counters
 * @returns the decision and the record
 * @throws PiiError TRANSFER_INVALID when counts or fields are malformed
 * @example
 * ```ts
 * import { assessTransfer } from 'courier-pii/lifecycle';
 * const r = await assessTransfer({
 *   destination: 'SG', basis: 'consent', subjects: 5_000,
 *   fields: [{ path: 'recipient.name', level: 'internal', kind: 'name' }],
 *   yearToDate: { nonSensitive: 98_000, sensitive: 0 },
 * });
 * console.log(r.route); // standard-contract-or-certification
 * ```
 */
export async function assessTransfer(input: AssessTransferInput): Promise<AssessTransferResult> {
  if (!input || typeof input !== 'object')
    throw new PiiError('TRANSFER_INVALID', 'assessTransfer needs an input object.');
  assertNonEmptyString('destination', input.destination);
  if (!Array.isArray(input.fields) || input.fields.length === 0) {
    throw new PiiError('TRANSFER_INVALID', 'fields must list the fields sent (path, level, kind).');
  }
  const now = input.now ?? new Date();
  const year = new Date(now.getTime() + CST_MS).getUTCFullYear();
  const t: TransferThresholds = { ...ORDER16_THRESHOLDS, ...input.thresholds };
  const n = typeof input.subjects === 'number' ? count('subjects', input.subjects) : input.subjects.length;
  const reasons: string[] = [];
  let ytdNs = count('yearToDate.nonSensitive', input.yearToDate?.nonSensitive);
  let ytdS = count('yearToDate.sensitive', input.yearToDate?.sensitive);
  if (input.yearToDate.year !== undefined && input.yearToDate.year !== year) {
    reasons.push(
      `Counters from ${input.yearToDate.year} were reset: Order 16 counts from 1 January of the current year (see the official text).`,
    );
    ytdNs = 0;
    ytdS = 0;
  }
  const sensitive = input.fields.filter((f) => f.level === 'sensitive');
  const hasNonSensitive = input.fields.some((f) => f.level !== 'sensitive');
  const ns = ytdNs + (hasNonSensitive ? n : 0);
  const s = ytdS + (sensitive.length > 0 ? n : 0);

  let route: TransferRoute;
  if (input.importantData) {
    route = 'security-assessment';
    reasons.push(
      'Important data leaves the country: security assessment (PIPL Art. 38-40; Order 16, see the official text).',
    );
  } else if (EXEMPT_BASES.has(input.basis)) {
    route = 'exempt';
    reasons.push(
      input.basis === 'contract-necessity'
        ? 'Necessary to perform a contract with the individual (cross-border delivery): exempt under Order 16 (see the official text); PIPL Art. 13 basis.'
        : `Basis "${input.basis}" is exempt under Order 16 (see the official text).`,
    );
  } else if (input.ciio) {
    route = 'security-assessment';
    reasons.push('The exporter is a CIIO: security assessment (PIPL Art. 40).');
  } else if (s >= t.sensitiveAssessmentFrom || ns >= t.assessmentFrom) {
    route = 'security-assessment';
    reasons.push(
      `Year to date after this transfer: ${ns} non-sensitive, ${s} sensitive individuals; at or above ${t.assessmentFrom} non-sensitive or ${t.sensitiveAssessmentFrom} sensitive: security assessment (Order 16, see the official text).`,
    );
  } else if (s > 0 || ns >= t.contractFrom) {
    route = 'standard-contract-or-certification';
    reasons.push(
      `Year to date after this transfer: ${ns} non-sensitive, ${s} sensitive individuals; ${s > 0 ? 'sensitive individuals below' : `at or above ${t.contractFrom} non-sensitive, below`} the assessment thresholds: standard contract or certification (PIPL Art. 38; Order 16, see the official text).`,
    );
  } else {
    route = 'exempt';
    reasons.push(
      `Year to date after this transfer: ${ns} non-sensitive individuals, below ${t.contractFrom}, no sensitive data, not a CIIO: exempt (Order 16, see the official text).`,
    );
  }

  const ev = input.evidence ?? {};
  const missing: string[] = [];
  if (route === 'standard-contract-or-certification' && !ev.standardContract && !ev.certification)
    missing.push('standard-contract-or-certification');
  if (route === 'security-assessment') {
    const at =
      ev.securityAssessmentApprovedAt === undefined
        ? Number.NaN
        : new Date(ev.securityAssessmentApprovedAt).getTime();
    const expires = new Date(at);
    expires.setUTCFullYear(expires.getUTCFullYear() + 3);
    if (!Number.isFinite(at)) missing.push('security-assessment');
    else if (expires.getTime() <= now.getTime()) {
      missing.push('security-assessment');
      reasons.push(
        'The security assessment is older than 3 years and has lapsed (Order 16, see the official text).',
      );
    }
  }
  if (!ev.pia) {
    missing.push('pia');
    reasons.push(
      `A PIA is required before any provision of personal information abroad, whatever the route${route === 'exempt' ? ' (an exempt route included)' : ''} (PIPL Art. 55(4)).`,
    );
  }
  if (!ev.separateConsent && (input.basis === 'consent' || sensitive.length > 0)) {
    missing.push('separate-consent');
    if (input.basis === 'consent')
      reasons.push(
        'Consent is the basis: each individual must give separate consent to the transfer abroad (PIPL Art. 39).',
      );
    if (sensitive.length > 0)
      reasons.push(
        `Sensitive fields (${sensitive.map((f) => f.path).join(', ')}) need separate consent (PIPL Art. 29).`,
      );
  }
  const notice = art39Text(input);
  if (!notice) {
    missing.push('art39-notice');
    reasons.push(
      "Individuals must be told the overseas recipient's name and contact, the purposes, method, categories of data and how to exercise their rights (PIPL Art. 39): give `notice`.",
    );
  }
  const allowed = missing.length === 0;
  const record: TransferRecord = {
    v: 1,
    id: randomId(),
    at: now.toISOString(),
    destination: input.destination,
    basis: input.basis,
    route,
    allowed,
    reasons,
    missing,
    fields: input.fields.map((f) => ({ path: f.path, level: f.level, kind: f.kind })),
    individuals: n,
    yearToDate: { year, nonSensitive: ns, sensitive: s },
    thresholds: t,
  };
  if (input.recipient?.id) record.recipient = input.recipient.id;
  const result: AssessTransferResult = {
    allowed,
    route,
    reasons,
    missing,
    record,
    ...(notice ? { notice } : {}),
  };
  if (allowed && input.payload && input.recipient?.publicKey) {
    result.sealed = sealForRecipient(input.recipient.publicKey, input.payload, record.id);
  }
  if (input.audit) {
    await input.audit.append({
      kind: 'transfer.recorded',
      actor: input.actor ?? 'lifecycle',
      purpose: 'cross-border-transfer',
      // Ids go in the entry only for small transfers; the count is always recorded.
      ...(typeof input.subjects === 'number' || input.subjects.length > 200
        ? {}
        : { subjects: [...input.subjects] }),
      paths: record.fields.map((f) => f.path),
      data: {
        transferId: record.id,
        destination: record.destination,
        basis: record.basis,
        allowed,
        route,
        subjectCount: n,
        missing,
        yearToDateNonSensitive: ns,
        yearToDateSensitive: s,
      },
    });
  }
  return result;
}

// Subject access and portability (PIPL Art. 45; GDPR Art. 15, 20): everything held about one
// subject, decrypted for that subject alone, plus the audit trail of who touched it, when and why.
import { toBase64url } from '../_internal/bytes.js';
import { assertNonEmptyString } from '../_internal/assert.js';
import { type AuditLog, type AuditSource, streamAudit } from '../audit/index.js';
import type { Vault } from '../crypto/index.js';
import { PiiError } from '../errors.js';
import { classify, concretePath, leaves } from '../schema/index.js';
import type { RecordSource } from './record-source.js';
import { checkOptions } from '../_internal/options.js';
import { EXPORT_OPTIONS } from './option-names.js';

/** One field value in an export. */
export interface ExportedField {
  /** Concrete path (`concretePath` in courier-pii/schema), e.g. `recipient.phone` or `items.0.name`. */
  path: string;
  kind: string;
  level: string;
  /** The value (bytes as base64url strings). */
  value: unknown;
}

/** One record in an export. */
export interface ExportedRecord {
  recordId: string;
  /** The subject's roles in this record (`recipient`, `sender`). */
  roles: string[];
  /** Purposes the record is processed for. */
  purposes: string[];
  /** Record events (ISO 8601). */
  events: Record<string, string>;
  /** The subject's fields, decrypted. */
  fields: ExportedField[];
  /** Sealed fields of the subject that could not be opened because the subject was erased. */
  erasedPaths: string[];
}

/** One access to the subject's data, from the audit log. */
export interface ExportedAccess {
  time: string;
  kind: string;
  actor: string;
  purpose: string;
  paths: string[];
  /** `allow`, `mask` or `deny` per path when the log recorded it. */
  effects?: Record<string, string>;
  records?: string[];
}

/** The data-subject access bundle: machine-readable JSON. */
export interface SubjectExport {
  format: 'courier-pii/subject-export/v1';
  subjectId: string;
  generatedAt: string;
  records: ExportedRecord[];
  /** Who saw or changed the subject's data, when and why. */
  accesses: ExportedAccess[];
}

/** Options of {@link exportSubject}. */
export interface ExportSubjectOptions {
  /** The caller's records (filtered by subject). */
  source: RecordSource;
  /** The vault that opens them. */
  vault: Pick<Vault, 'open'>;
  /** The audit log (or its entries) for the access history; the export itself is logged when it is a log. */
  audit?: AuditLog | AuditSource;
  /** Who runs the export (audit actor; default `dsar`). */
  actor?: string;
  /** Clock (default now). */
  now?: Date;
}

function jsonValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return toBase64url(v);
  if (v instanceof Date) return v.toISOString();
  return v;
}

function isLog(a: unknown): a is AuditLog {
  return typeof (a as AuditLog)?.append === 'function' && typeof (a as AuditLog)?.checkpoint === 'function';
}

/**
 * Exports everything held about one subject: each record naming it, with only that subject's
 * fields opened (other people's fields in the same parcel stay sealed and are left out), and
 * the audit events about it. Logs `subject.exported`.
 *
 * @param subjectId - the subject
 * @param options - records, vault, audit log
 * @returns the bundle; `JSON.stringify` it for delivery
 * @throws PiiError INVALID_ARGUMENT for a bad subject id; CIPHERTEXT_INVALID when a record is damaged
 * @example
 * ```ts
 * import { exportSubject } from 'courier-pii/lifecycle';
 * const bundle = await exportSubject('cust-1', {
 *   source: { async *records() {} }, vault: { open: async () => ({}) as never },
 * });
 * console.log(bundle.records.length); // 0
 * ```
 */
export async function exportSubject(
  subjectId: string,
  options: ExportSubjectOptions,
): Promise<SubjectExport> {
  assertNonEmptyString('subjectId', subjectId);
  checkOptions('exportSubject', options, EXPORT_OPTIONS);
  const out: SubjectExport = {
    format: 'courier-pii/subject-export/v1',
    subjectId,
    generatedAt: (options.now ?? new Date()).toISOString(),
    records: [],
    accesses: [],
  };
  for await (const rec of options.source.records({ subjectId })) {
    const roles = Object.entries(rec.subjects ?? {})
      .filter(([, id]) => id === subjectId)
      .map(([role]) => role);
    if (roles.length === 0) continue;
    if (rec.data === undefined) {
      throw new PiiError(
        'INVALID_ARGUMENT',
        `Record "${rec.id}" has no data; the source must return sealed records for an export.`,
      );
    }
    const patterns = classify(rec.schema)
      .filter((f) => f.subject !== undefined && roles.includes(f.subject))
      .map((f) => f.path);
    const opened = (await options.vault.open(rec.schema, rec.data as Record<string, unknown>, {
      recordId: rec.id,
      paths: patterns,
      subjects: rec.subjects ? { ...rec.subjects } : undefined,
      erased: 'omit',
    })) as unknown;
    const mine = (v: unknown) =>
      leaves(rec.schema, v).filter((l) => l.subject !== undefined && roles.includes(l.subject));
    const got = new Set<string>();
    const fields: ExportedField[] = [];
    for (const l of mine(opened)) {
      const path = concretePath(l.at);
      if (typeof l.value === 'string' && l.value.startsWith('cpii1.')) continue;
      got.add(path);
      fields.push({ path, kind: l.kind, level: l.level, value: jsonValue(l.value) });
    }
    const erasedPaths = mine(rec.data)
      .map((l) => concretePath(l.at))
      .filter((p) => !got.has(p));
    const events: Record<string, string> = {};
    for (const [k, v] of Object.entries(rec.events ?? {}))
      if (v !== undefined) events[k] = new Date(v).toISOString();
    out.records.push({
      recordId: rec.id,
      roles,
      purposes: [...(rec.purposes ?? [])],
      events,
      fields,
      erasedPaths,
    });
  }
  if (options.audit) {
    for await (const e of streamAudit(options.audit, { subject: subjectId })) {
      const a: ExportedAccess = {
        time: e.time,
        kind: e.name ?? e.kind,
        actor: e.actor,
        purpose: e.purpose,
        paths: [...(e.paths ?? [])],
      };
      const f = e.data?.fields;
      if (f && typeof f === 'object' && !Array.isArray(f))
        a.effects = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, String(v)]));
      else if (typeof e.data?.effect === 'string')
        a.effects = Object.fromEntries(a.paths.map((p) => [p, e.data!.effect as string]));
      if (e.records) a.records = e.records.map((r) => (typeof r === 'string' ? r : r.blind));
      out.accesses.push(a);
    }
    if (isLog(options.audit)) {
      await options.audit.append({
        kind: 'subject.exported',
        actor: options.actor ?? 'dsar',
        purpose: 'data-subject-request',
        subjects: [subjectId],
        records: out.records.map((r) => r.recordId).slice(0, 500),
        data: {
          format: out.format,
          fieldCount: out.records.reduce((n, r) => n + r.fields.length, 0),
          recordCount: out.records.length,
        },
      });
    }
  }
  return out;
}

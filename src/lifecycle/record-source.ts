// The caller's records, as lifecycle functions see them. The SDK does not own the database:
// the caller enumerates records (ids, subjects, event times, sealed data) and carries out the
// physical deletions a sweep decides.
import type * as z from 'zod';

/** One stored record, described for lifecycle work. Holds sealed data only, never plaintext. */
export interface LifecycleRecord {
  /** The record id given to `vault.seal`. */
  id: string;
  /** The record's zod schema (tagged with `pii.*`). */
  schema: z.ZodType;
  /** Subject id per role, as given to `vault.seal` (`{ recipient: 'cust-42' }`). Fields of other roles use the record's own key. */
  subjects?: Readonly<Record<string, string>>;
  /** Event times by name, e.g. `{ createdAt, deliveredAt }`; a retention rule runs from one of them. */
  events?: Readonly<Record<string, Date | string | number | undefined>>;
  /** Purposes the record is processed for (retention rules can match on them). */
  purposes?: readonly string[];
  /** The sealed record as stored (needed by `exportSubject`). */
  data?: unknown;
  /** Blind indexes by concrete path, as `vault.seal` returned them (deleted when their field is destroyed). */
  indexes?: Readonly<Record<string, string>>;
}

/** What a sweep asks the caller to delete from one record. */
export interface DestroyAction {
  /** The record. */
  recordId: string;
  /** `true`: delete the whole record; otherwise only `paths`. */
  wholeRecord: boolean;
  /** Field paths (classify patterns) to delete. */
  paths: string[];
  /** Blind-index values to delete from lookup tables. */
  indexes: string[];
  /** Whether the fields' key was crypto-shredded too (then the ciphertext is already unreadable). */
  shredded: boolean;
  /** Rule ids that expired. */
  rules: string[];
}

/** The caller's records: an extension point (a SQL table, a document store, files). */
export interface RecordSource {
  /** Every record, or only those naming `subjectId` in `subjects` when given. */
  records(filter?: { subjectId?: string }): AsyncIterable<LifecycleRecord>;
  /** Deletes what a sweep found due (fields, whole records, blind-index rows). Called only outside dry runs. */
  destroy?(action: DestroyAction): Promise<void>;
}

// Where a sealed field belongs: its schema id, concrete path, record and subject, and the AAD
// that binds them (docs/formats.md "AAD"). Shared by the record and single-value paths so both
// produce the same bytes for the same field.
import type * as z from 'zod';
import { assertNonEmptyString } from '../_internal/assert.js';
import { toBase64url, utf8 } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import { classify, schemaId } from '../schema/index.js';
import type { Backend } from './backend.js';
import { aadHead, lpStrings, lpTwoScratch } from './field-format.js';
import type { FieldContext } from './vault-types.js';

const RECORD_SUBJECT = 'record:';

/** The subject id of fields that have no named subject. @internal */
export function recordSubject(recordId: string): string {
  return `${RECORD_SUBJECT}${recordId}`;
}

/** A schema id with its AAD prefixes. @internal */
export interface SchemaInfo {
  id: string;
  head: Uint8Array;
  /** AAD prefix per concrete field path: lengthPrefixed('cpii1', suite, schemaId, path). */
  paths: Map<string, Uint8Array>;
}

/**
 * lengthPrefixed('cpii1', [suite], schemaId, fieldPath, recordId, keyId) (docs/formats.md).
 * Returns a scratch view: hand it straight to one AEAD call. @internal
 */
export function aadFor(si: SchemaInfo, path: string, recordId: string, keyId: string): Uint8Array {
  let hp = si.paths.get(path);
  if (!hp) {
    hp = lpStrings(si.head, path);
    if (si.paths.size < 4096) si.paths.set(path, hp);
  }
  // a scratch view: every caller hands it straight to one AEAD call
  return lpTwoScratch(hp, recordId, keyId);
}

/** Whether a pattern path is one of `wanted` or below one of them. @internal */
export function matches(path: string, wanted: readonly string[]): boolean {
  for (const w of wanted) {
    if (path === w || path.startsWith(`${w}.`) || path.startsWith(`${w}[`)) return true;
  }
  return false;
}

/** The schema's info, computed once per schema instance and kept in `known`. @internal */
export function schemaInfo(
  known: WeakMap<object, SchemaInfo>,
  backend: Backend,
  schema: z.ZodType,
): SchemaInfo {
  let i = known.get(schema);
  if (!i) {
    const explicit = schemaId(schema);
    // Without pii.id, the schema id is a digest of its classification (docs/formats.md).
    const id =
      explicit ??
      `sha256:${toBase64url(
        backend.sha256(
          utf8(
            JSON.stringify(
              classify(schema).map((f) => [f.path, f.level, f.kind, f.subject ?? '', f.retention ?? '']),
            ),
          ),
        ),
      )}`;
    i = { id, head: aadHead(id), paths: new Map() };
    known.set(schema, i);
  }
  return i;
}

/** A checked {@link FieldContext}: its schema info and subject. @internal */
export interface ValueContext {
  si: SchemaInfo;
  subject: string;
  /** Whether the caller named the subject (else it is the record). */
  explicit: boolean;
}

/** Checks a single-value context; schema infos by id are kept in `known` (bounded). @internal */
export function valueContext(known: Map<string, SchemaInfo>, c: FieldContext): ValueContext {
  if (!c || typeof c !== 'object') throw new PiiError('INVALID_ARGUMENT', 'context must be an object.');
  assertNonEmptyString('context.schemaId', c.schemaId);
  assertNonEmptyString('context.path', c.path);
  assertNonEmptyString('context.recordId', c.recordId);
  if (c.subjectId !== undefined) checkSubjectId(c.subjectId);
  let si = known.get(c.schemaId);
  if (!si) {
    si = { id: c.schemaId, head: aadHead(c.schemaId), paths: new Map() };
    if (known.size < 1024) known.set(c.schemaId, si);
  }
  return { si, subject: c.subjectId ?? recordSubject(c.recordId), explicit: c.subjectId !== undefined };
}

/** Rejects an empty subject id or one in the namespace reserved for records. @internal */
export function checkSubjectId(id: string): void {
  assertNonEmptyString('subjectId', id);
  if (id.startsWith(RECORD_SUBJECT)) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      `Subject ids may not start with "${RECORD_SUBJECT}" (reserved for records).`,
    );
  }
}

/** As {@link checkSubjectId} for each id of a role → subject map. @internal */
export function checkSubjects(subjects: Record<string, string> | undefined): void {
  if (subjects === undefined) return;
  if (typeof subjects !== 'object' || subjects === null)
    throw new PiiError('INVALID_ARGUMENT', 'subjects must map roles to subject ids.');
  for (const [role, id] of Object.entries(subjects)) {
    assertNonEmptyString(`subjects.${role}`, id);
    if (id.startsWith(RECORD_SUBJECT))
      throw new PiiError(
        'INVALID_ARGUMENT',
        `Subject ids may not start with "${RECORD_SUBJECT}" (reserved for records).`,
      );
  }
}

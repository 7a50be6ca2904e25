// Where a sealed field belongs: its schema id, concrete path, record and subject, and the AAD
// that binds them (docs/formats.md "AAD"). Shared by the record and single-value paths so both
// produce the same bytes for the same field.
import type * as z from 'zod';
import { assertNonEmptyString } from '../_internal/assert.js';
import { toBase64url, utf8 } from '../_internal/bytes.js';
import { PiiError } from '../errors.js';
import { classify, levelRank, opaqueIdProblem, schemaId } from '../schema/index.js';
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
  /** What seal and open check about subjects and keys, for record schemas (see {@link recordRules}). */
  rules?: RecordRules;
}

/** Per schema and vault: the subject roles, and what the seal level makes of them. @internal */
export interface RecordRules {
  /** Every subject role the schema declares. */
  roles: ReadonlySet<string>;
  /** Roles with fields at or above the seal level: each needs a subject id or an opt-in. */
  sealRoles: readonly string[];
  /** Whether fields outside any role are sealed (the record key is needed). */
  recordSealed: boolean;
  /** Set when a record or map key is tagged at or above the seal level: it cannot be sealed. */
  keyProblem: string | undefined;
}

/** The subject rules of a record schema, computed once per schema and vault. @internal */
export function recordRules(si: SchemaInfo, schema: z.ZodType, minRank: number): RecordRules {
  if (si.rules) return si.rules;
  const roles = new Set<string>();
  const sealRoles = new Set<string>();
  let recordSealed = false;
  let keyProblem: string | undefined;
  for (const f of classify(schema)) {
    if (f.subject !== undefined) roles.add(f.subject);
    if (levelRank(f.level) < minRank) continue;
    if (f.path.endsWith('{key}'))
      keyProblem ??= `The keys at ${f.path} are tagged ${f.kind} at level ${f.level}, which this vault seals, but a key cannot be sealed in place: key the map or record by an opaque id, a blind index or a pseudonym, or tag the whole container with pii.tag(...).`;
    if (f.subject !== undefined) sealRoles.add(f.subject);
    else recordSealed = true;
  }
  si.rules = { roles, sealRoles: [...sealRoles], recordSealed, keyProblem };
  return si.rules;
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
              classify(schema)
                // properties an object admits without naming them were not classified before
                // 0.x; leaving them out keeps the digest ids of existing schemas
                .filter((f) => !f.undescribed)
                .map((f) => [f.path, f.level, f.kind, f.subject ?? '', f.retention ?? '']),
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

/**
 * Checks a single-value context; schema infos by id are kept in `known` (bounded). When sealing,
 * the subject id gets every check of {@link checkSubjectId} before any key is touched. @internal
 */
export function valueContext(known: Map<string, SchemaInfo>, c: FieldContext, forSeal = false): ValueContext {
  if (!c || typeof c !== 'object') throw new PiiError('INVALID_ARGUMENT', 'context must be an object.');
  assertNonEmptyString('context.schemaId', c.schemaId);
  assertNonEmptyString('context.path', c.path);
  let subject: string;
  if (forSeal) subject = subjectFor(c.recordId, c.subjectId, 'context.');
  else {
    // opening names an existing key: only the shape of the ids is checked
    assertNonEmptyString('context.recordId', c.recordId);
    if (c.subjectId !== undefined) checkReserved('context.subjectId', c.subjectId);
    subject = c.subjectId ?? recordSubject(c.recordId);
  }
  let si = known.get(c.schemaId);
  if (!si) {
    si = { id: c.schemaId, head: aadHead(c.schemaId), paths: new Map() };
    if (known.size < 1024) known.set(c.schemaId, si);
  }
  return { si, subject, explicit: c.subjectId !== undefined };
}

const MAX_KEY_ID = 255;
const enc = new TextEncoder();

function checkReserved(name: string, id: unknown): asserts id is string {
  assertNonEmptyString(name, id);
  if (id.startsWith(RECORD_SUBJECT)) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      `${name}: subject ids may not start with "${RECORD_SUBJECT}" (reserved for records).`,
    );
  }
}

/**
 * Every check a subject id gets before a key is created for it: a non-empty string of at most
 * 255 bytes of UTF-8 (it is the key id of every field, docs/formats.md), outside the namespace
 * reserved for records, and opaque (not a phone number, email address or resident ID number,
 * since key ids are stored in clear in every sealed field). The message names the argument,
 * never the id. @internal
 */
export function checkSubjectId(name: string, id: unknown): string {
  if (typeof id === 'string' && checkedIds.has(id)) return id;
  checkReserved(name, id);
  const s = id;
  if (tooLong(s, MAX_KEY_ID))
    throw new PiiError('INVALID_ARGUMENT', `${name} must be at most ${MAX_KEY_ID} bytes of UTF-8.`);
  const problem = opaqueIdProblem(s);
  if (problem !== undefined)
    throw new PiiError(
      'INVALID_ARGUMENT',
      `${name} ${problem}: subject ids are written in clear into every sealed field, so use an opaque id (a customer number).`,
    );
  // the checks are pure, so an id that passed once passes again: remember a bounded few
  if (checkedIds.size >= 4096) checkedIds.clear();
  checkedIds.add(s);
  return s;
}

/** Subject ids that passed {@link checkSubjectId} (bounded): seal checks the same ids over and over. */
const checkedIds = new Set<string>();

/** Whether the UTF-8 form of `s` is longer than `max` bytes (at most 3 bytes per UTF-16 unit). */
function tooLong(s: string, max: number): boolean {
  return s.length * 3 > max && enc.encode(s).length > max;
}

/** Checks a record id so that its record key id (`record:<id>`) is a valid key id. @internal */
export function checkRecordId(name: string, recordId: unknown): string {
  assertNonEmptyString(name, recordId);
  if (tooLong(recordId, MAX_KEY_ID - RECORD_SUBJECT.length))
    throw new PiiError(
      'INVALID_ARGUMENT',
      `${name} must be at most ${MAX_KEY_ID - RECORD_SUBJECT.length} bytes of UTF-8 (its key id is "${RECORD_SUBJECT}" + the id).`,
    );
  return recordId;
}

/** The checked key id a value, blob or field of a record is sealed under. @internal */
export function subjectFor(recordId: unknown, subjectId: unknown, where = ''): string {
  const rid = checkRecordId(`${where}recordId`, recordId);
  return subjectId === undefined ? recordSubject(rid) : checkSubjectId(`${where}subjectId`, subjectId);
}

/** Basic checks of the expected subjects given to open: declared roles, non-empty ids. @internal */
export function checkOpenSubjects(
  rules: RecordRules,
  subjects: Readonly<Record<string, string>> | undefined,
): void {
  if (subjects === undefined) return;
  if (typeof subjects !== 'object' || subjects === null || Array.isArray(subjects))
    throw new PiiError('INVALID_ARGUMENT', 'subjects must map roles to subject ids.');
  for (const role of Object.keys(subjects)) {
    if (!rules.roles.has(role)) throw unknownRole(rules, 'subjects');
    checkReserved(`subjects.${role}`, subjects[role]);
  }
}

// the role given is not echoed: a misused subjects map may be keyed by personal data
function unknownRole(rules: RecordRules, option: string): PiiError {
  const declared = [...rules.roles].join(', ') || 'none';
  return new PiiError(
    'INVALID_ARGUMENT',
    `${option} names a subject role the schema does not declare (declared roles: ${declared}); check its spelling.`,
  );
}

/**
 * The key id for each role when sealing: `subjects` checked role by role (declared, opaque id),
 * and every role with fields the vault seals either given a subject or listed in
 * `recordKeyFor` (then its fields go under the record key, on purpose). Nothing is created
 * before these checks pass. @internal
 */
export function sealSubjects(
  rules: RecordRules,
  recordId: string,
  subjects: unknown,
  recordKeyFor: unknown,
): (role: string | undefined) => string {
  const ids = new Map<string, string>();
  if (subjects !== undefined) {
    if (typeof subjects !== 'object' || subjects === null || Array.isArray(subjects))
      throw new PiiError('INVALID_ARGUMENT', 'subjects must map roles to subject ids.');
    for (const role of Object.keys(subjects)) {
      if (!rules.roles.has(role)) throw unknownRole(rules, 'subjects');
      ids.set(role, checkSubjectId(`subjects.${role}`, (subjects as Record<string, unknown>)[role]));
    }
  }
  const onPurpose = new Set<string>();
  if (recordKeyFor !== undefined) {
    if (!Array.isArray(recordKeyFor))
      throw new PiiError('INVALID_ARGUMENT', 'recordKeyFor must be an array of subject roles.');
    for (const role of recordKeyFor) {
      if (typeof role !== 'string' || !rules.roles.has(role)) throw unknownRole(rules, 'recordKeyFor');
      if (ids.has(role))
        throw new PiiError(
          'INVALID_ARGUMENT',
          `The role ${role} is both in subjects and in recordKeyFor: give it one or the other.`,
        );
      onPurpose.add(role);
    }
  }
  for (const role of rules.sealRoles) {
    if (!ids.has(role) && !onPurpose.has(role))
      throw new PiiError(
        'INVALID_ARGUMENT',
        `The schema's ${role} fields are sealed but subjects.${role} is missing: pass the subject id (so erasing that subject erases them), or list '${role}' in recordKeyFor to seal them under the record key on purpose.`,
      );
  }
  const rec = recordSubject(recordId);
  return (role) => (role === undefined ? rec : (ids.get(role) ?? rec));
}

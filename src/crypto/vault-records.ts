// The record paths of the vault: seal every field of a record at or above the seal level under
// its subject's DEK, and open them again (docs/formats.md). One AEAD call per field when the
// subject keys are cached; the AAD scratch view from aadFor goes straight into that call.
import type * as z from 'zod';
import { PiiError, isPiiError } from '../errors.js';
import {
  type ClassifiedField,
  concretePath,
  copyData,
  forEachLeaf,
  type Level,
  levelRank,
  mapLeaves,
  patternPath,
  type Sealed,
} from '../schema/index.js';
import type { Backend } from './backend.js';
import { BlindIndexer } from './blind-index.js';
import { acquire, acquireCached, pageContexts } from './dek-acquire.js';
import { type DekCache, unpin } from './dek-cache.js';
import { type DekContext, openParsed, sealEncoded } from './dek-context.js';
import {
  aadFor,
  checkOpenSubjects,
  checkRecordId,
  matches,
  type RecordRules,
  recordRules,
  recordSubject,
  type SchemaInfo,
  schemaInfo,
  sealSubjects,
} from './field-binding.js';
import { decodeValue, encodeValue, invalidCiphertext, type ParsedField, parseField } from './field-format.js';
import { loadForOpen, type PageKeys } from './key-batch.js';
import { invalidOpened, leafChecks } from './leaf-check.js';
import { NOT_ACQUIRED, openPlan, openPlanned, sealPlanned, setIndex } from './record-plan.js';
import { checkRedactor, ciphertextAt, redactedField, redactForSeal } from './redacted-field.js';
import type { SubjectKeys } from './subject-keys.js';
import type { OpenOptions, SealOptions, SealResult } from './vault-types.js';

/** What the record paths need from their vault, built once by createVault. @internal */
export interface RecordDeps {
  readonly backend: Backend;
  readonly cache: DekCache;
  readonly keys: SubjectKeys;
  readonly indexer: BlindIndexer;
  /** levelRank of the lowest level that gets sealed. */
  readonly minRank: number;
  /** Schema id and AAD prefixes per schema instance. */
  readonly schemas: WeakMap<object, SchemaInfo>;
  /** Redactor for free text sealed with `onSeal: 'redact'` (issue 24; redacted-field.ts). */
  readonly redactText: ((text: string) => string) | undefined;
}

/** The schema's info and subject rules; SCHEMA_INVALID for a schema the walk refuses. @internal */
export function rulesFor(d: RecordDeps, schema: z.ZodType): { si: SchemaInfo; rules: RecordRules } {
  const si = schemaInfo(d.schemas, d.backend, schema);
  const rules = recordRules(si, schema, d.minRank);
  if (rules.keyProblem !== undefined) throw new PiiError('SCHEMA_INVALID', rules.keyProblem);
  return { si, rules };
}

/**
 * zod's parse, with its failures as VALIDATION_FAILED naming pattern paths only: an issue path
 * holds record and map keys (an email address used as a key is personal data), and an error
 * thrown by a transform or refinement may hold the value, so neither reaches the message.
 */
function parse(schema: z.ZodType, value: unknown): unknown {
  let r: ReturnType<z.ZodType['safeParse']>;
  try {
    r = schema.safeParse(value);
  } catch (e) {
    if (isPiiError(e)) throw e;
    throw new PiiError(
      'VALIDATION_FAILED',
      'The schema threw while validating the record (a transform or refinement failed, or it needs async parsing); fix the schema or the value before sealing.',
    );
  }
  if (r.success) return r.data;
  const where = [...new Set(r.error.issues.map((i) => patternPath(schema, i.path)))].slice(0, 10).join(', ');
  throw new PiiError(
    'VALIDATION_FAILED',
    `The record does not match its schema at: ${where}. Fix those fields before sealing.`,
  );
}

/**
 * Validates and seals a record (Vault.seal); synchronous when every subject key is cached.
 * Every argument is checked before any key is created. Throws synchronously on bad input: the
 * caller turns that into a rejection. @internal
 */
export function sealRecord<S extends z.ZodType, L extends Level>(
  d: RecordDeps,
  schema: S,
  value: unknown,
  o: SealOptions<S>,
): Promise<SealResult<S, L>> {
  if (!o || typeof o !== 'object') throw new PiiError('INVALID_ARGUMENT', 'seal needs an options object.');
  const recordId = checkRecordId('recordId', o.recordId);
  const { si, rules } = rulesFor(d, schema);
  const subjectOf = sealSubjects(rules, recordId, o.subjects, o.recordKeyFor);
  const parsed = parse(schema, value);
  const minRank = d.minRank;
  const wantIndexes = o.indexes ?? true;
  // Free text with onSeal 'redact' needs the vault's redactor: refused before any key exists.
  checkRedactor(schema, d.redactText);
  // A schema of fixed-key objects is sealed from its record plan (record-plan.ts), unless the
  // value holds something the plan does not describe; then the general walk below.
  const plan = openPlan(d, schema, si);
  const finish = (ctxs: Map<string, DekContext>): SealResult<S, L> => {
    try {
      if (plan) {
        const r = sealPlanned(d, plan, parsed, ctxs, subjectOf, recordId, wantIndexes);
        if (r !== undefined) return r as SealResult<S, L>;
      }
      return sealWalked(ctxs);
    } finally {
      for (const c of ctxs.values()) unpin(c);
    }
  };
  const sealWalked = (ctxs: Map<string, DekContext>): SealResult<S, L> => {
    const indexes: Record<string, string> = {};
    const seal = (f: ClassifiedField, v: unknown, at: ReadonlyArray<string | number>): unknown => {
      if (levelRank(f.level) < minRank) return v;
      const ctx = ctxs.get(subjectOf(f.subject));
      if (!ctx) throw NOT_ACQUIRED;
      const path = concretePath(at);
      const sealed = sealEncoded(ctx, aadFor(si, path, recordId, ctx.keyId), encodeValue(v));
      if (wantIndexes && typeof v === 'string' && f.kind !== 'untagged' && BlindIndexer.indexable(f.kind)) {
        try {
          setIndex(indexes, path, d.indexer.compute(f.kind, v));
        } catch {
          // a value with no normal form (not a valid value of its kind) gets no index
        }
      }
      // free text with onSeal 'redact' keeps its redaction in clear next to the sealed original
      if (f.onSeal === 'redact' && typeof v === 'string')
        return redactedField(sealed, redactForSeal(d.redactText, f.path, v));
      return sealed;
    };
    // the parse output is rebuilt, never changed in place (zod may share or freeze parts of it)
    const record = mapLeaves(schema, parsed, seal, { strays: 'leaf' }) as Sealed<S, L>;
    return { record, indexes };
  };
  // Hot path: the keys of every role that may be sealed are cached.
  const likely: string[] = rules.sealRoles.map((r) => subjectOf(r));
  if (rules.recordSealed) likely.push(subjectOf(undefined));
  const cached = acquireCached(d.cache, likely, true);
  if (cached) {
    try {
      return Promise.resolve(finish(cached));
    } catch (e) {
      // a value the schema does not describe may belong to a subject outside `likely`
      if (e !== NOT_ACQUIRED) throw e;
    }
  }
  // Otherwise only the subjects with a value to seal get a key (created if new).
  const ids = new Set<string>();
  forEachLeaf(
    schema,
    parsed,
    (f) => {
      if (levelRank(f.level) >= minRank) ids.add(subjectOf(f.subject));
    },
    { strays: true },
  );
  const exact = acquireCached(d.cache, ids, true);
  return exact ? Promise.resolve(finish(exact)) : acquire(d.keys, ids, true).then(finish);
}

/** The erased-field mode of an open: INVALID_ARGUMENT for anything but 'throw' or 'omit'. @internal */
export function erasedMode(v: unknown): 'throw' | 'omit' {
  const m = v ?? 'throw';
  if (m !== 'throw' && m !== 'omit')
    throw new PiiError('INVALID_ARGUMENT', "erased must be 'throw' or 'omit'.");
  return m;
}

/**
 * Opens a record's sealed fields, or only the wanted paths (Vault.open); synchronous when every
 * subject key is cached or in `page` (openMany). Throws synchronously on bad input: the caller
 * turns that into a rejection. @internal
 */
export function openRecord<S extends z.ZodType>(
  d: RecordDeps,
  schema: S,
  record: unknown,
  o: OpenOptions<S>,
  page?: PageKeys,
): Promise<z.output<S>> {
  if (!o || typeof o !== 'object') throw new PiiError('INVALID_ARGUMENT', 'open needs an options object.');
  const recordId = checkRecordId('recordId', o.recordId);
  const { si, rules } = rulesFor(d, schema);
  const subjects = o.subjects as Readonly<Record<string, string>> | undefined;
  checkOpenSubjects(rules, subjects);
  const erased = erasedMode(o.erased);
  // Every check an open needs goes above this line: a schema of fixed-key objects is opened from
  // its record plan (record-plan.ts), compiled from the same walk, without walking it again.
  const plan = openPlan(d, schema, si);
  if (plan) return openPlanned(d, plan, record, recordId, subjects, o.paths, erased, page);
  const minRank = d.minRank;
  const wanted = o.paths;
  const recSubject = recordSubject(recordId);
  const target = (f: ClassifiedField): boolean =>
    levelRank(f.level) >= minRank && (!wanted || matches(f.path, wanted));
  // First pass: parse every targeted field, so the keys are known before anything is opened.
  const parsed: ParsedField[] = [];
  const ids = new Set<string>();
  forEachLeaf(schema, record, (f, v) => {
    if (!target(f)) return;
    const expected =
      f.subject === undefined
        ? recSubject
        : subjects && Object.hasOwn(subjects, f.subject)
          ? subjects[f.subject]
          : undefined;
    const p = parseField(ciphertextAt(f.kind, v), expected);
    if (!p) throw invalidCiphertext();
    parsed.push(p);
    ids.add(p.keyId);
  });
  // each opened value is checked against its leaf schema (leaf-check.ts), compiled once per schema
  const checks = leafChecks(schema);
  function decryptAll(ctxs: Map<string, DekContext>, destroyed: ReadonlySet<string>): z.output<S> {
    let i = 0;
    const open = (f: ClassifiedField, v: unknown, at: ReadonlyArray<string | number>): unknown => {
      if (!target(f)) return copyData(v);
      const p = parsed[i++]!;
      if (destroyed.has(p.keyId)) return undefined;
      const ctx = ctxs.get(p.keyId)!;
      const out = decodeValue(openParsed(ctx, p, aadFor(si, concretePath(at), recordId, p.keyId)));
      const check = checks.get(f.path);
      if (check !== undefined && !check(out)) throw invalidOpened(f.path, si.id);
      return out;
    };
    try {
      return mapLeaves(schema, record, open, { strays: 'keep' }) as z.output<S>;
    } finally {
      for (const c of ctxs.values()) unpin(c);
    }
  }
  // The keys of a page (openMany), else the cache; else loaded together (key-batch.ts).
  const ready = pageContexts(d.cache, ids, page);
  if (ready) return Promise.resolve(decryptAll(ready.ctxs, ready.destroyed));
  return loadForOpen(d.keys, ids, erased === 'omit').then((p) => decryptAll(p.ctxs, p.destroyed));
}

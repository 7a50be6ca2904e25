// Vault.openMany: a page of records opened with one load of every key it needs (key-batch.ts),
// then each record through the same openRecord as Vault.open, which finds every key in the page
// and opens synchronously. docs/performance.md, "Cold keys".
import type * as z from 'zod';
import { PiiError } from '../errors.js';
import { type ClassifiedField, forEachLeaf, levelRank } from '../schema/index.js';
import { checkOpenSubjects, checkRecordId, matches, recordSubject } from './field-binding.js';
import { invalidCiphertext, peekKeyId } from './field-format.js';
import { ciphertextAt } from './redacted-field.js';
import { loadForOpen, releasePage } from './key-batch.js';
import { openPlan, plannedKeyIds } from './record-plan.js';
import { erasedMode, openRecord, type RecordDeps, rulesFor } from './vault-records.js';
import type { OpenManyItem, OpenManyOptions, OpenOptions } from './vault-types.js';
import { checkOptions } from '../_internal/options.js';
import { OPEN_MANY_OPTIONS } from './option-names.js';

const ITEM_KEYS = new Set(['record', 'recordId', 'paths', 'subjects']);

function unknownKey(o: object, known: Set<string>): string | undefined {
  for (const k of Object.keys(o)) if (!known.has(k)) return k;
  return undefined;
}

/** The key ids the wanted sealed fields of a record name, through the general walk. */
function walkedKeyIds(
  d: RecordDeps,
  schema: z.ZodType,
  record: unknown,
  recordId: string,
  subjects: Readonly<Record<string, string>> | undefined,
  wanted: readonly string[] | undefined,
  into: Set<string>,
): void {
  const recSubject = recordSubject(recordId);
  forEachLeaf(schema, record, (f: ClassifiedField, v: unknown) => {
    if (levelRank(f.level) < d.minRank || (wanted && !matches(f.path, wanted))) return;
    // the header only: openRecord parses and checks the whole value
    const id = peekKeyId(ciphertextAt(f.kind, v));
    const expected =
      f.subject === undefined
        ? recSubject
        : subjects && Object.hasOwn(subjects, f.subject)
          ? subjects[f.subject]
          : undefined;
    if (id === undefined || (expected !== undefined && id !== expected)) throw invalidCiphertext();
    into.add(id);
  });
}

/** Opens a page of records (Vault.openMany). @internal */
export async function openMany<S extends z.ZodType>(
  d: RecordDeps,
  schema: S,
  items: ReadonlyArray<Omit<OpenManyItem<S>, 'record'> & { record: unknown }>,
  options: OpenManyOptions = {},
): Promise<Array<z.output<S>>> {
  if (!Array.isArray(items))
    throw new PiiError(
      'INVALID_ARGUMENT',
      'openMany needs an array of { record, recordId, paths?, subjects? }.',
    );
  if (typeof options !== 'object' || options === null)
    throw new PiiError('INVALID_ARGUMENT', 'openMany options must be an object ({ erased? }).');
  checkOptions('openMany', options, OPEN_MANY_OPTIONS);
  const erased = erasedMode(options.erased);
  // the schema is checked (the walk refuses what it cannot follow) even for an empty page
  const { si, rules } = rulesFor(d, schema);
  if (items.length === 0) return [];
  const plan = openPlan(d, schema, si);
  const ids = new Set<string>();
  const opts = items.map((it, i): OpenOptions<S> => {
    if (typeof it !== 'object' || it === null)
      throw new PiiError(
        'INVALID_ARGUMENT',
        `openMany items[${i}] must be { record, recordId, paths?, subjects? }.`,
      );
    if (unknownKey(it, ITEM_KEYS) !== undefined)
      throw new PiiError(
        'INVALID_ARGUMENT',
        `openMany items[${i}] has a field it does not know; use record, recordId, paths, subjects.`,
      );
    const recordId = checkRecordId(`items[${i}].recordId`, it.recordId);
    const subjects = it.subjects as Readonly<Record<string, string>> | undefined;
    checkOpenSubjects(rules, subjects);
    const wanted = it.paths as readonly string[] | undefined;
    const o: OpenOptions<S> = { recordId, erased };
    if (wanted !== undefined) o.paths = it.paths;
    if (subjects !== undefined) o.subjects = it.subjects;
    if (plan) plannedKeyIds(d, plan, it.record, recordId, subjects, wanted, ids);
    else walkedKeyIds(d, schema, it.record, recordId, subjects, wanted, ids);
    return o;
  });
  const page = await loadForOpen(d.keys, ids, erased === 'omit');
  try {
    const out: Array<z.output<S>> = new Array(items.length);
    for (let i = 0; i < items.length; i++)
      out[i] = await openRecord(d, schema, items[i]!.record, opts[i]!, page);
    return out;
  } finally {
    releasePage(page);
  }
}

// redactPaths(schema, level): logger redaction paths for every field at or above a level.
import type * as z from 'zod';
import { PiiError } from '../errors.js';
import { type Level, classify, isLevel, levelRank, pathSteps } from '../schema/index.js';

const IDENT = /^[A-Za-z_$][\w$]*$/;

/**
 * A pattern path in pino's syntax. Keys of records and maps cannot be redacted on their own, so
 * a tagged key (`byEmail{key}`) redacts its whole container.
 */
function toPinoPath(path: string): string {
  if (path === '$') return path;
  let out = '';
  for (const step of pathSteps(path)) {
    if ('key' in step)
      out += IDENT.test(step.key) ? `${out ? '.' : ''}${step.key}` : `[${JSON.stringify(step.key)}]`;
    else if ('index' in step) out += `[${step.index}]`;
    else if (step.each === 'item') out += '[*]';
    else if (step.each === 'value') out += out ? '.*' : '*';
    else return out === '' ? '*' : out;
  }
  return out;
}

/**
 * Redaction paths, in the syntax of pino's `redact` option (fast-redact), for every field of
 * `schema` whose level is `level` or higher, wherever the schema puts it (see `classify`): array,
 * set and tuple-rest items become `items[*].name`, tuple positions `pair[0]`, record and map
 * values and the properties a loose object admits `extra.*`, keys that are not identifiers
 * `["key-name"]`; a record or map whose keys are tagged is redacted whole. Untagged leaves count
 * as `internal`, undescribed properties as `sensitive`.
 *
 * @param schema - the zod schema tagged with `pii.*`
 * @param level - the lowest level to hide (default `sensitive`)
 * @returns the paths, in schema order, without duplicates
 * @throws PiiError INVALID_ARGUMENT when `level` is not a level
 * @throws PiiError SCHEMA_INVALID when `schema` is not a zod schema or holds a tag the walk cannot follow (see `classify`)
 * @example
 * ```ts
 * import { redactPaths } from 'courier-pii/mask';
 * import { pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const Parcel = z.object({ waybill: pii.waybillNo(), items: z.array(z.object({ phone: pii.phone() })) });
 * console.log(redactPaths(Parcel, 'sensitive')); // [ 'items[*].phone' ]
 * ```
 */
export function redactPaths(schema: z.core.$ZodType, level: Level = 'sensitive'): string[] {
  if (!isLevel(level))
    throw new PiiError('INVALID_ARGUMENT', "level must be 'public', 'internal' or 'sensitive'.");
  const min = levelRank(level);
  const out = new Set<string>();
  for (const f of classify(schema)) {
    if (levelRank(f.level) >= min) out.add(toPinoPath(f.path));
  }
  return [...out];
}

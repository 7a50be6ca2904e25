// redactPaths(schema, level): logger redaction paths for every field at or above a level.
import type * as z from 'zod';
import { PiiError } from '../errors.js';
import { type Level, classify, isLevel, levelRank } from '../schema/index.js';

const IDENT = /^[A-Za-z_$][\w$]*$/;

function toPinoPath(path: string): string {
  let out = '';
  for (const raw of path.split('.')) {
    // `items[]` (array items) and `extra{}` (record values) become wildcards
    const m = /^(.*?)((?:\[\]|\{\})*)$/.exec(raw)!;
    const key = m[1]!;
    const wild = m[2]!;
    if (key) out += IDENT.test(key) ? `${out ? '.' : ''}${key}` : `[${JSON.stringify(key)}]`;
    for (let i = 0; i < wild.length; i += 2) out += wild[i] === '[' ? '[*]' : '.*';
  }
  return out;
}

/**
 * Redaction paths, in the syntax of pino's `redact` option (fast-redact), for every field of
 * `schema` whose level is `level` or higher: array items become `items[*].name`, record values
 * `extra.*`, keys that are not identifiers `["key-name"]`. Untagged leaves count as `internal`.
 *
 * @param schema - the zod schema tagged with `pii.*`
 * @param level - the lowest level to hide (default `sensitive`)
 * @returns the paths, in schema order, without duplicates
 * @throws PiiError INVALID_ARGUMENT when `level` is not a level
 * @throws PiiError SCHEMA_INVALID when `schema` is not a zod schema
 * @example
 * ```ts
 * import { redactPaths } from 'courier-pii/mask';
 * import { pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const Parcel = z.object({ waybill: pii.waybillNo(), items: z.array(z.object({ phone: pii.phone() })) });
 * console.log(redactPaths(Parcel, 'sensitive')); // ['items[*].phone']
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

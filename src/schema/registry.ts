import * as z from 'zod';
import type { Kind } from './kinds.js';
import type { Level } from './levels.js';

/** A field's sensitivity tag. */
export interface PiiTag {
  /** Sensitivity level. */
  level: Level;
  /** What kind of personal data the field holds. */
  kind: Kind;
  /** Retention period as an ISO-8601 duration (e.g. `P90D`), if the field has its own. */
  retention?: string;
  /**
   * Free text only (`pii.freeText({ onSeal: 'redact' })`): the vault stores the text's
   * `redact()` output in clear next to the sealed original (docs/formats.md, "Redacted free text").
   */
  onSeal?: 'redact';
}

/** Everything the registry can hold for one schema instance. */
export interface PiiMeta {
  /** The tag of a leaf field. */
  tag?: PiiTag;
  /** For an object: whose data it is (`recipient`, `sender`, `courier` ...). */
  subject?: string;
  /** For a root schema: a stable id bound into ciphertexts (see {@link schemaId}). */
  schemaId?: string;
}

type Registry = z.core.$ZodRegistry<PiiMeta>;

// One registry per process, pinned to globalThis under a versioned key (as zod does for its own
// global registry), so the ESM and CJS builds of this package, loaded side by side, share tags.
const KEY = Symbol.for('courier-pii.registry.v1');
const g = globalThis as unknown as Record<symbol, Registry | undefined>;

/**
 * The zod v4 registry that holds every sensitivity tag, subject role and schema id, keyed by
 * schema instance. Shared across copies of the library through `globalThis`.
 *
 * @example
 * ```ts
 * import { pii, piiRegistry } from 'courier-pii/schema';
 * const phone = pii.phone();
 * console.log(piiRegistry.get(phone)?.tag?.kind); // phone
 * ```
 */
g[KEY] ??= z.registry<PiiMeta>();
export const piiRegistry: Registry = g[KEY];

/** Adds to (never replaces) the metadata of a schema instance. */
export function addMeta(schema: z.core.$ZodType, meta: PiiMeta): void {
  const prev = piiRegistry._map.get(schema);
  piiRegistry.add(schema, { ...prev, ...meta });
}

/**
 * The tag of a schema instance (inherited by zod clones such as `.min()`), if any.
 *
 * @param schema - a zod schema
 * @returns its tag, or undefined when untagged
 * @example
 * ```ts
 * import { getTag, pii } from 'courier-pii/schema';
 * console.log(getTag(pii.idNumber())?.level); // sensitive
 * ```
 */
export function getTag(schema: z.core.$ZodType): PiiTag | undefined {
  return piiRegistry.get(schema)?.tag;
}

/**
 * The explicit schema id set with `pii.id(...)`, if any. Ciphertexts bind it (docs/formats.md).
 *
 * @param schema - a root schema
 * @returns the id, or undefined
 * @example
 * ```ts
 * import { pii, schemaId } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const Parcel = pii.id('parcel/v1', z.object({ recipient: pii.phone() }));
 * console.log(schemaId(Parcel)); // parcel/v1
 * ```
 */
export function schemaId(schema: z.core.$ZodType): string | undefined {
  return piiRegistry.get(schema)?.schemaId;
}

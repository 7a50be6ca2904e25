// maskRecord(schema, value, preset): a masked copy of a record, driven by the schema's tags.
import type * as z from 'zod';
import { PiiError } from '../errors.js';
import {
  type ClassifiedField,
  KINDS,
  type Kind,
  copyData,
  mapLeaves,
  redactedText,
} from '../schema/index.js';
import { ageBand, birthYear, district, generalizeGeo } from './generalize.js';
import { maskGeo } from './geo.js';
import { maskers } from './maskers.js';
import { pseudonymize } from './pseudonym.js';
import { redactWith } from './redact-core.js';
import { checkOptions, optionNames } from '../_internal/options.js';

const MASK_RECORD_OPTIONS = optionNames<MaskRecordOptions>()(['key', 'birthDate', 'today']);

/**
 * The built-in views of a record:
 * - `privacyWaybill`: what a printed label may carry (Interim Regulations on Express Delivery
 *   Art. 22, 2019 text: name, address, phone): masked name, masked phone and landline, address
 *   to the county + `****`, the waybill number; no ID number and nothing else personal.
 * - `customerService`: every personal field masked by its kind's default masker.
 * - `analytics`: keyed pseudonyms for identifiers, generalization for the rest (birth year or
 *   age band, district, coordinates to 2 decimals); needs `key`.
 */
export type MaskPreset = 'privacyWaybill' | 'customerService' | 'analytics';

/** Options for {@link maskRecord}. */
export interface MaskRecordOptions {
  /** Pseudonym key for the `analytics` preset (at least 16 bytes). */
  key?: Uint8Array;
  /** `analytics`: publish birth dates as `year` (default) or `ageBand`. */
  birthDate?: 'year' | 'ageBand';
  /** Reference date for age bands (default: now). */
  today?: Date;
}

type Action = 'keep' | 'mask' | 'drop' | 'redact' | 'pseudonym' | 'generalize';
function table(dflt: Action, rows: Partial<Record<Kind, Action>>): Record<Kind, Action> {
  const t = {} as Record<Kind, Action>;
  for (const k of KINDS) t[k] = rows[k] ?? dflt;
  return t;
}

const PRESETS: Record<MaskPreset, Record<Kind, Action>> = {
  privacyWaybill: table('drop', {
    name: 'mask',
    phone: 'mask',
    landline: 'mask',
    address: 'mask',
    waybillNo: 'keep',
    freeText: 'redact',
  }),
  customerService: table('mask', { waybillNo: 'keep', freeText: 'redact', image: 'drop', custom: 'drop' }),
  analytics: table('pseudonym', {
    address: 'generalize',
    geo: 'generalize',
    birthDate: 'generalize',
    pickupCode: 'drop',
    image: 'drop',
    custom: 'drop',
    freeText: 'redact',
  }),
};

/**
 * Returns a masked copy of `value` for a view: each tagged field is kept, masked, redacted,
 * pseudonymized, generalized or removed according to its kind and the preset, wherever the
 * schema puts it (inside arrays, tuples, records, maps, sets, every union option, both sides of
 * a pipe). Keys of records and maps whose key schema is tagged are masked the same way (an entry
 * whose key the preset removes is removed; when two masked keys coincide the first entry is
 * kept). Free text is redacted (detected spans masked); free text in its stored form
 * `{ redacted, sealed }` (`pii.freeText({ onSeal: 'redact' })`) is shown from its clear member,
 * redacted again, and its sealed member never. Untagged and `public` fields stay as they are.
 * Anything the schema does not describe (properties a `looseObject`, `passthrough` or untagged
 * `catchall` admits, properties the schema does not name, values of the wrong shape) is left
 * out. The input is not modified, and
 * the result never inherits a value through a prototype.
 *
 * @param schema - the zod schema tagged with `pii.*`
 * @param value - a record of that schema
 * @param preset - the view (default `customerService`)
 * @param opts - `key` for analytics pseudonyms, birth-date form, reference date
 * @returns a new record; fields a preset removes are absent
 * @throws PiiError INVALID_ARGUMENT for an unknown preset, or `analytics` without a valid key
 * @throws PiiError SCHEMA_INVALID when `schema` is not a zod schema or holds a tag the walk cannot follow (see `classify`)
 * @example
 * ```ts
 * import { maskRecord } from 'courier-pii/mask';
 * import { pii } from 'courier-pii/schema';
 * import * as z from 'zod';
 * const Parcel = z.object({ name: pii.name(), phone: pii.phone(), idNumber: pii.idNumber() });
 * const label = maskRecord(Parcel, { name: '欧阳娜娜', phone: '13812345678', idNumber: '110105199003071239' }, 'privacyWaybill');
 * console.log(label); // { name: '欧阳**', phone: '138****5678' }
 * ```
 */
export function maskRecord<T>(
  schema: z.core.$ZodType,
  value: T,
  preset: MaskPreset = 'customerService',
  opts: MaskRecordOptions = {},
): T {
  checkOptions('maskRecord', opts, MASK_RECORD_OPTIONS);
  const rules = Object.hasOwn(PRESETS, preset) ? PRESETS[preset] : undefined;
  if (!rules) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      "preset must be 'privacyWaybill', 'customerService' or 'analytics'.",
    );
  }
  const key = opts.key;
  if (preset === 'analytics' && (!(key instanceof Uint8Array) || key.length < 16)) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      "preset 'analytics' needs opts.key: a Uint8Array of at least 16 bytes.",
    );
  }
  const ctx: Ctx = { preset, rules, key, opts };
  const leaf = (f: ClassifiedField, v: unknown): unknown => {
    if (f.undescribed) return undefined;
    if (f.kind === 'untagged' || f.level === 'public') return copyData(v);
    // Free text stored with its redaction (onSeal 'redact'): only the clear member is read.
    const x = f.kind === 'freeText' && typeof v !== 'string' ? redactedText(v) : v;
    const next = transform(f.kind, x, ctx);
    return next === KEEP ? copyData(x) : next;
  };
  const mapKey = (f: ClassifiedField, k: string | number): unknown => {
    if (f.kind === 'untagged' || f.level === 'public') return k;
    const next = transform(f.kind, typeof k === 'number' ? String(k) : k, ctx);
    return next === KEEP ? k : typeof next === 'string' ? next : undefined;
  };
  return mapLeaves(schema, value, leaf, { strays: 'drop', keys: mapKey }) as T;
}

interface Ctx {
  preset: MaskPreset;
  rules: Record<Kind, Action>;
  key: Uint8Array | undefined;
  opts: MaskRecordOptions;
}

const KEEP = Symbol('keep');

function transform(kind: Kind, v: unknown, ctx: Ctx): unknown {
  const { preset, key, opts } = ctx;
  switch (ctx.rules[kind]) {
    case 'keep':
      return KEEP;
    case 'drop':
      return undefined;
    case 'mask':
      if (kind === 'geo') return geoValue(v);
      return typeof v === 'string' && kind !== 'image' && kind !== 'custom' ? maskers[kind](v) : undefined;
    case 'redact':
      if (typeof v !== 'string') return undefined;
      if (preset === 'analytics') {
        return redactWith(v, 'pseudonym', undefined, undefined, (s, k) => pseudonymize(s, key!, k)).text;
      }
      return redactWith(v, 'mask', undefined, undefined, undefined).text;
    case 'pseudonym':
      return typeof v === 'string' ? pseudonymize(v, key!, kind) : undefined;
    case 'generalize':
      return generalized(kind, v, opts);
  }
}

function geoValue(v: unknown): unknown {
  if (typeof v === 'string') return maskGeo(v);
  if (typeof v === 'object' && v !== null && 'lat' in v && 'lng' in v) {
    try {
      return generalizeGeo(v as { lat: number; lng: number });
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function generalized(kind: Kind, v: unknown, opts: MaskRecordOptions): unknown {
  if (kind === 'geo') return geoValue(v);
  if (typeof v !== 'string') return undefined;
  if (kind === 'address') return district(v) || undefined;
  if (kind === 'birthDate') {
    try {
      return opts.birthDate === 'ageBand'
        ? ageBand(v, opts.today ? { today: opts.today } : {})
        : birthYear(v);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

// maskRecord(schema, value, preset): a masked copy of a record, driven by the schema's tags.
import type * as z from 'zod';
import { PiiError } from '../errors.js';
import { type Kind, copyData, leaves, setIn } from '../schema/index.js';
import { ageBand, birthYear, district, generalizeGeo } from './generalize.js';
import { maskGeo } from './geo.js';
import { maskers } from './maskers.js';
import { pseudonymize } from './pseudonym.js';
import { redactWith } from './redact-core.js';

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
const ALL_KINDS: readonly Kind[] = [
  'name',
  'phone',
  'landline',
  'address',
  'idNumber',
  'passport',
  'email',
  'bankCard',
  'waybillNo',
  'pickupCode',
  'geo',
  'birthDate',
  'ip',
  'deviceId',
  'image',
  'freeText',
  'custom',
];
function table(dflt: Action, rows: Partial<Record<Kind, Action>>): Record<Kind, Action> {
  const t = {} as Record<Kind, Action>;
  for (const k of ALL_KINDS) t[k] = rows[k] ?? dflt;
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
 * pseudonymized, generalized or removed according to its kind and the preset. Untagged and
 * `public` fields stay as they are; the input is not modified.
 *
 * @param schema - the zod schema tagged with `pii.*`
 * @param value - a record of that schema
 * @param preset - the view (default `customerService`)
 * @param opts - `key` for analytics pseudonyms, birth-date form, reference date
 * @returns a new record; fields a preset removes are absent
 * @throws PiiError INVALID_ARGUMENT for an unknown preset, or `analytics` without a valid key
 * @throws PiiError SCHEMA_INVALID when `schema` is not a zod schema
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
  const out = copyData(value);
  for (const leaf of leaves(schema, value)) {
    if (leaf.kind === 'untagged' || leaf.level === 'public') continue;
    const kind = leaf.kind;
    const v = leaf.value;
    let next: unknown;
    switch (rules[kind]) {
      case 'keep':
        continue;
      case 'drop':
        next = undefined;
        break;
      case 'mask':
        if (kind === 'geo') next = geoValue(v);
        else
          next =
            typeof v === 'string' && kind !== 'image' && kind !== 'custom' ? maskers[kind](v) : undefined;
        break;
      case 'redact':
        if (typeof v !== 'string') next = undefined;
        else if (preset === 'analytics') {
          next = redactWith(v, 'pseudonym', undefined, undefined, (s, k) => pseudonymize(s, key!, k)).text;
        } else next = redactWith(v, 'mask', undefined, undefined, undefined).text;
        break;
      case 'pseudonym':
        next = typeof v === 'string' ? pseudonymize(v, key!, kind) : undefined;
        break;
      case 'generalize':
        next = generalized(kind, v, opts);
        break;
    }
    setIn(out, leaf.at, next);
  }
  return out;
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

// maskRecord(schema, value, preset): a masked copy of a record, driven by the schema's tags.
import type * as z from 'zod';
import { PiiError } from '../errors.js';
import { type ClassifiedField, KINDS, type Kind, classify, copyData } from '../schema/index.js';
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
  const ctx: Ctx = { preset, rules, key, opts };
  for (const f of compiled(schema)) visit(out, f.steps, 0, f.field, ctx);
  return out;
}

interface Ctx {
  preset: MaskPreset;
  rules: Record<Kind, Action>;
  key: Uint8Array | undefined;
  opts: MaskRecordOptions;
}
/** A path step: an object key, every array item (`[]`) or every record value (`{}`). */
type Step = string | 0 | 1;
interface Compiled {
  field: ClassifiedField & { kind: Kind };
  steps: Step[];
}
const plans = new WeakMap<object, Compiled[]>();

// classify() once per schema; then each record is walked along the tagged paths only.
function compiled(schema: z.core.$ZodType): Compiled[] {
  let c = plans.get(schema);
  if (c) return c;
  c = [];
  for (const f of classify(schema)) {
    if (f.kind === 'untagged' || f.level === 'public') continue;
    const steps: Step[] = [];
    for (const part of f.path.split('.')) {
      const m = /^(.*?)((?:\[\]|\{\})*)$/.exec(part)!;
      if (m[1]) steps.push(m[1]);
      for (let i = 0; i < m[2]!.length; i += 2) steps.push(m[2]![i] === '[' ? 0 : 1);
    }
    c.push({ field: f as ClassifiedField & { kind: Kind }, steps });
  }
  plans.set(schema, c);
  return c;
}

function visit(node: unknown, steps: Step[], i: number, f: ClassifiedField & { kind: Kind }, ctx: Ctx): void {
  if (typeof node !== 'object' || node === null) return;
  const step = steps[i]!;
  if (step === 0) {
    if (Array.isArray(node))
      for (let j = 0; j < node.length; j++)
        at(node as unknown as Record<number, unknown>, j, steps, i, f, ctx);
  } else if (step === 1) {
    if (!Array.isArray(node))
      for (const k of Object.keys(node)) at(node as Record<string, unknown>, k, steps, i, f, ctx);
  } else if (!Array.isArray(node) && Object.hasOwn(node, step)) {
    at(node as Record<string, unknown>, step, steps, i, f, ctx);
  }
}

function at(
  holder: Record<string | number, unknown>,
  k: string | number,
  steps: Step[],
  i: number,
  f: ClassifiedField & { kind: Kind },
  ctx: Ctx,
): void {
  const v = holder[k];
  if (v === undefined || v === null) return;
  if (i < steps.length - 1) {
    visit(v, steps, i + 1, f, ctx);
    return;
  }
  const next = transform(f.kind, v, ctx);
  if (next === KEEP) return;
  if (next === undefined && !Array.isArray(holder)) delete holder[k];
  else holder[k] = next;
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

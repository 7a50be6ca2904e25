import {
  bankCardProblem,
  birthDateProblem,
  hkIdProblem,
  normalizeEmail,
  normalizeLandline,
  normalizeName,
  normalizePassport,
  normalizePhone,
  normalizeText,
  pickupCodeProblem,
  residentIdProblem,
  twIdProblem,
  waybillProblem,
} from './validators.js';
import type { Level } from './levels.js';

/** The kinds of personal data a courier platform holds. */
export type Kind =
  | 'name'
  | 'phone'
  | 'landline'
  | 'address'
  | 'idNumber'
  | 'passport'
  | 'email'
  | 'bankCard'
  | 'waybillNo'
  | 'pickupCode'
  | 'geo'
  | 'birthDate'
  | 'ip'
  | 'deviceId'
  | 'image'
  | 'freeText'
  | 'custom';

/**
 * Every kind, in a fixed order.
 *
 * @example
 * ```ts
 * import { KINDS } from 'courier-pii/schema';
 * console.log(KINDS.includes('idNumber')); // true
 * ```
 */
export const KINDS: readonly Kind[] = Object.freeze([
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
] as const);

/** What a kind supplies: its default level and how its string values are checked and normalized. */
export interface KindSpec {
  /** Default sensitivity (docs/concepts.md explains each choice). */
  readonly defaultLevel: Level;
  /**
   * Canonical form of a valid value (also the blind-index input), or undefined when the value is
   * not valid for the kind. Kinds without string values (geo, image) have none.
   */
  readonly normalize?: (value: string) => string | undefined;
}

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]{2,39}$/;

function idNumberNormalize(v: string): string | undefined {
  const s = v.trim().toUpperCase().replace(/\s+/g, '');
  if (residentIdProblem(s) === undefined) return s;
  if (hkIdProblem(s) === undefined) return s.replace(/[()]/g, '');
  if (twIdProblem(s) === undefined) return s;
  return undefined;
}

/**
 * The specification of each kind: default level and normalization.
 *
 * @example
 * ```ts
 * import { kindSpecs } from 'courier-pii/schema';
 * console.log(kindSpecs.phone.defaultLevel); // sensitive
 * ```
 */
export const kindSpecs: Readonly<Record<Kind, KindSpec>> = Object.freeze({
  name: {
    defaultLevel: 'internal',
    normalize: (v) => (normalizeName(v).length > 0 ? normalizeName(v) : undefined),
  },
  phone: { defaultLevel: 'sensitive', normalize: normalizePhone },
  landline: { defaultLevel: 'internal', normalize: normalizeLandline },
  address: {
    defaultLevel: 'sensitive',
    normalize: (v) => {
      const s = normalizeText(v).replace(/ (?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff]) /g, '');
      return s.length >= 2 ? s : undefined;
    },
  },
  idNumber: { defaultLevel: 'sensitive', normalize: idNumberNormalize },
  passport: { defaultLevel: 'sensitive', normalize: normalizePassport },
  email: { defaultLevel: 'internal', normalize: normalizeEmail },
  bankCard: {
    defaultLevel: 'sensitive',
    normalize: (v) => (bankCardProblem(v) === undefined ? v.replace(/[\s-]/g, '') : undefined),
  },
  waybillNo: {
    defaultLevel: 'internal',
    normalize: (v) => {
      const s = v.trim().toUpperCase();
      return waybillProblem(s) === undefined ? s : undefined;
    },
  },
  pickupCode: {
    defaultLevel: 'sensitive',
    normalize: (v) => (pickupCodeProblem(v) === undefined ? v.trim().toUpperCase() : undefined),
  },
  geo: { defaultLevel: 'sensitive' },
  birthDate: {
    defaultLevel: 'internal',
    normalize: (v) => (birthDateProblem(v) === undefined ? v : undefined),
  },
  ip: {
    defaultLevel: 'internal',
    normalize: (v) => {
      const s = v.trim();
      if (IPV4.test(s)) return s;
      return IPV6.test(s) && s.includes(':') ? s.toLowerCase() : undefined;
    },
  },
  deviceId: {
    defaultLevel: 'internal',
    normalize: (v) => (/^[\w:.-]{1,128}$/.test(v.trim()) ? v.trim() : undefined),
  },
  image: { defaultLevel: 'sensitive' },
  // Sensitive by default: notes are where customers type phones, addresses and ID numbers, and
  // no one can prove a note holds none (docs/concepts.md, "Why these default levels").
  freeText: { defaultLevel: 'sensitive', normalize: (v) => normalizeText(v) },
  custom: { defaultLevel: 'internal', normalize: (v) => normalizeText(v) },
} satisfies Record<Kind, KindSpec>);

/**
 * True when `x` names a kind.
 *
 * @param x - anything
 * @returns whether x is a Kind
 * @example
 * ```ts
 * import { isKind } from 'courier-pii/schema';
 * console.log(isKind('phone')); // true
 * ```
 */
export function isKind(x: unknown): x is Kind {
  return typeof x === 'string' && Object.hasOwn(kindSpecs, x);
}

// The per-kind masker table and mask(kind, value): the convention table of docs/masking.md.
import { PiiError } from '../errors.js';
import type { Kind } from '../schema/index.js';
import { maskAddress } from './address.js';
import { maskBankCard } from './bank-card.js';
import { maskIdNumber, maskPassport } from './document.js';
import { maskEmail } from './email.js';
import { maskGeo } from './geo.js';
import { maskLandline } from './landline.js';
import { maskBirthDate, maskDeviceId, maskIp, maskPickupCode } from './misc.js';
import { maskName } from './name.js';
import type { MaskOptions } from './options.js';
import { maskPhone } from './phone.js';
import { redactWith } from './redact-core.js';
import { assertString } from '../_internal/assert.js';
import { checkOptions } from '../_internal/options.js';
import { MASK_OPTIONS } from './option-names.js';

/** A masker: a pure function from a value (and options) to its masked display form. */
export type Masker = (value: string, opts?: MaskOptions) => string;

/** The kinds that have a string masker (all kinds except `image` and `custom`). */
export type MaskableKind = Exclude<Kind, 'image' | 'custom'>;

/**
 * The default masker of every maskable kind. `waybillNo` is returned unchanged (a waybill
 * number is not personal data); `freeText` is redacted in mask mode.
 *
 * @example
 * ```ts
 * import { maskers } from 'courier-pii/mask';
 * console.log(maskers.phone('13812345678')); // 138****5678
 * ```
 */
export const maskers: Readonly<Record<MaskableKind, Masker>> = Object.freeze({
  name: maskName,
  phone: maskPhone,
  landline: maskLandline,
  address: maskAddress,
  idNumber: maskIdNumber,
  passport: maskPassport,
  email: maskEmail,
  bankCard: maskBankCard,
  waybillNo: (value: string) => {
    assertString('value', value);
    return value;
  },
  pickupCode: maskPickupCode,
  geo: (value: string) => maskGeo(value),
  birthDate: maskBirthDate,
  ip: maskIp,
  deviceId: maskDeviceId,
  freeText: (value: string, opts?: MaskOptions) => {
    assertString('value', value);
    return redactWith(value, 'mask', opts, undefined, undefined).text;
  },
});

/**
 * Masks `value` with the default masker of `kind` (see {@link maskers}).
 *
 * @param kind - the kind of personal data
 * @param value - the value to mask
 * @param opts - options passed to the masker
 * @returns the masked value
 * @throws PiiError MASK_UNSUPPORTED when the kind has no string masker (`image`, `custom`, or
 *   an unknown kind)
 * @throws PiiError INVALID_ARGUMENT when `value` is not a string or an option is invalid
 * @example
 * ```ts
 * import { mask } from 'courier-pii/mask';
 * console.log(mask('name', '欧阳娜娜')); // 欧阳**
 * ```
 */
export function mask(kind: Kind, value: string, opts?: MaskOptions): string {
  checkOptions('mask', opts, MASK_OPTIONS);
  const m = Object.hasOwn(maskers, kind) ? maskers[kind as MaskableKind] : undefined;
  if (!m) {
    throw new PiiError(
      'MASK_UNSUPPORTED',
      `Kind '${String(kind).slice(0, 40)}' has no masker; drop the field or mask it with a custom function.`,
    );
  }
  return m(value, opts);
}

// redact(text, { mode }): detect and replace personal data in free text.
import { PiiError } from '../errors.js';
import type { DetectOptions } from './detect.js';
import type { MaskOptions } from './options.js';
import { pseudonymize } from './pseudonym.js';
import { type Pseudonymizer, type RedactMode, type RedactResult, redactWith } from './redact-core.js';
import { type RedactJsonResult, redactJsonWith } from './redact-json.js';
import { checkOptions, optionNames } from '../_internal/options.js';

const REDACT_OPTIONS = optionNames<RedactOptions>()(['mode', 'key', 'mask', 'kinds', 'minConfidence']);

/** Options for {@link redact}. */
export interface RedactOptions extends DetectOptions {
  /** `mask` (default): the convention-table mask; `label`: `[PHONE]`; `pseudonym`: keyed tokens. */
  mode?: RedactMode;
  /** Key for `pseudonym` mode (at least 16 bytes). */
  key?: Uint8Array;
  /** Mask options for `mask` mode (mask character, address tail ...). */
  mask?: MaskOptions;
}

/**
 * Finds personal data in free text with {@link detect} and replaces it: masked by the
 * convention table (`mask`, default), by a kind label such as `[PHONE]` (`label`), or by a
 * keyed pseudonym from {@link pseudonymize} (`pseudonym`, needs `key`).
 *
 * @param text - delivery note, chat message, ticket ...
 * @param opts - mode, key, mask options, kinds and confidence floor
 * @returns the redacted text and the findings (offsets into the input text)
 * @throws PiiError INVALID_ARGUMENT when `text` is not a string, the mode is unknown, or
 *   `pseudonym` mode has no valid key
 * @example
 * ```ts
 * import { redact } from 'courier-pii/mask';
 * console.log(redact('放门口，电话13812345678').text); // 放门口，电话138****5678
 * ```
 */
export function redact(text: string, opts?: RedactOptions): RedactResult {
  // no options: the defaults, without checking or reading an empty object
  if (opts === undefined) return redactWith(text, 'mask', undefined, undefined, undefined);
  checkOptions('redact', opts, REDACT_OPTIONS);
  const mode = opts.mode ?? 'mask';
  return redactWith(text, mode, opts.mask, opts, pseudonymizerOf(mode, opts));
}

function pseudonymizerOf(mode: RedactMode, opts: RedactOptions): Pseudonymizer | undefined {
  if (mode !== 'pseudonym') return undefined;
  const key = opts.key;
  if (!(key instanceof Uint8Array) || key.length < 16) {
    throw new PiiError('INVALID_ARGUMENT', "mode 'pseudonym' needs key: a Uint8Array of at least 16 bytes.");
  }
  return (v, kind) => pseudonymize(v, key, kind);
}

/**
 * Redacts personal data in parsed JSON whose schema you do not have (log payloads, webhook
 * bodies, API responses): every string is redacted like {@link redact} text, with its key as
 * context. The value of a name key (receiverName, consignee, sjr, 收件人 ...) is read as a name
 * without a context word, of an address key (receiverAddress, addr, 收货地址) as a whole
 * address, of a phone key (mobile, tel, 联系电话) as a number of any grouping; values of order,
 * SKU, tracking, amount, weight, version and device-id keys (orderNo, sku, 运单号, 金额 ...) are
 * not read as numbers at all. Integers of seven digits or more are read as their digits (a
 * phone stored as a number comes back as a masked string). Keys are redacted too; two keys
 * that mask alike are kept apart with a `~2` suffix. The input is not modified.
 *
 * @param value - parsed JSON (plain objects, arrays, strings, numbers, booleans, null)
 * @param opts - mode, key, mask options, kinds and confidence floor, as for {@link redact}
 * @returns the redacted copy and every finding with its path and offsets in that string
 * @throws PiiError INVALID_ARGUMENT when `value` holds something that is not JSON (a Date, a
 *   Map, a function ...) or is nested deeper than 64 levels, the mode is unknown, or
 *   `pseudonym` mode has no valid key
 * @example
 * ```ts
 * import { redactJson } from 'courier-pii/mask';
 * const log = JSON.parse('{"orderNo":"13800001111","receiverName":"张伟","receiverMobile":"13812345678"}');
 * const value = redactJson(log).value as Record<string, string>;
 * console.log(value.receiverName, value.receiverMobile, value.orderNo); // 张* 138****5678 13800001111
 * ```
 */
export function redactJson(value: unknown, opts: RedactOptions = {}): RedactJsonResult {
  checkOptions('redactJson', opts, REDACT_OPTIONS);
  const mode = opts.mode ?? 'mask';
  return redactJsonWith(value, mode, opts.mask, opts, pseudonymizerOf(mode, opts));
}

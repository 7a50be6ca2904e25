// redact(text, { mode }): detect and replace personal data in free text.
import { PiiError } from '../errors.js';
import type { DetectOptions } from './detect.js';
import type { MaskOptions } from './options.js';
import { pseudonymize } from './pseudonym.js';
import { type RedactMode, type RedactResult, redactWith } from './redact-core.js';

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
export function redact(text: string, opts: RedactOptions = {}): RedactResult {
  const mode = opts.mode ?? 'mask';
  let p: ((v: string, kind: import('../schema/index.js').Kind) => string) | undefined;
  if (mode === 'pseudonym') {
    const key = opts.key;
    if (!(key instanceof Uint8Array) || key.length < 16) {
      throw new PiiError(
        'INVALID_ARGUMENT',
        "mode 'pseudonym' needs key: a Uint8Array of at least 16 bytes.",
      );
    }
    p = (v, kind) => pseudonymize(v, key, kind);
  }
  return redactWith(text, mode, opts.mask, opts, p);
}

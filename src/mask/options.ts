import { PiiError } from '../errors.js';
import { checkOptions } from '../_internal/options.js';
import { MASK_OPTIONS } from './option-names.js';

/**
 * Options that change how much a masker shows. Every field is optional; the defaults are the
 * convention table in docs/masking.md.
 */
export interface MaskOptions {
  /** The character written for each hidden character (one UTF-16 unit, default `*`). */
  maskChar?: string;
  /**
   * Units kept at the start. The unit depends on the kind: national-number digits (phone),
   * local-number digits (landline), characters (name, email local part), letters and digits
   * (ID documents), digits (bank card). Defaults per kind follow the convention table.
   */
  keepStart?: number;
  /** Units kept at the end (same units as `keepStart`). */
  keepEnd?: number;
  /** Address: the deepest administrative level kept before the tail (default `county`). */
  addressLevel?: AddressLevel;
  /** Address: the fixed text that replaces everything after the kept prefix (default `****`). */
  addressTail?: string;
}

/** Administrative levels an address prefix can be kept to. */
export type AddressLevel = 'province' | 'city' | 'county';

/** @internal resolved mask character */
export function maskCharOf(opts: MaskOptions | undefined): string {
  if (opts !== undefined) checkOptions('mask', opts, MASK_OPTIONS);
  const c = opts?.maskChar;
  if (c === undefined) return '*';
  if (typeof c !== 'string' || c.length !== 1 || /[\p{L}\p{N}\s\-.()@+:,·/#]/u.test(c)) {
    throw new PiiError(
      'INVALID_ARGUMENT',
      'maskChar must be one character that is not a letter, digit, space or separator (for example * or •).',
    );
  }
  return c;
}

/** @internal a keep count: the option if given (a non-negative integer), else the default */
export function keepOf(name: 'keepStart' | 'keepEnd', opts: MaskOptions | undefined, dflt: number): number {
  const v = opts?.[name];
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < 0) {
    throw new PiiError('INVALID_ARGUMENT', `${name} must be a non-negative integer.`);
  }
  return v;
}

/**
 * @internal Masks the "units" of `value` (characters for which `isUnit` is true), keeping the
 * first `keepStart` and last `keepEnd` units and every non-unit character. At least one unit
 * is always hidden when there are two or more; a single unit is hidden.
 */
export function maskUnits(
  value: string,
  isUnit: (code: number) => boolean,
  keepStart: number,
  keepEnd: number,
  ch: string,
): string {
  const mc = ch.charCodeAt(0);
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isUnit(c) || c === mc) n++;
  }
  if (keepStart + keepEnd >= n) {
    // never show a value whole: shrink the kept ends until one unit is hidden
    keepEnd = Math.max(0, Math.min(keepEnd, n - keepStart - 1));
    keepStart = Math.max(0, Math.min(keepStart, n - 1 - keepEnd));
  }
  const hideFrom = keepStart;
  const hideTo = n - keepEnd;
  if (hideTo <= hideFrom) return value;
  // the usual case: the hidden units form one unbroken stretch, written with a single repeat
  let first = -1;
  let u0 = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isUnit(code) || code === mc) {
      if (u0 === hideFrom) first = i;
      if (++u0 === hideTo) {
        if (i - first + 1 === hideTo - hideFrom)
          return value.slice(0, first) + ch.repeat(hideTo - hideFrom) + value.slice(i + 1);
        break;
      }
    }
  }
  let out = '';
  let u = 0;
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isUnit(code) || code === mc) {
      if (u >= hideFrom && u < hideTo) {
        out += value.slice(run, i) + ch;
        run = i + 1;
      }
      u++;
    }
  }
  return out + value.slice(run);
}

/** @internal ASCII digit, or the default mask character (so masked input stays stable). */
export function isDigitUnit(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 42;
}

/** @internal ASCII letter or digit, or `*`. */
export function isAlnumUnit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 42;
}

/**
 * @internal `value` with the characters at `pos[from]` .. `pos[to - 1]` (ascending offsets)
 * replaced by `ch`; one repeat when they are adjacent.
 */
export function hideAt(value: string, pos: readonly number[], from: number, to: number, ch: string): string {
  if (to <= from) return value;
  const a = pos[from]!;
  const b = pos[to - 1]!;
  if (b - a === to - 1 - from) return value.slice(0, a) + ch.repeat(to - from) + value.slice(b + 1);
  let out = '';
  let run = 0;
  for (let k = from; k < to; k++) {
    const i = pos[k]!;
    out += value.slice(run, i) + ch;
    run = i + 1;
  }
  return out + value.slice(run);
}

// Fail-closed options: every public options object is checked against the names its type
// declares, so a misspelt or unsupported option (`suite: 'gm'` on a build without it, `ttl` for
// `ttlMs`) is refused with INVALID_ARGUMENT instead of being silently ignored
// (docs/concepts.md, "Fail closed"). test/options-fail-closed.test.ts walks every public options
// type and checks that each one refuses an unknown name.
import { PiiError } from '../errors.js';

type Missing<T, K extends readonly PropertyKey[]> = Exclude<keyof T, K[number]>;

/**
 * The option names of `T`, checked by the compiler to be exactly `keyof T`: adding an option to
 * the type without listing it here does not compile, so the runtime list cannot drift.
 * Usage: `const NAMES = optionNames<VaultOptions>()(['keyring', 'keyStore', ...]);`
 */
export function optionNames<T>() {
  return <const K extends readonly (keyof T & string)[]>(
    names: K & ([Missing<T, K>] extends [never] ? unknown : { missingOptionNames: Missing<T, K> }),
  ): ReadonlySet<string> => new Set<string>(names);
}

const PRINTABLE = /^[A-Za-z_$][\w$]{0,39}$/;

/**
 * Throws INVALID_ARGUMENT when `options` is not an object or carries a name outside `known`.
 * `undefined` passes (every options object here is optional or checked for presence by its
 * caller). The message names the unknown option only when it looks like an identifier, so a
 * value pasted where a name belongs is never echoed.
 */
export function checkOptions(where: string, options: unknown, known: ReadonlySet<string>): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new PiiError('INVALID_ARGUMENT', `${where}: options must be an object.`);
  }
  for (const name in options) {
    if (!Object.hasOwn(options, name) || known.has(name)) continue;
    const shown = PRINTABLE.test(name) ? `'${name}'` : 'a name that is not an identifier';
    throw new PiiError(
      'INVALID_ARGUMENT',
      `${where}: unknown option ${shown}. Known options: ${[...known].join(', ')}. Check the spelling, or upgrade courier-pii if the option is newer than this version.`,
    );
  }
}

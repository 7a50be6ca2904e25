// Loads an operator's module (schemas, policies, a record source) by path. Plain Node imports
// .js/.mjs/.cjs; a .ts module works only when the CLI itself runs under tsx.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PiiError } from '../errors.js';
import { inputFile } from './paths.js';

export async function loadModule(path: string): Promise<Record<string, unknown>> {
  const abs = resolve(path);
  inputFile(abs, 'Module');
  try {
    return (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: string })?.code;
    if (code === 'ERR_UNKNOWN_FILE_EXTENSION' && /\.[mc]?tsx?$/.test(abs)) {
      throw new PiiError(
        'INVALID_ARGUMENT',
        `Module ${path} is TypeScript; build it to .js or .mjs first (or run the command under tsx).`,
        { cause: e },
      );
    }
    const first = String((e as Error)?.message ?? e)
      .split('\n')[0]!
      .slice(0, 200);
    throw new PiiError('INVALID_ARGUMENT', `Module ${path} failed to load: ${first}`, { cause: e });
  }
}

/** An export given as an array or a record of values, as an array; undefined when absent. */
export function listExport(mod: Record<string, unknown>, name: string): unknown[] | undefined {
  const v = mod[name] ?? (mod.default as Record<string, unknown> | undefined)?.[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v;
  if (typeof v === 'object' && v !== null) return Object.values(v);
  throw new PiiError('INVALID_ARGUMENT', `The module's "${name}" export must be an array or an object.`);
}

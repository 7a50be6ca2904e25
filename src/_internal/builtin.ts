// Node's built-in modules without a static import, so bundles for browsers, edge runtimes and
// mini-programs stay free of node:*: `process.getBuiltinModule` (Node >= 20.16) where it exists,
// undefined elsewhere or when the runtime refuses.

/** The built-in module `id` (e.g. 'node:crypto'), or undefined where there is none. @internal */
export function builtinModule<T>(id: string): T | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    return proc?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}

import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One entry per capability folder that has an index.ts, plus the root (rolldown.config.ts reads
// the same list for the JavaScript).
const modules = readdirSync('src', { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_') && existsSync(`src/${d.name}/index.ts`))
  .map((d) => d.name);

export const entry: Record<string, string> = {
  index: 'src/index.ts',
  ...Object.fromEntries(modules.map((m) => [`${m}/index`, `src/${m}/index.ts`])),
  ...(existsSync('src/cli/main.ts') ? { 'cli/main': 'src/cli/main.ts' } : {}),
};

/** Imports left to the user's install: the runtime and peer dependencies. */
export const external = [/^@noble\//, 'zod', /^zod\//, 'better-sqlite3', 'pg', 'pkcs11js', 'graphene-pk11'];

// tsup writes the types only (.d.ts for import, .d.cts for require); the JavaScript comes from
// rolldown (rolldown.config.ts), which keeps top-level `const` where esbuild's bundler writes
// `var`, and V8 runs the mask's module-level tables faster as constants.
export default defineConfig({
  entry,
  format: ['esm', 'cjs'],
  dts: { only: true },
  clean: true,
  target: 'node20',
  external,
});

import { readdirSync, existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One entry per capability folder that has an index.ts, plus the root.
const modules = readdirSync('src', { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_') && existsSync(`src/${d.name}/index.ts`))
  .map((d) => d.name);

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    ...Object.fromEntries(modules.map((m) => [`${m}/index`, `src/${m}/index.ts`])),
    ...(existsSync('src/cli/main.ts') ? { 'cli/main': 'src/cli/main.ts' } : {}),
  },
  format: ['esm', 'cjs'],
  dts: true,
  // Subpaths must share one copy of errors and registries in CJS too (one PiiError class, one tag registry).
  splitting: true,
  sourcemap: false,
  clean: true,
  treeshake: true,
  target: 'node20',
  external: [/^@noble\//, 'zod', /^zod\//, 'better-sqlite3', 'pg', 'pkcs11js', 'graphene-pk11'],
});

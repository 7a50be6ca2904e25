import { defineConfig, type RolldownOptions } from 'rolldown';
import { entry, external } from './tsup.config';

// The JavaScript of dist/: ESM (.js) and CJS (.cjs), one file per entry of tsup.config.ts plus
// shared chunks, so that the subpaths share one copy of errors and registries in CJS too (one
// PiiError class, one tag registry). Rolldown keeps top-level `const` as `const`; esbuild's
// bundler writes it as `var`, and V8 then ran the mask's module-level tables 5-10 % slower.
export default defineConfig(
  (['esm', 'cjs'] as const).map(
    (format): RolldownOptions => ({
      input: entry,
      external,
      platform: 'node',
      transform: { target: 'node20' },
      output: {
        dir: 'dist',
        format,
        entryFileNames: format === 'esm' ? '[name].js' : '[name].cjs',
        chunkFileNames: format === 'esm' ? 'chunk-[hash].js' : 'chunk-[hash].cjs',
        // The API documentation lives in the .d.ts files: keep only license and
        // /* @__PURE__ */ comments in the JavaScript.
        comments: { legal: true, annotation: true, jsdoc: false },
      },
    }),
  ),
);

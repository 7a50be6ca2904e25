// One esbuild call for every test that runs library code in a separate `node` process (the CLI,
// store workers, monitor instances): the bundle starts in ~100 ms where tsx would compile first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `courier-pii` and `courier-pii/<sub>` resolved to the sources, for code that imports the package. */
const packageFromSource: Plugin = {
  name: 'courier-pii-source',
  setup(b) {
    b.onResolve({ filter: /^courier-pii(\/.*)?$/ }, (a) => ({
      path: join(
        ROOT,
        'src',
        a.path === 'courier-pii' ? 'index.ts' : `${a.path.slice('courier-pii/'.length)}/index.ts`,
      ),
    }));
  },
};

/**
 * Bundles `entry` into `outfile`, to run like dist/cli/main.js: one ESM file, the shebang
 * kept, native peers (pg, better-sqlite3, pkcs11js) external. `outfile` must be inside the
 * repository so those imports resolve from node_modules; a `.js` outfile gets a
 * `{"type":"module"}` package.json beside it.
 */
export async function bundleForNode(
  entry: string,
  outfile: string,
  opts: { packageFromSource?: boolean } = {},
) {
  const { build } = await import('esbuild');
  mkdirSync(dirname(outfile), { recursive: true });
  if (outfile.endsWith('.js')) writeFileSync(join(dirname(outfile), 'package.json'), '{"type":"module"}');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['pg', 'better-sqlite3', 'pkcs11js'],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'silent',
    plugins: opts.packageFromSource ? [packageFromSource] : [],
  });
  return outfile;
}

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig({
  resolve: {
    // Examples and tests import the public names ('courier-pii/crypto'), resolved to source here.
    alias: [
      { find: /^courier-pii$/, replacement: `${src}index.ts` },
      { find: /^courier-pii\/(.+)$/, replacement: `${src}$1/index.ts` },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Gives the run its own temporary folder (and fails it for anything left there), starts
    // PostgreSQL and a SoftHSM2 token (.ci/services.sh) unless COURIER_PII_PG_URL is set, and
    // provides Chromium for the browser tests (CHROMIUM_PATH, a system browser, or apt-get).
    globalSetup: ['test/stores/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});

// The Chromium the global setup provided (test/stores/global-setup.ts), for the browser tests.
// When it could not provide one, the test fails with the setup's one message (what is missing,
// how to fix it); a browser test never skips.
import { inject } from 'vitest';
import { provideChromium, thisMachine } from './chromium.js';

export function chromiumPath(): string {
  // Run without the global setup (another config): look, but do not install.
  const r = inject('chromium') ?? provideChromium(thisMachine(), { install: false });
  if ('missing' in r) throw new Error(r.missing);
  return r.path;
}

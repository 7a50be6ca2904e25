// The Chromium the global setup provided (test/stores/global-setup.ts), for the browser tests,
// and the one way the tests capture a page with it from the command line.
// When the setup could not provide a browser, the test fails with the setup's one message (what
// is missing, how to fix it); a browser test never skips.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { provideChromium, thisMachine } from './chromium.js';

export function chromiumPath(): string {
  // Run without the global setup (another config): look, but do not install.
  const r = inject('chromium') ?? provideChromium(thisMachine(), { install: false });
  if ('missing' in r) throw new Error(r.missing);
  return r.path;
}

/**
 * Runs headless Chromium once on `url` with `capture` (`--dump-dom`, `--screenshot=<file>`, ...)
 * and resolves to what it printed. Every capture gets a virtual-time budget: without one, headless
 * Chromium captures the page before its scripts have run, so a page that draws with script (the
 * docs site's sidebar, the privacy report's charts) comes out blank or half-drawn.
 */
export async function headlessCapture(
  url: string,
  capture: string[],
  options: { budgetMs?: number; windowSize?: string } = {},
): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'cpii-chromium-'));
  try {
    // Asynchronous, so a server in this process (the docs site test's) can answer the browser.
    const { stdout } = await promisify(execFile)(
      chromiumPath(),
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        `--virtual-time-budget=${options.budgetMs ?? 5000}`,
        `--window-size=${options.windowSize ?? '1200,900'}`,
        ...capture,
        url,
      ],
      {
        encoding: 'utf8',
        timeout: 60_000,
        maxBuffer: 64 * 1024 * 1024,
        // What Chromium keeps in the temporary folder goes with the profile.
        env: { ...process.env, TMPDIR: profile },
      },
    );
    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

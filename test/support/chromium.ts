// Chromium for the browser tests (docs site, HTML privacy report), provided by the vitest global
// setup the way .ci/services.sh provides PostgreSQL and SoftHSM2: use the browser CHROMIUM_PATH
// names, else a system Chromium or Chrome, else install Debian's `chromium` with apt-get where that
// is possible, else give one message that says what is missing and how to fix it.
// The machine is passed in, so test/docs/browser-setup.test.ts can run the same steps on a
// simulated machine without a browser.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The one variable that points the tests at an existing browser. */
export const CHROMIUM_VAR = 'CHROMIUM_PATH';

/** Where a system Chromium or Chrome usually lives, in the order they are tried. */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** What the provisioning needs to know about, and do on, a machine. */
export interface BrowserMachine {
  env: Record<string, string | undefined>;
  exists(path: string): boolean;
  /** True when `command` is on the PATH. */
  has(command: string): boolean;
  isRoot: boolean;
  /** Runs a command; `ok` is its exit status 0. */
  run(command: string, args: readonly string[]): { ok: boolean };
  /** Progress lines for the person running the tests. */
  log(line: string): void;
}

export type ChromiumResult =
  | { path: string; installed: boolean }
  | {
      /** One message: what is missing and the two ways to fix it. */
      missing: string;
    };

const HOW =
  `install Chromium (Debian/Ubuntu: \`apt-get install chromium\`; macOS: \`brew install --cask chromium\`) ` +
  `or set ${CHROMIUM_VAR} to a Chromium or Chrome executable`;

function found(m: BrowserMachine): string | undefined {
  return CHROMIUM_CANDIDATES.find((c) => m.exists(c));
}

/** Finds or installs Chromium; never throws, never asks (apt-get runs as root or via `sudo -n`). */
export function provideChromium(m: BrowserMachine, options: { install: boolean }): ChromiumResult {
  const named = m.env[CHROMIUM_VAR];
  if (named !== undefined && named !== '') {
    if (m.exists(named)) return { path: named, installed: false };
    return {
      missing: `The browser tests need Chromium: ${CHROMIUM_VAR} is set to ${named}, where there is no file; point it at a Chromium or Chrome executable, or unset it.`,
    };
  }
  const there = found(m);
  if (there) return { path: there, installed: false };
  const notFound = `The browser tests (docs site, HTML privacy report) need Chromium and none was found`;
  if (!options.install) return { missing: `${notFound}: ${HOW}.` };
  if (!m.has('apt-get'))
    return { missing: `${notFound}, and there is no apt-get here to install it: ${HOW}.` };
  const sudo: string[] = [];
  if (!m.isRoot) {
    if (!m.has('sudo') || !m.run('sudo', ['-n', 'true']).ok) {
      return {
        missing: `${notFound}; installing it needs root (apt-get) and sudo asks for a password: ${HOW}.`,
      };
    }
    sudo.push('sudo', '-n');
  }
  const apt = (...args: string[]) =>
    sudo.length > 0 ? m.run('sudo', ['-n', 'apt-get', ...args]) : m.run('apt-get', args);
  m.log('browser tests: installing Debian package chromium (apt-get, about a minute)');
  const ok =
    apt('update', '-qq').ok &&
    apt('install', '-y', '-qq', '--no-install-recommends', 'chromium').ok &&
    found(m) !== undefined;
  if (!ok) return { missing: `${notFound}, and \`apt-get install chromium\` did not provide one: ${HOW}.` };
  return { path: found(m)!, installed: true };
}

/** The machine this process runs on. */
export function thisMachine(): BrowserMachine {
  return {
    env: process.env,
    exists: existsSync,
    has: (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    run: (command, args) => ({
      ok:
        spawnSync(command, args, {
          stdio: ['ignore', 'ignore', 'inherit'],
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
          timeout: 900_000,
        }).status === 0,
    }),
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

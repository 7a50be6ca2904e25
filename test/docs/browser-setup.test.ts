// The browser tests' setup (test/support/chromium.ts, run by the global setup) on simulated
// machines: without Chromium it installs one where it can, and otherwise ends in exactly one
// message that names what is missing and both ways to fix it. It never throws and never asks.
import { describe, expect, it } from 'vitest';
import {
  type BrowserMachine,
  CHROMIUM_CANDIDATES,
  CHROMIUM_VAR,
  type ChromiumResult,
  provideChromium,
  thisMachine,
} from '../support/chromium.js';

interface Sim {
  files?: string[];
  commands?: string[];
  root?: boolean;
  env?: Record<string, string>;
  /** Files an apt-get install of chromium creates (none: the install does not provide one). */
  installs?: string[];
  failing?: string[];
}

function machine(sim: Sim): { m: BrowserMachine; ran: string[]; logged: string[] } {
  const files = new Set(sim.files ?? []);
  const ran: string[] = [];
  const logged: string[] = [];
  const m: BrowserMachine = {
    env: sim.env ?? {},
    exists: (p) => files.has(p),
    has: (c) => (sim.commands ?? []).includes(c),
    isRoot: sim.root ?? false,
    run(command, args) {
      const line = [command, ...args].join(' ');
      ran.push(line);
      if ((sim.failing ?? []).some((f) => line.includes(f))) return { ok: false };
      if (line.includes('install') && line.includes('chromium'))
        for (const f of sim.installs ?? []) files.add(f);
      return { ok: true };
    },
    log: (l) => logged.push(l),
  };
  return { m, ran, logged };
}

/** One message: a single sentence-like line naming the variable and the package to install. */
function expectOneClearMessage(r: ChromiumResult): string {
  expect('missing' in r).toBe(true);
  const msg = (r as { missing: string }).missing;
  expect(msg.split('\n')).toHaveLength(1);
  expect(msg).toContain('need Chromium');
  expect(msg).toContain(CHROMIUM_VAR);
  expect(msg).toContain('apt-get install chromium');
  return msg;
}

describe('providing Chromium to the browser tests', () => {
  it('a machine without Chromium and without apt-get: one clear message, nothing run', () => {
    const { m, ran } = machine({ commands: ['sh'] });
    const msg = expectOneClearMessage(provideChromium(m, { install: true }));
    expect(msg).toContain('no apt-get');
    expect(ran).toEqual([]);
  });

  it('a Debian machine without Chromium, as root: installs the chromium package and uses it', () => {
    const { m, ran, logged } = machine({
      commands: ['apt-get'],
      root: true,
      installs: ['/usr/bin/chromium'],
    });
    expect(provideChromium(m, { install: true })).toEqual({ path: '/usr/bin/chromium', installed: true });
    expect(ran).toEqual(['apt-get update -qq', 'apt-get install -y -qq --no-install-recommends chromium']);
    expect(logged.join('\n')).toContain('installing Debian package chromium');
  });

  it('as a user with password-less sudo: installs through sudo -n', () => {
    const { m, ran } = machine({ commands: ['apt-get', 'sudo'], installs: ['/usr/bin/chromium'] });
    expect(provideChromium(m, { install: true })).toEqual({ path: '/usr/bin/chromium', installed: true });
    expect(ran[0]).toBe('sudo -n true');
    expect(ran.slice(1).every((l) => l.startsWith('sudo -n apt-get '))).toBe(true);
  });

  it('as a user whose sudo asks for a password: one clear message, no install attempted', () => {
    const { m, ran } = machine({ commands: ['apt-get', 'sudo'], failing: ['sudo -n true'] });
    const msg = expectOneClearMessage(provideChromium(m, { install: true }));
    expect(msg).toContain('needs root');
    expect(ran).toEqual(['sudo -n true']);
  });

  it('when the install fails or provides no browser: one clear message', () => {
    for (const sim of [
      { commands: ['apt-get'], root: true, failing: ['install'] },
      { commands: ['apt-get'], root: true, failing: ['update'] },
      { commands: ['apt-get'], root: true, installs: [] },
    ]) {
      expect(expectOneClearMessage(provideChromium(machine(sim).m, { install: true }))).toContain(
        'did not provide one',
      );
    }
  });

  it('uses a system Chromium or Chrome without installing anything', () => {
    for (const c of CHROMIUM_CANDIDATES) {
      const { m, ran } = machine({ files: [c], commands: ['apt-get'], root: true });
      expect(provideChromium(m, { install: true })).toEqual({ path: c, installed: false });
      expect(ran).toEqual([]);
    }
  });

  it(`${CHROMIUM_VAR} wins over the system browser; when it names no file, it says so`, () => {
    const ok = machine({
      files: ['/opt/chrome/chrome', '/usr/bin/chromium'],
      env: { [CHROMIUM_VAR]: '/opt/chrome/chrome' },
    });
    expect(provideChromium(ok.m, { install: true })).toEqual({
      path: '/opt/chrome/chrome',
      installed: false,
    });
    const bad = machine({
      files: ['/usr/bin/chromium'],
      commands: ['apt-get'],
      root: true,
      env: { [CHROMIUM_VAR]: '/nope/chrome' },
    });
    const r = provideChromium(bad.m, { install: true });
    expect((r as { missing: string }).missing).toContain(
      `${CHROMIUM_VAR} is set to /nope/chrome, where there is no file`,
    );
    expect(bad.ran).toEqual([]);
  });

  it('without the global setup (install: false) it only looks, and says what to do', () => {
    const { m, ran } = machine({ commands: ['apt-get'], root: true });
    expectOneClearMessage(provideChromium(m, { install: false }));
    expect(ran).toEqual([]);
  });

  it('on this machine, with a PATH that has nothing and no system browser, the message is the one above', () => {
    // The real machine's probes, with every place a browser could be hidden.
    const real = thisMachine();
    const hidden: BrowserMachine = { ...real, env: {}, exists: () => false, has: () => false };
    expectOneClearMessage(provideChromium(hidden, { install: true }));
  });

  it('the browser tests read only this one variable', async () => {
    const { readFileSync } = await import('node:fs');
    for (const f of ['test/docs/site.test.ts', 'test/monitor/report-browser.test.ts']) {
      const text = readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8');
      expect(text).not.toMatch(/CHROMIUM_(BIN|PATH)/);
      expect(text).toContain("from '../support/browser.js'");
      expect(text).not.toMatch(/execFileSync\(|\/usr\/bin\/chrom/);
    }
  });
});

// The documentation site in a real browser: builds it with typedoc (typedoc.json, warnings as
// errors), serves it on 127.0.0.1, follows the site's own navigation in headless Chromium to three
// guides and to the API entry of Vault.seal, then crawls every page and fails on any internal link
// whose target page or #anchor does not exist, and on any link that leaves the site for anything
// but the project's repository. The guides are listed in reading order, every page has one
// heading, and no link text is a raw reference such as `schema!pii`.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, headlessCapture } from '../support/browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, '.tmp', `docs-site-test-${process.pid}`);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { homepage: string };
/** The repository's web address: the only place outside the site a link may go. */
const REPOSITORY = new URL(pkg.homepage).origin + new URL(pkg.homepage).pathname;
const typedocConfig = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as {
  projectDocuments: string[];
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

let server: Server;
let base: string;
let browser: Browser;

/** Serves `dir` read-only; directories answer with their index.html; anything else is a 404. */
function serve(dir: string): Promise<Server> {
  const s = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = resolve(dir, `.${path}`);
    if (file !== dir && !file.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => s.listen(0, '127.0.0.1', () => ok(s)));
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => f.split(sep).join('/'));
}

/** Ids and names a `#fragment` can point at. */
function anchorsOf(text: string): Set<string> {
  return new Set([...text.matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => m[1] as string));
}

async function heading(page: Page): Promise<string> {
  return ((await page.locator('h1').first().textContent()) ?? '').trim();
}

describe('documentation site', () => {
  beforeAll(async () => {
    // Never skips: the global setup provides Chromium, or this fails with its one message.
    const executablePath = chromiumPath();
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const typedoc = join(root, 'node_modules', 'typedoc', 'bin', 'typedoc');
    try {
      await promisify(execFile)(process.execPath, [typedoc, '--out', out], {
        cwd: root,
        timeout: 150_000,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      throw new Error(
        `typedoc failed (same as npm run docs):\n${err.stdout ?? ''}\n${err.stderr ?? ''}\n${err.message}`,
      );
    }
    server = await serve(out);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
    rmSync(out, { recursive: true, force: true });
  });

  it('a reader follows the navigation to three guides and to the API entry of Vault.seal', async () => {
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.url().startsWith(base) && r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
    });
    const nav = page.locator('#tsd-nav-container');
    const follow = async (name: string, url: RegExp) => {
      // Click the link in the site navigation as a person would, and wait for the page to load.
      const link = nav.locator('a').filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) });
      await Promise.all([page.waitForURL(url, { waitUntil: 'load' }), link.first().click()]);
    };

    await page.goto(base);
    expect(await heading(page)).toContain('courier-pii');

    await follow('Getting started', /\/documents\/Getting_started\.html$/);
    expect(await heading(page)).toBe('Getting started');
    expect(await page.locator('.col-content').textContent()).toContain('npm install && npm run demo');

    await follow('Concepts', /\/documents\/Concepts\.html$/);
    expect(await heading(page)).toMatch(/^Concepts/);
    expect(await page.locator('.col-content').textContent()).toContain('level');

    await follow('Wire and storage formats', /\/documents\/Wire_and_storage_formats\.html$/);
    expect(await heading(page)).toBe('Wire and storage formats');
    expect(await page.locator('.col-content').textContent()).toContain('Length-prefixed encoding');

    // The guide links into the API reference: Getting started -> Vault.seal.
    await follow('Getting started', /\/documents\/Getting_started\.html$/);
    await Promise.all([
      page.waitForURL(/\/interfaces\/crypto\.Vault\.html#seal$/),
      page.locator('.col-content').getByRole('link', { name: 'Vault.seal', exact: true }).first().click(),
    ]);
    expect(await heading(page)).toMatch(/^Interface Vault/);
    const seal = page.locator('section.tsd-member').filter({ has: page.locator('[id="seal"]') });
    expect(await seal.count()).toBe(1);
    expect(await seal.locator('h3').first().textContent()).toContain('seal');
    expect(await seal.textContent()).toContain('seals every field at or above the seal level');

    // And through the module navigation: crypto -> Vault -> seal.
    await page.goto(base);
    await follow('crypto', /\/modules\/crypto\.html$/);
    expect(await heading(page)).toBe('Module crypto');
    await Promise.all([
      page.waitForURL(/\/interfaces\/crypto\.Vault\.html$/, { waitUntil: 'load' }),
      page.locator('.col-content').getByRole('link', { name: 'Vault', exact: true }).first().click(),
    ]);
    // The member index of the interface page lists seal under Methods.
    await page
      .locator('.col-content a[href$="#seal"]')
      .filter({ hasText: /^\s*seal\s*$/ })
      .first()
      .click();
    expect(new URL(page.url()).hash).toBe('#seal');
    expect(await page.locator('[id="seal"]').count()).toBe(1);

    expect(failures).toEqual([]);
    await page.close();
  }, 60_000);

  it('has no broken internal link: every target page answers 200 and every #anchor exists', async () => {
    // Every page the build wrote, not only those reachable from static links (the sidebar is built by script).
    const pages = htmlFiles(out).filter((f) => !f.startsWith('link-check-fixture/'));
    expect(pages.length).toBeGreaterThan(20);
    // The navigation tree the sidebar script renders, read as a browser does.
    const page = await browser.newPage();
    await page.goto(new URL('modules.html', base).href);
    await page.locator('#tsd-nav-container a').first().waitFor();
    const navHrefs = await page
      .locator('#tsd-nav-container a[href]')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    await page.close();
    expect(navHrefs.length).toBeGreaterThan(20);

    const { checked, broken } = await checkLinks(base, pages, navHrefs, REPOSITORY);
    expect(broken, `${broken.length} broken links`).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  }, 60_000);

  it('lists the guides in reading order, Getting started first, before the modules', async () => {
    // The titles, in the order typedoc.json lists the documents.
    const titles = typedocConfig.projectDocuments.map((f) => {
      const text = readFileSync(join(root, f), 'utf8');
      return /^---\ntitle: (.+)\n---\n/.exec(text)?.[1];
    });
    expect(
      titles.every((t) => t !== undefined),
      'every guide has a title',
    ).toBe(true);
    expect(titles[0]).toBe('Getting started');
    expect(titles.slice(0, 2)).toEqual(['Getting started', 'Concepts']);
    // Every guide in docs/ is on the site.
    const guides = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'));
    for (const g of guides) expect(typedocConfig.projectDocuments).toContain(`docs/${g}`);
    // The sidebar, as a reader sees it.
    const page = await browser.newPage();
    await page.goto(base);
    await page.locator('#tsd-nav-container a').first().waitFor();
    // Every entry of the sidebar in document order: the guides come first, then the modules.
    const nav = (await page.locator('#tsd-nav-container a').allTextContents()).map((t) => t.trim());
    await page.close();
    expect(nav.slice(0, titles.length)).toEqual(titles);
    expect(nav).toContain('crypto');
    expect(nav.indexOf('crypto')).toBeGreaterThan(titles.length - 1);
  }, 60_000);

  it('has one heading per page and readable link text everywhere', () => {
    const pages = htmlFiles(out).filter((f) => !f.startsWith('link-check-fixture/'));
    const problems: string[] = [];
    for (const rel of pages) {
      const html = readFileSync(join(out, rel), 'utf8');
      const h1 = html.match(/<h1[\s>]/g)?.length ?? 0;
      if (h1 !== 1) problems.push(`${rel}: ${h1} <h1> headings`);
      for (const m of html.matchAll(/<a\s[^>]*>([^<]*)<\/a>/g)) {
        const text = (m[1] as string).trim();
        // `module!name` is a link target written as TSDoc, not text for a reader.
        if (/^[\w./-]+![\w.#-]+$/.test(text)) problems.push(`${rel}: link text "${text}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('a headless capture of a guide, with the virtual-time budget, shows the whole sidebar', async () => {
    // The sidebar is drawn by the site's script; headlessCapture always gives the page time to run it.
    const url = new URL('documents/Getting_started.html', base).href;
    const dom = await headlessCapture(url, ['--dump-dom']);
    const sidebar = dom.slice(dom.indexOf('id="tsd-nav-container"'));
    expect(sidebar).toContain('Getting started');
    expect(sidebar).toContain('Wire and storage formats');
    expect(sidebar).not.toMatch(/^[^<]*Loading\.\.\./);
    const shot = join(out, 'getting-started.png');
    await headlessCapture(url, [`--screenshot=${shot}`]);
    expect(statSync(shot).size).toBeGreaterThan(50_000);
  }, 120_000);

  it('the link check itself reports a missing page, a missing anchor and a missing asset', async () => {
    const dir = join(out, 'link-check-fixture');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'a.html'),
      '<a href="b.html#there">ok</a> <a href="b.html#gone">anchor</a> <a href="c.html">page</a> <img src="x.svg"> <a href="https://example.org/">external</a>',
    );
    writeFileSync(join(dir, 'b.html'), '<h2 id="there">There</h2> <a href="a.html">back</a>');
    const fixtureBase = new URL('link-check-fixture/', base).href;
    const { checked, broken } = await checkLinks(fixtureBase, ['a.html', 'b.html'], [], REPOSITORY);
    expect(checked).toBe(5);
    expect(broken).toEqual([
      'a.html: https://example.org/ -> leaves the site for somewhere other than the repository',
      'a.html: b.html#gone -> no #gone on the page',
      'a.html: c.html -> HTTP 404',
      'a.html: x.svg -> HTTP 404',
    ]);
    // A bare file name that markdown turned into a web address is caught the same way.
    writeFileSync(
      join(dir, 'c.html'),
      `<a href="http://REGULATIONS.md">x</a> <a href="${REPOSITORY}/blob/main/LICENSE">ok</a>`,
    );
    const more = await checkLinks(fixtureBase, ['c.html'], [], REPOSITORY);
    expect(more.broken).toEqual([
      'c.html: http://REGULATIONS.md -> leaves the site for somewhere other than the repository',
    ]);
  });
});

/**
 * Fetches every page (paths relative to `base`), collects each href/src, plus `extra` absolute
 * URLs, and reports same-origin targets that do not answer 200 or lack the #anchor they point at,
 * and links elsewhere that do not point into `repository` (checked by prefix, offline).
 */
async function checkLinks(
  base: string,
  pages: string[],
  extra: string[],
  repository: string,
): Promise<{ checked: number; broken: string[] }> {
  const bodies = new Map<string, string>(); // url without hash -> body
  const fetchText = async (url: string): Promise<{ status: number; body: string }> => {
    const cached = bodies.get(url);
    if (cached !== undefined) return { status: 200, body: cached };
    const r = await fetch(url);
    const body = r.ok ? await r.text() : '';
    if (r.ok) bodies.set(url, body);
    return { status: r.status, body };
  };
  const origin = new URL(base).origin;
  const links: Array<{ from: string; href: string; target: URL }> = [];
  const broken: string[] = [];
  for (const rel of pages) {
    const url = new URL(rel, base).href;
    const { status, body } = await fetchText(url);
    if (status !== 200) broken.push(`${rel}: the page itself -> HTTP ${status}`);
    for (const m of body.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const href = (m[1] as string).replaceAll('&amp;', '&');
      if (href === '' || href === '#') continue; // the page itself
      const target = new URL(href, url);
      if (target.origin !== origin) {
        if (
          target.href !== repository &&
          !target.href.startsWith(`${repository}/`) &&
          !target.href.startsWith(`${repository}#`)
        ) {
          broken.push(`${rel}: ${href} -> leaves the site for somewhere other than the repository`);
        }
        continue;
      }
      links.push({ from: rel, href, target });
    }
  }
  for (const h of extra) links.push({ from: '(navigation)', href: h, target: new URL(h) });
  for (const { from, href, target } of links) {
    const hash = target.hash ? decodeURIComponent(target.hash.slice(1)) : '';
    target.hash = '';
    const { status, body } = await fetchText(target.href);
    if (status !== 200) broken.push(`${from}: ${href} -> HTTP ${status}`);
    else if (hash && !anchorsOf(body).has(hash)) broken.push(`${from}: ${href} -> no #${hash} on the page`);
  }
  return { checked: links.length, broken };
}

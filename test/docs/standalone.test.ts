// The documentation stands alone: no page, comment or script points at a file outside the
// repository, and every relative link in the Markdown (README, guides, examples page) resolves
// to a file in the repository, so the links work on GitHub, on the registry's page and, through
// typedoc, on the site (test/docs/site.test.ts checks the built site).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => ext.test(f) && !f.split(sep).includes('node_modules') && !f.startsWith(`api${sep}`))
    .map((f) => join(dir, f));
}

const markdown = [
  'README.md',
  'SECURITY.md',
  'examples/README.md',
  ...files('docs', /\.md$/),
  ...files('bench', /\.md$/),
];
const sources = [
  ...files('src', /\.ts$/),
  ...files('examples', /\.ts$/),
  ...files('scripts', /\.ts$/),
  ...files('bench', /\.ts$/),
  'tsup.config.ts',
  'rolldown.config.ts',
  'vitest.config.ts',
  'typedoc.json',
  'package.json',
  '.ci/run',
  '.ci/services.sh',
];

// Files that belong to the project's planning, not to the repository.
const OUTSIDE =
  /\bDESIGN\.md\b|\bREGULATIONS\.md\b|\bSTYLE\.md\b|\bTOOLCHAIN\.md\b|\.\.\/shared\b|\/work\/coord\b/;

describe('documentation that stands alone', () => {
  it('no page, comment or script refers to a file outside the repository', () => {
    const hits: string[] = [];
    for (const f of [...markdown, ...sources]) {
      readFileSync(join(root, f), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (OUTSIDE.test(line)) hits.push(`${f}:${i + 1}: ${line.trim().slice(0, 100)}`);
        });
    }
    expect(hits).toEqual([]);
    expect(markdown.length).toBeGreaterThan(15);
    expect(sources.length).toBeGreaterThan(100);
  });

  it('the check notices such a reference', () => {
    for (const line of ['see ../shared/REGULATIONS.md', '(DESIGN.md "audit")', 'per STYLE.md'])
      expect(OUTSIDE.test(line)).toBe(true);
    expect(OUTSIDE.test('docs/formats.md and docs/compliance-map.md')).toBe(false);
  });

  it('every relative Markdown link resolves to a file in the repository', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const f of markdown) {
      const text = readFileSync(join(root, f), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1] as string;
        if (/^(?:[a-z]+:|#)/i.test(target)) continue;
        checked++;
        const path = resolve(root, dirname(f), decodeURIComponent(target.split('#')[0] as string));
        const inside = !relative(root, path).startsWith('..');
        if (!inside || !existsSync(path)) broken.push(`${f}: ${target}`);
        else if (statSync(path).isDirectory()) broken.push(`${f}: ${target} is a folder`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it('absolute links go only to the repository named in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      homepage: string;
      repository: { url: string };
      bugs: { url: string };
    };
    const repo = 'https://github.com/courier-pii/courier-pii';
    expect(pkg.homepage.startsWith(repo)).toBe(true);
    expect(pkg.repository.url).toBe(`git+${repo}.git`);
    expect(pkg.bugs.url).toBe(`${repo}/issues`);
    const elsewhere: string[] = [];
    for (const f of ['README.md', ...files('docs', /\.md$/), 'examples/README.md']) {
      const text = readFileSync(join(root, f), 'utf8');
      for (const m of text.matchAll(/\]\((https?:\/\/[^)\s]+)\)/g)) {
        if (!(m[1] as string).startsWith(repo)) elsewhere.push(`${f}: ${m[1]}`);
      }
    }
    // Literature and standards are cited by name in the text; links stay inside the project.
    expect(elsewhere).toEqual([]);
  });
});

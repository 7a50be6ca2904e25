import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands.js';
import { run } from './helpers.js';

/** The lines of the help text's "Options:" section. */
function optionLines(help: string): string[] {
  const lines = help.split('\n');
  const at = lines.indexOf('Options:');
  expect(at, 'help has an Options: section').toBeGreaterThan(0);
  return lines.slice(at + 1).filter((l) => l.trim().length > 0);
}

describe('courier-pii --help', () => {
  it('lists every command with its summary and exits 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const c of commands) expect(r.stdout).toContain(`${c.name}  `.trimEnd());
    for (const c of commands) expect(r.stdout).toContain(c.summary);
  });

  it('prints the overview and exits 2 with no command, and names an unknown command', async () => {
    expect((await run()).code).toBe(2);
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });
});

describe.each(commands.map((c) => [c.name, c] as const))('courier-pii %s --help', (name, cmd) => {
  it('prints the help text and exits 0', async () => {
    const r = await run(...name.split(' '), '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${cmd.help}\n`);
    expect(r.stdout.startsWith(`Usage: courier-pii ${name}`)).toBe(true);
  });

  it('documents exactly the options the parser accepts, with their short forms', () => {
    const lines = optionLines(cmd.help);
    const documented = lines.map((l) => /--([a-z][a-z-]*)/.exec(l)?.[1]);
    expect(
      documented.every((d) => d !== undefined),
      'every Options line names one --option',
    ).toBe(true);
    expect([...documented].sort()).toEqual(Object.keys(cmd.options).sort());
    for (const [opt, spec] of Object.entries(cmd.options)) {
      const line = lines.find((l) => l.includes(`--${opt} `) || l.endsWith(`--${opt}`))!;
      if (spec.short) expect(line).toContain(`-${spec.short}, --${opt}`);
      else expect(line).not.toMatch(/^\s*-[a-zA-Z],/);
      if (spec.type === 'string') expect(line).toMatch(new RegExp(`--${opt} <[a-z-]+>`));
      else expect(line).not.toMatch(new RegExp(`--${opt} <`));
      expect(line.includes('(required')).toBe(cmd.required?.includes(opt) === true);
    }
  });

  it('mentions no option anywhere in the help that the parser would reject', () => {
    // A quoted command line (`courier-pii keygen --id <new-id>`) is held to that command's options.
    let rest = cmd.help;
    for (const m of cmd.help.matchAll(/`courier-pii ([^`]*)`/g)) {
      const other = commands
        .filter((c) => `${m[1]} `.startsWith(`${c.name} `))
        .sort((a, b) => b.name.length - a.name.length)[0];
      expect(other, m[0]).toBeDefined();
      for (const o of m[1]!.matchAll(/--([a-z][a-z-]*)/g))
        expect(Object.keys(other!.options)).toContain(o[1]);
      rest = rest.replace(m[0], '');
    }
    const all = [...rest.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]!);
    for (const o of all) expect(Object.keys(cmd.options), `--${o}`).toContain(o);
  });

  it('shows every required option in the usage line', () => {
    const usageLines = cmd.help.split('\n\n')[0]!;
    for (const o of cmd.required ?? []) expect(usageLines).toContain(`--${o} <`);
  });
});

describe('docs/cli.md', () => {
  const text = readFileSync(fileURLToPath(new URL('../../docs/cli.md', import.meta.url)), 'utf8');
  const examples = [...text.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1]!.replace(/\\\n\s*/g, ' ').split('\n'))
    .filter((l) => l.startsWith('courier-pii '));

  it('has a section for every command', () => {
    for (const c of commands) expect(text).toContain(`\`${c.name}`);
  });

  it('shows examples that the parsers accept, with every required option', () => {
    expect(examples.length).toBeGreaterThanOrEqual(commands.length);
    for (const line of examples) {
      const argv = line.split(/\s+/).slice(1);
      const cmd = commands
        .filter((c) => c.name.split(' ').every((w, i) => argv[i] === w))
        .sort((a, b) => b.name.length - a.name.length)[0];
      expect(cmd, line).toBeDefined();
      const rest = argv.slice(cmd!.name.split(' ').length);
      const { values } = parseArgs({
        args: rest,
        options: cmd!.options,
        allowPositionals: true,
        strict: true,
      });
      for (const o of cmd!.required ?? []) expect(values[o], `${line}: --${o}`).toBeDefined();
    }
  });
});

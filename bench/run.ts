// `npm run bench`: runs every bench/*.bench.ts (each exports `run(): Promise<BenchRow[]>`), each in
// its own process, and writes docs/performance.md. `npm run bench -- crypto` runs only matching files.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchRow, meets } from './lib.js';

const ROWS = '@@bench-rows ';

const here = new URL('.', import.meta.url).pathname;

// `run.ts --one <file>`: runs one bench file and prints its rows as JSON (the child side below).
if (process.argv[2] === '--one') {
  const f = process.argv[3]!;
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run: () => Promise<BenchRow[]> };
  const got = await mod.run();
  process.stdout.write(`${ROWS}${JSON.stringify(got)}\n`);
  process.exit(0);
}

const filter = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();

// Each bench file runs in a fresh process, so one file's heap (a store of 200,000 keys, a 1 MB
// corpus) never weighs on the next file's rows; within a file, ours and the peer still run in
// the same process, interleaved round by round.
const rows: BenchRow[] = [];
for (const f of files) {
  process.stdout.write(`running ${f} ...\n`);
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--one', f],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const line = out.split('\n').find((l) => l.startsWith(ROWS));
  if (!line) throw new Error(`${f} printed no rows`);
  for (const r of JSON.parse(line.slice(ROWS.length)) as BenchRow[]) {
    rows.push(r);
    process.stdout.write(`  ${fmtRow(r)}\n`);
  }
}

function fmt(n: number | undefined): string {
  if (n === undefined) return '';
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toPrecision(3);
}

function fmtRow(r: BenchRow): string {
  const ok = meets(r);
  return [
    r.group,
    r.name,
    `${fmt(r.opsPerSec)} ops/s`,
    r.peer ? `vs ${r.peer} ${fmt(r.peerOpsPerSec)} ops/s` : '',
    r.ratio !== undefined ? `ratio ${r.ratio.toFixed(2)}` : '',
    r.target ? `target ${r.target} ${ok ? 'met' : 'MISSED'}` : '',
  ]
    .filter(Boolean)
    .join(' | ');
}

if (filter.length === 0) {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '---',
    'title: Performance',
    '---',
    '',
    '# Performance',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand. Every ratio compares courier-pii with',
    'the named peer measured in the same process, interleaved round by round (median of rounds).',
    '',
    `Machine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}. Date: ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| area | measurement | courier-pii ops/s | peer | peer ops/s | ratio | target | met |',
    '|---|---|---:|---|---:|---:|---|---|',
    ...rows.map((r) => {
      const ok = meets(r);
      return `| ${r.group} | ${r.name}${r.note ? ` (${r.note})` : ''} | ${fmt(r.opsPerSec)} | ${r.peer ?? ''} | ${fmt(r.peerOpsPerSec)} | ${r.ratio !== undefined ? r.ratio.toFixed(2) : ''} | ${r.target ?? ''} | ${ok === undefined ? '' : ok ? 'yes' : '**no**'} |`;
    }),
    '',
    // hand-written reading of the table (what is missed and why), kept next to the benchmarks
    readFileSync(new URL('./notes.md', import.meta.url), 'utf8').trimEnd(),
    '',
  ];
  writeFileSync(new URL('../docs/performance.md', import.meta.url), lines.join('\n'));
  process.stdout.write('wrote docs/performance.md\n');
}

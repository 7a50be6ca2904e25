// `npm run bench`: runs every bench/*.bench.ts (each exports `run(): Promise<BenchRow[]>`) in this
// one process and writes docs/performance.md. `npm run bench -- crypto` runs only matching files.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BenchRow, meets } from './lib.js';

const here = new URL('.', import.meta.url).pathname;
const filter = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();

const rows: BenchRow[] = [];
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run: () => Promise<BenchRow[]> };
  process.stdout.write(`running ${f} ...\n`);
  const got = await mod.run();
  for (const r of got) {
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

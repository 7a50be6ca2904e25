// `npm run eval:detect`: precision, recall and F1 per kind of detect() on the labelled corpus
// test/fixtures/detect-corpus.jsonl (or a JSONL file given as the first argument, same format:
// {"text", "spans":[{start,end,kind}], "negatives":[{start,end,what}]}).
//
// Matching: identifiers (phone, landline, idNumber, passport, email, bankCard, geo, ip) must
// match the gold span exactly; names and addresses count when the spans overlap with
// intersection-over-union >= 0.5 (where an address or name ends is a labelling convention).
// A hard negative is hit when any finding overlaps it.
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detect } from '../src/mask/index.js';

export interface CorpusRecord {
  id: string;
  text: string;
  spans: { start: number; end: number; kind: string }[];
  negatives: { start: number; end: number; what: string }[];
}

export interface KindScore {
  kind: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalResult {
  records: number;
  kinds: KindScore[];
  negatives: number;
  negativeHits: { id: string; what: string; kind: string }[];
  errors: { id: string; kind: string; type: 'fp' | 'fn'; span: string }[];
}

const FUZZY = new Set(['name', 'address']);

function iou(a: { start: number; end: number }, b: { start: number; end: number }): number {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return union === 0 ? 0 : inter / union;
}

export function loadCorpus(path: string): CorpusRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusRecord);
}

export function evaluate(records: readonly CorpusRecord[]): EvalResult {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const c = (k: string) => {
    let v = counts.get(k);
    if (!v) {
      v = { tp: 0, fp: 0, fn: 0 };
      counts.set(k, v);
    }
    return v;
  };
  const negativeHits: EvalResult['negativeHits'] = [];
  const errors: EvalResult['errors'] = [];
  let negatives = 0;
  for (const r of records) {
    const found = detect(r.text);
    const used = new Set<number>();
    for (const g of r.spans) {
      const idx = found.findIndex(
        (f, i) =>
          !used.has(i) &&
          f.kind === g.kind &&
          (FUZZY.has(g.kind) ? iou(f, g) >= 0.5 : f.start === g.start && f.end === g.end),
      );
      if (idx === -1) {
        c(g.kind).fn++;
        errors.push({ id: r.id, kind: g.kind, type: 'fn', span: r.text.slice(g.start, g.end) });
      } else {
        used.add(idx);
        c(g.kind).tp++;
      }
    }
    found.forEach((f, i) => {
      if (used.has(i)) return;
      c(f.kind).fp++;
      errors.push({ id: r.id, kind: f.kind, type: 'fp', span: r.text.slice(f.start, f.end) });
    });
    for (const n of r.negatives) {
      negatives++;
      for (const f of found) {
        if (f.start < n.end && n.start < f.end) negativeHits.push({ id: r.id, what: n.what, kind: f.kind });
      }
    }
  }
  const kinds = [...counts.entries()]
    .map(([kind, v]) => {
      const precision = v.tp + v.fp === 0 ? 1 : v.tp / (v.tp + v.fp);
      const recall = v.tp + v.fn === 0 ? 1 : v.tp / (v.tp + v.fn);
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      return { kind, ...v, precision, recall, f1 };
    })
    .sort((a, b) => a.kind.localeCompare(b.kind));
  return { records: records.length, kinds, negatives, negativeHits, errors };
}

// Run main() when this file is the program (not when a test imports it). Real paths are compared,
// so a folder with spaces or a symlink in the path works.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const path =
    process.argv.slice(2).find((a) => !a.startsWith('--')) ??
    fileURLToPath(new URL('../test/fixtures/detect-corpus.jsonl', import.meta.url));
  const res = evaluate(loadCorpus(path));
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  process.stdout.write(`detect() on ${res.records} texts (${path})\n\n`);
  process.stdout.write('kind        gold  found   tp   fp   fn  precision  recall      F1\n');
  for (const k of res.kinds) {
    process.stdout.write(
      `${k.kind.padEnd(10)} ${String(k.tp + k.fn).padStart(5)} ${String(k.tp + k.fp).padStart(6)} ${String(k.tp).padStart(4)} ${String(k.fp).padStart(4)} ${String(k.fn).padStart(4)}    ${pct(k.precision)} ${pct(k.recall)} ${pct(k.f1)}\n`,
    );
  }
  process.stdout.write(`\nhard negatives: ${res.negatives}, hit: ${res.negativeHits.length}\n`);
  for (const h of res.negativeHits) process.stdout.write(`  HIT ${h.id}: ${h.what} reported as ${h.kind}\n`);
  if (process.argv.includes('--errors')) {
    for (const e of res.errors) process.stdout.write(`  ${e.type} ${e.id} ${e.kind}: ${e.span}\n`);
  }
}

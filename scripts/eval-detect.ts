// `npm run eval:detect`: precision, recall and F1 per kind of detect() on a labelled corpus.
//
//   npm run eval:detect                      held-out split of test/fixtures/detect-corpus-v2.jsonl
//   npm run eval:detect -- --split tune      the tuning split (or --split all)
//   npm run eval:detect -- --subset romanized    one subset only
//   npm run eval:detect -- --check           exit 1 when a target (TARGETS below) is missed
//   npm run eval:detect -- --errors          list every miss, false finding and hard-negative hit
//   npm run eval:detect -- test/fixtures/detect-corpus.jsonl --strict
//                                            the first corpus with its original matching rules
//
// Records are JSON lines {id, text, spans:[{start,end,kind}], negatives:[{start,end,what}]} with,
// in the v2 corpus, also subset, split and ignore:[{start,end,what}]. A file without splits is
// read whole.
//
// Matching (docs/masking.md, "Evaluation"):
// - identifiers (every kind but name and address) match when finding and gold span are equal
//   once characters that are neither letters nor digits are trimmed from both ends (brackets,
//   quotes, '+', spaces, invisible characters); a phone also matches without its country code
//   (+86, 0086, 86). Every significant character must be covered and no other one included.
// - names and addresses match with intersection-over-union >= 0.5 (where a name or an address
//   ends is a labelling convention); further findings of the same kind wholly inside a matched
//   gold span are fragments of it and not counted.
// - a finding that matches nothing and overlaps a don't-care region (`ignore`: 王先生, a station
//   name, a region field) is not counted.
// - hard-negative hits: any counted finding in a text of the hard-negative subset, and any
//   finding that overlaps a marked negative (waybill, order, hotline …) in any text.
// `--strict` restores the first corpus's rules: exact spans for identifiers, no fragments.
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detect } from '../src/mask/index.js';

export interface CorpusRecord {
  id: string;
  text: string;
  spans: { start: number; end: number; kind: string }[];
  negatives: { start: number; end: number; what: string }[];
  /** v2 corpus: which kind of text (plain, structured-log, template, romanized, evasion, hard-negative). */
  subset?: string;
  /** v2 corpus: `tune` (may be looked at while changing detectors) or `heldout` (may not). */
  split?: 'tune' | 'heldout';
  /** v2 corpus: don't-care regions. */
  ignore?: { start: number; end: number; what: string }[];
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
  /** Scores per subset (records without a subset are under `-`). */
  subsets: Record<string, { records: number; kinds: KindScore[] }>;
}

export interface EvaluateOptions {
  /** The detector to score (default: detect from courier-pii/mask). */
  detect?: (text: string) => readonly { kind: string; start: number; end: number }[];
  /** `strict`: the first corpus's rules (exact identifier spans, no fragments). */
  matching?: 'lenient' | 'strict';
}

const FUZZY = new Set(['name', 'address']);
type Range = { start: number; end: number };

function iou(a: Range, b: Range): number {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return union === 0 ? 0 : inter / union;
}
const overlaps = (a: Range, b: Range): boolean => a.start < b.end && b.start < a.end;
const inside = (a: Range, b: Range): boolean => a.start >= b.start && a.end <= b.end;
const trimInsignificant = (s: string): string => s.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
const withoutCountryCode = (s: string): string =>
  s.replace(/^[^\p{L}\p{N}]*(?:00)?86[^\p{L}\p{N}]+|^0086|^86(?=1)/u, '');

/** Whether finding f matches gold g (same kind assumed). */
export function spansMatch(
  text: string,
  kind: string,
  f: Range,
  g: Range,
  matching: 'lenient' | 'strict' = 'lenient',
): boolean {
  if (FUZZY.has(kind)) return iou(f, g) >= 0.5;
  if (f.start === g.start && f.end === g.end) return true;
  if (matching === 'strict') return false;
  const found = trimInsignificant(text.slice(f.start, f.end));
  const gold = trimInsignificant(text.slice(g.start, g.end));
  if (found === gold) return true;
  return kind === 'phone' && found === trimInsignificant(withoutCountryCode(gold));
}

export function loadCorpus(path: string): CorpusRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusRecord);
}

type Counts = Map<string, { tp: number; fp: number; fn: number }>;
function bump(m: Counts, k: string, field: 'tp' | 'fp' | 'fn'): void {
  let v = m.get(k);
  if (!v) {
    v = { tp: 0, fp: 0, fn: 0 };
    m.set(k, v);
  }
  v[field]++;
}
function scores(m: Counts): KindScore[] {
  return [...m.entries()]
    .map(([kind, v]) => {
      const precision = v.tp + v.fp === 0 ? 1 : v.tp / (v.tp + v.fp);
      const recall = v.tp + v.fn === 0 ? 1 : v.tp / (v.tp + v.fn);
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      return { kind, ...v, precision, recall, f1 };
    })
    .sort((a, b) => a.kind.localeCompare(b.kind));
}

/** Scores a detector on labelled records (see the matching rules at the top of this file). */
export function evaluate(records: readonly CorpusRecord[], opts: EvaluateOptions = {}): EvalResult {
  const run = opts.detect ?? detect;
  const matching = opts.matching ?? 'lenient';
  const all: Counts = new Map();
  const bySubset = new Map<string, { records: number; counts: Counts }>();
  const negativeHits: EvalResult['negativeHits'] = [];
  const errors: EvalResult['errors'] = [];
  let negatives = 0;
  for (const r of records) {
    const sub = r.subset ?? '-';
    let s = bySubset.get(sub);
    if (!s) {
      s = { records: 0, counts: new Map() };
      bySubset.set(sub, s);
    }
    s.records++;
    const count = (k: string, field: 'tp' | 'fp' | 'fn') => {
      bump(all, k, field);
      bump(s.counts, k, field);
    };
    const found = run(r.text);
    const used = new Set<number>();
    const matched: { kind: string; range: Range }[] = [];
    for (const g of r.spans) {
      const idx = found.findIndex(
        (f, i) => !used.has(i) && f.kind === g.kind && spansMatch(r.text, g.kind, f, g, matching),
      );
      if (idx === -1) {
        count(g.kind, 'fn');
        errors.push({ id: r.id, kind: g.kind, type: 'fn', span: r.text.slice(g.start, g.end) });
      } else {
        used.add(idx);
        matched.push({ kind: g.kind, range: g });
        count(g.kind, 'tp');
      }
    }
    const ignore = r.ignore ?? [];
    const hit = new Set<number>();
    found.forEach((f, i) => {
      if (used.has(i)) return;
      if (
        matching === 'lenient' &&
        FUZZY.has(f.kind) &&
        matched.some((m) => m.kind === f.kind && inside(f, m.range))
      )
        return;
      if (ignore.some((x) => overlaps(f, x))) return;
      count(f.kind, 'fp');
      errors.push({ id: r.id, kind: f.kind, type: 'fp', span: r.text.slice(f.start, f.end) });
      if (r.subset === 'hard-negative' && !r.negatives.some((n) => overlaps(f, n))) {
        hit.add(i);
        negativeHits.push({ id: r.id, what: 'hard-negative text', kind: f.kind });
      }
    });
    for (const n of r.negatives) {
      negatives++;
      found.forEach((f, i) => {
        if (overlaps(f, n) && !hit.has(i)) {
          hit.add(i);
          negativeHits.push({ id: r.id, what: n.what, kind: f.kind });
        }
      });
    }
  }
  const subsets: EvalResult['subsets'] = {};
  for (const [k, v] of [...bySubset.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    subsets[k] = { records: v.records, kinds: scores(v.counts) };
  }
  return { records: records.length, kinds: scores(all), negatives, negativeHits, errors, subsets };
}

/** The targets `--check` holds the held-out split to. */
export const TARGETS: readonly { kinds: readonly string[]; subset?: string; minF1: number }[] = [
  { kinds: ['phone', 'idNumber', 'landline', 'email', 'bankCard'], minF1: 0.97 },
  { kinds: ['name'], minF1: 0.92 },
  { kinds: ['name'], subset: 'structured-log', minF1: 0.92 },
  { kinds: ['name'], subset: 'romanized', minF1: 0.92 },
  { kinds: ['address'], minF1: 0.95 },
];

/** Every target a result misses (empty when all are met); zero hard-negative hits is a target too. */
export function missedTargets(res: EvalResult): string[] {
  const missed: string[] = [];
  for (const t of TARGETS) {
    const kinds = t.subset === undefined ? res.kinds : (res.subsets[t.subset]?.kinds ?? []);
    if (t.subset !== undefined && !res.subsets[t.subset]) {
      missed.push(`subset ${t.subset}: not in the evaluated records`);
      continue;
    }
    for (const k of t.kinds) {
      const f1 = kinds.find((x) => x.kind === k)?.f1 ?? 1;
      if (f1 < t.minF1)
        missed.push(`${k}${t.subset ? ` (${t.subset})` : ''}: F1 ${f1.toFixed(3)} < ${t.minF1}`);
    }
  }
  if (res.negativeHits.length > 0) missed.push(`hard negatives: ${res.negativeHits.length} hit(s), target 0`);
  return missed;
}

/** Selects the records of a split (records without a split belong to every split). */
export function selectSplit(
  records: readonly CorpusRecord[],
  split: 'tune' | 'heldout' | 'all',
): CorpusRecord[] {
  return split === 'all' ? [...records] : records.filter((r) => r.split === undefined || r.split === split);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
function table(kinds: readonly KindScore[]): string {
  const head = 'kind        gold  found   tp   fp   fn  precision  recall      F1\n';
  return (
    head +
    kinds
      .map(
        (k) =>
          `${k.kind.padEnd(10)} ${String(k.tp + k.fn).padStart(5)} ${String(k.tp + k.fp).padStart(6)} ${String(k.tp).padStart(4)} ${String(k.fp).padStart(4)} ${String(k.fn).padStart(4)}    ${pct(k.precision)} ${pct(k.recall)} ${pct(k.f1)}\n`,
      )
      .join('')
  );
}

function main(argv: string[]): number {
  const flag = (name: string) => argv.includes(name);
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const valued = new Set(['--split', '--subset']);
  const positional = argv.filter((a, i) => !a.startsWith('--') && !valued.has(argv[i - 1] ?? ''));
  const path = positional[0] ?? new URL('../test/fixtures/detect-corpus-v2.jsonl', import.meta.url).pathname;
  const split = (value('--split') ?? 'heldout') as 'tune' | 'heldout' | 'all';
  if (!['tune', 'heldout', 'all'].includes(split)) {
    process.stderr.write('--split must be tune, heldout or all\n');
    return 2;
  }
  const corpus = loadCorpus(path);
  const hasSplits = corpus.some((r) => r.split !== undefined);
  let records = selectSplit(corpus, split);
  const subset = value('--subset');
  if (subset) records = records.filter((r) => r.subset === subset);
  const res = evaluate(records, { matching: flag('--strict') ? 'strict' : 'lenient' });
  const out = (s: string) => process.stdout.write(s);
  const part = hasSplits
    ? `${split === 'all' ? 'all' : `the ${split}`} split`
    : 'all (no splits in this file)';
  out(`detect() on ${res.records} texts, ${part}${subset ? `, subset ${subset}` : ''} (${path})\n`);
  out(
    `matching: ${flag('--strict') ? 'strict (exact identifier spans)' : 'identifiers exact up to edge punctuation, names/addresses IoU >= 0.5'}\n\n`,
  );
  out(table(res.kinds));
  const names = Object.keys(res.subsets);
  if (names.length > 1 || names[0] !== '-') {
    for (const s of ['structured-log', 'romanized']) {
      const sub = res.subsets[s];
      if (sub) out(`\nsubset ${s} (${sub.records} texts)\n${table(sub.kinds)}`);
    }
    const kinds = [...new Set(res.kinds.map((k) => k.kind))];
    out(`\nF1 by subset\n${'subset'.padEnd(16)}${kinds.map((k) => k.padStart(11)).join('')}\n`);
    for (const [s, sub] of Object.entries(res.subsets)) {
      const cell = (k: string) => {
        const x = sub.kinds.find((y) => y.kind === k);
        return (x ? (x.tp + x.fn + x.fp === 0 ? '' : x.f1.toFixed(3)) : '').padStart(11);
      };
      out(`${`${s} (${sub.records})`.padEnd(16)}${kinds.map(cell).join('')}\n`);
    }
  }
  out(`\nhard negatives: ${res.negatives} marked spans, hits: ${res.negativeHits.length}\n`);
  for (const h of res.negativeHits) out(`  HIT ${h.id}: ${h.what} reported as ${h.kind}\n`);
  if (flag('--errors'))
    for (const e of res.errors) out(`  ${e.type} ${e.id} ${e.kind}: ${JSON.stringify(e.span)}\n`);
  if (flag('--check')) {
    if (hasSplits && split !== 'heldout') out('\nnote: --check targets are meant for the held-out split\n');
    const missed = missedTargets(res);
    out(
      missed.length === 0
        ? '\nall targets met\n'
        : `\ntargets missed:\n${missed.map((m) => `  ${m}\n`).join('')}`,
    );
    return missed.length === 0 ? 0 : 1;
  }
  return 0;
}

// Run when this file is the program; real paths compared (spaces, symlinks).
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2));
